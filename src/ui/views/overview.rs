//! Overview (概览): headline cards for the selected period, each with a sparkline over the
//! year, readable at a glance from across a table.

use egui::{RichText, Sense, Stroke, Ui, vec2};

use super::super::i18n::{self, Tr};
use super::super::session::Selection;
use super::super::widgets::{illustrative_badge, sparkline, themed};
use crate::analysis::{self, PeriodAnalysis, ranking, round1};
use crate::briefing::format::{amount_10k_yuan, one_decimal, signed};
use crate::briefing::palette::{self, Rgb};
use crate::model::catalogue::{EMERGING, LEADING4, VA_GROWTH};
use crate::model::{Lang, Period, SeriesKey, Snapshot};

/// One card.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// The card's title.
    pub title: Tr,
    /// The big figure ("19.2%"), or the no-data text.
    pub value: String,
    /// The line under it.
    pub detail: String,
    /// The year's values for the sparkline (None = no figure).
    pub spark: Vec<Option<f64>>,
    /// Index of the selected period in `spark`.
    pub spark_mark: Option<usize>,
    /// Lower is better (ranks): the sparkline is drawn upside down.
    pub spark_inverted: bool,
    /// Accent colour.
    pub accent: Rgb,
    /// True when the value rests on illustrative figures.
    pub illustrative: bool,
    /// An arrow: +1 up (good), -1 down, 0 none.
    pub trend: i32,
}

/// The cards for a selection, built when the selection changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OverviewData {
    /// The cards in display order.
    pub cards: Vec<Card>,
    /// Whether the sample notice applies.
    pub is_sample: bool,
}

fn year_periods(period: Period) -> Vec<Period> {
    Period::all_in_year(period.year()).collect()
}

