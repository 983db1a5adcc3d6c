//! The Overview's cards (概览) as plain text and numbers: the headline, its gaps to the
//! province and the nation, the rank, the industry groups and the register, each with the
//! year's values for a sparkline and whether it rests on illustrative figures. Built from
//! analysis results only (no SQL, no egui); the window draws them, and their marks are the
//! same as the briefing's tables (see [`super::document`]).

use super::document::{
    group_illustrative, group_levels_illustrative, group_rate, growth_illustrative,
};
use super::format::{amount_10k_yuan, one_decimal, ordinal, signed};
use super::palette::{self, Rgb};
use super::summary::HeadlineFigure;
use crate::analysis::{self, GroupGrowth, Headline, PeriodAnalysis, ranking, round1};
use crate::model::catalogue::{EMERGING, LEADING4, VA_GROWTH};
use crate::model::{Lang, Period, SeriesKey, Snapshot};

/// One card.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// The card's title, in the card's language.
    pub title: String,
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
    /// True when the value or the detail rests on illustrative figures.
    pub illustrative: bool,
    /// What the mark says when hovered: which of the card's figures are illustrative.
    pub illustrative_note: String,
    /// An arrow: +1 up (good), -1 down, 0 none.
    pub trend: i32,
}

/// The cards for an analysed period, built when the selection changes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OverviewData {
    /// The cards in display order.
    pub cards: Vec<Card>,
    /// Whether the sample notice applies.
    pub is_sample: bool,
    /// The codes of the industry groups whose figures as the cards show them (growth,
    /// share, pull) rest on illustrative figures; the Industries view marks its cards by it.
    pub illustrative_groups: Vec<String>,
}

impl OverviewData {
    /// True when group `code`'s growth, share or pull rests on illustrative figures.
    pub fn group_illustrative(&self, code: &str) -> bool {
        self.illustrative_groups.iter().any(|c| c == code)
    }
}

/// True when what a group's card shows rests on illustrative figures: its growth (a stored
/// rate's source, or its members' figures), or its share or pull when it has one (its
/// members' and the whole's levels).
pub fn group_card_illustrative(snap: &Snapshot, a: &PeriodAnalysis, g: &GroupGrowth) -> bool {
    group_illustrative(snap, a, &g.code)
        || ((g.share_pct.is_some() || g.pull_pp.is_some())
            && group_levels_illustrative(snap, a, &g.code))
}

/// Where a group's growth comes from, as the cards say it: a stored rate from a published
/// source, a stored rate that is illustrative, a stored rate whose source is unknown (none
/// recorded, or one the dataset does not hold: never called published), or the members'
/// levels.
pub fn group_growth_origin(
    snap: &Snapshot,
    a: &PeriodAnalysis,
    g: &GroupGrowth,
    lang: Lang,
) -> &'static str {
    if !g.rate_stored {
        lang.pick("按行业增加值测算", "from industry levels")
    } else if group_illustrative(snap, a, &g.code) {
        lang.pick("示意增速", "illustrative rate")
    } else if !group_rate(snap, a, &g.code).is_some_and(|f| snap.figures.source_known(f)) {
        lang.pick("来源不明", "source unknown")
    } else {
        lang.pick("公开发布", "published")
    }
}

/// What a group card's mark says when hovered: which of its figures are illustrative.
fn group_note(snap: &Snapshot, a: &PeriodAnalysis, g: &GroupGrowth, lang: Lang) -> String {
    let growth = group_illustrative(snap, a, &g.code);
    let levels = (g.share_pct.is_some() || g.pull_pp.is_some())
        && group_levels_illustrative(snap, a, &g.code);
    match (growth, levels) {
        (true, true) => lang.pick(
            "增速、占比和拉动均依据示意数据，非公开发布值",
            "The growth, share and pull rest on illustrative figures, not published ones",
        ),
        (true, false) => lang.pick(
            "增速依据示意数据，非公开发布值",
            "The growth rests on illustrative figures, not published ones",
        ),
        _ => lang.pick(
            "增速见卡片所注来源；占比和拉动依据示意的行业增加值",
            "The growth is as the card says; the share and pull rest on illustrative industry levels",
        ),
    }
    .to_string()
}

/// What every card of one build shares: the snapshot, the analysis, the year's periods.
struct Builder<'a> {
    snap: &'a Snapshot,
    a: &'a PeriodAnalysis,
    lang: Lang,
    /// Every period of the selected period's year (the sparklines' x axis).
    periods: Vec<Period>,
    /// Where the selected period sits in `periods`.
    mark: Option<usize>,
    /// The subject region's growth series on the selected basis.
    own: SeriesKey,
    /// The text of a card without a figure.
    no_figure: String,
}

