//! The bundled sample dataset: Jixi (鸡西市) in 2022–2023, built by code from
//! `reference/published-figures.md`. Published figures are stored as published and cite
//! their release; everything else is plausible, consistent with every published fact, and
//! cites a source marked illustrative.

mod cities;
mod counties;
pub mod evaluation;
mod figures;
mod indicators;
mod industries;
pub mod large;
pub mod large_returns;
mod register;
pub mod returns;
pub mod targets;

pub use figures::{SampleFigure, SourceTag};

use std::collections::HashMap;
use std::path::Path;

use crate::model::Source;
use crate::model::catalogue::JIXI;
use crate::store::{Dataset, DatasetMeta, ObservationKey, Result, StoreError};

/// The sample's title.
pub const TITLE: &str = "鸡西市工业运行监测（样例数据）";

/// The sample's metadata.
pub fn meta() -> DatasetMeta {
    DatasetMeta {
        title: TITLE.to_string(),
        home_region: JIXI.to_string(),
        is_sample: true,
    }
}

/// A small deterministic generator (xorshift64*), so the sample is the same on every build.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A uniform number in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        lo + unit * (hi - lo)
    }

    /// A uniform integer in [0, n).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Shuffles a slice (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// The sources the sample cites.
pub fn source_for(tag: SourceTag) -> Source {
    let s = |title: &str, publisher: &str, date: &str, url: &str, note: &str, ill: bool| Source {
        id: 0,
        title: title.into(),
        publisher: publisher.into(),
        published_on: date.into(),
        url: url.into(),
        note: note.into(),
        illustrative: ill,
    };
    match tag {
        SourceTag::Nbs => s(
            "国家统计局 规模以上工业增加值月度数据发布",
            "国家统计局",
            "",
            "https://www.stats.gov.cn/sj/",
            "全国规模以上工业增加值同比实际增速（当月、累计），按发布值录入",
            false,
        ),
        SourceTag::NbsUnverified => s(
            "国家统计局 规模以上工业增加值月度数据发布",
            "国家统计局",
            "",
            "https://www.stats.gov.cn/sj/",
            "UNVERIFIED：按公开转载录入，未经第二来源核实",
            false,
        ),
        SourceTag::NbsDerived => s(
            "国家统计局 2023年1—2月份国民经济运行情况",
            "国家统计局",
            "2023-03-15",
            "https://www.stats.gov.cn/sj/",
            "2022年12月当月值由“比上年12月份加快1.1个百分点”推算（2.4 − 1.1 = 1.3）",
            false,
        ),
        SourceTag::HljDaily => s(
            "黑龙江日报：1—2月全省规上工业增加值增长6.2%",
            "黑龙江日报",
            "2023-03",
            "",
            "全省增速高于全国3.8个百分点、居全国第12位；鸡西市31.1%，居全省13个市（地）首位；鹤岗市31.0%居第2位；齐齐哈尔14.0%、佳木斯11.9%、七台河11.9%、绥化11.2%，其余7个市（地）增速低于10%",
            false,
        ),
        SourceTag::JixiBureau => s(
            "鸡西市工业和信息化局工作情况报告",
            "鸡西市工业和信息化局",
            "2023-07-03",
            "",
            "1—4月全市规上工业增加值增长19.2%，高于全国15.6个百分点、高于全省平均，增速连续3个月居全省第1位；四大主导产业增加值增长21.8%；2022年1—4月增长15.0%，居全省第1位；2021年全年增长16.2%，居全省第1位",
            false,
        ),
        SourceTag::Miit => s(
            "工业和信息化部 2025年工业经济运行情况",
            "工业和信息化部",
            "",
            "https://www.miit.gov.cn/",
            "2025年全年规模以上工业增加值增长5.9%（累计）；12月当月值未找到，未录入",
            false,
        ),
        SourceTag::JixiYear2022 => s(
            "鸡西市2022年规上工业增加值增长7.5%（省内媒体报道转载）",
            "省内媒体（转载）",
            "2023-09-09",
            "http://we54.com/guonei/2023/0909/219056.html",
            "2022年全市规上工业增加值增长7.5%，居全省第2位，高于全国3.9个百分点、高于全省6.7个百分点；四大主导产业（煤炭及相关、石墨、医药、食品）增加值占规上工业的89.4%，增长8.9%，对全市工业增长的贡献率为104%",
            false,
        ),
        SourceTag::ProvinceDerived => s(
            "鸡西市2022年规上工业增加值增长7.5%（省内媒体报道转载）",
            "省内媒体（转载）",
            "2023-09-09",
            "http://we54.com/guonei/2023/0909/219056.html",
            "黑龙江省2022年全年增速由鸡西市7.5%与“高于全省6.7个百分点”推算（7.5 − 6.7 = 0.8）",
            false,
        ),
        SourceTag::ProvinceTaskforce => s(
            "黑龙江省工业经济运行专班会议",
            "黑龙江省工业经济运行专班",
            "2023-05-04",
            "http://zgkjsz.com/page/2023/0904/22480412.shtml",
            "1—3月全省规上工业增加值增长5.1%，高于全国2.1个百分点",
            false,
        ),
        SourceTag::ChinaNet => s(
            "中国网：鹤岗市1—3月规上工业增加值增长16.6%",
            "中国网",
            "2023-05-13",
            "http://chinacfi.org/yj/79174.html",
            "1—3月鹤岗市规上工业增加值增长16.6%，居全省第2位，高于全省11.5个百分点",
            false,
        ),
        SourceTag::Illustrative => s(
            "样例数据（示意）",
            "Industry Monitor",
            "",
            "",
            "示意数据：未找到公开数据，按与已公开数据一致的原则编制，仅用于演示，不得引用",
            true,
        ),
    }
}

