//! The warning rules' thresholds, kept in `meta` as JSON like the scorecard's weights.

use super::validate::Rejected;
use super::{Dataset, Result, StoreError};
use crate::model::warning::Thresholds;
use crate::model::{Said, SkippedRow};

/// The `meta` key of the thresholds.
pub const THRESHOLDS_KEY: &str = "warning_thresholds";

impl Dataset {
    /// The warning thresholds: the stored ones, else the defaults; stored ones that cannot
    /// be read give the defaults and a skipped row saying so.
    pub fn warning_thresholds_checked(&self) -> Result<(Thresholds, Option<SkippedRow>)> {
        let stored = self.meta_values()?.remove(THRESHOLDS_KEY);
        let Some(text) = stored else {
            return Ok((Thresholds::default(), None));
        };
        let parsed = serde_json::from_str::<Thresholds>(&text)
            .map_err(|e| Said::new(format!("不是阈值（{e}）"), format!("not thresholds ({e})")))
            .and_then(|t| t.validate().map(|()| t));
        Ok(match parsed {
            Ok(t) => (t, None),
            Err(why) => (
                Thresholds::default(),
                Some(SkippedRow {
                    table: "meta",
                    row: format!("key {THRESHOLDS_KEY}"),
                    column: "value",
                    value: text,
                    region: None,
                    reason: Said::new(
                        format!(
                            "预警阈值无法读取（{}），已使用默认阈值；请在预警设置中重新保存",
                            why.zh
                        ),
                        format!(
                            "the warning thresholds cannot be read ({}); the defaults are used. Save them again in the warning settings",
                            why.en
                        ),
                    ),
                }),
            ),
        })
    }

    /// The warning thresholds (see [`Dataset::warning_thresholds_checked`]).
    pub fn warning_thresholds(&self) -> Result<Thresholds> {
        self.warning_thresholds_checked().map(|(t, _)| t)
    }

    /// Stores the thresholds; invalid ones (negative, an 预警 level milder than 关注) are
    /// refused with the reason.
    pub fn save_warning_thresholds(&mut self, thresholds: &Thresholds) -> Result<()> {
        if let Err(why) = thresholds.validate() {
            return Err(StoreError::Rejected {
                path: self.path.clone(),
                rejected: Rejected {
                    record: "warning thresholds".into(),
                    zh: why.zh,
                    en: why.en,
                },
            });
        }
        let json = serde_json::to_string(thresholds).map_err(|e| StoreError::Invalid {
            path: self.path.clone(),
            message: format!("the thresholds cannot be written as JSON: {e}"),
        })?;
        self.write(|w| w.set_meta(THRESHOLDS_KEY, &json))
    }
}

#[cfg(test)]
mod tests {
    use crate::model::warning::{Levels, Rule, Thresholds};
    use crate::store::test_backends::{self, Engine, both_engines};

    fn thresholds_default_save_refuse_and_survive_a_bad_stored_value(engine: Engine) {
        let sample =
            test_backends::dataset_with(engine, &crate::sample::meta(), crate::sample::fill);
        let Some((mut ds, _guard)) = sample else {
            return;
        };
        assert_eq!(
            ds.warning_thresholds().expect("read"),
            Thresholds::default()
        );
        let mut t = Thresholds::default();
        t.set(
            Rule::RequestOpen,
            Levels {
                watch: 20.0,
                alert: 45.0,
            },
        );
        ds.save_warning_thresholds(&t).expect("save");
        assert_eq!(ds.warning_thresholds().expect("read"), t);
        let mut bad = t;
        bad.set(
            Rule::RankDown,
            Levels {
                watch: 3.0,
                alert: 1.0,
            },
        );
        assert!(ds.save_warning_thresholds(&bad).is_err());
        assert_eq!(ds.warning_thresholds().expect("unchanged"), t);
        ds.write(|w| w.set_meta(super::THRESHOLDS_KEY, "[1, 2]"))
            .expect("corrupt");
        let (read, skipped) = ds.warning_thresholds_checked().expect("read");
        assert_eq!(read, Thresholds::default());
        assert!(skipped.expect("reported").reason.zh.contains("默认阈值"));
    }
    both_engines!(thresholds_default_save_refuse_and_survive_a_bad_stored_value);
}