impl OverviewData {
    /// Builds the cards for `a` (its period and basis) in `lang`.
    pub fn build(snap: &Snapshot, a: &PeriodAnalysis, lang: Lang) -> OverviewData {
        let periods: Vec<Period> = Period::all_in_year(a.period.year()).collect();
        let b = Builder {
            snap,
            a,
            lang,
            mark: periods.iter().position(|p| *p == a.period),
            periods,
            own: SeriesKey::whole(&snap.context.region.code, VA_GROWTH, a.basis),
            no_figure: lang
                .pick("本期无数据", "no figure for this period")
                .to_string(),
        };
        let mut cards = vec![b.headline_card()];
        let ctx = &snap.context;
        let h = a.headline.as_ref();
        cards.push(b.gap_card(
            lang.pick("与全省差距", "Gap to the province"),
            ctx.parent.as_ref().map(|p| p.code.as_str()),
            h.and_then(|h| h.vs_parent_pp),
            h.and_then(|h| h.parent_value),
        ));
        cards.push(b.gap_card(
            lang.pick("与全国差距", "Gap to the nation"),
            ctx.nation.as_ref().map(|n| n.code.as_str()),
            h.and_then(|h| h.vs_nation_pp),
            h.and_then(|h| h.nation_value),
        ));
        cards.push(b.rank_card());
        cards.extend(b.group_cards());
        cards.extend(b.register_cards());
        OverviewData {
            cards,
            is_sample: snap.is_sample,
            illustrative_groups: a
                .groups
                .iter()
                .filter(|g| group_card_illustrative(snap, a, g))
                .map(|g| g.code.clone())
                .collect(),
        }
    }
}

