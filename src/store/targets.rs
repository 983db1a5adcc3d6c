//! Annual targets (年度目标): one per region, indicator and year.

use rusqlite::params;
use rusqlite::types::ValueRef;

use super::db::{self, Db, OptionalExt};

use super::register::read_rows_in_order;
use super::validate::{Bad, Rejected, check_finite, read_number, value_text};
use super::{Dataset, Ids, Result, StoreError, Writer, sql_err};
use crate::model::target::{Target, TargetValue};
use crate::model::{Said, SkippedRow};

const COLUMNS: [&str; 7] = [
    "id",
    "region_id",
    "indicator_id",
    "year",
    "kind",
    "value",
    "source_id",
];

/// The targets, by year, region and indicator id, and the rows skipped as unreadable.
fn load(conn: &Db, ids: &Ids) -> db::Result<(Vec<Target>, Vec<SkippedRow>)> {
    let sql = format!("SELECT {} FROM targets", COLUMNS.join(", "));
    let unknown = |column: &'static str, v: ValueRef<'_>| Bad {
        column,
        value: value_text(v),
        what: Said::new(
            "不是数据集目录中的代码",
            "not a code of the dataset's catalogue",
        ),
    };
    read_rows_in_order(
        conn,
        &sql,
        "year, region_id, indicator_id",
        "targets",
        &COLUMNS,
        |r| {
            let Some(region) = ids.region_codes.get(&r.get::<_, i64>(1)?).cloned() else {
                return Ok(Err(unknown("region_id", r.get_ref(1)?)));
            };
            let Some(indicator) = ids.indicator_codes.get(&r.get::<_, i64>(2)?).cloned() else {
                return Ok(Err(unknown("indicator_id", r.get_ref(2)?)));
            };
            let value = match read_number("value", r.get_ref(5)?) {
                Ok(v) => v,
                Err(bad) => return Ok(Err(bad)),
            };
            let kind: String = r.get(4)?;
            let value = match kind.as_str() {
                "rate" => TargetValue::Rate(value),
                "level" => TargetValue::Level(value),
                _ => {
                    return Ok(Err(Bad {
                        column: "kind",
                        value: kind,
                        what: Said::new("不是 rate 或 level", "neither rate nor level"),
                    }));
                }
            };
            Ok(Ok(Target {
                id: r.get(0)?,
                region,
                indicator,
                year: r.get(3)?,
                value,
                source: r.get(6)?,
            }))
        },
    )
}

impl Dataset {
    /// Every target, and the rows skipped because they cannot be read.
    pub fn targets_checked(&self) -> Result<(Vec<Target>, Vec<SkippedRow>)> {
        load(&self.conn, &self.ids).map_err(sql_err(&self.path))
    }

    /// Every target (unreadable rows left out: see [`Dataset::targets_checked`]).
    pub fn targets(&self) -> Result<Vec<Target>> {
        self.targets_checked().map(|(t, _)| t)
    }

    /// Adds (id 0) or changes a target in its own transaction; returns its id.
    pub fn save_target(&mut self, target: &Target) -> Result<i64> {
        self.write(|w| {
            if target.id == 0 {
                w.add_target(target, None)
            } else {
                w.update_target(target, None).map(|()| target.id)
            }
        })
    }

    /// Deletes a target in its own transaction.
    pub fn delete_target(&mut self, id: i64) -> Result<()> {
        self.write(|w| {
            w.tx()
                .execute("DELETE FROM targets WHERE id = ?1", params![id])
                .map(|_| ())
                .map_err(sql_err(w.path()))
        })
    }
}

impl Writer<'_> {
    /// The region and indicator ids of a target, refused when the catalogue lacks either
    /// and when its value is not a finite number.
    fn target_ids(&self, t: &Target) -> Result<(i64, i64)> {
        let record = || format!("target of {} for {} in {}", t.region, t.indicator, t.year);
        let rejected = |zh: String, en: String| StoreError::Rejected {
            path: self.path().to_path_buf(),
            rejected: Rejected {
                record: record(),
                zh,
                en,
            },
        };
        check_finite(&record, "value", t.value.value()).map_err(|rejected| {
            StoreError::Rejected {
                path: self.path().to_path_buf(),
                rejected,
            }
        })?;
        let region = self.ids().regions.get(&t.region).copied().ok_or_else(|| {
            rejected(
                format!("地区代码{}不在数据集目录中", t.region),
                format!("region {} is not in the dataset's catalogue", t.region),
            )
        })?;
        let indicator = self
            .ids()
            .indicators
            .get(&t.indicator)
            .copied()
            .ok_or_else(|| {
                rejected(
                    format!("指标代码{}不在数据集目录中", t.indicator),
                    format!(
                        "indicator {} is not in the dataset's catalogue",
                        t.indicator
                    ),
                )
            })?;
        Ok((region, indicator))
    }

    /// The id of the stored target of a region, indicator and year.
    pub fn target_id(&self, region: &str, indicator: &str, year: i32) -> Result<Option<i64>> {
        let (Some(r), Some(i)) = (
            self.ids().regions.get(region),
            self.ids().indicators.get(indicator),
        ) else {
            return Ok(None);
        };
        self.tx()
            .query_row(
                "SELECT id FROM targets WHERE region_id = ?1 AND indicator_id = ?2 AND year = ?3",
                params![r, i, year],
                |row| row.get(0),
            )
            .optional()
            .map_err(sql_err(self.path()))
    }

    /// Adds a target, returning its id.
    pub fn add_target(&mut self, t: &Target, source: Option<i64>) -> Result<i64> {
        let (region, indicator) = self.target_ids(t)?;
        self.tx()
            .insert_id(
                "INSERT INTO targets(region_id, indicator_id, year, kind, value, source_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    region,
                    indicator,
                    t.year,
                    t.value.kind(),
                    t.value.value(),
                    source
                ],
            )
            .map_err(sql_err(self.path()))
    }

    /// Overwrites the stored target with id `t.id` (every field but the id).
    pub fn update_target(&mut self, t: &Target, source: Option<i64>) -> Result<()> {
        let (region, indicator) = self.target_ids(t)?;
        let n = self
            .tx()
            .execute(
                "UPDATE targets SET region_id = ?2, indicator_id = ?3, year = ?4, kind = ?5,
                     value = ?6, source_id = COALESCE(?7, source_id) WHERE id = ?1",
                params![
                    t.id,
                    region,
                    indicator,
                    t.year,
                    t.value.kind(),
                    t.value.value(),
                    source
                ],
            )
            .map_err(sql_err(self.path()))?;
        if n == 0 {
            return Err(StoreError::Invalid {
                path: self.path().to_path_buf(),
                message: format!("target {} no longer exists", t.id),
            });
        }
        Ok(())
    }
}
