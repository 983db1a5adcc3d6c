//! Recognising a sheet by its headers.
//!
//! The first rows (titles skipped) are matched against the vocabularies below, Chinese and
//! English: a financing list has a bank and an amount; a request list has request text or a
//! category and a date or status; an enterprise list has a name and a credit code; a long
//! table has a region and a value (and a period or a year, unless the title gives it). Otherwise a
//! sheet whose header row (or one of the two below it) has period headers — "1-2月",
//! "1—3月", "1-4月累计", "2023年1-4月", "4月", "2023-04", "Jan-Apr" — is a bulletin; so
//! is one whose title names a period and whose header has a value column ("增速").
//! Anything else has no figures and is skipped with a notice.

use super::names::Names;
use super::rows::{Cell, OwnedRow, Row};
use super::values::{header_key, parse_number};
use crate::model::{Basis, Period, PeriodError};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// 地区.
    Region,
    /// 指标.
    Indicator,
    /// 行业.
    Industry,
    /// 时期.
    Period,
    /// 口径.
    Basis,
    /// 数值.
    Value,
    /// 单位.
    Unit,
    /// 来源.
    Source,
    /// 年份.
    Year,
    /// 企业名称.
    Name,
    /// 统一社会信用代码.
    CreditCode,
    /// 规上.
    AboveSize,
    /// 新兴.
    Emerging,
    /// 专精特新.
    Srdi,
    /// 重点帮扶.
    KeySupport,
    /// 民营.
    Private,
    /// 包联领导.
    Official,
    /// 提出日期.
    RaisedOn,
    /// 类别.
    Category,
    /// 诉求内容.
    Text,
    /// 状态.
    Status,
    /// 办结日期.
    ResolvedOn,
    /// 银行.
    Bank,
    /// 金额.
    Amount,
    /// 签约日期.
    SignedOn,
    /// 日期 (raised or signed, by the list).
    Date,
    /// 满意度 (a request's rating).
    Satisfaction,
    /// 项目名称 (an investment project).
    Project,
    /// 计划总投资.
    PlannedTotal,
    /// 年度计划投资.
    PlannedYear,
    /// 本年累计完成投资 (also 本年完成投资, 1-N月完成投资).
    DoneYtd,
    /// 上年同期完成投资.
    DoneLast,
    /// 位次 (bulletin ranks: computed, never imported).
    Rank,
    /// 目标 (an annual target: 增长8%, 1200亿元).
    Target,
}

