//! Comparing a parse with a dataset, read-only: which figures and rows are new, which are
//! already there with the same content, which differ (conflicts), and which requests or
//! deals name an enterprise that exists nowhere. For a new dataset, also its home region.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::time::SystemTime;

use super::issue::{Capped, Issue, IssueKind, Location, Said};
use super::owners::OwnerIndex;
use super::parsed::{DatasetIds, ParsedImport};
use super::parser::UNRESOLVED;
use super::projects::plan_projects;
use super::rows::format_number;
use super::{ImportError, ImportReport, Stage};
use crate::model::enterprise::Date;
use crate::model::{Enterprise, Lang, Register, RequestStatus, Satisfaction, ServiceRequest};
use crate::store::{Dataset, DatasetMeta, ObservationKey, same_value};

/// How many figures, enterprises, requests or deals an import adds, replaces, leaves
/// unchanged or finds in conflict.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// New.
    pub added: usize,
    /// Different from the dataset and replaced.
    pub replaced: usize,
    /// Already there with the same content.
    pub unchanged: usize,
    /// Different from the dataset and not replaced.
    pub conflicts: usize,
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} added, {} replaced, {} unchanged, {} conflicts",
            self.added, self.replaced, self.unchanged, self.conflicts
        )
    }
}

/// Something the dataset already has with other content.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// Where the file has it.
    pub at: Location,
    /// What it is (a figure's region, indicator, period; an enterprise's name).
    pub what: String,
    /// What the dataset has.
    pub old: Said,
    /// What the file has.
    pub new: Said,
}

impl Conflict {
    /// The conflict in `lang` (in English the `Display` text).
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => format!(
                "{}：{}：数据集中为{}，文件中为{}",
                self.at.text(lang),
                self.what,
                self.old.zh,
                self.new.zh
            ),
        }
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: the dataset has {}, the file has {}",
            self.at, self.what, self.old, self.new
        )
    }
}

/// What writing one record will do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Outcome {
    /// It is new.
    Add,
    /// It is there with the same content.
    Same,
    /// It is there with other content (the stored value for figures).
    Differs(f64),
}

/// The dataset an import goes into.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Target {
    /// A new dataset with this title and home region.
    New(DatasetMeta),
    /// An existing dataset, with its size and time stamp when checked.
    Existing {
        path: PathBuf,
        stamp: Option<(u64, SystemTime)>,
    },
}

/// The enterprise a request, deal or project belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Owner {
    /// Already in the dataset.
    Existing(i64),
    /// Imported now (index into the parse's enterprises).
    Imported(usize),
}

/// The outcome of one register row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RowPlan {
    pub outcome: Outcome,
    /// The stored row's id, when there is one.
    pub existing: Option<i64>,
    /// The owner (requests and deals).
    pub owner: Option<Owner>,
}

/// A checked import: the parse plus what it will do to the dataset.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub(crate) parsed: ParsedImport,
    pub(crate) target: Target,
    pub(crate) figure_outcomes: Vec<Outcome>,
    pub(crate) enterprises: Vec<RowPlan>,
    /// Each enterprise row as it will be written: the stored values of the fields its
    /// list does not give, the home region when it has none.
    pub(crate) enterprise_values: Vec<Enterprise>,
    pub(crate) requests: Vec<RowPlan>,
    /// Each request row's 满意度 as it will be written: the list's when it has the
    /// column, else the stored request's.
    pub(crate) request_satisfaction: Vec<Option<Satisfaction>>,
    pub(crate) deals: Vec<RowPlan>,
    pub(crate) projects: Vec<RowPlan>,
    pub(crate) targets: Vec<RowPlan>,
    /// What the enterprise returns will do.
    pub(crate) returns: super::returns::plan::ReturnPlan,
    errors: Capped<Issue>,
    conflicts: Capped<Conflict>,
    counts: PlanCounts,
}

/// The counts of an import, one per kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PlanCounts {
    /// Figures.
    pub figures: Counts,
    /// Enterprises.
    pub enterprises: Counts,
    /// Service requests.
    pub requests: Counts,
    /// Financing deals.
    pub deals: Counts,
    /// Investment projects.
    pub projects: Counts,
    /// Annual targets.
    pub targets: Counts,
}

/// A file's size and modification time, to notice a change between check and commit.
pub(crate) fn stamp(path: &std::path::Path) -> Option<(u64, SystemTime)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}

