//! The sample's enterprise monthly returns (企业月报), 2022 and 2023, every period 1—2月 …
//! 1—12月, for the register's 规上 enterprises: invented, marked illustrative, and built so
//! that each industry's enterprises grow about as the sample's industry figures do.
//!
//! How: each industry's monthly path is its ytd value-added levels in the sample (2021
//! levels from the 2022 levels and rates); an enterprise's output in a month is its share of
//! the industry × its own level against the industry that year × the industry's month ×
//! a small monthly wobble × the industry's output-to-value-added ratio. Each year the
//! enterprises' levels are rescaled so that the continuing, running ones keep the industry's
//! weight: their aggregate output grows at the industry's rate (give or take the wobble),
//! while single enterprises grow or decline around it. Sales are 97–99 % of output; revenue,
//! profit (some enterprises lose money), electricity and employees follow output.
//!
//! Deliberate cases, so every status shows: a few enterprises are new in 2023 (no return
//! for 2022, no last-year column), a few stop production in autumn 2023 (zero months, the
//! ytd value flat), and a few 规上 enterprises have no return for the latest period
//! (2023 1—12月). The register is not touched: no enterprise is added.

use crate::model::catalogue::{JIXI, VA, VA_GROWTH};
use crate::model::returns::{ReturnIndicator, ReturnRow, ReturnValues};
use crate::model::{Basis, Enterprise, Period, Source, Subject};

use super::Rng;
use super::figures::SampleFigure;

/// Enterprises new in 2023: no 2022 return, no last-year values.
pub const NEW: usize = 5;
/// Enterprises that stop production in autumn 2023.
pub const STOPPED: usize = 4;
/// 规上 enterprises without a return for the latest period.
pub const MISSING_LATEST: usize = 3;
/// The years with returns.
pub const YEARS: [i32; 2] = [2022, 2023];

/// The latest period with returns (2023 1—12月).
pub fn latest() -> Period {
    Period::new(2023, 12).unwrap_or_else(|_| unreachable!("December is a valid period"))
}

/// The source the sample's returns cite (illustrative).
pub fn source() -> Source {
    Source {
        id: 0,
        title: "样例企业月报（示意）".into(),
        publisher: "Industry Monitor".into(),
        published_on: String::new(),
        url: String::new(),
        note: "示意数据：2022—2023年规上企业月报（工业总产值、销售产值、营业收入、利润总额、用电量、从业人员，现价）为虚构，按样例各行业增速编制，仅用于演示，不得引用".into(),
        illustrative: true,
    }
}

/// Output per value added (gross output ÷ value added), by industry: mining and power make
/// more value added per yuan of output than processing does.
pub(super) const OUTPUT_PER_VA: [(&str, f64); 10] = [
    ("coal", 3.0),
    ("graphite", 3.1),
    ("food", 3.4),
    ("medicine", 3.0),
    ("power", 2.8),
    ("coking", 3.6),
    ("machinery", 3.4),
    ("building_materials", 3.2),
    ("magnesium", 3.5),
    ("new_energy", 2.6),
];

/// Electricity per output (万千瓦时 per 万元) and output per employee per year (万元).
fn intensity(industry: &str) -> (f64, f64) {
    match industry {
        "coal" => (0.030, 90.0),
        "graphite" => (0.090, 110.0),
        "magnesium" => (0.220, 120.0),
        "building_materials" => (0.060, 100.0),
        "power" => (0.050, 260.0),
        "coking" => (0.025, 300.0),
        "new_energy" => (0.006, 400.0),
        _ => (0.012, 150.0),
    }
}

/// An industry's ytd value-added levels, years 2021–2023 × the 11 periods.
type Path = [[f64; 11]; 3];

