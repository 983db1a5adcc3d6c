//! The briefing's section 重点企业运行 (key enterprises, SPEC §9): the enterprises' monthly
//! returns for the briefing's period — the aggregate output growth of the comparable
//! enterprises, 减产面, the main pullers up and down, the stopped and the missing ones by
//! name — and its two tables (the main pullers for paged formats, every enterprise for the
//! spreadsheet formats).
//!
//! Contract:
//! - The statistics come in as [`BriefingReturns`], computed by the caller ([`load`] reads
//!   them through the store's read API); without a reporting enterprise there is no
//!   section, no heading and no table.
//! - Output only (工业总产值, current prices): every figure is labelled 现价, and the
//!   section stands apart from the comparable-price value-added growth of the headline.
//! - Names are capped ([`NAMES_SHOWN`]): a longer list ends "等N户" / "and N others".
//! - Illustrative returns (a source of the period's or last year's rows is illustrative)
//!   mark the table figures with `*`, add their source lines (marked 示意数据) and the
//!   briefing's illustrative note, as every other illustrative figure is marked.

use super::document::{Cell, Table};
use super::format::{amount_10k_yuan, growth_phrase, one_decimal};
use crate::analysis::returns::{EnterpriseReturn, ReturnStats, Status, members, population_stats};
use crate::analysis::round1;
use crate::model::returns::ReturnIndicator;
use crate::model::{Basis, Lang, Period, Snapshot, Source};
use crate::store::{Dataset, StoreError};

/// How many names a list of stopped or missing enterprises prints before "等N户".
pub const NAMES_SHOWN: usize = 5;
/// How many enterprises the narrative names as pulling growth up.
pub const PULLERS_UP: usize = 3;
/// How many enterprises the narrative names as pulling growth down.
pub const PULLERS_DOWN: usize = 2;
/// How many enterprises each way the paged formats' table lists.
pub const TABLE_PULLERS: usize = 5;

/// Id of the main pullers' table (paged formats: PDF, Word, Markdown).
pub const PULLERS_TABLE: &str = "returns";
/// Id of the table of every enterprise (spreadsheet formats only: XLSX sheet 重点企业, CSV).
pub const ENTERPRISES_TABLE: &str = "enterprises";

/// The returns statistics a briefing's section 重点企业运行 is written from.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefingReturns {
    /// Output (工业总产值) statistics of the briefing's period.
    pub stats: ReturnStats,
    /// 规上 enterprises in the register (the "全市N户规上工业企业" of the first sentence).
    pub above_size: usize,
    /// The sources of the returns behind the statistics (this period and a year earlier).
    pub sources: Vec<Source>,
}

impl BriefingReturns {
    /// The section's input, None when no enterprise reported (then there is no section).
    pub fn new(stats: ReturnStats, above_size: usize, sources: Vec<Source>) -> Option<Self> {
        (stats.reporting > 0).then_some(BriefingReturns {
            stats,
            above_size,
            sources,
        })
    }

    /// True when a source of the returns is illustrative (not published).
    pub fn illustrative(&self) -> bool {
        self.sources.iter().any(|s| s.illustrative)
    }
}

/// Reads the output statistics of `period` for the briefing of `snap`: None when the
/// snapshot's region is not the dataset's home region (the register is the home region's)
/// or no enterprise reported for the period.
pub fn load(
    ds: &Dataset,
    snap: &Snapshot,
    period: Period,
) -> Result<Option<BriefingReturns>, StoreError> {
    if snap.context.region.code != ds.meta()?.home_region {
        return Ok(None);
    }
    let indicator = ReturnIndicator::Output;
    let resolved = ds.returns_for(period, indicator)?;
    if resolved.is_empty() {
        return Ok(None);
    }
    let stats = population_stats(
        period,
        indicator,
        members(&snap.register, ds.catalogue()),
        &resolved,
        |codes| ds.returns_begin_after_among(period, codes, &snap.register.enterprises),
    )?;
    let ids = ds.return_source_ids(period)?;
    let sources = ds
        .sources()?
        .into_iter()
        .filter(|s| ids.contains(&s.id))
        .collect();
    // The period's 规上 population: those that filed, and those missing (an enterprise
    // whose returns begin after the period is in neither).
    let listed: std::collections::HashSet<&str> =
        stats.enterprises.iter().map(|e| e.code.as_str()).collect();
    let above_size = snap
        .register
        .enterprises
        .iter()
        .filter(|e| e.above_size && listed.contains(e.credit_code.as_str()))
        .count();
    Ok(BriefingReturns::new(stats, above_size, sources))
}

