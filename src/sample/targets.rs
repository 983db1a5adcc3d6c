//! The sample's annual targets (年度目标, SPEC §11), 2022 and 2023, invented and marked
//! illustrative: Jixi's value-added growth, output, revenue, investment growth and number
//! of 规上 enterprises, and each county's value-added growth. They are written as a bureau
//! writes them ("增长10%", "345亿元", "170家") and read with the targets list's parser.
//!
//! Level targets follow from the sample's own figures the way a bureau sets them: last
//! year's full-year level times a planned growth, rounded to whole 亿元 (or 家).

use crate::model::catalogue::{JIXI, OUTPUT, VA_GROWTH, builtin};
use crate::model::target::{Target, parse_target};
use crate::model::{Basis, Period, Said, Source, Subject};

use super::figures::SampleFigure;
use super::indicators::{ENTERPRISE_COUNT, FAI_GROWTH, REVENUE};

/// The source the sample's targets cite (illustrative).
pub fn source() -> Source {
    Source {
        id: 0,
        title: "样例年度目标（示意）".into(),
        publisher: "Industry Monitor".into(),
        published_on: String::new(),
        url: String::new(),
        note:
            "示意数据：2022—2023年鸡西市及所辖县（市、区）工业年度目标为虚构，仅用于演示，不得引用"
                .into(),
        illustrative: true,
    }
}

/// Rate targets as written: region, indicator, year, text.
const RATE_TARGETS: [(&str, &str, i32, &str); 21] = [
    (JIXI, VA_GROWTH, 2022, "增长10%"),
    (JIXI, VA_GROWTH, 2023, "增长10%"),
    (JIXI, FAI_GROWTH, 2023, "增长10%以上"),
    ("230302", VA_GROWTH, 2022, "增长10%"),
    ("230303", VA_GROWTH, 2022, "增长9%"),
    ("230304", VA_GROWTH, 2022, "增长9%"),
    ("230305", VA_GROWTH, 2022, "增长8%"),
    ("230306", VA_GROWTH, 2022, "增长10%"),
    ("230307", VA_GROWTH, 2022, "增长8%"),
    ("230321", VA_GROWTH, 2022, "增长12%"),
    ("230381", VA_GROWTH, 2022, "增长10%"),
    ("230382", VA_GROWTH, 2022, "增长11%"),
    ("230302", VA_GROWTH, 2023, "增长10%"),
    ("230303", VA_GROWTH, 2023, "增长9.5%"),
    ("230304", VA_GROWTH, 2023, "增长9%"),
    ("230305", VA_GROWTH, 2023, "增长8%"),
    ("230306", VA_GROWTH, 2023, "增长11%"),
    ("230307", VA_GROWTH, 2023, "增长8%"),
    ("230321", VA_GROWTH, 2023, "增长12%"),
    ("230381", VA_GROWTH, 2023, "增长10%"),
    ("230382", VA_GROWTH, 2023, "增长10.5%"),
];

/// Planned growth of the level targets over last year's full year: (indicator, year,
/// growth %). Output 2022 rests on 2021's level, which the sample does not store (it is
/// last year's output divided by its growth): its needed growth shows as missing a figure.
const LEVEL_PLANS: [(&str, i32, f64); 3] = [
    (OUTPUT, 2022, 10.0),
    (OUTPUT, 2023, 8.0),
    (REVENUE, 2023, 7.0),
];

/// Enterprises above designated size the city plans to add in 2023 (新增规上企业).
const NEW_ENTERPRISES_2023: f64 = 12.0;

/// Jixi's ytd figure of `indicator` at the end of `year`, if the sample has it.
fn full_year(figures: &[SampleFigure], indicator: &str, year: i32) -> Option<f64> {
    let p = Period::new(year, 12).ok()?;
    figures
        .iter()
        .find(|f| {
            f.region == JIXI
                && f.indicator == indicator
                && f.subject == Subject::Whole
                && f.basis == Basis::Ytd
                && f.period == p
        })
        .map(|f| f.value)
}

/// The rate indicator that is the growth of the level `indicator`.
fn growth_of(indicator: &str) -> Option<&'static str> {
    builtin()
        .indicators
        .iter()
        .find(|i| i.growth_of.as_deref() == Some(indicator))
        .map(|i| i.code.as_str())
}

/// The targets as a bureau writes them: region, indicator, year, text.
pub fn written(figures: &[SampleFigure]) -> Vec<(&'static str, &'static str, i32, String)> {
    let mut out: Vec<_> = RATE_TARGETS
        .iter()
        .map(|&(r, i, y, t)| (r, i, y, t.to_string()))
        .collect();
    for (indicator, year, plan) in LEVEL_PLANS {
        // Last year's full-year level: stored, or (2021) this year's over its growth.
        let last = full_year(figures, indicator, year - 1).or_else(|| {
            let rate = growth_of(indicator)?;
            Some(
                full_year(figures, indicator, year)?
                    / (1.0 + full_year(figures, rate, year)? / 100.0),
            )
        });
        if let Some(last) = last {
            // 万元 → 亿元, rounded to whole 亿元 as a bureau writes a target.
            let yi = (last * (1.0 + plan / 100.0) / 10_000.0).round();
            out.push((JIXI, indicator, year, format!("{yi}亿元")));
        }
    }
    if let Some(count) = full_year(figures, ENTERPRISE_COUNT, 2022) {
        let planned = count + NEW_ENTERPRISES_2023;
        out.push((JIXI, ENTERPRISE_COUNT, 2023, format!("{planned}家")));
    }
    out
}

