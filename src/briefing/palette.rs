//! The colours of every chart, on screen and in files. The home region is always the same
//! red; the parent region blue; the nation gold. They read on light and dark backgrounds
//! and in greyscale print (different lightness).

use serde::Serialize;

/// A colour as red, green, blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb` for SVG and Office files.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    /// `rrggbb` without the hash (rust_xlsxwriter, docx).
    pub fn hex_bare(self) -> String {
        format!("{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

/// The home region (government-report red).
pub const HOME: Rgb = Rgb(0xC8, 0x1E, 0x1E);
/// The parent region (province).
pub const PARENT: Rgb = Rgb(0x1F, 0x4E, 0x9A);
/// The nation.
pub const NATION: Rgb = Rgb(0xC9, 0x8A, 0x00);
/// Other peers in rankings.
pub const PEER: Rgb = Rgb(0x8A, 0x9B, 0xB0);
/// Positive pulls.
pub const UP: Rgb = Rgb(0xC8, 0x1E, 0x1E);
/// Negative pulls.
pub const DOWN: Rgb = Rgb(0x2E, 0x8B, 0x57);
/// "Other" in shares.
pub const OTHER: Rgb = Rgb(0xB0, 0xB0, 0xB0);

/// Colours for industries, in catalogue order (cycled).
pub const CATEGORICAL: [Rgb; 10] = [
    Rgb(0xC8, 0x1E, 0x1E),
    Rgb(0x1F, 0x4E, 0x9A),
    Rgb(0xC9, 0x8A, 0x00),
    Rgb(0x2E, 0x8B, 0x57),
    Rgb(0x7B, 0x3F, 0x9E),
    Rgb(0x00, 0x8B, 0x8B),
    Rgb(0xD2, 0x69, 0x1E),
    Rgb(0x55, 0x6B, 0x2F),
    Rgb(0xB0, 0x30, 0x60),
    Rgb(0x4A, 0x6F, 0xA5),
];

/// The colour of the `i`-th category.
pub fn categorical(i: usize) -> Rgb {
    CATEGORICAL[i % CATEGORICAL.len()]
}
