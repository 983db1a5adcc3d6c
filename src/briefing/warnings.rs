//! The warnings of a period as the window, the briefing and the command line read them: the
//! facts every rule needs, gathered from the dataset once, and the rules applied with the
//! dataset's thresholds.

use std::collections::HashMap;

use crate::analysis::headline::headline;
use crate::analysis::register::{period_dates, resolved_by};
use crate::analysis::returns::{Dimension, ReturnStats, members, population_stats};
use crate::analysis::targets::{inputs_for, progress};
use crate::analysis::warnings::{OpenRequest, RegionFacts, WarningInput, warnings};
use crate::model::catalogue::VA_GROWTH;
use crate::model::enterprise::category_label;
use crate::model::returns::{ResolvedReturn, ReturnIndicator};
use crate::model::target::Target;
use crate::model::tilemap::layout;
use crate::model::warning::Warning;
use crate::model::{Basis, Catalogue, Figures, Lang, Period, RegionContext, Snapshot};
use crate::store::{Dataset, StoreError};

/// The facts of one region at `period` from `figures` (which hold it, its parent and peers).
pub fn region_facts(
    figures: &Figures,
    catalogue: &Catalogue,
    ctx: &RegionContext,
    period: Period,
    targets: &[Target],
) -> RegionFacts {
    let now = headline(figures, ctx, VA_GROWTH, Basis::Ytd, period);
    let before = period
        .prev_in_year()
        .and_then(|p| headline(figures, ctx, VA_GROWTH, Basis::Ytd, p));
    let parent_name = ctx
        .parent
        .as_ref()
        .map_or((String::new(), String::new()), |p| {
            (
                p.level.whole_label(Lang::Zh).to_string(),
                p.level.whole_label(Lang::En).to_string(),
            )
        });
    let targets = targets
        .iter()
        .filter(|t| t.region == ctx.region.code && t.year == period.year())
        .map(|t| {
            // A growth target is said of what grows ("规上工业增加值增长…", "固定资产投资增长…").
            let names = match catalogue.indicator(&t.indicator) {
                Some(i) if i.kind == crate::model::IndicatorKind::Rate => {
                    let level = i.growth_of.as_deref().and_then(|l| catalogue.indicator(l));
                    (
                        super::format::growth_subject(i, level, Lang::Zh),
                        super::format::growth_subject(i, level, Lang::En),
                    )
                }
                Some(i) => (i.name_zh.clone(), i.name_en.clone()),
                None => (t.indicator.clone(), t.indicator.clone()),
            };
            (
                names,
                progress(t, period, &inputs_for(t, period, figures, catalogue)),
            )
        })
        .collect();
    RegionFacts {
        code: ctx.region.code.clone(),
        name: (ctx.region.name_zh.clone(), ctx.region.name_en.clone()),
        parent_name,
        growth: now.as_ref().map(|h| h.value),
        parent_growth: now.as_ref().and_then(|h| h.parent_value),
        rank: now.as_ref().and_then(|h| h.rank.zip(h.rank_of)),
        previous_rank: before.as_ref().and_then(|h| h.rank),
        previous_streak: before.as_ref().and_then(|h| h.rank_streak).unwrap_or(0),
        targets,
        output_power: None,
        illustrative: [
            Some(ctx.region.code.as_str()),
            ctx.parent.as_ref().map(|p| p.code.as_str()),
        ]
        .into_iter()
        .flatten()
        .filter_map(|code| {
            figures.get(
                &crate::model::SeriesKey::whole(code, VA_GROWTH, Basis::Ytd),
                period,
            )
        })
        .any(|f| figures.is_illustrative(f)),
    }
}

/// The statistics of one returns indicator for `period` from its `resolved` returns, None
/// without returns.
fn stats_of(
    ds: &Dataset,
    snap: &Snapshot,
    period: Period,
    indicator: ReturnIndicator,
    resolved: &[ResolvedReturn],
) -> Result<Option<ReturnStats>, StoreError> {
    if resolved.is_empty() {
        return Ok(None);
    }
    population_stats(
        period,
        indicator,
        members(&snap.register, ds.catalogue()),
        resolved,
        |codes| ds.returns_begin_after_among(period, codes, &snap.register.enterprises),
    )
    .map(Some)
}

