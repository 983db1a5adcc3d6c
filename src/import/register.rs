//! The bureau's own lists: enterprises, service requests (诉求) and financing deals
//! (银企对接), recognised by their headers.
//!
//! A credit code must pass both GB 32100 checks; an Excel column of codes stored as
//! numbers has lost digits and says so. Industry and region names match through aliases;
//! without a region, the credit code's division code places the enterprise, else the
//! dataset's home region does. The same credit code twice in an
//! import is an error. Requests and deals name their enterprise by credit code or name (or
//! both, which must then be the same enterprise's); whether it exists is settled by the
//! plan, which also sees the dataset. A column an enterprise list lacks leaves the field
//! of an enterprise already in the dataset as it is ([`EnterpriseColumns`]).

use super::issue::{IssueKind, Said, credit_code_error};
use super::layout::Field;
use super::names::RegionName;
use super::parsed::{DealRow, EnterpriseColumns, EnterpriseRef, EnterpriseRow, RequestRow};
use super::parser::{Parser, Reported, Resolved, SheetCtx, number_of};
use super::processor::Processor;
use super::rows::format_number;
use super::rows::{Cell, OwnedRow, Row};
use super::values::{Unit, date_range, header_unit, parse_date, parse_flag};
use crate::model::credit_code;
use crate::model::enterprise::{Date, REQUEST_CATEGORIES, find_category};
use crate::model::{Enterprise, Lang, RequestStatus, Satisfaction};

pub(super) fn col(columns: &[(usize, Field)], f: Field) -> Option<usize> {
    columns.iter().find(|(_, g)| *g == f).map(|(c, _)| *c)
}

/// A flag cell: yes/no in any common spelling; an empty cell is 否 (lists mark only the
/// 是 rows). A flag column the list lacks is not read at all: see [`EnterpriseColumns`].
fn flag_of(cell: Cell<'_>) -> Option<bool> {
    match cell {
        Cell::Empty => Some(false),
        Cell::Bool(b) => Some(b),
        Cell::Number(1.0) => Some(true),
        Cell::Number(0.0) => Some(false),
        Cell::Text(t) => parse_flag(t),
        _ => None,
    }
}

/// A date cell: a workbook date, text in any common form, or 20230415, within
/// [`date_range`]; else the reason, `not_a_date` for text that is no date.
fn date_of(cell: Cell<'_>, not_a_date: Said) -> Result<Date, Said> {
    let date = match cell {
        Cell::Date(d) => Some(d),
        other => parse_date(&other.text()),
    };
    match (date, cell) {
        (Some(d), _) => date_range(d),
        // A number formatted as a date that no date is (0, negative, huge) reads as the
        // number it holds.
        (None, Cell::Number(n)) => Err(Said::new(
            format!(
                "不是日期：单元格中是数字{}（设为日期格式的0、负数或过大的数不是有效日期）；请填写如2023-04-15的日期",
                format_number(n)
            ),
            format!(
                "not a date: the cell holds the number {} (a 0, a negative or a huge number formatted as a date is no valid date); enter a date such as 2023-04-15",
                format_number(n)
            ),
        )),
        (None, _) => Err(not_a_date),
    }
}

/// A date column's cell as a date, or the located error recorded.
fn date_cell(
    p: &mut Parser,
    s: &SheetCtx,
    row: &dyn Row,
    col: usize,
    not_a_date: Said,
) -> Resolved<Date> {
    let cell = row.cell(col);
    date_of(cell, not_a_date).map_err(|reason| {
        p.error(
            s.at(row.number(), Some(col)),
            Some(cell.text().into_owned()).filter(|t| !t.is_empty()),
            IssueKind::BadDate,
            reason,
        );
        Reported
    })
}

/// Validates a credit-code cell.
fn credit_code_of(cell: Cell<'_>) -> Result<String, Said> {
    if let Cell::Number(_) = cell {
        return Err(Said::new(
            "代码被存成了数字，Excel已丢掉其末几位：请把该列设为文本格式，再重新输入代码",
            "the code is stored as a number, so Excel has dropped its last digits: format the column as text and type the codes again",
        ));
    }
    credit_code::validate(&cell.text()).map_err(|e| credit_code_error(&e))
}

