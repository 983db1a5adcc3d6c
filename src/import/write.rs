//! Committing a checked import: one transaction, or a new dataset built under a temporary
//! name and renamed. Figures go in key order (sequential B-tree inserts); a new dataset
//! takes plain inserts without the per-row lookup, since nothing can be there yet.

use std::fmt;
use std::path::{Path, PathBuf};

use super::decode::TextEncoding;
use super::issue::{Capped, Notice};
use super::parsed::{DatasetIds, FileSummary, SheetSummary, SourceDraft};
use super::parser::UNRESOLVED;
use super::plan::{Conflict, Counts, ImportPlan, Outcome, Owner, Target, stamp};
use super::{ImportError, Stage};
use crate::model::{Basis, FinancingDeal, Lang, ServiceRequest, Source};
use crate::store::{Dataset, ObservationKey, StoreError, Writer, sql_err};

/// Rows between progress updates and cancel checks while writing.
const CHECK_EVERY: usize = 8192;

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    /// The dataset.
    pub dataset: PathBuf,
    /// True when the import created the dataset.
    pub created: bool,
    /// True for a dry run: nothing was written.
    pub dry_run: bool,
    /// The home region chosen for a new dataset (code).
    pub home_region: Option<String>,
    /// Its Chinese name (empty when not a new dataset).
    pub home_region_name: String,
    /// Figures.
    pub figures: Counts,
    /// Enterprises.
    pub enterprises: Counts,
    /// Service requests.
    pub requests: Counts,
    /// Financing deals.
    pub deals: Counts,
    /// Investment projects (one project's figures for one period each).
    pub projects: Counts,
    /// Annual targets (one per region, indicator and year).
    pub targets: Counts,
    /// Enterprise monthly returns.
    pub returns: super::ReturnCounts,
    /// Enterprises the returns added to the register: (credit code, name).
    pub enterprises_added: Vec<(String, String)>,
    /// Sources recorded.
    pub sources: usize,
    /// What differed from the dataset (replaced, when `replace` was given).
    pub conflicts: Capped<Conflict>,
    /// Sheets and columns skipped, assumptions made.
    pub notices: Capped<Notice>,
    /// The files read.
    pub files: Vec<FileSummary>,
    /// The sheets read.
    pub sheets: Vec<SheetSummary>,
}

impl ImportReport {
    /// The report in `lang`: files and sheets read, what was added, replaced and left
    /// unchanged, the replaced values and the notices (in English the `Display` text).
    pub fn text(&self, lang: Lang) -> String {
        let mut s = String::new();
        let _ = self.write_in(&mut s, lang);
        s
    }

