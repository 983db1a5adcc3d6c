//! Large, realistic generated datasets for benchmarks and robustness tests: every
//! prefecture-level city of the catalogue with 40 industries (the 10 of the sample plus the
//! GB/T 4754 manufacturing, mining and utility divisions) over ten years, ≈1.5 million
//! figures; and long-layout CSV files of any size. Values are random walks around
//! plausible rates and levels; everything is marked illustrative.

use std::io::Write;
use std::path::Path;

use super::Rng;
use crate::model::catalogue::{JIXI, VA, VA_GROWTH, builtin};
use crate::model::{Basis, Catalogue, Industry, Period, RegionLevel, Source, Subject};
use crate::store::{Dataset, DatasetMeta, ObservationKey, Result, StoreError};

/// Industry divisions of GB/T 4754-2017 added to the sample's ten (code, Chinese, English).
const DIVISIONS: [(&str, &str, &str); 30] = [
    (
        "c13",
        "农副食品加工业",
        "Agricultural and sideline food processing",
    ),
    ("c14", "食品制造业", "Food manufacturing"),
    (
        "c15",
        "酒、饮料和精制茶制造业",
        "Liquor, beverages and refined tea",
    ),
    ("c17", "纺织业", "Textiles"),
    ("c18", "纺织服装、服饰业", "Textile garments and apparel"),
    (
        "c20",
        "木材加工和木、竹、藤、棕、草制品业",
        "Timber processing",
    ),
    ("c21", "家具制造业", "Furniture"),
    ("c22", "造纸和纸制品业", "Paper and paper products"),
    ("c23", "印刷和记录媒介复制业", "Printing"),
    (
        "c25",
        "石油、煤炭及其他燃料加工业",
        "Petroleum, coal and other fuel processing",
    ),
    (
        "c26",
        "化学原料和化学制品制造业",
        "Chemical raw materials and products",
    ),
    ("c28", "化学纤维制造业", "Chemical fibres"),
    ("c29", "橡胶和塑料制品业", "Rubber and plastics"),
    (
        "c31",
        "黑色金属冶炼和压延加工业",
        "Ferrous metal smelting and rolling",
    ),
    (
        "c32",
        "有色金属冶炼和压延加工业",
        "Non-ferrous metal smelting and rolling",
    ),
    ("c33", "金属制品业", "Metal products"),
    ("c34", "通用设备制造业", "General-purpose equipment"),
    ("c35", "专用设备制造业", "Special-purpose equipment"),
    ("c36", "汽车制造业", "Automobiles"),
    (
        "c37",
        "铁路、船舶、航空航天和其他运输设备制造业",
        "Railway, ship, aerospace and other transport equipment",
    ),
    (
        "c38",
        "电气机械和器材制造业",
        "Electrical machinery and equipment",
    ),
    (
        "c39",
        "计算机、通信和其他电子设备制造业",
        "Computers, communication and other electronic equipment",
    ),
    ("c40", "仪器仪表制造业", "Instruments"),
    ("c41", "其他制造业", "Other manufacturing"),
    (
        "c43",
        "金属制品、机械和设备修理业",
        "Repair of metal products, machinery and equipment",
    ),
    ("b08", "黑色金属矿采选业", "Ferrous metal mining"),
    ("b09", "有色金属矿采选业", "Non-ferrous metal mining"),
    ("b10", "非金属矿采选业", "Non-metallic mineral mining"),
    ("d45", "燃气生产和供应业", "Gas production and supply"),
    ("d46", "水的生产和供应业", "Water production and supply"),
];

/// The size of a generated dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LargeSpec {
    /// Cities (prefecture-level regions of the catalogue, in catalogue order).
    pub cities: usize,
    /// Industries per city (at most 40).
    pub industries: usize,
    /// Years, ending in 2023.
    pub years: usize,
}

impl LargeSpec {
    /// ≈1.5 million figures: 333 cities × 40 industries × 10 years (ytd levels) plus
    /// the cities' growth rates on both bases.
    pub const FULL: LargeSpec = LargeSpec {
        cities: 340,
        industries: 40,
        years: 10,
    };

    /// The number of figures a dataset of this size holds, given the catalogue's cities.
    pub fn figure_count(self, cities_available: usize) -> usize {
        let cities = self.cities.min(cities_available);
        let periods = self.years * 11;
        cities * periods * (self.industries + 2)
    }
}

/// The catalogue of a large dataset: the built-in one with 40 industries.
pub fn catalogue() -> Catalogue {
    let mut cat = builtin().clone();
    for (code, zh, en) in DIVISIONS {
        cat.industries.push(Industry {
            code: code.to_string(),
            name_zh: zh.to_string(),
            name_en: en.to_string(),
            aliases: Vec::new(),
        });
    }
    cat
}

