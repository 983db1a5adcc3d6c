//! The tile cartogram (SPEC §12): one square per region of a parent (Heilongjiang's cities,
//! the home city's counties), placed by [`crate::model::tilemap`], coloured on a diverging
//! scale centred on the parent's value — red above it, green below, as Chinese bulletins
//! colour growth — with a legend. One description for the window and the files.

use serde::Serialize;

use super::format::one_decimal;
use super::palette::Rgb;
use crate::model::tilemap::{extent, layout};
use crate::model::{Basis, Catalogue, Figures, Lang, Period, SeriesKey};

/// The colour of the parent's own value (the scale's centre).
pub const CENTRE: Rgb = Rgb(0xF2, 0xF2, 0xF2);
/// The colour of the largest value above the parent.
pub const HIGH: Rgb = Rgb(0xB2, 0x18, 0x2B);
/// The colour of the largest value below the parent.
pub const LOW: Rgb = Rgb(0x1B, 0x78, 0x37);
/// A tile without a figure.
pub const NO_DATA: Rgb = Rgb(0xD9, 0xD9, 0xD9);

/// One region's tile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapTile {
    /// Region code.
    pub region: String,
    /// Short name as printed on the tile.
    pub name: String,
    /// Column (west to east) and row (north to south).
    pub col: u32,
    /// Row.
    pub row: u32,
    /// The figure, None when the region has none.
    pub value: Option<f64>,
    /// Its colour on the scale.
    pub color: Rgb,
    /// The home region (drawn with a heavier border).
    pub home: bool,
}

/// A tile cartogram.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapChart {
    /// Title, e.g. "2023年1—4月各市（地）规上工业增加值增速（%）".
    pub title: String,
    /// The parent region's code.
    pub parent: String,
    /// The parent's value, the scale's centre (None: the median of the tiles is used).
    pub parent_value: Option<f64>,
    /// The centre actually used.
    pub centre: f64,
    /// Half the scale's width: the largest distance of a tile's value from the centre.
    pub span: f64,
    /// The unit of the values.
    pub unit: String,
    /// Columns and rows of the layout.
    pub cols: u32,
    /// Rows.
    pub rows: u32,
    /// The tiles.
    pub tiles: Vec<MapTile>,
    /// Legend stops, low to high: label and colour.
    pub legend: Vec<(String, Rgb)>,
}

