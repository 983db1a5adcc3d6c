//! The 包联 scorecard as the window, the briefing and the command line read it: the period
//! it is for, and the scorecard computed from the dataset's register, returns and weights;
//! and the briefing's section 包联考核 (SPEC §10) written from it.
//!
//! Contract of the section:
//! - Only the home region's briefing has it (the register is the home region's), and only
//!   when the scorecard has officials; it is read by [`load_for_briefing`].
//! - The table prints the period and the weights used (its note); a component an official
//!   has no data for is an empty cell, printed —; numbers stay numbers for spreadsheets.
//! - The narrative names the best official (several on a tie: "A、B并列第一"), with their
//!   enterprises' output growth against the city's, the lowest, and the overdue requests;
//!   a clause whose figure is missing is left out, never guessed.
//! - Figures resting on illustrative data (the returns' sources, or a sample dataset whose
//!   projects and ratings are invented) are marked with `*` like every illustrative figure.

use super::document::{Cell, Table};
use super::format::{gap_phrase, growth_phrase, one_decimal};
use crate::analysis::evaluation::{OfficialScore, Scorecard, evaluate};
use crate::analysis::returns::{ReturnStats, members, population_stats};
use crate::model::returns::ReturnIndicator;
use crate::model::{Basis, Component, Lang, Period, RegionLevel, Snapshot, Weights};
use crate::store::{Dataset, StoreError};

/// Id of the scorecard's table (XLSX sheet 包联考核, CSV file `<stem>_evaluation.csv`).
pub const EVALUATION_TABLE: &str = "evaluation";

/// The period a scorecard is for when none is asked: the latest period with returns (output
/// growth carries the largest weight, so a later project list alone does not move it),
/// else the latest with project figures. None when the dataset has neither (requests alone
/// do not make a period: they run daily).
pub fn default_period(ds: &Dataset) -> Result<Option<Period>, StoreError> {
    if let Some(latest) = ds.return_periods()?.into_iter().max() {
        return Ok(Some(latest));
    }
    Ok(ds.register()?.projects.iter().map(|p| p.period).max())
}

/// True when `period` has something to score: returns, or project figures of its year up
/// to it (a project reported for March still counts in April).
pub fn has_data(
    ds: &Dataset,
    register: &crate::model::Register,
    period: Period,
) -> Result<bool, StoreError> {
    Ok(ds.return_periods()?.contains(&period)
        || !crate::analysis::evaluation::projects_at(&register.projects, period).is_empty())
}

/// The output statistics of `period` (SPEC §9) the scorecard's output growth comes from;
/// None when no enterprise returned output for it.
pub fn output_stats(
    ds: &Dataset,
    register: &crate::model::Register,
    period: Period,
) -> Result<Option<ReturnStats>, StoreError> {
    let indicator = ReturnIndicator::Output;
    let resolved = ds.returns_for(period, indicator)?;
    if resolved.is_empty() {
        return Ok(None);
    }
    population_stats(
        period,
        indicator,
        members(register, ds.catalogue()),
        &resolved,
        |codes| ds.returns_begin_after_among(period, codes, &register.enterprises),
    )
    .map(Some)
}

/// The scorecard of `period` with the dataset's weights, and the output statistics it used.
pub fn load(ds: &Dataset, period: Period) -> Result<(Scorecard, Option<ReturnStats>), StoreError> {
    let register = ds.register()?;
    let output = output_stats(ds, &register, period)?;
    let weights = ds.evaluation_weights()?;
    let card = evaluate(period, &register, output.as_ref(), weights);
    Ok((card, output))
}

/// The scorecard a briefing's section 包联考核 is written from.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefingEvaluation {
    /// The scorecard of the briefing's period.
    pub card: Scorecard,
    /// True when its figures rest on illustrative data (marked `*`).
    pub illustrative: bool,
}

impl BriefingEvaluation {
    /// The section's input, None when the scorecard has no official (then no section).
    pub fn new(card: Scorecard, illustrative: bool) -> Option<Self> {
        (!card.officials.is_empty()).then_some(BriefingEvaluation { card, illustrative })
    }
}