/// The field a header names, if any.
pub fn field_of(header: &str) -> Option<Field> {
    use Field::*;
    let key = header_key(header);
    Some(match key.as_str() {
        "地区" | "地区名称" | "区域" | "地市" | "城市" | "市" | "市地" | "市州" | "县区"
        | "区县" | "县市区" | "县市" | "各市" | "所在地区" | "所属地区" | "所属区县" | "所在地"
        | "行政区划" | "region" | "area" | "city" | "county" => Region,
        "指标" | "指标名称" | "统计指标" | "indicator" | "indicatorname" => Indicator,
        "行业" | "行业名称" | "产业" | "所属行业" | "行业类别" | "所属产业" | "industry"
        | "sector" => Industry,
        "时期" | "期间" | "月份" | "时间" | "报告期" | "统计期" | "期别" | "统计时期"
        | "period" | "month" | "time" => Period,
        "口径" | "统计口径" | "累计当月" | "basis" => Basis,
        "数值" | "值" | "数据" | "本期" | "本期值" | "本期数" | "value" => Value,
        "单位" | "计量单位" | "unit" => Unit,
        "来源" | "数据来源" | "资料来源" | "source" => Source,
        "年份" | "年度" | "年" | "year" => Year,
        "企业名称" | "企业" | "名称" | "单位名称" | "公司名称" | "企业全称" | "enterprise"
        | "enterprisename" | "company" | "name" => Name,
        "统一社会信用代码"
        | "社会信用代码"
        | "信用代码"
        | "统一代码"
        | "creditcode"
        | "unifiedsocialcreditcode"
        | "uscc" => CreditCode,
        "规上"
        | "规上企业"
        | "规模以上"
        | "是否规上"
        | "规模以上企业"
        | "是否规模以上"
        | "abovesize"
        | "abovedesignatedsize" => AboveSize,
        "新兴" | "新兴产业" | "是否新兴" | "新兴产业企业" | "是否新兴产业" | "emerging" => {
            Emerging
        }
        "专精特新" | "是否专精特新" | "专精特新企业" | "srdi" | "specialised" | "specialized" => {
            Srdi
        }
        "重点帮扶" | "重点帮扶企业" | "是否重点帮扶" | "keysupport" => KeySupport,
        "民营" | "民营企业" | "是否民营" | "private" | "privatelyowned" => Private,
        "包联领导" | "包联" | "包联干部" | "包联人" | "包联责任人" | "official"
        | "pairedofficial" => Official,
        "提出日期" | "诉求日期" | "提出时间" | "反映时间" | "受理日期" | "反映日期"
        | "dateraised" | "raisedon" | "raised" => RaisedOn,
        "类别" | "诉求类别" | "诉求类型" | "问题类别" | "类型" | "问题类型" | "category" => {
            Category
        }
        "诉求内容" | "内容" | "诉求" | "问题" | "具体诉求" | "问题描述" | "text" | "request"
        | "description" => Text,
        "状态" | "办理状态" | "进展" | "办理情况" | "status" => Status,
        "办结日期" | "解决日期" | "办结时间" | "解决时间" | "dateresolved" | "resolvedon"
        | "resolved" => ResolvedOn,
        "银行" | "金融机构" | "合作银行" | "贷款银行" | "bank" | "lender" => Bank,
        "金额" | "融资金额" | "签约金额" | "贷款金额" | "授信金额" | "amount" | "amount10kyuan" => {
            Amount
        }
        "签约日期" | "签约时间" | "datesigned" | "signedon" | "signed" => SignedOn,
        "日期" | "date" => Date,
        "满意度" | "满意度评价" | "企业满意度" | "满意情况" | "satisfaction"
        | "satisfactionrating" => Satisfaction,
        "项目名称" | "项目" | "投资项目" | "建设项目" | "project" | "projectname" => {
            Project
        }
        "计划总投资"
        | "总投资"
        | "项目总投资"
        | "plannedtotal"
        | "plannedtotalinvestment"
        | "totalinvestment" => PlannedTotal,
        "年度计划投资" | "本年计划投资" | "年度计划" | "年计划投资" | "plannedthisyear"
        | "plannedyear" | "annualplan" => PlannedYear,
        "本年累计完成投资"
        | "本年完成投资"
        | "累计完成投资"
        | "本年累计完成"
        | "本年完成"
        | "completedytd"
        | "doneytd"
        | "completedthisyear" => DoneYtd,
        "上年同期完成投资"
        | "去年同期完成投资"
        | "上年同期完成"
        | "去年同期完成"
        | "上年同期"
        | "去年同期"
        | "completedsameperiodlastyear"
        | "completedlastyear"
        | "donelast" => DoneLast,
        "目标" | "年度目标" | "全年目标" | "目标值" | "预期目标" | "奋斗目标" | "target"
        | "annualtarget" | "targetvalue" => Target,
        _ if is_rank(&key) => Rank,
        _ if done_months(header).is_some() => DoneYtd,
        _ => return None,
    })
}

/// The month a "1-N月完成投资" header names ("1-6月完成投资", "1—6月累计完成投资（万元）").
/// The span needs its dash: "12月完成投资" is December's own investment, not 1—2月.
pub fn done_months(header: &str) -> Option<u32> {
    const DASHES: [char; 8] = ['-', '—', '–', '－', '～', '~', '至', '−'];
    if !header.contains(DASHES) {
        return None;
    }
    let key = header_key(header);
    let rest = key.strip_suffix("完成投资")?;
    let rest = rest.strip_suffix("累计").unwrap_or(rest);
    let span = rest.strip_suffix('月')?;
    // The key has dropped '-': "1-6" is "16", "1-12" is "112"; other dashes stay.
    let month: u32 = span
        .strip_prefix('1')?
        .trim_start_matches(['—', '–', '～', '~', '至'])
        .parse()
        .ok()?;
    (2..=12).contains(&month).then_some(month)
}

