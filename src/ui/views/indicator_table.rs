//! The key-indicator table (主要指标, SPEC §11) under the Overview's cards: every indicator
//! the subject has a year-to-date figure for, its value, growth, gap to the parent, rank and
//! progress against the year's target. The words of the target column are plain functions
//! (tested without a window).

use egui::{RichText, Ui};

use crate::analysis::indicators::IndicatorRow;
use crate::analysis::targets::TargetProgress;
use crate::briefing::format::{one_decimal, signed};
use crate::model::{Catalogue, Lang};

/// A number as a target or level is written: no trailing ".0" ("1200", "350.5").
pub fn plain_number(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        one_decimal(r)
    }
}

/// The target as written: 增长8% / 下降2% / 1200亿元 (a level in 万元 of a 亿元 or more is
/// written in 亿元, as targets are announced).
pub fn target_label(kind: &str, value: f64, unit: &str, lang: Lang) -> String {
    let (value, unit) = match crate::model::target::convert_unit(value, unit, "亿元") {
        Some(yi) if kind != "rate" && unit == "万元" && yi >= 1.0 => (yi, "亿元"),
        _ => (value, unit),
    };
    match (kind, lang) {
        ("rate", Lang::Zh) if value < 0.0 => format!("下降{}%", plain_number(-value)),
        ("rate", Lang::Zh) => format!("增长{}%", plain_number(value)),
        ("rate", Lang::En) => format!("growth {}%", plain_number(value)),
        (_, Lang::Zh) => format!("{}{unit}", plain_number(value)),
        (_, Lang::En) => format!("{} {unit}", plain_number(value)),
    }
}

/// "cannot compute: missing …" naming every missing figure.
fn missing_text(p: &TargetProgress, lang: Lang) -> String {
    let names: Vec<&str> = p.missing.iter().map(|m| m.label(lang)).collect();
    match lang {
        Lang::Zh => format!("无法计算：缺少{}", names.join("、")),
        Lang::En => format!("cannot compute: missing {}", names.join(", ")),
    }
}

/// The target column of an indicator row: the target, the gap (rate) or completion,
/// 序时进度 and ahead/behind (level), 时间过半、任务过半 at 1—6月, and the growth the other
/// months need — or which figure is missing for it.
pub fn progress_text(p: &TargetProgress, unit: &str, lang: Lang) -> String {
    let mut parts = vec![match lang {
        Lang::Zh => format!("目标{}", target_label(p.kind, p.target, unit, lang)),
        Lang::En => format!("target {}", target_label(p.kind, p.target, unit, lang)),
    }];
    parts.extend(standing(p, lang));
    if let Some(on_track) = p.half_year_on_track {
        // √ and × are in the bundled font (✓/✗ are not).
        parts.push(match (lang, on_track) {
            (Lang::Zh, true) => "时间过半、任务过半 √".to_string(),
            (Lang::Zh, false) => "时间过半、任务过半 ×".to_string(),
            (Lang::En, true) => "half the year, half the target √".to_string(),
            (Lang::En, false) => "half the year, half the target ×".to_string(),
        });
    }
    if let Some(text) = needed_text(p, lang) {
        parts.push(text);
    }
    parts.join(lang.pick("；", "; "))
}

/// What the remaining months need, worded as the briefing words it; None when nothing is to
/// be said (a stock, a rate without a level, the year over, or nothing left to grow from).
fn needed_text(p: &TargetProgress, lang: Lang) -> Option<String> {
    if !p.needed_applies || p.schedule_pct >= 100.0 {
        return None;
    }
    let Some(n) = p.needed_growth_pct else {
        return (!p.missing.is_empty()).then(|| missing_text(p, lang));
    };
    let r = crate::analysis::round1(n);
    Some(match lang {
        Lang::Zh if n <= -100.0 => "已提前完成全年目标".to_string(),
        Lang::En if n <= -100.0 => "the annual target is already met".to_string(),
        Lang::Zh if r > 0.0 => format!("其余月份需增长{}%", one_decimal(r)),
        Lang::Zh => format!("其余月份即使下降{}%也可完成全年目标", one_decimal(-r)),
        Lang::En if r > 0.0 => format!("the other months need {}% growth", one_decimal(r)),
        Lang::En => format!(
            "the target is met even if the other months fall by {}%",
            one_decimal(-r)
        ),
    })
}

