//! The `summary` of SPEC §7: one JSON object (or text) with the headline, industries,
//! groups, enterprise counts and the narrative. Unknown values are null, never invented.

use serde::Serialize;

use super::format::one_decimal;
use super::narrative;
use crate::analysis::{Headline, PeriodAnalysis, round1};
use crate::model::{Lang, Snapshot};

/// A region as the summary names it.
#[derive(Debug, Clone, Serialize)]
pub struct RegionRef {
    /// GB/T 2260 code.
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
}

/// A label in both languages.
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

/// One industry's figures.
#[derive(Debug, Clone, Serialize)]
pub struct IndustryRow {
    /// Industry code ("other" for the remainder).
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Share of the whole's level, %.
    pub share_pct: Option<f64>,
    /// Growth, % (published where available).
    pub growth_pct: Option<f64>,
    /// Pull on the whole's growth, percentage points.
    pub pull_pp: Option<f64>,
    /// Contribution rate, %.
    pub contribution_pct: Option<f64>,
}

/// One group's figures.
#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    /// Group code.
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Growth, %.
    pub growth_pct: Option<f64>,
    /// True when the growth is published rather than computed from levels.
    pub published: bool,
    /// Share of the whole, %.
    pub share_pct: Option<f64>,
    /// Pull on the whole's growth, percentage points.
    pub pull_pp: Option<f64>,
}

/// The register block.
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseBlock {
    /// Enterprises in the register.
    pub total: usize,
    /// Under key support.
    pub key_support: usize,
    /// In emerging industries.
    pub emerging: usize,
    /// Emerging enterprises within the leading industries.
    pub emerging_in_leading: Option<usize>,
    /// 专精特新.
    pub srdi: usize,
    /// Requests raised this year up to the period's end and not resolved by then.
    pub requests_open: usize,
    /// Requests raised this year up to the period's end and resolved by then.
    pub requests_resolved: usize,
    /// Financing signed this year up to the period's end, 万元.
    pub financing_amount_10k_yuan: f64,
}

/// The whole summary.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The region.
    pub region: RegionRef,
    /// The period code, e.g. 2023-04.
    pub period: String,
    /// The period's label on the headline's basis.
    pub period_label: Labels,
    /// The headline (null when the region has no figure for the period).
    pub headline: Option<Headline>,
    /// Industries and "other".
    pub industries: Vec<IndustryRow>,
    /// Industry groups.
    pub groups: Vec<GroupRow>,
    /// The register (null when the dataset has none).
    pub enterprises: Option<EnterpriseBlock>,
    /// The narrative paragraphs joined by newlines.
    pub narrative: String,
}

fn r1(x: Option<f64>) -> Option<f64> {
    x.map(round1)
}