fn is_rank(key: &str) -> bool {
    key.contains("位次")
        || key.contains("排名")
        || key.contains("名次")
        || key.contains("排序")
        || key == "rank"
        || key == "ranking"
}

/// True for a header that labels a bulletin's value column ("增速", "同比增长（%）").
pub fn is_value_header(text: &str, names: &mut Names) -> bool {
    let key = header_key(text);
    matches!(
        key.as_str(),
        "增速"
            | "增长"
            | "同比增长"
            | "同比增速"
            | "增幅"
            | "增长率"
            | "同比"
            | "累计增速"
            | "累计增长"
            | "当月增速"
            | "当月增长"
            | "数值"
            | "值"
            | "本期"
            | "growth"
            | "growthrate"
            | "rate"
            | "value"
    ) || is_change_header(&key)
        || (key.is_empty() && text.contains('%'))
        || names.indicator(text).is_ok()
}

/// True for a header key of a change on last year: "比上年同月", "比上年同期增长",
/// "较去年同期" (provincial bulletins head their growth columns so).
fn is_change_header(key: &str) -> bool {
    ["比上年同", "比去年同", "较上年同", "较去年同", "同比"]
        .iter()
        .any(|p| key.starts_with(p))
}

/// The basis a value header names: "比上年同期"/"累计增速"/"1-本月"/"本月止累计" year to
/// date, "比上年同月"/"当月增速" the month, "本月" only as the whole header (so the
/// cumulative words are read first: "本月止累计" is no month figure).
pub fn header_basis(text: &str) -> Option<Basis> {
    let key = header_key(text);
    // The key drops '-' ("1-本月" is "1本月") but keeps the other dashes.
    let ytd = [
        "同期",
        "累计",
        "1本月",
        "1—本月",
        "1–本月",
        "1～本月",
        "本月止",
        "至本月",
    ];
    if ytd.iter().any(|w| key.contains(w)) {
        Some(Basis::Ytd)
    } else if ["同月", "当月"].iter().any(|w| key.contains(w)) || key == "本月" {
        Some(Basis::Month)
    } else {
        None
    }
}

/// True for a value header that says its figures are growth rates (a change on last
/// year, 增速), so a level indicator named in the title means its growth rate. A "%"
/// alone says nothing: a share of the province (占全省比重（%）) is in % too, and a share
/// or a rank is never growth.
pub fn is_growth_header(text: &str) -> bool {
    let key = header_key(text);
    if is_share_or_rank(text) {
        return false;
    }
    is_change_header(&key)
        || ["增速", "增长", "增幅", "同比", "比上年", "比去年", "growth"]
            .iter()
            .any(|w| key.contains(w))
}

/// True for a header of a share (比重, 占比) or a rank (位次, 排位): figures the
/// importer does not store.
pub fn is_share_or_rank(text: &str) -> bool {
    let key = header_key(text);
    ["比重", "占比", "位次", "排位", "share"]
        .iter()
        .any(|w| key.contains(w))
        || is_rank(&key)
}

/// True for a header naming a whole year alone ("2023年", "2023年度", "全年"): a period
/// column only where no header row names months, since a year row often sits above them.
fn is_year_only(cell: Cell<'_>) -> bool {
    let Cell::Text(t) = cell else { return false };
    let t = period_text(t);
    // A year needs its digits, or 全年: never a cell naming a field (年度, 年份).
    let says_year = t
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        || t.contains("全年");
    says_year
        && !t.contains('月')
        && matches!(
            Period::parse_with_basis(&t, Some(2000)),
            Ok((p, Some(Basis::Ytd))) if p.month() == 12
        )
}