impl OverviewData {
    /// Builds the cards.
    pub fn build(snap: &Snapshot, a: &PeriodAnalysis, sel: Selection) -> OverviewData {
        let lang = sel.lang;
        let ctx = &snap.context;
        let periods = year_periods(sel.period);
        let mark = periods.iter().position(|p| *p == sel.period);
        let own = SeriesKey::whole(&ctx.region.code, VA_GROWTH, sel.basis);
        let series = |key: &SeriesKey| -> Vec<Option<f64>> {
            periods
                .iter()
                .map(|p| snap.figures.value(key, *p))
                .collect()
        };
        let no = i18n::NO_FIGURE.get(lang).to_string();
        let illustrative_at = |key: &SeriesKey, period: Period| {
            snap.figures
                .get(key, period)
                .is_some_and(|f| snap.figures.is_illustrative(f))
        };
        let illustrative = |key: &SeriesKey| illustrative_at(key, sel.period);
        let mut cards = Vec::new();
        let h = a.headline.as_ref();
        let period_label = sel.period.label(sel.basis, lang);

        // Headline growth.
        cards.push(Card {
            title: i18n::CARD_GROWTH,
            value: h
                .map(|h| format!("{}%", one_decimal(h.value)))
                .unwrap_or(no.clone()),
            detail: match (
                h.and_then(|h| h.year_before),
                h.and_then(|h| h.two_year_avg_pct),
            ) {
                (Some(v), Some(avg)) => match lang {
                    Lang::Zh => format!(
                        "{period_label} · 上年同期{}% · 两年平均{}%",
                        one_decimal(v),
                        one_decimal(avg)
                    ),
                    Lang::En => format!(
                        "{period_label} · a year earlier {}% · two-year average {}%",
                        one_decimal(v),
                        one_decimal(avg)
                    ),
                },
                (Some(v), None) => match lang {
                    Lang::Zh => format!("{period_label} · 上年同期{}%", one_decimal(v)),
                    Lang::En => format!("{period_label} · a year earlier {}%", one_decimal(v)),
                },
                _ => period_label.clone(),
            },
            spark: series(&own),
            spark_mark: mark,
            spark_inverted: false,
            accent: palette::HOME,
            // The detail quotes last year's rate (and the two-year average built on it).
            illustrative: illustrative(&own)
                || sel
                    .period
                    .year_before()
                    .is_some_and(|p| illustrative_at(&own, p)),
            trend: h
                .and_then(|h| h.previous_period.map(|p| (h.value - p).signum() as i32))
                .unwrap_or(0),
        });

        // Gaps to parent and nation.
        let gap_card = |title: Tr, other: Option<&str>, gap: Option<f64>, value: Option<f64>| {
            let other_key = other.map(|c| SeriesKey::whole(c, VA_GROWTH, sel.basis));
            let spark = match &other_key {
                Some(k) => periods
                    .iter()
                    .map(|p| {
                        snap.figures
                            .value(&own, *p)
                            .zip(snap.figures.value(k, *p))
                            .map(|(a, b)| round1(a - b))
                    })
                    .collect(),
                None => vec![None; periods.len()],
            };
            let name = other
                .and_then(|c| snap.catalogue.region(c))
                .map(|r| r.name(lang).to_string())
                .unwrap_or_default();
            Card {
                title,
                value: gap
                    .map(|g| format!("{} {}", signed(g), i18n::PP_SHORT.get(lang)))
                    .unwrap_or(no.clone()),
                detail: value
                    .map(|v| format!("{name} {}%", one_decimal(v)))
                    .unwrap_or_default(),
                spark,
                spark_mark: mark,
                spark_inverted: false,
                accent: if other_key.as_ref().map(|k| k.region.as_str())
                    == ctx.nation.as_ref().map(|n| n.code.as_str())
                {
                    palette::NATION
                } else {
                    palette::PARENT
                },
                illustrative: other_key.as_ref().is_some_and(illustrative),
                trend: 0,
            }
        };
        cards.push(gap_card(
            i18n::CARD_VS_PARENT,
            ctx.parent.as_ref().map(|p| p.code.as_str()),
            h.and_then(|h| h.vs_parent_pp),
            h.and_then(|h| h.parent_value),
        ));
        cards.push(gap_card(
            i18n::CARD_VS_NATION,
            ctx.nation.as_ref().map(|n| n.code.as_str()),
            h.and_then(|h| h.vs_nation_pp),
            h.and_then(|h| h.nation_value),
        ));

        // Rank.
        let rank_spark: Vec<Option<f64>> = periods
            .iter()
            .map(|p| {
                ranking::rank_of(
                    &snap.figures,
                    &ctx.region.code,
                    &ctx.peers,
                    VA_GROWTH,
                    sel.basis,
                    *p,
                )
                .map(|(r, _)| f64::from(r))
            })
            .collect();
        let rank_value = h
            .and_then(|h| h.rank.zip(h.rank_of))
            .map(|(r, n)| match lang {
                Lang::Zh => format!("第{r}位 / {n}"),
                Lang::En => format!("{} of {n}", crate::briefing::format::ordinal(r)),
            })
            .unwrap_or(no.clone());
        let mut rank_detail = Vec::new();
        if let Some(s) = h.and_then(|h| h.rank_streak).filter(|s| *s >= 2) {
            rank_detail.push(match lang {
                Lang::Zh => format!("连续{s}个月"),
                Lang::En => format!("{s} months running"),
            });
        }
        match h.and_then(|h| h.rank_change) {
            Some(c) if c > 0 => rank_detail.push(match lang {
                Lang::Zh => format!("较上月前移{c}位"),
                Lang::En => format!("up {c}"),
            }),
            Some(c) if c < 0 => rank_detail.push(match lang {
                Lang::Zh => format!("较上月后退{}位", -c),
                Lang::En => format!("down {}", -c),
            }),
            Some(_) => rank_detail.push(match lang {
                Lang::Zh => "与上月持平".to_string(),
                Lang::En => "unchanged".to_string(),
            }),
            None => {}
        }
        cards.push(Card {
            title: i18n::CARD_RANK,
            value: rank_value,
            detail: rank_detail.join(" · "),
            spark: rank_spark,
            spark_mark: mark,
            spark_inverted: true,
            accent: palette::HOME,
            illustrative: illustrative(&own),
            trend: h.and_then(|h| h.rank_change).map(i32::signum).unwrap_or(0),
        });

        // Groups.
        for (code, title) in [
            (LEADING4, i18n::CARD_LEADING),
            (EMERGING, i18n::CARD_EMERGING),
        ] {
            let Some(g) = a.groups.iter().find(|g| g.code == code) else {
                continue;
            };
            let spark = periods
                .iter()
                .map(|p| {
                    let s = analysis::structure::structure(
                        &snap.figures,
                        &snap.catalogue,
                        &ctx.region.code,
                        *p,
                    );
                    snap.catalogue.group(code).and_then(|def| {
                        analysis::structure::group_growth(
                            &snap.figures,
                            &snap.catalogue,
                            &ctx.region.code,
                            def,
                            s.as_ref(),
                            *p,
                        )
                        .growth_pct
                    })
                })
                .collect::<Vec<Option<f64>>>();
            // A region with no figures for the group in any period (another city than the
            // one whose groups the catalogue defines) gets no card rather than an empty one.
            if g.growth_pct.is_none() && spark.iter().all(Option::is_none) {
                continue;
            }
            let mut detail = Vec::new();
            if let Some(p) = g.pull_pp {
                detail.push(match lang {
                    Lang::Zh => format!("拉动{}个百分点", one_decimal(p)),
                    Lang::En => format!("pull {} pp", one_decimal(p)),
                });
            }
            if let Some(s) = g.share_pct {
                detail.push(match lang {
                    Lang::Zh => format!("占比{}%", one_decimal(s)),
                    Lang::En => format!("share {}%", one_decimal(s)),
                });
            }
            if g.rate_stored {
                detail.push(i18n::PUBLISHED.get(lang).to_string());
            }
            cards.push(Card {
                title,
                value: g
                    .growth_pct
                    .map(|v| format!("{}%", one_decimal(v)))
                    .unwrap_or(no.clone()),
                detail: detail.join(" · "),
                spark,
                spark_mark: mark,
                spark_inverted: false,
                accent: palette::categorical(if code == LEADING4 { 2 } else { 3 }),
                illustrative: crate::briefing::document::group_illustrative(snap, a, code),
                trend: 0,
            });
        }

        // Register.
        let r = &a.register;
        if r.total > 0 {
            let per_period: Vec<analysis::RegisterStats> = periods
                .iter()
                .map(|p| analysis::register::register_stats(&snap.register, *p))
                .collect();
            let upto = |i: usize| mark.is_some_and(|m| i <= m);
            cards.push(Card {
                title: i18n::CARD_ENTERPRISES,
                value: format!("{}{}", r.key_support, i18n::UNITS_ENTERPRISE.get(lang)),
                detail: match lang {
                    Lang::Zh => format!(
                        "在册{}户 · 新兴产业{}户 · 专精特新{}户",
                        r.total, r.emerging, r.srdi
                    ),
                    Lang::En => format!(
                        "{} registered · {} emerging · {} SRDI",
                        r.total, r.emerging, r.srdi
                    ),
                },
                spark: Vec::new(),
                spark_mark: None,
                spark_inverted: false,
                accent: palette::PARENT,
                illustrative: snap.is_sample,
                trend: 0,
            });
            cards.push(Card {
                title: i18n::CARD_REQUESTS,
                value: r
                    .resolution_rate_pct()
                    .map(|v| format!("{}%", one_decimal(v)))
                    .unwrap_or(no.clone()),
                detail: match lang {
                    Lang::Zh => format!(
                        "受理{}件 · 已解决{}件 · 超30天未办结{}件",
                        r.requests_raised, r.requests_resolved, r.requests_overdue
                    ),
                    Lang::En => format!(
                        "{} received · {} resolved · {} open > 30 days",
                        r.requests_raised, r.requests_resolved, r.requests_overdue
                    ),
                },
                spark: per_period
                    .iter()
                    .enumerate()
                    .map(|(i, s)| s.resolution_rate_pct().filter(|_| upto(i)))
                    .collect(),
                spark_mark: mark,
                spark_inverted: false,
                accent: palette::categorical(3),
                illustrative: snap.is_sample,
                trend: 0,
            });
            cards.push(Card {
                title: i18n::CARD_FINANCING,
                value: amount_10k_yuan(r.financing_amount_10k_yuan, lang),
                detail: match lang {
                    Lang::Zh => format!("{}户 · {}笔", r.deal_enterprises, r.deals),
                    Lang::En => format!("{} enterprises · {} deals", r.deal_enterprises, r.deals),
                },
                spark: per_period
                    .iter()
                    .enumerate()
                    .map(|(i, s)| upto(i).then_some(s.financing_amount_10k_yuan))
                    .collect(),
                spark_mark: mark,
                spark_inverted: false,
                accent: palette::categorical(4),
                illustrative: snap.is_sample,
                trend: 0,
            });
        }
        OverviewData {
            cards,
            is_sample: snap.is_sample,
        }
    }
}

