//! Enterprise monthly returns at a provincial department's scale (SPEC §9): by default
//! 70,000 规上 enterprises × 5 years × 11 periods (1—2月 … 1—12月; January has no period of
//! its own) × 6 indicators = 23.1 M indicator values, each with this month's, this year's and
//! last year's year-to-date figures. Written (a) into a dataset through the store (register
//! plus returns), or (b) as the wide CSV files a bureau receives, one per period with
//! single-row joined headers and the period in the file name (企业月报2024年1-4月.csv).
//!
//! Both come from one deterministic generator, period by period in the store's key order
//! (year, period, enterprise), so the dataset is written by appending and the CSV files hold
//! exactly the stored values. Everything is random and marked illustrative: for benchmarks.
//!
//! Realism where it costs nothing: sizes spread over two orders of magnitude, seasonal months,
//! growth around 5 % with about a quarter of the enterprises declining, loss-makers, a few
//! enterprises new in each year (no last-year values), about 1 % stopped for the rest of a
//! year (zero months) and 0.5 % of the returns missing. The 8 % key-support enterprises are
//! paired with 300 officials and have service requests and (one in three) an investment
//! project, so the 包联 scorecard can be measured at this scale too.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::large;
use crate::model::catalogue::{JIXI, builtin};
use crate::model::credit_code;
use crate::model::enterprise::REQUEST_CATEGORIES;
use crate::model::returns::{ReturnIndicator, ReturnRow, ReturnValues};
use crate::model::{
    Date, Enterprise, InvestmentProject, Lang, Period, RegionLevel, RequestStatus, Satisfaction,
    ServiceRequest, Source,
};
use crate::store::{Dataset, DatasetMeta, Result, sql_err};

/// The size of generated returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnsSpec {
    /// Enterprises in the register, all 规上.
    pub enterprises: usize,
    /// Years of returns, ending with `last_year`.
    pub years: usize,
    /// The last year.
    pub last_year: i32,
}

impl ReturnsSpec {
    /// 70,000 enterprises × 5 years (2020–2024) × 11 periods × 6 indicators.
    pub const FULL: ReturnsSpec = ReturnsSpec {
        enterprises: 70_000,
        years: 5,
        last_year: 2024,
    };

    /// The first year with returns.
    pub fn first_year(self) -> i32 {
        self.last_year + 1 - self.years as i32
    }

    /// Every period with returns, oldest first.
    pub fn periods(self) -> Vec<Period> {
        (self.first_year()..=self.last_year)
            .flat_map(Period::all_in_year)
            .collect()
    }

    /// Indicator values (enterprise × period × indicator) if every enterprise reported
    /// every period; the generated returns hold a little fewer (new, missing).
    pub fn value_count(self) -> usize {
        self.enterprises * self.years * 11 * ReturnIndicator::ALL.len()
    }
}

/// The generated data's source (illustrative).
pub fn source() -> Source {
    Source {
        id: 0,
        title: "生成的企业月报（基准测试用）".into(),
        publisher: "Industry Monitor".into(),
        published_on: String::new(),
        url: String::new(),
        note: "随机生成，仅用于性能测试，不得引用".into(),
        illustrative: true,
    }
}

/// Seasonal share of a year's output in each period: 1—2月 (two months, a holiday), then
/// months, with the year-end push.
const SEASON: [f64; 11] = [
    0.140, 0.085, 0.082, 0.080, 0.080, 0.083, 0.084, 0.086, 0.088, 0.090, 0.102,
];

/// A 64-bit mix (splitmix64's finaliser): independent noise per (enterprise, year, period)
/// without carrying generator state, so any period can be generated on its own.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A uniform number in [lo, hi) from a key.
fn unit(key: u64, lo: f64, hi: f64) -> f64 {
    lo + (mix(key) >> 11) as f64 / (1u64 << 53) as f64 * (hi - lo)
}

fn key(e: usize, year: i32, slot: u64) -> u64 {
    ((e as u64) << 24) ^ ((year as u64 & 0xFFFF) << 8) ^ slot
}