fn mix(a: Rgb, b: Rgb, t: f64) -> Rgb {
    let t = t.clamp(0.0, 1.0);
    let c = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    Rgb(c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
}

/// The colour of `value` on a diverging scale around `centre` reaching full colour at
/// `centre ± span`.
pub fn diverging(value: f64, centre: f64, span: f64) -> Rgb {
    if span <= 0.0 || !value.is_finite() {
        return CENTRE;
    }
    let t = (value - centre) / span;
    if t >= 0.0 {
        mix(CENTRE, HIGH, t)
    } else {
        mix(CENTRE, LOW, -t)
    }
}

/// The map of `parent`'s children for a whole-region indicator, basis and period; None when
/// the catalogue has no children for it. `home` marks the home region's tile.
#[allow(clippy::too_many_arguments)]
pub fn map_chart(
    figures: &Figures,
    catalogue: &Catalogue,
    parent: &str,
    home: Option<&str>,
    indicator: &str,
    basis: Basis,
    period: Period,
    lang: Lang,
) -> Option<MapChart> {
    let tiles = layout(catalogue, parent);
    if tiles.is_empty() {
        return None;
    }
    let value = |code: &str| figures.value(&SeriesKey::whole(code, indicator, basis), period);
    let values: Vec<Option<f64>> = tiles.iter().map(|t| value(&t.region)).collect();
    let parent_value = value(parent);
    let mut present: Vec<f64> = values.iter().flatten().copied().collect();
    present.sort_by(f64::total_cmp);
    let centre = parent_value
        .or_else(|| present.get(present.len() / 2).copied())
        .unwrap_or(0.0);
    let span = present
        .iter()
        .map(|v| (v - centre).abs())
        .fold(0.0, f64::max)
        .max(0.1);
    let (cols, rows) = extent(&tiles);
    let ind = catalogue.indicator(indicator);
    let unit = ind.map_or(String::new(), |i| i.unit.clone());
    let parent_region = catalogue.region(parent);
    let children = match parent_region.map(|r| r.level) {
        Some(crate::model::RegionLevel::Province) => lang.pick("各市（地）", "cities"),
        Some(crate::model::RegionLevel::City) => lang.pick("各县（市、区）", "counties"),
        _ => lang.pick("各地区", "regions"),
    };
    let name = ind.map_or(indicator.to_string(), |i| i.name(lang).to_string());
    let when = period.label_with_year(basis, lang);
    let title = match lang {
        Lang::Zh => format!("{when}{children}{name}（{unit}）"),
        Lang::En => format!("{name} of the {children}, {when} ({unit})"),
    };
    let tiles = tiles
        .into_iter()
        .zip(values)
        .map(|(t, v)| MapTile {
            name: catalogue.region(&t.region).map_or(t.region.clone(), |r| {
                lang.pick(&r.short_zh, &r.short_en).to_string()
            }),
            home: home == Some(t.region.as_str()),
            color: v.map_or(NO_DATA, |v| diverging(v, centre, span)),
            value: v,
            region: t.region,
            col: t.col,
            row: t.row,
        })
        .collect();
    let legend = [-1.0, -0.5, 0.0, 0.5, 1.0]
        .iter()
        .map(|k| {
            let v = centre + k * span;
            (one_decimal(v), diverging(v, centre, span))
        })
        .collect();
    Some(MapChart {
        title,
        parent: parent.to_string(),
        parent_value,
        centre,
        span,
        unit,
        cols,
        rows,
        tiles,
        legend,
    })
}

/// The figures of `region`'s children on the tile layout (its counties) and of `region`
/// itself, for the children's map: None when the catalogue lays out no children for it.
/// A snapshot holds the region's peers, not its children, hence this read.
pub fn load_children(
    ds: &crate::store::Dataset,
    region: &str,
) -> Result<Option<Figures>, crate::store::StoreError> {
    let tiles = layout(ds.catalogue(), region);
    if tiles.is_empty() {
        return Ok(None);
    }
    let codes: Vec<&str> = std::iter::once(region)
        .chain(tiles.iter().map(|t| t.region.as_str()))
        .collect();
    ds.figures_for_regions(&codes).map(Some)
}

/// The maps of a briefing, each only when a tile has a figure: the region among its
/// parent's children (the province's cities, home tile marked), then the region's own
/// children (its counties) from `children` (see [`load_children`]).
#[allow(clippy::too_many_arguments)]
pub fn briefing_maps(
    figures: &Figures,
    children: Option<&Figures>,
    catalogue: &Catalogue,
    ctx: &crate::model::RegionContext,
    indicator: &str,
    basis: Basis,
    period: Period,
    lang: Lang,
) -> Vec<MapChart> {
    let region = ctx.region.code.as_str();
    let among_peers = ctx.parent.as_ref().and_then(|p| {
        map_chart(
            figures,
            catalogue,
            &p.code,
            Some(region),
            indicator,
            basis,
            period,
            lang,
        )
    });
    let own = children
        .and_then(|f| map_chart(f, catalogue, region, None, indicator, basis, period, lang));
    [among_peers, own]
        .into_iter()
        .flatten()
        .filter(|m| m.tiles.iter().any(|t| t.value.is_some()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Figure;

    #[test]
    fn the_scale_is_centred_on_the_parent_red_above_green_below() {
        assert_eq!(diverging(5.0, 5.0, 3.0), CENTRE);
        assert_eq!(diverging(8.0, 5.0, 3.0), HIGH);
        assert_eq!(diverging(2.0, 5.0, 3.0), LOW);
        let half = diverging(6.5, 5.0, 3.0);
        assert!(
            half.0 > half.1 && half != HIGH && half != CENTRE,
            "{half:?}"
        );
        assert_eq!(diverging(100.0, 5.0, 3.0), HIGH, "clamped");
        assert_eq!(diverging(1.0, 5.0, 0.0), CENTRE);
    }

    #[test]
    fn the_city_map_has_thirteen_tiles_coloured_around_the_province() {
        let cat = crate::model::catalogue::builtin();
        let p = Period::new(2023, 4).expect("period");
        let mut figs = Figures::new();
        let put = |figs: &mut Figures, code: &str, v: f64| {
            figs.insert(
                SeriesKey::whole(code, "va_growth", Basis::Ytd),
                p,
                Figure {
                    value: v,
                    source: None,
                },
            )
        };
        put(&mut figs, "230000", 4.9);
        put(&mut figs, "230300", 19.2);
        put(&mut figs, "230100", 0.9);
        let map = map_chart(
            &figs,
            cat,
            "230000",
            Some("230300"),
            "va_growth",
            Basis::Ytd,
            p,
            Lang::Zh,
        )
        .expect("map");
        assert_eq!(map.tiles.len(), 13);
        assert_eq!((map.cols, map.rows), (5, 4));
        assert_eq!(map.centre, 4.9);
        assert!((map.span - 14.3).abs() < 1e-9);
        let jixi = map
            .tiles
            .iter()
            .find(|t| t.region == "230300")
            .expect("Jixi");
        assert!(jixi.home && jixi.color == HIGH && jixi.name == "鸡西");
        let harbin = map
            .tiles
            .iter()
            .find(|t| t.region == "230100")
            .expect("Harbin");
        assert!(harbin.color.1 > harbin.color.0, "below the province: green");
        let empty = map.tiles.iter().filter(|t| t.value.is_none()).count();
        assert_eq!(empty, 11);
        assert!(
            map.tiles
                .iter()
                .filter(|t| t.value.is_none())
                .all(|t| t.color == NO_DATA)
        );
        assert_eq!(
            map.title,
            "2023年1—4月各市（地）规模以上工业增加值增速（%）"
        );
        assert_eq!(map.legend.len(), 5);
        assert_eq!(map.legend[2], ("4.9".to_string(), CENTRE));
        assert!(
            map_chart(
                &figs,
                cat,
                "999999",
                None,
                "va_growth",
                Basis::Ytd,
                p,
                Lang::Zh
            )
            .is_none()
        );
    }
}
