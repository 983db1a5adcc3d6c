//! The built-in catalogue every new dataset starts with: the nation, the 31 provinces, every
//! prefecture-level division (and Jixi's counties), the standard indicators of SPEC §3, and
//! Jixi's industries and industry groups.
//!
//! Regions come from `assets/catalogue/regions.csv` (GB/T 2260 codes), checked by
//! `assets/catalogue/check_regions.py` and by the tests below.

use std::sync::OnceLock;

use super::{Catalogue, Indicator, IndicatorKind, Industry, IndustryGroup, Region, RegionLevel};

const REGIONS_CSV: &str = include_str!("../../assets/catalogue/regions.csv");

/// Code of the nation (全国).
pub const NATION: &str = "100000";
/// Code of Heilongjiang province.
pub const HEILONGJIANG: &str = "230000";
/// Code of Jixi city, the sample's home region.
pub const JIXI: &str = "230300";

/// Value-added growth of industry above designated size (规上工业增加值增速), the headline.
pub const VA_GROWTH: &str = "va_growth";
/// Value added of industry above designated size, 万元.
pub const VA: &str = "va";
/// Gross output of industry above designated size, 万元.
pub const OUTPUT: &str = "output";
/// Code of the four leading industries group.
pub const LEADING4: &str = "leading4";
/// Code of the emerging industries group.
pub const EMERGING: &str = "emerging";

/// The built-in catalogue, parsed once.
pub fn builtin() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue {
        regions: regions(),
        indicators: indicators(),
        industries: industries(),
        groups: groups(),
    })
}

fn regions() -> Vec<Region> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(REGIONS_CSV.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        // The file is compiled in and checked by tests: a bad row is a build defect, skip it.
        let Ok(r) = record else { continue };
        let field = |i: usize| r.get(i).unwrap_or("").trim().to_string();
        let Some(level) = RegionLevel::from_code(&field(2)) else {
            continue;
        };
        let parent = Some(field(1)).filter(|p| !p.is_empty());
        let aliases = field(7)
            .split(';')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(String::from)
            .collect();
        out.push(Region {
            code: field(0),
            parent,
            level,
            name_zh: field(3),
            name_en: field(4),
            short_zh: field(5),
            short_en: field(6),
            aliases,
        });
    }
    out
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn indicator(
    code: &str,
    zh: &str,
    en: &str,
    unit: &str,
    kind: IndicatorKind,
    growth_of: Option<&str>,
    aliases: &[&str],
) -> Indicator {
    Indicator {
        code: code.into(),
        name_zh: zh.into(),
        name_en: en.into(),
        unit: unit.into(),
        kind,
        growth_of: growth_of.map(String::from),
        aliases: strings(aliases),
    }
}

fn indicators() -> Vec<Indicator> {
    use IndicatorKind::{Level, Rate};
    let mut out = vec![
        indicator(
            VA_GROWTH,
            "规模以上工业增加值增速",
            "Growth of value added of industry above designated size",
            "%",
            Rate,
            Some(VA),
            &[
                "规上工业增加值增速",
                "规模以上工业增加值增长",
                "规模以上工业增加值同比增速",
                "规模以上工业增加值同比增长",
                "规上工业增加值增长",
                "规模工业增加值增速",
                "规模工业增加值增长",
                "工业增加值增速",
                "增加值增速",
                "value added growth",
                "industrial value added growth",
                "va growth",
            ],
        ),
        indicator(
            VA,
            "规模以上工业增加值",
            "Value added of industry above designated size",
            "万元",
            Level,
            None,
            &[
                "规上工业增加值",
                "规模工业增加值",
                "工业增加值",
                "增加值",
                "value added",
            ],
        ),
        indicator(
            OUTPUT,
            "规模以上工业总产值",
            "Gross output of industry above designated size",
            "万元",
            Level,
            None,
            &[
                "规上工业总产值",
                "工业总产值",
                "总产值",
                "gross output",
                "output value",
            ],
        ),
        indicator(
            "output_growth",
            "规模以上工业总产值增速",
            "Growth of gross industrial output",
            "%",
            Rate,
            Some(OUTPUT),
            &["工业总产值增速", "总产值增速", "output growth"],
        ),
        indicator(
            "fai_growth",
            "固定资产投资增速",
            "Growth of fixed-asset investment",
            "%",
            Rate,
            None,
            &[
                "固定资产投资增长",
                "固投增速",
                "fixed-asset investment growth",
                "fai growth",
            ],
        ),
        indicator(
            "industrial_investment_growth",
            "工业投资增速",
            "Growth of industrial investment",
            "%",
            Rate,
            None,
            &[
                "工业投资增长",
                "工业固定资产投资增速",
                "industrial investment growth",
            ],
        ),
    ];
    out.extend(enterprise_indicators());
    out
}

/// The indicators of the enterprises above designated size: their number, revenue and
/// profit (levels and growth).
fn enterprise_indicators() -> Vec<Indicator> {
    use IndicatorKind::{Count, Level, Rate};
    vec![
        indicator(
            "enterprise_count",
            "规模以上工业企业数",
            "Number of industrial enterprises above designated size",
            "家",
            Count,
            None,
            &[
                "规上工业企业数",
                "规上企业数",
                "企业个数",
                "enterprises above designated size",
            ],
        ),
        indicator(
            "revenue",
            "规模以上工业企业营业收入",
            "Operating revenue of industrial enterprises above designated size",
            "万元",
            Level,
            None,
            &["营业收入", "主营业务收入", "revenue"],
        ),
        indicator(
            "revenue_growth",
            "规模以上工业企业营业收入增速",
            "Growth of operating revenue",
            "%",
            Rate,
            Some("revenue"),
            &["营业收入增速", "营业收入增长", "revenue growth"],
        ),
        indicator(
            "profit",
            "规模以上工业企业利润总额",
            "Total profit of industrial enterprises above designated size",
            "万元",
            Level,
            None,
            &["利润总额", "利润", "profit"],
        ),
        indicator(
            "profit_growth",
            "规模以上工业企业利润总额增速",
            "Growth of total profit",
            "%",
            Rate,
            Some("profit"),
            &["利润总额增速", "利润增速", "利润总额增长", "profit growth"],
        ),
    ]
}

