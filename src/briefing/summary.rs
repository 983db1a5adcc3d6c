//! The `summary` of SPEC §7: one JSON object (or text) with the headline, industries,
//! groups, enterprise counts and the narrative. Unknown values are null, never invented.

use serde::Serialize;

use super::document::{group_illustrative, growth_illustrative, illustrative_industries};
use super::format::one_decimal;
use super::narrative;
use super::returns::BriefingReturns;
use crate::analysis::{Headline, PeriodAnalysis, round1};
use crate::model::{Lang, Period, Snapshot};

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
    /// Growth, %: the stored rate where there is one, else from levels.
    pub growth_pct: Option<f64>,
    /// Pull on the whole's growth, percentage points.
    pub pull_pp: Option<f64>,
    /// Contribution rate, %.
    pub contribution_pct: Option<f64>,
    /// True when a figure of the row rests on illustrative (unpublished) data: the
    /// industry's own level or rate, or the whole's level behind its share, pull and
    /// contribution ("other", the whole less the industries, rests on all of them).
    pub illustrative: bool,
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
    /// True when the growth is a rate stored in the dataset (published or illustrative, as
    /// `illustrative` says) rather than computed from the members' levels.
    pub rate_stored: bool,
    /// Share of the whole, %.
    pub share_pct: Option<f64>,
    /// Pull on the whole's growth, percentage points.
    pub pull_pp: Option<f64>,
    /// True when the growth rests on illustrative data (its stored rate, or without one
    /// the members' figures): the only mark the printed growth line carries.
    pub growth_illustrative: bool,
    /// True when the members' or the whole's levels behind the share and the pull are
    /// illustrative.
    pub levels_illustrative: bool,
    /// Either of the two, for a reader that wants one flag.
    pub illustrative: bool,
}

/// A figure the headline prints or compares with, for saying which are illustrative
/// (in JSON: `own`, `parent`, `nation`, `year_before`, `peers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadlineFigure {
    /// The region's own rate.
    Own,
    /// The parent region's rate (behind the gap to it).
    Parent,
    /// The nation's rate (behind the gap to it).
    Nation,
    /// The region's rate a year earlier (behind the two-year average).
    YearBefore,
    /// The peers' rates this period and earlier in the year (behind the rank, its change
    /// and its streak).
    Peers,
}

impl HeadlineFigure {
    /// The figure's name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            HeadlineFigure::Own => lang.pick("本地区增速", "the region's rate"),
            HeadlineFigure::Parent => lang.pick("上级地区增速", "the parent region's rate"),
            HeadlineFigure::Nation => lang.pick("全国增速", "the nation's rate"),
            HeadlineFigure::YearBefore => lang.pick("上年同期增速", "last year's rate"),
            HeadlineFigure::Peers => lang.pick("参与排名地区的增速", "the ranked regions' rates"),
        }
    }
}

