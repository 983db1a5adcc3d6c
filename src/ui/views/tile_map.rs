//! The tile cartogram (SPEC §12) in the window: `briefing::map::map_chart`'s tiles drawn with
//! egui's painter — a rounded square per region in the layout's grid, its name and value,
//! the home region's tile bordered, the legend underneath; hovering a tile shows its name,
//! value and gap to the parent, and a click asks for it to become the subject.

use egui::{Align2, Color32, FontId, Rect, Sense, Stroke, StrokeKind, Ui, vec2};

use super::super::widgets::{color, themed};
use crate::briefing::format::{one_decimal, signed};
use crate::briefing::map::MapChart;
use crate::model::Lang;

/// What the map did this frame.
#[derive(Debug, Default)]
pub struct MapResponse {
    /// The region whose tile was clicked.
    pub clicked: Option<String>,
    /// The region whose tile is under the pointer.
    pub hovered: Option<String>,
}

/// Black or white, whichever reads on `fill`.
fn ink_on(fill: Color32) -> Color32 {
    let luma =
        0.299 * f32::from(fill.r()) + 0.587 * f32::from(fill.g()) + 0.114 * f32::from(fill.b());
    if luma > 150.0 {
        Color32::from_gray(20)
    } else {
        Color32::WHITE
    }
}

/// Draws `map` in at most `max_side` points per tile; `parent_name` names the region the gap
/// is to in the hover text; `selected` (the subject, or the tile holding it) gets an outline
/// in the highlight colour, the home region's tile a dark border.
pub fn map_ui(
    ui: &mut Ui,
    map: &MapChart,
    max_side: f32,
    parent_name: &str,
    selected: Option<&str>,
    lang: Lang,
) -> MapResponse {
    let mut out = MapResponse::default();
    ui.label(egui::RichText::new(&map.title).strong());
    let (cols, rows) = (map.cols.max(1) as f32, map.rows.max(1) as f32);
    let gap = 6.0;
    let side = ((ui.available_width() - gap * cols) / cols).clamp(40.0, max_side);
    let size = vec2(cols * (side + gap), rows * (side + gap));
    let (area, _) = ui.allocate_exact_size(size, Sense::hover());
    let painter = ui.painter_at(area);
    let home_stroke = Stroke::new(3.0, ui.visuals().strong_text_color());
    for tile in &map.tiles {
        let min = area.min
            + vec2(
                tile.col as f32 * (side + gap),
                tile.row as f32 * (side + gap),
            );
        let rect = Rect::from_min_size(min, vec2(side, side));
        let fill = color(tile.color);
        let stroke = if tile.home { home_stroke } else { Stroke::NONE };
        painter.rect(rect, 8.0, fill, stroke, StrokeKind::Inside);
        if selected == Some(tile.region.as_str()) {
            let dark = ui.visuals().dark_mode;
            let mark = themed(crate::briefing::palette::HOME, dark);
            painter.rect_stroke(
                rect.expand(2.5),
                10.0,
                Stroke::new(2.5, mark),
                StrokeKind::Outside,
            );
        }
        let ink = ink_on(fill);
        let name_size = (side / 5.5).clamp(10.0, 15.0);
        painter.text(
            rect.center() - vec2(0.0, side * 0.14),
            Align2::CENTER_CENTER,
            &tile.name,
            FontId::proportional(name_size),
            ink,
        );
        let value = tile.value.map_or("—".to_string(), one_decimal);
        painter.text(
            rect.center() + vec2(0.0, side * 0.18),
            Align2::CENTER_CENTER,
            &value,
            FontId::proportional(name_size + 1.0),
            ink,
        );
        let id = ui.make_persistent_id(("map-tile", &tile.region));
        let response = ui.interact(rect, id, Sense::click());
        let label = format!("{} {value}", tile.name);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        let gap_text = tile
            .value
            .zip(map.parent_value)
            .map(|(v, p)| match lang {
                Lang::Zh => format!("比{parent_name}{}个百分点", signed(v - p)),
                Lang::En => format!("{} pp vs {parent_name}", signed(v - p)),
            })
            .unwrap_or_default();
        let response = response
            .on_hover_cursor(egui::CursorIcon::PointingHand)
            .on_hover_text(format!("{}：{value}{}  {gap_text}", tile.name, map.unit));
        if response.hovered() {
            out.hovered = Some(tile.region.clone());
        }
        if response.clicked() {
            out.clicked = Some(tile.region.clone());
        }
    }
    legend_ui(ui, map, lang);
    out
}

/// The legend: the scale's stops low to high, and the grey of a region without a figure.
fn legend_ui(ui: &mut Ui, map: &MapChart, lang: Lang) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for (label, rgb) in &map.legend {
            let (rect, _) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
            ui.painter().rect_filled(rect, 3.0, color(*rgb));
            ui.label(label);
            ui.add_space(6.0);
        }
        let (rect, _) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
        ui.painter()
            .rect_filled(rect, 3.0, color(crate::briefing::map::NO_DATA));
        ui.label(lang.pick("无数据", "no data"));
    });
    let centre = one_decimal(map.centre);
    let whose = match (map.parent_value.is_some(), lang) {
        (true, Lang::Zh) => "上级",
        (false, Lang::Zh) => "中位数",
        (true, Lang::En) => "the parent's",
        (false, Lang::En) => "the median",
    };
    ui.label(
        egui::RichText::new(match lang {
            Lang::Zh => format!("以{whose}{centre}{}为中点：红色高于、绿色低于", map.unit),
            Lang::En => format!(
                "centred on {whose} {centre}{}: red above, green below",
                map.unit
            ),
        })
        .small()
        .weak(),
    );
}