    fn write_in(&self, f: &mut impl fmt::Write, lang: Lang) -> fmt::Result {
        let zh = lang == Lang::Zh;
        let dataset = self.dataset.display();
        let files = self.files.len();
        match (zh, self.dry_run) {
            (true, true) => write!(
                f,
                "试导入（未写入任何数据）：将把{files}个文件导入{dataset}"
            )?,
            (true, false) => write!(f, "已把{files}个文件导入{dataset}")?,
            (false, true) => write!(
                f,
                "dry run (nothing written): would import {files} file(s) into {dataset}"
            )?,
            (false, false) => write!(f, "imported {files} file(s) into {dataset}")?,
        }
        if self.created {
            let home = self.home_region.as_ref();
            match (zh, home) {
                (true, Some(home)) => write!(
                    f,
                    "（新建数据集，本地地区为{} {home}）",
                    self.home_region_name
                )?,
                (true, None) => write!(f, "（新建数据集）")?,
                (false, Some(home)) => write!(
                    f,
                    " (a new dataset, home region {} {home})",
                    self.home_region_name
                )?,
                (false, None) => write!(f, " (a new dataset)")?,
            }
        }
        writeln!(f)?;
        for file in &self.files {
            let sheets: Vec<String> = self
                .sheets
                .iter()
                .filter(|s| self.files.get(s.file).is_some_and(|x| x.path == file.path))
                .map(|s| {
                    let name = s
                        .name
                        .as_deref()
                        .map(|n| format!("“{n}” "))
                        .unwrap_or_default();
                    let layout = s.layout.label(lang);
                    if zh {
                        format!("{name}{layout}，{}条", s.records)
                    } else {
                        format!("{name}{layout} ({} records)", s.records)
                    }
                })
                .collect();
            let (enc, colon, sep) = if zh {
                ("，", "：", "；")
            } else {
                (", ", ": ", "; ")
            };
            let enc = file
                .encoding
                .map(|e| match (zh, e) {
                    (true, TextEncoding::Utf8Bom) => format!("{enc}UTF-8（带BOM）"),
                    _ => format!("{enc}{}", e.name()),
                })
                .unwrap_or_default();
            writeln!(f, "  {}{enc}{colon}{}", file.name, sheets.join(sep))?;
        }
        let counts = |c: Counts, unit: &str| {
            if zh {
                format!(
                    "新增{}{unit}，替换{}{unit}，未变{}{unit}，冲突{}{unit}",
                    c.added, c.replaced, c.unchanged, c.conflicts
                )
            } else {
                c.to_string()
            }
        };
        let label = |zh_name: &'static str, en: &'static str| if zh { zh_name } else { en };
        let colon = if zh { "：" } else { ": " };
        writeln!(
            f,
            "{}{colon}{}",
            label("数据", "figures"),
            counts(self.figures, "个")
        )?;
        for (zh_name, en, unit, c) in [
            ("企业", "enterprises", "家", self.enterprises),
            ("企业诉求", "service requests", "件", self.requests),
            ("银企对接", "financing deals", "笔", self.deals),
            ("投资项目", "investment projects", "个", self.projects),
            ("年度目标", "annual targets", "个", self.targets),
        ] {
            if c != Counts::default() {
                writeln!(f, "{}{colon}{}", label(zh_name, en), counts(c, unit))?;
            }
        }
        self.write_returns(f, lang)?;
        if !self.dry_run {
            match lang {
                Lang::Zh => writeln!(f, "记录来源：{}个", self.sources)?,
                Lang::En => writeln!(f, "sources recorded: {}", self.sources)?,
            }
        }
        if !self.conflicts.is_empty() {
            writeln!(
                f,
                "{}",
                label("已替换（原值 → 新值）：", "replaced (was → now):")
            )?;
            self.conflicts
                .write_lines_in(f, "  ", lang, Conflict::text)?;
        }
        if !self.notices.is_empty() {
            writeln!(f, "{}", label("提示：", "notices:"))?;
            self.notices.write_lines_in(f, "  ", lang, Notice::text)?;
        }
        Ok(())
    }
}

impl ImportReport {
    /// The returns' lines: rows and values added, replaced, unchanged, in conflict, and
    /// the enterprises added to the register (by name, with their codes).
    fn write_returns(&self, f: &mut impl fmt::Write, lang: Lang) -> fmt::Result {
        let r = self.returns;
        if r == super::ReturnCounts::default() {
            return Ok(());
        }
        let (rows, values) = (r.rows, r.values);
        match lang {
            Lang::Zh => writeln!(
                f,
                "企业月报（现价）：新增{}行，替换{}行，未变{}行，冲突{}行（一家企业一个时期为一行）；数值新增{}个，替换{}个，未变{}个，冲突{}个",
                rows.added,
                rows.replaced,
                rows.unchanged,
                rows.conflicts,
                values.added,
                values.replaced,
                values.unchanged,
                values.conflicts
            )?,
            Lang::En => writeln!(
                f,
                "monthly returns (current prices): rows (enterprise × period) {rows}; values {values}"
            )?,
        }
        if self.enterprises_added.is_empty() {
            return Ok(());
        }
        const LISTED: usize = 20;
        let names: Vec<String> = self
            .enterprises_added
            .iter()
            .take(LISTED)
            .map(|(code, name)| match lang {
                Lang::Zh => format!("{name}（{code}）"),
                Lang::En => format!("{name} ({code})"),
            })
            .collect();
        let more = self.enterprises_added.len().saturating_sub(LISTED);
        match lang {
            Lang::Zh => {
                let verb = if self.dry_run { "将新增" } else { "新增" };
                write!(
                    f,
                    "名录中{verb}企业{}家（规上，地区为本地）：{}",
                    self.enterprises_added.len(),
                    names.join("、")
                )?;
                if more > 0 {
                    write!(f, "等（另{more}家未列出）")?;
                }
            }
            Lang::En => {
                let verb = if self.dry_run {
                    "would be added"
                } else {
                    "added"
                };
                write!(
                    f,
                    "enterprises {verb} to the register ({}; above size, home region): {}",
                    self.enterprises_added.len(),
                    names.join(", ")
                )?;
                if more > 0 {
                    write!(f, " and {more} more")?;
                }
            }
        }
        writeln!(f)
    }
}

impl fmt::Display for ImportReport {
    /// The report in English ([`ImportReport::text`] says it in either language).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_in(f, Lang::En)
    }
}