/// The credit-code alphabet (GB 32100), for organisation bodies.
const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Trade names and industry words for names: 12 × 40 × 40 × 16 > 300,000 distinct names.
const PLACES: [&str; 12] = [
    "龙江",
    "北疆",
    "松花江",
    "兴安",
    "三江",
    "黑土",
    "寒地",
    "北国",
    "冰城",
    "鹤城",
    "雪乡",
    "界江",
];
const TRADES: [&str; 40] = [
    "恒达", "鑫源", "宏泰", "东盛", "华宇", "金诚", "瑞丰", "永晟", "嘉禾", "天利", "正阳", "广源",
    "盛世", "新程", "博远", "佳和", "通达", "裕丰", "海川", "同创", "众成", "晨光", "福临", "润泽",
    "泰和", "安达", "启航", "卓越", "联合", "德隆", "森源", "乾元", "凯旋", "宝泰", "汇丰", "远航",
    "聚力", "长青", "国信", "中科",
];
const WORDS: [&str; 16] = [
    "实业",
    "科技",
    "制造",
    "材料",
    "食品",
    "药业",
    "能源",
    "机械",
    "化工",
    "建材",
    "电子",
    "纺织",
    "矿业",
    "装备",
    "新材料",
    "生物",
];

/// The register's enterprise number `e` (0-based): a unique name and valid credit code, an
/// industry of the large catalogue, a region of Heilongjiang, 规上.
pub fn enterprise(e: usize, regions: &[String], industries: &[String]) -> Enterprise {
    let (p, t, u, w) = (
        e % 12,
        (e / 12) % 40,
        (e / 480) % 40,
        (e / 19_200) % WORDS.len(),
    );
    let mut name = format!(
        "{}{}{}{}有限公司",
        PLACES[p], TRADES[t], TRADES[u], WORDS[w]
    );
    if e >= 12 * 40 * 40 * WORDS.len() {
        name = format!("{name}第{}分公司", e / (12 * 40 * 40 * WORDS.len()));
    }
    let region = &regions[mix(e as u64 ^ 0xAB) as usize % regions.len().max(1)];
    // Organisation bodies "MA" + six base-31 digits of e: unique up to 887 M enterprises.
    let mut body = String::from("MA");
    let mut n = e;
    let mut digits = [0u8; 6];
    for d in digits.iter_mut().rev() {
        *d = ALPHABET[n % ALPHABET.len()];
        n /= ALPHABET.len();
    }
    body.extend(digits.iter().map(|&b| char::from(b)));
    let credit_code = credit_code::compose("91", &region[..6.min(region.len())], &body)
        .unwrap_or_else(|| unreachable!("ASCII bodies of the code alphabet always compose"));
    Enterprise {
        id: 0,
        name,
        credit_code,
        industry: industries.get(e % industries.len().max(1)).cloned(),
        region: region.clone(),
        above_size: true,
        emerging: mix(e as u64 ^ 0xE1) % 100 < 30,
        srdi: mix(e as u64 ^ 0x5D) % 100 < 5,
        key_support: mix(e as u64 ^ 0x4B) % 100 < 8,
        private: mix(e as u64 ^ 0x9A) % 100 < 85,
        official: official(e),
    }
}

/// Paired officials (包联领导) of a provincial department: each key-support enterprise (8 %)
/// is paired with one of them, about 19 enterprises each at 70,000.
pub const OFFICIALS: u64 = 300;

/// The official enterprise `e` is paired with ("" when none).
fn official(e: usize) -> String {
    if mix(e as u64 ^ 0x4B) % 100 < 8 {
        format!("包联领导{:03}", 1 + mix(e as u64 ^ 0x0F) % OFFICIALS)
    } else {
        String::new()
    }
}

