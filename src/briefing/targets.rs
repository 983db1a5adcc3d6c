//! Every indicator and the annual targets in the briefing (SPEC §11): the key-indicator
//! table over every indicator the region holds, with its target progress, and the
//! narrative's target sentences in official phrasing (高于/低于年度目标 …个百分点；完成全年目标
//! 的X%，超/欠序时进度Y个百分点；其余月份需增长Z%；时间过半、任务过半).
//!
//! Contract:
//! - The targets come in as data ([`load`] reads them through the store's read API); the
//!   progress is `analysis::targets`' and the rows are `analysis::indicators`'.
//! - A figure the needed growth rests on that the dataset lacks is named
//!   ([`MissingFigure::label`]); nothing is estimated in its place.

use super::document::{Cell, Table};
use super::format::{amount_10k_yuan, gap_phrase, growth_phrase, growth_subject, one_decimal};
use crate::analysis::indicators::{IndicatorRow, indicator_rows};
use crate::analysis::round1;
use crate::analysis::targets::{MissingFigure, TargetProgress, inputs_for, progress};
use crate::model::target::Target;
use crate::model::{Basis, Lang, Period, SeriesKey, Snapshot};
use crate::store::{Dataset, StoreError};

/// Reads every stored target (the briefing picks the region's of the period's year).
pub fn load(ds: &Dataset) -> Result<Vec<Target>, StoreError> {
    ds.targets()
}

/// The position of an indicator in the catalogue (targets are listed in catalogue order).
fn catalogue_index(snap: &Snapshot, code: &str) -> usize {
    snap.catalogue
        .indicators
        .iter()
        .position(|i| i.code == code)
        .unwrap_or(usize::MAX)
}

/// The progress of each of the region's targets of `period`'s year, in catalogue order.
pub fn progress_of(snap: &Snapshot, period: Period, targets: &[Target]) -> Vec<TargetProgress> {
    let region = snap.context.region.code.as_str();
    let mut mine: Vec<&Target> = targets
        .iter()
        .filter(|t| t.region == region && t.year == period.year())
        .collect();
    mine.sort_by_key(|t| catalogue_index(snap, &t.indicator));
    mine.into_iter()
        .map(|t| {
            progress(
                t,
                period,
                &inputs_for(t, period, &snap.figures, &snap.catalogue),
            )
        })
        .collect()
}

/// The key-indicator rows of the snapshot's region at `period` (every indicator held).
pub fn rows(snap: &Snapshot, period: Period, targets: &[Target]) -> Vec<IndicatorRow> {
    indicator_rows(
        &snap.figures,
        &snap.catalogue,
        &snap.context,
        period,
        targets,
    )
}

/// A progress as `summary --json` prints it: percentages and points to one decimal, as the
/// rest of the summary; a rate target's actual growth too; a level as stored.
pub fn rounded(p: &TargetProgress) -> TargetProgress {
    let r1 = |x: Option<f64>| x.map(round1);
    TargetProgress {
        actual: if p.kind == "rate" {
            r1(p.actual)
        } else {
            p.actual
        },
        gap_pp: r1(p.gap_pp),
        completion_pct: r1(p.completion_pct),
        schedule_pct: round1(p.schedule_pct),
        ahead_pp: r1(p.ahead_pp),
        needed_growth_pct: r1(p.needed_growth_pct),
        ..p.clone()
    }
}

/// An indicator row as `summary --json` prints it: growth and gap to one decimal.
pub fn rounded_row(r: &IndicatorRow) -> IndicatorRow {
    IndicatorRow {
        growth_pct: r.growth_pct.map(round1),
        vs_parent_pp: r.vs_parent_pp.map(round1),
        ..r.clone()
    }
}

/// A level with its unit as a sentence prints it: 万元 sums in 亿元 (or 万元), other units
/// with one decimal unless whole.
pub fn level_text(value: f64, unit: &str, lang: Lang) -> String {
    if unit == "万元" {
        return amount_10k_yuan(value, lang);
    }
    let number = if (value - value.round()).abs() < 1e-9 {
        format!("{value:.0}")
    } else {
        one_decimal(value)
    };
    match (lang, unit) {
        (Lang::En, "家") => format!("{number} enterprises"),
        (Lang::En, "%") | (Lang::Zh, _) => format!("{number}{unit}"),
        (Lang::En, _) => format!("{number} {unit}"),
    }
}