/// Reads the scorecard of `period` for the briefing of `snap`: None when the snapshot's
/// region is not the dataset's home region (the register is the home region's) or no
/// enterprise is paired with an official.
pub fn load_for_briefing(
    ds: &Dataset,
    snap: &Snapshot,
    period: Period,
) -> Result<Option<BriefingEvaluation>, StoreError> {
    let meta = ds.meta()?;
    if snap.context.region.code != meta.home_region {
        return Ok(None);
    }
    // A period with only requests (figures published after the last returns) would rank
    // the officials on requests alone; `evaluate` refuses it, and so does the briefing.
    if !has_data(ds, &snap.register, period)? {
        return Ok(None);
    }
    let (card, _) = load(ds, period)?;
    // Illustrative when the returns or the projects it rests on cite an illustrative
    // source, or the dataset is the sample (its ratings are invented too).
    let mut ids = ds.return_source_ids(period)?;
    ids.extend(ds.project_source_ids(period.year())?);
    let illustrative_source = ds
        .sources()?
        .iter()
        .any(|s| s.illustrative && ids.contains(&s.id));
    Ok(BriefingEvaluation::new(
        card,
        meta.is_sample || illustrative_source,
    ))
}

/// A weight as printed: "40", "12.5".
fn weight(w: f64) -> String {
    if (w - w.round()).abs() < 1e-9 {
        format!("{w:.0}")
    } else {
        let s = format!("{w:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Each component with its weight: ["产值增速40", …] / ["output growth 40", …].
fn weight_parts(w: &Weights, lang: Lang) -> Vec<String> {
    Component::ALL
        .iter()
        .map(|&c| match lang {
            Lang::Zh => format!("{}{}", c.label(lang), weight(w.get(c))),
            Lang::En => format!("{} {}", c.label(lang), weight(w.get(c))),
        })
        .collect()
}

/// "权重：产值增速40、投资增速20、诉求办结率20、超期诉求10、满意率10" / "Weights: output
/// growth 40, investment growth 20, …".
pub fn weights_line(w: &Weights, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("权重：{}", weight_parts(w, lang).join("、")),
        Lang::En => format!("Weights: {}", weight_parts(w, lang).join(", ")),
    }
}

/// The table's note: the period and the weights.
pub fn table_note(card: &Scorecard, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "考核期：{}（累计）；产值为现价；{}；综合得分为功效系数法（60—100分）加权",
            card.period.label_with_year(Basis::Ytd, lang),
            weights_line(&card.weights, lang)
        ),
        Lang::En => format!(
            "Period: {} (year to date); output at current prices; {}; scores by the efficacy coefficient method (60–100), weighted",
            card.period.label_with_year(Basis::Ytd, lang),
            weights_line(&card.weights, lang)
        ),
    }
}

/// The scorecard as a table: one row per official by rank, — for what they lack.
pub fn table(e: &BriefingEvaluation, lang: Lang) -> Table {
    let ill = e.illustrative;
    let rate = |v: Option<f64>| Cell::rate(v).marked(ill);
    let rows = e
        .card
        .officials
        .iter()
        .map(|o| {
            vec![
                o.rank.map(|r| Cell::count(r as f64)).unwrap_or(Cell::Empty),
                Cell::text(o.name.clone()),
                Cell::count(o.enterprises as f64),
                rate(o.output_growth_pct),
                rate(o.vs_city_pp),
                rate(o.investment_growth_pct),
                rate(o.plan_completion_pct),
                rate(o.resolved_pct),
                o.value(Component::Overdue)
                    .map(Cell::count)
                    .unwrap_or(Cell::Empty)
                    .marked(ill),
                rate(o.satisfied_pct),
                rate(o.score),
            ]
        })
        .collect();
    let columns: &[&str] = match lang {
        Lang::Zh => &[
            "位次",
            "包联领导",
            "企业（户）",
            "产值增速（%）",
            "比全市（百分点）",
            "投资增速（%）",
            "计划完成率（%）",
            "办结率（%）",
            "超期诉求（件）",
            "满意率（%）",
            "综合得分",
        ],
        Lang::En => &[
            "Rank",
            "Official",
            "Enterprises",
            "Output growth (%)",
            "Vs city (pp)",
            "Investment growth (%)",
            "Plan completion (%)",
            "Resolved (%)",
            "Overdue",
            "Satisfied (%)",
            "Score",
        ],
    };
    Table {
        id: EVALUATION_TABLE.into(),
        title: match lang {
            Lang::Zh => format!(
                "包联考核（{}）",
                e.card.period.label_with_year(Basis::Ytd, lang)
            ),
            Lang::En => format!(
                "Paired officials' scorecard ({})",
                e.card.period.label_with_year(Basis::Ytd, lang)
            ),
        },
        note: Some(table_note(&e.card, lang)),
        columns: columns.iter().map(|c| c.to_string()).collect(),
        rows,
    }
}

