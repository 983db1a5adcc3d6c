//! Files compiled into the binary: the CJK font (used by the window, PDF, PNG) and the icon.

/// Noto Sans CJK SC, subset to the URO block plus punctuation and Latin (OFL-1.1, see
/// assets/fonts/OFL.txt).
pub const CJK_FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-Regular-subset.otf");

/// The font's licence text, shown in Help → About.
pub const CJK_FONT_LICENCE: &str = include_str!("../assets/fonts/OFL.txt");

/// The font's family name, as office documents and SVG refer to it.
pub const CJK_FONT_FAMILY: &str = "Noto Sans CJK SC";

/// The application icon (256×256 PNG), used for the window.
pub const ICON_PNG: &[u8] = include_bytes!("../assets/icons/industry-monitor.png");