/// Writes a checked import into the dataset at `dataset_path` (creating it when the plan
/// was made for a new dataset). Refuses, writing nothing, when the plan has errors, has
/// conflicts and `replace` is false, was cancelled, or the dataset changed since the plan.
pub fn commit(
    plan: &ImportPlan,
    dataset_path: &Path,
    replace: bool,
) -> Result<ImportReport, ImportError> {
    plan.check(replace)?;
    let progress = plan.parsed.progress.clone();
    let total = plan.parsed.figures.len()
        + plan.parsed.enterprises.len()
        + plan.parsed.requests.len()
        + plan.parsed.deals.len()
        + plan.parsed.projects.len()
        + plan.parsed.targets.len()
        + plan.parsed.returns.len();
    progress.begin(Stage::Writing, total.max(1) as u64);
    let mut report = plan.report(replace, false);
    report.dataset = dataset_path.to_path_buf();
    let written = match &plan.target {
        Target::New(meta) => {
            if dataset_path.exists() {
                return Err(ImportError::Stale(dataset_path.to_path_buf()));
            }
            let mut sources = 0;
            // The new file is private until renamed: its keys are checked once at the end
            // rather than on every row.
            let result = Dataset::create_with(dataset_path, meta, |ds| {
                sources = ds.fill_checking_keys_after(|ds| write_all(ds, plan, replace, None))?;
                Ok(())
            });
            match result {
                Ok(_) => sources,
                Err(_) if progress.is_cancelled() => return Err(ImportError::Cancelled),
                Err(e) => return Err(e.into()),
            }
        }
        Target::Existing {
            path,
            stamp: planned,
        } => {
            let same_file = |a: &Path, b: &Path| {
                a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
            };
            // A server's change count is compared under the import's lock instead, inside
            // its transaction (see `Writer::claim_for_import`).
            let on_server = crate::store::server::is_address(dataset_path);
            if !same_file(path, dataset_path) || !on_server && stamp(dataset_path) != *planned {
                return Err(ImportError::Stale(dataset_path.to_path_buf()));
            }
            let planned_changes = planned
                .filter(|_| on_server)
                .and_then(|(n, _)| i64::try_from(n).ok());
            let mut ds = Dataset::open(dataset_path)?;
            match write_all(&mut ds, plan, replace, planned_changes) {
                Ok(n) => n,
                Err(_) if progress.is_cancelled() => return Err(ImportError::Cancelled),
                Err(StoreError::Stale { path }) => return Err(ImportError::Stale(path)),
                Err(e) => return Err(e.into()),
            }
        }
    };
    report.sources = written;
    progress.begin(Stage::Done, 1);
    progress.set_done(1);
    Ok(report)
}

fn cancelled(path: &Path) -> StoreError {
    StoreError::Refused {
        path: path.to_path_buf(),
        zh: "导入已取消".into(),
        en: "import cancelled".into(),
    }
}

/// True when committing writes a record with this outcome.
fn writes(o: &Outcome, replace: bool) -> bool {
    match o {
        Outcome::Add => true,
        Outcome::Same => false,
        Outcome::Differs(_) => replace,
    }
}

/// Which of the parse's sources something written cites (only those are recorded).
pub(super) fn cited_sources(plan: &ImportPlan, replace: bool) -> Vec<bool> {
    let parsed = &plan.parsed;
    let mut cited = vec![false; parsed.sources.len()];
    let mut cite = |source: u32, o: &Outcome| {
        if writes(o, replace)
            && let Some(c) = cited.get_mut(source as usize)
        {
            *c = true;
        }
    };
    for (f, o) in parsed.figures.iter().zip(&plan.figure_outcomes) {
        cite(f.source, o);
    }
    for (r, p) in parsed.enterprises.iter().zip(&plan.enterprises) {
        cite(r.source, &p.outcome);
    }
    for (r, p) in parsed.requests.iter().zip(&plan.requests) {
        cite(r.source, &p.outcome);
    }
    for (r, p) in parsed.deals.iter().zip(&plan.deals) {
        cite(r.source, &p.outcome);
    }
    for (r, p) in parsed.projects.iter().zip(&plan.projects) {
        cite(r.source, &p.outcome);
    }
    for (r, p) in parsed.targets.iter().zip(&plan.targets) {
        cite(r.source, &p.outcome);
    }
    for (i, r) in parsed.returns.iter().enumerate() {
        if super::returns::plan::writes(&plan.returns, i, replace) {
            cite(r.source, &Outcome::Add);
        }
    }
    cited
}

/// The source recorded for a sheet: the file's name, the import date, not illustrative.
pub(super) fn recorded(draft: &SourceDraft) -> Source {
    Source {
        id: 0,
        title: draft.title.clone(),
        publisher: draft.publisher.clone(),
        published_on: String::new(),
        url: String::new(),
        note: draft.note.clone(),
        illustrative: false,
    }
}

