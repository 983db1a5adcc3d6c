//! The menu bar and the top bar. They only read the state and send commands; the app
//! carries them out after the frame.

use egui::{RichText, Ui};

use super::i18n;
use super::prefs::Prefs;
use super::session::Session;
use super::views::{Command, Tab};
use crate::model::{Basis, Lang};

/// The menu bar: File (open, recent, sample, export, quit), View (tabs), Help.
pub fn menu_ui(ui: &mut Ui, prefs: &Prefs, pending: &mut Vec<Command>) {
    let lang = prefs.lang;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(i18n::MENU_FILE.get(lang), |ui| {
            if ui
                .add(egui::Button::new(i18n::MENU_OPEN.get(lang)).shortcut_text("Ctrl+O"))
                .clicked()
            {
                pending.push(Command::OpenDialog);
            }
            if ui.button(i18n::MENU_CONNECT.get(lang)).clicked() {
                pending.push(Command::OpenServerDialog);
            }
            ui.menu_button(i18n::MENU_RECENT.get(lang), |ui| {
                if prefs.recent.is_empty() {
                    ui.label(i18n::NO_RECENT.get(lang));
                }
                for path in &prefs.recent {
                    if ui.button(path.display().to_string()).clicked() {
                        pending.push(Command::OpenDataset(path.clone()));
                    }
                }
            });
            if ui.button(i18n::MENU_OPEN_SAMPLE.get(lang)).clicked() {
                pending.push(Command::OpenSample);
            }
            ui.separator();
            if ui
                .add(egui::Button::new(i18n::MENU_IMPORT.get(lang)).shortcut_text("Ctrl+I"))
                .clicked()
            {
                pending.push(Command::OpenImport);
            }
            if ui
                .add(egui::Button::new(i18n::MENU_EXPORT.get(lang)).shortcut_text("Ctrl+E"))
                .clicked()
            {
                pending.push(Command::OpenExport);
            }
            ui.separator();
            if ui
                .add(egui::Button::new(i18n::MENU_QUIT.get(lang)).shortcut_text("Ctrl+Q"))
                .clicked()
            {
                pending.push(Command::Quit);
            }
        });
        ui.menu_button(i18n::MENU_VIEW.get(lang), |ui| {
            for (n, tab) in Tab::ALL.iter().enumerate() {
                if ui
                    .add(
                        egui::Button::new(tab.label().get(lang))
                            .shortcut_text(format!("Ctrl+{}", n + 1)),
                    )
                    .clicked()
                {
                    pending.push(Command::SetTab(*tab));
                }
            }
            ui.separator();
            for (forward, label, keys) in [
                (false, i18n::MENU_PREV_PERIOD, "Ctrl+←"),
                (true, i18n::MENU_NEXT_PERIOD, "Ctrl+→"),
            ] {
                if ui
                    .add(egui::Button::new(label.get(lang)).shortcut_text(keys))
                    .clicked()
                {
                    pending.push(Command::StepPeriod(forward));
                }
            }
        });
        ui.menu_button(i18n::MENU_HELP.get(lang), |ui| {
            if ui.button(i18n::MENU_ABOUT.get(lang)).clicked() {
                pending.push(Command::ShowAbout);
            }
        });
    });
}

/// The bar under the menu: dataset and provenance, region, period, basis, language, export,
/// theme.
pub fn top_bar_ui(
    ui: &mut Ui,
    prefs: &Prefs,
    session: Option<&Session>,
    pending: &mut Vec<Command>,
) {
    let lang = prefs.lang;
    ui.horizontal_wrapped(|ui| {
        if let Some(s) = session {
            let name = s
                .dataset
                .path()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| lang.pick("内存样例", "in-memory sample").to_string());
            ui.label(RichText::new(&s.snapshot.title).strong())
                .on_hover_text(s.dataset.path().display().to_string());
            // A shared dataset says so: colleagues' changes appear in it, and it has no file.
            let name = if crate::store::server::is_address(s.dataset.path()) {
                format!("{}{name}", lang.pick("服务器：", "server: "))
            } else {
                name
            };
            ui.label(RichText::new(format!("({name})")).weak());
            if s.snapshot.is_sample {
                ui.label(
                    RichText::new(i18n::SAMPLE_BADGE.get(lang))
                        .color(egui::Color32::from_rgb(0xA0, 0x70, 0x00)),
                );
            }
            if s.dataset.is_read_only() {
                ui.label(RichText::new(i18n::READ_ONLY.get(lang)).weak());
            }
            ui.separator();
            region_picker_ui(ui, lang, s, pending);
            ui.separator();
            period_picker_ui(ui, prefs, session, pending);
            ui.separator();
        }
        let basis = prefs.basis;
        ui.label(i18n::BASIS.get(lang));
        for (b, label) in [(Basis::Ytd, i18n::YTD), (Basis::Month, i18n::MONTH)] {
            if ui.selectable_label(basis == b, label.get(lang)).clicked() {
                pending.push(Command::SetBasis(b));
            }
        }
        ui.separator();
        for (l, label) in [(Lang::Zh, "中文"), (Lang::En, "English")] {
            if ui.selectable_label(lang == l, label).clicked() {
                pending.push(Command::SetLang(l));
            }
        }
        ui.separator();
        if session.is_some()
            && ui
                .button(RichText::new(i18n::EXPORT_BUTTON.get(lang)).strong())
                .clicked()
        {
            pending.push(Command::OpenExport);
        }
        ui.separator();
        let dark = prefs.dark;
        let theme = if dark {
            i18n::THEME_LIGHT
        } else {
            i18n::THEME_DARK
        };
        if ui.button(theme.get(lang)).clicked() {
            pending.push(Command::SetDark(!dark));
        }
    });
}