/// The seed of the sample's register (and so of its 规上 enterprise counts).
const REGISTER_SEED: u64 = 0x3180_0243;

/// Jixi's number of 规上 enterprises in 2022 and 2023: the register's 规上 enterprises, less
/// those whose returns begin in 2023 for 2022.
fn enterprise_counts() -> [usize; 2] {
    let reg = register::build(&mut Rng::new(REGISTER_SEED));
    let above = reg.enterprises.iter().filter(|e| e.above_size).count();
    [above - returns::NEW, above]
}

/// Every figure of the sample.
pub fn figures() -> Vec<SampleFigure> {
    let mut rng = Rng::new(0x1A2B_2023);
    let mut out = figures::growth_figures(&mut rng);
    out.extend(industries::industry_figures(&mut rng));
    // The counties and the other indicators draw from their own streams, so the figures
    // above stay as they were.
    let counties = counties::county_figures(&out, &mut Rng::new(0x0C07_2023));
    out.extend(counties);
    let more = indicators::more_figures(&out, enterprise_counts(), &mut Rng::new(0x1D1C_2023));
    out.extend(more);
    out
}

/// Fills an empty dataset with the sample.
pub fn fill(ds: &mut Dataset) -> Result<()> {
    let figures = figures();
    let targets = targets::targets(&figures).map_err(|said| StoreError::Invalid {
        path: ds.path().to_path_buf(),
        message: format!("sample target: {}", said.en),
    })?;
    let mut rng = Rng::new(REGISTER_SEED);
    let mut reg = register::build(&mut rng);
    // The 包联 inputs draw from their own stream so the rest of the sample stays as it was.
    let mut eval_rng = Rng::new(0x0B41_1A4E);
    evaluation::rate(&mut reg.requests, &mut eval_rng);
    let projects = evaluation::projects(&reg.enterprises, &mut eval_rng);
    ds.write(|w| -> Result<()> {
        let mut source_ids: HashMap<SourceTag, i64> = HashMap::new();
        for tag in SourceTag::ALL {
            source_ids.insert(tag, w.add_source(&source_for(tag))?);
        }
        let register_source = w.add_source(&Source {
            id: 0,
            title: "样例企业名录（虚构）".into(),
            publisher: "Industry Monitor".into(),
            published_on: String::new(),
            url: String::new(),
            note: "企业名称、信用代码、诉求与融资对接均为虚构；重点帮扶企业318户、新兴产业企业243户（石墨、食品、医药132户，占54.3%）与鸡西市工信局公开数据一致".into(),
            illustrative: true,
        })?;
        let path = w.path().to_path_buf();
        {
            let ids = w.ids().clone();
            let mut fw = w.figures()?;
            for f in &figures {
                let key = ObservationKey::from_codes(
                    &ids,
                    f.region,
                    f.indicator,
                    &f.subject,
                    f.basis,
                    f.period,
                )
                .ok_or_else(|| StoreError::Invalid {
                    path: path.clone(),
                    message: format!("sample figure names an unknown code: {f:?}"),
                })?;
                fw.insert_new(&key, f.value, source_ids.get(&f.source).copied())
                    .map_err(crate::store::sql_err(&path))?;
            }
        }
        for e in &reg.enterprises {
            w.add_enterprise(e, Some(register_source))?;
        }
        for q in &reg.requests {
            w.save_request(q, Some(register_source))?;
        }
        for d in &reg.deals {
            w.add_deal(d, Some(register_source))?;
        }
        // The 规上 enterprises' monthly returns, after the register they refer to.
        let rows = returns::build(&reg.enterprises, &figures, &mut Rng::new(0x2023_1212));
        let returns_source = w.add_source(&returns::source())?;
        let mut rw = w.returns()?;
        for r in &rows {
            rw.put(r, Some(returns_source))
                .map_err(crate::store::sql_err(&path))?;
        }
        rw.finish().map_err(crate::store::sql_err(&path))?;
        let projects_source = w.add_source(&evaluation::source())?;
        for p in &projects {
            w.add_project(p, Some(projects_source))?;
        }
        let targets_source = w.add_source(&targets::source())?;
        for t in &targets {
            w.add_target(t, Some(targets_source))?;
        }
        Ok(())
    })
}