/// The period text of a header: value words and a bracketed unit removed
/// ("1-4月累计增速（%）" → "1-4月累计").
pub fn period_text(text: &str) -> String {
    let mut t: String = match text.find(['(', '（']) {
        Some(at) if at > 0 => text[..at].to_string(),
        _ => text.to_string(),
    };
    t = t.trim().to_string();
    loop {
        let before = t.len();
        for suffix in [
            "增速",
            "增长率",
            "增长",
            "增幅",
            "同比",
            "速度",
            "growth",
            "%",
            "％",
            "份",
        ] {
            if let Some(rest) = t.strip_suffix(suffix) {
                t = rest.trim_end().to_string();
            }
        }
        if t.len() == before {
            break;
        }
    }
    t
}

/// True when a header cell is a period (January included, so it can be reported).
pub fn is_period_cell(cell: Cell<'_>) -> bool {
    match cell {
        Cell::Date(_) => true,
        // A field's name ("年度", "月份", "时期") heads a column of a table, not a period.
        Cell::Text(t) if field_of(t).is_some() => false,
        Cell::Text(t) => {
            let t = period_text(t);
            matches!(
                Period::parse_with_basis(&t, Some(2000)),
                Ok(_) | Err(PeriodError::January(_))
            )
        }
        _ => false,
    }
}

/// A recognised header.
#[derive(Debug, Clone, PartialEq)]
pub enum Detected {
    /// A long table or one of the lists: the header row (index into the buffer) and the
    /// column of each field (first occurrence wins).
    Table {
        /// What kind.
        kind: TableKind,
        /// Index of the header row in the buffer.
        header: usize,
        /// (column, field).
        columns: Vec<(usize, Field)>,
    },
    /// A bulletin.
    Wide(WideHeader),
    /// Nothing known.
    Nothing,
}

/// The kinds of one-row-per-record tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// Figures, one per row.
    Long,
    /// Enterprises.
    Enterprises,
    /// Service requests.
    Requests,
    /// Financing deals.
    Deals,
    /// Investment projects.
    Projects,
    /// Annual targets (年度目标).
    Targets,
}

/// The header rows of a bulletin (indices into the buffer).
#[derive(Debug, Clone, PartialEq)]
pub struct WideHeader {
    /// The column of region names.
    pub region_col: usize,
    /// The first header row.
    pub first: usize,
    /// The row of period headers, if the periods are in columns.
    pub period_row: Option<usize>,
    /// A row of sub-headers under the periods ("增速" / "位次").
    pub sub_row: Option<usize>,
    /// The first data row.
    pub data: usize,
}

fn classify(row: &OwnedRow, has_context_period: bool) -> Option<(TableKind, Vec<(usize, Field)>)> {
    let mut columns: Vec<(usize, Field)> = Vec::new();
    for c in 0..row.width() {
        if let Cell::Text(t) = row.cell(c)
            && let Some(f) = field_of(t)
            && !columns.iter().any(|(_, g)| *g == f)
        {
            columns.push((c, f));
        }
    }
    let has = |f: Field| columns.iter().any(|(_, g)| *g == f);
    let enterprise = has(Field::Name) || has(Field::CreditCode);
    let investment = [
        Field::PlannedTotal,
        Field::PlannedYear,
        Field::DoneYtd,
        Field::DoneLast,
    ]
    .into_iter()
    .any(has);
    let kind = if has(Field::Project) && investment && enterprise {
        TableKind::Projects
    } else if has(Field::Region)
        && has(Field::Indicator)
        && has(Field::Target)
        && !has(Field::Value)
    {
        // A long table with a 目标 column beside its 数值 stays a long table.
        TableKind::Targets
    } else if has(Field::Bank) && has(Field::Amount) && enterprise {
        TableKind::Deals
    } else if (has(Field::Text) || has(Field::Category))
        && (has(Field::RaisedOn) || has(Field::Date) || has(Field::Status))
        && enterprise
    {
        TableKind::Requests
    } else if has(Field::Name) && has(Field::CreditCode) {
        TableKind::Enterprises
    } else if has(Field::Region)
        && has(Field::Value)
        && (has(Field::Period) || has(Field::Year) || has_context_period)
    {
        TableKind::Long
    } else {
        return None;
    };
    Some((kind, columns))
}

