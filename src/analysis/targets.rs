//! Progress against annual targets (SPEC §11): the gap to a rate target, completion of a
//! level target against 序时进度 (the share of the year elapsed), 时间过半、任务过半 at 1—6月,
//! and the growth the rest of the year needs.

use serde::Serialize;

use crate::model::target::{Target, TargetValue};
use crate::model::{Basis, Catalogue, Figures, IndicatorKind, Lang, Period, SeriesKey};

/// A figure the progress needs but the dataset does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingFigure {
    /// The year-to-date growth of the indicator.
    YtdGrowth,
    /// The year-to-date level.
    YtdLevel,
    /// Last year's full-year level.
    LastYearFull,
    /// Last year's year-to-date level of the same period.
    LastYearSamePeriod,
}

impl MissingFigure {
    /// What is missing, for the window's note.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            MissingFigure::YtdGrowth => lang.pick("本期累计增速", "the growth to date"),
            MissingFigure::YtdLevel => lang.pick("本期累计总量", "the level to date"),
            MissingFigure::LastYearFull => lang.pick("上年全年总量", "last year's full-year level"),
            MissingFigure::LastYearSamePeriod => {
                lang.pick("上年同期累计总量", "last year's level to the same month")
            }
        }
    }
}

/// The figures a target's progress is computed from.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TargetInputs {
    /// Year-to-date growth, %.
    pub ytd_growth: Option<f64>,
    /// Year-to-date level.
    pub ytd_level: Option<f64>,
    /// Last year's full-year level.
    pub last_year_full: Option<f64>,
    /// Last year's year-to-date level of the same period.
    pub last_year_same_period: Option<f64>,
    /// The indicator is a stock (a count such as the number of enterprises): its level is
    /// a standing figure, not a sum over the months, so it has no 序时进度 and no growth
    /// "the remaining months" need.
    pub stock: bool,
    /// The indicator has no level in the catalogue (e.g. investment growth is published as
    /// a rate only): the needed growth cannot exist, so nothing is reported missing.
    pub no_level: bool,
}

/// A target's progress at a period; the serialised fields are `summary --json`'s
/// `"targets"` entries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetProgress {
    /// Indicator code.
    pub indicator: String,
    /// "rate" or "level".
    pub kind: &'static str,
    /// The target (a % or a level in the indicator's unit).
    pub target: f64,
    /// The actual: the ytd growth for a rate target, the ytd level for a level target.
    pub actual: Option<f64>,
    /// Rate target: actual − target, points (高于/低于年度目标).
    pub gap_pp: Option<f64>,
    /// Level target: ytd level / target × 100.
    pub completion_pct: Option<f64>,
    /// Months covered / 12 × 100 (序时进度).
    pub schedule_pct: f64,
    /// Level target: completion − schedule, points (超/欠序时进度).
    pub ahead_pp: Option<f64>,
    /// The growth the rest of the year needs to meet the target, % (其余月份需增长).
    pub needed_growth_pct: Option<f64>,
    /// At 1—6月 of a level target: whether 时间过半、任务过半 holds (completion ≥ 50%).
    #[serde(skip)]
    pub half_year_on_track: Option<bool>,
    /// The figures missing for the needed growth (the window names them).
    #[serde(skip)]
    pub missing: Vec<MissingFigure>,
    /// False when a needed growth does not apply (a stock, or a rate without a level in the
    /// catalogue): say nothing about it rather than "cannot compute".
    #[serde(skip)]
    pub needed_applies: bool,
}

/// 序时进度 of a year-to-date period: months covered / 12 × 100 (1—2月 covers two months).
pub fn schedule_pct(period: Period) -> f64 {
    f64::from(period.month()) / 12.0 * 100.0
}

/// The growth the remaining months need, %: (T − ytd) / (last full − last same period) − 1.
/// None when the remaining months had no level last year (nothing to grow from).
pub fn needed_growth_pct(
    full_year_target: f64,
    ytd_level: f64,
    last_year_full: f64,
    last_year_same_period: f64,
) -> Option<f64> {
    let rest_last_year = last_year_full - last_year_same_period;
    (rest_last_year > 0.0).then(|| ((full_year_target - ytd_level) / rest_last_year - 1.0) * 100.0)
}

