//! Choices remembered between runs. The language and the basis live here and only here: the
//! open session follows them (`Session::follow`) instead of keeping its own copy in step.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::views::Tab;
use crate::model::{Basis, Lang, Period};

/// How many recently opened datasets the File menu lists.
pub const MAX_RECENT: usize = 8;

/// Choices remembered between runs (never the connection or caches).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Language of the window (the session's results follow it).
    pub lang: Lang,
    /// Dark theme.
    pub dark: bool,
    /// Basis of headline and charts (the session's results follow it).
    pub basis: Basis,
    /// Last tab.
    pub tab: Tab,
    /// Recently opened datasets, newest first.
    pub recent: Vec<PathBuf>,
    /// The dataset open at exit.
    pub last_dataset: Option<PathBuf>,
    /// The period selected at exit.
    pub last_period: Option<Period>,
    /// The subject region at exit, when it was not the dataset's home region.
    pub last_region: Option<String>,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            lang: Lang::Zh,
            dark: false,
            basis: Basis::Ytd,
            tab: Tab::Overview,
            recent: Vec::new(),
            last_dataset: None,
            last_period: None,
            last_region: None,
        }
    }
}

impl Prefs {
    /// Puts `path` first in the recent list (once), keeping at most `MAX_RECENT`.
    pub fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path.clone());
        self.recent.truncate(MAX_RECENT);
        self.last_dataset = Some(path);
    }

    /// Whether `path` is the dataset that reopens next time (choices are remembered for it,
    /// not for the in-memory sample).
    pub fn remembers(&self, path: &std::path::Path) -> bool {
        self.last_dataset.as_deref() == Some(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_saved_by_the_previous_version_still_load() {
        // Written by the version whose Prefs lived in ui/app.rs; a missing field takes its
        // default and an unknown one is ignored.
        let old = r#"{"lang":"En","dark":true,"basis":"month","tab":"Growth",
            "recent":["/data/a.imdb"],"last_dataset":"/data/a.imdb",
            "last_period":null,"last_region":"230600","removed_field":1}"#;
        let prefs: Prefs = serde_json::from_str(old).expect("old preferences load");
        assert_eq!(prefs.lang, Lang::En);
        assert_eq!(prefs.basis, Basis::Month);
        assert!(prefs.dark);
        assert_eq!(prefs.tab, Tab::Growth);
        assert_eq!(prefs.last_region.as_deref(), Some("230600"));
        let partial: Prefs = serde_json::from_str(r#"{"dark":true}"#).expect("partial");
        assert_eq!(partial.lang, Lang::Zh);
        assert_eq!(partial.basis, Basis::Ytd);
    }

    #[test]
    fn the_recent_list_keeps_eight_newest_first_without_repeats() {
        let mut prefs = Prefs::default();
        for n in 0..10 {
            prefs.remember(PathBuf::from(format!("/d/{n}.imdb")));
        }
        prefs.remember(PathBuf::from("/d/5.imdb"));
        assert_eq!(prefs.recent.len(), MAX_RECENT);
        assert_eq!(prefs.recent[0], PathBuf::from("/d/5.imdb"));
        assert_eq!(prefs.recent[1], PathBuf::from("/d/9.imdb"));
        assert_eq!(
            prefs
                .recent
                .iter()
                .filter(|p| p.ends_with("5.imdb"))
                .count(),
            1
        );
        assert!(prefs.remembers(std::path::Path::new("/d/5.imdb")));
    }
}