/// Each county's (output, electricity) growth from the returns' breakdowns.
fn county_output_power(output: &ReturnStats, power: &ReturnStats) -> HashMap<String, (f64, f64)> {
    let growth = |s: &ReturnStats| -> HashMap<String, f64> {
        s.breakdown(Dimension::County)
            .into_iter()
            .filter_map(|g| Some((g.key?, g.tally.growth_pct?)))
            .collect()
    };
    let power = growth(power);
    growth(output)
        .into_iter()
        .filter_map(|(k, o)| power.get(&k).map(|&p| (k, (o, p))))
        .collect()
}

/// True when the period's returns cite an illustrative source.
fn returns_illustrative(ds: &Dataset, period: Period) -> Result<bool, StoreError> {
    let ids = ds.return_source_ids(period)?;
    Ok(ds
        .sources()?
        .iter()
        .any(|s| s.illustrative && ids.contains(&s.id)))
}

/// Requests unresolved at the period's end, with their age in days.
fn open_requests(snap: &Snapshot, period: Period) -> Vec<OpenRequest> {
    let (_, end) = period_dates(period);
    let names: HashMap<i64, (String, String)> = snap
        .register
        .enterprises
        .iter()
        .map(|e| (e.id, (e.credit_code.clone(), e.name.clone())))
        .collect();
    snap.register
        .requests
        .iter()
        .filter(|r| r.raised_on <= end && !resolved_by(r, end))
        .filter_map(|r| {
            Some(OpenRequest {
                enterprise: names.get(&r.enterprise_id)?.clone(),
                raised_on: r.raised_on,
                category: (
                    category_label(&r.category, Lang::Zh),
                    category_label(&r.category, Lang::En),
                ),
                days: r.raised_on.days_until(end),
            })
        })
        .collect()
}

/// The warnings of `snap`'s region at `period`: its own and its counties' figures and
/// targets; for the home region also its enterprises' returns, open requests and the 包联
/// scorecard (the register is the home region's). `children`: the figures of the region
/// and its children (see [`super::map::load_children`]).
pub fn load(
    ds: &Dataset,
    snap: &Snapshot,
    children: Option<&Figures>,
    period: Period,
) -> Result<Vec<Warning>, StoreError> {
    let cat = ds.catalogue();
    let targets = ds.targets()?;
    let region = snap.context.region.code.as_str();
    let mut regions = vec![region_facts(
        &snap.figures,
        cat,
        &snap.context,
        period,
        &targets,
    )];
    if let Some(children) = children {
        for tile in layout(cat, region) {
            let Some(ctx) = RegionContext::new(cat, &tile.region) else {
                continue;
            };
            let facts = region_facts(children, cat, &ctx, period, &targets);
            if facts.growth.is_some() || !facts.targets.is_empty() {
                regions.push(facts);
            }
        }
    }
    let home = region == ds.meta()?.home_region;
    let (output, power) = if home {
        // Both indicators from one read of the periods they need.
        let both = [ReturnIndicator::Output, ReturnIndicator::Power];
        let (resolved, _) = ds.returns_for_each(period, &both)?;
        let of = |k: usize| resolved.get(k).map_or(&[][..], Vec::as_slice);
        (
            stats_of(ds, snap, period, both[0], of(0))?,
            stats_of(ds, snap, period, both[1], of(1))?,
        )
    } else {
        (None, None)
    };
    if let (Some(o), Some(p)) = (&output, &power) {
        regions[0].output_power = o.growth_pct.zip(p.growth_pct);
        let by_county = county_output_power(o, p);
        for r in regions.iter_mut().skip(1) {
            r.output_power = by_county.get(&r.code).copied();
        }
    }
    // The scorecard from the output statistics just computed (not read and worked out a
    // second time: at 70,000 enterprises that was a third of the time).
    let scorecard = if home && super::evaluation::has_data(ds, &snap.register, period)? {
        Some(crate::analysis::evaluation::evaluate(
            period,
            &snap.register,
            output.as_ref(),
            ds.evaluation_weights()?,
        ))
    } else {
        None
    };
    let input = WarningInput {
        period: Some(period),
        regions,
        output: output.as_ref(),
        requests: if home {
            open_requests(snap, period)
        } else {
            Vec::new()
        },
        scorecard: scorecard.as_ref(),
        // The register's data (returns, requests, ratings) are invented in the sample; a
        // real dataset's returns say so through their source.
        register_illustrative: snap.is_sample || returns_illustrative(ds, period)?,
    };
    Ok(warnings(&input, &ds.warning_thresholds()?))
}