/// Writes a large dataset to `path` (atomically): for each city, the value-added growth on
/// both bases and the ytd value added of each industry, in every period of every year.
pub fn write_dataset(path: &Path, spec: LargeSpec) -> Result<Dataset> {
    let cat = catalogue();
    let meta = DatasetMeta {
        title: format!(
            "生成的大数据集（{}个城市 × {}个行业 × {}年）",
            spec.cities, spec.industries, spec.years
        ),
        home_region: JIXI.to_string(),
        is_sample: false,
    };
    let cities: Vec<String> = cat
        .regions
        .iter()
        .filter(|r| r.level == RegionLevel::City)
        .take(spec.cities)
        .map(|r| r.code.clone())
        .collect();
    let industries: Vec<String> = cat
        .industries
        .iter()
        .take(spec.industries)
        .map(|i| i.code.clone())
        .collect();
    let first_year = 2024 - spec.years as i32;
    Dataset::create_with_catalogue(path, &meta, &cat, |ds| {
        ds.write(|w| -> Result<()> {
            let source = w.add_source(&Source {
                id: 0,
                title: "生成数据（基准测试用）".into(),
                publisher: "Industry Monitor".into(),
                published_on: String::new(),
                url: String::new(),
                note: "随机生成，仅用于性能和稳健性测试".into(),
                illustrative: true,
            })?;
            let ids = w.ids().clone();
            let path = w.path().to_path_buf();
            let mut fw = w.figures()?;
            let mut rng = Rng::new(0x1500_0000);
            let sql = crate::store::sql_err(&path);
            for city in &cities {
                let mut put = |indicator: &str,
                               subject: &Subject,
                               basis: Basis,
                               p: Period,
                               v: f64| {
                    let key = ObservationKey::from_codes(&ids, city, indicator, subject, basis, p)
                        .ok_or_else(|| StoreError::Invalid {
                            path: path.clone(),
                            message: format!("unknown code in generated figure {city} {indicator}"),
                        })?;
                    fw.insert_new(&key, v, Some(source)).map_err(&sql)
                };
                // Growth rates: a slow walk around 5%, month values around the ytd path.
                let mut g = rng.range(0.0, 10.0);
                for year in first_year..first_year + spec.years as i32 {
                    for p in Period::all_in_year(year) {
                        g = (0.9 * g + 0.5 + rng.range(-1.0, 1.0)).clamp(-20.0, 40.0);
                        let ytd = (g * 10.0).round() / 10.0;
                        let month = ((g + rng.range(-3.0, 3.0)) * 10.0).round() / 10.0;
                        put(VA_GROWTH, &Subject::Whole, Basis::Month, p, month)?;
                        put(VA_GROWTH, &Subject::Whole, Basis::Ytd, p, ytd)?;
                    }
                }
                for industry in &industries {
                    let subject = Subject::Industry(industry.clone());
                    let annual = rng.range(5_000.0, 300_000.0);
                    let mut level = annual;
                    for year in first_year..first_year + spec.years as i32 {
                        level *= 1.0 + rng.range(-0.05, 0.12);
                        for (i, p) in Period::all_in_year(year).enumerate() {
                            let share = (i as f64 + 2.0) / 12.0;
                            put(VA, &subject, Basis::Ytd, p, (level * share).round())?;
                        }
                    }
                }
            }
            Ok(())
        })
    })
}

/// Writes a long-layout CSV (地区,指标,行业,时期,口径,数值,单位,来源) of `rows` figures:
/// every city and province by Chinese name, the ytd and month growth of value added and the
/// ytd value added of the sample's industries, years counting back from 2023.
pub fn write_long_csv(path: &Path, rows: usize) -> std::io::Result<()> {
    let cat = builtin();
    // Names that identify one region (two cities share some English names, none Chinese).
    let regions: Vec<&str> = cat
        .regions
        .iter()
        .filter(|r| matches!(r.level, RegionLevel::Province | RegionLevel::City))
        .map(|r| r.name_zh.as_str())
        .collect();
    let industries: Vec<&str> = cat.industries.iter().map(|i| i.name_zh.as_str()).collect();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(out, "地区,指标,行业,时期,口径,数值,单位,来源")?;
    let mut rng = Rng::new(0x00C5_F111);
    let mut n = 0;
    let mut year = 2023;
    while n < rows {
        'regions: for region in &regions {
            for p in Period::all_in_year(year) {
                let label = p.label_with_year(Basis::Ytd, crate::model::Lang::Zh);
                let month_label = p.label_with_year(Basis::Month, crate::model::Lang::Zh);
                let g = rng.range(-5.0, 15.0);
                writeln!(
                    out,
                    "{region},规模以上工业增加值增速,,{label},累计,{g:.1},%,生成"
                )?;
                writeln!(
                    out,
                    "{region},规模以上工业增加值增速,,{month_label},当月,{:.1},%,生成",
                    g + rng.range(-2.0, 2.0)
                )?;
                n += 2;
                for industry in &industries {
                    writeln!(
                        out,
                        "{region},规模以上工业增加值,{industry},{label},累计,{:.0},万元,生成",
                        rng.range(1_000.0, 500_000.0)
                    )?;
                    n += 1;
                }
                if n >= rows {
                    break 'regions;
                }
            }
        }
        year -= 1;
        if year < 1950 {
            break;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_generated_dataset_opens_and_analyses() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("large.imdb");
        let spec = LargeSpec {
            cities: 15,
            industries: 40,
            years: 2,
        };
        let ds = write_dataset(&path, spec).expect("generate");
        let cities = ds
            .catalogue()
            .regions
            .iter()
            .filter(|r| r.level == RegionLevel::City)
            .count();
        assert_eq!(
            ds.figure_count().expect("count") as usize,
            spec.figure_count(cities)
        );
        assert_eq!(ds.catalogue().industries.len(), 40);
        let snap = ds.snapshot(Some("130100")).expect("snapshot");
        let a = crate::analysis::analyse(
            &snap,
            VA_GROWTH,
            Basis::Ytd,
            Period::new(2023, 6).expect("p"),
        );
        assert!(a.headline.is_some());
        assert_eq!(a.structure.map(|s| s.parts.len()), Some(40));
    }

    #[test]
    fn long_csv_has_the_rows_asked_for() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("long.csv");
        write_long_csv(&path, 1_000).expect("csv");
        let text = std::fs::read_to_string(&path).expect("read");
        let lines = text.lines().count();
        assert!((1_001..1_020).contains(&lines), "{lines}");
        assert!(text.starts_with("地区,指标,行业,时期,口径,数值,单位,来源\n"));
    }
}
