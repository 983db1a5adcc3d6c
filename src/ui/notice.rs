//! The notice strip under the top bar: what happened (opened read-only, imported, could not
//! open …), until the user dismisses it.

use egui::{Color32, RichText, Ui};

use super::i18n;
use crate::model::{Lang, Said};

/// A message shown in the window until dismissed, said in both languages so that a
/// language switch re-says it.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    text: Said,
    /// True for errors (red), false for information.
    pub is_error: bool,
}

impl Notice {
    /// Information (yellow).
    pub fn info(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Notice {
            text: Said::new(zh, en),
            is_error: false,
        }
    }

    /// An error (red).
    pub fn error(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Notice {
            is_error: true,
            ..Notice::info(zh, en)
        }
    }

    /// An error: what failed (`what`), then the dataset's reason, each in its language.
    pub fn failed(what: i18n::Tr, e: &crate::store::StoreError) -> Self {
        Notice::error(
            format!("{}：{}", what.zh, e.message(Lang::Zh)),
            format!("{}: {}", what.en, e.message(Lang::En)),
        )
    }

    /// The text in `lang`.
    pub fn text(&self, lang: Lang) -> &str {
        self.text.get(lang)
    }

    /// Draws the notice; true when the user dismissed it.
    pub fn ui(&self, ui: &mut Ui, lang: Lang) -> bool {
        let (fill, text_color) = if self.is_error {
            (
                Color32::from_rgb(0xFD, 0xEC, 0xEA),
                Color32::from_rgb(0x9B, 0x1C, 0x1C),
            )
        } else {
            (
                Color32::from_rgb(0xFF, 0xF6, 0xDD),
                Color32::from_rgb(0x6B, 0x4E, 0x00),
            )
        };
        let mut dismiss = false;
        egui::Frame::new()
            .fill(fill)
            .inner_margin(8.0)
            .corner_radius(4.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(self.text(lang)).color(text_color));
                    if ui.button(i18n::DISMISS.get(lang)).clicked() {
                        dismiss = true;
                    }
                });
            });
        dismiss
    }
}