/// A paired enterprise's service requests: two to four a year, most resolved within two
/// months and most of those rated; the last ones of the last year still open.
pub fn requests(e: usize, id: i64, spec: ReturnsSpec) -> Vec<ServiceRequest> {
    let mut out = Vec::new();
    for year in spec.first_year()..=spec.last_year {
        let key = mix((e as u64) << 8 ^ year as u64);
        for k in 0..2 + key % 3 {
            let r = mix(key ^ k);
            let raised = Date::new(year, 1 + (r % 12) as u32, 1 + (r >> 8) as u32 % 28)
                .unwrap_or_else(|| unreachable!("days 1..=28 exist in every month"));
            let days = 5 + (r >> 16) % if r.is_multiple_of(7) { 150 } else { 55 };
            let resolved = Date::from_days_since_epoch(raised.days_since_epoch() + days as i64);
            let done = resolved.year() <= spec.last_year
                && (resolved.month() < 11 || year < spec.last_year);
            let rating = match (done, (r >> 24) % 100) {
                (false, _) | (true, 0..=9) => None,
                (true, 10..=74) => Some(Satisfaction::Satisfied),
                (true, 75..=94) => Some(Satisfaction::Basic),
                _ => Some(Satisfaction::Dissatisfied),
            };
            let (category, _, _) =
                REQUEST_CATEGORIES[(r >> 32) as usize % REQUEST_CATEGORIES.len()];
            out.push(ServiceRequest {
                revision: 0,
                id: 0,
                enterprise_id: id,
                raised_on: raised,
                category: category.to_string(),
                text: String::new(),
                status: if done {
                    RequestStatus::Resolved
                } else {
                    RequestStatus::Open
                },
                resolved_on: done.then_some(resolved),
                satisfaction: rating,
            });
        }
    }
    out
}

/// One in three paired enterprises has an investment project, with its year-to-date
/// figures for every period (the plan grows a little each year; a year's investment follows
/// the building season).
pub fn projects(e: usize, id: i64, spec: ReturnsSpec) -> Vec<InvestmentProject> {
    let key = mix(e as u64 ^ 0x9F0);
    if !key.is_multiple_of(3) {
        return Vec::new();
    }
    const SEASON: [f64; 11] = [
        0.02, 0.05, 0.09, 0.2, 0.33, 0.47, 0.61, 0.75, 0.86, 0.94, 1.0,
    ];
    let total = unit(key, 5_000.0, 80_000.0).round();
    let name = format!("项目{e:05}");
    let mut out = Vec::new();
    let mut last_year = [0.0; 11];
    for (y, year) in (spec.first_year()..=spec.last_year).enumerate() {
        let plan = (total * unit(key ^ y as u64, 0.15, 0.3)).round();
        let pace = unit(key ^ (y as u64) << 4, 0.7, 1.15);
        for (i, period) in Period::all_in_year(year).enumerate() {
            let done = (plan * pace * SEASON[i]).round();
            out.push(InvestmentProject {
                id: 0,
                enterprise_id: id,
                name: name.clone(),
                period,
                planned_total: Some(total),
                planned_year: Some(plan),
                done_ytd: Some(done),
                done_last: (y > 0).then_some(last_year[i]),
            });
            last_year[i] = done;
        }
    }
    out
}

/// Heilongjiang's cities and counties in the built-in catalogue, where the enterprises are.
pub fn regions() -> Vec<String> {
    builtin()
        .regions
        .iter()
        .filter(|r| r.code.starts_with("23") && r.level != RegionLevel::Province)
        .map(|r| r.code.clone())
        .collect()
}

/// The industry codes of the large catalogue.
pub fn industries() -> Vec<String> {
    large::catalogue()
        .industries
        .iter()
        .map(|i| i.code.clone())
        .collect()
}

/// One generated return: the enterprise's number and, per indicator in
/// [`ReturnIndicator::ALL`] order, (this month, year to date, last year's year to date).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeneratedReturn {
    /// The enterprise's number in the register (0-based).
    pub enterprise: usize,
    /// Per indicator: month, ytd, last year's ytd (None for an enterprise new this year).
    pub values: [(f64, f64, Option<f64>); 6],
}

