//! `industry-monitor enterprises --dataset D [--period YYYY-MM] [--indicator CODE] [--json]
//! [--lang zh|en]` (SPEC §9): the enterprises' monthly returns of one period and indicator —
//! counts, aggregate growth, 减产面 and every enterprise with its growth, pull and status.
//!
//! Without --json: a headline line and a table. With --json: exactly SPEC §9's object
//! (`period` as "2023-04", `indicator` as its code, enterprises by pull, largest first, the
//! missing last; values unrounded). The default period is the latest with returns. Exit
//! status 1 when the dataset has no returns, or none for the period or indicator asked for
//! (the message says which periods there are); 2 for an unknown indicator (clap).

use std::path::PathBuf;

use super::{CliError, emit, parse_lang};
use crate::analysis::returns::{Dimension, Flag, ReturnStats, members_of, population_stats};
use crate::briefing::format::one_decimal;
use crate::model::returns::{Quantity, ReturnIndicator};
use crate::model::{Basis, Lang, Period};
use crate::store::Dataset;

/// Options of `enterprises`.
#[derive(Debug, clap::Args)]
pub struct EnterprisesArgs {
    /// The dataset file.
    #[arg(long)]
    pub dataset: PathBuf,
    /// Period YYYY-MM: 2023-04 is 1–4月, 2023-02 is 1–2月 (default: the latest with returns).
    #[arg(long)]
    pub period: Option<String>,
    /// Indicator: output, sales, revenue, profit, power or employees (default output).
    #[arg(long, default_value = "output", value_parser = parse_indicator)]
    pub indicator: ReturnIndicator,
    /// Group the enterprises by industry, county, official or flag (each group's counts,
    /// aggregate growth, 减产面, pull and contribution) instead of listing them.
    #[arg(long, value_parser = parse_by)]
    pub by: Option<Dimension>,
    /// Print SPEC §9's JSON object instead of text (with --by: the groups).
    #[arg(long)]
    pub json: bool,
    /// Language of the text and the messages.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,
}

/// Parses `--indicator` (code, Chinese or English name); the error in both languages.
fn parse_indicator(s: &str) -> Result<ReturnIndicator, String> {
    s.parse::<ReturnIndicator>().map_err(|e| {
        let said = e.said();
        format!("{}\n{}", said.get(Lang::Zh), said.get(Lang::En))
    })
}

/// Parses `--by`.
fn parse_by(s: &str) -> Result<Dimension, String> {
    match s {
        "industry" | "行业" => Ok(Dimension::Industry),
        "county" | "县区" | "区县" => Ok(Dimension::County),
        "official" | "包联领导" => Ok(Dimension::Official),
        "flag" | "标识" => Ok(Dimension::Flag),
        _ => Err(format!(
            "--by 应为 industry、county、official 或 flag，而不是“{s}”\n--by takes industry, county, official or flag, not “{s}”"
        )),
    }
}

/// Runs `enterprises`.
pub fn run(args: &EnterprisesArgs) -> Result<(), CliError> {
    let ds = Dataset::open_to_read(&args.dataset)?;
    let stats = load(&ds, args)?;
    if let Some(by) = args.by {
        let groups = groups(&ds, &stats, by, args.lang);
        return if args.json {
            let json = serde_json::json!({
                "period": stats.period,
                "indicator": stats.indicator,
                "by": by_code(by),
                "groups": groups,
            });
            let json = serde_json::to_string_pretty(&json)
                .map_err(|e| CliError::Failed(format!("could not write JSON: {e}")))?;
            emit(format_args!("{json}\n"))
        } else {
            emit(groups_text(&stats, &groups, args.lang))
        };
    }
    if args.json {
        let json = serde_json::to_string_pretty(&stats)
            .map_err(|e| CliError::Failed(format!("could not write JSON: {e}")))?;
        emit(format_args!("{json}\n"))
    } else {
        emit(text(&ds, &stats, args.lang))
    }
}