/// Recognises the layout of the buffered first rows. `titles` are the buffer indices of
/// title lines (single-text rows above the table).
pub fn detect(
    rows: &[OwnedRow],
    titles: &[usize],
    has_context_period: bool,
    names: &mut Names,
) -> Detected {
    let candidates: Vec<usize> = (0..rows.len())
        .filter(|i| !titles.contains(i) && !rows[*i].is_blank())
        .collect();
    for &i in candidates.iter().take(6) {
        if let Some((kind, columns)) = classify(&rows[i], has_context_period) {
            return Detected::Table {
                kind,
                header: i,
                columns,
            };
        }
    }
    let Some(&first) = candidates.first() else {
        return Detected::Nothing;
    };
    let region_col = rows
        .iter()
        .skip(first)
        .filter_map(|r| r.filled().first().copied())
        .min()
        .unwrap_or(0);
    // Period headers in the header row or one of the two rows below it; a row of years
    // alone only when no row names months.
    let periods_in = |i: usize, years: bool| {
        let row = &rows[i];
        (region_col + 1..row.width())
            .any(|c| is_period_cell(row.cell(c)) && (years || !is_year_only(row.cell(c))))
    };
    let period_row = candidates
        .iter()
        .take(3)
        .copied()
        .find(|&i| periods_in(i, false))
        .or_else(|| {
            candidates
                .iter()
                .take(3)
                .copied()
                .find(|&i| periods_in(i, true))
        });
    let last_header = match period_row {
        Some(p) => p,
        None => {
            let row = &rows[first];
            let valued = (region_col + 1..row.width()).any(|c| match row.cell(c) {
                Cell::Text(t) => is_value_header(t, names),
                _ => false,
            });
            if !(has_context_period && valued) {
                return Detected::Nothing;
            }
            first
        }
    };
    // A sub-header row: no region, no numbers, some text ("增速", "位次").
    let next = last_header + 1;
    // The corner cell is often merged down over both header rows ("地区").
    let corner = rows[last_header].cell(region_col).text().into_owned();
    let sub_row = rows.get(next).filter(|row| {
        (row.cell(region_col).is_empty() || row.cell(region_col).text() == corner)
            && row.single_text().is_none()
            && (region_col + 1..row.width()).any(|c| matches!(row.cell(c), Cell::Text(_)))
            && (region_col + 1..row.width()).all(|c| match row.cell(c) {
                Cell::Text(t) => !matches!(parse_number(t), Ok(Some(_))),
                Cell::Number(_) => false,
                _ => true,
            })
    });
    let sub_row = sub_row.map(|_| next);
    Detected::Wide(WideHeader {
        region_col,
        first,
        period_row,
        sub_row,
        data: sub_row.map_or(next, |s| s + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::catalogue::builtin;

    fn row(n: u64, cells: &[&str]) -> OwnedRow {
        OwnedRow::from_texts(n, cells)
    }

    #[test]
    fn headers_in_both_languages() {
        assert_eq!(field_of("地区"), Some(Field::Region));
        assert_eq!(field_of("Region"), Some(Field::Region));
        assert_eq!(field_of("数值（%）"), Some(Field::Value));
        assert_eq!(field_of("统一社会信用代码"), Some(Field::CreditCode));
        assert_eq!(field_of("Amount (10k yuan)"), Some(Field::Amount));
        assert_eq!(field_of("date raised"), Some(Field::RaisedOn));
        assert_eq!(field_of("全省位次"), Some(Field::Rank));
        assert_eq!(field_of("市（地）"), Some(Field::Region));
        assert_eq!(field_of("备注"), None);
        assert_eq!(field_of("满意度评价"), Some(Field::Satisfaction));
        assert_eq!(field_of("Satisfaction"), Some(Field::Satisfaction));
        assert_eq!(field_of("项目名称"), Some(Field::Project));
        assert_eq!(field_of("计划总投资（万元）"), Some(Field::PlannedTotal));
        assert_eq!(field_of("Planned this year"), Some(Field::PlannedYear));
        assert_eq!(field_of("本年完成投资"), Some(Field::DoneYtd));
        assert_eq!(field_of("Completed YTD"), Some(Field::DoneYtd));
        assert_eq!(field_of("去年同期"), Some(Field::DoneLast));
        for (header, month) in [
            ("1-6月完成投资", Some(6)),
            ("1—12月完成投资（万元）", Some(12)),
            ("1-12月累计完成投资", Some(12)),
            ("1-2月完成投资", Some(2)),
            ("6月完成投资", None),
            ("12月完成投资", None),
            ("1-13月完成投资", None),
        ] {
            assert_eq!(done_months(header), month, "{header}");
        }
        assert_eq!(field_of("1-6月完成投资"), Some(Field::DoneYtd));
    }

    #[test]
    fn a_projects_list_is_told_from_the_other_lists() {
        let mut names = Names::new(builtin());
        let kind =
            |cells: &[&str], names: &mut Names| match detect(&[row(1, cells)], &[], false, names) {
                Detected::Table { kind, .. } => Some(kind),
                _ => None,
            };
        assert_eq!(
            kind(
                &["企业名称", "项目名称", "时期", "计划总投资", "状态"],
                &mut names
            ),
            Some(TableKind::Projects),
            "a status column does not make it a request list"
        );
        assert_eq!(
            kind(&["企业名称", "项目名称"], &mut names),
            None,
            "no investment column: no projects list"
        );
        assert_eq!(
            kind(&["企业名称", "统一社会信用代码", "项目名称"], &mut names),
            Some(TableKind::Enterprises)
        );
    }

    #[test]
    fn a_targets_list_is_told_from_a_long_table() {
        let mut names = Names::new(builtin());
        let kind =
            |cells: &[&str], names: &mut Names| match detect(&[row(1, cells)], &[], false, names) {
                Detected::Table { kind, .. } => Some(kind),
                _ => None,
            };
        assert_eq!(field_of("年度目标"), Some(Field::Target));
        assert_eq!(field_of("Target (亿元)"), Some(Field::Target));
        assert_eq!(
            kind(&["地区", "指标", "年份", "目标"], &mut names),
            Some(TableKind::Targets)
        );
        assert_eq!(
            kind(&["Region", "Indicator", "Year", "Target"], &mut names),
            Some(TableKind::Targets)
        );
        assert_eq!(
            kind(&["地区", "指标", "年份", "数值", "目标"], &mut names),
            Some(TableKind::Long),
            "a long table with a target column beside its values"
        );
        assert_eq!(kind(&["地区", "目标"], &mut names), None, "no indicator");
    }

    #[test]
    fn period_headers_in_every_form() {
        for t in [
            "1-2月",
            "1—3月",
            "1-4月累计",
            "2023年1-4月",
            "4月",
            "2023-04",
            "Jan-Apr",
            "1月",
            "1-4月增速（%）",
        ] {
            assert!(is_period_cell(Cell::Text(t)), "{t}");
        }
        assert_eq!(header_basis("比上年同月(%)"), Some(Basis::Month));
        assert_eq!(header_basis("比上年同期（%）"), Some(Basis::Ytd));
        assert_eq!(header_basis("增速"), None);
        for t in [
            "地区",
            "位次",
            "19.2",
            "备注",
            "二季度",
            "年度",
            "年份",
            "时期",
        ] {
            assert!(!is_period_cell(Cell::Text(t)), "{t}");
        }
    }

    #[test]
    fn cumulative_words_before_the_month() {
        for t in [
            "本月止累计(%)",
            "1-本月",
            "1—本月增速",
            "比上年同期",
            "累计增长",
        ] {
            assert_eq!(header_basis(t), Some(Basis::Ytd), "{t}");
        }
        for t in ["本月", "当月增速", "比上年同月(%)"] {
            assert_eq!(header_basis(t), Some(Basis::Month), "{t}");
        }
        assert_eq!(header_basis("本月数值说明"), None);
    }

    #[test]
    fn a_percent_alone_is_no_growth() {
        for t in [
            "同比增长(%)",
            "增速（%）",
            "比上年同月(%)",
            "比上年增长",
            "growth (%)",
        ] {
            assert!(is_growth_header(t), "{t}");
        }
        for t in [
            "占全省比重(%)",
            "占比（%）",
            "全省位次",
            "排位",
            "(%)",
            "1-4月(%)",
            "总量(亿元)",
            "增长位次",
        ] {
            assert!(!is_growth_header(t), "{t}");
        }
        assert!(is_share_or_rank("占全省比重(%)"));
        assert!(!is_share_or_rank("增速"));
    }

    #[test]
    fn a_year_column_makes_a_long_table_not_a_bulletin() {
        let mut names = Names::new(builtin());
        let rows = [
            row(1, &["地区", "指标", "年度", "数值"]),
            row(2, &["鸡西市", "规上工业增加值增速", "2023", "5.1"]),
        ];
        assert!(matches!(
            detect(&rows, &[], false, &mut names),
            Detected::Table {
                kind: TableKind::Long,
                header: 0,
                ..
            }
        ));
        // Without a value column it is no long table, and 年度 is no period header.
        let rows = [
            row(1, &["地区", "年度", "备注"]),
            row(2, &["鸡西市", "2023", "5.1"]),
        ];
        assert_eq!(detect(&rows, &[], false, &mut names), Detected::Nothing);
    }

    #[test]
    fn detects_layouts() {
        let mut names = Names::new(builtin());
        let long = [row(1, &["地区", "指标", "时期", "数值"])];
        assert!(matches!(
            detect(&long, &[], false, &mut names),
            Detected::Table {
                kind: TableKind::Long,
                header: 0,
                ..
            }
        ));
        let wide = [
            row(
                1,
                &[
                    "2023年1-4月全省各市（地）规模以上工业增加值增速（%）",
                    "",
                    "",
                ],
            ),
            row(2, &["地区", "1-2月", "1-4月"]),
            row(3, &["鸡西市", "31.1", "19.2"]),
        ];
        assert_eq!(
            detect(&wide, &[0], true, &mut names),
            Detected::Wide(WideHeader {
                region_col: 0,
                first: 1,
                period_row: Some(1),
                sub_row: None,
                data: 2
            })
        );
        let merged = [
            row(1, &["地区", "1-4月", "1-4月"]),
            row(2, &["", "增速", "位次"]),
            row(3, &["鸡西市", "19.2", "1"]),
        ];
        assert!(matches!(
            detect(&merged, &[], false, &mut names),
            Detected::Wide(WideHeader {
                sub_row: Some(1),
                data: 2,
                ..
            })
        ));
        let single = [
            row(1, &["市（地）", "增速", "位次"]),
            row(2, &["鸡西市", "19.2", "1"]),
        ];
        assert!(
            matches!(
                detect(&single, &[], true, &mut names),
                Detected::Table {
                    kind: TableKind::Long,
                    ..
                }
            ) || matches!(detect(&single, &[], true, &mut names), Detected::Wide(_))
        );
        // A row of years above the months is not the period row; years alone are.
        let years_above = [
            row(1, &["地区", "2023年", "2023年"]),
            row(2, &["", "1-2月", "1-3月"]),
            row(3, &["鸡西市", "31.1", "19.2"]),
        ];
        assert!(matches!(
            detect(&years_above, &[], false, &mut names),
            Detected::Wide(WideHeader {
                period_row: Some(1),
                ..
            })
        ));
        let years = [
            row(1, &["地区", "2022年", "全年"]),
            row(2, &["南宁市", "9.9", "8.8"]),
        ];
        assert!(matches!(
            detect(&years, &[], false, &mut names),
            Detected::Wide(WideHeader {
                period_row: Some(0),
                ..
            })
        ));
        let notes = [row(1, &["说明"]), row(2, &["本表数据为示意"])];
        assert_eq!(
            detect(&notes, &[0, 1], false, &mut names),
            Detected::Nothing
        );
        let ent = [row(1, &["企业名称", "统一社会信用代码", "行业", "规上"])];
        assert!(matches!(
            detect(&ent, &[], false, &mut names),
            Detected::Table {
                kind: TableKind::Enterprises,
                ..
            }
        ));
    }
}
