//! The domain model: periods, regions, indicators, industries, figures and the enterprise
//! register. Plain data with no I/O; every other layer speaks in these types.

pub mod catalogue;
pub mod context;
pub mod credit_code;
pub mod enterprise;
pub mod evaluation;
pub mod figures;
pub mod period;
pub mod returns;
pub mod skipped;
pub mod snapshot;
pub mod suggest;
pub mod target;
pub mod tilemap;
pub mod warning;

pub use context::RegionContext;
pub use enterprise::{Date, Enterprise, FinancingDeal, Register, RequestStatus, ServiceRequest};
pub use evaluation::{Component, InvestmentProject, Satisfaction, Weights};
pub use figures::{Code, Figure, Figures, RawFigure, SeriesKey, Source, SourceId, Subject};
pub use period::{Basis, Period, PeriodError};
pub use skipped::SkippedRow;
pub use snapshot::Snapshot;

use serde::{Deserialize, Serialize};

/// The language of labels and text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The command-line code, `zh` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Picks the text of this language from a pair.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// A text said in both of the window's languages (notices, import problems). `Display`
/// writes the English, which the command line prints.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Said {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Said {
    /// A text in Chinese and English.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Said {
        Said {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// A text that reads the same in both languages (a number, a name).
    pub fn same(text: impl Into<String>) -> Said {
        let text = text.into();
        Said {
            zh: text.clone(),
            en: text,
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" | "中文" => Ok(Lang::Zh),
            "en" | "english" => Ok(Lang::En),
            other => Err(format!("unknown language “{other}” (use zh or en)")),
        }
    }
}

/// The administrative level of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionLevel {
    /// The whole country (全国).
    Nation,
    /// A province-level division (省、自治区、直辖市).
    Province,
    /// A prefecture-level division (地级市、地区、自治州、盟).
    City,
    /// A county-level division (区、县、县级市).
    County,
}

impl RegionLevel {
    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            RegionLevel::Nation => "nation",
            RegionLevel::Province => "province",
            RegionLevel::City => "city",
            RegionLevel::County => "county",
        }
    }

    /// Parses the stored code.
    pub fn from_code(s: &str) -> Option<RegionLevel> {
        match s {
            "nation" => Some(RegionLevel::Nation),
            "province" => Some(RegionLevel::Province),
            "city" => Some(RegionLevel::City),
            "county" => Some(RegionLevel::County),
            _ => None,
        }
    }

    /// What a bulletin calls the whole of a region of this level: 全国, 全省, 全市, 全县.
    pub fn whole_label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (RegionLevel::Nation, Lang::Zh) => "全国",
            (RegionLevel::Province, Lang::Zh) => "全省",
            (RegionLevel::City, Lang::Zh) => "全市",
            (RegionLevel::County, Lang::Zh) => "全县",
            (RegionLevel::Nation, Lang::En) => "the nation",
            (RegionLevel::Province, Lang::En) => "the province",
            (RegionLevel::City, Lang::En) => "the city",
            (RegionLevel::County, Lang::En) => "the county",
        }
    }
}

/// A region: the nation, a province, a prefecture-level city or a county.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Region {
    /// GB/T 2260 code, e.g. "230300" for 鸡西市; "100000" is the nation.
    pub code: String,
    /// Full Chinese name, e.g. 鸡西市.
    pub name_zh: String,
    /// English name, e.g. Jixi.
    pub name_en: String,
    /// Short Chinese form, e.g. 鸡西.
    pub short_zh: String,
    /// Short English form.
    pub short_en: String,
    /// Administrative level.
    pub level: RegionLevel,
    /// The code of the region this one belongs to (None for the nation).
    pub parent: Option<String>,
    /// Other names that identify the region in imported files.
    pub aliases: Vec<String>,
}

impl Region {
    /// The full name in a language.
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_zh, &self.name_en)
    }

    /// What a bulletin calls the whole of this region: 全省, 全市 … and for a county-level
    /// division by its kind — 全区 for a district, 全市 for a county-level city, 全县.
    pub fn whole_label(&self, lang: Lang) -> &'static str {
        if self.level != RegionLevel::County {
            return self.level.whole_label(lang);
        }
        match (self.name_zh.chars().last(), lang) {
            (Some('区'), Lang::Zh) => "全区",
            (Some('市'), Lang::Zh) => "全市",
            (Some('旗'), Lang::Zh) => "全旗",
            (_, Lang::Zh) => "全县",
            (Some('区'), Lang::En) => "the district",
            (Some('市'), Lang::En) => "the city",
            (_, Lang::En) => "the county",
        }
    }
}

/// What an indicator measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndicatorKind {
    /// A growth rate in percent, published as data.
    Rate,
    /// A level such as value added (万元).
    Level,
    /// A count such as the number of enterprises (家).
    Count,
}

impl IndicatorKind {
    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            IndicatorKind::Rate => "rate",
            IndicatorKind::Level => "level",
            IndicatorKind::Count => "count",
        }
    }

    /// Parses the stored code.
    pub fn from_code(s: &str) -> Option<IndicatorKind> {
        match s {
            "rate" => Some(IndicatorKind::Rate),
            "level" => Some(IndicatorKind::Level),
            "count" => Some(IndicatorKind::Count),
            _ => None,
        }
    }
}

