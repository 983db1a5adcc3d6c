//! Names in files → catalogue entries, through every alias, with "did you mean" on misses.
//!
//! The index matches exactly what [`Catalogue::find_region`] and friends match (the same
//! [`name_key`] folding), but is built once per import, so a million rows cost a hash
//! lookup each instead of a scan of 3,000 regions. An ambiguous region name (two cities
//! called Suzhou in English) matches nothing and says which regions it could be.
//! "全省", "全市", "全县" are the whole of the province/city/county that the other regions
//! listed belong to: they resolve per sheet, after all its rows are read.

use std::collections::HashMap;

use super::issue::Said;
use crate::model::name_key;
use crate::model::{Catalogue, IndicatorKind, RegionLevel, suggest};

/// How many distinct unknown names get "did you mean" suggestions (each costs a scan of
/// the catalogue); later ones are beyond the listed errors anyway.
const MAX_SUGGESTED: usize = 300;

/// What a region name means.
#[derive(Debug, Clone, PartialEq)]
pub enum RegionName {
    /// One region (index into `catalogue.regions`).
    One(u32),
    /// The whole of the region of this level that the sheet's other regions belong to.
    Whole(RegionLevel),
    /// No region, with the reason (and suggestions).
    Unknown(Said),
}

/// What an industry-column name means.
#[derive(Debug, Clone, PartialEq)]
pub enum SubjectName {
    /// The region as a whole (empty, 合计, 全部工业 …).
    Whole,
    /// An industry.
    Industry(u32),
    /// A group.
    Group(u32),
    /// Nothing known, with the reason.
    Unknown(Said),
}

/// The catalogue's names, indexed.
pub struct Names<'c> {
    /// The catalogue.
    pub cat: &'c Catalogue,
    regions: HashMap<String, Vec<u32>>,
    indicators: HashMap<String, u32>,
    industries: HashMap<String, u32>,
    groups: HashMap<String, u32>,
    by_code: HashMap<String, u32>,
    suggested: usize,
}

fn push_unique(v: &mut Vec<u32>, i: u32) {
    if !v.contains(&i) {
        v.push(i);
    }
}

impl<'c> Names<'c> {
    /// How many suggestions were made since the last call (the count starts again).
    pub fn take_suggested(&mut self) -> usize {
        std::mem::take(&mut self.suggested)
    }

    /// Counts suggestions made by another parser of the same import (a part read apart).
    pub fn add_suggested(&mut self, n: usize) {
        self.suggested += n;
    }