/// A list of names, capped: "A、B、C" or "A、B、C、D、E等12户"; "A, B and C" or "A, B, C, D,
/// E and 7 others".
pub fn name_list(names: &[&str], lang: Lang) -> String {
    let n = names.len();
    let shown = &names[..n.min(NAMES_SHOWN)];
    match lang {
        Lang::Zh if n > NAMES_SHOWN => format!("{}等{n}户", shown.join("、")),
        Lang::Zh => shown.join("、"),
        Lang::En if n == NAMES_SHOWN + 1 => format!("{} and 1 other", shown.join(", ")),
        Lang::En if n > NAMES_SHOWN => {
            format!("{} and {} others", shown.join(", "), n - NAMES_SHOWN)
        }
        Lang::En => match shown {
            [] => String::new(),
            [one] => (*one).to_string(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        },
    }
}

/// "停产企业2户：A、B" / "停产企业：A、B、C、D、E等12户"; "2 enterprises stopped: A and B".
fn named_group(what_zh: &str, what_en: &str, names: &[&str], lang: Lang) -> String {
    let n = names.len();
    let list = name_list(names, lang);
    match lang {
        Lang::Zh if n > NAMES_SHOWN => format!("{what_zh}：{list}"),
        Lang::Zh => format!("{what_zh}{n}户：{list}"),
        Lang::En if n == 1 => format!("1 enterprise {what_en}: {list}"),
        Lang::En => format!("{n} enterprises {what_en}: {list}"),
    }
}

/// The stopped enterprises, the largest loss of output first (then by code).
pub fn stopped(stats: &ReturnStats) -> Vec<&EnterpriseReturn> {
    let mut out: Vec<&EnterpriseReturn> = stats
        .enterprises
        .iter()
        .filter(|e| e.status == Status::Stopped)
        .collect();
    let loss = |e: &EnterpriseReturn| match (e.current, e.previous) {
        (Some(c), Some(p)) => c - p,
        _ => 0.0,
    };
    out.sort_by(|a, b| {
        loss(a)
            .total_cmp(&loss(b))
            .then_with(|| a.code.cmp(&b.code))
    });
    out
}

/// The missing enterprises (规上, no return), by code.
pub fn missing(stats: &ReturnStats) -> Vec<&EnterpriseReturn> {
    stats
        .enterprises
        .iter()
        .filter(|e| e.status == Status::Missing)
        .collect()
}

/// The first sentence: who reported, the comparable ones' output (现价) and its growth,
/// the declining ones and 减产面.
fn headline_sentence(snap: &Snapshot, r: &BriefingReturns, lang: Lang) -> String {
    let s = &r.stats;
    let whole = match lang {
        Lang::Zh => snap.context.region.whole_label(Lang::Zh).to_string(),
        Lang::En => snap.context.region.name_en.clone(),
    };
    let label = s.period.label(Basis::Ytd, lang);
    let mut text = match lang {
        Lang::Zh if r.above_size == s.reporting => format!(
            "{label}，{whole}{}户规上工业企业全部报送月报，其中可比企业{}户",
            r.above_size, s.comparable
        ),
        Lang::Zh if r.above_size > s.reporting => format!(
            "{label}，{whole}{}户规上工业企业中{}户报送月报，其中可比企业{}户",
            r.above_size, s.reporting, s.comparable
        ),
        Lang::Zh => format!(
            "{label}，{whole}{}户企业报送月报，可比企业{}户",
            s.reporting, s.comparable
        ),
        Lang::En if r.above_size == s.reporting => format!(
            "In {}, all {} enterprises above designated size in {whole} filed monthly returns, {} of them comparable with a year earlier",
            s.period.label_with_year(Basis::Ytd, lang),
            s.reporting,
            s.comparable
        ),
        Lang::En if r.above_size > s.reporting => format!(
            "In {}, {} of the {} enterprises above designated size in {whole} filed monthly returns, {} of them comparable with a year earlier",
            s.period.label_with_year(Basis::Ytd, lang),
            s.reporting,
            r.above_size,
            s.comparable
        ),
        Lang::En => format!(
            "In {}, {} enterprises in {whole} filed monthly returns, {} of them comparable with a year earlier",
            s.period.label_with_year(Basis::Ytd, lang),
            s.reporting,
            s.comparable
        ),
    };
    if let Some(g) = s.growth_pct {
        text.push_str(&match lang {
            Lang::Zh => format!(
                "；可比企业实现工业总产值（现价）{}，同比{}",
                amount_10k_yuan(s.current_total, lang),
                growth_phrase(g, lang)
            ),
            Lang::En => format!(
                "; the comparable ones' gross industrial output (at current prices) was {}, which {} year on year",
                amount_10k_yuan(s.current_total, lang),
                growth_phrase(g, lang)
            ),
        });
    }
    if let Some(share) = s.decline_share_pct {
        text.push_str(&match lang {
            Lang::Zh => format!("；减产企业{}户，减产面{}%", s.declining, one_decimal(share)),
            Lang::En => format!(
                "; {} produced less than a year earlier, a decline share of {}%",
                s.declining,
                one_decimal(share)
            ),
        });
    }
    text.push_str(lang.pick("。", "."));
    text
}

/// "A（增长x.x%，拉动x.x个百分点）": an enterprise with its growth and pull.
fn puller(e: &EnterpriseReturn, lang: Lang) -> String {
    let (g, pull) = (e.growth_pct.unwrap_or(0.0), e.pull_pp.unwrap_or(0.0));
    match lang {
        Lang::Zh if pull < 0.0 => format!(
            "{}（{}，下拉{}个百分点）",
            e.name,
            growth_phrase(g, lang),
            one_decimal(-pull)
        ),
        Lang::Zh => format!(
            "{}（{}，拉动{}个百分点）",
            e.name,
            growth_phrase(g, lang),
            one_decimal(pull)
        ),
        Lang::En if pull < 0.0 => format!(
            "{} ({}, −{} points)",
            e.name,
            growth_phrase(g, lang),
            one_decimal(-pull)
        ),
        Lang::En => format!(
            "{} ({}, +{} points)",
            e.name,
            growth_phrase(g, lang),
            one_decimal(pull)
        ),
    }
}

/// The main pullers up and down, by name, with their pull in points (only pulls that are
/// not 0.0 at one decimal: "拉动0.0个百分点" says nothing).
fn pullers_sentence(s: &ReturnStats, lang: Lang) -> Option<String> {
    let up: Vec<String> = s
        .top_up(PULLERS_UP)
        .into_iter()
        .filter(|e| e.pull_pp.is_some_and(|p| round1(p) > 0.0))
        .map(|e| puller(e, lang))
        .collect();
    let down: Vec<String> = s
        .top_down(PULLERS_DOWN)
        .into_iter()
        .filter(|e| e.pull_pp.is_some_and(|p| round1(p) < 0.0))
        .map(|e| puller(e, lang))
        .collect();
    let mut clauses = Vec::new();
    if !up.is_empty() {
        clauses.push(match lang {
            Lang::Zh => format!("拉动增长居前的是{}", up.join("、")),
            Lang::En => format!("Pulling growth up most: {}", up.join("; ")),
        });
    }
    if !down.is_empty() {
        clauses.push(match lang {
            Lang::Zh => format!("下拉较多的是{}", down.join("、")),
            Lang::En if up.is_empty() => format!("Pulling growth down most: {}", down.join("; ")),
            Lang::En => format!("pulling it down most: {}", down.join("; ")),
        });
    }
    (!clauses.is_empty()).then(|| {
        format!(
            "{}{}",
            clauses.join(lang.pick("；", "; ")),
            lang.pick("。", ".")
        )
    })
}

/// The paragraph of the section 重点企业运行.
pub fn paragraph(snap: &Snapshot, r: &BriefingReturns, lang: Lang) -> String {
    let s = &r.stats;
    let mut sentences = vec![headline_sentence(snap, r, lang)];
    sentences.extend(pullers_sentence(s, lang));
    let mut groups = Vec::new();
    let stopped: Vec<&str> = stopped(s).iter().map(|e| e.name.as_str()).collect();
    if !stopped.is_empty() {
        groups.push(named_group("停产企业", "stopped", &stopped, lang));
    }
    let missing: Vec<&str> = missing(s).iter().map(|e| e.name.as_str()).collect();
    if !missing.is_empty() {
        groups.push(named_group(
            "未报送企业",
            "did not file a return",
            &missing,
            lang,
        ));
    }
    if !groups.is_empty() {
        let mut text = groups.join(lang.pick("；", "; "));
        if lang == Lang::En {
            text = capitalise(&text);
        }
        text.push_str(lang.pick("。", "."));
        sentences.push(text);
    }
    sentences.join(lang.pick("", " "))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Where an enterprise is: its county's name, else its registered region's, else "".
fn place(snap: &Snapshot, e: &EnterpriseReturn, lang: Lang) -> String {
    e.county
        .as_deref()
        .or(Some(e.region.as_str()))
        .and_then(|c| snap.catalogue.region(c))
        .map(|r| r.name(lang).to_string())
        .unwrap_or_default()
}

/// The industry's name, else its code, else "".
fn industry(snap: &Snapshot, e: &EnterpriseReturn, lang: Lang) -> String {
    e.industry
        .as_deref()
        .map(|c| {
            snap.catalogue
                .industry(c)
                .map(|i| i.name(lang).to_string())
                .unwrap_or_else(|| c.to_string())
        })
        .unwrap_or_default()
}

/// "工业总产值，现价" / "gross industrial output, current prices" with the period.
fn table_subject(s: &ReturnStats, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{}，{}，现价",
            s.period.label_with_year(Basis::Ytd, lang),
            s.indicator.name(lang)
        ),
        Lang::En => format!(
            "{}, {}, current prices",
            s.period.label_with_year(Basis::Ytd, lang),
            s.indicator.name(lang)
        ),
    }
}