/// The refusal for something the import names that the dataset's catalogue lacks.
fn unknown(path: &Path, (what_zh, what_en): (&str, &str)) -> StoreError {
    StoreError::Refused {
        path: path.to_path_buf(),
        zh: format!("数据集的目录中没有导入文件所写的{what_zh}"),
        en: format!("the dataset's catalogue has no {what_en} the import names"),
    }
}

/// Writes everything in one transaction; returns the number of sources recorded.
/// `planned_changes`: a server dataset's change count when the import was checked.
fn write_all(
    ds: &mut Dataset,
    plan: &ImportPlan,
    replace: bool,
    planned_changes: Option<i64>,
) -> crate::store::Result<usize> {
    let parsed = &plan.parsed;
    let progress = parsed.progress.clone();
    let cited = cited_sources(plan, replace);
    ds.write(|w| -> crate::store::Result<usize> {
        w.claim_for_import(planned_changes)?;
        let path = w.path().to_path_buf();
        let mut source_ids = vec![None; parsed.sources.len()];
        for (s, draft) in parsed.sources.iter().enumerate() {
            if !cited.get(s).copied().unwrap_or(false) {
                continue;
            }
            let id = w.add_source(&recorded(draft))?;
            source_ids[s] = Some(id);
        }
        write_figures(w, plan, replace, &source_ids)?;
        let mut done = parsed.figures.len() as u64;
        progress.set_done(done);
        write_register(w, plan, replace, &source_ids)?;
        super::returns::plan::write_returns(w, parsed, &plan.returns, replace, &source_ids)?;
        done += (parsed.enterprises.len()
            + parsed.requests.len()
            + parsed.deals.len()
            + parsed.projects.len()
            + parsed.targets.len()
            + parsed.returns.len()) as u64;
        progress.set_done(done);
        if progress.is_cancelled() {
            return Err(cancelled(&path));
        }
        Ok(cited.iter().filter(|&&c| c).count())
    })
}

/// A figure's key in the table's primary-key order (basis 'month' < 'ytd' as text), packed
/// into one integer: sequential B-tree inserts, and a million keys sort fast. None for ids
/// beyond the packing (never in practice).
fn packed(k: &ObservationKey) -> Option<u128> {
    let fits = |v: i64, bits: u32| (0..1i64 << bits).contains(&v);
    let year = u32::try_from(k.period.year()).ok()?;
    (fits(k.region_id, 32)
        && fits(k.indicator_id, 24)
        && fits(k.industry_id, 24)
        && fits(k.group_id, 24))
    .then(|| {
        (k.region_id as u128) << 96
            | (k.indicator_id as u128) << 72
            | (k.industry_id as u128) << 48
            | (k.group_id as u128) << 24
            | u128::from(k.basis == Basis::Ytd) << 23
            | u128::from(year) << 4
            | u128::from(k.period.month())
    })
}

/// Writes the figures to add or replace, in the table's key order, checking for a cancel
/// every [`CHECK_EVERY`] figures.
fn write_figures(
    w: &mut Writer<'_>,
    plan: &ImportPlan,
    replace: bool,
    source_ids: &[Option<i64>],
) -> crate::store::Result<()> {
    let parsed = &plan.parsed;
    let progress = &parsed.progress;
    let path = w.path().to_path_buf();
    let dataset_ids = DatasetIds::new(&parsed.catalogue, w.ids());
    let key_of = |f: &super::ParsedFigure| -> crate::store::Result<ObservationKey> {
        if f.region == UNRESOLVED {
            return Err(unknown(&path, ("地区", "region")));
        }
        dataset_ids.key(f).map_err(|what| unknown(&path, what))
    };
    let mut order: Vec<(u128, u32)> = Vec::with_capacity(parsed.figures.len());
    let mut unpackable = false;
    for (i, (f, o)) in parsed.figures.iter().zip(&plan.figure_outcomes).enumerate() {
        if !writes(o, replace) {
            continue;
        }
        let p = packed(&key_of(f)?);
        unpackable |= p.is_none();
        order.push((p.unwrap_or(0), i as u32));
    }
    if unpackable {
        // Insertion order is still correct.
        order.sort_by_key(|&(_, i)| i);
    } else if !order.is_sorted_by_key(|&(k, _)| k) {
        order.sort_unstable_by_key(|&(k, _)| k);
    }
    let mut fw = w.figures()?;
    for (n, chunk) in order.chunks(CHECK_EVERY).enumerate() {
        // New figures go in multi-row batches; replacements one by one (few).
        let mut rows = Vec::with_capacity(chunk.len());
        for &(_, i) in chunk {
            let f = &parsed.figures[i as usize];
            let key = key_of(f)?;
            let source = source_ids.get(f.source as usize).copied().flatten();
            if plan.figure_outcomes[i as usize] == Outcome::Add {
                rows.push((key, f.value, source));
            } else {
                fw.put(&key, f.value, source, true)
                    .map_err(sql_err(&path))?;
            }
        }
        fw.insert_new_many(rows).map_err(sql_err(&path))?;
        progress.set_done(((n + 1) * CHECK_EVERY).min(order.len()) as u64);
        if progress.is_cancelled() {
            return Err(cancelled(&path));
        }
    }
    Ok(())
}