/// The headline with its mark (the headline's own fields at the top level of the JSON).
#[derive(Debug, Clone, Serialize)]
pub struct HeadlineRow {
    /// The headline figures.
    #[serde(flatten)]
    pub figures: Headline,
    /// True when the headline rests on illustrative (unpublished) data: its value, or a
    /// figure it is compared with and prints the comparison of — the parent's or the
    /// nation's rate behind a gap, last year's rate behind the two-year average, a peer's
    /// rate (this period or earlier in the year) behind the rank, its change and streak.
    pub illustrative: bool,
    /// Which of those figures are illustrative, in the order of [`HeadlineFigure`].
    pub illustrative_figures: Vec<HeadlineFigure>,
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

/// The returns block (`"returns"`): SPEC §9's top-level fields of `enterprises --json` for
/// output (工业总产值, current prices), without the enterprises, rates to one decimal as the
/// rest of the summary; and whether the returns are illustrative.
#[derive(Debug, Clone, Serialize)]
pub struct ReturnsBlock {
    /// The period code, e.g. 2023-04.
    pub period: String,
    /// The indicator's code: output.
    pub indicator: String,
    /// Enterprises with a return.
    pub reporting: usize,
    /// Of those, comparable.
    pub comparable: usize,
    /// 规上 enterprises without a return.
    pub missing: usize,
    /// Aggregate growth of the comparable enterprises, % (current prices).
    pub growth_pct: Option<f64>,
    /// Comparable enterprises with growth below 0, stopped ones included.
    pub declining: usize,
    /// 减产面: declining ÷ comparable × 100.
    pub decline_share_pct: Option<f64>,
    /// Stopped enterprises.
    pub stopped: usize,
    /// True when a source of the returns is illustrative (not published).
    pub illustrative: bool,
}

impl ReturnsBlock {
    /// The block of a briefing's returns.
    pub fn new(r: &BriefingReturns) -> ReturnsBlock {
        let s = &r.stats;
        ReturnsBlock {
            period: s.period.code(),
            indicator: s.indicator.code().to_string(),
            reporting: s.reporting,
            comparable: s.comparable,
            missing: s.missing,
            growth_pct: r1(s.growth_pct),
            declining: s.declining,
            decline_share_pct: r1(s.decline_share_pct),
            stopped: s.stopped,
            illustrative: r.illustrative(),
        }
    }
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
    pub headline: Option<HeadlineRow>,
    /// Industries and "other".
    pub industries: Vec<IndustryRow>,
    /// Industry groups.
    pub groups: Vec<GroupRow>,
    /// The register (null when the dataset has none).
    pub enterprises: Option<EnterpriseBlock>,
    /// The enterprises' returns for output in the period (null when none reported, or the
    /// region is not the dataset's home region).
    pub returns: Option<ReturnsBlock>,
    /// The region's annual targets of the period's year and their progress (SPEC §11),
    /// percentages and points to one decimal.
    pub targets: Vec<crate::analysis::targets::TargetProgress>,
    /// Every indicator the region holds a year-to-date figure for at the period (SPEC §11).
    pub indicators: Vec<crate::analysis::indicators::IndicatorRow>,
    /// The narrative paragraphs joined by newlines.
    pub narrative: String,
}

fn r1(x: Option<f64>) -> Option<f64> {
    x.map(round1)
}

impl std::ops::Deref for HeadlineRow {
    type Target = Headline;

