//! Chinese glyphs for the window: egui ships none. A system CJK font is preferred when one
//! is installed (it matches the desktop); the bundled Noto Sans CJK SC subset is always
//! installed behind it, so no character of the catalogue or data is ever missing.

use std::path::Path;
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
    let candidates: &[(&str, u32)] = if system { SYSTEM_CJK } else { &[] };
    definitions_from(candidates)
}

/// Font definitions with the first of `candidates` that can be mapped before the bundled
/// font. The bundled font is a static slice of the binary (no copy: its pages are read when
/// glyphs are needed); a system font is memory-mapped rather than read into a heap buffer
/// (NotoSansCJK-Regular.ttc is 20 MB, msyh.ttc 19 MB).
fn definitions_from(candidates: &[(&str, u32)]) -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "noto-sans-sc".into(),
        Arc::new(FontData::from_static(crate::assets::CJK_FONT)),
    );
    let mut cjk = vec!["noto-sans-sc".to_string()];
    if let Some((blob, index)) = candidates
        .iter()
        .find_map(|(path, index)| Some((map_font(Path::new(path))?, *index)))
    {
        fonts.font_data.insert(
            "system-cjk".into(),
            Arc::new(FontData::from_blob(blob, index)),
        );
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

/// The font file mapped read-only, if it can be opened.
fn map_font(path: &Path) -> Option<egui::epaint::text::Blob> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: a system font file is only replaced (as a new file) by package updates, which
    // leaves this mapping intact; the mapping is read-only and never truncated by us.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    // A file too short to be a font would only fail later in the font parser: skip it.
    (map.len() > 12).then(|| Arc::new(map) as egui::epaint::text::Blob)
}

/// Installs the fonts in a context (the window and every UI test harness).
pub fn install(ctx: &egui::Context, system: bool) {
    ctx.set_fonts(definitions(system));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_system_font_is_mapped_and_put_first() {
        let bundled = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/fonts/NotoSansSC-Regular-subset.otf"
        );
        let fonts = definitions_from(&[("/nonexistent/font.ttc", 2), (bundled, 0)]);
        let data = fonts
            .font_data
            .get("system-cjk")
            .expect("the system font is installed");
        assert_eq!(
            data.bytes(),
            crate::assets::CJK_FONT,
            "the file's bytes, mapped"
        );
        let family = &fonts.families[&FontFamily::Proportional];
        let at = |name: &str| family.iter().position(|f| f == name);
        assert!(at("system-cjk") < at("noto-sans-sc"), "{family:?}");
        assert!(at("Ubuntu-Light") < at("system-cjk"), "{family:?}");
        assert!(
            !definitions_from(&[("/nonexistent/font.ttc", 2)])
                .font_data
                .contains_key("system-cjk")
        );
    }
}
