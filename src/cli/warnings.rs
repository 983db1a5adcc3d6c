//! `industry-monitor warnings --dataset D [--region R] [--period YYYY-MM] [--json] [--lang]`
//! (SPEC §13): what needs attention before the 调度会 — every rule that fires with the
//! dataset's thresholds, 预警 before 关注 within a rule.
//!
//! With --json: `{"period", "warnings": [{"rule", "severity", "subject", "value",
//! "threshold", "text"}]}`; `severity` in SPEC §13's words (预警/关注) in either language,
//! `rule` as its code, the subject's name, the text in the `--lang` language. The default period is the region's latest
//! (as `summary`'s).

use serde::Serialize;

use super::{CliError, ScopeArgs, emit, parse_lang};
use crate::model::catalogue::VA_GROWTH;
use crate::model::warning::Warning;
use crate::model::{Basis, Lang, Period, Snapshot};
use crate::store::Dataset;

/// Options of `warnings`.
#[derive(Debug, clap::Args)]
pub struct WarningsArgs {
    /// Dataset, region and period.
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Print SPEC §13's JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Language of the text and the messages.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,
}

/// One warning as JSON prints it.
#[derive(Serialize)]
struct Line<'a> {
    rule: &'static str,
    severity: &'static str,
    subject: &'a str,
    value: Option<f64>,
    threshold: Option<f64>,
    text: &'a str,
}

/// SPEC §13's JSON object.
#[derive(Serialize)]
struct Report<'a> {
    period: String,
    warnings: Vec<Line<'a>>,
}

/// Runs `warnings`.
pub fn run(args: &WarningsArgs) -> Result<(), CliError> {
    let (ds, snap, children) = args.scope.open_with_children()?;
    let period = period(&ds, &snap, args)?;
    let list = crate::briefing::warnings::load(&ds, &snap, children.as_ref(), period)?;
    let lang = args.lang;
    if args.json {
        let report = Report {
            period: period.code(),
            warnings: list
                .iter()
                .map(|w| Line {
                    rule: w.rule.code(),
                    // SPEC §13's words whatever the language: one schema for scripts.
                    severity: w.severity.label(Lang::Zh),
                    subject: w.subject.name(),
                    value: w.value,
                    threshold: w.threshold,
                    text: w.text.get(lang),
                })
                .collect(),
        };
        let json = serde_json::to_string_pretty(&report).map_err(|e| {
            CliError::Failed(match lang {
                Lang::Zh => format!("无法写出 JSON（{e}）；请去掉 --json 以文本输出"),
                Lang::En => format!("could not write JSON ({e}); run without --json for text"),
            })
        })?;
        return emit(format_args!("{json}\n"));
    }
    emit(text(&list, &period.label_with_year(Basis::Ytd, lang), lang))
}

/// The period asked for, else the latest with figures or returns: a dataset with only the
/// enterprises' returns (a provincial department's) still has warnings to give.
fn period(ds: &Dataset, snap: &Snapshot, args: &WarningsArgs) -> Result<Period, CliError> {
    let returns = ds.return_periods()?;
    let figures = crate::analysis::periods(snap, VA_GROWTH, Basis::Ytd);
    let file = args.scope.dataset.display();
    match &args.scope.period {
        Some(text) => {
            let p = text.parse::<Period>().map_err(|e| {
                CliError::Failed(match args.lang {
                    Lang::Zh => format!(
                        "--period {text}：不是时期（{e}）；请写成 YYYY-MM，如 2023-04（1—2月写作 2023-02）"
                    ),
                    Lang::En => format!(
                        "--period {text}: not a period ({e}); write YYYY-MM, e.g. 2023-04 (Jan–Feb is 2023-02)"
                    ),
                })
            })?;
            if figures.contains(&p) || returns.contains(&p) {
                return Ok(p);
            }
            Err(CliError::Failed(match args.lang {
                Lang::Zh => format!(
                    "--period {text}：{file}中没有{}的数据或企业月报，无法检查预警",
                    p.label_with_year(Basis::Ytd, Lang::Zh)
                ),
                Lang::En => format!(
                    "--period {text}: {file} holds no figures or returns for {}; nothing to check",
                    p.label_with_year(Basis::Ytd, Lang::En)
                ),
            }))
        }
        None => figures
            .last()
            .copied()
            .max(returns.last().copied())
            .ok_or_else(|| {
                CliError::Failed(match args.lang {
                    Lang::Zh => format!("{file}：没有数据也没有企业月报，无法检查预警；请先导入"),
                    Lang::En => {
                        format!("{file}: no figures and no returns to check; import some first")
                    }
                })
            }),
    }
}

/// The text form: a heading with the counts, then one line per warning.
fn text(list: &[Warning], period: &str, lang: Lang) -> String {
    use crate::model::warning::Severity;
    let count = |s| list.iter().filter(|w| w.severity == s).count();
    let mut out = match lang {
        Lang::Zh => format!(
            "需关注的问题 {period}：预警{}项，关注{}项\n",
            count(Severity::Alert),
            count(Severity::Watch)
        ),
        Lang::En => format!(
            "Issues to watch, {period}: {} alerts, {} to watch\n",
            count(Severity::Alert),
            count(Severity::Watch)
        ),
    };
    if list.is_empty() {
        out.push_str(lang.pick("没有触发任何预警规则。\n", "No rule fired.\n"));
    }
    for w in list {
        out.push_str(&format!(
            "[{}] {}{}{}\n",
            w.severity.label(lang),
            w.rule.label(lang),
            lang.pick("：", ": "),
            w.text.get(lang)
        ));
    }
    out
}