/// Writes the sample dataset to `path` (atomically).
pub fn write(path: &Path) -> Result<Dataset> {
    Dataset::create_with(path, &meta(), fill)
}

/// The sample in memory (tests, benchmarks).
pub fn in_memory() -> Result<Dataset> {
    let mut ds = Dataset::in_memory(&meta())?;
    fill(&mut ds)?;
    Ok(ds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::checks::{Severity, check};
    use crate::model::catalogue::VA_GROWTH;
    use crate::model::{Basis, Lang, Period};

    #[test]
    fn the_new_figures_leave_every_earlier_figure_as_it_was() {
        let mut rng = Rng::new(0x1A2B_2023);
        let mut before = figures::growth_figures(&mut rng);
        before.extend(industries::industry_figures(&mut rng));
        let all = figures();
        assert_eq!(
            before.len(),
            1181,
            "the sample's figures before the counties"
        );
        assert_eq!(&all[..before.len()], &before[..]);
        let new = &all[before.len()..];
        assert!(new.iter().all(|f| f.source == SourceTag::Illustrative));
        // Counties 9 × 22 × 3 (ytd and month growth, ytd level); Jixi 9 indicators × 22;
        // the province and 12 cities 5 growth indicators × 22.
        assert_eq!(new.len(), 9 * 22 * 3 + 9 * 22 + 13 * 5 * 22);
        let mut keys: Vec<String> = all
            .iter()
            .map(|f| {
                let (r, i, s, b, p) = (f.region, f.indicator, &f.subject, f.basis, f.period);
                format!("{r} {i} {s:?} {b:?} {}", p.code())
            })
            .collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), all.len(), "no figure is given twice");
    }

    #[test]
    fn jixi_stays_first_at_19_2_in_2023_jan_apr() {
        let ds = in_memory().expect("sample");
        let snap = ds.snapshot(None).expect("snapshot");
        let p = Period::new(2023, 4).expect("period");
        let a = crate::analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p);
        let h = a.headline.expect("headline");
        assert_eq!(h.value, 19.2);
        assert_eq!(
            (h.rank, h.rank_of, h.rank_streak),
            (Some(1), Some(13), Some(3))
        );
    }

    #[test]
    fn check_notes_only_the_jan_mar_2023_surge() {
        let ds = in_memory().expect("sample");
        let (rows, skipped) = ds.rows_for_checks().expect("rows");
        let sources = ds.sources().expect("sources");
        let findings = check(ds.catalogue(), &rows, &sources, &skipped, Lang::En);
        // Jixi's published 31.1% and Hegang's 31.0% in 1—2月 2023 (and the sample's 24.6%
        // for Jixi in 1—3月) stand far from the other cities: five notes on value-added
        // growth, and seven more on the output, revenue and profit growth that follow it.
        assert_eq!(findings.len(), 12, "{findings:#?}");
        for f in &findings {
            assert_eq!(f.severity, Severity::Info, "{f:?}");
            assert!(
                matches!(f.region.as_deref(), Some(JIXI | "230400")),
                "{f:?}"
            );
            assert!(
                f.location.ends_with("Jan–Feb 2023") || f.location.ends_with("Jan–Mar 2023"),
                "{f:?}"
            );
        }
    }
}