/// The missing figures as a list: 上年全年总量、上年同期累计总量.
fn missing_list(missing: &[MissingFigure], lang: Lang) -> String {
    let names: Vec<&str> = missing.iter().map(|m| m.label(lang)).collect();
    match lang {
        Lang::Zh => names.join("、"),
        Lang::En => names.join(" and "),
    }
}

/// The clause on the growth the remaining months need, or why it cannot be given.
fn needed_clause(p: &TargetProgress, lang: Lang) -> Option<String> {
    if p.schedule_pct >= 100.0 || !p.needed_applies {
        return None;
    }
    if let Some(n) = p.needed_growth_pct {
        // −100% or less: the year to date already exceeds the target (a fall of more than
        // 100% cannot happen).
        if n <= -100.0 {
            return Some(
                lang.pick("已提前完成全年目标", "the annual target is already met")
                    .to_string(),
            );
        }
        let n = round1(n);
        return Some(match lang {
            Lang::Zh if n > 0.0 => format!("其余月份需增长{}%", one_decimal(n)),
            Lang::Zh => format!("其余月份即使下降{}%也可完成全年目标", one_decimal(-n)),
            Lang::En if n > 0.0 => {
                format!("the remaining months need growth of {}%", one_decimal(n))
            }
            Lang::En => format!(
                "the target is met even if the remaining months fall by {}%",
                one_decimal(-n)
            ),
        });
    }
    let missing: Vec<MissingFigure> = p
        .missing
        .iter()
        .copied()
        .filter(|m| *m != MissingFigure::YtdGrowth)
        .collect();
    Some(match lang {
        Lang::Zh if missing.is_empty() => {
            "上年其余月份无累计增量，无法测算其余月份所需增速".to_string()
        }
        Lang::Zh => format!(
            "因缺少{}，无法测算其余月份所需增速",
            missing_list(&missing, lang)
        ),
        Lang::En if missing.is_empty() => "the growth the remaining months need cannot be computed: last year's remaining months added nothing".to_string(),
        Lang::En => format!(
            "the growth the remaining months need cannot be computed: {} {} missing",
            missing_list(&missing, lang),
            if missing.len() > 1 { "are" } else { "is" }
        ),
    })
}

/// What the sentence is about: 规模以上工业增加值, 固定资产投资 …
fn subject(snap: &Snapshot, row: &IndicatorRow, lang: Lang) -> String {
    let Some(ind) = snap.catalogue.indicator(&row.code) else {
        return row.code.clone();
    };
    let level = ind
        .growth_of
        .as_deref()
        .and_then(|c| snap.catalogue.indicator(c));
    match ind.kind {
        crate::model::IndicatorKind::Rate => growth_subject(ind, level, lang),
        _ => match lang {
            Lang::Zh => ind.name_zh.clone(),
            Lang::En => ind.name_en.clone(),
        },
    }
}

/// The target's own wording: 增长8% / 下降2% / 1200亿元.
pub fn target_text(p: &TargetProgress, unit: &str, lang: Lang) -> String {
    match p.kind {
        "rate" => match lang {
            Lang::Zh if p.target < 0.0 => format!("下降{}%", one_decimal(-p.target)),
            Lang::Zh => format!("增长{}%", one_decimal(p.target)),
            Lang::En => format!("growth of {}%", one_decimal(p.target)),
        },
        _ => level_text(p.target, unit, lang),
    }
}