/// The industry's ytd value-added levels from the sample's figures; 2021 from 2022's
/// levels and rates. None when the sample has no levels for it.
fn industry_path(figures: &[SampleFigure], industry: &str) -> Option<Path> {
    let find = |indicator: &str, p: Period| {
        figures
            .iter()
            .find(|f| {
                f.region == JIXI
                    && f.indicator == indicator
                    && f.basis == Basis::Ytd
                    && f.period == p
                    && matches!(&f.subject, Subject::Industry(c) if c == industry)
            })
            .map(|f| f.value)
    };
    let mut path = [[0.0; 11]; 3];
    for (k, year) in YEARS.into_iter().enumerate() {
        for (i, p) in Period::all_in_year(year).enumerate() {
            path[k + 1][i] = find(VA, p)?;
            if year == 2022 {
                path[0][i] = path[1][i] / (1.0 + find(VA_GROWTH, p)? / 100.0);
            }
        }
    }
    Some(path)
}

/// The month values of a ytd path (for 1—2月 the ytd value itself).
fn months_of(ytd: &[f64; 11]) -> [f64; 11] {
    let mut out = [0.0; 11];
    for i in 0..11 {
        out[i] = ytd[i] - if i == 0 { 0.0 } else { ytd[i - 1] };
    }
    out
}

/// What happens to an enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Reports every period of both years.
    Regular,
    /// Starts reporting in 2023.
    New,
    /// Stops production from this period index of 2023 on (month values 0).
    Stopped(usize),
    /// No return for the latest period.
    MissingLatest,
}

/// One enterprise's plan: its share of the industry and its level against the industry
/// in 2021, 2022 and 2023 (0: no output that year).
struct Plan<'a> {
    enterprise: &'a Enterprise,
    industry: usize,
    share: f64,
    level: [f64; 3],
    role: Role,
}

/// Rounds to `digits` decimals.
fn round_to(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

/// Plans the 规上 enterprises: shares, levels, roles; levels rescaled per industry and year
/// so the continuing, running enterprises keep the industry's weight.
fn plan<'a>(register: &'a [Enterprise], industries: &[&str], rng: &mut Rng) -> Vec<Plan<'a>> {
    let mut plans: Vec<Plan<'a>> = register
        .iter()
        .filter(|e| e.above_size)
        .filter_map(|e| {
            let industry = industries
                .iter()
                .position(|c| Some(*c) == e.industry.as_deref())?;
            // Sizes spread over a factor of 20 (log-uniform), as in a real register.
            let share = rng.range(0.0, 3.0).exp();
            let grow = |rng: &mut Rng| {
                if rng.below(100) < 18 {
                    rng.range(-0.40, -0.15)
                } else {
                    rng.range(-0.06, 0.14)
                }
            };
            let l22 = 1.0 + grow(rng);
            let l23 = l22 * (1.0 + grow(rng));
            Some(Plan {
                enterprise: e,
                industry,
                share,
                level: [1.0, l22, l23],
                role: Role::Regular,
            })
        })
        .collect();
    let mut order: Vec<usize> = (0..plans.len()).collect();
    rng.shuffle(&mut order);
    for (n, &i) in order.iter().enumerate() {
        plans[i].role = match n {
            n if n < NEW => Role::New,
            n if n < NEW + STOPPED => Role::Stopped(7 + rng.below(3)),
            n if n < NEW + STOPPED + MISSING_LATEST => Role::MissingLatest,
            _ => Role::Regular,
        };
        match plans[i].role {
            Role::New => plans[i].level = [0.0, 0.0, rng.range(0.6, 1.2)],
            // Small enterprises are the ones that stop.
            Role::Stopped(_) => plans[i].share *= 0.3,
            _ => {}
        }
    }
    for industry in 0..industries.len() {
        // Shares of the industry's 2021 output: the industry's weight is its value added.
        let total: f64 = plans
            .iter()
            .filter(|p| p.industry == industry && p.level[0] > 0.0)
            .map(|p| p.share)
            .sum();
        for p in plans.iter_mut().filter(|p| p.industry == industry) {
            p.share /= total.max(f64::MIN_POSITIVE);
        }
        for year in 1..3 {
            let (mut before, mut now) = (0.0, 0.0);
            for p in plans.iter().filter(|p| p.industry == industry) {
                if p.role == Role::Regular || p.role == Role::MissingLatest {
                    before += p.share * p.level[year - 1];
                    now += p.share * p.level[year];
                }
            }
            if now > 0.0 {
                for p in plans.iter_mut().filter(|p| p.industry == industry) {
                    p.level[year] *= before / now;
                }
            }
        }
    }
    plans
}