/// The id of the warnings table.
pub const WARNINGS_TABLE: &str = "warnings";

/// How many warnings of a severity the paragraph names before "等N项".
const NAMED: usize = 5;

/// The paragraph of the section 需关注的问题: the counts, then the 预警 and 关注 sentences
/// (the first few of each); a line saying nothing fired when the list is empty.
pub fn paragraph(list: &[Warning], lang: Lang) -> Option<String> {
    use crate::model::warning::Severity;
    if list.is_empty() {
        return Some(
            lang.pick(
                "对照预警规则，本期未发现需关注的问题。",
                "Against the warning rules, nothing needs attention this period.",
            )
            .to_string(),
        );
    }
    let of = |s: Severity| list.iter().filter(|w| w.severity == s).collect::<Vec<_>>();
    let (alerts, watch) = (of(Severity::Alert), of(Severity::Watch));
    let named = |ws: &[&Warning]| -> String {
        let shown: Vec<&str> = ws.iter().take(NAMED).map(|w| w.text.get(lang)).collect();
        let more = ws.len().saturating_sub(NAMED);
        match (lang, more) {
            (Lang::Zh, 0) => shown.join("；"),
            (Lang::Zh, n) => format!("{}；另有{n}项", shown.join("；")),
            (Lang::En, 0) => shown.join("; "),
            (Lang::En, n) => format!("{}; and {n} more", shown.join("; ")),
        }
    };
    let mut parts = vec![match lang {
        Lang::Zh => format!(
            "对照预警规则，本期需关注的问题共{}项，其中预警{}项、关注{}项。",
            list.len(),
            alerts.len(),
            watch.len()
        ),
        Lang::En => format!(
            "Against the warning rules, {} issues need attention this period: {} alerts and {} to watch.",
            list.len(),
            alerts.len(),
            watch.len()
        ),
    }];
    if !alerts.is_empty() {
        parts.push(match lang {
            Lang::Zh => format!("预警：{}。", named(&alerts)),
            Lang::En => format!("Alerts: {}.", named(&alerts)),
        });
    }
    if !watch.is_empty() {
        parts.push(match lang {
            Lang::Zh => format!("关注：{}。", named(&watch)),
            Lang::En => format!("To watch: {}.", named(&watch)),
        });
    }
    Some(parts.join(lang.pick("", " ")))
}

/// The warnings as a table (级别, 规则, 对象, 数值, 阈值, 说明); None without warnings.
pub fn table(list: &[Warning], lang: Lang) -> Option<super::Table> {
    use super::Cell;
    if list.is_empty() {
        return None;
    }
    let decimals = |w: &Warning| {
        // A pull is printed to two decimals (0.96 is not "1.0" against a threshold of 1).
        if w.rule == crate::model::warning::Rule::EnterpriseDeclining {
            2
        } else {
            1
        }
    };
    let number = |v: Option<f64>, w: &Warning, marked: bool| match v {
        Some(value) => Cell::Number {
            value,
            decimals: if (value - value.round()).abs() < 1e-9 {
                0
            } else {
                decimals(w)
            },
            illustrative: marked && w.illustrative,
        },
        None => Cell::Empty,
    };
    let rows = list
        .iter()
        .map(|w| {
            vec![
                Cell::text(w.severity.label(lang)),
                Cell::text(w.rule.label(lang)),
                Cell::text(w.subject.name()),
                number(w.value, w, true),
                number(w.threshold, w, false),
                Cell::text(w.text.get(lang)),
            ]
        })
        .collect();
    let columns: [&str; 6] = match lang {
        Lang::Zh => ["级别", "规则", "对象", "数值", "阈值", "说明"],
        Lang::En => ["Severity", "Rule", "Subject", "Value", "Threshold", "What"],
    };
    Some(super::Table {
        id: WARNINGS_TABLE.into(),
        title: lang.pick("需关注的问题", "Issues to watch").into(),
        note: Some(
            lang.pick(
                "数值与阈值的单位见各规则：增速差为百分点，位次为位，诉求为天，得分为分",
                "Values and thresholds in each rule's unit: growth gaps in points, ranks in places, requests in days, scores in points",
            )
            .into(),
        ),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows,
    })
}