/// The sample's targets, read from their written form with the targets list's parser.
pub fn targets(figures: &[SampleFigure]) -> Result<Vec<Target>, Said> {
    let catalogue = builtin();
    written(figures)
        .into_iter()
        .map(|(region, indicator, year, text)| {
            let unit = catalogue
                .indicator(indicator)
                .map(|i| i.unit.as_str())
                .unwrap_or("");
            Ok(Target {
                id: 0,
                region: region.to_string(),
                indicator: indicator.to_string(),
                year,
                value: parse_target(&text, unit)?,
                source: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::indicators::indicator_rows;
    use crate::analysis::targets::MissingFigure;
    use crate::model::target::TargetValue;

    fn p(y: i32, m: u32) -> Period {
        Period::new(y, m).expect("period")
    }

    #[test]
    fn every_target_parses_and_is_stored_citing_an_illustrative_source() {
        let figures = super::super::figures();
        let written = written(&figures);
        // 3 rate targets of Jixi, 9 counties × 2 years, 3 level plans, the enterprise count.
        assert_eq!(written.len(), 3 + 18 + 3 + 1);
        let parsed = targets(&figures).expect("every target parses");
        let ds = super::super::in_memory().expect("sample");
        let stored = ds.targets().expect("targets");
        assert_eq!(stored.len(), parsed.len());
        for t in &parsed {
            let s = stored
                .iter()
                .find(|s| s.region == t.region && s.indicator == t.indicator && s.year == t.year)
                .unwrap_or_else(|| panic!("{t:?} stored"));
            assert_eq!(s.value, t.value);
        }
        let of = |region: &str, indicator: &str, year: i32| {
            parsed
                .iter()
                .find(|t| t.region == region && t.indicator == indicator && t.year == year)
                .map(|t| t.value)
        };
        assert_eq!(of(JIXI, VA_GROWTH, 2023), Some(TargetValue::Rate(10.0)));
        assert_eq!(of(JIXI, FAI_GROWTH, 2023), Some(TargetValue::Rate(10.0)));
        // Output: 2022's full year (320.2亿元) × 1.08 = 345.8 → 346亿元, stored in 万元.
        let out22 = full_year(&figures, OUTPUT, 2022).expect("2022 output");
        let expected = (out22 * 1.08 / 10_000.0).round() * 10_000.0;
        assert_eq!(of(JIXI, OUTPUT, 2023), Some(TargetValue::Level(expected)));
        assert_eq!(expected, 3_460_000.0);
        // 规上 enterprises: 158 in 2022 and 12 more planned.
        assert_eq!(
            of(JIXI, ENTERPRISE_COUNT, 2023),
            Some(TargetValue::Level(170.0))
        );
        for code in super::super::counties::COUNTIES.map(|c| c.0) {
            for year in [2022, 2023] {
                let Some(TargetValue::Rate(r)) = of(code, VA_GROWTH, year) else {
                    panic!("{code} {year} has a growth target");
                };
                assert!((8.0..=12.0).contains(&r), "{code} {year}: {r}");
            }
        }
        let sources = ds.sources().expect("sources");
        let source = sources
            .iter()
            .find(|s| s.title == source().title)
            .expect("the targets' source");
        assert!(source.illustrative);
    }

    #[test]
    fn jixi_and_a_county_show_every_indicator_with_target_progress() {
        let ds = super::super::in_memory().expect("sample");
        let targets = ds.targets().expect("targets");
        let snap = ds.snapshot(None).expect("Jixi");
        let rows = indicator_rows(
            &snap.figures,
            &snap.catalogue,
            &snap.context,
            p(2023, 6),
            &targets,
        );
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "va",
                OUTPUT,
                FAI_GROWTH,
                "industrial_investment_growth",
                ENTERPRISE_COUNT,
                REVENUE,
                "profit"
            ]
        );
        for r in &rows {
            if r.code != ENTERPRISE_COUNT {
                assert_eq!(r.rank_of, Some(13), "{} ranks among the 13 cities", r.code);
                assert!(
                    r.vs_parent_pp.is_some(),
                    "{} has a gap to the province",
                    r.code
                );
            }
        }
        let with_target: Vec<&str> = rows
            .iter()
            .filter(|r| r.target.is_some())
            .map(|r| r.code.as_str())
            .collect();
        assert_eq!(
            with_target,
            ["va", OUTPUT, FAI_GROWTH, ENTERPRISE_COUNT, REVENUE]
        );
        let output = rows[1].target.as_ref().expect("output target");
        assert_eq!(output.kind, "level");
        assert!(output.needed_growth_pct.is_some() && output.missing.is_empty());
        assert_eq!(output.half_year_on_track, Some(true));
        // 2022's output target rests on 2021's level, which the sample does not store.
        let rows = indicator_rows(
            &snap.figures,
            &snap.catalogue,
            &snap.context,
            p(2022, 12),
            &targets,
        );
        let output = rows[1].target.as_ref().expect("2022 output target");
        assert!(output.missing.contains(&MissingFigure::LastYearFull));
        // A county: ranked among the nine, with the gap to the city and its target.
        let county = ds.snapshot(Some("230307")).expect("麻山区");
        let rows = indicator_rows(
            &county.figures,
            &county.catalogue,
            &county.context,
            p(2023, 4),
            &targets,
        );
        let va = rows.iter().find(|r| r.code == "va").expect("value added");
        assert_eq!(va.rank_of, Some(9));
        assert!(
            va.vs_parent_pp.is_some_and(|g| g < 0.0),
            "麻山区 lags the city"
        );
        let t = va.target.as_ref().expect("county target");
        assert_eq!((t.kind, t.target), ("rate", 8.0));
        assert!(
            t.needed_growth_pct.is_some(),
            "county levels give the needed growth"
        );
    }
}