/// [`stamp`] of the dataset the plan reads; on a server its change count, read on the
/// plan's own connection (the server's stand-in for a time stamp).
fn dataset_stamp(ds: &Dataset) -> Option<(u64, SystemTime)> {
    if ds.is_on_server() {
        let n = ds.change_count()?;
        return Some((u64::try_from(n).unwrap_or(0), SystemTime::UNIX_EPOCH));
    }
    stamp(ds.path())
}

impl ImportPlan {
    /// The parse this plan checked.
    pub fn parsed(&self) -> &ParsedImport {
        &self.parsed
    }

    /// Every error: the parse's and the check's (unknown enterprises, catalogue mismatch).
    pub fn errors(&self) -> &Capped<Issue> {
        &self.errors
    }

    /// Figures and rows that differ from the dataset.
    pub fn conflicts(&self) -> &Capped<Conflict> {
        &self.conflicts
    }

    /// Figure counts (conflicts not yet replaced).
    pub fn figures(&self) -> Counts {
        self.counts.figures
    }

    /// Enterprise counts.
    pub fn enterprises(&self) -> Counts {
        self.counts.enterprises
    }

    /// Service-request counts.
    pub fn requests(&self) -> Counts {
        self.counts.requests
    }

    /// Financing-deal counts.
    pub fn deals(&self) -> Counts {
        self.counts.deals
    }

    /// Investment-project counts.
    pub fn projects(&self) -> Counts {
        self.counts.projects
    }

    /// Annual-target counts.
    pub fn targets(&self) -> Counts {
        self.counts.targets
    }

    /// Enterprise-return counts (rows, values, enterprises added; conflicts not yet
    /// replaced).
    pub fn returns(&self) -> super::ReturnCounts {
        self.returns.counts
    }

    /// The enterprises the returns add to the register: (credit code, name).
    pub fn enterprises_added(&self) -> Vec<(String, String)> {
        self.returns
            .added
            .iter()
            .map(|(e, _)| (e.credit_code.clone(), e.name.clone()))
            .collect()
    }

    /// The new dataset's title and home region, when the import creates one.
    pub fn new_dataset(&self) -> Option<&DatasetMeta> {
        match &self.target {
            Target::New(meta) => Some(meta),
            Target::Existing { .. } => None,
        }
    }

    /// Ok when [`super::commit`] would go ahead with this `replace` choice.
    pub fn check(&self, replace: bool) -> Result<(), ImportError> {
        if !self.errors.is_empty() {
            return Err(ImportError::Invalid(self.errors.clone()));
        }
        if !self.conflicts.is_empty() && !replace {
            return Err(ImportError::Conflicts(self.conflicts.clone()));
        }
        if self.parsed.progress.is_cancelled() {
            return Err(ImportError::Cancelled);
        }
        Ok(())
    }

    /// What committing would report (conflicts counted as replaced when `replace`).
    pub fn report(&self, replace: bool, dry_run: bool) -> ImportReport {
        let adjust = |c: Counts| {
            if replace {
                Counts {
                    replaced: c.conflicts,
                    conflicts: 0,
                    ..c
                }
            } else {
                c
            }
        };
        ImportReport {
            dataset: match &self.target {
                Target::Existing { path, .. } => path.clone(),
                Target::New(_) => PathBuf::new(),
            },
            created: matches!(self.target, Target::New(_)),
            dry_run,
            home_region: self.new_dataset().map(|m| m.home_region.clone()),
            home_region_name: self
                .new_dataset()
                .and_then(|m| self.parsed.catalogue.region(&m.home_region))
                .map(|r| r.name_zh.clone())
                .unwrap_or_default(),
            figures: adjust(self.counts.figures),
            enterprises: adjust(self.counts.enterprises),
            requests: adjust(self.counts.requests),
            deals: adjust(self.counts.deals),
            projects: adjust(self.counts.projects),
            targets: adjust(self.counts.targets),
            returns: super::returns::plan::reported(self.returns.counts, replace),
            enterprises_added: self.enterprises_added(),
            sources: 0,
            conflicts: self.conflicts.clone(),
            notices: self.parsed.notices.clone(),
            files: self.parsed.files.clone(),
            sheets: self.parsed.sheets.clone(),
        }
    }
}