/// What does not change with the month: size, ratios, intensities.
#[derive(Debug, Clone, Copy)]
struct Traits {
    /// Annual output in the year before the first (万元).
    size: f64,
    /// The year it starts reporting (new enterprises).
    start: i32,
    revenue_ratio: f64,
    margin: f64,
    power_per_output: f64,
    output_per_head: f64,
}

fn traits(e: usize, spec: ReturnsSpec) -> Traits {
    let k = |slot| key(e, 0, slot);
    // One in 40 enterprises is new in one of the years; the rest report from the start.
    let start = if mix(k(1)).is_multiple_of(40) {
        spec.first_year() + (mix(k(2)) % spec.years as u64) as i32
    } else {
        spec.first_year() - 1
    };
    Traits {
        // 2,000 万元 (the 规上 threshold) to 200,000 万元, log-uniform.
        size: 2_000.0 * unit(k(3), 0.0, 100f64.ln()).exp(),
        start,
        revenue_ratio: unit(k(4), 0.95, 1.12),
        margin: unit(k(5), -0.04, 0.11),
        power_per_output: unit(k(6), 0.005, 0.12),
        output_per_head: unit(k(7), 60.0, 250.0),
    }
}

/// Per enterprise, the year's level against the first year's size and when it stops
/// (period index; 11: runs all year).
fn year_level(e: usize, year: i32, previous: f64) -> (f64, usize) {
    let k = |slot| key(e, year, slot);
    let g = if mix(k(10)).is_multiple_of(6) {
        unit(k(11), -0.30, -0.01)
    } else {
        unit(k(12), -0.02, 0.16)
    };
    let stop = if mix(k(13)).is_multiple_of(100) {
        3 + (mix(k(14)) % 8) as usize
    } else {
        11
    };
    (previous * (1.0 + g), stop)
}

fn round_to(x: f64, f: f64) -> f64 {
    (x * f).round() / f
}

/// The six month values of an enterprise in one period.
fn month_values(e: usize, year: i32, i: usize, t: &Traits, level: f64, stop: usize) -> [f64; 6] {
    let k = |slot| key(e, year, 100 + i as u64 * 8 + slot);
    let annual = t.size * level;
    let running = i < stop;
    let output = if running {
        round_to(annual * SEASON[i] * unit(k(0), 0.93, 1.07), 10.0)
    } else {
        0.0
    };
    let revenue = round_to(output * t.revenue_ratio * unit(k(1), 0.97, 1.03), 10.0);
    let profit = if running {
        round_to(revenue * (t.margin + unit(k(2), -0.03, 0.03)), 10.0)
    } else {
        round_to(-annual / 1_200.0, 10.0)
    };
    let power = if running { output } else { annual * 0.002 };
    let heads = (annual / t.output_per_head).max(20.0) * if running { 1.0 } else { 0.15 };
    [
        output,
        round_to(output * unit(k(3), 0.97, 0.99), 10.0),
        revenue,
        profit,
        round_to(power * t.power_per_output * unit(k(4), 0.95, 1.05), 100.0),
        (heads * unit(k(5), 0.98, 1.02)).round(),
    ]
}

/// A running year of one enterprise: month values summed so far (flows in their rounding
/// unit, so sums are exact) and the year's head-count months.
#[derive(Debug, Clone, Copy, Default)]
struct Running {
    ytd: [f64; 6],
    head_months: f64,
}

