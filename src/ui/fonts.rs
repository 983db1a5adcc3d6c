//! Chinese glyphs for the window: egui ships none. A system CJK font is preferred when one
//! is installed (it matches the desktop); the bundled Noto Sans CJK SC subset is always
//! installed behind it, so no character of the catalogue or data is ever missing.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

/// System fonts tried first: (path, face index of Simplified Chinese).
const SYSTEM_CJK: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    (
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        2,
    ),
    ("C:\\Windows\\Fonts\\msyh.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 2),
];

/// Font definitions with the bundled CJK font (and a system one before it when `system`).
pub fn definitions(system: bool) -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "noto-sans-sc".into(),
        Arc::new(FontData::from_static(crate::assets::CJK_FONT)),
    );
    let mut cjk = vec!["noto-sans-sc".to_string()];
    if system
        && let Some((path, index)) = SYSTEM_CJK
            .iter()
            .find(|(p, _)| std::path::Path::new(p).exists())
        && let Ok(bytes) = std::fs::read(path)
    {
        let mut data = FontData::from_owned(bytes);
        data.index = *index;
        fonts.font_data.insert("system-cjk".into(), Arc::new(data));
        cjk.insert(0, "system-cjk".to_string());
    }
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        // After egui's Latin fonts, so Latin text keeps its look.
        fonts
            .families
            .entry(family)
            .or_default()
            .extend(cjk.iter().cloned());
    }
    fonts
}

/// Installs the fonts in a context (the window and every UI test harness).
pub fn install(ctx: &egui::Context, system: bool) {
    ctx.set_fonts(definitions(system));
}
