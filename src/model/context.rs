//! Which regions a region is compared with: its parent, the nation and its peers.

use super::{Catalogue, Region, RegionLevel};

/// A region with the regions its figures are compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionContext {
    /// The region itself.
    pub region: Region,
    /// The region it belongs to (None for the nation).
    pub parent: Option<Region>,
    /// The nation (None when the catalogue has none).
    pub nation: Option<Region>,
    /// Codes of the regions it is ranked among (its parent's children of its level),
    /// including itself; just itself when it has no parent.
    pub peers: Vec<String>,
}

impl RegionContext {
    /// The context of the region with `code`, if the catalogue has it.
    pub fn new(cat: &Catalogue, code: &str) -> Option<RegionContext> {
        let region = cat.region(code)?.clone();
        let parent = cat.parent_of(&region).cloned();
        let nation = cat.nation().cloned();
        let peers = cat
            .peers_of(&region)
            .into_iter()
            .map(|r| r.code.clone())
            .collect();
        Some(RegionContext {
            region,
            parent,
            nation,
            peers,
        })
    }

    /// Every region whose figures the analysis of this region reads.
    pub fn regions_to_load(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.peers.iter().map(String::as_str).collect();
        for r in [&self.parent, &self.nation].into_iter().flatten() {
            if !out.contains(&r.code.as_str()) {
                out.push(&r.code);
            }
        }
        if !out.contains(&self.region.code.as_str()) {
            out.push(&self.region.code);
        }
        out
    }

    /// What a bulletin calls the parent: 全省 for a city's province, 全国 for a province.
    pub fn parent_level(&self) -> Option<RegionLevel> {
        self.parent.as_ref().map(|p| p.level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalogue::{HEILONGJIANG, JIXI, NATION, builtin};

    #[test]
    fn a_city_is_compared_with_its_province_and_the_nation() {
        let ctx = RegionContext::new(builtin(), JIXI).expect("Jixi");
        assert_eq!(
            ctx.parent.as_ref().map(|r| r.code.as_str()),
            Some(HEILONGJIANG)
        );
        assert_eq!(ctx.nation.as_ref().map(|r| r.code.as_str()), Some(NATION));
        assert_eq!(ctx.peers.len(), 13);
        assert_eq!(ctx.regions_to_load().len(), 15);
    }

    #[test]
    fn the_nation_has_no_parent_and_no_peers() {
        let ctx = RegionContext::new(builtin(), NATION).expect("nation");
        assert!(ctx.parent.is_none());
        assert_eq!(ctx.peers, vec![NATION.to_string()]);
    }
}