/// A financing deal's status code (signed, disbursed, cancelled) in Chinese.
fn deal_status_zh(status: &str) -> &str {
    match status {
        "signed" => "已签约",
        "disbursed" => "已放款",
        "cancelled" => "已取消",
        other => other,
    }
}

/// A deal's amount and status as a conflict shows them.
fn deal_terms(amount_10k_yuan: f64, status: &str) -> Said {
    let amount = format_number(amount_10k_yuan);
    Said::new(
        format!("{amount}万元，{}", deal_status_zh(status)),
        format!("{amount} 万元 {status}"),
    )
}

/// The fields in which two enterprises differ, as "field value" lists (old, new), in
/// Chinese and English. Only fields that change are listed.
fn enterprise_diff(old: &Enterprise, new: &Enterprise) -> Option<(Said, Said)> {
    let (mut a_zh, mut a_en, mut b_zh, mut b_en) = (vec![], vec![], vec![], vec![]);
    let mut field = |(zh, en): (&str, &str), x: Said, y: Said| {
        if x != y {
            a_zh.push(format!("{zh} {}", x.zh));
            a_en.push(format!("{en} {}", x.en));
            b_zh.push(format!("{zh} {}", y.zh));
            b_en.push(format!("{en} {}", y.en));
        }
    };
    let text = |t: &str| Said::same(if t.is_empty() { "—" } else { t });
    let flag = |b: bool| {
        if b {
            Said::new("是", "yes")
        } else {
            Said::new("否", "no")
        }
    };
    field(("名称", "name"), text(&old.name), text(&new.name));
    field(
        ("行业", "industry"),
        text(old.industry.as_deref().unwrap_or_default()),
        text(new.industry.as_deref().unwrap_or_default()),
    );
    field(("地区", "region"), text(&old.region), text(&new.region));
    field(
        ("规上", "above size"),
        flag(old.above_size),
        flag(new.above_size),
    );
    field(("新兴", "emerging"), flag(old.emerging), flag(new.emerging));
    field(("专精特新", "SRDI"), flag(old.srdi), flag(new.srdi));
    field(
        ("重点帮扶", "key support"),
        flag(old.key_support),
        flag(new.key_support),
    );
    field(("民营", "private"), flag(old.private), flag(new.private));
    field(
        ("包联领导", "official"),
        text(&old.official),
        text(&new.official),
    );
    (!a_zh.is_empty()).then(|| {
        (
            Said::new(a_zh.join("；"), a_en.join("; ")),
            Said::new(b_zh.join("；"), b_en.join("; ")),
        )
    })
}

/// Checks a parse against a dataset (None: a new dataset will be created). Reads only.
pub fn plan(parsed: ParsedImport, dataset: Option<&Dataset>) -> Result<ImportPlan, ImportError> {
    plan_with(parsed, dataset, None)
}

/// What a plan of enterprise returns reads of its dataset, read before the parse: a
/// streamed import (see `super::stream`) holds these tables in its own transaction by the
/// time it plans, and the plan reads through another connection.
pub(crate) struct ReadBefore {
    /// The register's enterprises (no lists).
    pub register: Register,
    /// The periods with stored returns.
    pub return_periods: Vec<crate::model::Period>,
}

