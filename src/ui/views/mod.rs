//! The views (tabs) of the window, and the commands they send to the app.

pub mod data;
pub mod enterprises;
pub mod evaluation;
pub mod export_dialog;
pub mod growth;
pub mod import_wizard;
pub mod indicator_table;
pub mod industries;
pub mod overview;
pub mod ranking;
pub mod returns;
pub mod server_dialog;
pub mod targets;
pub mod tile_map;
pub mod warnings;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::i18n::{self, Tr};
use crate::model::{Basis, Lang, Period};

/// A tab of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Tab {
    /// Headline cards.
    #[default]
    Overview,
    /// Growth lines.
    Growth,
    /// Ranking among the province's cities.
    Ranking,
    /// Industry structure.
    Industries,
    /// Enterprise register and service.
    Enterprises,
    /// Enterprises' monthly returns (企业月报).
    Returns,
    /// The 包联 scorecard (包联考核).
    Evaluation,
    /// Figures, sources, checks.
    Data,
}

impl Tab {
    /// Every tab in order.
    pub const ALL: [Tab; 8] = [
        Tab::Overview,
        Tab::Growth,
        Tab::Ranking,
        Tab::Industries,
        Tab::Enterprises,
        Tab::Returns,
        Tab::Evaluation,
        Tab::Data,
    ];

    /// The tab's label.
    pub fn label(self) -> Tr {
        match self {
            Tab::Overview => i18n::TAB_OVERVIEW,
            Tab::Growth => i18n::TAB_GROWTH,
            Tab::Ranking => i18n::TAB_RANKING,
            Tab::Industries => i18n::TAB_INDUSTRIES,
            Tab::Enterprises => i18n::TAB_ENTERPRISES,
            Tab::Returns => i18n::TAB_RETURNS,
            Tab::Evaluation => i18n::TAB_EVALUATION,
            Tab::Data => i18n::TAB_DATA,
        }
    }
}

/// What the user asked for; the app carries it out after the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open the dataset at this path.
    OpenDataset(PathBuf),
    /// Ask for a dataset with the file dialog.
    OpenDialog,
    /// Ask for a server dataset's address and password (连接服务器).
    OpenServerDialog,
    /// Open the server dataset at `address`, with `password` when one was typed.
    ConnectServer {
        /// The address as typed.
        address: String,
        /// The password typed (empty: none, or `PGPASSWORD` / `~/.pgpass`).
        password: server_dialog::Secret,
    },
    /// Open the bundled sample.
    OpenSample,
    /// Select a period in every view.
    SelectPeriod(Period),
    /// Select the next (true) or previous period of the subject, if there is one.
    StepPeriod(bool),
    /// Make the region with this code the subject of every view.
    SelectRegion(String),
    /// Make the region with this code the subject and show it in the Ranking view (among
    /// the province's cities, or its city's counties for a county): a warning's region.
    ShowRegion(String),
    /// Show the 包联考核 view at the window's period with this official selected.
    ShowOfficial(String),
    /// Open the warning thresholds editor (预警设置).
    OpenWarningSettings,
    /// Store the warning thresholds in the dataset.
    SaveWarningThresholds(crate::model::warning::Thresholds),
    /// Make the subject region the dataset's home region.
    MakeHome,
    /// Change the basis.
    SetBasis(Basis),
    /// Change the language.
    SetLang(Lang),
    /// Switch tab.
    SetTab(Tab),
    /// Light or dark theme.
    SetDark(bool),
    /// Save a new or changed service request.
    SaveRequest(crate::model::ServiceRequest),
    /// Save the 包联 scorecard's weights in the dataset.
    SaveWeights(crate::model::Weights),
    /// Put the 包联 scorecard's weights back to SPEC §10's defaults.
    ResetWeights,
    /// Show an enterprise's returns of a period in the 企业月报 view (its credit code).
    ShowEnterpriseReturns(String, Period),
    /// Open the annual targets editor (年度目标).
    OpenTargets,
    /// Add (id 0) or change an annual target.
    SaveTarget(crate::model::target::Target),
    /// Delete the annual target with this id.
    DeleteTarget(i64),
    /// Open the Export dialog.
    OpenExport,
    /// Ask for files to import.
    OpenImport,
    /// Import these files (dropped on the window).
    ImportFiles(Vec<PathBuf>),
    /// Show the About window.
    ShowAbout,
    /// Close the window.
    Quit,
}