/// The statistics asked for, or the message saying why there are none.
fn load(ds: &Dataset, args: &EnterprisesArgs) -> Result<ReturnStats, CliError> {
    let lang = args.lang;
    let file = args.dataset.display();
    let periods = ds.return_periods()?;
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        return Err(CliError::Failed(match lang {
            Lang::Zh => format!(
                "{file}：数据集中没有企业月报；请先用 industry-monitor import --into {file} 导入月报文件"
            ),
            Lang::En => format!(
                "{file}: the dataset holds no enterprise monthly returns; import a returns file first with industry-monitor import --into {file}"
            ),
        }));
    };
    let range = |p: &Period| p.label_with_year(Basis::Ytd, lang);
    let period = match &args.period {
        None => *last,
        Some(t) => {
            let p = t
                .parse::<Period>()
                .map_err(|e| CliError::Failed(format!("--period {t}: {e}")))?;
            if !periods.contains(&p) {
                return Err(CliError::Failed(match lang {
                    Lang::Zh => format!(
                        "--period {t}：{file}中没有{}的企业月报；月报时期为{}至{}，请选其中之一",
                        range(&p),
                        range(first),
                        range(last)
                    ),
                    Lang::En => format!(
                        "--period {t}: {file} holds no enterprise returns for {}; its returns run from {} to {}, pick one of those",
                        range(&p),
                        range(first),
                        range(last)
                    ),
                }));
            }
            p
        }
    };
    let resolved = ds.returns_for(period, args.indicator)?;
    if resolved.is_empty() {
        return Err(CliError::Failed(match lang {
            Lang::Zh => format!(
                "{file}：{}的企业月报中没有{}的数据；请换一个指标（--indicator）或导入含该指标的月报",
                range(&period),
                args.indicator.name(lang)
            ),
            Lang::En => format!(
                "{file}: the enterprise returns for {} hold no {} values; pick another --indicator or import returns that have it",
                range(&period),
                args.indicator.name(lang)
            ),
        }));
    }
    let enterprises = ds.enterprises()?;
    Ok(population_stats(
        period,
        args.indicator,
        members_of(&enterprises, ds.catalogue()),
        &resolved,
        |codes| ds.returns_begin_after_among(period, codes, &enterprises),
    )?)
}

/// The headline line: counts, the aggregate growth (现价 for money), 减产面, stopped.
pub fn headline(stats: &ReturnStats, lang: Lang) -> String {
    let s = stats;
    let na = lang.pick("—", "n/a");
    let opt = |x: Option<f64>| x.map(one_decimal).unwrap_or_else(|| na.to_string());
    let money = s.indicator.quantity() == Quantity::Money;
    let unit = s.indicator.unit(lang);
    // 减产 (less produced) is said of production; of revenue, profit, power or staff, 下降.
    let declining_word = match s.indicator {
        ReturnIndicator::Output | ReturnIndicator::Sales => "减产",
        _ => "下降",
    };
    match lang {
        Lang::Zh => format!(
            "{}企业月报 {}（{unit}{}）：报送{}户，可比{}户，未报送{}户；可比企业本年累计{}、上年同期{}，同比{}；{}{}户，{}面{}%；停产{}户\n",
            s.period.label_with_year(Basis::Ytd, lang),
            s.indicator.name(lang),
            if money { "，现价" } else { "" },
            s.reporting,
            s.comparable,
            s.missing,
            one_decimal(s.current_total),
            one_decimal(s.previous_total),
            s.growth_pct
                .map(|g| crate::briefing::format::growth_phrase(g, lang))
                .unwrap_or_else(|| format!("增速{na}")),
            declining_word,
            s.declining,
            declining_word,
            opt(s.decline_share_pct),
            s.stopped
        ),
        Lang::En => format!(
            "Enterprise returns, {}, {} ({unit}{}): {} filed, {} comparable, {} missing; comparable ones {} this year against {} a year earlier, growth {}%; {} declining, decline share {}%; {} stopped\n",
            s.period.label_with_year(Basis::Ytd, lang),
            s.indicator.name(lang),
            if money { ", current prices" } else { "" },
            s.reporting,
            s.comparable,
            s.missing,
            one_decimal(s.current_total),
            one_decimal(s.previous_total),
            opt(s.growth_pct),
            s.declining,
            opt(s.decline_share_pct),
            s.stopped
        ),
    }
}

/// Columns a terminal gives a character: 2 for CJK and full-width forms, else 1.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF => 2,
            0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// The headline line and the table (every enterprise, in the statistics' order).
fn text(ds: &Dataset, stats: &ReturnStats, lang: Lang) -> String {
    let cat = ds.catalogue();
    let na = lang.pick("—", "n/a");
    let opt = |x: Option<f64>| x.map(one_decimal).unwrap_or_else(|| na.to_string());
    let header: Vec<String> = match lang {
        Lang::Zh => vec![
            "企业",
            "县（市、区）",
            "行业",
            "包联领导",
            "本年累计",
            "上年同期",
            "增速%",
            "拉动",
            "状态",
        ],
        Lang::En => vec![
            "Enterprise",
            "County",
            "Industry",
            "Official",
            "Year to date",
            "Last year",
            "Growth %",
            "Pull pp",
            "Status",
        ],
    }
    .into_iter()
    .map(String::from)
    .collect();
    let mut rows = vec![header];
    for e in &stats.enterprises {
        let place = e
            .county
            .as_deref()
            .or(Some(e.region.as_str()))
            .and_then(|c| cat.region(c))
            .map(|r| r.name(lang).to_string())
            .unwrap_or_default();
        let industry = e
            .industry
            .as_deref()
            .map(|c| {
                cat.industry(c)
                    .map(|i| i.name(lang).to_string())
                    .unwrap_or_else(|| c.to_string())
            })
            .unwrap_or_default();
        rows.push(vec![
            e.name.clone(),
            place,
            industry,
            e.official.clone(),
            opt(e.current),
            opt(e.previous),
            opt(e.growth_pct),
            opt(e.pull_pp),
            e.status.label(lang).to_string(),
        ]);
    }
    let mut out = headline(stats, lang);
    out.push('\n');
    out.push_str(&aligned(&rows, |i| (4..=7).contains(&i)));
    out
}

