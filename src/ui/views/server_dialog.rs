//! 连接服务器: opening a dataset on the team's PostgreSQL server (SPEC §14) by its address,
//! with the password asked for here each time (kept in memory for the session only, never
//! in the preferences).

use egui::{Color32, RichText};

use super::Command;
use crate::model::Lang;

/// A password on its way to the connection: never printed, not even in debug output.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// The dialog's state.
#[derive(Debug, Default)]
pub struct ServerDialog {
    /// Shown.
    pub open: bool,
    /// The address as typed, e.g. `postgres://ana@db.bureau/jixi`.
    pub address: String,
    password: Secret,
    /// Why the last attempt failed (a refused login asks again with this).
    pub problem: Option<String>,
}

impl ServerDialog {
    /// Opens the dialog on `address` (the password field empty), with the reason if a
    /// connection just failed.
    pub fn ask(&mut self, address: &str, problem: Option<String>) {
        self.open = true;
        self.address = address.to_owned();
        self.password.0.clear();
        self.problem = problem;
    }

    /// Draws the dialog when open; 连接 sends [`Command::ConnectServer`].
    pub fn ui(&mut self, ctx: &egui::Context, lang: Lang, commands: &mut Vec<Command>) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new(lang.pick("连接服务器数据集", "Open a dataset on a server"))
            .id(egui::Id::unique("server-dialog"))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos([ctx.content_rect().center().x, 120.0])
            .show(ctx, |ui| self.contents(ui, lang, commands));
        self.open &= open;
    }

    fn contents(&mut self, ui: &mut egui::Ui, lang: Lang, commands: &mut Vec<Command>) {
        ui.label(lang.pick(
            "多人共用的数据集保存在单位的 PostgreSQL 服务器上。密码仅在本次运行中使用，不会保存。",
            "A team's shared dataset lives on its PostgreSQL server. The password is used for this session only and never saved.",
        ));
        ui.add_space(6.0);
        let l = ui.label(lang.pick("地址", "Address"));
        ui.add(
            egui::TextEdit::singleline(&mut self.address)
                .hint_text("postgres://用户名@服务器/数据库")
                .desired_width(420.0),
        )
        .labelled_by(l.id);
        let l = ui.label(lang.pick(
            "密码（无需密码时留空）",
            "Password (empty if none is needed)",
        ));
        let pw = ui
            .add(
                egui::TextEdit::singleline(&mut self.password.0)
                    .password(true)
                    .desired_width(420.0),
            )
            .labelled_by(l.id);
        let valid = crate::store::server::is_address(std::path::Path::new(self.address.trim()));
        if !valid && !self.address.trim().is_empty() {
            ui.colored_label(
                Color32::from_rgb(0xB0, 0x1C, 0x1C),
                lang.pick(
                    "地址应以 postgres:// 开头，例如 postgres://ana@db.bureau/jixi",
                    "The address starts with postgres://, e.g. postgres://ana@db.bureau/jixi",
                ),
            );
        }
        if let Some(p) = &self.problem {
            ui.colored_label(Color32::from_rgb(0xB0, 0x1C, 0x1C), p);
        }
        ui.add_space(6.0);
        let entered = pw.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            let connect = ui.add_enabled(
                valid,
                egui::Button::new(RichText::new(lang.pick("连接", "Connect")).strong()),
            );
            if valid && (connect.clicked() || entered) {
                commands.push(Command::ConnectServer {
                    address: self.address.trim().to_owned(),
                    password: std::mem::take(&mut self.password),
                });
                self.problem = None;
                self.open = false;
            }
            if ui.button(lang.pick("取消", "Cancel")).clicked() {
                self.password.0.clear();
                self.open = false;
            }
        });
    }
}