/// A statistical indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// Stable code, e.g. `va_growth`.
    pub code: String,
    /// Chinese name, e.g. 规模以上工业增加值增速.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Unit as printed: %, 万元, 家.
    pub unit: String,
    /// Rate, level or count.
    pub kind: IndicatorKind,
    /// For a rate, the code of the level it is the growth of.
    pub growth_of: Option<String>,
    /// Other names that identify the indicator in imported files.
    pub aliases: Vec<String>,
}

impl Indicator {
    /// The name in a language.
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_zh, &self.name_en)
    }
}

/// An industry the home region tracks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Industry {
    /// Stable code, e.g. `graphite`.
    pub code: String,
    /// Chinese name, e.g. 石墨.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Other names that identify the industry in imported files.
    pub aliases: Vec<String>,
}

impl Industry {
    /// The name in a language.
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_zh, &self.name_en)
    }
}

/// A named group of industries, e.g. the four leading industries (四大主导产业).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndustryGroup {
    /// Stable code, e.g. `leading4`.
    pub code: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name.
    pub name_en: String,
    /// Codes of the member industries.
    pub members: Vec<String>,
}

impl IndustryGroup {
    /// The name in a language.
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name_zh, &self.name_en)
    }
}

/// Everything a dataset names: regions, indicators, industries and groups.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    /// All regions, nation first.
    pub regions: Vec<Region>,
    /// All indicators.
    pub indicators: Vec<Indicator>,
    /// All industries, in display order.
    pub industries: Vec<Industry>,
    /// All industry groups.
    pub groups: Vec<IndustryGroup>,
}

impl Catalogue {
    /// The region with this code.
    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }

    /// The indicator with this code.
    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }

    /// The industry with this code.
    pub fn industry(&self, code: &str) -> Option<&Industry> {
        self.industries.iter().find(|i| i.code == code)
    }

    /// The group with this code.
    pub fn group(&self, code: &str) -> Option<&IndustryGroup> {
        self.groups.iter().find(|g| g.code == code)
    }

    /// The nation, if the catalogue has one.
    pub fn nation(&self) -> Option<&Region> {
        self.regions.iter().find(|r| r.level == RegionLevel::Nation)
    }

    /// The region's parent.
    pub fn parent_of(&self, region: &Region) -> Option<&Region> {
        region.parent.as_deref().and_then(|c| self.region(c))
    }

    /// The regions whose parent is `code`, in catalogue order.
    pub fn children_of<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Region> + 'a {
        self.regions
            .iter()
            .filter(move |r| r.parent.as_deref() == Some(code))
    }

    /// The regions a region is ranked among: its parent's children of the same level.
    pub fn peers_of<'a>(&'a self, region: &'a Region) -> Vec<&'a Region> {
        match region.parent.as_deref() {
            Some(parent) => self
                .children_of(parent)
                .filter(|r| r.level == region.level)
                .collect(),
            None => vec![region],
        }
    }

    /// Finds a region by code, full or short name, English name or alias.
    pub fn find_region(&self, name: &str) -> Option<&Region> {
        let key = name_key(name);
        let mut hits = self.regions.iter().filter(|r| {
            name_key(&r.code) == key
                || name_key(&r.name_zh) == key
                || name_key(&r.short_zh) == key
                || name_key(&r.name_en) == key
                || name_key(&r.short_en) == key
                || r.aliases.iter().any(|a| name_key(a) == key)
        });
        let first = hits.next()?;
        // Two cities share "Suzhou": an ambiguous English name matches nothing by itself.
        match hits.next() {
            None => Some(first),
            Some(_) => None,
        }
    }

    /// Finds an indicator by code, name or alias.
    pub fn find_indicator(&self, name: &str) -> Option<&Indicator> {
        let key = name_key(name);
        self.indicators.iter().find(|i| {
            name_key(&i.code) == key
                || name_key(&i.name_zh) == key
                || name_key(&i.name_en) == key
                || i.aliases.iter().any(|a| name_key(a) == key)
        })
    }

    /// Finds an industry by code, name or alias.
    pub fn find_industry(&self, name: &str) -> Option<&Industry> {
        let key = name_key(name);
        self.industries.iter().find(|i| {
            name_key(&i.code) == key
                || name_key(&i.name_zh) == key
                || name_key(&i.name_en) == key
                || i.aliases.iter().any(|a| name_key(a) == key)
        })
    }

    /// Finds a group by code or name.
    pub fn find_group(&self, name: &str) -> Option<&IndustryGroup> {
        let key = name_key(name);
        self.groups.iter().find(|g| {
            name_key(&g.code) == key || name_key(&g.name_zh) == key || name_key(&g.name_en) == key
        })
    }
}

/// Folds case, spaces, full-width forms and brackets so names typed in different ways match.
pub fn name_key(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '（' | '）' | '(' | ')' | '\'' | '’' | '-' | '·')
        })
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_county_level_division_is_named_by_its_kind() {
        let cat = catalogue::builtin();
        let label = |code: &str| cat.region(code).map(|r| r.whole_label(Lang::Zh));
        assert_eq!(label("230302"), Some("全区"), "鸡冠区");
        assert_eq!(label("230381"), Some("全市"), "虎林市");
        assert_eq!(label("230321"), Some("全县"), "鸡东县");
        assert_eq!(label("230300"), Some("全市"));
        assert_eq!(label("230000"), Some("全省"));
    }

    #[test]
    fn name_key_folds_what_users_type_differently() {
        assert_eq!(name_key(" Daxing'anling "), name_key("daxinganling"));
        assert_eq!(name_key("ＡＢＣ"), "abc");
        assert_eq!(name_key("鸡西市（本级）"), "鸡西市本级");
    }
}