/// One indicator's target sentence (without the final full stop).
pub fn sentence(snap: &Snapshot, row: &IndicatorRow, p: &TargetProgress, lang: Lang) -> String {
    let what = subject(snap, row, lang);
    let mut parts: Vec<String> = Vec::new();
    let target_unit = if p.kind == "level" {
        level_unit(snap, &p.indicator, &row.unit)
    } else {
        "%".to_string()
    };
    match (p.kind, p.actual) {
        ("rate", Some(actual)) => parts.push(match lang {
            Lang::Zh => format!(
                "{what}{}，{}",
                growth_phrase(actual, lang),
                gap_phrase(p.gap_pp.unwrap_or(0.0), "年度目标", "", lang)
            ),
            Lang::En => {
                let g = round1(p.gap_pp.unwrap_or(0.0));
                let rel = if g > 0.0 {
                    format!("{} percentage points above", one_decimal(g))
                } else if g < 0.0 {
                    format!("{} percentage points below", one_decimal(-g))
                } else {
                    "in line with".to_string()
                };
                format!(
                    "{what} {}, {rel} the annual target of {}%",
                    growth_phrase(actual, lang),
                    one_decimal(p.target)
                )
            }
        }),
        (_, Some(actual)) => {
            let completion = p.completion_pct.map(round1);
            let ahead = p.ahead_pp.map(round1);
            parts.push(match (lang, completion) {
                (Lang::Zh, Some(c)) => format!(
                    "{what}{}，完成全年目标的{}%",
                    level_text(actual, &target_unit, lang),
                    one_decimal(c)
                ),
                (Lang::En, Some(c)) => format!(
                    "{what} reached {}, {}% of the annual target of {}",
                    level_text(actual, &target_unit, lang),
                    one_decimal(c),
                    level_text(p.target, &target_unit, lang)
                ),
                (Lang::Zh, None) => format!(
                    "{what}{}，全年目标为{}",
                    level_text(actual, &target_unit, lang),
                    level_text(p.target, &target_unit, lang)
                ),
                (Lang::En, None) => format!(
                    "{what} reached {} against an annual target of {}",
                    level_text(actual, &target_unit, lang),
                    level_text(p.target, &target_unit, lang)
                ),
            });
            if let Some(a) = ahead {
                parts.push(match lang {
                    Lang::Zh if a > 0.0 => format!("超序时进度{}个百分点", one_decimal(a)),
                    Lang::Zh if a < 0.0 => format!("欠序时进度{}个百分点", one_decimal(-a)),
                    Lang::Zh => "与序时进度持平".to_string(),
                    Lang::En if a > 0.0 => {
                        format!("{} percentage points ahead of schedule", one_decimal(a))
                    }
                    Lang::En if a < 0.0 => {
                        format!("{} percentage points behind schedule", one_decimal(-a))
                    }
                    Lang::En => "on schedule".to_string(),
                });
            }
            if let Some(half) = p.half_year_on_track {
                parts.push(match (lang, half) {
                    (Lang::Zh, true) => "实现时间过半、任务过半".to_string(),
                    (Lang::Zh, false) => "未实现时间过半、任务过半".to_string(),
                    (Lang::En, true) => {
                        "half the year gone, at least half the target done".to_string()
                    }
                    (Lang::En, false) => {
                        "half the year gone, less than half the target done".to_string()
                    }
                });
            }
        }
        (_, None) => {
            let missing = if p.kind == "rate" {
                MissingFigure::YtdGrowth
            } else {
                MissingFigure::YtdLevel
            };
            parts.push(match lang {
                Lang::Zh => format!(
                    "{what}年度目标为{}，因缺少{}，无法计算完成情况",
                    target_text(p, &target_unit, lang),
                    missing.label(lang)
                ),
                Lang::En => format!(
                    "{what} has an annual target of {}; progress cannot be computed: {} is missing",
                    target_text(p, &target_unit, lang),
                    missing.label(lang)
                ),
            });
        }
    }
    let comma = lang.pick("，", ", ");
    let head = parts.join(comma);
    match p.actual.and_then(|_| needed_clause(p, lang)) {
        Some(n) => format!("{head}{}{n}", lang.pick("；", "; ")),
        None => head,
    }
}

/// The unit a level target is in: the level indicator's (a rate row's target may be the
/// level of its twin).
fn level_unit(snap: &Snapshot, indicator: &str, fallback: &str) -> String {
    snap.catalogue
        .indicator(indicator)
        .map(|i| i.unit.clone())
        .unwrap_or_else(|| fallback.to_string())
}

/// The paragraph of target sentences, None when the region has no target for the year.
pub fn paragraph(
    snap: &Snapshot,
    period: Period,
    targets: &[Target],
    lang: Lang,
) -> Option<String> {
    let rows = rows(snap, period, targets);
    let sentences: Vec<String> = rows
        .iter()
        .filter_map(|r| r.target.as_ref().map(|t| sentence(snap, r, t, lang)))
        .collect();
    if sentences.is_empty() {
        return None;
    }
    // One sentence per indicator: each may carry its own semicolon (其余月份需增长…).
    Some(match lang {
        Lang::Zh => format!("从年度目标完成情况看，{}。", sentences.join("。")),
        Lang::En => format!(
            "Against the annual targets: {}.",
            sentences
                .iter()
                .map(|s| capitalise(s))
                .collect::<Vec<_>>()
                .join(". ")
        ),
    })
}