/// "A、B" / "A and B".
fn names(officials: &[&OfficialScore], lang: Lang) -> String {
    let names: Vec<&str> = officials.iter().map(|o| o.name.as_str()).collect();
    match lang {
        Lang::Zh => names.join("、"),
        Lang::En => match names.as_slice() {
            [] => String::new(),
            [one] => (*one).to_string(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        },
    }
}

/// How the region as a whole is named in a comparison: 全市 / the city-wide rate.
fn whole(level: RegionLevel, lang: Lang) -> &'static str {
    match (lang, level) {
        (Lang::Zh, l) => l.whole_label(Lang::Zh),
        (Lang::En, RegionLevel::Nation) => "the national rate",
        (Lang::En, RegionLevel::Province) => "the provincial rate",
        (Lang::En, RegionLevel::City) => "the city-wide rate",
        (Lang::En, RegionLevel::County) => "the county-wide rate",
    }
}

/// What an official's enterprises and projects did: "其包联企业产值增长12.3%，高于全市2.1个
/// 百分点，包联项目完成投资增长15.0%，企业诉求办结率95.0%" (each clause only with its figure).
fn details(o: &OfficialScore, level: RegionLevel, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(g) = o.output_growth_pct {
        let gap = o
            .vs_city_pp
            .map(|v| gap_phrase(v, whole(level, Lang::Zh), whole(level, Lang::En), lang));
        out.push(match (lang, gap) {
            (Lang::Zh, Some(gap)) => {
                format!("其包联企业产值（现价）{}，{gap}", growth_phrase(g, lang))
            }
            (Lang::Zh, None) => format!("其包联企业产值（现价）{}", growth_phrase(g, lang)),
            (Lang::En, Some(gap)) => format!(
                "the output (at current prices) of the enterprises paired with them {}, {gap}",
                growth_phrase(g, lang)
            ),
            (Lang::En, None) => format!(
                "the output (at current prices) of the enterprises paired with them {}",
                growth_phrase(g, lang)
            ),
        });
    }
    if let Some(g) = o.investment_growth_pct {
        out.push(match lang {
            Lang::Zh => format!("包联项目完成投资{}", growth_phrase(g, lang)),
            Lang::En => format!(
                "their projects' completed investment {}",
                growth_phrase(g, lang)
            ),
        });
    }
    if let Some(r) = o.resolved_pct {
        out.push(match lang {
            Lang::Zh => format!("企业诉求办结率{}%", one_decimal(r)),
            Lang::En => format!(
                "{}% of their enterprises' requests were resolved",
                one_decimal(r)
            ),
        });
    }
    out
}

/// Clauses as an English list: "a", "a and b", "a; b; and c" (the clauses hold commas).
fn english_list(clauses: &[String]) -> String {
    match clauses {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a}; and {b}"),
        [init @ .., last] => format!("{}; and {last}", init.join("; ")),
    }
}

/// The best official(s): "包联领导中，王立新综合得分最高（86.5分），其包联企业产值增长…" or
/// "包联领导中，A、B并列第一（86.5分）".
fn leader_sentence(card: &Scorecard, level: RegionLevel, lang: Lang) -> Option<String> {
    let leaders = card.leaders();
    let score = leaders.first()?.score?;
    let pts = one_decimal(score);
    let mut text = match (lang, leaders.as_slice()) {
        (Lang::Zh, [one]) => format!("包联领导中，{}综合得分最高（{pts}分）", one.name),
        (Lang::Zh, many) => format!("包联领导中，{}并列第一（{pts}分）", names(many, lang)),
        (Lang::En, [one]) => format!(
            "Among the paired officials, {} scored highest ({pts} points)",
            one.name
        ),
        (Lang::En, many) => format!(
            "Among the paired officials, {} tied for first ({pts} points)",
            names(many, lang)
        ),
    };
    if let [one] = leaders.as_slice() {
        let d = details(one, level, lang);
        if !d.is_empty() {
            text.push_str(lang.pick("，", ": "));
            text.push_str(&match lang {
                Lang::Zh => d.join("，"),
                Lang::En => english_list(&d),
            });
        }
    }
    Some(text)
}