/// Rows as aligned columns: numbers (columns where `numeric` is true) right-aligned, text
/// left-aligned, CJK counted two columns wide.
pub(crate) fn aligned(rows: &[Vec<String>], numeric: impl Fn(usize) -> bool) -> String {
    let columns = rows.first().map(Vec::len).unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| rows.iter().map(|r| width(&r[i])).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let pad = " ".repeat(w - width(c));
                if numeric(i) {
                    format!("{pad}{c}")
                } else {
                    format!("{c}{pad}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// The code `--by` and the JSON name a dimension by.
fn by_code(by: Dimension) -> &'static str {
    match by {
        Dimension::Industry => "industry",
        Dimension::County => "county",
        Dimension::Official => "official",
        Dimension::Flag => "flag",
    }
}

/// One group of `--by`, named, as the JSON prints it.
#[derive(Debug, serde::Serialize)]
struct Group {
    key: Option<String>,
    name: String,
    enterprises: usize,
    reporting: usize,
    comparable: usize,
    missing: usize,
    growth_pct: Option<f64>,
    declining: usize,
    decline_share_pct: Option<f64>,
    stopped: usize,
    pull_pp: Option<f64>,
    contribution_pct: Option<f64>,
}

/// The breakdown by `by`, each group named in `lang` (the group without a key: 未知行业,
/// 市本级, 未包联).
fn groups(ds: &Dataset, stats: &ReturnStats, by: Dimension, lang: Lang) -> Vec<Group> {
    let cat = ds.catalogue();
    let name = |key: Option<&str>| -> String {
        match (by, key) {
            (Dimension::Industry, Some(k)) => cat.industry(k).map(|i| i.name(lang).to_string()),
            (Dimension::County, Some(k)) => cat.region(k).map(|r| r.name(lang).to_string()),
            (Dimension::Flag, Some(k)) => Flag::ALL
                .into_iter()
                .find(|f| f.code() == k)
                .map(|f| f.label(lang).to_string()),
            (Dimension::Official, Some(k)) => Some(k.to_string()),
            (Dimension::Industry, None) => Some(lang.pick("行业不明", "industry unknown").into()),
            (Dimension::County, None) => Some(lang.pick("市本级", "city level").into()),
            (Dimension::Official, None) => Some(lang.pick("未包联", "no official").into()),
            (Dimension::Flag, None) => None,
        }
        .or_else(|| key.map(str::to_string))
        .unwrap_or_default()
    };
    stats
        .breakdown(by)
        .into_iter()
        .map(|g| Group {
            name: name(g.key.as_deref()),
            key: g.key,
            enterprises: g.tally.enterprises,
            reporting: g.tally.reporting,
            comparable: g.tally.comparable,
            missing: g.tally.missing,
            growth_pct: g.tally.growth_pct,
            declining: g.tally.declining,
            decline_share_pct: g.tally.decline_share_pct,
            stopped: g.tally.stopped,
            pull_pp: g.pull_pp,
            contribution_pct: g.contribution_pct,
        })
        .collect()
}

/// The headline and the groups as a table.
fn groups_text(stats: &ReturnStats, groups: &[Group], lang: Lang) -> String {
    let na = lang.pick("—", "n/a");
    let opt = |x: Option<f64>| x.map(one_decimal).unwrap_or_else(|| na.to_string());
    let header: &[&str] = match lang {
        Lang::Zh => &[
            "分组",
            "报送",
            "可比",
            "未报",
            "增速%",
            "减产",
            "减产面%",
            "停产",
            "拉动",
            "贡献率%",
        ],
        Lang::En => &[
            "Group",
            "Filed",
            "Comparable",
            "Missing",
            "Growth %",
            "Declining",
            "Share %",
            "Stopped",
            "Pull pp",
            "Contribution %",
        ],
    };
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for g in groups {
        rows.push(vec![
            g.name.clone(),
            g.reporting.to_string(),
            g.comparable.to_string(),
            g.missing.to_string(),
            opt(g.growth_pct),
            g.declining.to_string(),
            opt(g.decline_share_pct),
            g.stopped.to_string(),
            opt(g.pull_pp),
            opt(g.contribution_pct),
        ]);
    }
    let mut out = headline(stats, lang);
    out.push('\n');
    out.push_str(&aligned(&rows, |i| i > 0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_characters_take_two_columns() {
        assert_eq!(width("鸡西市"), 6);
        assert_eq!(width("abc"), 3);
        assert_eq!(width("（现价）"), 8);
        assert_eq!(width("1—2月"), 5);
    }
}