/// The enterprise a request or deal names.
pub(super) fn enterprise_ref(
    p: &mut Parser,
    s: &SheetCtx,
    row: &dyn Row,
    code: Option<usize>,
    name: Option<usize>,
) -> Option<EnterpriseRef> {
    let n = row.number();
    let name_given = name
        .map(|c| (c, row.cell(c).text().trim().to_string()))
        .filter(|(_, t)| !t.is_empty());
    if let Some(c) = code {
        let cell = row.cell(c);
        if !cell.is_empty() {
            return match credit_code_of(cell) {
                Ok(code) => Some(match name_given {
                    // Both: the plan checks that they are the same enterprise's.
                    Some((nc, name)) => EnterpriseRef::Both {
                        code,
                        name,
                        name_at: s.at(n, Some(nc)),
                    },
                    None => EnterpriseRef::Code(code),
                }),
                Err(reason) => {
                    p.error(
                        s.at(n, Some(c)),
                        Some(cell.text().into_owned()),
                        IssueKind::BadCreditCode,
                        reason,
                    );
                    None
                }
            };
        }
    }
    if let Some((_, text)) = name_given {
        return Some(EnterpriseRef::Name(text));
    }
    p.error(
        s.at(n, code.or(name)),
        None,
        IssueKind::MissingValue,
        Said::new(
            "缺少企业：请填写其统一社会信用代码或企业名称",
            "no enterprise: give its 统一社会信用代码 (credit code) or 企业名称 (name)",
        ),
    );
    None
}

/// The catalogue region of a credit code's division code (positions 3–8), trying the
/// county, its city and its province.
fn division_region(p: &Parser, code: &str) -> Option<String> {
    let division = code.get(2..8)?;
    [
        division.to_string(),
        format!("{}00", &division[..4]),
        format!("{}0000", &division[..2]),
    ]
    .into_iter()
    .find(|c| p.names.region_index(c).is_some())
}

/// Enterprise rows.
pub struct EnterpriseProc {
    name: usize,
    code: usize,
    industry: Option<usize>,
    region: Option<usize>,
    flags: [Option<usize>; 5],
    official: Option<usize>,
    records: u64,
}

impl EnterpriseProc {
    /// Sets up from the header.
    pub fn new(
        _p: &mut Parser,
        _s: &SheetCtx,
        _header: &OwnedRow,
        columns: &[(usize, Field)],
    ) -> EnterpriseProc {
        EnterpriseProc {
            name: col(columns, Field::Name).unwrap_or(0),
            code: col(columns, Field::CreditCode).unwrap_or(0),
            industry: col(columns, Field::Industry),
            region: col(columns, Field::Region),
            flags: [
                col(columns, Field::AboveSize),
                col(columns, Field::Emerging),
                col(columns, Field::Srdi),
                col(columns, Field::KeySupport),
                col(columns, Field::Private),
            ],
            official: col(columns, Field::Official),
            records: 0,
        }
    }
}