/// Every generated return, period by period (oldest first), in enterprise order within a
/// period: `sink` gets each period's returns. One year before the first is generated but
/// not passed on, so the first year has last year's values. Memory: two years of
/// year-to-date values per enterprise (≈ 70,000 × 11 × 6 × 2 numbers).
pub fn generate<E>(
    spec: ReturnsSpec,
    mut sink: impl FnMut(Period, &[GeneratedReturn]) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let n = spec.enterprises;
    let traits: Vec<Traits> = (0..n).map(|e| traits(e, spec)).collect();
    let mut level = vec![1.0f64; n];
    let mut last: Vec<[[f64; 6]; 11]> = vec![[[0.0; 6]; 11]; n];
    let mut this: Vec<[[f64; 6]; 11]> = vec![[[0.0; 6]; 11]; n];
    let mut batch: Vec<GeneratedReturn> = Vec::with_capacity(n);
    for year in spec.first_year() - 1..=spec.last_year {
        let stops: Vec<usize> = (0..n)
            .map(|e| {
                let (l, stop) = year_level(e, year, level[e]);
                level[e] = l;
                stop
            })
            .collect();
        let mut running = vec![Running::default(); n];
        for (i, period) in Period::all_in_year(year).enumerate() {
            batch.clear();
            for e in 0..n {
                let t = &traits[e];
                if year < t.start {
                    continue;
                }
                let m = month_values(e, year, i, t, level[e], stops[e]);
                let r = &mut running[e];
                let weight = if i == 0 { 2.0 } else { 1.0 };
                let mut values = [(0.0, 0.0, None); 6];
                for (k, v) in values.iter_mut().enumerate() {
                    let ytd = if k == 5 {
                        r.ytd[5] += m[5] * weight;
                        (r.ytd[5] / (r.head_months + weight)).round()
                    } else {
                        let f = if k == 4 { 100.0 } else { 10.0 };
                        r.ytd[k] = ((r.ytd[k] + m[k]) * f).round() / f;
                        r.ytd[k]
                    };
                    this[e][i][k] = ytd;
                    let before = (year > t.start).then_some(last[e][i][k]);
                    *v = (m[k], ytd, before);
                }
                r.head_months += weight;
                // Half a percent of the returns do not arrive (the enterprise still runs).
                let missing = mix(key(e, year, 900 + i as u64)).is_multiple_of(200);
                if !missing {
                    batch.push(GeneratedReturn {
                        enterprise: e,
                        values,
                    });
                }
            }
            if year >= spec.first_year() {
                sink(period, &batch)?;
            }
        }
        std::mem::swap(&mut last, &mut this);
    }
    Ok(())
}

/// A generated return as the store's row.
pub fn to_row(g: &GeneratedReturn, code: &str, period: Period) -> ReturnRow {
    let mut row = ReturnRow::new(code, period);
    for ind in ReturnIndicator::ALL {
        let (month, ytd, last) = g.values[ind.index()];
        row.set(
            ind,
            ReturnValues {
                month: Some(month),
                ytd: Some(ytd),
                ytd_last_year: last,
                stated_growth_pct: None,
            },
        );
    }
    row
}

/// Writes a dataset (atomically) with the register of `spec.enterprises` enterprises and
/// their generated returns, through the store's writers in one transaction.
pub fn write_dataset(path: &Path, spec: ReturnsSpec) -> Result<Dataset> {
    let cat = large::catalogue();
    let meta = DatasetMeta {
        title: format!(
            "生成的企业月报（{}户企业 × {}年）",
            spec.enterprises, spec.years
        ),
        home_region: JIXI.to_string(),
        is_sample: false,
    };
    let (regions, industries) = (regions(), industries());
    Dataset::create_with_catalogue(path, &meta, &cat, |ds| {
        ds.write(|w| -> Result<()> {
            let source = w.add_source(&source())?;
            let mut codes = Vec::with_capacity(spec.enterprises);
            for e in 0..spec.enterprises {
                let ent = enterprise(e, &regions, &industries);
                let id = w.add_enterprise(&ent, Some(source))?;
                if !ent.official.is_empty() {
                    for q in requests(e, id, spec) {
                        w.save_request(&q, Some(source))?;
                    }
                    for p in projects(e, id, spec) {
                        w.add_project(&p, Some(source))?;
                    }
                }
                codes.push(ent.credit_code);
            }
            let path = w.path().to_path_buf();
            let mut rw = w.returns()?;
            generate(spec, |period, batch| -> Result<()> {
                for g in batch {
                    rw.put(&to_row(g, &codes[g.enterprise], period), Some(source))
                        .map_err(sql_err(&path))?;
                }
                Ok(())
            })?;
            rw.finish().map_err(sql_err(&path))
        })
    })
}