/// One enterprise's month values for one year, every indicator but employees, and its
/// head counts; indexed [indicator][period index].
struct YearValues {
    flows: [[f64; 11]; 5],
    heads: [f64; 11],
}

/// The month values of one enterprise in year index `y` (0: 2021).
fn year_values(
    p: &Plan,
    y: usize,
    industry_months: &[f64; 11],
    ratio: f64,
    rng: &mut Rng,
) -> YearValues {
    let code = p.enterprise.industry.as_deref().unwrap_or("");
    let (power_per_output, output_per_head) = intensity(code);
    let revenue_ratio = rng.range(0.95, 1.15);
    let margin = rng.range(-0.04, 0.12);
    let annual = industry_months.iter().sum::<f64>() * ratio * p.share * p.level[y];
    let heads_year = (annual / output_per_head).max(20.0) * rng.range(0.96, 1.05);
    let stop_from = match (p.role, y) {
        (Role::Stopped(k), 2) => k,
        _ => 11,
    };
    let mut v = YearValues {
        flows: [[0.0; 11]; 5],
        heads: [0.0; 11],
    };
    for (i, &industry_month) in industry_months.iter().enumerate() {
        let running = i < stop_from;
        let output = if running {
            round_to(
                industry_month * ratio * p.share * p.level[y] * (1.0 + rng.range(-0.06, 0.06)),
                1,
            )
        } else {
            0.0
        };
        let revenue = round_to(output * revenue_ratio * (1.0 + rng.range(-0.03, 0.03)), 1);
        let profit = if running {
            round_to(revenue * (margin + rng.range(-0.03, 0.03)), 1)
        } else {
            // A stopped plant still pays its fixed costs.
            round_to(-annual / 12.0 * 0.01, 1)
        };
        let power_base = if running {
            output
        } else {
            annual / 12.0 * 0.03
        };
        v.flows[0][i] = output;
        v.flows[1][i] = round_to(output * rng.range(0.97, 0.99), 1);
        v.flows[2][i] = revenue;
        v.flows[3][i] = profit;
        v.flows[4][i] = round_to(power_base * power_per_output * rng.range(0.95, 1.05), 2);
        let heads = if running {
            heads_year
        } else {
            heads_year * 0.15
        };
        v.heads[i] = (heads * rng.range(0.98, 1.02)).round();
    }
    v
}

/// Year-to-date values of month values, summed in the rounding unit so that a flat ytd is
/// exactly flat.
fn ytd_of(months: &[f64; 11], digits: i32) -> [f64; 11] {
    let f = 10f64.powi(digits);
    let mut sum = 0i64;
    let mut out = [0.0; 11];
    for i in 0..11 {
        sum += (months[i] * f).round() as i64;
        out[i] = sum as f64 / f;
    }
    out
}

/// Average head counts up to each period (1—2月 counts for two months).
fn heads_ytd(heads: &[f64; 11]) -> [f64; 11] {
    let mut out = [0.0; 11];
    let (mut sum, mut months) = (0.0, 0.0);
    for i in 0..11 {
        let w = if i == 0 { 2.0 } else { 1.0 };
        sum += heads[i] * w;
        months += w;
        out[i] = (sum / months).round();
    }
    out
}