/// The sentence with its first letter in upper case.
fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The region's figures a row rests on: its indicator and its level/rate twin, at `period`,
/// a year earlier and last December (growth from levels, the needed growth).
fn row_figures<'a>(
    snap: &'a Snapshot,
    code: &str,
    period: Period,
) -> impl Iterator<Item = &'a crate::model::Figure> + 'a {
    let (level, rate) = crate::analysis::targets::level_and_rate(&snap.catalogue, code);
    let codes: Vec<String> = [Some(code), level, rate]
        .into_iter()
        .flatten()
        .map(String::from)
        .collect();
    let periods: Vec<Period> = [
        Some(period),
        period.year_before(),
        Period::new(period.year() - 1, 12).ok(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let region = snap.context.region.code.clone();
    codes.into_iter().flat_map(move |c| {
        let key = SeriesKey::whole(&region, &c, Basis::Ytd);
        periods
            .clone()
            .into_iter()
            .filter_map(move |p| snap.figures.get(&key, p))
    })
}

/// True when a figure the row rests on is illustrative.
fn illustrative(snap: &Snapshot, code: &str, period: Period) -> bool {
    row_figures(snap, code, period).any(|f| snap.figures.is_illustrative(f))
}

/// The sources of the region's figures the key-indicator table and the target sentences
/// rest on (beyond those the briefing cites anyway), and whether any is illustrative.
pub fn cited(snap: &Snapshot, period: Period) -> (Vec<crate::model::SourceId>, bool) {
    let mut ids = Vec::new();
    let mut any = false;
    for row in rows(snap, period, &[]) {
        for f in row_figures(snap, &row.code, period) {
            any |= snap.figures.is_illustrative(f);
            if let Some(id) = f.source
                && !ids.contains(&id)
            {
                ids.push(id);
            }
        }
    }
    (ids, any)
}

/// The columns of the key-indicator table; the target columns only when a row has one.
fn columns(snap: &Snapshot, with_targets: bool, lang: Lang) -> Vec<String> {
    let parent = snap
        .context
        .parent
        .as_ref()
        .map(|p| p.level.whole_label(Lang::Zh).to_string())
        .unwrap_or_default();
    // Short headers (units in the note) leave the indicator's name room to read.
    let mut cols: Vec<String> = match lang {
        Lang::Zh => vec![
            "指标".into(),
            "本期累计".into(),
            "增速".into(),
            format!("比{parent}"),
            format!("{parent}位次"),
        ],
        Lang::En => vec![
            "Indicator".into(),
            "To date".into(),
            "Growth".into(),
            "Vs parent".into(),
            "Rank".into(),
        ],
    };
    if with_targets {
        cols.extend(
            match lang {
                Lang::Zh => [
                    "目标",
                    "完成/差距",
                    "序时进度",
                    "超/欠序时",
                    "其余月份需增长",
                ],
                Lang::En => ["Target", "Done / gap", "Schedule", "Ahead", "Rest needs"],
            }
            .map(String::from),
        );
    }
    cols
}

/// The line under the table's title: the units of the columns.
fn units_note(with_targets: bool, lang: Lang) -> String {
    match (lang, with_targets) {
        (Lang::Zh, false) => "注：增速单位为%，比上级单位为个百分点。".into(),
        (Lang::Zh, true) => "注：增速、完成、序时进度、其余月份需增长单位为%；比上级、差距（增速目标）、超/欠序时单位为个百分点。".into(),
        (Lang::En, false) => "Growth in %; vs parent in percentage points.".into(),
        (Lang::En, true) => "Growth, done, schedule and rest-of-year need in %; vs parent, gap (growth targets) and ahead/behind in percentage points.".into(),
    }
}

/// The target cells of a row (five, empty without a target).
fn target_cells(snap: &Snapshot, row: &IndicatorRow, lang: Lang) -> Vec<Cell> {
    let Some(p) = &row.target else {
        return vec![Cell::Empty; 5];
    };
    let unit = level_unit(snap, &p.indicator, &row.unit);
    let level = p.kind == "level";
    let needed = match p.needed_growth_pct {
        Some(n) => Cell::rate(Some(n)),
        None if p.schedule_pct >= 100.0 || !p.needed_applies => Cell::Empty,
        None => {
            let missing: Vec<MissingFigure> = p
                .missing
                .iter()
                .copied()
                .filter(|m| *m != MissingFigure::YtdGrowth)
                .collect();
            if missing.is_empty() {
                Cell::Empty
            } else {
                Cell::text(match lang {
                    Lang::Zh => format!("缺{}", missing_list(&missing, lang)),
                    Lang::En => format!("no {}", missing_list(&missing, lang)),
                })
            }
        }
    };
    vec![
        Cell::text(target_text(p, &unit, lang)),
        Cell::rate(if level { p.completion_pct } else { p.gap_pp }),
        // A level target's 序时进度; none for a stock (a count is not built up by month).
        if level && p.needed_applies {
            Cell::rate(Some(p.schedule_pct))
        } else {
            Cell::Empty
        },
        Cell::rate(p.ahead_pp),
        needed,
    ]
}

/// The region's stored target of `indicator` for `period`'s year.
fn target_of<'a>(
    snap: &Snapshot,
    period: Period,
    targets: &'a [Target],
    indicator: &str,
) -> Option<&'a Target> {
    targets.iter().find(|t| {
        t.region == snap.context.region.code && t.year == period.year() && t.indicator == indicator
    })
}