/// The file name of a period's CSV: 企业月报2024年1-4月.csv.
pub fn csv_name(period: Period) -> String {
    format!("企业月报{}年1-{}月.csv", period.year(), period.month())
}

/// The wide CSV header: 统一社会信用代码,企业名称, then per indicator 本月, 本年累计 and
/// 上年同期累计 with the unit, e.g. 工业总产值本年累计(万元).
pub fn csv_header() -> String {
    let mut h = String::from("统一社会信用代码,企业名称");
    for ind in ReturnIndicator::ALL {
        let (name, unit) = (ind.name(Lang::Zh), ind.unit(Lang::Zh));
        for part in ["本月", "本年累计", "上年同期累计"] {
            h.push_str(&format!(",{name}{part}({unit})"));
        }
    }
    h
}

/// Writes one wide CSV file per period into `dir` (UTF-8, no BOM), returning their paths in
/// period order. A value last year did not have is an empty cell.
pub fn write_csv(dir: &Path, spec: ReturnsSpec) -> std::io::Result<Vec<PathBuf>> {
    let (regions, industries) = (regions(), industries());
    let names: Vec<(String, String)> = (0..spec.enterprises)
        .map(|e| {
            let ent = enterprise(e, &regions, &industries);
            (ent.credit_code, ent.name)
        })
        .collect();
    std::fs::create_dir_all(dir)?;
    let mut paths = Vec::new();
    let header = csv_header();
    generate(spec, |period, batch| -> std::io::Result<()> {
        let path = dir.join(csv_name(period));
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
        writeln!(out, "{header}")?;
        for g in batch {
            let (code, name) = &names[g.enterprise];
            write!(out, "{code},{name}")?;
            for (k, (month, ytd, last)) in g.values.iter().enumerate() {
                let digits = match k {
                    4 => 2,
                    5 => 0,
                    _ => 1,
                };
                write!(out, ",{month:.digits$},{ytd:.digits$},")?;
                if let Some(l) = last {
                    write!(out, "{l:.digits$}")?;
                }
            }
            writeln!(out)?;
        }
        out.flush()?;
        paths.push(path);
        Ok(())
    })?;
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::returns::{Status, members, return_stats};

    const SMALL: ReturnsSpec = ReturnsSpec {
        enterprises: 400,
        years: 2,
        last_year: 2024,
    };

    #[test]
    fn names_and_codes_are_unique_and_valid() {
        let (regions, industries) = (regions(), industries());
        assert!(regions.len() >= 13);
        let mut names = std::collections::HashSet::new();
        let mut codes = std::collections::HashSet::new();
        for e in (0..69_990).step_by(7).chain(69_990..70_000) {
            let ent = enterprise(e, &regions, &industries);
            assert!(credit_code::validate(&ent.credit_code).is_ok(), "{ent:?}");
            assert!(names.insert(ent.name), "name of {e}");
            assert!(codes.insert(ent.credit_code), "code of {e}");
        }
    }

    #[test]
    fn every_header_joins_an_indicator_a_sub_column_and_a_unit() {
        use crate::model::returns::ReturnUnit;
        let header = csv_header();
        let cells: Vec<&str> = header.split(',').collect();
        assert_eq!(cells[..2], ["统一社会信用代码", "企业名称"]);
        for (k, cell) in cells[2..].iter().enumerate() {
            let ind = ReturnIndicator::ALL[k / 3];
            let part = ["本月", "本年累计", "上年同期累计"][k % 3];
            let (name, rest) = cell.split_once(part).expect("sub-column");
            assert_eq!(name.parse::<ReturnIndicator>(), Ok(ind), "{cell}");
            let unit = rest.trim_start_matches('(').trim_end_matches(')');
            let unit = ReturnUnit::parse(unit).expect("unit");
            assert_eq!(unit.convert(1.0, ind), Ok(1.0), "{cell}");
        }
        let name = csv_name(Period::new(2024, 4).expect("period"));
        assert_eq!(name, "企业月报2024年1-4月.csv");
        // The period in the name reads back as 1—4月 of 2024 (year to date).
        let stem = name.trim_start_matches("企业月报").trim_end_matches(".csv");
        let (period, _) = Period::parse_with_basis(stem, None).expect("period in the name");
        assert_eq!(period, Period::new(2024, 4).expect("period"));
    }

    #[test]
    fn generated_returns_are_consistent_year_to_date() {
        let mut seen = 0;
        let mut previous: std::collections::HashMap<(usize, i32), [f64; 6]> =
            std::collections::HashMap::new();
        generate(SMALL, |period, batch| -> std::result::Result<(), ()> {
            for g in batch {
                seen += 1;
                let key = (g.enterprise, period.year());
                let before = previous.insert(key, g.values.map(|v| v.1));
                for k in [0, 1, 2, 4] {
                    let (month, ytd, _) = g.values[k];
                    assert!(month >= 0.0);
                    // A missing return in between merges months: the ytd still only grows.
                    let prev = before.map_or(0.0, |b| b[k]);
                    assert!(ytd + 1e-9 >= prev, "{period:?} {k}");
                }
                let (o, s) = (g.values[0].1, g.values[1].1);
                if o > 0.0 {
                    assert!((0.96..=1.0).contains(&(s / o)), "{s} / {o}");
                }
            }
            Ok(())
        })
        .expect("generate");
        let full = SMALL.enterprises * SMALL.years * 11;
        // New enterprises and missing returns make a few percent fewer rows.
        assert!(seen < full && seen > full * 95 / 100, "{seen} of {full}");
    }

    #[test]
    fn a_small_dataset_and_its_csv_hold_the_same_returns() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("returns.imdb");
        let ds = write_dataset(&path, SMALL).expect("dataset");
        assert_eq!(ds.return_periods().expect("periods"), SMALL.periods());
        let period = Period::new(2024, 12).expect("period");
        let register = ds.register().expect("register");
        assert_eq!(register.enterprises.len(), SMALL.enterprises);
        let resolved = ds
            .returns_for(period, ReturnIndicator::Output)
            .expect("returns");
        let stats = return_stats(
            period,
            ReturnIndicator::Output,
            &members(&register, ds.catalogue()),
            &resolved,
        );
        assert_eq!(stats.reporting + stats.missing, SMALL.enterprises);
        assert!(stats.comparable > SMALL.enterprises * 9 / 10);
        let g = stats.growth_pct.expect("growth");
        assert!((-5.0..15.0).contains(&g), "{g}");
        assert!(stats.declining > 0 && stats.declining < stats.comparable / 2);
        let growing = stats
            .enterprises
            .iter()
            .filter(|e| e.status == Status::Growing)
            .count();
        assert!(growing > stats.comparable / 2);

        let csv_dir = dir.path().join("csv");
        let files = write_csv(&csv_dir, SMALL).expect("csv");
        assert_eq!(files.len(), SMALL.years * 11);
        let last = files.last().expect("a file");
        assert!(last.ends_with("企业月报2024年1-12月.csv"), "{last:?}");
        let text = std::fs::read_to_string(last).expect("read");
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(csv_header().as_str()));
        assert!(csv_header().contains(",工业总产值本年累计(万元),"));
        assert_eq!(csv_header().split(',').count(), 2 + 6 * 3);
        // The CSV's rows are the stored rows: same enterprises, same output ytd values.
        let stored: std::collections::HashMap<&str, f64> = resolved
            .iter()
            .filter_map(|r| Some((r.enterprise.as_str(), r.ytd?)))
            .collect();
        let mut rows = 0;
        for line in lines {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), 20, "{line}");
            let ytd: f64 = cells[3].parse().expect("number");
            assert_eq!(stored.get(cells[0]), Some(&ytd), "{line}");
            rows += 1;
        }
        assert_eq!(rows, stored.len());
    }
}