/// An enterprise's (month, ytd) values per indicator for a year, [indicator][period index].
fn indicator_values(v: &YearValues) -> [[(f64, f64); 11]; 6] {
    let mut out = [[(0.0, 0.0); 11]; 6];
    for (k, months) in v.flows.iter().enumerate() {
        let digits = if k == 4 { 2 } else { 1 };
        let ytd = ytd_of(months, digits);
        for i in 0..11 {
            out[k][i] = (months[i], ytd[i]);
        }
    }
    let ytd = heads_ytd(&v.heads);
    for i in 0..11 {
        out[5][i] = (v.heads[i], ytd[i]);
    }
    out
}

/// The return of one period from this year's and last year's values.
fn row(
    e: &Enterprise,
    period: Period,
    i: usize,
    now: &[[(f64, f64); 11]; 6],
    before: Option<&[[(f64, f64); 11]; 6]>,
) -> ReturnRow {
    let mut r = ReturnRow::new(e.credit_code.clone(), period);
    for ind in ReturnIndicator::ALL {
        let (month, ytd) = now[ind.index()][i];
        let last = before.map(|b| b[ind.index()][i].1);
        // Forms state the growth of output; the other indicators' growth is left blank.
        let stated = match (ind, last) {
            (ReturnIndicator::Output, Some(l)) if l > 0.0 => {
                Some(round_to((ytd / l - 1.0) * 100.0, 1))
            }
            _ => None,
        };
        r.set(
            ind,
            ReturnValues {
                month: Some(month),
                ytd: Some(ytd),
                ytd_last_year: last,
                stated_growth_pct: stated,
            },
        );
    }
    r
}