    /// Indexes a catalogue.
    pub fn new(cat: &'c Catalogue) -> Names<'c> {
        let mut regions: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, r) in cat.regions.iter().enumerate() {
            let i = i as u32;
            for name in [&r.code, &r.name_zh, &r.short_zh, &r.name_en, &r.short_en]
                .into_iter()
                .chain(r.aliases.iter())
            {
                let key = name_key(name);
                if !key.is_empty() {
                    push_unique(regions.entry(key).or_default(), i);
                }
            }
        }
        let mut indicators = HashMap::new();
        for (i, ind) in cat.indicators.iter().enumerate() {
            for name in [&ind.code, &ind.name_zh, &ind.name_en]
                .into_iter()
                .chain(ind.aliases.iter())
            {
                indicators.entry(name_key(name)).or_insert(i as u32);
            }
        }
        let mut industries = HashMap::new();
        for (i, ind) in cat.industries.iter().enumerate() {
            for name in [&ind.code, &ind.name_zh, &ind.name_en]
                .into_iter()
                .chain(ind.aliases.iter())
            {
                industries.entry(name_key(name)).or_insert(i as u32);
            }
        }
        let mut groups = HashMap::new();
        for (i, g) in cat.groups.iter().enumerate() {
            for name in [&g.code, &g.name_zh, &g.name_en] {
                groups.entry(name_key(name)).or_insert(i as u32);
            }
        }
        let by_code = cat
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code.clone(), i as u32))
            .collect();
        Names {
            cat,
            by_code,
            regions,
            indicators,
            industries,
            groups,
            suggested: 0,
        }
    }

    /// True when the catalogue fits the compact figure keys (it always does in practice).
    pub fn fits_compact_keys(&self) -> bool {
        self.cat.regions.len() < (1 << 25)
            && self.cat.indicators.len() < (1 << 10)
            && self.cat.industries.len() < (1 << 14)
            && self.cat.groups.len() < (1 << 14)
    }

    /// The index of the region with this code.
    pub fn region_index(&self, code: &str) -> Option<u32> {
        self.by_code.get(code).copied()
    }

    /// The region of `level` that region `i` is or belongs to.
    pub fn ancestor_at(&self, i: u32, level: RegionLevel) -> Option<u32> {
        let mut r = self.cat.regions.get(i as usize)?;
        let mut idx = i;
        // Parents form a tree of at most four levels; the bound guards against a cycle in a
        // damaged catalogue.
        for _ in 0..8 {
            if r.level == level {
                return Some(idx);
            }
            idx = self.region_index(r.parent.as_deref()?)?;
            r = self.cat.regions.get(idx as usize)?;
        }
        None
    }

    /// Resolves a region name.
    pub fn region(&mut self, text: &str) -> RegionName {
        let cleaned = clean_region_text(text);
        let key = name_key(cleaned);
        if let Some(level) = whole_label(&key) {
            return match level {
                RegionLevel::Nation => match self
                    .cat
                    .regions
                    .iter()
                    .position(|r| r.level == RegionLevel::Nation)
                {
                    Some(i) => RegionName::One(i as u32),
                    None => RegionName::Unknown(Said::new(
                        "数据集的目录中没有全国",
                        "the dataset's catalogue has no nation",
                    )),
                },
                level => RegionName::Whole(level),
            };
        }
        match self.regions.get(&key).map(Vec::as_slice) {
            Some([one]) => RegionName::One(*one),
            Some(many) if !many.is_empty() => {
                let names: Vec<String> = many
                    .iter()
                    .filter_map(|&i| self.cat.regions.get(i as usize))
                    .map(|r| {
                        let parent = self
                            .cat
                            .parent_of(r)
                            .map(|p| format!("，{}", p.name_zh))
                            .unwrap_or_default();
                        format!("{}（{}{parent}）", r.name_zh, r.code)
                    })
                    .collect();
                RegionName::Unknown(Said::new(
                    format!(
                        "地区名称有歧义：可能是{}；请写中文全称或区划代码",
                        names.join("、")
                    ),
                    format!(
                        "ambiguous region name: it could be {}; write the Chinese name or the code",
                        names.join(", ")
                    ),
                ))
            }
            _ => {
                let found = if self.suggested < MAX_SUGGESTED {
                    self.suggested += 1;
                    self.region_suggestions(cleaned)
                } else {
                    Vec::new()
                };
                RegionName::Unknown(unknown_with_hint(("未知地区", "unknown region"), &found))
            }
        }
    }

    /// Full names of the regions closest to `text`, comparing short names too ("鸡溪" is
    /// one character from 鸡西, two from 鸡西市).
    fn region_suggestions(&self, text: &str) -> Vec<String> {
        let candidates = self
            .cat
            .regions
            .iter()
            .flat_map(|r| [r.name_zh.as_str(), r.short_zh.as_str(), r.name_en.as_str()]);
        let mut out: Vec<String> = Vec::new();
        for hit in suggest::closest(text, candidates, 6) {
            let full = self
                .cat
                .regions
                .iter()
                .find(|r| r.name_zh == hit || r.short_zh == hit || r.name_en == hit)
                .map_or(hit.clone(), |r| {
                    if r.name_en == hit {
                        hit.clone()
                    } else {
                        r.name_zh.clone()
                    }
                });
            if !out.contains(&full) {
                out.push(full);
            }
        }
        out.truncate(3);
        out
    }

    /// Industry names (and aliases) closest to `text`.
    fn industry_suggestions(&self, text: &str) -> Vec<String> {
        let candidates = self.cat.industries.iter().flat_map(|i| {
            [i.name_zh.as_str(), i.name_en.as_str()]
                .into_iter()
                .chain(i.aliases.iter().map(String::as_str))
        });
        suggest::closest(text, candidates, 3)
    }

    /// Resolves an indicator name.
    pub fn indicator(&mut self, text: &str) -> Result<u32, Said> {
        if let Some(&i) = self.indicators.get(&name_key(strip_unit(text))) {
            return Ok(i);
        }
        let found = if self.suggested < MAX_SUGGESTED {
            self.suggested += 1;
            suggest::indicators(self.cat, text, 3)
        } else {
            Vec::new()
        };
        Err(unknown_with_hint(("未知指标", "unknown indicator"), &found))
    }

    /// Resolves an industry column: empty or a total means the whole region.
    pub fn subject(&mut self, text: &str) -> SubjectName {
        let key = name_key(text);
        if matches!(
            key.as_str(),
            "" | "合计"
                | "总计"
                | "全部"
                | "全部工业"
                | "工业"
                | "规上工业"
                | "规模以上工业"
                | "全行业"
                | "total"
                | "all"
                | "allindustries"
                | "whole"
        ) {
            return SubjectName::Whole;
        }
        if let Some(&i) = self.industries.get(&key) {
            return SubjectName::Industry(i);
        }
        if let Some(&g) = self.groups.get(&key) {
            return SubjectName::Group(g);
        }
        let mut found = if self.suggested < MAX_SUGGESTED {
            self.suggested += 1;
            self.industry_suggestions(text)
        } else {
            Vec::new()
        };
        found.extend(suggest::closest(
            text,
            self.cat.groups.iter().map(|g| g.name_zh.as_str()),
            1,
        ));
        SubjectName::Unknown(unknown_with_hint(
            ("未知行业或产业分组", "unknown industry or industry group"),
            &found,
        ))
    }

    /// Resolves an enterprise's industry (no totals or groups).
    pub fn industry(&mut self, text: &str) -> Result<u32, Said> {
        match self.industries.get(&name_key(text)) {
            Some(&i) => Ok(i),
            None => {
                let found = self.industry_suggestions(text);
                Err(unknown_with_hint(("未知行业", "unknown industry"), &found))
            }
        }
    }

    /// The indicator a text names somewhere inside it (a title, a file name): the longest
    /// name or alias it contains. A level named with a percent unit or a growth word is
    /// taken as the growth rate of that level.
    pub fn indicator_in(&self, text: &str, percent: bool) -> Option<u32> {
        let key = name_key(text);
        let mut best: Option<(usize, u32)> = None;
        for (name, &i) in &self.indicators {
            let n = name.chars().count();
            let ascii = name.is_ascii();
            // Short ASCII codes ("va") would match inside ordinary words.
            if (ascii && n < 5) || n < 2 || !key.contains(name.as_str()) {
                continue;
            }
            if best.is_none_or(|(m, j)| n > m || (n == m && i < j)) {
                best = Some((n, i));
            }
        }
        let (_, i) = best?;
        let ind = self.cat.indicators.get(i as usize)?;
        let growth_word = ["增速", "增长", "增幅", "growth"]
            .iter()
            .any(|w| key.contains(w));
        if ind.kind == IndicatorKind::Level
            && (percent || growth_word)
            && let Some(rate) = self.cat.indicators.iter().position(|r| {
                r.kind == IndicatorKind::Rate && r.growth_of.as_deref() == Some(&ind.code)
            })
        {
            return Some(rate as u32);
        }
        Some(i)
    }

    /// The growth rate of a level indicator (规上工业增加值 → its 增速), if it has one.
    pub fn rate_of(&self, level: u32) -> Option<u32> {
        let ind = self.cat.indicators.get(level as usize)?;
        if ind.kind != IndicatorKind::Level {
            return None;
        }
        let rate = self.cat.indicators.iter().position(|r| {
            r.kind == IndicatorKind::Rate && r.growth_of.as_deref() == Some(&ind.code)
        })?;
        Some(rate as u32)
    }

    /// The region a text names inside it (a file name or title): the longest Chinese name or
    /// short name of two characters or more it contains, when only one region has it.
    pub fn region_in(&self, text: &str) -> Option<u32> {
        let key = name_key(text);
        let mut best: Option<(usize, u32)> = None;
        for (name, ids) in &self.regions {
            if ids.len() != 1 || name.is_ascii() || name.chars().count() < 2 {
                continue;
            }
            if !key.contains(name.as_str()) {
                continue;
            }
            let n = name.chars().count();
            if best.is_none_or(|(m, j)| n > m || (n == m && ids[0] < j)) {
                best = Some((n, ids[0]));
            }
        }
        best.map(|(_, i)| i)
    }
}

