//! Comparing a parse with a dataset, read-only: which figures and rows are new, which are
//! already there with the same content, which differ (conflicts), and which requests or
//! deals name an enterprise that exists nowhere. For a new dataset, also its home region.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::time::SystemTime;

use super::issue::{Capped, Issue, IssueKind, Location, Said};
use super::names::did_you_mean;
use super::parsed::{DatasetIds, EnterpriseRef, ParsedImport};
use super::parser::UNRESOLVED;
use super::rows::format_number;
use super::{ImportError, ImportReport, Stage};
use crate::model::enterprise::Date;
use crate::model::{Enterprise, Lang, Register, suggest};
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

/// The enterprise a request or deal belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
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
    pub(crate) deals: Vec<RowPlan>,
    errors: Capped<Issue>,
    conflicts: Capped<Conflict>,
    counts: [Counts; 4],
}

/// A file's size and modification time, to notice a change between check and commit.
pub(crate) fn stamp(path: &std::path::Path) -> Option<(u64, SystemTime)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
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
        self.counts[0]
    }

    /// Enterprise counts.
    pub fn enterprises(&self) -> Counts {
        self.counts[1]
    }

    /// Service-request counts.
    pub fn requests(&self) -> Counts {
        self.counts[2]
    }

    /// Financing-deal counts.
    pub fn deals(&self) -> Counts {
        self.counts[3]
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
            figures: adjust(self.counts[0]),
            enterprises: adjust(self.counts[1]),
            requests: adjust(self.counts[2]),
            deals: adjust(self.counts[3]),
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

/// A name as compared with the name of the enterprise a credit code belongs to: without
/// spaces, half-width brackets read as full-width ones (“有限公司(鸡西)” is “有限公司（鸡西）”).
fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

/// Checks a parse against a dataset (None: a new dataset will be created). Reads only.
pub fn plan(parsed: ParsedImport, dataset: Option<&Dataset>) -> Result<ImportPlan, ImportError> {
    let progress = parsed.progress.clone();
    let rows = parsed.figures.len()
        + parsed.enterprises.len()
        + parsed.requests.len()
        + parsed.deals.len();
    progress.begin(Stage::Checking, rows.max(1) as u64);
    let mut errors = parsed.errors.clone();
    let mut conflicts: Capped<Conflict> = Capped::default();
    let cat = &parsed.catalogue;

    let (target, home_region) = match dataset {
        Some(ds) => {
            let meta = ds.meta()?;
            (
                Target::Existing {
                    path: ds.path().to_path_buf(),
                    stamp: stamp(ds.path()),
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
    };

    // Figures.
    let mut outcomes = vec![Outcome::Add; parsed.figures.len()];
    let mut counts = [Counts::default(); 4];
    if let Some(ds) = dataset {
        let dataset_ids = DatasetIds::new(cat, ds.ids());
        let key = |f: &super::ParsedFigure| -> Option<ObservationKey> {
            if f.region == UNRESOLVED {
                return None;
            }
            dataset_ids.key(f).ok()
        };
        let mut missing = 0usize;
        for f in &parsed.figures {
            if f.region != UNRESOLVED && key(f).is_none() {
                missing += 1;
                if missing == 1 {
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
            }
        }
        if ds.figure_count()? > 0 {
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
    for (f, outcome) in parsed.figures.iter().zip(&outcomes) {
        match outcome {
            Outcome::Add => counts[0].added += 1,
            Outcome::Same => counts[0].unchanged += 1,
            Outcome::Differs(old) => {
                counts[0].conflicts += 1;
                conflicts.push(Conflict {
                    at: parsed.location(f),
                    what: parsed.describe(f, Lang::Zh),
                    old: Said::same(format_number(*old)),
                    new: Said::same(format_number(f.value)),
                });
            }
        }
    }
    progress.set_done(parsed.figures.len() as u64);

    // The register.
    let register = match dataset {
        Some(ds) => ds.register()?,
        None => Register::default(),
    };
    let stored_by_code: HashMap<&str, &Enterprise> = register
        .enterprises
        .iter()
        .map(|e| (e.credit_code.as_str(), e))
        .collect();
    let mut stored_by_name: HashMap<&str, Vec<&Enterprise>> = HashMap::new();
    for e in &register.enterprises {
        stored_by_name.entry(e.name.trim()).or_default().push(e);
    }
    let mut imported_by_code: HashMap<&str, usize> = HashMap::new();
    let mut imported_by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut enterprise_plans = Vec::with_capacity(parsed.enterprises.len());
    let mut enterprise_values = Vec::with_capacity(parsed.enterprises.len());
    for (i, row) in parsed.enterprises.iter().enumerate() {
        imported_by_code.insert(row.enterprise.credit_code.as_str(), i);
        imported_by_name
            .entry(row.enterprise.name.trim())
            .or_default()
            .push(i);
        // A field whose column the list lacks keeps the stored value (see
        // `EnterpriseColumns`); a new enterprise has the default.
        let stored = stored_by_code.get(row.enterprise.credit_code.as_str());
        let mut e = match stored {
            Some(old) => row.columns.merge(&row.enterprise, old),
            None => row.enterprise.clone(),
        };
        if e.region.is_empty() {
            e.region = home_region.clone();
        }
        let plan = match stored {
            None => {
                counts[1].added += 1;
                RowPlan {
                    outcome: Outcome::Add,
                    existing: None,
                    owner: None,
                }
            }
            Some(old) => match enterprise_diff(old, &e) {
                None => {
                    counts[1].unchanged += 1;
                    RowPlan {
                        outcome: Outcome::Same,
                        existing: Some(old.id),
                        owner: None,
                    }
                }
                Some((was, now)) => {
                    counts[1].conflicts += 1;
                    conflicts.push(Conflict {
                        at: row.at.clone(),
                        what: format!("企业 {}（{}）", e.name, e.credit_code),
                        old: was,
                        new: now,
                    });
                    RowPlan {
                        outcome: Outcome::Differs(0.0),
                        existing: Some(old.id),
                        owner: None,
                    }
                }
            },
        };
        enterprise_plans.push(plan);
        enterprise_values.push(e);
    }
    let all_names: Vec<&str> = register
        .enterprises
        .iter()
        .map(|e| e.name.as_str())
        .chain(
            parsed
                .enterprises
                .iter()
                .map(|r| r.enterprise.name.as_str()),
        )
        .collect();
    // The enterprise with a credit code (this import's row, else the dataset's) and the
    // names it goes by (the row's, and the stored one that the row may be renaming).
    let by_code = |code: &str| -> Option<(Owner, Vec<String>)> {
        let stored = stored_by_code.get(code);
        match imported_by_code.get(code) {
            Some(&i) => {
                let mut names = vec![parsed.enterprises[i].enterprise.name.trim().to_string()];
                names.extend(stored.map(|e| e.name.trim().to_string()));
                Some((Owner::Imported(i), names))
            }
            None => stored.map(|e| (Owner::Existing(e.id), vec![e.name.trim().to_string()])),
        }
    };
    // The enterprises with a name (this import's, else the dataset's) and their codes.
    let by_name = |name: &str| -> Vec<(Owner, String)> {
        let name = name.trim();
        match imported_by_name.get(name) {
            Some(rows) if !rows.is_empty() => rows
                .iter()
                .map(|&i| {
                    let code = parsed.enterprises[i].enterprise.credit_code.clone();
                    (Owner::Imported(i), code)
                })
                .collect(),
            _ => stored_by_name
                .get(name)
                .map(|v| {
                    v.iter()
                        .map(|e| (Owner::Existing(e.id), e.credit_code.clone()))
                        .collect()
                })
                .unwrap_or_default(),
        }
    };
    let owner_of = |who: &EnterpriseRef,
                    at: &Location,
                    errors: &mut Capped<Issue>|
     -> Option<Owner> {
        let (found, what) = match who {
            EnterpriseRef::Code(code) | EnterpriseRef::Both { code, .. } => (
                by_code(code)
                    .map(|(o, _)| o)
                    .into_iter()
                    .collect::<Vec<_>>(),
                ("统一社会信用代码", "credit code"),
            ),
            EnterpriseRef::Name(name) => (
                by_name(name).into_iter().map(|(o, _)| o).collect(),
                ("企业名称", "name"),
            ),
        };
        // The code decides; a name given with it must be the same enterprise's.
        if let (
            [_],
            EnterpriseRef::Both {
                code,
                name,
                name_at,
            },
        ) = (found.as_slice(), who)
        {
            let names = by_code(code).map(|(_, n)| n).unwrap_or_default();
            // Lists often give a short or annotated name (海川石墨烯, …有限公司(密山)): one
            // that contains the code's enterprise's name or is contained in it is the same
            // enterprise, unless it is exactly another enterprise's name.
            let given = name_key(name);
            let same = names.iter().any(|n| {
                let stored = name_key(n);
                stored == given || stored.contains(&given) || given.contains(&stored)
            });
            let another = matches!(by_name(name).as_slice(), [(_, other)] if other != code);
            if !same || another {
                let owner = names.first().cloned().unwrap_or_default();
                let other = match by_name(name).as_slice() {
                    [(_, other)] if other != code => Said::new(
                        format!("，而“{name}”的统一社会信用代码为{other}"),
                        format!(", and “{name}” has the credit code {other}"),
                    ),
                    _ => Said::default(),
                };
                errors.push(Issue {
                    at: name_at.clone(),
                    cell: Some(name.clone()),
                    kind: IssueKind::EnterpriseMismatch,
                    reason: Said::new(
                        format!(
                            "企业名称与统一社会信用代码不属于同一企业：代码{code}属于“{owner}”{}；请核对后改正其中之一",
                            other.zh
                        ),
                        format!(
                            "the name and the credit code do not belong to the same enterprise: the code {code} belongs to “{owner}”{}; check them and correct one",
                            other.en
                        ),
                    ),
                });
                return None;
            }
        }
        match found.as_slice() {
            [one] => Some(*one),
            [] => {
                let hint = match who {
                    EnterpriseRef::Name(n) => {
                        did_you_mean(&suggest::closest(n, all_names.iter().copied(), 3))
                    }
                    EnterpriseRef::Code(_) => Said::default(),
                    // The name may say which code was meant.
                    EnterpriseRef::Both { name, .. } => match by_name(name).as_slice() {
                        [(_, other)] => Said::new(
                            format!("；企业名称“{name}”对应的统一社会信用代码为{other}，请核对"),
                            format!(
                                "; the enterprise named “{name}” has the credit code {other}: check the code"
                            ),
                        ),
                        _ => Said::default(),
                    },
                };
                let (what_zh, what_en) = what;
                errors.push(Issue {
                    at: at.clone(),
                    cell: Some(who.to_string()),
                    kind: IssueKind::UnknownEnterprise,
                    reason: Said::new(
                        format!(
                            "导入文件和数据集中都没有此{what_zh}的企业：请先导入企业名录{}",
                            hint.zh
                        ),
                        format!(
                            "no enterprise with this {what_en} in the import or the dataset: import it in an enterprise list first{}",
                            hint.en
                        ),
                    ),
                });
                None
            }
            _ => {
                errors.push(Issue {
                    at: at.clone(),
                    cell: Some(who.to_string()),
                    kind: IssueKind::UnknownEnterprise,
                    reason: Said::new(
                        "有多家企业同名：请改填统一社会信用代码",
                        "several enterprises have this name: give the 统一社会信用代码 (credit code) instead",
                    ),
                });
                None
            }
        }
    };

    type RequestKey<'a> = (i64, Date, &'a str, &'a str);
    let stored_requests: HashMap<RequestKey<'_>, &crate::model::ServiceRequest> = register
        .requests
        .iter()
        .map(|q| {
            (
                (
                    q.enterprise_id,
                    q.raised_on,
                    q.category.as_str(),
                    q.text.as_str(),
                ),
                q,
            )
        })
        .collect();
    // An imported enterprise that the dataset already has is that stored enterprise.
    let settle = |owner: Option<Owner>| match owner {
        Some(Owner::Imported(i)) => match enterprise_plans.get(i).and_then(|p| p.existing) {
            Some(id) => Some(Owner::Existing(id)),
            None => owner,
        },
        other => other,
    };
    let mut request_plans = Vec::with_capacity(parsed.requests.len());
    for row in &parsed.requests {
        let owner = settle(owner_of(&row.enterprise, &row.at, &mut errors));
        let stored = match owner {
            Some(Owner::Existing(id)) => stored_requests
                .get(&(id, row.raised_on, row.category.as_str(), row.text.as_str()))
                .copied(),
            _ => None,
        };
        let plan = match stored {
            None => {
                counts[2].added += 1;
                RowPlan {
                    outcome: Outcome::Add,
                    existing: None,
                    owner,
                }
            }
            Some(q) if q.status == row.status && q.resolved_on == row.resolved_on => {
                counts[2].unchanged += 1;
                RowPlan {
                    outcome: Outcome::Same,
                    existing: Some(q.id),
                    owner,
                }
            }
            Some(q) => {
                counts[2].conflicts += 1;
                let show = |s: crate::model::RequestStatus, d: Option<Date>| {
                    format!(
                        "{}{}",
                        s.label(Lang::Zh),
                        d.map(|d| format!(" {d}")).unwrap_or_default()
                    )
                };
                conflicts.push(Conflict {
                    at: row.at.clone(),
                    what: format!("诉求 {} {}", row.enterprise, row.raised_on),
                    old: Said::same(show(q.status, q.resolved_on)),
                    new: Said::same(show(row.status, row.resolved_on)),
                });
                RowPlan {
                    outcome: Outcome::Differs(0.0),
                    existing: Some(q.id),
                    owner,
                }
            }
        };
        request_plans.push(plan);
    }

    type DealKey<'a> = (i64, &'a str, Date);
    let stored_deals: HashMap<DealKey<'_>, &crate::model::FinancingDeal> = register
        .deals
        .iter()
        .map(|d| ((d.enterprise_id, d.bank.as_str(), d.signed_on), d))
        .collect();
    let mut deal_plans = Vec::with_capacity(parsed.deals.len());
    for row in &parsed.deals {
        let owner = settle(owner_of(&row.enterprise, &row.at, &mut errors));
        let stored = match owner {
            Some(Owner::Existing(id)) => stored_deals
                .get(&(id, row.bank.as_str(), row.signed_on))
                .copied(),
            _ => None,
        };
        let plan = match stored {
            None => {
                counts[3].added += 1;
                RowPlan {
                    outcome: Outcome::Add,
                    existing: None,
                    owner,
                }
            }
            Some(d)
                if same_value(d.amount_10k_yuan, row.amount_10k_yuan) && d.status == row.status =>
            {
                counts[3].unchanged += 1;
                RowPlan {
                    outcome: Outcome::Same,
                    existing: Some(d.id),
                    owner,
                }
            }
            Some(d) => {
                counts[3].conflicts += 1;
                conflicts.push(Conflict {
                    at: row.at.clone(),
                    what: format!("银企对接 {} {} {}", row.enterprise, row.bank, row.signed_on),
                    old: deal_terms(d.amount_10k_yuan, &d.status),
                    new: deal_terms(row.amount_10k_yuan, &row.status),
                });
                RowPlan {
                    outcome: Outcome::Differs(0.0),
                    existing: Some(d.id),
                    owner,
                }
            }
        };
        deal_plans.push(plan);
    }
    progress.set_done(rows as u64);

    Ok(ImportPlan {
        parsed,
        target,
        figure_outcomes: outcomes,
        enterprises: enterprise_plans,
        enterprise_values,
        requests: request_plans,
        deals: deal_plans,
        errors,
        conflicts,
        counts,
    })
}