/// [`plan`], with the register and the returns' periods read beforehand when `before` is
/// given (the parse must then give returns only: other rows read their tables as usual).
pub(crate) fn plan_with(
    mut parsed: ParsedImport,
    dataset: Option<&Dataset>,
    before: Option<&ReadBefore>,
) -> Result<ImportPlan, ImportError> {
    let progress = parsed.progress.clone();
    let rows = parsed.figures.len()
        + parsed.enterprises.len()
        + parsed.requests.len()
        + parsed.deals.len()
        + parsed.projects.len()
        + parsed.targets.len()
        + parsed.returns.len();
    progress.begin(Stage::Checking, rows.max(1) as u64);
    let mut errors = parsed.errors.clone();
    let mut conflicts: Capped<Conflict> = Capped::default();
    let (target, home_region) = plan_target(&parsed, dataset)?;
    let (figure_outcomes, figures) = plan_figures(&parsed, dataset, &mut errors, &mut conflicts)?;
    progress.set_done(parsed.figures.len() as u64);

    // Only the lists the files give rows of are compared: the rest stays unread.
    let lists = crate::store::RegisterLists {
        requests: !parsed.requests.is_empty(),
        deals: !parsed.deals.is_empty(),
        projects: !parsed.projects.is_empty(),
    };
    let read;
    let register = match (before, dataset) {
        (Some(b), _) => &b.register,
        (None, Some(ds)) => {
            read = ds.register_lists(lists)?;
            &read
        }
        (None, None) => {
            read = Register::default();
            &read
        }
    };
    let (enterprise_plans, enterprise_values, enterprises) =
        plan_enterprises(&parsed, register, &home_region, &mut conflicts);
    let owners = OwnerIndex::new(&parsed, register, &enterprise_plans);
    let (request_plans, request_satisfaction, requests) =
        plan_requests(&parsed, register, &owners, &mut errors, &mut conflicts);
    let (deal_plans, deals) = plan_deals(&parsed, register, &owners, &mut errors, &mut conflicts);
    let (project_plans, projects) =
        plan_projects(&parsed, register, &owners, &mut errors, &mut conflicts);
    drop(owners);
    let (target_plans, targets) =
        super::targets::plan_targets(&parsed, dataset, &mut errors, &mut conflicts)?;
    let returns = super::returns::plan::plan_returns(
        &mut parsed,
        dataset,
        before.map(|b| b.return_periods.as_slice()),
        register,
        &home_region,
        &mut errors,
        &mut conflicts,
    )?;
    progress.set_done(rows as u64);

    Ok(ImportPlan {
        parsed,
        target,
        figure_outcomes,
        enterprises: enterprise_plans,
        enterprise_values,
        requests: request_plans,
        request_satisfaction,
        deals: deal_plans,
        projects: project_plans,
        targets: target_plans,
        returns,
        errors,
        conflicts,
        counts: PlanCounts {
            figures,
            enterprises,
            requests,
            deals,
            projects,
            targets,
        },
    })
}

/// The dataset the import goes into and its home region: the existing one's, or for a new
/// dataset the first region the files hint at (else the nation).
fn plan_target(
    parsed: &ParsedImport,
    dataset: Option<&Dataset>,
) -> Result<(Target, String), ImportError> {
    let cat = &parsed.catalogue;
    Ok(match dataset {
        Some(ds) => {
            let meta = ds.meta()?;
            (
                Target::Existing {
                    path: ds.path().to_path_buf(),
                    stamp: dataset_stamp(ds),
                },
                meta.home_region,
            )
        }
        None => {
            let home = parsed
                .home_hints
                .first()
                .and_then(|&i| cat.regions.get(i as usize))
                .or_else(|| cat.nation());
            let (code, name) = home.map_or((String::new(), String::new()), |r| {
                (r.code.clone(), r.name_zh.clone())
            });
            (
                Target::New(DatasetMeta {
                    title: DatasetMeta::default_title(&name),
                    home_region: code.clone(),
                    is_sample: false,
                }),
                code,
            )
        }
    })
}

/// What each figure will do (new, unchanged, conflict), with their counts; a figure whose
/// region, indicator or industry the dataset's catalogue lacks is an error (listed once).
fn plan_figures(
    parsed: &ParsedImport,
    dataset: Option<&Dataset>,
    errors: &mut Capped<Issue>,
    conflicts: &mut Capped<Conflict>,
) -> Result<(Vec<Outcome>, Counts), ImportError> {
    let mut outcomes = vec![Outcome::Add; parsed.figures.len()];
    if let Some(ds) = dataset {
        let dataset_ids = DatasetIds::new(&parsed.catalogue, ds.ids());
        let key = |f: &super::ParsedFigure| -> Option<ObservationKey> {
            if f.region == UNRESOLVED {
                return None;
            }
            dataset_ids.key(f).ok()
        };
        let mut missing = parsed
            .figures
            .iter()
            .filter(|f| f.region != UNRESOLVED && key(f).is_none());
        if let Some(f) = missing.next() {
            let what = parsed.describe(f, Lang::Zh);
            errors.push(Issue {
                at: parsed.location(f),
                cell: None,
                kind: IssueKind::Dataset,
                reason: Said::new(
                    format!(
                        "{what}：数据集的目录中没有此地区、指标或行业（导入时依据的是另一份目录）"
                    ),
                    format!(
                        "{what}: the dataset's catalogue does not have this region, indicator or industry (the import was read against another catalogue)"
                    ),
                ),
            });
        }
        if !parsed.figures.is_empty() && ds.figure_count()? > 0 {
            let stored = ds.lookup_figures(parsed.figures.iter().filter_map(key))?;
            let mut stored = stored.into_iter();
            for (f, outcome) in parsed.figures.iter().zip(outcomes.iter_mut()) {
                if key(f).is_none() {
                    continue;
                }
                *outcome = match stored.next().flatten() {
                    None => Outcome::Add,
                    Some(old) if same_value(old, f.value) => Outcome::Same,
                    Some(old) => Outcome::Differs(old),
                };
            }
        }
    }
    let mut counts = Counts::default();
    for (f, outcome) in parsed.figures.iter().zip(&outcomes) {
        match outcome {
            Outcome::Add => counts.added += 1,
            Outcome::Same => counts.unchanged += 1,
            Outcome::Differs(old) => {
                counts.conflicts += 1;
                conflicts.push(Conflict {
                    at: parsed.location(f),
                    what: parsed.describe(f, Lang::Zh),
                    old: Said::same(format_number(*old)),
                    new: Said::same(format_number(f.value)),
                });
            }
        }
    }
    Ok((outcomes, counts))
}