/// The Overview view.
#[derive(Debug, Default)]
pub struct OverviewView;

impl OverviewView {
    /// Draws the cards.
    pub fn ui(&mut self, ui: &mut Ui, data: &OverviewData, lang: Lang) {
        let width = ui.available_width();
        let columns = if width > 1100.0 {
            3
        } else if width > 700.0 {
            2
        } else {
            1
        };
        let gap = 12.0;
        let card_w = (width - gap * (columns as f32 - 1.0)) / columns as f32;
        egui::ScrollArea::vertical().show(ui, |ui| {
            for row in data.cards.chunks(columns) {
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = gap;
                    for card in row {
                        card_ui(ui, card, card_w, lang);
                    }
                });
                ui.add_space(gap);
            }
        });
    }
}

fn card_ui(ui: &mut Ui, card: &Card, width: f32, lang: Lang) {
    let visuals = ui.visuals().clone();
    let dark = visuals.dark_mode;
    egui::Frame::new()
        .fill(visuals.extreme_bg_color)
        .stroke(Stroke::new(
            1.0,
            visuals.widgets.noninteractive.bg_stroke.color,
        ))
        .corner_radius(8.0)
        .inner_margin(14.0)
        .show(ui, |ui| {
            ui.set_width(width - 28.0);
            ui.set_height(150.0);
            ui.vertical(|ui| {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(card.title.get(lang)).size(15.0).strong());
                    if card.illustrative {
                        illustrative_badge(
                            ui,
                            lang,
                            lang.pick(
                                "该数据为示意数据，非公开发布值",
                                "This figure is illustrative, not published",
                            ),
                        );
                    }
                });
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(&card.value)
                            .size(34.0)
                            .strong()
                            .color(themed(card.accent, dark)),
                    );
                    let arrow = match card.trend {
                        t if t > 0 => Some(("▲", themed(palette::UP, dark))),
                        t if t < 0 => Some(("▼", themed(palette::DOWN, dark))),
                        _ => None,
                    };
                    if let Some((a, c)) = arrow {
                        ui.label(RichText::new(a).size(18.0).color(c));
                    }
                });
                ui.label(RichText::new(&card.detail).size(13.0));
                if card.spark.iter().any(Option::is_some) {
                    let (rect, _) =
                        ui.allocate_exact_size(vec2(ui.available_width(), 36.0), Sense::hover());
                    sparkline(
                        ui,
                        rect,
                        &card.spark,
                        card.spark_mark,
                        card.spark_inverted,
                        themed(card.accent, dark),
                    );
                }
            });
        });
}