/// The progress of `target` at `period` from `inputs`.
pub fn progress(target: &Target, period: Period, inputs: &TargetInputs) -> TargetProgress {
    let schedule = schedule_pct(period);
    let mut missing = Vec::new();
    let mut need = |v: Option<f64>, what: MissingFigure| {
        if v.is_none() && !missing.contains(&what) {
            missing.push(what);
        }
        v
    };
    let (actual, gap, completion, full_year) = match target.value {
        TargetValue::Rate(rate) => {
            let actual = need(inputs.ytd_growth, MissingFigure::YtdGrowth);
            let full = inputs.last_year_full.map(|l| l * (1.0 + rate / 100.0));
            (actual, actual.map(|a| a - rate), None, full)
        }
        TargetValue::Level(level) => {
            let actual = need(inputs.ytd_level, MissingFigure::YtdLevel);
            let completion = actual.filter(|_| level > 0.0).map(|a| a / level * 100.0);
            (actual, None, completion, Some(level))
        }
    };
    let needed_applies = !inputs.stock && !inputs.no_level;
    let needed = if needed_applies {
        let ytd = need(inputs.ytd_level, MissingFigure::YtdLevel);
        let last_full = need(inputs.last_year_full, MissingFigure::LastYearFull);
        let last_same = need(
            inputs.last_year_same_period,
            MissingFigure::LastYearSamePeriod,
        );
        match (full_year, ytd, last_full, last_same) {
            (Some(t), Some(y), Some(f), Some(s)) => needed_growth_pct(t, y, f, s),
            _ => None,
        }
    } else {
        None
    };
    // A stock is not built up month by month: no 序时进度 to be ahead of.
    let ahead = completion.filter(|_| !inputs.stock).map(|c| c - schedule);
    TargetProgress {
        indicator: target.indicator.clone(),
        kind: target.value.kind(),
        target: target.value.value(),
        actual,
        gap_pp: gap,
        completion_pct: completion,
        schedule_pct: schedule,
        ahead_pp: ahead,
        needed_growth_pct: needed,
        half_year_on_track: (period.month() == 6 && !inputs.stock)
            .then_some(completion)
            .flatten()
            .map(|c| c >= 50.0),
        missing,
        needed_applies,
    }
}

/// The level indicator and the rate indicator of a target's indicator: a rate names the
/// level it is the growth of; a level's rate is the catalogue's rate that grows it.
pub fn level_and_rate<'a>(
    catalogue: &'a Catalogue,
    indicator: &'a str,
) -> (Option<&'a str>, Option<&'a str>) {
    match catalogue.indicator(indicator) {
        Some(i) if i.kind == IndicatorKind::Rate => (i.growth_of.as_deref(), Some(indicator)),
        Some(_) => (
            Some(indicator),
            catalogue
                .indicators
                .iter()
                .find(|r| {
                    r.kind == IndicatorKind::Rate && r.growth_of.as_deref() == Some(indicator)
                })
                .map(|r| r.code.as_str()),
        ),
        None => (None, None),
    }
}