/// The sample's returns for `register` (its 规上 enterprises), consistent with the
/// industry levels in `figures`; in period order, then register order.
pub fn build(register: &[Enterprise], figures: &[SampleFigure], rng: &mut Rng) -> Vec<ReturnRow> {
    let industries: Vec<&str> = OUTPUT_PER_VA.iter().map(|(c, _)| *c).collect();
    let paths: Vec<Option<Path>> = industries
        .iter()
        .map(|c| industry_path(figures, c))
        .collect();
    let plans = plan(register, &industries, rng);
    // rows[year index 0..2][period index] for 2022 and 2023.
    let mut by_period: Vec<Vec<ReturnRow>> = vec![Vec::new(); 22];
    for p in &plans {
        let Some(path) = &paths[p.industry] else {
            continue;
        };
        let ratio = OUTPUT_PER_VA[p.industry].1;
        let years: Vec<[[(f64, f64); 11]; 6]> = (0..3)
            .map(|y| indicator_values(&year_values(p, y, &months_of(&path[y]), ratio, rng)))
            .collect();
        for (k, year) in YEARS.into_iter().enumerate() {
            let y = k + 1;
            if p.level[y] == 0.0 {
                continue;
            }
            let before = (p.level[y - 1] > 0.0).then(|| &years[y - 1]);
            for (i, period) in Period::all_in_year(year).enumerate() {
                if p.role == Role::MissingLatest && period == latest() {
                    continue;
                }
                by_period[k * 11 + i].push(row(p.enterprise, period, i, &years[y], before));
            }
        }
    }
    by_period.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::returns::{ReturnStats, Status, members, return_stats};
    use crate::store::Dataset;

    fn p(year: i32, month: u32) -> Period {
        Period::new(year, month).expect("period")
    }

    fn stats(ds: &Dataset, period: Period, ind: ReturnIndicator) -> ReturnStats {
        let register = ds.register().expect("register");
        let resolved = ds.returns_for(period, ind).expect("returns");
        return_stats(period, ind, &members(&register, ds.catalogue()), &resolved)
    }

    /// The sample's published or illustrative 规上工业增加值 ytd growth of Jixi.
    fn city_growth(period: Period) -> f64 {
        super::super::figures()
            .iter()
            .find(|f| {
                f.region == JIXI
                    && f.indicator == VA_GROWTH
                    && f.basis == Basis::Ytd
                    && f.subject == Subject::Whole
                    && f.period == period
            })
            .map(|f| f.value)
            .expect("the sample has the city's growth")
    }

    /// The sample's ytd value-added growth of an industry.
    fn industry_growth(period: Period, industry: &str) -> f64 {
        super::super::figures()
            .iter()
            .find(|f| {
                f.region == JIXI
                    && f.indicator == VA_GROWTH
                    && f.period == period
                    && matches!(&f.subject, Subject::Industry(c) if c == industry)
            })
            .map(|f| f.value)
            .expect("the sample has the industry's growth")
    }

    /// How far the enterprises' aggregate output growth (current prices) may be from the
    /// sample's value-added growth (comparable prices), points: the monthly wobble, the
    /// stopped enterprises and the industries' output-to-value-added ratios move it.
    const CITY_BAND_PP: f64 = 1.0;
    /// The same for one industry's enterprises (a handful of enterprises each).
    const INDUSTRY_BAND_PP: f64 = 3.0;

    #[test]
    fn aggregate_output_growth_is_near_the_city_growth() {
        let ds = super::super::in_memory().expect("sample");
        for period in [p(2022, 12), p(2023, 4), p(2023, 12)] {
            let s = stats(&ds, period, ReturnIndicator::Output);
            let growth = s.growth_pct.expect("comparable enterprises");
            let city = city_growth(period);
            assert!(
                (growth - city).abs() <= CITY_BAND_PP,
                "{}: enterprises {growth:.2} vs city {city}",
                period.code()
            );
        }
    }

    #[test]
    fn each_industry_grows_near_its_sample_rate() {
        let ds = super::super::in_memory().expect("sample");
        for period in [p(2023, 4), p(2023, 12)] {
            let s = stats(&ds, period, ReturnIndicator::Output);
            let groups = s.breakdown(crate::analysis::returns::Dimension::Industry);
            assert_eq!(groups.len(), OUTPUT_PER_VA.len());
            for g in groups {
                let code = g.key.clone().expect("every enterprise has an industry");
                let growth = g.tally.growth_pct.expect("comparable enterprises");
                let target = industry_growth(period, &code);
                assert!(
                    (growth - target).abs() <= INDUSTRY_BAND_PP,
                    "{} {code}: {growth:.2} vs {target}",
                    period.code()
                );
            }
        }
    }

    #[test]
    fn every_above_size_enterprise_reports_but_the_missing_ones() {
        let ds = super::super::in_memory().expect("sample");
        let register = ds.register().expect("register");
        let above = register.enterprises.iter().filter(|e| e.above_size).count();
        assert!(above > 100, "{above}");
        let periods = ds.return_periods().expect("periods");
        assert_eq!(periods.len(), 22);
        assert_eq!(periods.first(), Some(&p(2022, 2)));
        assert_eq!(periods.last(), Some(&latest()));
        for period in Period::all_in_year(2023) {
            let s = stats(&ds, period, ReturnIndicator::Output);
            let missing = if period == latest() {
                MISSING_LATEST
            } else {
                0
            };
            assert_eq!(s.missing, missing, "{}", period.code());
            assert_eq!(s.reporting, above - missing, "{}", period.code());
        }
        // In 2022 the enterprises new in 2023 had not reported yet.
        let s = stats(&ds, p(2022, 12), ReturnIndicator::Output);
        assert_eq!((s.missing, s.reporting), (NEW, above - NEW));
    }

    #[test]
    fn every_status_shows_in_the_latest_period() {
        let ds = super::super::in_memory().expect("sample");
        for ind in ReturnIndicator::ALL {
            let s = stats(&ds, latest(), ind);
            let count = |st: Status| s.enterprises.iter().filter(|e| e.status == st).count();
            if ind == ReturnIndicator::Profit {
                // A loss last year is not comparable either (previous ≤ 0): new as well.
                assert!(count(Status::New) > NEW, "{ind}");
            } else {
                assert_eq!(count(Status::New), NEW, "{ind}");
            }
            assert_eq!(count(Status::Missing), MISSING_LATEST, "{ind}");
            if matches!(ind, ReturnIndicator::Output | ReturnIndicator::Sales) {
                assert_eq!(count(Status::Stopped), STOPPED, "{ind}");
                assert_eq!(s.stopped, STOPPED);
            }
            let (growing, declining) = (count(Status::Growing), count(Status::Declining));
            assert!(declining >= 10, "{ind}: {declining} declining");
            if ind != ReturnIndicator::Profit {
                assert!(growing > s.comparable / 2, "{ind}: {growing} growing");
            }
        }
        // Stopped enterprises report zero months and a flat year to date.
        let out = ReturnIndicator::Output;
        let resolved = ds.returns_for(latest(), out).expect("returns");
        let stopped: Vec<_> = resolved
            .iter()
            .filter(|r| crate::analysis::returns::status(r) == Status::Stopped)
            .collect();
        assert_eq!(stopped.len(), STOPPED);
        for r in stopped {
            assert_eq!(r.month, Some(0.0));
            assert_eq!(r.ytd, r.ytd_previous_period);
            assert!(r.ytd.is_some_and(|v| v > 0.0));
        }
    }

    #[test]
    fn values_are_consistent_across_indicators_and_periods() {
        let ds = super::super::in_memory().expect("sample");
        let mut negative_profit = 0;
        let mut last_ytd: std::collections::HashMap<(String, i32, usize), f64> =
            std::collections::HashMap::new();
        for period in ds.return_periods().expect("periods") {
            let (rows, skipped) = ds.return_rows(period).expect("rows");
            assert!(skipped.is_empty());
            for r in rows {
                let v = |ind: ReturnIndicator| *r.get(ind).expect("every indicator is given");
                let (output, sales) = (v(ReturnIndicator::Output), v(ReturnIndicator::Sales));
                let (Some(o), Some(s)) = (output.ytd, sales.ytd) else {
                    panic!("ytd values are given");
                };
                if o > 0.0 {
                    let ratio = s / o;
                    assert!((0.969..=0.991).contains(&ratio), "{} {ratio}", r.enterprise);
                }
                for m in r.monthly() {
                    assert!(crate::analysis::returns::check_stated_growth(&m).is_none());
                }
                if v(ReturnIndicator::Profit).ytd.is_some_and(|x| x < 0.0) {
                    negative_profit += 1;
                }
                assert!(v(ReturnIndicator::Employees).ytd.is_some_and(|x| x >= 1.0));
                for ind in ReturnIndicator::ALL {
                    if !ind.is_flow() || ind == ReturnIndicator::Profit {
                        continue;
                    }
                    let val = v(ind);
                    let ytd = val.ytd.expect("ytd");
                    let key = (r.enterprise.clone(), period.year(), ind.index());
                    let before = last_ytd.insert(key, ytd).unwrap_or(0.0);
                    assert!(ytd >= before, "{} {ind} {}", r.enterprise, period.code());
                    let month = val.month.expect("month");
                    assert!(
                        (ytd - before - month).abs() < 1e-6,
                        "{} {ind}",
                        r.enterprise
                    );
                }
            }
        }
        assert!(negative_profit > 0);
    }

    #[test]
    fn the_register_keeps_its_published_counts() {
        let ds = super::super::in_memory().expect("sample");
        let register = ds.register().expect("register");
        let e = &register.enterprises;
        assert_eq!(e.len(), 385);
        assert_eq!(e.iter().filter(|e| e.key_support).count(), 318);
        assert_eq!(e.iter().filter(|e| e.emerging).count(), 243);
        let four = ["graphite", "food", "medicine"];
        let emerging_three = e
            .iter()
            .filter(|e| e.emerging && four.contains(&e.industry.as_deref().unwrap_or("")))
            .count();
        assert_eq!(emerging_three, 132);
        // The returns cite their own illustrative source.
        let sources = ds.sources().expect("sources");
        let source = sources
            .iter()
            .find(|s| s.title == source().title)
            .expect("the returns' source");
        assert!(source.illustrative);
    }
}