fn industry(code: &str, zh: &str, en: &str, aliases: &[&str]) -> Industry {
    Industry {
        code: code.into(),
        name_zh: zh.into(),
        name_en: en.into(),
        aliases: strings(aliases),
    }
}

fn industries() -> Vec<Industry> {
    vec![
        industry(
            "coal",
            "煤炭及煤化工",
            "Coal and coal chemicals",
            &["煤炭", "煤化工", "煤炭开采和洗选业", "coal"],
        ),
        industry(
            "graphite",
            "石墨及新材料",
            "Graphite and new materials",
            &["石墨", "石墨新材料", "graphite"],
        ),
        industry(
            "food",
            "绿色食品",
            "Green food",
            &["食品", "农副食品加工业", "食品制造业", "food"],
        ),
        industry(
            "medicine",
            "生物医药",
            "Biomedicine",
            &["医药", "医药制造业", "medicine", "pharmaceuticals"],
        ),
        industry(
            "power",
            "电力",
            "Power",
            &["电力、热力生产和供应业", "电力热力", "power generation"],
        ),
        industry("coking", "焦化", "Coking", &["炼焦", "coke"]),
        industry(
            "machinery",
            "煤机装备制造",
            "Coal machinery and equipment",
            &["装备制造", "煤机", "equipment manufacturing", "machinery"],
        ),
        industry(
            "building_materials",
            "建材",
            "Building materials",
            &["非金属矿物制品业", "建筑材料", "building materials"],
        ),
        industry(
            "magnesium",
            "镁合金",
            "Magnesium alloys",
            &["镁", "magnesium"],
        ),
        industry(
            "new_energy",
            "新能源",
            "New energy",
            &["新能源产业", "new energy"],
        ),
    ]
}

fn groups() -> Vec<IndustryGroup> {
    vec![
        IndustryGroup {
            code: LEADING4.into(),
            name_zh: "四大主导产业".into(),
            name_en: "Four leading industries".into(),
            members: strings(&["coal", "graphite", "food", "medicine"]),
        },
        IndustryGroup {
            code: EMERGING.into(),
            name_zh: "新兴产业".into(),
            name_en: "Emerging industries".into(),
            members: strings(&[
                "graphite",
                "food",
                "medicine",
                "machinery",
                "magnesium",
                "new_energy",
            ]),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heilongjiang_has_its_thirteen_cities() {
        let cat = builtin();
        let hlj = cat.region(HEILONGJIANG).expect("Heilongjiang");
        assert_eq!(hlj.name_zh, "黑龙江省");
        let cities: Vec<&str> = cat
            .children_of(HEILONGJIANG)
            .map(|r| r.name_zh.as_str())
            .collect();
        assert_eq!(
            cities,
            [
                "哈尔滨市",
                "齐齐哈尔市",
                "鸡西市",
                "鹤岗市",
                "双鸭山市",
                "大庆市",
                "伊春市",
                "佳木斯市",
                "七台河市",
                "牡丹江市",
                "黑河市",
                "绥化市",
                "大兴安岭地区"
            ]
        );
        let jixi = cat.region(JIXI).expect("Jixi");
        assert_eq!(cat.peers_of(jixi).len(), 13);
        assert_eq!(cat.children_of(JIXI).count(), 9);
    }

    #[test]
    fn whole_country_is_there() {
        let cat = builtin();
        let count = |level| cat.regions.iter().filter(|r| r.level == level).count();
        assert_eq!(count(RegionLevel::Nation), 1);
        assert_eq!(count(RegionLevel::Province), 31);
        assert!(count(RegionLevel::City) >= 333);
        for r in &cat.regions {
            if let Some(p) = &r.parent {
                assert!(cat.region(p).is_some(), "{} has unknown parent {p}", r.code);
            }
        }
    }

    #[test]
    fn names_and_aliases_find_regions() {
        let cat = builtin();
        for name in ["鸡西", "鸡西市", "Jixi", "jixi", "230300"] {
            assert_eq!(
                cat.find_region(name).map(|r| r.code.as_str()),
                Some(JIXI),
                "{name}"
            );
        }
        assert_eq!(
            cat.find_region("黑龙江").map(|r| r.code.as_str()),
            Some(HEILONGJIANG)
        );
        assert_eq!(
            cat.find_region("全国").map(|r| r.code.as_str()),
            Some(NATION)
        );
        assert!(cat.find_region("埇桥区").is_none() || cat.find_region("宿州市").is_some());
    }

    #[test]
    fn indicators_and_groups_are_consistent() {
        let cat = builtin();
        for i in &cat.indicators {
            if let Some(level) = &i.growth_of {
                assert!(cat.indicator(level).is_some(), "{} grows {level}", i.code);
            }
        }
        for g in &cat.groups {
            for m in &g.members {
                assert!(cat.industry(m).is_some(), "{} member {m}", g.code);
            }
        }
        assert_eq!(
            cat.find_indicator("规上工业增加值增速")
                .map(|i| i.code.as_str()),
            Some(VA_GROWTH)
        );
        assert_eq!(
            cat.find_industry("石墨").map(|i| i.code.as_str()),
            Some("graphite")
        );
    }
}