/// The lowest official(s), when at least three are ranked and the last are not also first.
fn last_sentence(card: &Scorecard, level: RegionLevel, lang: Lang) -> Option<String> {
    let ranked: Vec<&OfficialScore> = card.officials.iter().filter(|o| o.rank.is_some()).collect();
    let last_rank = ranked.iter().filter_map(|o| o.rank).max()?;
    if ranked.len() < 3 || last_rank == 1 {
        return None;
    }
    let last: Vec<&OfficialScore> = ranked
        .into_iter()
        .filter(|o| o.rank == Some(last_rank))
        .collect();
    let pts = one_decimal(last.first()?.score?);
    let mut text = match (lang, last.as_slice()) {
        (Lang::Zh, [one]) => format!("{}得分最低（{pts}分）", one.name),
        (Lang::Zh, many) => format!("{}并列末位（{pts}分）", names(many, lang)),
        (Lang::En, [one]) => format!("{} scored lowest ({pts} points)", one.name),
        (Lang::En, many) => format!("{} tied for last ({pts} points)", names(many, lang)),
    };
    if let [one] = last.as_slice()
        && let Some(first) = details(one, level, lang).into_iter().next()
    {
        text.push_str(lang.pick("，", ": "));
        text.push_str(&first);
    }
    Some(text)
}

/// The overdue requests across officials: "超期未办结诉求共3件，涉及2名包联领导" / none.
fn overdue_sentence(card: &Scorecard, lang: Lang) -> Option<String> {
    let requests: usize = card.officials.iter().map(|o| o.requests).sum();
    if requests == 0 {
        return None;
    }
    let overdue: usize = card.officials.iter().map(|o| o.overdue).sum();
    let with: usize = card.officials.iter().filter(|o| o.overdue > 0).count();
    Some(match (lang, overdue) {
        (Lang::Zh, 0) => "包联企业诉求无超期未办结".to_string(),
        (Lang::Zh, n) => format!("超期未办结诉求共{n}件，涉及{with}名包联领导"),
        (Lang::En, 0) => "No request from a paired enterprise was overdue".to_string(),
        (Lang::En, 1) => "1 request from a paired enterprise was overdue".to_string(),
        (Lang::En, n) if with == 1 => {
            format!("{n} requests from paired enterprises were overdue, all under 1 official")
        }
        (Lang::En, n) => {
            format!("{n} requests from paired enterprises were overdue, across {with} officials")
        }
    })
}

/// The paragraph of the section 包联考核: who was evaluated, the best and the lowest, the
/// overdue requests.
pub fn paragraph(snap: &Snapshot, e: &BriefingEvaluation, lang: Lang) -> String {
    let card = &e.card;
    let level = snap.context.region.level;
    let n = card.officials.len();
    let opening = match lang {
        Lang::Zh => format!(
            "{}，{}{n}名包联领导参加考核，按{}的权重计算综合得分",
            card.period.label(Basis::Ytd, lang),
            level.whole_label(Lang::Zh),
            weight_parts(&card.weights, lang).join("、")
        ),
        Lang::En => format!(
            "In {}, {n} paired official{} evaluated, with weights of {}",
            card.period.label_with_year(Basis::Ytd, lang),
            if n == 1 { " was" } else { "s were" },
            weight_parts(&card.weights, lang).join(", ")
        ),
    };
    let mut sentences = vec![opening];
    let ranking: Vec<String> = [
        leader_sentence(card, level, lang),
        last_sentence(card, level, lang),
    ]
    .into_iter()
    .flatten()
    .collect();
    // One sentence in Chinese ("…最高…；…最低…"), two in English.
    match lang {
        Lang::Zh if !ranking.is_empty() => sentences.push(ranking.join("；")),
        Lang::Zh => {}
        Lang::En => sentences.extend(ranking),
    }
    sentences.extend(overdue_sentence(card, lang));
    let end = lang.pick("。", ".");
    sentences
        .iter()
        .map(|s| format!("{s}{end}"))
        .collect::<Vec<_>>()
        .join(lang.pick("", " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_print_as_whole_numbers_or_short_decimals() {
        assert_eq!(
            weights_line(&Weights::default(), Lang::Zh),
            "权重：产值增速40、投资增速20、诉求办结率20、超期诉求10、满意率10"
        );
        let mut w = Weights::default();
        w.set(Component::Resolved, 12.5);
        w.set(Component::Overdue, 0.0);
        w.set(Component::Satisfaction, 1.0 / 3.0);
        assert_eq!(
            weights_line(&w, Lang::En),
            "Weights: output growth 40, investment growth 20, requests resolved 12.5, overdue requests 0, satisfaction 0.33"
        );
    }

    #[test]
    fn english_clauses_with_commas_are_listed_with_semicolons() {
        let c = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(english_list(&c(&["a, b"])), "a, b");
        assert_eq!(english_list(&c(&["a, b", "c"])), "a, b; and c");
        assert_eq!(english_list(&c(&["a", "b", "c"])), "a; b; and c");
    }
}