impl EnterpriseProc {
    /// The enterprise's name (required).
    fn name(&self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Resolved<String> {
        let name = row.cell(self.name).text().into_owned();
        if name.is_empty() {
            p.error(
                s.at(row.number(), Some(self.name)),
                None,
                IssueKind::MissingValue,
                Said::new("缺少企业名称", "no enterprise name"),
            );
            return Err(Reported);
        }
        Ok(name)
    }

    /// The credit code (required, valid).
    fn code(&self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Resolved<String> {
        let at = s.at(row.number(), Some(self.code));
        let cell = row.cell(self.code);
        if cell.is_empty() {
            p.error(
                at,
                None,
                IssueKind::MissingValue,
                Said::new("缺少统一社会信用代码", "no 统一社会信用代码 (credit code)"),
            );
            return Err(Reported);
        }
        credit_code_of(cell).map_err(|reason| {
            let text = cell.text().into_owned();
            p.error(at, Some(text), IssueKind::BadCreditCode, reason);
            Reported
        })
    }

    /// The industry's code, when the row names one.
    fn industry(&self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Resolved<Option<String>> {
        let Some((c, text)) = self.industry.map(|c| (c, row.cell(c).text())) else {
            return Ok(None);
        };
        if text.is_empty() {
            return Ok(None);
        }
        match p.names.industry(&text) {
            Ok(i) => Ok(p
                .names
                .cat
                .industries
                .get(i as usize)
                .map(|x| x.code.clone())),
            Err(reason) => {
                p.error(
                    s.at(row.number(), Some(c)),
                    Some(text.into_owned()),
                    IssueKind::UnknownIndustry,
                    reason,
                );
                Err(Reported)
            }
        }
    }

    /// The region's code: its column, else the credit code's division code (county, else
    /// city, else province); empty when neither says, for the plan to use the home region.
    fn region(
        &self,
        p: &mut Parser,
        s: &SheetCtx,
        row: &dyn Row,
        code: Option<&str>,
    ) -> Resolved<String> {
        let given = self.region.map(|c| (c, row.cell(c).text()));
        let Some((c, text)) = given.filter(|(_, t)| !t.is_empty()) else {
            return Ok(code.and_then(|c| division_region(p, c)).unwrap_or_default());
        };
        let reason = match p.names.region(&text) {
            RegionName::One(i) => {
                return Ok(p
                    .names
                    .cat
                    .regions
                    .get(i as usize)
                    .map(|r| r.code.clone())
                    .unwrap_or_default());
            }
            RegionName::Whole(_) => Said::new(
                "企业只属于一个市或县：请写明所在市县的名称",
                "an enterprise is in one city or county: write its name",
            ),
            RegionName::Unknown(reason) => reason,
        };
        p.error(
            s.at(row.number(), Some(c)),
            Some(text.into_owned()),
            IssueKind::UnknownRegion,
            reason,
        );
        Err(Reported)
    }

    /// The five flags (规上, 新兴, 专精特新, 重点帮扶, 民营); every bad one is reported.
    fn flags(&self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) -> Resolved<[bool; 5]> {
        let mut flags = [false; 5];
        let mut ok = true;
        for (slot, c) in flags.iter_mut().zip(self.flags) {
            let Some(c) = c else { continue };
            let cell = row.cell(c);
            match flag_of(cell) {
                Some(b) => *slot = b,
                None => {
                    p.error(
                        s.at(row.number(), Some(c)),
                        Some(cell.text().into_owned()),
                        IssueKind::BadFlag,
                        Said::new(
                            "不是“是/否”（应为是/否、Y/N、1/0、√或留空）",
                            "not a yes/no flag (是/否, Y/N, 1/0, √ or empty)",
                        ),
                    );
                    ok = false;
                }
            }
        }
        if ok { Ok(flags) } else { Err(Reported) }
    }

    /// Which fields the list gives (the others keep a stored enterprise's values).
    fn columns(&self, region_given: bool) -> EnterpriseColumns {
        EnterpriseColumns {
            industry: self.industry.is_some(),
            region: region_given,
            above_size: self.flags[0].is_some(),
            emerging: self.flags[1].is_some(),
            srdi: self.flags[2].is_some(),
            key_support: self.flags[3].is_some(),
            private: self.flags[4].is_some(),
            official: self.official.is_some(),
        }
    }
}

impl Processor for EnterpriseProc {
    fn row(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) {
        let n = row.number();
        let name = self.name(p, s, row);
        let code = self.code(p, s, row);
        let industry = self.industry(p, s, row);
        let region_given = self.region.is_some_and(|c| !row.cell(c).text().is_empty());
        let region = self.region(p, s, row, code.as_deref().ok());
        let flags = self.flags(p, s, row);
        let official = self
            .official
            .map(|c| row.cell(c).text().into_owned())
            .unwrap_or_default();
        let Ok(code) = code else { return };
        if let Some(first) = p.enterprise_codes.get(&code) {
            let reason = Said::new(
                format!(
                    "企业重复：同一统一社会信用代码已出现在{}",
                    first.text(Lang::Zh)
                ),
                format!("duplicate enterprise: the same credit code is already at {first}"),
            );
            p.error(
                s.at(n, Some(self.code)),
                Some(code.clone()),
                IssueKind::DuplicateEnterprise,
                reason,
            );
            return;
        }
        p.enterprise_codes
            .insert(code.clone(), s.at(n, Some(self.code)));
        let (Ok(name), Ok(industry), Ok(region), Ok(flags)) = (name, industry, region, flags)
        else {
            return;
        };
        let source = p.source_for(s, "");
        p.out.enterprises.push(EnterpriseRow {
            enterprise: Enterprise {
                id: 0,
                name,
                credit_code: code,
                industry,
                region,
                above_size: flags[0],
                emerging: flags[1],
                srdi: flags[2],
                key_support: flags[3],
                private: flags[4],
                official,
            },
            columns: self.columns(region_given),
            at: s.at(n, None),
            source,
        });
        self.records += 1;
    }

    fn finish(&mut self, _p: &mut Parser, _s: &SheetCtx) {}

    fn records(&self) -> u64 {
        self.records
    }
}

/// Service-request rows (with an optional 满意度 column).
pub struct RequestProc {
    name: Option<usize>,
    code: Option<usize>,
    raised: Option<usize>,
    category: Option<usize>,
    text: Option<usize>,
    status: Option<usize>,
    resolved: Option<usize>,
    satisfaction: Option<usize>,
    records: u64,
}

impl RequestProc {
    /// Sets up from the header.
    pub fn new(
        p: &mut Parser,
        s: &SheetCtx,
        header: &OwnedRow,
        columns: &[(usize, Field)],
    ) -> RequestProc {
        let proc = RequestProc {
            name: col(columns, Field::Name),
            code: col(columns, Field::CreditCode),
            raised: col(columns, Field::RaisedOn).or_else(|| col(columns, Field::Date)),
            category: col(columns, Field::Category),
            text: col(columns, Field::Text),
            status: col(columns, Field::Status),
            resolved: col(columns, Field::ResolvedOn),
            satisfaction: col(columns, Field::Satisfaction),
            records: 0,
        };
        if proc.raised.is_none() {
            p.error(
                s.at(header.number, None),
                None,
                IssueKind::Layout,
                Said::new(
                    "企业诉求表须有“提出日期”列",
                    "a service-request list needs a 提出日期 (date raised) column",
                ),
            );
        }
        if proc.category.is_none() {
            p.error(
                s.at(header.number, None),
                None,
                IssueKind::Layout,
                Said::new(
                    "企业诉求表须有“诉求类别”列：融资、用地、用电用能、用工、政策……",
                    "a service-request list needs a 诉求类别 (category) column: 融资、用地、用电用能、用工、政策 …",
                ),
            );
        }
        proc
    }
}

impl RequestProc {
    /// The date the request was raised (required).
    fn raised(&self, p: &mut Parser, s: &SheetCtx, row: &dyn Row, col: usize) -> Resolved<Date> {
        if row.cell(col).is_empty() {
            p.error(
                s.at(row.number(), Some(col)),
                None,
                IssueKind::BadDate,
                Said::new("缺少提出日期", "no date raised"),
            );
            return Err(Reported);
        }
        let not_a_date = Said::new(
            "不是日期（应为如2023-04-15或2023年4月15日）",
            "not a date (expected e.g. 2023-04-15 or 2023年4月15日)",
        );
        date_cell(p, s, row, col, not_a_date)
    }

    /// The category's code (one of [`REQUEST_CATEGORIES`]).
    fn category(
        &self,
        p: &mut Parser,
        s: &SheetCtx,
        row: &dyn Row,
        col: usize,
    ) -> Resolved<String> {
        let text = row.cell(col).text();
        if let Some(code) = find_category(&text) {
            return Ok(code.to_string());
        }
        let known: Vec<&str> = REQUEST_CATEGORIES.iter().map(|(_, zh, _)| *zh).collect();
        p.error(
            s.at(row.number(), Some(col)),
            Some(text.into_owned()).filter(|t| !t.is_empty()),
            IssueKind::BadCode,
            Said::new(
                format!("未知诉求类别（应为{}之一）", known.join("、")),
                format!("unknown category (use one of {})", known.join("、")),
            ),
        );
        Err(Reported)
    }

    /// The date resolved, when given: a date, not before the date raised.
    fn resolved(
        &self,
        p: &mut Parser,
        s: &SheetCtx,
        row: &dyn Row,
        raised_on: Option<Date>,
    ) -> Resolved<Option<Date>> {
        let Some(c) = self.resolved.filter(|&c| !row.cell(c).is_empty()) else {
            return Ok(None);
        };
        let not_a_date = Said::new(
            "不是日期（应为如2023-04-15）",
            "not a date (expected e.g. 2023-04-15)",
        );
        let d = date_cell(p, s, row, c, not_a_date)?;
        if raised_on.is_some_and(|r| d < r) {
            p.error(
                s.at(row.number(), Some(c)),
                Some(d.to_string()),
                IssueKind::BadDate,
                Said::new("办结日期早于提出日期", "resolved before it was raised"),
            );
            return Err(Reported);
        }
        Ok(Some(d))
    }

    /// The status: its column, else resolved when there is a date resolved, else open.
    fn status(
        &self,
        p: &mut Parser,
        s: &SheetCtx,
        row: &dyn Row,
        resolved: bool,
    ) -> Resolved<RequestStatus> {
        let given = self.status.map(|c| (c, row.cell(c).text()));
        let Some((c, text)) = given.filter(|(_, t)| !t.is_empty()) else {
            return Ok(if resolved {
                RequestStatus::Resolved
            } else {
                RequestStatus::Open
            });
        };
        text.parse::<RequestStatus>().map_err(|reason| {
            let zh = format!(
                "未知状态“{}”（应为待办/open、办理中/in progress或已解决/resolved）",
                text.trim()
            );
            p.error(
                s.at(row.number(), Some(c)),
                Some(text.to_string()),
                IssueKind::BadCode,
                Said::new(zh, reason),
            );
            Reported
        })
    }
}

impl RequestProc {
    /// The 满意度, when the cell holds one: an empty cell is not rated, an unknown word is
    /// an error listing the accepted ones.
    fn satisfaction(
        &self,
        p: &mut Parser,
        s: &SheetCtx,
        row: &dyn Row,
    ) -> Resolved<Option<Satisfaction>> {
        let Some(c) = self.satisfaction else {
            return Ok(None);
        };
        let text = row.cell(c).text();
        if text.trim().is_empty() {
            return Ok(None);
        }
        text.parse::<Satisfaction>().map(Some).map_err(|e| {
            p.error(
                s.at(row.number(), Some(c)),
                Some(text.into_owned()),
                IssueKind::BadCode,
                e.said(),
            );
            Reported
        })
    }
}

impl Processor for RequestProc {
    fn row(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) {
        // Without these columns the header was reported once; nothing is guessed.
        let (Some(raised_col), Some(category_col)) = (self.raised, self.category) else {
            return;
        };
        let enterprise = enterprise_ref(p, s, row, self.code, self.name);
        let raised_on = self.raised(p, s, row, raised_col);
        let category = self.category(p, s, row, category_col);
        let text = self
            .text
            .map(|c| row.cell(c).text().into_owned())
            .unwrap_or_default();
        let resolved_on = self.resolved(p, s, row, raised_on.as_ref().ok().copied());
        let status = self.status(p, s, row, matches!(resolved_on, Ok(Some(_))));
        let satisfaction = self.satisfaction(p, s, row);
        let (
            Some(enterprise),
            Ok(raised_on),
            Ok(category),
            Ok(resolved_on),
            Ok(status),
            Ok(satisfaction),
        ) = (
            enterprise,
            raised_on,
            category,
            resolved_on,
            status,
            satisfaction,
        )
        else {
            return;
        };
        let source = p.source_for(s, "");
        p.out.requests.push(RequestRow {
            enterprise,
            raised_on,
            category,
            text,
            status,
            resolved_on,
            satisfaction,
            satisfaction_given: self.satisfaction.is_some(),
            at: s.at(row.number(), None),
            source,
        });
        self.records += 1;
    }

    fn finish(&mut self, _p: &mut Parser, _s: &SheetCtx) {}

    fn records(&self) -> u64 {
        self.records
    }
}

/// Financing-deal rows.
pub struct DealProc {
    name: Option<usize>,
    code: Option<usize>,
    bank: usize,
    amount: usize,
    factor: f64,
    signed: Option<usize>,
    status: Option<usize>,
    records: u64,
}

impl DealProc {
    /// Sets up from the header.
    pub fn new(
        p: &mut Parser,
        s: &SheetCtx,
        header: &OwnedRow,
        columns: &[(usize, Field)],
    ) -> DealProc {
        let amount = col(columns, Field::Amount).unwrap_or(0);
        let unit = header_unit(&header.cell(amount).text());
        let factor = match unit {
            None => 1.0,
            Some(u) => match u.factor_to(Unit::TenThousandYuan) {
                Some(f) => f,
                None => {
                    p.error(
                        s.at(header.number, Some(amount)),
                        Some(header.cell(amount).text().into_owned()),
                        IssueKind::BadUnit,
                        Said::new(
                            "金额单位应为万元、亿元或元",
                            "an amount is in 万元, 亿元 or 元",
                        ),
                    );
                    1.0
                }
            },
        };
        let proc = DealProc {
            name: col(columns, Field::Name),
            code: col(columns, Field::CreditCode),
            bank: col(columns, Field::Bank).unwrap_or(0),
            amount,
            factor,
            signed: col(columns, Field::SignedOn).or_else(|| col(columns, Field::Date)),
            status: col(columns, Field::Status),
            records: 0,
        };
        if proc.signed.is_none() {
            p.error(
                s.at(header.number, None),
                None,
                IssueKind::Layout,
                Said::new(
                    "银企对接表须有“签约日期”列",
                    "a financing list needs a 签约日期 (date signed) column",
                ),
            );
        }
        proc
    }
}

fn deal_status(text: &str) -> Option<&'static str> {
    match text.trim().to_lowercase().as_str() {
        "" | "signed" | "已签约" | "签约" | "已签" => Some("signed"),
        "disbursed" | "已放款" | "放款" | "已到位" | "资金到位" | "已投放" => {
            Some("disbursed")
        }
        "cancelled" | "canceled" | "已取消" | "取消" | "终止" | "已终止" => {
            Some("cancelled")
        }
        _ => None,
    }
}

impl Processor for DealProc {
    fn row(&mut self, p: &mut Parser, s: &SheetCtx, row: &dyn Row) {
        let n = row.number();
        let Some(signed_col) = self.signed else {
            return;
        };
        let mut ok = true;
        let enterprise = enterprise_ref(p, s, row, self.code, self.name);
        ok &= enterprise.is_some();
        let bank = row.cell(self.bank).text().into_owned();
        if bank.is_empty() {
            p.error(
                s.at(n, Some(self.bank)),
                None,
                IssueKind::MissingValue,
                Said::new("缺少银行", "no bank"),
            );
            ok = false;
        }
        let amount_cell = row.cell(self.amount);
        let amount = match number_of(amount_cell) {
            Ok(Some(v)) if v >= 0.0 => Some(v * self.factor),
            Ok(Some(_)) => {
                p.error(
                    s.at(n, Some(self.amount)),
                    Some(amount_cell.text().into_owned()),
                    IssueKind::BadNumber,
                    Said::new("金额不能为负数", "an amount cannot be negative"),
                );
                None
            }
            Ok(None) => {
                p.error(
                    s.at(n, Some(self.amount)),
                    None,
                    IssueKind::MissingValue,
                    Said::new("缺少金额", "no amount"),
                );
                None
            }
            Err(e) => {
                p.error(
                    s.at(n, Some(self.amount)),
                    Some(amount_cell.text().into_owned()),
                    IssueKind::BadNumber,
                    e.said(),
                );
                None
            }
        };
        ok &= amount.is_some();
        let not_a_date = Said::new(
            "不是签约日期（应为如2023-04-15）",
            "not a date signed (expected e.g. 2023-04-15)",
        );
        let signed_on = date_cell(p, s, row, signed_col, not_a_date).ok();
        ok &= signed_on.is_some();
        let status = match self.status.map(|c| (c, row.cell(c).text())) {
            Some((c, text)) => match deal_status(&text) {
                Some(st) => st,
                None => {
                    p.error(
                            s.at(n, Some(c)),
                            Some(text.into_owned()),
                            IssueKind::BadCode,
                            Said::new(
                                "未知状态（应为已签约/signed、已放款/disbursed或已取消/cancelled）",
                                "unknown status (use 已签约/signed, 已放款/disbursed or 已取消/cancelled)",
                            ),
                        );
                    ok = false;
                    "signed"
                }
            },
            None => "signed",
        };
        let (true, Some(enterprise), Some(amount), Some(signed_on)) =
            (ok, enterprise, amount, signed_on)
        else {
            return;
        };
        let source = p.source_for(s, "");
        p.out.deals.push(DealRow {
            enterprise,
            bank,
            amount_10k_yuan: amount,
            signed_on,
            status: status.to_string(),
            at: s.at(n, None),
            source,
        });
        self.records += 1;
    }

    fn finish(&mut self, _p: &mut Parser, _s: &SheetCtx) {}

    fn records(&self) -> u64 {
        self.records
    }
}