/// True when the target cites an illustrative source.
fn target_illustrative(snap: &Snapshot, t: &Target) -> bool {
    t.source
        .and_then(|id| snap.figures.source(id))
        .is_some_and(|s| s.illustrative)
}

/// Whether a target cell carries the target's mark (empty cells carry none).
fn target_illustrative_cell(c: &Cell, target_ill: bool) -> bool {
    target_ill && !matches!(c, Cell::Empty)
}

/// The sources the region's targets of `period`'s year cite (for the sources list), and
/// whether any is illustrative.
pub fn target_sources(snap: &Snapshot, period: Period, targets: &[Target]) -> (Vec<i64>, bool) {
    let mut ids: Vec<i64> = targets
        .iter()
        .filter(|t| t.region == snap.context.region.code && t.year == period.year())
        .filter_map(|t| t.source)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let ill = ids
        .iter()
        .filter_map(|id| snap.figures.source(*id))
        .any(|s| s.illustrative);
    (ids, ill)
}

/// The key-indicator table (主要指标及年度目标): every indicator the region holds at
/// `period`, with value, unit, growth, gap to the parent, rank and — when any row has a
/// target — the target columns. None when the region holds no indicator.
pub fn table(snap: &Snapshot, period: Period, targets: &[Target], lang: Lang) -> Option<Table> {
    let rows = rows(snap, period, targets);
    if rows.is_empty() {
        return None;
    }
    let with_targets = rows.iter().any(|r| r.target.is_some());
    let cells = rows
        .iter()
        .map(|r| {
            let ill = illustrative(snap, &r.code, period);
            let own = snap
                .figures
                .get(
                    &SeriesKey::whole(&snap.context.region.code, &r.code, Basis::Ytd),
                    period,
                )
                .is_some_and(|f| snap.figures.is_illustrative(f));
            let whole = r.unit != "%" && (r.value - r.value.round()).abs() < 1e-9;
            let value = Cell::Number {
                value: r.value,
                decimals: if whole { 0 } else { 1 },
                illustrative: own,
            };
            let unit = match (lang, r.unit.as_str()) {
                (Lang::En, "万元") => "10k yuan".to_string(),
                (Lang::En, "家") => "enterprises".to_string(),
                _ => r.unit.clone(),
            };
            let mut row = vec![
                Cell::text(match lang {
                    Lang::Zh => format!("{}（{unit}）", r.name_zh),
                    Lang::En => format!("{} ({unit})", r.name_en),
                }),
                value,
                Cell::rate(r.growth_pct).marked(ill),
                Cell::rate(r.vs_parent_pp).marked(ill),
                match (r.rank, r.rank_of) {
                    (Some(k), Some(n)) => Cell::text(match lang {
                        Lang::Zh => format!("{k}（共{n}）"),
                        Lang::En => format!("{k} of {n}"),
                    }),
                    _ => Cell::Empty,
                },
            ];
            if with_targets {
                // A target from an illustrative list is marked like an illustrative figure.
                let target_ill = r
                    .target
                    .as_ref()
                    .and_then(|p| target_of(snap, period, targets, &p.indicator))
                    .is_some_and(|t| target_illustrative(snap, t));
                row.extend(target_cells(snap, r, lang).into_iter().map(|c| match c {
                    // The target as written ("增长10.0%") carries the mark as text.
                    Cell::Text(t) if target_ill => Cell::Text(format!("{t}*")),
                    c => {
                        let mark = ill || target_illustrative_cell(&c, target_ill);
                        c.marked(mark)
                    }
                }));
            }
            row
        })
        .collect();
    Some(Table {
        id: INDICATORS_TABLE.into(),
        title: match lang {
            Lang::Zh => format!(
                "主要指标及年度目标完成情况（{}）",
                period.label(Basis::Ytd, lang)
            ),
            Lang::En => format!(
                "Key indicators and annual targets ({})",
                period.label(Basis::Ytd, lang)
            ),
        },
        note: Some(units_note(with_targets, lang)),
        columns: columns(snap, with_targets, lang),
        rows: cells,
    })
}

