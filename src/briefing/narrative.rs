//! The briefing's narrative, written from data in the phrasing of Chinese statistical
//! bulletins (and of English statistical releases).
//!
//! Every sentence is built only from figures that exist: a sentence whose data are missing
//! is left out, never filled with a guess.

use super::document::Extras;
use super::format::{
    amount_10k_yuan, gap_phrase, growth_phrase, growth_subject, one_decimal, ordinal,
};
use super::returns::BriefingReturns;
use crate::analysis::{PeriodAnalysis, round1};
use crate::model::catalogue::{EMERGING, LEADING4};
use crate::model::{Basis, Lang, RegionLevel, Snapshot};

/// What a paragraph is about (its section in the briefing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Topic {
    /// Headline, comparison, ranking, groups.
    Headline,
    /// Industries' growth and pulls.
    Industries,
    /// The enterprises' monthly returns (重点企业运行).
    Returns,
    /// Emerging enterprises, service and financing.
    Enterprises,
    /// The 包联 scorecard (包联考核).
    Evaluation,
    /// What the warning rules found (需关注的问题).
    Warnings,
}

/// A paragraph with its topic.
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// The topic.
    pub topic: Topic,
    /// The text.
    pub text: String,
}

/// The narrative paragraphs with their topics (without the returns section).
pub fn topical_paragraphs(snap: &Snapshot, a: &PeriodAnalysis, lang: Lang) -> Vec<Paragraph> {
    topical_paragraphs_with(snap, a, None, lang)
}

/// The narrative paragraphs with their topics, with the section 重点企业运行 when `returns`
/// has reporting enterprises (it is the caller's: see [`super::returns::load`]).
pub fn topical_paragraphs_with(
    snap: &Snapshot,
    a: &PeriodAnalysis,
    returns: Option<&BriefingReturns>,
    lang: Lang,
) -> Vec<Paragraph> {
    topical_paragraphs_full(
        snap,
        a,
        Extras {
            returns,
            ..Extras::default()
        },
        lang,
    )
}

/// The narrative paragraphs with their topics, with the sections the caller read from the
/// dataset: 重点企业运行 when `extras.returns` has reporting enterprises, 包联考核 when
/// `extras.evaluation` has officials.
pub fn topical_paragraphs_full(
    snap: &Snapshot,
    a: &PeriodAnalysis,
    extras: Extras<'_>,
    lang: Lang,
) -> Vec<Paragraph> {
    [
        (Topic::Headline, headline_paragraph(snap, a, lang)),
        (
            Topic::Headline,
            super::targets::paragraph(snap, a.period, extras.targets, lang),
        ),
        (Topic::Industries, industry_paragraph(snap, a, lang)),
        (
            Topic::Returns,
            extras
                .returns
                .filter(|r| r.stats.reporting > 0)
                .map(|r| super::returns::paragraph(snap, r, lang)),
        ),
        (Topic::Enterprises, enterprise_paragraph(snap, a, lang)),
        (
            Topic::Evaluation,
            extras
                .evaluation
                .filter(|e| !e.card.officials.is_empty())
                .map(|e| super::evaluation::paragraph(snap, e, lang)),
        ),
        (
            Topic::Warnings,
            extras
                .warnings
                .and_then(|w| super::warnings::paragraph(w, lang)),
        ),
    ]
    .into_iter()
    .filter_map(|(topic, text)| {
        text.filter(|t| !t.is_empty())
            .map(|text| Paragraph { topic, text })
    })
    .collect()
}

/// The narrative paragraphs for one analysed period.
pub fn paragraphs(snap: &Snapshot, a: &PeriodAnalysis, lang: Lang) -> Vec<String> {
    paragraphs_with(snap, a, None, lang)
}

/// The narrative paragraphs for one analysed period, with the returns section's.
pub fn paragraphs_with(
    snap: &Snapshot,
    a: &PeriodAnalysis,
    returns: Option<&BriefingReturns>,
    lang: Lang,
) -> Vec<String> {
    topical_paragraphs_with(snap, a, returns, lang)
        .into_iter()
        .map(|p| p.text)
        .collect()
}

/// The narrative paragraphs for one analysed period, with the sections of `extras`.
pub fn paragraphs_full(
    snap: &Snapshot,
    a: &PeriodAnalysis,
    extras: Extras<'_>,
    lang: Lang,
) -> Vec<String> {
    topical_paragraphs_full(snap, a, extras, lang)
        .into_iter()
        .map(|p| p.text)
        .collect()
}