/// "unknown X" (`what` in Chinese and English), then "did you mean" the names found close
/// to it.
fn unknown_with_hint(what: (&str, &str), found: &[String]) -> Said {
    let hint = did_you_mean(found);
    Said::new(
        format!("{}{}", what.0, hint.zh),
        format!("{}{}", what.1, hint.en),
    )
}

/// "; did you mean A, B?" (empty when nothing is close).
pub fn did_you_mean(found: &[String]) -> Said {
    if found.is_empty() {
        return Said::default();
    }
    let quoted: Vec<String> = found.iter().map(|f| format!("“{f}”")).collect();
    Said::new(
        format!("；是否为{}？", quoted.join("、")),
        format!("; did you mean {}?", found.join(", ")),
    )
}

/// Drops footnote marks that bulletins put after names ("大兴安岭地区*", "鸡西市①").
fn clean_region_text(text: &str) -> &str {
    text.trim().trim_end_matches(|c: char| {
        matches!(c, '*' | '＊' | '#' | '△' | '▲' | '※') || ('\u{2460}'..='\u{2473}').contains(&c)
    })
}

/// Bulletin row labels for a whole region.
fn whole_label(key: &str) -> Option<RegionLevel> {
    let base = key
        .trim_end_matches("合计")
        .trim_end_matches("总计")
        .trim_end_matches("平均")
        .trim_end_matches("平均水平");
    match base {
        "全国" => Some(RegionLevel::Nation),
        "全省" | "全区" => Some(RegionLevel::Province),
        "全市" => Some(RegionLevel::City),
        "全县" => Some(RegionLevel::County),
        _ => None,
    }
}