/// Id of the every-indicator table.
pub const INDICATORS_TABLE: &str = "indicators";

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(needed: Option<f64>, missing: Vec<MissingFigure>, month: u32) -> TargetProgress {
        TargetProgress {
            indicator: "revenue".into(),
            kind: "level",
            target: 1000.0,
            actual: Some(400.0),
            gap_pp: None,
            completion_pct: Some(40.0),
            schedule_pct: f64::from(month) / 12.0 * 100.0,
            ahead_pp: Some(40.0 - f64::from(month) / 12.0 * 100.0),
            needed_growth_pct: needed,
            half_year_on_track: None,
            missing,
            needed_applies: true,
        }
    }

    #[test]
    fn the_needed_growth_is_phrased_or_its_missing_figures_named() {
        // (1000 − 400)/(1200 − 380) − 1 = −26.8%: the target is met even with a fall.
        let easy = progress(Some(600.0 / 820.0 * 100.0 - 100.0), Vec::new(), 4);
        assert_eq!(
            needed_clause(&easy, Lang::Zh).as_deref(),
            Some("其余月份即使下降26.8%也可完成全年目标")
        );
        assert_eq!(
            needed_clause(&easy, Lang::En).as_deref(),
            Some("the target is met even if the remaining months fall by 26.8%")
        );
        let both = vec![
            MissingFigure::LastYearFull,
            MissingFigure::LastYearSamePeriod,
        ];
        let unknown = progress(None, both, 4);
        assert_eq!(
            needed_clause(&unknown, Lang::Zh).as_deref(),
            Some("因缺少上年全年总量、上年同期累计总量，无法测算其余月份所需增速")
        );
        assert!(
            needed_clause(&unknown, Lang::En)
                .is_some_and(|s| s.ends_with("last year's level to the same month are missing")),
        );
        // The year to date already beyond the target: a fall of more than 100% is no
        // sentence (a reviewer saw "即使下降166.5%").
        let met = progress(Some(-166.5), Vec::new(), 11);
        assert_eq!(
            needed_clause(&met, Lang::Zh).as_deref(),
            Some("已提前完成全年目标")
        );
        assert_eq!(
            needed_clause(&met, Lang::En).as_deref(),
            Some("the annual target is already met")
        );
        // At 1—12月 there are no remaining months to speak of.
        assert_eq!(
            needed_clause(&progress(None, Vec::new(), 12), Lang::Zh),
            None
        );
    }

    #[test]
    fn levels_print_in_their_units() {
        assert_eq!(level_text(12_000_000.0, "万元", Lang::Zh), "1200.00亿元");
        assert_eq!(level_text(350.0, "万千瓦时", Lang::Zh), "350万千瓦时");
        assert_eq!(level_text(110.0, "家", Lang::En), "110 enterprises");
        assert_eq!(level_text(12.25, "万千瓦时", Lang::En), "12.3 万千瓦时");
    }
}