/// Where the region stands against the target: the gap (rate); completion, 序时进度 and
/// ahead/behind (level). Empty when the figure to date is missing.
fn standing(p: &TargetProgress, lang: Lang) -> Vec<String> {
    let mut parts = Vec::new();
    if p.kind == "rate" {
        if let Some(gap) = p.gap_pp {
            let g = crate::analysis::round1(gap);
            parts.push(match lang {
                Lang::Zh if g >= 0.0 => format!("高于目标{}个百分点", one_decimal(g)),
                Lang::Zh => format!("低于目标{}个百分点", one_decimal(-g)),
                Lang::En if g >= 0.0 => format!("{} pp above the target", one_decimal(g)),
                Lang::En => format!("{} pp below the target", one_decimal(-g)),
            });
        }
    } else if let Some(c) = p.completion_pct {
        parts.push(match lang {
            Lang::Zh => format!("完成{}%", one_decimal(c)),
            Lang::En => format!("{}% done", one_decimal(c)),
        });
        // A stock (a count) is not built up over the months: no 序时进度 beside it.
        if p.needed_applies {
            parts.push(match lang {
                Lang::Zh => format!("序时进度{}%", one_decimal(p.schedule_pct)),
                Lang::En => format!("schedule {}%", one_decimal(p.schedule_pct)),
            });
        }
        if let Some(a) = p.ahead_pp {
            let a = crate::analysis::round1(a);
            parts.push(match lang {
                Lang::Zh if a >= 0.0 => format!("超序时进度{}个百分点", one_decimal(a)),
                Lang::Zh => format!("欠序时进度{}个百分点", one_decimal(-a)),
                Lang::En if a >= 0.0 => format!("{} pp ahead of schedule", one_decimal(a)),
                Lang::En => format!("{} pp behind schedule", one_decimal(-a)),
            });
        }
    }
    parts
}

/// The target column of a narrow table: the gap (rate) or completion and ahead/behind
/// (level) alone — or which figure is missing; [`progress_text`] says the rest on hover.
pub fn progress_short(p: &TargetProgress, lang: Lang) -> String {
    let parts = standing(p, lang);
    let short: Vec<&String> = match p.kind {
        "rate" => parts.iter().collect(),
        _ => parts.iter().step_by(2).collect(),
    };
    if short.is_empty() {
        return missing_text(p, lang);
    }
    short
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(lang.pick("，", ", "))
}

