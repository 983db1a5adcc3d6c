//! Which enterprise a request or deal belongs to: by credit code (this import's enterprise
//! list first, then the dataset's register) or by name, a name given with a code having to
//! be the same enterprise's.

use std::collections::HashMap;

use super::issue::{Capped, Issue, IssueKind, Location, Said};
use super::names::did_you_mean;
use super::parsed::{EnterpriseRef, ParsedImport};
use super::plan::{Owner, RowPlan};
use crate::model::{Enterprise, Register, suggest};

/// The enterprises of an import and of its dataset, by credit code and by name.
pub(crate) struct OwnerIndex<'a> {
    parsed: &'a ParsedImport,
    stored_by_code: HashMap<&'a str, &'a Enterprise>,
    stored_by_name: HashMap<&'a str, Vec<&'a Enterprise>>,
    imported_by_code: HashMap<&'a str, usize>,
    imported_by_name: HashMap<&'a str, Vec<usize>>,
    /// Every enterprise name, for "did you mean".
    all_names: Vec<&'a str>,
    /// The stored id of each imported enterprise the dataset already has.
    existing_ids: Vec<Option<i64>>,
}

impl<'a> OwnerIndex<'a> {
    /// Indexes the parse's enterprise rows (with their plans) and the dataset's register.
    pub(crate) fn new(
        parsed: &'a ParsedImport,
        register: &'a Register,
        enterprise_plans: &[RowPlan],
    ) -> OwnerIndex<'a> {
        let stored_by_code = register
            .enterprises
            .iter()
            .map(|e| (e.credit_code.as_str(), e))
            .collect();
        let mut stored_by_name: HashMap<&str, Vec<&Enterprise>> = HashMap::new();
        for e in &register.enterprises {
            stored_by_name.entry(e.name.trim()).or_default().push(e);
        }
        let mut imported_by_code = HashMap::new();
        let mut imported_by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, row) in parsed.enterprises.iter().enumerate() {
            imported_by_code.insert(row.enterprise.credit_code.as_str(), i);
            imported_by_name
                .entry(row.enterprise.name.trim())
                .or_default()
                .push(i);
        }
        let all_names = register
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
        OwnerIndex {
            parsed,
            stored_by_code,
            stored_by_name,
            imported_by_code,
            imported_by_name,
            all_names,
            existing_ids: enterprise_plans.iter().map(|p| p.existing).collect(),
        }
    }

    /// The enterprise with a credit code (this import's row, else the dataset's) and the
    /// names it goes by (the row's, and the stored one that the row may be renaming).
    fn by_code(&self, code: &str) -> Option<(Owner, Vec<String>)> {
        let stored = self.stored_by_code.get(code);
        match self.imported_by_code.get(code) {
            Some(&i) => {
                let mut names = vec![
                    self.parsed.enterprises[i]
                        .enterprise
                        .name
                        .trim()
                        .to_string(),
                ];
                names.extend(stored.map(|e| e.name.trim().to_string()));
                Some((Owner::Imported(i), names))
            }
            None => stored.map(|e| (Owner::Existing(e.id), vec![e.name.trim().to_string()])),
        }
    }

    /// The enterprises with a name (this import's, else the dataset's) and their codes.
    fn by_name(&self, name: &str) -> Vec<(Owner, String)> {
        let name = name.trim();
        match self.imported_by_name.get(name) {
            Some(rows) if !rows.is_empty() => rows
                .iter()
                .map(|&i| {
                    let code = self.parsed.enterprises[i].enterprise.credit_code.clone();
                    (Owner::Imported(i), code)
                })
                .collect(),
            _ => self
                .stored_by_name
                .get(name)
                .map(|v| {
                    v.iter()
                        .map(|e| (Owner::Existing(e.id), e.credit_code.clone()))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The owner of a request or deal, an imported enterprise that the dataset already has
    /// being that stored enterprise; None (with an error pushed) when there is none.
    pub(crate) fn settled(
        &self,
        who: &EnterpriseRef,
        at: &Location,
        errors: &mut Capped<Issue>,
    ) -> Option<Owner> {
        match self.owner_of(who, at, errors) {
            Some(Owner::Imported(i)) => match self.existing_ids.get(i).copied().flatten() {
                Some(id) => Some(Owner::Existing(id)),
                None => Some(Owner::Imported(i)),
            },
            other => other,
        }
    }

    /// The one enterprise `who` names, or an error: unknown, several with the name, or a
    /// name and a code of two enterprises.
    fn owner_of(
        &self,
        who: &EnterpriseRef,
        at: &Location,
        errors: &mut Capped<Issue>,
    ) -> Option<Owner> {
        let (found, what): (Vec<Owner>, _) = match who {
            EnterpriseRef::Code(code) | EnterpriseRef::Both { code, .. } => (
                self.by_code(code).map(|(o, _)| o).into_iter().collect(),
                ("统一社会信用代码", "credit code"),
            ),
            EnterpriseRef::Name(name) => (
                self.by_name(name).into_iter().map(|(o, _)| o).collect(),
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
            && let Some(issue) = self.mismatch(code, name, name_at)
        {
            errors.push(issue);
            return None;
        }
        match found.as_slice() {
            [one] => Some(*one),
            [] => {
                errors.push(self.unknown(who, at, what));
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
    }

    /// The error when a name given with a credit code is not that enterprise's.
    fn mismatch(&self, code: &str, name: &str, name_at: &Location) -> Option<Issue> {
        let names = self.by_code(code).map(|(_, n)| n).unwrap_or_default();
        // Lists often give a short or annotated name (海川石墨烯, …有限公司(密山)): one
        // that contains the code's enterprise's name or is contained in it is the same
        // enterprise, unless it is exactly another enterprise's name.
        let given = name_key(name);
        let same = names.iter().any(|n| {
            let stored = name_key(n);
            stored == given || stored.contains(&given) || given.contains(&stored)
        });
        let by_name = self.by_name(name);
        let another = matches!(by_name.as_slice(), [(_, other)] if other != code);
        if same && !another {
            return None;
        }
        let owner = names.first().cloned().unwrap_or_default();
        let other = match by_name.as_slice() {
            [(_, other)] if other != code => Said::new(
                format!("，而“{name}”的统一社会信用代码为{other}"),
                format!(", and “{name}” has the credit code {other}"),
            ),
            _ => Said::default(),
        };
        Some(Issue {
            at: name_at.clone(),
            cell: Some(name.to_string()),
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
        })
    }

    /// The error for a reference to an enterprise that exists nowhere, with a hint.
    fn unknown(&self, who: &EnterpriseRef, at: &Location, what: (&str, &str)) -> Issue {
        let hint = match who {
            EnterpriseRef::Name(n) => {
                did_you_mean(&suggest::closest(n, self.all_names.iter().copied(), 3))
            }
            EnterpriseRef::Code(_) => Said::default(),
            // The name may say which code was meant.
            EnterpriseRef::Both { name, .. } => match self.by_name(name).as_slice() {
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
        Issue {
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
        }
    }
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