impl Builder<'_> {
    /// The values of `key` over the year.
    fn series(&self, key: &SeriesKey) -> Vec<Option<f64>> {
        self.periods
            .iter()
            .map(|p| self.snap.figures.value(key, *p))
            .collect()
    }

    /// True when the region's growth on the selected basis is illustrative in `period`.
    fn illustrative_at(&self, region: &str, period: Period) -> bool {
        growth_illustrative(self.snap, region, self.a.basis, period)
    }

    fn headline(&self) -> Option<&Headline> {
        self.a.headline.as_ref()
    }

    /// The headline growth, with last year's rate and the two-year average under it.
    fn headline_card(&self) -> Card {
        let (lang, h) = (self.lang, self.headline());
        let period_label = self.a.period.label(self.a.basis, lang);
        let detail = match (
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
        };
        let region = self.own.region.as_str();
        Card {
            title: lang
                .pick("规上工业增加值增速", "Industrial value added growth")
                .to_string(),
            value: h
                .map(|h| format!("{}%", one_decimal(h.value)))
                .unwrap_or_else(|| self.no_figure.clone()),
            detail,
            spark: self.series(&self.own),
            spark_mark: self.mark,
            spark_inverted: false,
            accent: palette::HOME,
            illustrative_note: lang
                .pick(
                    "本期或上年同期的增速为示意数据，非公开发布值",
                    "This period's or last year's rate is illustrative, not published",
                )
                .to_string(),
            // The detail quotes last year's rate (and the two-year average built on it).
            illustrative: self.illustrative_at(region, self.a.period)
                || self
                    .a
                    .period
                    .year_before()
                    .is_some_and(|p| self.illustrative_at(region, p)),
            trend: h
                .and_then(|h| h.previous_period.map(|p| (h.value - p).signum() as i32))
                .unwrap_or(0),
        }
    }

    /// The gap to another region (`other`, the province or the nation), with its rate.
    fn gap_card(
        &self,
        title: &str,
        other: Option<&str>,
        gap: Option<f64>,
        value: Option<f64>,
    ) -> Card {
        let (snap, lang) = (self.snap, self.lang);
        let other_key = other.map(|c| SeriesKey::whole(c, VA_GROWTH, self.a.basis));
        let spark = match &other_key {
            Some(k) => self
                .series(&self.own)
                .into_iter()
                .zip(self.series(k))
                .map(|(a, b)| a.zip(b).map(|(a, b)| round1(a - b)))
                .collect(),
            None => vec![None; self.periods.len()],
        };
        let name = other
            .and_then(|c| snap.catalogue.region(c))
            .map(|r| r.name(lang).to_string())
            .unwrap_or_default();
        let is_nation = other == snap.context.nation.as_ref().map(|n| n.code.as_str());
        Card {
            title: title.to_string(),
            value: gap
                .map(|g| format!("{} {}", signed(g), lang.pick("个百分点", "pp")))
                .unwrap_or_else(|| self.no_figure.clone()),
            detail: value
                .map(|v| format!("{name} {}%", one_decimal(v)))
                .unwrap_or_default(),
            spark,
            spark_mark: self.mark,
            spark_inverted: false,
            accent: if is_nation {
                palette::NATION
            } else {
                palette::PARENT
            },
            illustrative_note: lang
                .pick(
                    "本地区或比较地区的增速为示意数据，非公开发布值",
                    "The region's or the compared region's rate is illustrative, not published",
                )
                .to_string(),
            // A gap rests on both rates, as the key table marks it.
            illustrative: other.is_some_and(|c| {
                self.illustrative_at(c, self.a.period)
                    || self.illustrative_at(&self.own.region, self.a.period)
            }),
            trend: 0,
        }
    }

    /// The rank among the province's cities, how long it has held and how it moved.
    fn rank_card(&self) -> Card {
        let (snap, lang, h) = (self.snap, self.lang, self.headline());
        let ctx = &snap.context;
        let spark = self
            .periods
            .iter()
            .map(|p| {
                ranking::rank_of(
                    &snap.figures,
                    &ctx.region.code,
                    &ctx.peers,
                    VA_GROWTH,
                    self.a.basis,
                    *p,
                )
                .map(|(r, _)| f64::from(r))
            })
            .collect();
        let value = h
            .and_then(|h| h.rank.zip(h.rank_of))
            .map(|(r, n)| match lang {
                Lang::Zh => format!("第{r}位 / {n}"),
                Lang::En => format!("{} of {n}", ordinal(r)),
            })
            .unwrap_or_else(|| self.no_figure.clone());
        let mut detail = Vec::new();
        if let Some(s) = h.and_then(|h| h.rank_streak).filter(|s| *s >= 2) {
            detail.push(match lang {
                Lang::Zh => format!("连续{s}个月"),
                Lang::En => format!("{s} months running"),
            });
        }
        detail.extend(h.and_then(|h| h.rank_change).map(|c| match (c, lang) {
            (c, Lang::Zh) if c > 0 => format!("较上月前移{c}位"),
            (c, Lang::En) if c > 0 => format!("up {c}"),
            (c, Lang::Zh) if c < 0 => format!("较上月后退{}位", -c),
            (c, Lang::En) if c < 0 => format!("down {}", -c),
            (_, Lang::Zh) => "与上月持平".to_string(),
            (_, Lang::En) => "unchanged".to_string(),
        }));
        Card {
            title: lang.pick("全省排名", "Rank in the province").to_string(),
            value,
            detail: detail.join(" · "),
            spark,
            spark_mark: self.mark,
            spark_inverted: true,
            accent: palette::HOME,
            // The rank, its change and its streak rest on the peers' rates as much as on the
            // region's own (this period and earlier in the year), as the summary marks them.
            illustrative: super::summary::headline_illustrative(snap, self.a)
                .iter()
                .any(|f| matches!(f, HeadlineFigure::Own | HeadlineFigure::Peers)),
            illustrative_note: lang
                .pick(
                    "排名所依据的本地区或其他地区增速含示意数据，非公开发布值",
                    "The rank rests on illustrative rates (the region's or other regions'), not published ones",
                )
                .to_string(),
            trend: h.and_then(|h| h.rank_change).map(i32::signum).unwrap_or(0),
        }
    }

    /// The four leading and the emerging industries, when the region has their figures.
    fn group_cards(&self) -> Vec<Card> {
        [
            (
                LEADING4,
                self.lang
                    .pick("四大主导产业增速", "Four leading industries"),
                2,
            ),
            (
                EMERGING,
                self.lang.pick("新兴产业增速", "Emerging industries"),
                3,
            ),
        ]
        .into_iter()
        .filter_map(|(code, title, colour)| {
            let g = self.a.groups.iter().find(|g| g.code == code)?;
            self.group_card(g, title, palette::categorical(colour))
        })
        .collect()
    }

    /// A group's growth over the year (from its stored rate or its members' levels).
    fn group_spark(&self, code: &str) -> Vec<Option<f64>> {
        let (snap, region) = (self.snap, &self.snap.context.region.code);
        self.periods
            .iter()
            .map(|p| {
                let s = analysis::structure::structure(&snap.figures, &snap.catalogue, region, *p);
                snap.catalogue.group(code).and_then(|def| {
                    analysis::structure::group_growth(
                        &snap.figures,
                        &snap.catalogue,
                        region,
                        def,
                        s.as_ref(),
                        *p,
                    )
                    .growth_pct
                })
            })
            .collect()
    }

    fn group_card(&self, g: &GroupGrowth, title: &str, accent: Rgb) -> Option<Card> {
        let lang = self.lang;
        let spark = self.group_spark(&g.code);
        // A region with no figures for the group in any period (another city than the
        // one whose groups the catalogue defines) gets no card rather than an empty one.
        if g.growth_pct.is_none() && spark.iter().all(Option::is_none) {
            return None;
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
            detail.push(group_growth_origin(self.snap, self.a, g, lang).to_string());
        }
        Some(Card {
            title: title.to_string(),
            value: g
                .growth_pct
                .map(|v| format!("{}%", one_decimal(v)))
                .unwrap_or_else(|| self.no_figure.clone()),
            detail: detail.join(" · "),
            spark,
            spark_mark: self.mark,
            spark_inverted: false,
            accent,
            illustrative: group_card_illustrative(self.snap, self.a, g),
            illustrative_note: group_note(self.snap, self.a, g, lang),
            trend: 0,
        })
    }

    /// Key-support enterprises, requests resolved and financing signed, with the register
    /// (none without one).
    fn register_cards(&self) -> Vec<Card> {
        let (snap, lang, r) = (self.snap, self.lang, &self.a.register);
        if r.total == 0 {
            return Vec::new();
        }
        let per_period: Vec<analysis::RegisterStats> = self
            .periods
            .iter()
            .map(|p| analysis::register::register_stats(&snap.register, *p))
            .collect();
        let upto = |i: usize| self.mark.is_some_and(|m| i <= m);
        let card =
            |title: &str, value: String, detail: String, spark: Vec<Option<f64>>, accent| Card {
                title: title.to_string(),
                value,
                detail,
                // The count of key-support enterprises has no sparkline, and no mark on one.
                spark_mark: self.mark.filter(|_| !spark.is_empty()),
                spark,
                spark_inverted: false,
                accent,
                illustrative: snap.is_sample,
                illustrative_note: lang
                    .pick(
                        "样例数据集的企业名录为示意数据，非真实企业",
                        "The sample's register is illustrative, not real enterprises",
                    )
                    .to_string(),
                trend: 0,
            };
        vec![
            card(
                lang.pick("重点帮扶企业", "Key-support enterprises"),
                format!("{}{}", r.key_support, lang.pick("户", "")),
                match lang {
                    Lang::Zh => format!(
                        "在册{}户 · 新兴产业{}户 · 专精特新{}户",
                        r.total, r.emerging, r.srdi
                    ),
                    Lang::En => format!(
                        "{} registered · {} emerging · {} SRDI",
                        r.total, r.emerging, r.srdi
                    ),
                },
                Vec::new(),
                palette::PARENT,
            ),
            card(
                lang.pick("企业诉求解决率", "Requests resolved"),
                r.resolution_rate_pct()
                    .map(|v| format!("{}%", one_decimal(v)))
                    .unwrap_or_else(|| self.no_figure.clone()),
                match lang {
                    Lang::Zh => format!(
                        "受理{}件 · 已解决{}件 · 超30天未办结{}件",
                        r.requests_raised, r.requests_resolved, r.requests_overdue
                    ),
                    Lang::En => format!(
                        "{} received · {} resolved · {} open > 30 days",
                        r.requests_raised, r.requests_resolved, r.requests_overdue
                    ),
                },
                per_period
                    .iter()
                    .enumerate()
                    .map(|(i, s)| s.resolution_rate_pct().filter(|_| upto(i)))
                    .collect(),
                palette::categorical(3),
            ),
            card(
                lang.pick("银企对接签约", "Financing signed"),
                amount_10k_yuan(r.financing_amount_10k_yuan, lang),
                match lang {
                    Lang::Zh => format!("{}户 · {}笔", r.deal_enterprises, r.deals),
                    Lang::En => format!("{} enterprises · {} deals", r.deal_enterprises, r.deals),
                },
                per_period
                    .iter()
                    .enumerate()
                    .map(|(i, s)| upto(i).then_some(s.financing_amount_10k_yuan))
                    .collect(),
                palette::categorical(4),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Basis;

    fn sample_cards(period: Period, lang: Lang) -> OverviewData {
        region_cards(None, period, lang)
    }

    fn region_cards(region: Option<&str>, period: Period, lang: Lang) -> OverviewData {
        let snap = crate::sample::in_memory()
            .and_then(|ds| ds.snapshot(region))
            .expect("the sample opens");
        let a = analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, period);
        OverviewData::build(&snap, &a, lang)
    }

    #[test]
    fn the_sample_has_every_card_in_order() {
        let p = Period::new(2023, 4).expect("period");
        let d = sample_cards(p, Lang::Zh);
        let titles: Vec<&str> = d.cards.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "规上工业增加值增速",
                "与全省差距",
                "与全国差距",
                "全省排名",
                "四大主导产业增速",
                "新兴产业增速",
                "重点帮扶企业",
                "企业诉求解决率",
                "银企对接签约",
            ]
        );
        assert_eq!(d.cards[0].value, "19.2%");
        assert_eq!(d.cards[3].value, "第1位 / 13");
        assert_eq!(d.cards[4].value, "21.8%");
        // 1—4月 is the third period of the year (1—2月 is one): the mark is on it, and the
        // register cards' sparklines stop there.
        assert_eq!(d.cards[0].spark_mark, Some(2));
        assert_eq!(d.cards[6].spark_mark, None);
        assert!(d.cards[7].spark[3..].iter().all(Option::is_none));
        assert!(d.is_sample);
        // The leading industries' rate is published, their share and pull come from the
        // sample's illustrative levels; the emerging industries' rate is from those levels.
        assert!(d.cards[4].illustrative && d.cards[5].illustrative);
        assert!(d.group_illustrative(LEADING4) && d.group_illustrative(EMERGING));
        let en = sample_cards(p, Lang::En);
        assert_eq!(en.cards[3].value, "1st of 13");
        assert_eq!(en.cards[1].title, "Gap to the province");
    }

    #[test]
    fn a_gap_is_marked_when_either_rate_is_illustrative() {
        // Heihe's rate in the sample is illustrative, the nation's is published: the gap to
        // the nation rests on an illustrative figure (the key table marks it so too).
        let p = Period::new(2023, 4).expect("period");
        let d = region_cards(Some("231100"), p, Lang::Zh);
        let nation = &d.cards[2];
        assert_eq!(nation.title, "与全国差距");
        assert!(nation.illustrative, "{nation:?}");
        // Jixi's own rate and the nation's are published: no mark.
        let d = sample_cards(p, Lang::Zh);
        assert!(!d.cards[2].illustrative, "{:?}", d.cards[2]);
    }

    #[test]
    fn the_rank_card_is_marked_from_the_peers_rates_and_each_card_says_why() {
        // Jixi's 19.2 is published, the other cities' rates in the sample are not: its rank
        // rests on them.
        let p = Period::new(2023, 4).expect("period");
        let d = sample_cards(p, Lang::Zh);
        let rank = &d.cards[3];
        assert_eq!(rank.title, "全省排名");
        assert!(rank.illustrative, "{rank:?}");
        assert!(rank.illustrative_note.contains("其他地区"), "{rank:?}");
        // The leading group's published rate: its card says so, and its mark names the
        // share and pull, not the rate.
        let leading = &d.cards[4];
        assert!(leading.detail.contains("公开发布"), "{leading:?}");
        assert!(
            leading.illustrative_note.contains("占比和拉动依据示意"),
            "{leading:?}"
        );
        let notes: std::collections::HashSet<&str> = d.cards[..6]
            .iter()
            .map(|c| c.illustrative_note.as_str())
            .collect();
        assert!(notes.len() >= 4, "{notes:?}");
    }

    #[test]
    fn a_group_rate_without_a_known_source_is_not_called_published() {
        let p = Period::new(2023, 4).expect("period");
        let ds = crate::sample::in_memory().expect("sample");
        let mut snap = ds.snapshot(None).expect("snapshot");
        let key = SeriesKey::whole(&snap.context.region.code, VA_GROWTH, Basis::Ytd)
            .with_subject(crate::model::Subject::Group(LEADING4.into()));
        for source in [None, Some(9999)] {
            let value = snap.figures.value(&key, p).expect("the leading rate");
            snap.figures
                .insert(key.clone(), p, crate::model::Figure { value, source });
            let a = analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p);
            let g = a.groups.iter().find(|g| g.code == LEADING4).expect("group");
            assert_eq!(group_growth_origin(&snap, &a, g, Lang::Zh), "来源不明");
            assert_eq!(
                group_growth_origin(&snap, &a, g, Lang::En),
                "source unknown"
            );
            let d = OverviewData::build(&snap, &a, Lang::Zh);
            assert!(!d.cards[4].detail.contains("公开发布"), "{:?}", d.cards[4]);
        }
    }
}
