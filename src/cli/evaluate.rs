//! `industry-monitor evaluate --dataset D [--period YYYY-MM] [--json] [--lang zh|en]`
//! (SPEC §10): the 包联 scorecard of a period — per paired official their enterprises'
//! output growth against the city's, their projects' investment growth and plan
//! completion, their enterprises' requests (resolved, overdue, satisfied), the efficacy
//! coefficient composite and the rank.
//!
//! Without --json: the period, the weights and one line per official (— where they have no
//! data). With --json: exactly SPEC §10's object (`period` as "2023-04", the weights, the
//! officials by rank; values unrounded, as `enterprises --json` prints them). The default
//! period is the latest with returns or project figures. Exit status 1 when the dataset
//! has neither, none for the period asked for (the message says which periods there are),
//! or no enterprise paired with an official; 2 for usage errors (clap).

use std::path::PathBuf;

use super::enterprises::aligned;
use super::{CliError, emit, parse_lang};
use crate::analysis::evaluation::Scorecard;
use crate::briefing::evaluation::{default_period, has_data, load, weights_line};
use crate::briefing::format::one_decimal;
use crate::model::{Basis, Component, Lang, Period};
use crate::store::Dataset;

/// Options of `evaluate`.
#[derive(Debug, clap::Args)]
pub struct EvaluateArgs {
    /// The dataset file.
    #[arg(long)]
    pub dataset: PathBuf,
    /// Period YYYY-MM, year to date: 2023-04 is 1–4月 (default: the latest with returns or
    /// project figures).
    #[arg(long)]
    pub period: Option<String>,
    /// Print SPEC §10's JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Language of the text and the messages.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,
}

/// Runs `evaluate`.
pub fn run(args: &EvaluateArgs) -> Result<(), CliError> {
    let ds = Dataset::open_to_read(&args.dataset)?;
    let period = period(&ds, args)?;
    let (card, _) = load(&ds, period)?;
    if card.officials.is_empty() {
        let file = args.dataset.display();
        return Err(CliError::Failed(match args.lang {
            Lang::Zh => format!(
                "{file}：企业名录中没有填写包联领导的企业，无法考核；请在企业名录的“包联领导”列填写后用 industry-monitor import --into {file} 导入"
            ),
            Lang::En => format!(
                "{file}: no enterprise in the register is paired with an official (包联领导), so there is no one to evaluate; fill the 包联领导 column of the enterprise list and import it with industry-monitor import --into {file}"
            ),
        }));
    }
    if args.json {
        let json = serde_json::to_string_pretty(&card).map_err(|e| {
            CliError::Failed(match args.lang {
                Lang::Zh => format!("无法写出 JSON（{e}）；请去掉 --json 以文本输出"),
                Lang::En => format!("could not write JSON ({e}); run without --json for text"),
            })
        })?;
        emit(format_args!("{json}\n"))
    } else {
        emit(text(&card, args.lang))
    }
}

/// The period asked for, or the default; the message saying why there is none. The
/// periods with data are those with returns and those with project figures (a project
/// reported for March still counts in April, see [`crate::analysis::evaluation::projects_at`]).
fn period(ds: &Dataset, args: &EvaluateArgs) -> Result<Period, CliError> {
    let lang = args.lang;
    let file = args.dataset.display();
    let label = |p: &Period| p.label_with_year(Basis::Ytd, lang);
    let no_data = || {
        CliError::Failed(match lang {
            Lang::Zh => format!(
                "{file}：数据集中没有企业月报，也没有投资项目，无法考核；请先用 industry-monitor import --into {file} 导入月报或投资项目清单"
            ),
            Lang::En => format!(
                "{file}: the dataset holds neither enterprise returns nor investment projects, so there is nothing to evaluate; import returns or a projects list first with industry-monitor import --into {file}"
            ),
        })
    };
    let Some(text) = &args.period else {
        return default_period(ds)?.ok_or_else(no_data);
    };
    let p = text.parse::<Period>().map_err(|e| {
        CliError::Failed(match lang {
            Lang::Zh => format!(
                "--period {text}：不是时期（{e}）；请写成 YYYY-MM，如 2023-04（1—2月写作 2023-02）"
            ),
            Lang::En => format!(
                "--period {text}: not a period ({e}); write YYYY-MM, e.g. 2023-04 (Jan–Feb is 2023-02)"
            ),
        })
    })?;
    let returns = ds.return_periods()?;
    let register = ds.register()?;
    if has_data(ds, &register, p)? {
        return Ok(p);
    }
    let projects = register.projects;
    let all = || {
        returns
            .iter()
            .copied()
            .chain(projects.iter().map(|x| x.period))
    };
    let (Some(first), Some(last)) = (all().min(), all().max()) else {
        return Err(no_data());
    };
    Err(CliError::Failed(match lang {
        Lang::Zh => format!(
            "--period {text}：{file}中没有{}的企业月报或投资项目数据；数据时期为{}至{}，请选其中之一",
            label(&p),
            label(&first),
            label(&last)
        ),
        Lang::En => format!(
            "--period {text}: {file} holds no enterprise returns or project figures for {}; its data run from {} to {}, pick one of those",
            label(&p),
            label(&first),
            label(&last)
        ),
    }))
}

/// The header lines and one line per official.
pub fn text(card: &Scorecard, lang: Lang) -> String {
    let na = "—";
    let opt = |x: Option<f64>| x.map(one_decimal).unwrap_or_else(|| na.to_string());
    let mut out = match lang {
        Lang::Zh => format!(
            "包联考核 {}（累计）\n{}\n全市可比企业工业总产值增速（现价）：{}%\n\n",
            card.period.label_with_year(Basis::Ytd, lang),
            weights_line(&card.weights, lang),
            opt(card.city_output_growth_pct)
        ),
        Lang::En => format!(
            "Paired officials' scorecard, {} (year to date)\n{}\nCity-wide output growth of comparable enterprises (current prices): {}%\n\n",
            card.period.label_with_year(Basis::Ytd, lang),
            weights_line(&card.weights, lang),
            opt(card.city_output_growth_pct)
        ),
    };
    let header: &[&str] = match lang {
        Lang::Zh => &[
            "位次",
            "包联领导",
            "企业",
            "产值增速%",
            "与全市差距",
            "投资增速%",
            "计划完成%",
            "诉求",
            "办结率%",
            "超期",
            "满意率%",
            "综合得分",
        ],
        Lang::En => &[
            "Rank",
            "Official",
            "Enterprises",
            "Output %",
            "Vs city pp",
            "Investment %",
            "Plan %",
            "Requests",
            "Resolved %",
            "Overdue",
            "Satisfied %",
            "Score",
        ],
    };
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for o in &card.officials {
        rows.push(vec![
            o.rank.map_or_else(|| na.to_string(), |r| r.to_string()),
            o.name.clone(),
            o.enterprises.to_string(),
            opt(o.output_growth_pct),
            opt(o.vs_city_pp),
            opt(o.investment_growth_pct),
            opt(o.plan_completion_pct),
            o.requests.to_string(),
            opt(o.resolved_pct),
            o.value(Component::Overdue)
                .map_or_else(|| na.to_string(), |v| format!("{v:.0}")),
            opt(o.satisfied_pct),
            opt(o.score),
        ]);
    }
    out.push_str(&aligned(&rows, |i| i != 1));
    out
}
