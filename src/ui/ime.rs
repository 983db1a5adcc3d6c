//! Where an input method's candidate window goes.

/// On X11, winit hands XIM only the top-left corner of the caret rectangle egui reports
/// (`set_ime_cursor_area` ignores its size), and fcitx5 draws its candidate window from
/// that point: over the characters being typed (seen under fcitx5 5.0 with pinyin). Moving
/// the rectangle down by its own height puts the window under the line, as in other
/// programs. Wayland's text-input protocol takes the whole rectangle, so it is left alone.
pub fn candidates_below_caret(ctx: &egui::Context) {
    if !on_x11() {
        return;
    }
    ctx.output_mut(|o| {
        if let Some(ime) = o.ime.as_mut() {
            ime.cursor_rect = below(ime.cursor_rect);
        }
    });
}

/// The rectangle one caret-height lower.
fn below(caret: egui::Rect) -> egui::Rect {
    caret.translate(egui::vec2(0.0, caret.height()))
}

/// True where winit talks X11: Linux without a Wayland session, or forced to X11.
fn on_x11() -> bool {
    cfg!(target_os = "linux")
        && (std::env::var_os("WAYLAND_DISPLAY").is_none()
            || std::env::var("WINIT_UNIX_BACKEND").is_ok_and(|b| b == "x11"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spot_is_the_caret_bottom() {
        let caret = egui::Rect::from_min_size(egui::pos2(40.0, 136.0), egui::vec2(2.0, 16.0));
        let spot = below(caret);
        assert_eq!(spot.min, egui::pos2(40.0, 152.0));
        assert_eq!(spot.size(), caret.size());
    }
}
