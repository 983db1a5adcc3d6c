//! The bundled sample dataset: Jixi (鸡西市) in 2022–2023, built by code from
//! `reference/published-figures.md`. Published figures are stored as published and cite
//! their release; everything else is plausible, consistent with every published fact, and
//! cites a source marked illustrative.

mod figures;
pub mod large;
mod register;

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
            "全省增速高于全国3.8个百分点、居全国第12位；鸡西市31.1%，居全省13个市（地）首位",
            false,
        ),
        SourceTag::JixiBureau => s(
            "鸡西市工业和信息化局工作情况报告",
            "鸡西市工业和信息化局",
            "2023-07-03",
            "",
            "1—4月全市规上工业增加值增长19.2%，高于全国15.6个百分点、高于全省平均，增速连续3个月居全省第1位；四大主导产业增加值增长21.8%；2022年1—4月增长15.0%，居全省第1位",
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

/// Every figure of the sample.
pub fn figures() -> Vec<SampleFigure> {
    let mut rng = Rng::new(0x1A2B_2023);
    let mut out = figures::growth_figures(&mut rng);
    out.extend(figures::industry_figures(&mut rng));
    out
}

/// Fills an empty dataset with the sample.
pub fn fill(ds: &mut Dataset) -> Result<()> {
    let figures = figures();
    let mut rng = Rng::new(0x3180_0243);
    let reg = register::build(&mut rng);
    ds.write(|w| -> Result<()> {
        let mut source_ids: HashMap<SourceTag, i64> = HashMap::new();
        for tag in [
            SourceTag::Nbs,
            SourceTag::NbsUnverified,
            SourceTag::NbsDerived,
            SourceTag::HljDaily,
            SourceTag::JixiBureau,
            SourceTag::Illustrative,
        ] {
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
                    .map_err(|source| StoreError::Sqlite {
                        path: path.clone(),
                        source,
                    })?;
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