/// Draws the table; `parent` names the region the gap is to (全省, 鸡西市 …); the catalogue
/// gives a target's own unit (a level target on a row that is a rate).
pub fn indicators_ui(
    ui: &mut Ui,
    rows: &[IndicatorRow],
    (parent, catalogue): (Option<&str>, &Catalogue),
    lang: Lang,
) {
    ui.label(
        RichText::new(lang.pick("主要指标", "Key indicators"))
            .size(17.0)
            .strong(),
    );
    if rows.is_empty() {
        ui.label(lang.pick(
            "本期没有该地区的累计数据。",
            "No year-to-date figures of the region for this period.",
        ));
        return;
    }
    let vs = match (parent, lang) {
        (Some(p), Lang::Zh) => format!("比{p}（百分点）"),
        (Some(p), Lang::En) => format!("vs {p} (pp)"),
        (None, _) => lang.pick("比上级（百分点）", "vs parent (pp)").to_string(),
    };
    egui::Grid::new("key-indicators")
        .striped(true)
        .spacing([18.0, 6.0])
        .show(ui, |ui| {
            for h in [
                lang.pick("指标", "Indicator"),
                lang.pick("本期累计", "Year to date"),
                lang.pick("单位", "Unit"),
                lang.pick("增速（%）", "Growth (%)"),
                vs.as_str(),
                lang.pick("排名", "Rank"),
                lang.pick("年度目标", "Annual target"),
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for r in rows {
                ui.label(lang.pick(&r.name_zh, &r.name_en));
                // A rate's value is its growth: said once, in the growth column.
                match r.unit.as_str() {
                    "%" => {
                        ui.label("—");
                        ui.label("");
                    }
                    u => {
                        ui.label(plain_number(r.value));
                        ui.label(u);
                    }
                }
                ui.label(r.growth_pct.map_or("—".to_string(), one_decimal));
                ui.label(r.vs_parent_pp.map_or("—".to_string(), signed));
                ui.label(match (r.rank.zip(r.rank_of), lang) {
                    (Some((k, n)), Lang::Zh) => format!("第{k}位/{n}"),
                    (Some((k, n)), Lang::En) => format!("{k} of {n}"),
                    (None, _) => "—".to_string(),
                });
                ui.label(r.target.as_ref().map_or("—".to_string(), |p| {
                    let unit = catalogue
                        .indicator(&p.indicator)
                        .map_or(r.unit.as_str(), |i| i.unit.as_str());
                    progress_text(p, unit, lang)
                }));
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::targets::MissingFigure;

    fn progress(kind: &'static str, target: f64) -> TargetProgress {
        TargetProgress {
            indicator: "va".into(),
            kind,
            target,
            actual: None,
            gap_pp: None,
            completion_pct: None,
            schedule_pct: 50.0,
            ahead_pp: None,
            needed_growth_pct: None,
            half_year_on_track: None,
            missing: Vec::new(),
            needed_applies: true,
        }
    }

    #[test]
    fn the_needed_growth_is_said_only_when_there_is_something_to_say() {
        let mut p = progress("level", 1000.0);
        p.completion_pct = Some(90.0);
        // 1—12月: no remaining months; nothing missing: no "无法计算：缺少" with nothing after.
        p.schedule_pct = 100.0;
        assert!(!progress_text(&p, "万元", Lang::Zh).contains("无法计算"));
        p.schedule_pct = 50.0;
        assert!(!progress_text(&p, "万元", Lang::Zh).contains("无法计算"));
        p.needed_growth_pct = Some(-166.5);
        assert!(progress_text(&p, "万元", Lang::Zh).ends_with("已提前完成全年目标"));
        p.needed_growth_pct = Some(-0.94);
        assert!(
            progress_text(&p, "万元", Lang::Zh).ends_with("其余月份即使下降0.9%也可完成全年目标")
        );
        // A stock: no 序时进度 and no needed growth.
        p.needed_applies = false;
        let text = progress_text(&p, "家", Lang::Zh);
        assert!(
            !text.contains("序时") && !text.contains("其余月份"),
            "{text}"
        );
    }

    #[test]
    fn a_rate_target_says_the_gap_and_the_needed_growth() {
        let mut p = progress("rate", 8.0);
        p.gap_pp = Some(-1.26);
        p.needed_growth_pct = Some(9.04);
        assert_eq!(
            progress_text(&p, "亿元", Lang::Zh),
            "目标增长8%；低于目标1.3个百分点；其余月份需增长9.0%"
        );
    }

    #[test]
    fn a_level_target_says_completion_schedule_half_year_and_what_is_missing() {
        let mut p = progress("level", 1200.0);
        p.completion_pct = Some(52.5);
        p.ahead_pp = Some(2.5);
        p.half_year_on_track = Some(true);
        p.missing = vec![MissingFigure::LastYearFull];
        p.target = 12_000_000.0;
        assert_eq!(
            progress_text(&p, "万元", Lang::Zh),
            "目标1200亿元；完成52.5%；序时进度50.0%；超序时进度2.5个百分点；时间过半、任务过半 √；无法计算：缺少上年全年总量"
        );
        p.ahead_pp = Some(-3.0);
        p.half_year_on_track = Some(false);
        assert!(progress_text(&p, "亿元", Lang::En).contains("3.0 pp behind schedule"));
        assert!(progress_text(&p, "亿元", Lang::Zh).contains("欠序时进度3.0个百分点"));
        assert_eq!(
            progress_short(&p, Lang::Zh),
            "完成52.5%，欠序时进度3.0个百分点"
        );
    }
}