    /// The headline figures, so that `row.value`, `row.rank` … read as before.
    fn deref(&self) -> &Headline {
        &self.figures
    }
}

/// The figures behind the headline that are illustrative (see [`HeadlineRow`]).
pub fn headline_illustrative(snap: &Snapshot, a: &PeriodAnalysis) -> Vec<HeadlineFigure> {
    let Some(h) = &a.headline else {
        return Vec::new();
    };
    let ctx = &snap.context;
    let ill = |code: &str, p: Period| growth_illustrative(snap, code, a.basis, p);
    let own = ctx.region.code.as_str();
    let peers_ill = || {
        Period::all_in_year(a.period.year())
            .filter(|p| *p <= a.period)
            .any(|p| ctx.peers.iter().any(|c| c != own && ill(c, p)))
    };
    [
        (HeadlineFigure::Own, ill(own, a.period)),
        (
            HeadlineFigure::Parent,
            h.vs_parent_pp.is_some() && ctx.parent.as_ref().is_some_and(|r| ill(&r.code, a.period)),
        ),
        (
            HeadlineFigure::Nation,
            h.vs_nation_pp.is_some() && ctx.nation.as_ref().is_some_and(|r| ill(&r.code, a.period)),
        ),
        (
            HeadlineFigure::YearBefore,
            h.two_year_avg_pct.is_some() && a.period.year_before().is_some_and(|p| ill(own, p)),
        ),
        (HeadlineFigure::Peers, h.rank.is_some() && peers_ill()),
    ]
    .into_iter()
    .filter_map(|(f, is)| is.then_some(f))
    .collect()
}

/// Builds the summary, without returns (see [`summary_with`]).
pub fn summary(snap: &Snapshot, a: &PeriodAnalysis, lang: Lang) -> Summary {
    summary_with(snap, a, None, lang)
}

/// Builds the summary with the returns of the period (the caller reads them: see
/// [`super::returns::load`]): the `"returns"` block and the narrative's section
/// 重点企业运行.
pub fn summary_with(
    snap: &Snapshot,
    a: &PeriodAnalysis,
    returns: Option<&BriefingReturns>,
    lang: Lang,
) -> Summary {
    let extras = super::document::Extras {
        returns,
        ..Default::default()
    };
    summary_full(snap, a, extras, lang)
}

/// Builds the summary with what the caller read from the dataset (see
/// [`super::document::Extras`]): the `"returns"` block, and the narrative's sections
/// 重点企业运行 and 包联考核, as the briefing has them.
pub fn summary_full(
    snap: &Snapshot,
    a: &PeriodAnalysis,
    extras: super::document::Extras<'_>,
    lang: Lang,
) -> Summary {
    let returns = extras.returns.filter(|r| r.stats.reporting > 0);
    let region = &snap.context.region;
    let industries = a
        .structure
        .as_ref()
        .map(|s| {
            let (ill_parts, ill_whole) = illustrative_industries(snap, &s.indicator, a.period);
            s.all_parts()
                .map(|p| {
                    let (zh, en, own) = match snap.catalogue.industry(&p.code) {
                        Some(i) => (
                            i.name_zh.clone(),
                            i.name_en.clone(),
                            ill_parts.contains(&p.code),
                        ),
                        // "Other" is the whole less the industries: it rests on all of them.
                        None => (
                            "其他".to_string(),
                            "Other".to_string(),
                            ill_whole || !ill_parts.is_empty(),
                        ),
                    };
                    let on_whole = p.share_pct.is_some()
                        || p.pull_pp.is_some()
                        || p.contribution_pct.is_some();
                    IndustryRow {
                        code: p.code.clone(),
                        name_zh: zh,
                        name_en: en,
                        share_pct: r1(p.share_pct),
                        growth_pct: r1(p.growth_pct),
                        pull_pp: r1(p.pull_pp),
                        contribution_pct: r1(p.contribution_pct),
                        illustrative: own || (ill_whole && on_whole),
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
            let growth_illustrative =
                g.growth_pct.is_some() && group_illustrative(snap, a, &g.code);
            let levels_illustrative = (g.share_pct.is_some() || g.pull_pp.is_some())
                && super::document::group_levels_illustrative(snap, a, &g.code);
            Some(GroupRow {
                code: g.code.clone(),
                name_zh: def.name_zh.clone(),
                name_en: def.name_en.clone(),
                growth_pct: r1(g.growth_pct),
                rate_stored: g.rate_stored,
                share_pct: r1(g.share_pct),
                pull_pp: r1(g.pull_pp),
                growth_illustrative,
                levels_illustrative,
                illustrative: growth_illustrative || levels_illustrative,
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
        headline: a.headline.clone().map(|figures| {
            let illustrative_figures = headline_illustrative(snap, a);
            HeadlineRow {
                figures,
                illustrative: !illustrative_figures.is_empty(),
                illustrative_figures,
            }
        }),
        industries,
        groups,
        enterprises,
        returns: returns.map(ReturnsBlock::new),
        targets: super::targets::progress_of(snap, a.period, extras.targets)
            .iter()
            .map(super::targets::rounded)
            .collect(),
        indicators: super::targets::rows(snap, a.period, extras.targets)
            .iter()
            .map(super::targets::rounded_row)
            .collect(),
        narrative: narrative::paragraphs_full(snap, a, extras, lang).join("\n"),
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
    if let Some(row) = &s.headline {
        out.push_str(&headline_lines(row, lang));
    } else {
        out.push_str(lang.pick("  本期无增速数据\n", "  no growth figure for this period\n"));
    }
    for g in &s.groups {
        if let Some(v) = g.growth_pct {
            out.push_str(&format!(
                "  {}: {}%{}\n",
                lang.pick(&g.name_zh, &g.name_en),
                one_decimal(v),
                // The line prints the growth only: the levels behind the share and pull
                // do not make a published rate illustrative.
                mark(g.growth_illustrative, lang)
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
                "    {}: {} / {} / {} / {}{}\n",
                lang.pick(&i.name_zh, &i.name_en),
                opt(i.share_pct),
                opt(i.growth_pct),
                opt(i.pull_pp),
                opt(i.contribution_pct),
                mark(i.illustrative, lang)
            ));
        }
    }
    if let Some(e) = &s.enterprises {
        out.push_str(&enterprise_line(e, lang));
    }
    if let Some(r) = &s.returns {
        out.push_str(&returns_line(r, lang));
    }
    out
}

/// The returns' line of the key figures (current prices, said so).
fn returns_line(r: &ReturnsBlock, lang: Lang) -> String {
    let na = lang.pick("—", "n/a");
    let opt = |x: Option<f64>| x.map(one_decimal).unwrap_or_else(|| na.to_string());
    match lang {
        Lang::Zh => format!(
            "  企业月报（工业总产值，现价）: 报送{}户，可比{}户，未报{}户；同比增长（%）{}；减产{}户，减产面（%）{}；停产{}户{}\n",
            r.reporting,
            r.comparable,
            r.missing,
            opt(r.growth_pct),
            r.declining,
            opt(r.decline_share_pct),
            r.stopped,
            mark(r.illustrative, lang)
        ),
        Lang::En => format!(
            "  monthly returns (gross output, current prices): {} filed, {} comparable, {} missing; growth (%) {}; {} declining, decline share (%) {}; {} stopped{}\n",
            r.reporting,
            r.comparable,
            r.missing,
            opt(r.growth_pct),
            r.declining,
            opt(r.decline_share_pct),
            r.stopped,
            mark(r.illustrative, lang)
        ),
    }
}

/// The headline's lines of the key figures, and the note when it rests on illustrative
/// figures.
fn headline_lines(row: &HeadlineRow, lang: Lang) -> String {
    let mut out = String::new();
    let na = lang.pick("—", "n/a");
    let opt = |x: Option<f64>| x.map(one_decimal).unwrap_or_else(|| na.to_string());
    let h = &row.figures;
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
    if row.illustrative {
        out.push_str(&illustrative_note(&row.illustrative_figures, lang));
    }
    out
}

/// The register's line of the key figures.
fn enterprise_line(e: &EnterpriseBlock, lang: Lang) -> String {
    match lang {
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
    }
}

/// Said after a line whose figures rest on illustrative data.
fn mark(illustrative: bool, lang: Lang) -> &'static str {
    if illustrative {
        lang.pick("（示意数据）", " (illustrative)")
    } else {
        ""
    }
}

/// The note under the headline naming the illustrative figures it rests on.
fn illustrative_note(figures: &[HeadlineFigure], lang: Lang) -> String {
    let names: Vec<&str> = figures.iter().map(|f| f.name(lang)).collect();
    match lang {
        Lang::Zh => format!(
            "  注：以上指标所依据的{}为示意数据，非公开发布数，不得引用\n",
            names.join("、")
        ),
        Lang::En => format!(
            "  Note: these figures rest on illustrative (unpublished) figures — {}; do not quote them\n",
            names.join(", ")
        ),
    }
}

fn snap_period_label(s: &Summary, lang: Lang) -> String {
    let year = s.period.get(..4).unwrap_or("");
    match lang {
        Lang::Zh => format!("{year}年{}", s.period_label.zh),
        Lang::En => format!("{} {year}", s.period_label.en),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalogue::{HEILONGJIANG, JIXI, LEADING4, NATION, VA, VA_GROWTH, builtin};
    use crate::model::{Basis, Figure, Figures, RegionContext, SeriesKey, Source, Subject};

    const HEGANG: &str = "230400";
    const PUBLISHED: i64 = 1;
    const ILLUSTRATIVE: i64 = 2;

    fn p(y: i32, m: u32) -> Period {
        Period::new(y, m).expect("period")
    }

    /// Jixi 1—4月 2023 and 2022 with rates, industry levels and the leading group's rate,
    /// all from a published source but the keys in `illustrative` (at 2023-04).
    fn snapshot(illustrative: &[SeriesKey]) -> Snapshot {
        let mut figures = Figures::new();
        for (id, ill) in [(PUBLISHED, false), (ILLUSTRATIVE, true)] {
            figures.add_source(Source {
                id,
                title: format!("source {id}"),
                publisher: String::new(),
                published_on: String::new(),
                url: String::new(),
                note: String::new(),
                illustrative: ill,
            });
        }
        let mut put = |key: SeriesKey, period: Period, value: f64| {
            let source = if period == p(2023, 4) && illustrative.contains(&key) {
                ILLUSTRATIVE
            } else {
                PUBLISHED
            };
            figures.insert(
                key,
                period,
                Figure {
                    value,
                    source: Some(source),
                },
            );
        };
        for (code, now, before) in [
            (JIXI, 19.2, 15.0),
            (HEILONGJIANG, 4.0, 3.0),
            (NATION, 3.6, 4.0),
            (HEGANG, 10.0, 8.0),
        ] {
            put(
                SeriesKey::whole(code, VA_GROWTH, Basis::Ytd),
                p(2023, 4),
                now,
            );
            put(
                SeriesKey::whole(code, VA_GROWTH, Basis::Ytd),
                p(2022, 4),
                before,
            );
        }
        let va = SeriesKey::whole(JIXI, VA, Basis::Ytd);
        for (subject, now, before) in [
            (Subject::Whole, 100.0, 90.0),
            (Subject::Industry("coal".into()), 30.0, 27.0),
            (Subject::Industry("graphite".into()), 20.0, 18.0),
            (Subject::Industry("food".into()), 10.0, 9.0),
            (Subject::Industry("medicine".into()), 5.0, 4.5),
        ] {
            put(va.with_subject(subject.clone()), p(2023, 4), now);
            put(va.with_subject(subject), p(2022, 4), before);
        }
        let group = SeriesKey::whole(JIXI, VA_GROWTH, Basis::Ytd)
            .with_subject(Subject::Group(LEADING4.into()));
        put(group, p(2023, 4), 11.1);
        Snapshot {
            title: "test".into(),
            is_sample: false,
            catalogue: builtin().clone(),
            context: RegionContext::new(builtin(), JIXI).expect("Jixi"),
            figures,
            register: Default::default(),
            skipped: Vec::new(),
        }
    }

    fn summarise(illustrative: &[SeriesKey], lang: Lang) -> Summary {
        let snap = snapshot(illustrative);
        let a = crate::analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p(2023, 4));
        summary(&snap, &a, lang)
    }

    fn industry<'a>(s: &'a Summary, code: &str) -> &'a IndustryRow {
        s.industries
            .iter()
            .find(|i| i.code == code)
            .expect("industry")
    }

    #[test]
    fn a_published_only_dataset_is_marked_nowhere() {
        let s = summarise(&[], Lang::Zh);
        let json = serde_json::to_value(&s).expect("json");
        assert_eq!(json["headline"]["value"], 19.2);
        assert_eq!(json["headline"]["illustrative"], false);
        assert_eq!(json["headline"]["rank"], 1);
        let industries = json["industries"].as_array().expect("industries");
        assert_eq!(industries.len(), 5, "four industries and other");
        assert!(industries.iter().all(|i| i["illustrative"] == false));
        let groups = json["groups"].as_array().expect("groups");
        assert!(groups.iter().any(|g| g["code"] == LEADING4));
        assert!(groups.iter().all(|g| g["illustrative"] == false));
        assert!(groups.iter().all(|g| g.get("published").is_none()));
        for lang in [Lang::Zh, Lang::En] {
            let text = key_figures_text(&summarise(&[], lang), lang);
            assert!(
                !text.contains("示意") && !text.contains("illustrative"),
                "{text}"
            );
        }
    }

    #[test]
    fn an_illustrative_industry_level_marks_its_row_other_and_its_group_not_the_headline() {
        let graphite = SeriesKey::whole(JIXI, VA, Basis::Ytd)
            .with_subject(Subject::Industry("graphite".into()));
        let s = summarise(&[graphite], Lang::Zh);
        assert!(industry(&s, "graphite").illustrative);
        assert!(
            industry(&s, "other").illustrative,
            "the whole less every industry"
        );
        assert!(!industry(&s, "coal").illustrative);
        let leading = s.groups.iter().find(|g| g.code == LEADING4).expect("group");
        // Its rate is stored and published, but its share and pull rest on graphite's level.
        assert!(leading.rate_stored && leading.illustrative);
        assert!(leading.levels_illustrative && !leading.growth_illustrative);
        let headline = s.headline.as_ref().expect("headline");
        assert!(!headline.illustrative);
        // The printed line is the published rate: no mark.
        let text = key_figures_text(&s, Lang::Zh);
        assert!(text.contains("四大主导产业: 11.1%\n"), "{text}");
        assert!(!text.contains("四大主导产业: 11.1%（"), "{text}");
        let json = serde_json::to_value(&s).expect("json");
        let g = &json["groups"][0];
        assert_eq!(g["code"], LEADING4);
        assert_eq!(
            (
                &g["growth_illustrative"],
                &g["levels_illustrative"],
                &g["illustrative"]
            ),
            (&false.into(), &true.into(), &true.into())
        );
        assert!(!text.contains("注："), "{text}");
    }

    #[test]
    fn illustrative_last_year_levels_mark_the_rows_built_on_them() {
        // Every 2023 figure published; graphite's and the whole's 2022 levels illustrative.
        let mut snap = snapshot(&[]);
        let va = SeriesKey::whole(JIXI, VA, Basis::Ytd);
        for (subject, value) in [
            (Subject::Industry("graphite".into()), 18.0),
            (Subject::Whole, 90.0),
        ] {
            let f = Figure {
                value,
                source: Some(ILLUSTRATIVE),
            };
            snap.figures.insert(va.with_subject(subject), p(2022, 4), f);
        }
        let (parts, whole) = super::super::document::illustrative_industries(&snap, VA, p(2023, 4));
        assert!(parts.contains("graphite") && parts.len() == 1, "{parts:?}");
        assert!(whole, "the whole's level a year earlier is the pulls' base");
        let a = crate::analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p(2023, 4));
        let s = summary(&snap, &a, Lang::Zh);
        assert!(industry(&s, "graphite").illustrative);
        assert!(
            industry(&s, "coal").illustrative,
            "its pull rests on the whole"
        );
        let leading = s.groups.iter().find(|g| g.code == LEADING4).expect("group");
        assert!(leading.levels_illustrative && !leading.growth_illustrative);
    }

    #[test]
    fn the_headline_is_marked_when_a_figure_it_compares_with_is_illustrative() {
        let province = SeriesKey::whole(HEILONGJIANG, VA_GROWTH, Basis::Ytd);
        let s = summarise(std::slice::from_ref(&province), Lang::Zh);
        let h = s.headline.as_ref().expect("headline");
        assert!(h.illustrative);
        assert_eq!(h.illustrative_figures, vec![HeadlineFigure::Parent]);
        let zh = key_figures_text(&s, Lang::Zh);
        assert!(
            zh.contains("注：以上指标所依据的上级地区增速为示意数据，非公开发布数"),
            "{zh}"
        );
        let en = key_figures_text(&summarise(&[province], Lang::En), Lang::En);
        assert!(
            en.contains("Note: these figures rest on illustrative (unpublished) figures — the parent region's rate"),
            "{en}"
        );
        // A peer behind the rank, and the region's own rate.
        let peer = SeriesKey::whole(HEGANG, VA_GROWTH, Basis::Ytd);
        let own = SeriesKey::whole(JIXI, VA_GROWTH, Basis::Ytd);
        let s = summarise(&[peer, own], Lang::Zh);
        let h = s.headline.as_ref().expect("headline");
        assert_eq!(
            h.illustrative_figures,
            vec![HeadlineFigure::Own, HeadlineFigure::Peers]
        );
        let json = serde_json::to_value(&s).expect("json");
        assert_eq!(json["headline"]["illustrative"], true);
        assert_eq!(
            json["headline"]["illustrative_figures"],
            serde_json::json!(["own", "peers"])
        );
    }
}
