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
use crate::model::warning::Warning;
use crate::model::{Basis, Lang};

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
    let (ds, snap, period) = args.scope.load_with_dataset(Basis::Ytd)?;
    let list = crate::briefing::warnings::load(&ds, &snap, period)?;
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