/// A row plan: what happens to one register row, given the stored row's id when there is one.
fn row_plan(outcome: Outcome, existing: Option<i64>, owner: Option<Owner>) -> RowPlan {
    RowPlan {
        outcome,
        existing,
        owner,
    }
}

/// What each enterprise row will do, the values it will be written with (a field whose
/// column the list lacks keeps the stored value, see `EnterpriseColumns`; no region is the
/// home region), and the counts.
fn plan_enterprises(
    parsed: &ParsedImport,
    register: &Register,
    home_region: &str,
    conflicts: &mut Capped<Conflict>,
) -> (Vec<RowPlan>, Vec<Enterprise>, Counts) {
    let stored_by_code: HashMap<&str, &Enterprise> = register
        .enterprises
        .iter()
        .map(|e| (e.credit_code.as_str(), e))
        .collect();
    let mut counts = Counts::default();
    let mut plans = Vec::with_capacity(parsed.enterprises.len());
    let mut values = Vec::with_capacity(parsed.enterprises.len());
    for row in &parsed.enterprises {
        let stored = stored_by_code.get(row.enterprise.credit_code.as_str());
        let mut e = match stored {
            Some(old) => row.columns.merge(&row.enterprise, old),
            None => row.enterprise.clone(),
        };
        if e.region.is_empty() {
            e.region = home_region.to_string();
        }
        let plan = match stored {
            None => {
                counts.added += 1;
                row_plan(Outcome::Add, None, None)
            }
            Some(old) => match enterprise_diff(old, &e) {
                None => {
                    counts.unchanged += 1;
                    row_plan(Outcome::Same, Some(old.id), None)
                }
                Some((was, now)) => {
                    counts.conflicts += 1;
                    conflicts.push(Conflict {
                        at: row.at.clone(),
                        what: format!("企业 {}（{}）", e.name, e.credit_code),
                        old: was,
                        new: now,
                    });
                    row_plan(Outcome::Differs(0.0), Some(old.id), None)
                }
            },
        };
        plans.push(plan);
        values.push(e);
    }
    (plans, values, counts)
}

/// A request's status, resolution date and (when the list rates it) 满意度 as a conflict
/// shows them.
fn request_terms(
    status: RequestStatus,
    resolved_on: Option<Date>,
    satisfaction: Option<Option<Satisfaction>>,
) -> Said {
    let date = resolved_on.map(|d| format!(" {d}")).unwrap_or_default();
    let rating = |lang| match satisfaction {
        None => String::new(),
        Some(None) => match lang {
            Lang::Zh => "，未评价".to_string(),
            Lang::En => ", not rated".to_string(),
        },
        Some(Some(s)) => match lang {
            Lang::Zh => format!("，{}", s.label(lang)),
            Lang::En => format!(", {}", s.label(lang)),
        },
    };
    Said::new(
        format!("{}{date}{}", status.label(Lang::Zh), rating(Lang::Zh)),
        format!("{}{date}{}", status.label(Lang::En), rating(Lang::En)),
    )
}