/// Builds the summary.
pub fn summary(snap: &Snapshot, a: &PeriodAnalysis, lang: Lang) -> Summary {
    let region = &snap.context.region;
    let industries = a
        .structure
        .as_ref()
        .map(|s| {
            s.all_parts()
                .map(|p| {
                    let (zh, en) = match snap.catalogue.industry(&p.code) {
                        Some(i) => (i.name_zh.clone(), i.name_en.clone()),
                        None => ("其他".to_string(), "Other".to_string()),
                    };
                    IndustryRow {
                        code: p.code.clone(),
                        name_zh: zh,
                        name_en: en,
                        share_pct: r1(p.share_pct),
                        growth_pct: r1(p.growth_pct),
                        pull_pp: r1(p.pull_pp),
                        contribution_pct: r1(p.contribution_pct),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let groups = a
        .groups
        .iter()
        .filter_map(|g| {
            let def = snap.catalogue.group(&g.code)?;
            Some(GroupRow {
                code: g.code.clone(),
                name_zh: def.name_zh.clone(),
                name_en: def.name_en.clone(),
                growth_pct: r1(g.growth_pct),
                published: g.published,
                share_pct: r1(g.share_pct),
                pull_pp: r1(g.pull_pp),
            })
        })
        .collect();
    let r = &a.register;
    let enterprises = (r.total > 0).then(|| EnterpriseBlock {
        total: r.total,
        key_support: r.key_support,
        emerging: r.emerging,
        emerging_in_leading: a.emerging_in_leading.as_ref().map(|e| e.count),
        srdi: r.srdi,
        requests_open: r.requests_open,
        requests_resolved: r.requests_resolved,
        financing_amount_10k_yuan: r.financing_amount_10k_yuan,
    });
    Summary {
        region: RegionRef {
            code: region.code.clone(),
            name_zh: region.name_zh.clone(),
            name_en: region.name_en.clone(),
        },
        period: a.period.code(),
        period_label: Labels {
            zh: a.period.label(a.basis, Lang::Zh),
            en: a.period.label(a.basis, Lang::En),
        },
        headline: a.headline.clone(),
        industries,
        groups,
        enterprises,
        narrative: narrative::paragraphs(snap, a, lang).join("\n"),
    }
}

/// The key figures as text lines (after the narrative in `summary` without --json).
pub fn key_figures_text(s: &Summary, lang: Lang) -> String {
    let mut out = String::new();
    let na = lang.pick("—", "n/a");
    let opt = |x: Option<f64>| x.map(one_decimal).unwrap_or_else(|| na.to_string());
    let title = match lang {
        Lang::Zh => format!(
            "【主要指标】{} {}",
            s.region.name_zh,
            snap_period_label(s, lang)
        ),
        Lang::En => format!(
            "Key figures: {} {}",
            s.region.name_en,
            snap_period_label(s, lang)
        ),
    };
    out.push_str(&title);
    out.push('\n');
    if let Some(h) = &s.headline {
        let rows: [(&str, &str, String); 7] = [
            ("增速（%）", "growth (%)", one_decimal(h.value)),
            (
                "与上级地区差距（个百分点）",
                "vs parent region (pp)",
                opt(h.vs_parent_pp),
            ),
            (
                "与全国差距（个百分点）",
                "vs nation (pp)",
                opt(h.vs_nation_pp),
            ),
            (
                "排名",
                "rank",
                match (h.rank, h.rank_of) {
                    (Some(r), Some(n)) => format!("{r}/{n}"),
                    _ => na.to_string(),
                },
            ),
            (
                "排名变化（正数为前移）",
                "rank change (+ = up)",
                h.rank_change
                    .map(|c| {
                        if c == 0 {
                            "0".to_string()
                        } else {
                            format!("{c:+}")
                        }
                    })
                    .unwrap_or_else(|| na.to_string()),
            ),
            (
                "连续期数（位次不低于本期）",
                "streak (periods at this rank or better)",
                h.rank_streak
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| na.to_string()),
            ),
            (
                "两年平均增速（%）",
                "two-year average growth (%)",
                opt(h.two_year_avg_pct),
            ),
        ];
        for (zh, en, v) in rows {
            out.push_str(&format!("  {}: {v}\n", lang.pick(zh, en)));
        }
    } else {
        out.push_str(lang.pick("  本期无增速数据\n", "  no growth figure for this period\n"));
    }
    for g in &s.groups {
        if let Some(v) = g.growth_pct {
            out.push_str(&format!(
                "  {}: {}%\n",
                lang.pick(&g.name_zh, &g.name_en),
                one_decimal(v)
            ));
        }
    }
    if !s.industries.is_empty() {
        out.push_str(lang.pick(
            "  行业（占比% / 增速% / 拉动个百分点 / 贡献率%）:\n",
            "  industries (share % / growth % / pull pp / contribution %):\n",
        ));
        for i in &s.industries {
            out.push_str(&format!(
                "    {}: {} / {} / {} / {}\n",
                lang.pick(&i.name_zh, &i.name_en),
                opt(i.share_pct),
                opt(i.growth_pct),
                opt(i.pull_pp),
                opt(i.contribution_pct)
            ));
        }
    }
    if let Some(e) = &s.enterprises {
        out.push_str(&match lang {
            Lang::Zh => format!(
                "  企业: 在册{}户，重点帮扶{}户，新兴产业{}户，专精特新{}户；诉求未解决{}件、已解决{}件；融资签约{}\n",
                e.total,
                e.key_support,
                e.emerging,
                e.srdi,
                e.requests_open,
                e.requests_resolved,
                super::format::amount_10k_yuan(e.financing_amount_10k_yuan, lang)
            ),
            Lang::En => format!(
                "  enterprises: {} registered, {} key support, {} emerging, {} SRDI; requests {} open, {} resolved; financing {}\n",
                e.total,
                e.key_support,
                e.emerging,
                e.srdi,
                e.requests_open,
                e.requests_resolved,
                super::format::amount_10k_yuan(e.financing_amount_10k_yuan, lang)
            ),
        });
    }
    out
}

fn snap_period_label(s: &Summary, lang: Lang) -> String {
    let year = s.period.get(..4).unwrap_or("");
    match lang {
        Lang::Zh => format!("{year}年{}", s.period_label.zh),
        Lang::En => format!("{} {year}", s.period_label.en),
    }
}