/// An indicator header may carry its unit: "规上工业增加值增速（%）".
fn strip_unit(text: &str) -> &str {
    match text.find(['(', '（']) {
        Some(at) if at > 0 => &text[..at],
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalogue::{JIXI, VA_GROWTH, builtin};

    fn code(names: &Names, r: RegionName) -> String {
        match r {
            RegionName::One(i) => names.cat.regions[i as usize].code.clone(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn regions_by_any_name() {
        let mut n = Names::new(builtin());
        for t in ["鸡西", "鸡西市", "Jixi", " jixi ", "230300", "鸡西市①"] {
            let r = n.region(t);
            assert_eq!(code(&n, r), JIXI, "{t}");
        }
        assert_eq!(n.region("全省"), RegionName::Whole(RegionLevel::Province));
        assert_eq!(n.region("全 市"), RegionName::Whole(RegionLevel::City));
        let r = n.region("全国");
        assert_eq!(code(&n, r), "100000");
        match n.region("鸡溪市") {
            RegionName::Unknown(reason) => {
                assert!(reason.en.contains("鸡西市"), "{reason}");
                assert!(
                    reason.zh.starts_with("未知地区；是否为") && reason.zh.contains("“鸡西市”")
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn indicators_and_industries() {
        let mut n = Names::new(builtin());
        let va = builtin()
            .indicators
            .iter()
            .position(|i| i.code == VA_GROWTH)
            .expect("va_growth") as u32;
        assert_eq!(n.indicator("规上工业增加值增速"), Ok(va));
        assert_eq!(n.indicator("规上工业增加值增速（%）"), Ok(va));
        assert!(n.indicator("工业增加值增素").is_err());
        assert_eq!(
            n.indicator_in("2023年1-4月全省各市（地）规模以上工业增加值增速（%）", true),
            Some(va)
        );
        assert_eq!(
            n.indicator_in("各市规模以上工业增加值（%）", true),
            Some(va)
        );
        assert_eq!(n.subject("合计"), SubjectName::Whole);
        assert!(matches!(n.subject("石墨"), SubjectName::Industry(_)));
        assert!(matches!(n.subject("四大主导产业"), SubjectName::Group(_)));
        assert!(matches!(n.subject("石磨"), SubjectName::Unknown(_)));
        assert_eq!(
            n.region_in("鸡西市2023年4月企业名录")
                .map(|i| builtin().regions[i as usize].code.as_str()),
            Some(JIXI)
        );
    }
}
