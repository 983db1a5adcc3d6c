//! Tile cartograms (SPEC §12): one square per region, arranged roughly as on a map. No
//! boundary data is bundled (published maps need official approval); the hand layouts put
//! each tile where its region lies relative to the others, and any other parent gets a
//! grid in code order.

use super::Catalogue;

/// One region's tile: its column and row (0, 0 is the north-west corner).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tile {
    /// Region code.
    pub region: String,
    /// Column, west to east.
    pub col: u32,
    /// Row, north to south.
    pub row: u32,
}

/// Heilongjiang's 13 prefecture-level divisions.
const HEILONGJIANG: [(&str, u32, u32); 13] = [
    ("232700", 0, 0), // 大兴安岭
    ("231100", 1, 0), // 黑河
    ("230400", 3, 0), // 鹤岗
    ("230200", 0, 1), // 齐齐哈尔
    ("231200", 1, 1), // 绥化
    ("230700", 2, 1), // 伊春
    ("230800", 3, 1), // 佳木斯
    ("230600", 0, 2), // 大庆
    ("230100", 1, 2), // 哈尔滨
    ("230900", 3, 2), // 七台河
    ("230500", 4, 2), // 双鸭山
    ("231000", 2, 3), // 牡丹江
    ("230300", 3, 3), // 鸡西
];

/// Jixi's 9 county-level divisions: the city districts in the west, 鸡东 in the middle,
/// 虎林 to the east and 密山 on Lake Khanka to the south-east.
const JIXI: [(&str, u32, u32); 9] = [
    ("230304", 0, 0), // 滴道
    ("230306", 1, 0), // 城子河
    ("230307", 0, 1), // 麻山
    ("230302", 1, 1), // 鸡冠
    ("230321", 2, 1), // 鸡东
    ("230381", 4, 1), // 虎林
    ("230305", 0, 2), // 梨树
    ("230303", 1, 2), // 恒山
    ("230382", 3, 2), // 密山
];

/// The tiles of `parent`'s children in the catalogue: the hand layout where there is one
/// (children it does not place, e.g. a development zone added as a region, go on a row
/// below it), else a near-square grid in code order.
pub fn layout(catalogue: &Catalogue, parent: &str) -> Vec<Tile> {
    let mut children: Vec<&str> = catalogue
        .children_of(parent)
        .map(|r| r.code.as_str())
        .collect();
    children.sort_unstable();
    let hand: &[(&str, u32, u32)] = match parent {
        "230000" => &HEILONGJIANG,
        "230300" => &JIXI,
        _ => &[],
    };
    let mut tiles: Vec<Tile> = hand
        .iter()
        .filter(|(code, _, _)| children.contains(code))
        .map(|&(code, col, row)| Tile {
            region: code.to_string(),
            col,
            row,
        })
        .collect();
    let rest: Vec<&str> = children
        .into_iter()
        .filter(|c| !hand.iter().any(|(h, _, _)| h == c))
        .collect();
    let first_row = tiles.iter().map(|t| t.row + 1).max().unwrap_or(0);
    let cols = match (tiles.is_empty(), rest.len()) {
        (_, 0) => 1,
        (false, _) => tiles.iter().map(|t| t.col + 1).max().unwrap_or(1),
        (true, n) => (n as f64).sqrt().ceil() as u32,
    };
    for (i, code) in rest.into_iter().enumerate() {
        let i = i as u32;
        tiles.push(Tile {
            region: code.to_string(),
            col: i % cols,
            row: first_row + i / cols,
        });
    }
    tiles
}

/// Columns and rows a layout spans.
pub fn extent(tiles: &[Tile]) -> (u32, u32) {
    (
        tiles.iter().map(|t| t.col + 1).max().unwrap_or(0),
        tiles.iter().map(|t| t.row + 1).max().unwrap_or(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_overlap(tiles: &[Tile]) -> bool {
        let mut seen = std::collections::HashSet::new();
        tiles.iter().all(|t| seen.insert((t.col, t.row)))
    }

    #[test]
    fn heilongjiang_and_jixi_have_hand_layouts_covering_every_child() {
        let cat = crate::model::catalogue::builtin();
        for (parent, n) in [("230000", 13), ("230300", 9)] {
            let tiles = layout(cat, parent);
            assert_eq!(tiles.len(), n, "{parent}");
            assert_eq!(cat.children_of(parent).count(), n, "{parent}");
            assert!(no_overlap(&tiles), "{parent}");
        }
        let hlj = layout(cat, "230000");
        let at = |code: &str| {
            hlj.iter()
                .find(|t| t.region == code)
                .map(|t| (t.col, t.row))
                .expect("placed")
        };
        // 大兴安岭 north-west of 哈尔滨, 鸡西 south-east of it.
        assert!(at("232700").0 < at("230100").0 && at("232700").1 < at("230100").1);
        assert!(at("230300").0 > at("230100").0 && at("230300").1 > at("230100").1);
        assert_eq!(extent(&hlj), (5, 4));
    }

    #[test]
    fn other_parents_get_a_near_square_grid_in_code_order() {
        let cat = crate::model::catalogue::builtin();
        // Jilin's prefecture-level divisions: no hand layout.
        let n = cat.children_of("220000").count();
        assert!(n >= 9, "{n}");
        let tiles = layout(cat, "220000");
        assert_eq!(tiles.len(), n);
        assert!(no_overlap(&tiles));
        let cols = (n as f64).sqrt().ceil() as u32;
        assert_eq!(extent(&tiles).0, cols);
        let codes: Vec<&str> = tiles.iter().map(|t| t.region.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted);
        assert!(layout(cat, "999999").is_empty());
    }
}