/// Writes the register: enterprises first, so requests and deals can name them.
fn write_register(
    w: &mut Writer<'_>,
    plan: &ImportPlan,
    replace: bool,
    source_ids: &[Option<i64>],
) -> crate::store::Result<()> {
    let parsed = &plan.parsed;
    let path = w.path().to_path_buf();
    let source_of = |s: u32| source_ids.get(s as usize).copied().flatten();
    let mut enterprise_ids: Vec<Option<i64>> = vec![None; parsed.enterprises.len()];
    // New enterprises in one go (one COPY on a server), then the changed ones.
    let rows = || {
        parsed
            .enterprises
            .iter()
            .zip(&plan.enterprises)
            .zip(&plan.enterprise_values)
            .enumerate()
    };
    let added: Vec<(usize, (&crate::model::Enterprise, Option<i64>))> = rows()
        .filter(|(_, ((_, p), _))| matches!(p.outcome, Outcome::Add))
        .map(|(i, ((row, _), value))| (i, (value, source_of(row.source))))
        .collect();
    let batch: Vec<(&crate::model::Enterprise, Option<i64>)> =
        added.iter().map(|(_, b)| *b).collect();
    for ((i, _), id) in added.iter().zip(w.add_enterprises(&batch)?) {
        enterprise_ids[*i] = Some(id);
    }
    for (i, ((row, p), value)) in rows() {
        // As planned: fields the list does not give keep their stored values.
        let mut e = value.clone();
        let source = source_of(row.source);
        enterprise_ids[i] = match (p.outcome, p.existing) {
            (Outcome::Add, _) => enterprise_ids[i],
            (Outcome::Differs(_), Some(id)) if replace => {
                e.id = id;
                w.update_enterprise(&e, source)?;
                Some(id)
            }
            (_, existing) => existing,
        };
    }
    let owner_id = |owner: Option<Owner>| -> crate::store::Result<i64> {
        match owner {
            Some(Owner::Existing(id)) => Ok(id),
            Some(Owner::Imported(i)) => enterprise_ids
                .get(i)
                .copied()
                .flatten()
                .ok_or_else(|| unknown(&path, ("企业", "enterprise"))),
            None => Err(unknown(&path, ("企业", "enterprise"))),
        }
    };
    for ((row, p), rating) in parsed
        .requests
        .iter()
        .zip(&plan.requests)
        .zip(&plan.request_satisfaction)
    {
        if !writes(&p.outcome, replace) {
            continue;
        }
        let q = ServiceRequest {
            revision: 0,
            id: if matches!(p.outcome, Outcome::Differs(_)) {
                p.existing.unwrap_or(0)
            } else {
                0
            },
            enterprise_id: owner_id(p.owner)?,
            raised_on: row.raised_on,
            category: row.category.clone(),
            text: row.text.clone(),
            status: row.status,
            resolved_on: row.resolved_on,
            satisfaction: *rating,
        };
        w.save_request(&q, source_of(row.source))?;
    }
    for (row, p) in parsed.deals.iter().zip(&plan.deals) {
        if !writes(&p.outcome, replace) {
            continue;
        }
        let mut d = FinancingDeal {
            id: 0,
            enterprise_id: owner_id(p.owner)?,
            bank: row.bank.clone(),
            amount_10k_yuan: row.amount_10k_yuan,
            signed_on: row.signed_on,
            status: row.status.clone(),
        };
        match (p.outcome, p.existing) {
            (Outcome::Differs(_), Some(id)) => {
                d.id = id;
                w.update_deal(&d, source_of(row.source))?;
            }
            _ => {
                w.add_deal(&d, source_of(row.source))?;
            }
        }
    }
    super::projects::write_projects(w, parsed, &plan.projects, replace, &source_of, &owner_id)?;
    super::targets::write_targets(w, parsed, &plan.targets, replace, &source_of)
}