/// The subject region: any region with growth figures; the home region is marked.
fn region_picker_ui(ui: &mut Ui, lang: Lang, s: &Session, pending: &mut Vec<Command>) {
    // The home region is marked in the list and on the button.
    let name = |r: &crate::model::Region| {
        if r.code == s.home {
            format!("{}{}", r.name(lang), lang.pick("（本地）", " (home)"))
        } else {
            r.name(lang).to_string()
        }
    };
    let current = s.snapshot.context.region.code.as_str();
    let label = ui.label(i18n::REGION.get(lang));
    let filtered = s.regions.len() > REGION_FILTER_FROM;
    let combo = egui::ComboBox::from_id_salt("region")
        .selected_text(name(&s.snapshot.context.region))
        .height(420.0)
        // Typing in the filter box must not close the list; picking a region does.
        .close_behavior(if filtered {
            egui::PopupCloseBehavior::CloseOnClickOutside
        } else {
            egui::PopupCloseBehavior::CloseOnClick
        })
        .show_ui(ui, |ui| {
            if !s.is_home() {
                // The register belongs to the home region: with one, the home stays.
                let allowed = !s.has_register && !s.dataset.is_read_only();
                let button = ui
                    .add_enabled(
                        allowed,
                        egui::Button::new(match lang {
                            Lang::Zh => format!("设{}为本地地区", s.snapshot.context.region.name_zh),
                            Lang::En => format!("Make {} the home region", s.snapshot.context.region.name_en),
                        }),
                    )
                    .on_disabled_hover_text(lang.pick(
                        "数据集中的企业名录属于当前本地地区，或文件只读",
                        "the dataset's enterprise register belongs to the current home region, or the file is read-only",
                    ));
                if button.clicked() {
                    pending.push(Command::MakeHome);
                    ui.close();
                }
                ui.separator();
            }
            // A national dataset offers hundreds of cities: they can be narrowed by any of
            // their names or the code.
            let filter_id = ui.make_persistent_id("region-filter");
            let mut filter = ui.data(|d| d.get_temp::<String>(filter_id).unwrap_or_default());
            if filtered {
                ui.add(
                    egui::TextEdit::singleline(&mut filter)
                        .hint_text(lang.pick("筛选地区", "filter regions"))
                        .desired_width(160.0),
                );
                ui.data_mut(|d| d.insert_temp(filter_id, filter.clone()));
            }
            // A filter typed for another dataset's long list does not hide this one's.
            let needle = if filtered {
                filter.trim().to_lowercase()
            } else {
                String::new()
            };
            for r in s.regions.iter().filter_map(|code| s.snapshot.catalogue.region(code)) {
                if !needle.is_empty() && !region_matches(r, &needle) {
                    continue;
                }
                if ui.selectable_label(r.code == current, name(r)).clicked() {
                    if r.code != current {
                        pending.push(Command::SelectRegion(r.code.clone()));
                    }
                    ui.data_mut(|d| d.remove::<String>(filter_id));
                    ui.close();
                }
            }
        });
    combo.response.labelled_by(label.id);
}

/// Above this many regions the picker shows a filter box.
const REGION_FILTER_FROM: usize = 15;

/// Whether any name of the region (or its code) contains `needle` (lower case).
fn region_matches(r: &crate::model::Region, needle: &str) -> bool {
    [&r.code, &r.name_zh, &r.name_en, &r.short_zh, &r.short_en]
        .into_iter()
        .chain(&r.aliases)
        .any(|n| n.to_lowercase().contains(needle))
}

/// Year and period pickers (only periods with figures; 1—2月 is one period).
fn period_picker_ui(
    ui: &mut Ui,
    prefs: &Prefs,
    session: Option<&Session>,
    pending: &mut Vec<Command>,
) {
    let lang = prefs.lang;
    let Some(s) = session else { return };
    let sel = s.selection;
    let years = s.years();
    let year_label = ui.label(i18n::YEAR.get(lang));
    let year_combo = egui::ComboBox::from_id_salt("year")
        .selected_text(match lang {
            Lang::Zh => format!("{}年", sel.period.year()),
            Lang::En => sel.period.year().to_string(),
        })
        .show_ui(ui, |ui| {
            for y in years {
                let label = match lang {
                    Lang::Zh => format!("{y}年"),
                    Lang::En => y.to_string(),
                };
                if ui.selectable_label(y == sel.period.year(), label).clicked() {
                    // Same month in the other year, else its latest period.
                    let in_year = s.periods_in(y);
                    let target = in_year
                        .iter()
                        .copied()
                        .find(|p| p.month() == sel.period.month())
                        .or_else(|| in_year.last().copied());
                    if let Some(p) = target {
                        pending.push(Command::SelectPeriod(p));
                    }
                }
            }
        });
    year_combo.response.labelled_by(year_label.id);
    let period_label = ui.label(i18n::PERIOD.get(lang));
    let period_combo = egui::ComboBox::from_id_salt("period")
        .selected_text(sel.period.label(sel.basis, lang))
        .show_ui(ui, |ui| {
            for p in s.periods_in(sel.period.year()) {
                if ui
                    .selectable_label(p == sel.period, p.label(sel.basis, lang))
                    .clicked()
                {
                    pending.push(Command::SelectPeriod(p));
                }
            }
        });
    period_combo.response.labelled_by(period_label.id);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_match_any_of_their_names() {
        let cat = crate::model::catalogue::builtin();
        let daqing = cat.region("230600").expect("Daqing");
        for needle in ["大庆", "daqing", "2306", "大庆市"] {
            assert!(region_matches(daqing, needle), "{needle}");
        }
        assert!(!region_matches(daqing, "鸡西"));
    }
}