/// The inputs of `target` at `period` from the region's year-to-date figures. A published
/// rate is used as published; without one (e.g. the number of enterprises) the growth is
/// computed from the levels.
pub fn inputs_for(
    target: &Target,
    period: Period,
    figures: &Figures,
    catalogue: &Catalogue,
) -> TargetInputs {
    let (level, rate) = level_and_rate(catalogue, &target.indicator);
    let value = |code: Option<&str>, p: Option<Period>| {
        let key = SeriesKey::whole(&target.region, code?, Basis::Ytd);
        figures.value(&key, p?)
    };
    let ytd_level = value(level, Some(period));
    let last_year_same_period = value(level, period.year_before());
    let last_year_full = value(level, Period::new(period.year() - 1, 12).ok());
    let from_levels = ytd_level
        .zip(last_year_same_period)
        .filter(|(_, l)| *l > 0.0)
        .map(|(c, l)| (c / l - 1.0) * 100.0);
    let ytd_growth = value(rate, Some(period)).or(from_levels);
    TargetInputs {
        ytd_growth,
        ytd_level,
        last_year_full,
        last_year_same_period,
        stock: level
            .and_then(|l| catalogue.indicator(l))
            .is_some_and(|i| i.kind == IndicatorKind::Count),
        no_level: level.is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Figure;

    fn p(y: i32, m: u32) -> Period {
        Period::new(y, m).expect("period")
    }

    fn target(indicator: &str, value: TargetValue) -> Target {
        Target {
            id: 0,
            region: "230300".into(),
            indicator: indicator.into(),
            year: 2023,
            value,
            source: None,
        }
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-9)
    }

    #[test]
    fn schedule_counts_months_covered_with_jan_feb_as_two() {
        assert!((schedule_pct(p(2023, 4)) - 100.0 / 3.0).abs() < 1e-9);
        assert!((schedule_pct(p(2023, 2)) - 100.0 / 6.0).abs() < 1e-9);
        assert!((schedule_pct(p(2023, 12)) - 100.0).abs() < 1e-9);
    }

    #[test]
    fn a_rate_target_gives_the_gap_and_the_growth_the_rest_of_the_year_needs() {
        // Target +8%. Last year 1200 in all, 380 to April; this year 400 to April (+5.3%
        // published). T = 1200 × 1.08 = 1296; the rest needs (1296 − 400) / (1200 − 380) − 1
        // = 896 / 820 − 1 = 9.268…%.
        let inputs = TargetInputs {
            ytd_growth: Some(5.3),
            ytd_level: Some(400.0),
            last_year_full: Some(1200.0),
            last_year_same_period: Some(380.0),
            ..TargetInputs::default()
        };
        let pr = progress(
            &target("va_growth", TargetValue::Rate(8.0)),
            p(2023, 4),
            &inputs,
        );
        assert_eq!(pr.kind, "rate");
        assert!(close(pr.gap_pp, -2.7));
        assert!(close(pr.needed_growth_pct, (896.0 / 820.0 - 1.0) * 100.0));
        assert_eq!((pr.completion_pct, pr.ahead_pp), (None, None));
        assert!(pr.missing.is_empty());
        // Negative growth to date: the gap is wider; a target below it is exceeded.
        let down = TargetInputs {
            ytd_growth: Some(-2.9),
            ..inputs
        };
        let pr = progress(
            &target("va_growth", TargetValue::Rate(-5.0)),
            p(2023, 4),
            &down,
        );
        assert!(close(pr.gap_pp, 2.1));
    }

    #[test]
    fn a_level_target_is_compared_with_the_schedule_and_half_year() {
        // Target 1200; 1—6月 620: completion 51.67%, schedule 50%, ahead 1.67 points,
        // 时间过半、任务过半 holds; last year 1100 in all, 560 to June: the rest needs
        // (1200 − 620) / (1100 − 560) − 1 = 7.407…%.
        let inputs = TargetInputs {
            ytd_growth: None,
            ytd_level: Some(620.0),
            last_year_full: Some(1100.0),
            last_year_same_period: Some(560.0),
            ..TargetInputs::default()
        };
        let t = target("output", TargetValue::Level(1200.0));
        let pr = progress(&t, p(2023, 6), &inputs);
        assert!(close(pr.completion_pct, 620.0 / 12.0));
        assert!((pr.schedule_pct - 50.0).abs() < 1e-9);
        assert!(close(pr.ahead_pp, 620.0 / 12.0 - 50.0));
        assert_eq!(pr.half_year_on_track, Some(true));
        assert!(close(pr.needed_growth_pct, (580.0 / 540.0 - 1.0) * 100.0));
        // Behind: 1—6月 560 → 46.7%, 3.3 points behind, not half.
        let behind = TargetInputs {
            ytd_level: Some(560.0),
            ..inputs
        };
        let pr = progress(&t, p(2023, 6), &behind);
        assert!(close(pr.ahead_pp, 560.0 / 12.0 - 50.0));
        assert_eq!(pr.half_year_on_track, Some(false));
        // Not at 1—6月: no half-year verdict.
        assert_eq!(progress(&t, p(2023, 4), &inputs).half_year_on_track, None);
    }

    #[test]
    fn missing_levels_leave_the_needed_growth_empty_and_are_named() {
        let inputs = TargetInputs {
            ytd_growth: Some(6.0),
            ..TargetInputs::default()
        };
        let pr = progress(
            &target("va_growth", TargetValue::Rate(8.0)),
            p(2023, 4),
            &inputs,
        );
        assert!(close(pr.gap_pp, -2.0));
        assert_eq!(pr.needed_growth_pct, None);
        assert_eq!(
            pr.missing,
            [
                MissingFigure::YtdLevel,
                MissingFigure::LastYearFull,
                MissingFigure::LastYearSamePeriod
            ]
        );
        assert_eq!(MissingFigure::LastYearFull.label(Lang::Zh), "上年全年总量");
        // Nothing left to grow from (last year's December level equals its November one).
        assert_eq!(needed_growth_pct(100.0, 90.0, 80.0, 80.0), None);
    }

    #[test]
    fn a_stock_has_no_schedule_and_a_rate_without_level_no_needed_growth() {
        // 163 enterprises against a target of 170 at 1—6月: 95.9% done, but a count is not
        // built up over the months — no 序时进度, no half-year verdict, no needed growth.
        let count = TargetInputs {
            ytd_level: Some(163.0),
            last_year_full: Some(158.0),
            last_year_same_period: Some(158.0),
            stock: true,
            ..TargetInputs::default()
        };
        let pr = progress(
            &target("enterprise_count", TargetValue::Level(170.0)),
            p(2023, 6),
            &count,
        );
        assert!(close(pr.completion_pct, 163.0 / 170.0 * 100.0));
        assert_eq!(
            (pr.ahead_pp, pr.half_year_on_track, pr.needed_growth_pct),
            (None, None, None)
        );
        assert!(pr.missing.is_empty() && !pr.needed_applies);
        // Investment growth is published as a rate only: nothing is "missing".
        let fai = TargetInputs {
            ytd_growth: Some(12.8),
            no_level: true,
            ..TargetInputs::default()
        };
        let pr = progress(
            &target("fai_growth", TargetValue::Rate(10.0)),
            p(2023, 4),
            &fai,
        );
        assert!(close(pr.gap_pp, 2.8));
        assert!(pr.missing.is_empty() && !pr.needed_applies && pr.needed_growth_pct.is_none());
        let cat = crate::model::catalogue::builtin();
        let figs = Figures::new();
        let i = inputs_for(
            &target("fai_growth", TargetValue::Rate(10.0)),
            p(2023, 4),
            &figs,
            cat,
        );
        assert!(i.no_level && !i.stock);
        let i = inputs_for(
            &target("enterprise_count", TargetValue::Level(170.0)),
            p(2023, 4),
            &figs,
            cat,
        );
        assert!(i.stock && !i.no_level);
    }

    #[test]
    fn inputs_come_from_the_region_figures_by_the_catalogue() {
        let cat = crate::model::catalogue::builtin();
        assert_eq!(
            level_and_rate(cat, "va_growth"),
            (Some("va"), Some("va_growth"))
        );
        assert_eq!(level_and_rate(cat, "va"), (Some("va"), Some("va_growth")));
        let mut figs = Figures::new();
        let put = |figs: &mut Figures, ind: &str, period, v| {
            figs.insert(
                SeriesKey::whole("230300", ind, Basis::Ytd),
                period,
                Figure {
                    value: v,
                    source: None,
                },
            )
        };
        put(&mut figs, "va_growth", p(2023, 4), 19.2);
        put(&mut figs, "va", p(2023, 4), 400.0);
        put(&mut figs, "va", p(2022, 4), 380.0);
        put(&mut figs, "va", p(2022, 12), 1200.0);
        put(&mut figs, "enterprise_count", p(2023, 4), 110.0);
        put(&mut figs, "enterprise_count", p(2022, 4), 100.0);
        let i = inputs_for(
            &target("va_growth", TargetValue::Rate(8.0)),
            p(2023, 4),
            &figs,
            cat,
        );
        assert_eq!(
            i,
            TargetInputs {
                ytd_growth: Some(19.2),
                ytd_level: Some(400.0),
                last_year_full: Some(1200.0),
                last_year_same_period: Some(380.0),
                stock: false,
                no_level: false,
            }
        );
        let c = inputs_for(
            &target("enterprise_count", TargetValue::Level(120.0)),
            p(2023, 4),
            &figs,
            cat,
        );
        assert!(close(c.ytd_growth, 10.0));
        assert_eq!(c.last_year_full, None);
    }
}
