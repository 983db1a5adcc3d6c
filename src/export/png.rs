//! Charts as PNG images: our SVG ([`super::svg`]) parsed by usvg and rasterised by resvg
//! 0.47 (the version krilla-svg uses, so the PDF and the PNG come from the same tree type).
//! The font database holds only the bundled CJK font, so the images look the same on every
//! machine and never depend on what fonts are installed.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia;
use usvg::fontdb;

use super::svg::{SvgChart, chart_svg, map_svg};
use super::{ExportError, Format, text};
use crate::assets::{CJK_FONT, CJK_FONT_FAMILY};
use crate::briefing::chart::Chart;
use crate::briefing::map::MapChart;
use crate::model::Lang;

/// Scale of PNG exports: 800 SVG units become 1600 pixels.
pub const EXPORT_SCALE: f32 = 2.0;

/// A rendered PNG.
#[derive(Debug, Clone, PartialEq)]
pub struct Png {
    /// The encoded image.
    pub png: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// A font database with only the bundled font (built once; cloning the `Arc` is cheap).
pub fn font_db() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_source(fontdb::Source::Binary(Arc::new(CJK_FONT)));
        db.set_sans_serif_family(CJK_FONT_FAMILY);
        db.set_serif_family(CJK_FONT_FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Parses our SVG into a usvg tree whose text resolves to the bundled font.
pub fn tree(svg: &SvgChart) -> Result<usvg::Tree, String> {
    let options = usvg::Options {
        font_family: CJK_FONT_FAMILY.to_string(),
        languages: vec!["zh-CN".to_string(), "en".to_string()],
        fontdb: font_db(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(&svg.svg, &options).map_err(|e| e.to_string())
}

/// The SVG of a chart, with errors located at the chart.
pub(crate) fn svg_of(chart: &Chart, format: Format) -> Result<SvgChart, ExportError> {
    let m = text::metrics().map_err(|e| ExportError::build(format, "font", e))?;
    Ok(chart_svg(m, chart))
}

/// Renders `chart` as a PNG at `scale` pixels per SVG unit on a white background.
pub fn render_chart(chart: &Chart, scale: f32) -> Result<Png, ExportError> {
    let svg = svg_of(chart, Format::Png)?;
    render_svg(&svg, scale).map_err(|reason| {
        ExportError::build(Format::Png, format!("chart “{}”", chart.title), reason)
    })
}

/// Renders a tile map as a PNG at `scale` pixels per SVG unit on a white background.
pub fn render_map(map: &MapChart, lang: Lang, scale: f32) -> Result<Png, ExportError> {
    let m = text::metrics().map_err(|e| ExportError::build(Format::Png, "font", e))?;
    render_svg(&map_svg(m, map, lang), scale)
        .map_err(|reason| ExportError::build(Format::Png, format!("map “{}”", map.title), reason))
}

/// Rasterises an SVG chart at `scale`.
pub fn render_svg(svg: &SvgChart, scale: f32) -> Result<Png, String> {
    let tree = tree(svg)?;
    let size = tree.size();
    let width = (size.width() * scale).ceil() as u32;
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| format!("an image of {width}×{height} pixels cannot be made"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let png = pixmap.encode_png().map_err(|e| e.to_string())?;
    Ok(Png { png, width, height })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::chart::{ChartId, ChartKind, Series};
    use crate::briefing::palette;

    #[test]
    fn charts_are_at_least_1600_pixels_wide_with_text_drawn() {
        let chart = Chart {
            id: ChartId::Growth,
            title: "规模以上工业增加值累计增速（%）".into(),
            kind: ChartKind::Line,
            categories: vec!["1—2月".into(), "3月".into(), "4月".into()],
            periods: Vec::new(),
            series: vec![Series {
                name: "鸡西市".into(),
                color: palette::HOME,
                values: vec![Some(31.1), Some(20.0), Some(19.2)],
                point_colors: None,
                emphasis: true,
            }],
            unit: "%".into(),
            inverted: false,
            references: Vec::new(),
            marked: Vec::new(),
            note: None,
        };
        let png = render_chart(&chart, EXPORT_SCALE).expect("render");
        assert!(png.width >= 1600, "{}", png.width);
        assert_eq!(&png.png[1..4], b"PNG");
        // The tree resolved the title's glyphs to the bundled font: text has a bounding box.
        let svg = svg_of(&chart, Format::Png).expect("svg");
        let tree = tree(&svg).expect("tree");
        fn count(g: &usvg::Group) -> usize {
            g.children()
                .iter()
                .map(|c| match c {
                    usvg::Node::Text(t) => usize::from(!t.flattened().children().is_empty()),
                    usvg::Node::Group(g) => count(g),
                    _ => 0,
                })
                .sum()
        }
        let text_nodes = count(tree.root());
        assert!(
            text_nodes >= 5,
            "text laid out with the bundled font: {text_nodes}"
        );
    }
}