/// The main pullers up ([`TABLE_PULLERS`]) and down, for paged formats; None without any.
pub fn pullers_table(snap: &Snapshot, r: &BriefingReturns, lang: Lang) -> Option<Table> {
    let s = &r.stats;
    let ill = r.illustrative();
    let rows: Vec<Vec<Cell>> = s
        .top_up(TABLE_PULLERS)
        .into_iter()
        .chain(s.top_down(TABLE_PULLERS))
        .map(|e| {
            vec![
                Cell::text(e.name.clone()),
                Cell::text(place(snap, e, lang)),
                Cell::text(industry(snap, e, lang)),
                Cell::rate(e.growth_pct).marked(ill),
                Cell::rate(e.pull_pp).marked(ill),
                Cell::text(e.status.label(lang)),
            ]
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    Some(Table {
        id: PULLERS_TABLE.into(),
        note: None,
        title: match lang {
            Lang::Zh => format!("主要拉动企业（{}）", table_subject(s, lang)),
            Lang::En => format!("Enterprises pulling most ({})", table_subject(s, lang)),
        },
        columns: match lang {
            Lang::Zh => vec![
                "企业",
                "县（市、区）",
                "行业",
                "增速（%）",
                "拉动（个百分点）",
                "状态",
            ],
            Lang::En => vec![
                "Enterprise",
                "County",
                "Industry",
                "Growth (%)",
                "Pull (pp)",
                "Status",
            ],
        }
        .into_iter()
        .map(String::from)
        .collect(),
        rows,
    })
}

/// Every enterprise (by pull, the missing last), for the spreadsheet formats.
pub fn enterprises_table(snap: &Snapshot, r: &BriefingReturns, lang: Lang) -> Table {
    let s = &r.stats;
    let ill = r.illustrative();
    let unit = s.indicator.unit(lang);
    let amount = |v: Option<f64>| {
        v.map(|value| Cell::Number {
            value,
            decimals: 1,
            illustrative: ill,
        })
        .unwrap_or(Cell::Empty)
    };
    let rows = s
        .enterprises
        .iter()
        .map(|e| {
            vec![
                Cell::text(e.name.clone()),
                Cell::text(place(snap, e, lang)),
                Cell::text(industry(snap, e, lang)),
                Cell::text(e.official.clone()),
                amount(e.current),
                amount(e.previous),
                Cell::rate(e.growth_pct).marked(ill),
                Cell::rate(e.pull_pp).marked(ill),
                Cell::text(e.status.label(lang)),
            ]
        })
        .collect();
    let columns = match lang {
        Lang::Zh => vec![
            "企业".to_string(),
            "县（市、区）".to_string(),
            "行业".to_string(),
            "包联领导".to_string(),
            format!("本年累计（{unit}）"),
            format!("上年同期（{unit}）"),
            "增速（%）".to_string(),
            "拉动（个百分点）".to_string(),
            "状态".to_string(),
        ],
        Lang::En => vec![
            "Enterprise".to_string(),
            "County".to_string(),
            "Industry".to_string(),
            "Official".to_string(),
            format!("Year to date ({unit})"),
            format!("Same period last year ({unit})"),
            "Growth (%)".to_string(),
            "Pull (pp)".to_string(),
            "Status".to_string(),
        ],
    };
    Table {
        id: ENTERPRISES_TABLE.into(),
        note: None,
        title: match lang {
            Lang::Zh => format!("重点企业运行（{}）", table_subject(s, lang)),
            Lang::En => format!("Key enterprises ({})", table_subject(s, lang)),
        },
        columns,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::returns::return_stats;

    #[test]
    fn name_lists_are_capped_after_five_names() {
        let names = ["甲", "乙", "丙", "丁", "戊", "己", "庚"];
        assert_eq!(name_list(&names[..1], Lang::Zh), "甲");
        assert_eq!(name_list(&names[..5], Lang::Zh), "甲、乙、丙、丁、戊");
        assert_eq!(name_list(&names[..6], Lang::Zh), "甲、乙、丙、丁、戊等6户");
        assert_eq!(name_list(&names, Lang::Zh), "甲、乙、丙、丁、戊等7户");
        assert_eq!(name_list(&names[..2], Lang::En), "甲 and 乙");
        assert_eq!(name_list(&names[..3], Lang::En), "甲, 乙 and 丙");
        assert_eq!(
            name_list(&names[..6], Lang::En),
            "甲, 乙, 丙, 丁, 戊 and 1 other"
        );
        assert_eq!(
            name_list(&names, Lang::En),
            "甲, 乙, 丙, 丁, 戊 and 2 others"
        );
        assert_eq!(name_list(&[], Lang::En), "");
    }

    fn stopped_return(code: &str, ytd: f64, last: f64) -> crate::model::returns::ResolvedReturn {
        crate::model::returns::ResolvedReturn {
            enterprise: code.into(),
            period: Period::new(2023, 4).expect("period"),
            indicator: ReturnIndicator::Output,
            month: Some(0.0),
            month_derived: false,
            ytd: Some(ytd),
            ytd_last_year: Some(last),
            last_year_from_return: false,
            ytd_previous_period: None,
            stated_growth_pct: None,
        }
    }

    #[test]
    fn stopped_enterprises_are_named_largest_loss_first() {
        // Losses: a −10, b −300, c −50 (万元); all three stopped (April's value is 0).
        let returns = [
            stopped_return("a", 90.0, 100.0),
            stopped_return("b", 100.0, 400.0),
            stopped_return("c", 50.0, 100.0),
        ];
        let stats = return_stats(
            Period::new(2023, 4).expect("period"),
            ReturnIndicator::Output,
            &[],
            &returns,
        );
        let order: Vec<&str> = stopped(&stats).iter().map(|e| e.code.as_str()).collect();
        assert_eq!(order, ["b", "c", "a"]);
    }

    #[test]
    fn a_group_says_its_count_once() {
        assert_eq!(
            named_group("停产企业", "stopped", &["甲", "乙"], Lang::Zh),
            "停产企业2户：甲、乙"
        );
        assert_eq!(
            named_group(
                "未报送企业",
                "did not file a return",
                &["甲", "乙", "丙", "丁", "戊", "己"],
                Lang::Zh
            ),
            "未报送企业：甲、乙、丙、丁、戊等6户"
        );
        assert_eq!(
            named_group("停产企业", "stopped", &["A"], Lang::En),
            "1 enterprise stopped: A"
        );
    }
}