/// What each service-request row will do (same enterprise, date raised, category and text
/// is the same request; another status, resolution date or — when the list has the column —
/// 满意度 is a conflict), each row's 满意度 as it will be written (a list without the
/// column keeps a stored request's rating), and the counts.
fn plan_requests(
    parsed: &ParsedImport,
    register: &Register,
    owners: &OwnerIndex<'_>,
    errors: &mut Capped<Issue>,
    conflicts: &mut Capped<Conflict>,
) -> (Vec<RowPlan>, Vec<Option<Satisfaction>>, Counts) {
    type RequestKey<'a> = (i64, Date, &'a str, &'a str);
    let stored_requests: HashMap<RequestKey<'_>, &ServiceRequest> = register
        .requests
        .iter()
        .map(|q| {
            let key = (
                q.enterprise_id,
                q.raised_on,
                q.category.as_str(),
                q.text.as_str(),
            );
            (key, q)
        })
        .collect();
    let mut counts = Counts::default();
    let mut plans = Vec::with_capacity(parsed.requests.len());
    let mut ratings = Vec::with_capacity(parsed.requests.len());
    for row in &parsed.requests {
        let owner = owners.settled(&row.enterprise, &row.at, errors);
        let stored = match owner {
            Some(Owner::Existing(id)) => stored_requests
                .get(&(id, row.raised_on, row.category.as_str(), row.text.as_str()))
                .copied(),
            _ => None,
        };
        let rating = match stored {
            Some(q) if !row.satisfaction_given => q.satisfaction,
            _ => row.satisfaction,
        };
        ratings.push(rating);
        let plan = match stored {
            None => {
                counts.added += 1;
                row_plan(Outcome::Add, None, owner)
            }
            Some(q)
                if q.status == row.status
                    && q.resolved_on == row.resolved_on
                    && q.satisfaction == rating =>
            {
                counts.unchanged += 1;
                row_plan(Outcome::Same, Some(q.id), owner)
            }
            Some(q) => {
                counts.conflicts += 1;
                let shown = |s: Option<Satisfaction>| row.satisfaction_given.then_some(s);
                conflicts.push(Conflict {
                    at: row.at.clone(),
                    what: format!("诉求 {} {}", row.enterprise, row.raised_on),
                    old: request_terms(q.status, q.resolved_on, shown(q.satisfaction)),
                    new: request_terms(row.status, row.resolved_on, shown(rating)),
                });
                row_plan(Outcome::Differs(0.0), Some(q.id), owner)
            }
        };
        plans.push(plan);
    }
    (plans, ratings, counts)
}

/// What each financing-deal row will do (same enterprise, bank and date signed is the same
/// deal; another amount or status is a conflict), and the counts.
fn plan_deals(
    parsed: &ParsedImport,
    register: &Register,
    owners: &OwnerIndex<'_>,
    errors: &mut Capped<Issue>,
    conflicts: &mut Capped<Conflict>,
) -> (Vec<RowPlan>, Counts) {
    type DealKey<'a> = (i64, &'a str, Date);
    let stored_deals: HashMap<DealKey<'_>, &crate::model::FinancingDeal> = register
        .deals
        .iter()
        .map(|d| ((d.enterprise_id, d.bank.as_str(), d.signed_on), d))
        .collect();
    let mut counts = Counts::default();
    let mut plans = Vec::with_capacity(parsed.deals.len());
    for row in &parsed.deals {
        let owner = owners.settled(&row.enterprise, &row.at, errors);
        let stored = match owner {
            Some(Owner::Existing(id)) => stored_deals
                .get(&(id, row.bank.as_str(), row.signed_on))
                .copied(),
            _ => None,
        };
        let plan = match stored {
            None => {
                counts.added += 1;
                row_plan(Outcome::Add, None, owner)
            }
            Some(d)
                if same_value(d.amount_10k_yuan, row.amount_10k_yuan) && d.status == row.status =>
            {
                counts.unchanged += 1;
                row_plan(Outcome::Same, Some(d.id), owner)
            }
            Some(d) => {
                counts.conflicts += 1;
                conflicts.push(Conflict {
                    at: row.at.clone(),
                    what: format!("银企对接 {} {} {}", row.enterprise, row.bank, row.signed_on),
                    old: deal_terms(d.amount_10k_yuan, &d.status),
                    new: deal_terms(row.amount_10k_yuan, &row.status),
                });
                row_plan(Outcome::Differs(0.0), Some(d.id), owner)
            }
        };
        plans.push(plan);
    }
    (plans, counts)
}
