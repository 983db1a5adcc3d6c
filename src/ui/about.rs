//! Help → About: version, where the sample's figures come from, licences and the font's
//! OFL text (which the licence asks to ship with the font).

use egui::RichText;

use super::i18n;
use crate::model::Lang;

/// The About window; `open` turns false when the user closes it.
pub fn about_window(ctx: &egui::Context, lang: Lang, open: &mut bool) {
    egui::Window::new(i18n::MENU_ABOUT.get(lang))
        .open(open)
        .collapsible(false)
        .default_width(520.0)
        .show(ctx, |ui| {
            ui.heading(format!(
                "{} {}",
                i18n::APP_TITLE.get(lang),
                env!("CARGO_PKG_VERSION")
            ));
            ui.label(i18n::ABOUT_TEXT.get(lang));
            ui.label(lang.pick(
                "样例数据来源：国家统计局、黑龙江日报、鸡西市工业和信息化局公开发布；其余为示意数据。",
                "Sample data: NBS, Heilongjiang Daily and the Jixi Industry and IT Bureau as published; the rest is illustrative.",
            ));
            ui.label(lang.pick(
                "软件许可：MIT 或 Apache-2.0。字体：Noto Sans CJK SC（SIL 开放字体许可 1.1）。",
                "Licence: MIT or Apache-2.0. Font: Noto Sans CJK SC (SIL Open Font License 1.1).",
            ));
            egui::CollapsingHeader::new("OFL-1.1").show(ui, |ui| {
                egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
                    ui.label(RichText::new(crate::assets::CJK_FONT_LICENCE).small());
                });
            });
        });
}