/// 全市 / 全省 …: how a bulletin names the home region as a whole.
fn own_whole(snap: &Snapshot, lang: Lang) -> String {
    match lang {
        Lang::Zh => snap.context.region.whole_label(Lang::Zh).to_string(),
        Lang::En => snap.context.region.name_en.clone(),
    }
}

fn period_phrase(a: &PeriodAnalysis, lang: Lang) -> String {
    match (lang, a.basis) {
        (Lang::Zh, Basis::Month) if !a.period.is_jan_feb() => {
            format!("{}份", a.period.label(Basis::Month, lang))
        }
        (Lang::Zh, _) => a.period.label(a.basis, lang),
        (Lang::En, _) => a.period.label_with_year(a.basis, lang),
    }
}

fn region_name(snap: &Snapshot, code: &str, lang: Lang) -> String {
    snap.catalogue
        .region(code)
        .map(|r| r.name(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// Headline, comparison with the parent and the nation, ranking; groups' growth.
fn headline_paragraph(snap: &Snapshot, a: &PeriodAnalysis, lang: Lang) -> Option<String> {
    let h = a.headline.as_ref()?;
    let rate = snap.catalogue.indicator(&a.indicator)?;
    let level = rate
        .growth_of
        .as_deref()
        .and_then(|c| snap.catalogue.indicator(c));
    let subject = growth_subject(rate, level, lang);
    let ctx = &snap.context;
    let parent_level = ctx.parent.as_ref().map(|p| p.level);
    let parent_zh = parent_level.map(|l| l.whole_label(Lang::Zh)).unwrap_or("");
    let parent_en = match parent_level {
        Some(RegionLevel::Nation) => "the national rate",
        Some(RegionLevel::Province) => "the provincial rate",
        Some(RegionLevel::City) => "the city-wide rate",
        _ => "",
    };
    let mut gaps = Vec::new();
    if let Some(g) = h.vs_parent_pp {
        gaps.push(gap_phrase(g, parent_zh, parent_en, lang));
    }
    if let Some(g) = h
        .vs_nation_pp
        .filter(|_| parent_level != Some(RegionLevel::Nation))
    {
        gaps.push(gap_phrase(g, "全国", "the national rate", lang));
    }
    let basis_word = match (lang, a.basis) {
        (Lang::Zh, _) => "",
        (Lang::En, Basis::Ytd) => " year on year",
        (Lang::En, Basis::Month) => " year on year",
    };
    let mut text = match lang {
        Lang::Zh => format!(
            "{}，{}{}同比{}",
            period_phrase(a, lang),
            own_whole(snap, lang),
            subject,
            growth_phrase(h.value, lang)
        ),
        Lang::En => format!(
            "In {}, {} in {} {}{}",
            period_phrase(a, lang),
            subject,
            own_whole(snap, lang),
            growth_phrase(h.value, lang),
            basis_word
        ),
    };
    if !gaps.is_empty() {
        match lang {
            Lang::Zh => {
                text.push('，');
                text.push_str(&gaps.join("、"));
            }
            Lang::En => {
                text.push_str(", ");
                text.push_str(&gaps.join(" and "));
            }
        }
    }
    if let Some(rank) = rank_clause(snap, a, lang) {
        match lang {
            Lang::Zh => {
                text.push('，');
                text.push_str(&rank);
                text.push('。');
            }
            Lang::En => {
                text.push_str(". ");
                text.push_str(&rank);
                text.push('.');
            }
        }
    } else {
        text.push_str(lang.pick("。", "."));
    }
    // The groups in one sentence, with the cumulative period once on the month basis.
    let clauses: Vec<String> = [LEADING4, EMERGING]
        .into_iter()
        .filter_map(|code| group_sentence(snap, a, code, lang))
        .map(|s| s.trim_end_matches(['。', '.']).to_string())
        .collect();
    if let Some(first) = clauses.first() {
        let prefix = cumulative_prefix(a, lang);
        let mut rest = clauses[1..].iter().map(|c| match lang {
            Lang::Zh => c.clone(),
            Lang::En => lower_first(c),
        });
        match lang {
            Lang::Zh => {
                text.push_str(&prefix);
                text.push_str(first);
                for c in rest.by_ref() {
                    text.push('；');
                    text.push_str(&c);
                }
                text.push('。');
            }
            Lang::En => {
                text.push(' ');
                text.push_str(&prefix);
                text.push_str(&if prefix.is_empty() {
                    first.clone()
                } else {
                    lower_first(first)
                });
                for c in rest.by_ref() {
                    text.push_str("; ");
                    text.push_str(&c);
                }
                text.push('.');
            }
        }
    }
    Some(text)
}

/// Industry and group figures are cumulative: on the month basis they say so.
fn cumulative_prefix(a: &PeriodAnalysis, lang: Lang) -> String {
    if a.basis == Basis::Ytd || a.period.is_jan_feb() {
        return String::new();
    }
    match lang {
        Lang::Zh => format!("{}，", a.period.label(Basis::Ytd, lang)),
        Lang::En => format!("In {}, ", a.period.label(Basis::Ytd, lang)),
    }
}

/// 增速连续3个月居全省第1位 / 增速居全省第2位，较上月后退1位.
fn rank_clause(snap: &Snapshot, a: &PeriodAnalysis, lang: Lang) -> Option<String> {
    let h = a.headline.as_ref()?;
    let rank = h.rank?;
    let of = h.rank_of?;
    let parent = snap.context.parent.as_ref()?;
    let scope_zh = parent.level.whole_label(Lang::Zh);
    let tied: Vec<String> = h
        .tied_with
        .iter()
        .map(|c| region_name(snap, c, lang))
        .collect();
    let streak = h.rank_streak.unwrap_or(0);
    let month_word = if a.basis == Basis::Month {
        "当月"
    } else {
        ""
    };
    match lang {
        Lang::Zh => {
            let tie = if tied.is_empty() {
                String::new()
            } else {
                format!("与{}并列", tied.join("、"))
            };
            let mut s = if rank == 1 && streak >= 2 {
                // The tie is this period's only: "并列连续3个月" would say it lasted.
                let tie = if tied.is_empty() {
                    String::new()
                } else {
                    format!("（本期与{}并列）", tied.join("、"))
                };
                format!("{month_word}增速连续{streak}个月居{scope_zh}第1位{tie}")
            } else {
                format!("{month_word}增速{tie}居{scope_zh}第{rank}位")
            };
            match h.rank_change {
                Some(c) if c > 0 => s.push_str(&format!("，较上月前移{c}位")),
                Some(c) if c < 0 => s.push_str(&format!("，较上月后退{}位", -c)),
                Some(_) if rank != 1 || streak < 2 => s.push_str("，与上月持平"),
                _ => {}
            }
            Some(s)
        }
        Lang::En => {
            let peers = peers_phrase(snap, of);
            let tie = if tied.is_empty() {
                String::new()
            } else {
                format!(" (tied with {})", tied.join(", "))
            };
            let what = if a.basis == Basis::Month {
                "Its monthly growth rate"
            } else {
                "Its growth rate"
            };
            let mut s = if rank == 1 && streak >= 2 {
                // The tie is this month's only, as in the Chinese.
                let tie = if tied.is_empty() {
                    String::new()
                } else {
                    format!(" (tied with {} this month)", tied.join(", "))
                };
                format!(
                    "{what} ranked 1st among the {peers} for the {} consecutive month{tie}",
                    ordinal(streak)
                )
            } else {
                format!("{what} ranked {}{tie} among the {peers}", ordinal(rank))
            };
            match h.rank_change {
                Some(c) if c > 0 => s.push_str(&format!(
                    ", up {c} place{} from the previous month",
                    if c == 1 { "" } else { "s" }
                )),
                Some(c) if c < 0 => s.push_str(&format!(
                    ", down {} place{} from the previous month",
                    -c,
                    if c == -1 { "" } else { "s" }
                )),
                Some(_) if rank != 1 || streak < 2 => {
                    s.push_str(", unchanged from the previous month")
                }
                _ => {}
            }
            Some(s)
        }
    }
}

/// "13 cities of Heilongjiang".
fn peers_phrase(snap: &Snapshot, of: u32) -> String {
    let ctx = &snap.context;
    let kind = match ctx.region.level {
        RegionLevel::Province => "provinces",
        RegionLevel::City => "cities",
        RegionLevel::County => "counties",
        RegionLevel::Nation => "countries",
    };
    match &ctx.parent {
        Some(p) if p.level != RegionLevel::Nation => format!("{of} {kind} of {}", p.name_en),
        _ => format!("{of} {kind}"),
    }
}

/// 四大主导产业增加值增长21.8%，拉动全市增长14.3个百分点。
fn group_sentence(snap: &Snapshot, a: &PeriodAnalysis, code: &str, lang: Lang) -> Option<String> {
    let group = snap.catalogue.group(code)?;
    let g = a.groups.iter().find(|g| g.code == code)?;
    let growth = g.growth_pct?;
    let whole = own_whole(snap, lang);
    let pull = g.pull_pp.map(round1);
    Some(match lang {
        Lang::Zh => {
            let mut s = format!("{}增加值{}", group.name_zh, growth_phrase(growth, lang));
            if let Some(p) = pull.filter(|p| *p != 0.0) {
                let verb = if p > 0.0 { "拉动" } else { "下拉" };
                s.push_str(&format!(
                    "，{verb}{whole}增长{}个百分点",
                    one_decimal(p.abs())
                ));
            }
            s.push('。');
            s
        }
        Lang::En => {
            let mut s = format!(
                "Value added of the {} {}",
                lowercase(&group.name_en),
                growth_phrase(growth, lang)
            );
            if let Some(p) = pull.filter(|p| *p != 0.0) {
                if p > 0.0 {
                    s.push_str(&format!(
                        ", contributing {} percentage points to growth",
                        one_decimal(p)
                    ));
                } else {
                    s.push_str(&format!(
                        ", pulling growth down by {} percentage points",
                        one_decimal(-p)
                    ));
                }
            }
            s.push('.');
            s
        }
    })
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn lowercase(s: &str) -> String {
    s.to_lowercase()
}

/// The industries that pulled most, and those that fell.
fn industry_paragraph(snap: &Snapshot, a: &PeriodAnalysis, lang: Lang) -> Option<String> {
    let s = a.structure.as_ref()?;
    let mut parts: Vec<_> = s
        .parts
        .iter()
        .filter(|p| p.growth_pct.is_some() && p.pull_pp.is_some())
        .collect();
    if parts.is_empty() {
        return None;
    }
    parts.sort_by(|x, y| {
        y.pull_pp
            .unwrap_or(0.0)
            .total_cmp(&x.pull_pp.unwrap_or(0.0))
    });
    let name = |code: &str| {
        snap.catalogue
            .industry(code)
            .map(|i| match lang {
                Lang::Zh => i.name_zh.clone(),
                Lang::En => i.name_en.to_lowercase(),
            })
            .unwrap_or_else(|| code.to_string())
    };
    let whole = own_whole(snap, lang);
    let up: Vec<_> = parts
        .iter()
        .filter(|p| p.pull_pp.is_some_and(|x| round1(x) > 0.0))
        .take(3)
        .collect();
    let down: Vec<_> = parts
        .iter()
        .rev()
        .filter(|p| p.growth_pct.is_some_and(|g| round1(g) < 0.0))
        .take(2)
        .collect();
    let mut clauses = Vec::new();
    for (i, p) in up.iter().enumerate() {
        let (g, pull) = (p.growth_pct.unwrap_or(0.0), p.pull_pp.unwrap_or(0.0));
        clauses.push(match lang {
            Lang::Zh if i == 0 => format!(
                "{}{}，拉动{whole}增长{}个百分点",
                name(&p.code),
                growth_phrase(g, lang),
                one_decimal(pull)
            ),
            Lang::Zh => format!(
                "{}{}，拉动{}个百分点",
                name(&p.code),
                growth_phrase(g, lang),
                one_decimal(pull)
            ),
            Lang::En => format!(
                "{} {}, contributing {} percentage points",
                name(&p.code),
                growth_phrase(g, lang),
                one_decimal(pull)
            ),
        });
    }
    for p in &down {
        let (g, pull) = (p.growth_pct.unwrap_or(0.0), p.pull_pp.unwrap_or(0.0));
        clauses.push(match lang {
            Lang::Zh if round1(pull) < 0.0 => format!(
                "{}{}，下拉{whole}增长{}个百分点",
                name(&p.code),
                growth_phrase(g, lang),
                one_decimal(-pull)
            ),
            Lang::Zh => format!("{}{}", name(&p.code), growth_phrase(g, lang)),
            Lang::En if round1(pull) < 0.0 => format!(
                "{} {}, pulling growth down by {} percentage points",
                name(&p.code),
                growth_phrase(g, lang),
                one_decimal(-pull)
            ),
            Lang::En => format!("{} {}", name(&p.code), growth_phrase(g, lang)),
        });
    }
    if clauses.is_empty() {
        return None;
    }
    let mut text = match lang {
        Lang::Zh => format!(
            "分行业看，{}{}。",
            cumulative_prefix(a, lang),
            clauses.join("；")
        ),
        Lang::En => {
            let when = if a.basis == Basis::Month && !a.period.is_jan_feb() {
                format!(" (cumulative, {})", a.period.label(Basis::Ytd, lang))
            } else {
                String::new()
            };
            format!("By industry{when}, {}.", clauses.join("; "))
        }
    };
    if let Some(share) = a
        .groups
        .iter()
        .find(|g| g.code == LEADING4)
        .and_then(|g| g.share_pct)
        && let Some(group) = snap.catalogue.group(LEADING4)
    {
        text.push_str(&match lang {
            Lang::Zh => format!(
                "{}增加值占{whole}规上工业增加值的{}%。",
                group.name_zh,
                one_decimal(share)
            ),
            Lang::En => format!(
                " The {} accounted for {}% of industrial value added.",
                group.name_en.to_lowercase(),
                one_decimal(share)
            ),
        });
    }
    Some(text)
}

/// Emerging enterprises, key-support service and financing.
fn enterprise_paragraph(snap: &Snapshot, a: &PeriodAnalysis, lang: Lang) -> Option<String> {
    let r = &a.register;
    if r.total == 0 {
        return None;
    }
    let whole = own_whole(snap, lang);
    let mut sentences = Vec::new();
    if r.emerging > 0 {
        let mut s = match lang {
            Lang::Zh => format!("{whole}新兴产业企业{}户", r.emerging),
            Lang::En => format!(
                "{whole} has {} enterprises in emerging industries",
                r.emerging
            ),
        };
        if let Some(e) = &a.emerging_in_leading
            && let Some(share) = e.share_pct
        {
            let names: Vec<String> = e
                .industries
                .iter()
                .filter_map(|c| snap.catalogue.industry(c))
                .map(|i| match lang {
                    Lang::Zh => i.name_zh.clone(),
                    Lang::En => i.name_en.to_lowercase(),
                })
                .collect();
            s.push_str(&match lang {
                Lang::Zh => format!(
                    "，其中{}企业{}户，占{}%",
                    names.join("、"),
                    e.count,
                    one_decimal(share)
                ),
                Lang::En => format!(
                    ", {} of them ({}%) in {}",
                    e.count,
                    one_decimal(share),
                    join_en(&names)
                ),
            });
        }
        s.push_str(lang.pick("。", "."));
        sentences.push(s);
    }
    let period = a.period.label(Basis::Ytd, lang);
    let mut service = Vec::new();
    // 精准帮扶 is said only as far as the register shows officials in charge.
    let (key, paired) = (r.key_support, r.key_support_paired);
    if key > 0 {
        service.push(match lang {
            Lang::Zh if paired == key => format!("{key}户重点企业实现精准帮扶"),
            Lang::Zh if paired > 0 => {
                format!("{key}户重点企业中{paired}户已明确包联领导、实现精准帮扶")
            }
            Lang::Zh => format!("{whole}重点帮扶企业{key}户"),
            Lang::En if paired == key => {
                format!("All {key} key-support enterprises are paired with officials")
            }
            Lang::En if paired > 0 => {
                format!("{paired} of the {key} key-support enterprises are paired with officials")
            }
            Lang::En => format!("There are {key} key-support enterprises"),
        });
    }
    if r.requests_raised > 0 {
        let rate = r.resolution_rate_pct().unwrap_or(0.0);
        service.push(match lang {
            Lang::Zh => format!(
                "{period}受理企业诉求{}件，已解决{}件，解决率{}%",
                r.requests_raised,
                r.requests_resolved,
                one_decimal(rate)
            ),
            Lang::En => format!(
                "in {period}, {} service requests were received and {} resolved ({}%)",
                r.requests_raised,
                r.requests_resolved,
                one_decimal(rate)
            ),
        });
    }
    let mut text = sentences.join(lang.pick("", " "));
    if !service.is_empty() {
        if lang == Lang::En && !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&service.join(lang.pick("，", "; ")));
        if r.deals > 0 {
            text.push_str(&match lang {
                Lang::Zh => format!(
                    "；银企对接签约{}户、金额{}",
                    r.deal_enterprises,
                    amount_10k_yuan(r.financing_amount_10k_yuan, lang)
                ),
                Lang::En => format!(
                    "; banks signed financing agreements with {} enterprises worth {}",
                    r.deal_enterprises,
                    amount_10k_yuan(r.financing_amount_10k_yuan, lang)
                ),
            });
        }
        text.push_str(lang.pick("。", "."));
    }
    Some(text)
}

fn join_en(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
