//! The 包联 scorecard's weights, kept in `meta` as JSON so a dataset carries the bureau's
//! choice to every analyst who opens it.

use super::validate::Rejected;
use super::{Dataset, Result, StoreError};
use crate::model::{Said, SkippedRow, Weights};

/// The `meta` key of the weights.
pub const WEIGHTS_KEY: &str = "evaluation_weights";

impl Dataset {
    /// The scorecard's weights: the stored ones, else SPEC §10's defaults. Stored weights
    /// that cannot be read (or that the editor would refuse) give the defaults and a skipped
    /// row saying so.
    pub fn evaluation_weights_checked(&self) -> Result<(Weights, Option<SkippedRow>)> {
        let stored = self.meta_values()?.remove(WEIGHTS_KEY);
        let Some(text) = stored else {
            return Ok((Weights::default(), None));
        };
        let parsed = serde_json::from_str::<Weights>(&text)
            .map_err(|e| Said::new(format!("不是权重（{e}）"), format!("not weights ({e})")))
            .and_then(|w| w.validate().map(|()| w));
        match parsed {
            Ok(w) => Ok((w, None)),
            Err(why) => Ok((
                Weights::default(),
                Some(SkippedRow {
                    table: "meta",
                    row: format!("key {WEIGHTS_KEY}"),
                    column: "value",
                    value: text,
                    region: None,
                    reason: Said::new(
                        format!(
                            "包联考核权重无法读取（{}），已使用默认权重；请在“包联考核”页重新保存权重",
                            why.zh
                        ),
                        format!(
                            "the 包联 scorecard's weights cannot be read ({}); the defaults are used. Save the weights again in the 包联考核 view",
                            why.en
                        ),
                    ),
                }),
            )),
        }
    }

    /// The scorecard's weights (see [`Dataset::evaluation_weights_checked`]).
    pub fn evaluation_weights(&self) -> Result<Weights> {
        self.evaluation_weights_checked().map(|(w, _)| w)
    }

    /// Stores the scorecard's weights; negative, non-finite or all-zero weights are refused.
    pub fn save_evaluation_weights(&mut self, weights: &Weights) -> Result<()> {
        if let Err(why) = weights.validate() {
            return Err(StoreError::Rejected {
                path: self.path.clone(),
                rejected: Rejected {
                    record: "包联 scorecard weights".into(),
                    zh: why.zh,
                    en: why.en,
                },
            });
        }
        let json = serde_json::to_string(weights).map_err(|e| StoreError::Invalid {
            path: self.path.clone(),
            message: format!("the weights cannot be written as JSON: {e}"),
        })?;
        self.write(|w| w.set_meta(WEIGHTS_KEY, &json))
    }

    /// Resets the scorecard's weights to SPEC §10's defaults.
    pub fn reset_evaluation_weights(&mut self) -> Result<()> {
        self.save_evaluation_weights(&Weights::default())
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{Component, Weights};
    use crate::store::test_backends::{self, Engine, both_engines};

    fn weights_default_save_refuse_and_survive_a_bad_stored_value(engine: Engine) {
        let sample =
            test_backends::dataset_with(engine, &crate::sample::meta(), crate::sample::fill);
        let Some((mut ds, _guard)) = sample else {
            return;
        };
        assert_eq!(ds.evaluation_weights().expect("read"), Weights::default());
        let mut w = Weights::default();
        w.set(Component::OutputGrowth, 50.0);
        w.set(Component::Satisfaction, 0.0);
        ds.save_evaluation_weights(&w).expect("save");
        assert_eq!(ds.evaluation_weights().expect("read"), w);
        let mut bad = w;
        bad.set(Component::Overdue, -5.0);
        let err = ds
            .save_evaluation_weights(&bad)
            .expect_err("negative refused");
        assert!(err.to_string().contains("weight"), "{err}");
        assert_eq!(ds.evaluation_weights().expect("unchanged"), w);
        ds.write(|wr| wr.set_meta(super::WEIGHTS_KEY, "{\"output_growth\": \"lots\"}"))
            .expect("corrupt");
        let (read, skipped) = ds.evaluation_weights_checked().expect("read");
        assert_eq!(read, Weights::default());
        assert!(skipped.expect("reported").reason.zh.contains("默认权重"));
        ds.reset_evaluation_weights().expect("reset");
        assert_eq!(
            ds.evaluation_weights_checked().expect("read"),
            (Weights::default(), None)
        );
    }
    both_engines!(weights_default_save_refuse_and_survive_a_bad_stored_value);
}
