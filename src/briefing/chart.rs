//! One description of each chart, drawn by egui_plot in the window and by the SVG writer for
//! files, so both show the same series, colours and labels.

use serde::Serialize;

use super::palette::{self, Rgb};
use crate::analysis::{Structure, ranking};
use crate::model::catalogue::VA_GROWTH;
use crate::model::{Basis, Lang, Period, SeriesKey, Snapshot, Subject};

/// Which chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartId {
    /// Growth lines of home region, parent and nation over periods.
    Growth,
    /// The peers' rates for one period as sorted bars.
    Ranking,
    /// The home region's rank over the periods of a year (rank 1 at the top).
    RankHistory,
    /// Industry shares for one period.
    Shares,
    /// Industry pulls on growth (waterfall).
    Pulls,
    /// Growth by industry (bars).
    IndustryGrowth,
    /// Industry shares over the periods of a year (stacked bars).
    SharesOverTime,
    /// Enterprises counted by industry.
    EnterpriseCounts,
    /// The tile map of the province's cities (the region's tile marked): drawn from the
    /// briefing's maps ([`super::map::MapChart`]), not a [`Chart`].
    Map,
    /// The tile map of the region's own counties, likewise from the briefing's maps.
    MapCounties,
}

impl ChartId {
    /// Every chart.
    pub const ALL: [ChartId; 10] = [
        ChartId::Growth,
        ChartId::Ranking,
        ChartId::RankHistory,
        ChartId::Shares,
        ChartId::Pulls,
        ChartId::IndustryGrowth,
        ChartId::SharesOverTime,
        ChartId::EnterpriseCounts,
        ChartId::Map,
        ChartId::MapCounties,
    ];

    /// True for the tile maps (drawn from the briefing's maps).
    pub fn is_map(self) -> bool {
        matches!(self, ChartId::Map | ChartId::MapCounties)
    }

    /// The `--chart` code.
    pub fn code(self) -> &'static str {
        match self {
            ChartId::Growth => "growth",
            ChartId::Ranking => "ranking",
            ChartId::RankHistory => "rank-history",
            ChartId::Shares => "shares",
            ChartId::Pulls => "pulls",
            ChartId::IndustryGrowth => "industry-growth",
            ChartId::SharesOverTime => "shares-over-time",
            ChartId::EnterpriseCounts => "enterprise-counts",
            ChartId::Map => "map",
            ChartId::MapCounties => "map-counties",
        }
    }
}

/// How the chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Lines over the categories (periods).
    Line,
    /// Horizontal bars, one per category, sorted as given (first at the top).
    HorizontalBars,
    /// A donut of shares (one series, one value per category).
    Donut,
    /// A waterfall: each category's value stacks on the previous total.
    Waterfall,
    /// Columns over the categories (periods) with the series stacked to 100%.
    StackedBars,
}

/// One series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// Colour.
    pub color: Rgb,
    /// One value per category (None = no figure).
    pub values: Vec<Option<f64>>,
    /// Per-category colours overriding `color` (bars: the home region highlighted).
    pub point_colors: Option<Vec<Rgb>>,
    /// Drawn thicker (the home region).
    pub emphasis: bool,
}

impl Series {
    /// The colour of category `i`: its own where the series has per-category colours.
    pub fn color_at(&self, i: usize) -> Rgb {
        self.point_colors
            .as_ref()
            .and_then(|c| c.get(i).copied())
            .unwrap_or(self.color)
    }
}

/// A horizontal reference line (e.g. the provincial rate on the ranking).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferenceLine {
    /// Label.
    pub label: String,
    /// Value on the value axis.
    pub value: f64,
    /// Colour.
    pub color: Rgb,
}

/// A chart, independent of how it is drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// Which chart.
    pub id: ChartId,
    /// Title.
    pub title: String,
    /// How it is drawn.
    pub kind: ChartKind,
    /// Category labels (x axis for lines, bar labels for bars).
    pub categories: Vec<String>,
    /// Periods of the categories, when they are periods (for selection by click).
    pub periods: Vec<Period>,
    /// The series.
    pub series: Vec<Series>,
    /// Unit of the values: "%", "个百分点"/"pp", "位"/"rank".
    pub unit: String,
    /// True when smaller values are better and go on top (ranks).
    pub inverted: bool,
    /// Reference lines.
    pub references: Vec<ReferenceLine>,
    /// Marked category indices (e.g. streak periods, the selected period).
    pub marked: Vec<usize>,
    /// A note under the chart (e.g. illustrative data).
    pub note: Option<String>,
}

impl Chart {
    /// The runs of a line series to draw as separate lines: a missing figure is not
    /// bridged, and a new year starts a new line (year-to-date figures restart in 1—2月).
    /// Each point is (category index, value).
    pub fn line_runs(&self, series: &Series) -> Vec<Vec<(usize, f64)>> {
        let mut runs: Vec<Vec<(usize, f64)>> = vec![Vec::new()];
        for (i, v) in series.values.iter().enumerate().take(self.categories.len()) {
            let new_year = i > 0
                && self.periods.get(i).map(|p| p.year())
                    != self.periods.get(i - 1).map(|p| p.year());
            if new_year || v.is_none() {
                runs.push(Vec::new());
            }
            if let (Some(v), Some(run)) = (v, runs.last_mut()) {
                run.push((i, *v));
            }
        }
        runs.retain(|r| !r.is_empty());
        runs
    }

    /// The heading of the category column when the chart is written out as a table.
    pub fn category_header(&self, lang: Lang) -> &'static str {
        match self.id {
            ChartId::Growth | ChartId::RankHistory | ChartId::SharesOverTime => {
                lang.pick("时期", "Period")
            }
            ChartId::Ranking | ChartId::Map | ChartId::MapCounties => lang.pick("地区", "Region"),
            ChartId::Shares | ChartId::Pulls | ChartId::IndustryGrowth => {
                lang.pick("行业", "Industry")
            }
            // Counts by industry, flag, status or category.
            ChartId::EnterpriseCounts => lang.pick("类别", "Category"),
        }
    }

    /// The chart's figures as tab-separated text (a header row, one row per category, then
    /// the reference lines), to paste into Excel, WPS or a Word table.
    pub fn to_tsv(&self, lang: Lang) -> String {
        let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        let mut out = String::new();
        out.push_str(self.category_header(lang));
        for s in &self.series {
            out.push('\t');
            out.push_str(&clean(&s.name));
        }
        out.push('\n');
        for (i, cat) in self.categories.iter().enumerate() {
            out.push_str(&clean(cat));
            for s in &self.series {
                out.push('\t');
                if let Some(v) = s.values.get(i).copied().flatten() {
                    // Ranks and counts are whole numbers; rates and points have one decimal.
                    if self.inverted || self.id == ChartId::EnterpriseCounts {
                        out.push_str(&format!("{v:.0}"));
                    } else {
                        out.push_str(&super::format::one_decimal(v));
                    }
                }
            }
            out.push('\n');
        }
        for r in &self.references {
            out.push_str(&clean(&r.label));
            out.push('\t');
            out.push_str(&super::format::one_decimal(r.value));
            out.push('\n');
        }
        out
    }

    /// The value range over all series and reference lines (min, max), if any.
    pub fn value_range(&self) -> Option<(f64, f64)> {
        let values = self
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
            .chain(self.references.iter().map(|r| r.value));
        values.fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
    }
}

fn region_label(snap: &Snapshot, code: &str, lang: Lang) -> String {
    snap.catalogue
        .region(code)
        .map(|r| match lang {
            Lang::Zh => r.name_zh.clone(),
            Lang::En => r.name_en.clone(),
        })
        .unwrap_or_else(|| code.to_string())
}

/// Growth of the home region, its parent and the nation over `periods`.
pub fn growth(snap: &Snapshot, basis: Basis, periods: &[Period], lang: Lang) -> Chart {
    let ctx = &snap.context;
    let mut series = Vec::new();
    let mut add = |code: &str, color: Rgb, emphasis: bool| {
        let key = SeriesKey::whole(code, VA_GROWTH, basis);
        let values: Vec<Option<f64>> = periods
            .iter()
            .map(|p| snap.figures.value(&key, *p))
            .collect();
        if values.iter().any(Option::is_some) {
            series.push(Series {
                name: region_label(snap, code, lang),
                color,
                values,
                point_colors: None,
                emphasis,
            });
        }
    };
    add(&ctx.region.code, palette::HOME, true);
    if let Some(p) = &ctx.parent {
        add(&p.code, palette::PARENT, false);
    }
    if let Some(n) = ctx.nation.as_ref().filter(|n| n.code != ctx.region.code)
        && ctx.parent.as_ref().map(|p| &p.code) != Some(&n.code)
    {
        add(&n.code, palette::NATION, false);
    }
    let several_years = periods.first().map(|p| p.year()) != periods.last().map(|p| p.year());
    let categories = periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let label = p.axis_label(lang);
            // The first period of each year carries the year: a year need not start at
            // 1—2月 (a full year stored alone, a bulletin from 3月 on).
            let first_of_year = i == 0 || periods[i - 1].year() != p.year();
            if several_years && first_of_year {
                match lang {
                    Lang::Zh => format!("{}年{label}", p.year()),
                    Lang::En => format!("{label} {}", p.year()),
                }
            } else {
                label
            }
        })
        .collect();
    let title = match (lang, basis) {
        (Lang::Zh, Basis::Ytd) => "规模以上工业增加值累计增速（%）",
        (Lang::Zh, Basis::Month) => "规模以上工业增加值当月增速（%）",
        (Lang::En, Basis::Ytd) => {
            "Value added of industry above designated size, growth year to date (%)"
        }
        (Lang::En, Basis::Month) => {
            "Value added of industry above designated size, monthly growth (%)"
        }
    };
    Chart {
        id: ChartId::Growth,
        title: title.to_string(),
        kind: ChartKind::Line,
        categories,
        periods: periods.to_vec(),
        series,
        unit: "%".into(),
        inverted: false,
        references: Vec::new(),
        marked: Vec::new(),
        note: illustrative_note(
            snap,
            |k, p| {
                whole_growth(k, basis)
                    && periods.contains(&p)
                    && (k.region == ctx.region.code
                        || ctx.parent.as_ref().is_some_and(|r| r.code == k.region)
                        || ctx.nation.as_ref().is_some_and(|r| r.code == k.region))
            },
            lang,
        ),
    }
}

/// The peers' rates for `period`, highest first, the home region highlighted, the parent's
/// rate as a reference line.
pub fn ranking_bars(snap: &Snapshot, basis: Basis, period: Period, lang: Lang) -> Chart {
    let ctx = &snap.context;
    let table = ranking::rank_peers(&snap.figures, &ctx.peers, VA_GROWTH, basis, period);
    let categories: Vec<String> = table
        .iter()
        .map(|e| format!("{} {}", e.rank, region_label(snap, &e.region, lang)))
        .collect();
    let colors = table
        .iter()
        .map(|e| {
            if e.region == ctx.region.code {
                palette::HOME
            } else {
                palette::PEER
            }
        })
        .collect();
    let mut references = Vec::new();
    if let Some(p) = &ctx.parent
        && let Some(v) = snap
            .figures
            .value(&SeriesKey::whole(&p.code, VA_GROWTH, basis), period)
    {
        references.push(ReferenceLine {
            label: region_label(snap, &p.code, lang),
            value: v,
            color: palette::PARENT,
        });
    }
    let scope = ctx
        .parent
        .as_ref()
        .map(|p| region_label(snap, &p.code, lang))
        .unwrap_or_default();
    let title = match lang {
        Lang::Zh => format!(
            "{}各市（地）规上工业增加值增速（{}，%）",
            scope,
            period.label_with_year(basis, lang)
        ),
        Lang::En => format!(
            "Growth of value added by city, {} ({}, %)",
            scope,
            period.label_with_year(basis, lang)
        ),
    };
    Chart {
        id: ChartId::Ranking,
        title,
        kind: ChartKind::HorizontalBars,
        categories,
        periods: Vec::new(),
        series: vec![Series {
            name: lang.pick("增速", "growth").to_string(),
            color: palette::PEER,
            values: table.iter().map(|e| Some(e.value)).collect(),
            point_colors: Some(colors),
            emphasis: false,
        }],
        unit: "%".into(),
        inverted: false,
        references,
        marked: Vec::new(),
        note: illustrative_note(
            snap,
            |k, p| {
                whole_growth(k, basis)
                    && p == period
                    && (ctx.peers.contains(&k.region)
                        || ctx.parent.as_ref().is_some_and(|r| r.code == k.region))
            },
            lang,
        ),
    }
}

/// The home region's rank in each period of `year`, rank 1 at the top.
pub fn rank_history(snap: &Snapshot, basis: Basis, year: i32, lang: Lang) -> Chart {
    let ctx = &snap.context;
    let periods: Vec<Period> = Period::all_in_year(year).collect();
    let values: Vec<Option<f64>> = periods
        .iter()
        .map(|p| {
            ranking::rank_of(
                &snap.figures,
                &ctx.region.code,
                &ctx.peers,
                VA_GROWTH,
                basis,
                *p,
            )
            .map(|(r, _)| f64::from(r))
        })
        .collect();
    Chart {
        id: ChartId::RankHistory,
        title: match lang {
            Lang::Zh => format!("{}年全省排名（位）", year),
            Lang::En => format!("Rank in the province, {year}"),
        },
        kind: ChartKind::Line,
        categories: periods.iter().map(|p| p.label(basis, lang)).collect(),
        periods,
        series: vec![Series {
            name: region_label(snap, &ctx.region.code, lang),
            color: palette::HOME,
            values,
            point_colors: None,
            emphasis: true,
        }],
        unit: lang.pick("位", "rank").into(),
        // Runs at rank 1 (streaks) are drawn as bands by the renderers.
        inverted: true,
        references: Vec::new(),
        marked: Vec::new(),
        note: illustrative_note(
            snap,
            |k, p| whole_growth(k, basis) && p.year() == year && ctx.peers.contains(&k.region),
            lang,
        ),
    }
}

fn part_name(snap: &Snapshot, code: &str, lang: Lang) -> String {
    snap.catalogue
        .industry(code)
        .map(|i| i.name(lang).to_string())
        .unwrap_or_else(|| lang.pick("其他", "Other").to_string())
}

/// Industry shares of the period as a donut ("other" last, grey).
pub fn shares(snap: &Snapshot, s: &Structure, lang: Lang) -> Chart {
    let parts: Vec<_> = s.all_parts().collect();
    let colors = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if p.code == crate::analysis::structure::OTHER {
                palette::OTHER
            } else {
                palette::categorical(i)
            }
        })
        .collect();
    Chart {
        id: ChartId::Shares,
        title: match lang {
            Lang::Zh => format!(
                "分行业增加值占比（{}，%）",
                s.period.label_with_year(Basis::Ytd, lang)
            ),
            Lang::En => format!(
                "Shares of value added by industry ({}, %)",
                s.period.label_with_year(Basis::Ytd, lang)
            ),
        },
        kind: ChartKind::Donut,
        categories: parts
            .iter()
            .map(|p| part_name(snap, &p.code, lang))
            .collect(),
        periods: Vec::new(),
        series: vec![Series {
            name: lang.pick("占比", "share").to_string(),
            color: palette::PEER,
            values: parts.iter().map(|p| p.share_pct).collect(),
            point_colors: Some(colors),
            emphasis: false,
        }],
        unit: "%".into(),
        inverted: false,
        references: Vec::new(),
        marked: Vec::new(),
        note: illustrative_note(
            snap,
            |k, p| structure_figure(snap, &s.indicator, k) && p == s.period,
            lang,
        ),
    }
}

/// Industry shares in every period of the year up to `until` that has industry figures,
/// stacked to 100% ("other" on top, grey).
pub fn shares_over_time(snap: &Snapshot, until: Period, lang: Lang) -> Chart {
    let region = &snap.context.region.code;
    let year = until.year();
    let structures: Vec<Structure> = Period::all_in_year(year)
        .filter(|p| *p <= until)
        .filter_map(|p| {
            crate::analysis::structure::structure(&snap.figures, &snap.catalogue, region, p)
        })
        .collect();
    // Parts in the order of the latest period (catalogue order, "other" last).
    let codes: Vec<String> = structures
        .last()
        .map(|s| s.all_parts().map(|p| p.code.clone()).collect())
        .unwrap_or_default();
    let series = codes
        .iter()
        .enumerate()
        .map(|(i, code)| Series {
            name: part_name(snap, code, lang),
            color: if code == crate::analysis::structure::OTHER {
                palette::OTHER
            } else {
                palette::categorical(i)
            },
            values: structures
                .iter()
                .map(|s| {
                    s.all_parts()
                        .find(|p| &p.code == code)
                        .and_then(|p| p.share_pct)
                })
                .collect(),
            point_colors: None,
            emphasis: false,
        })
        .collect();
    Chart {
        id: ChartId::SharesOverTime,
        title: match lang {
            Lang::Zh => format!("{year}年分行业增加值占比（%）"),
            Lang::En => format!("Shares of value added by industry, {year} (%)"),
        },
        kind: ChartKind::StackedBars,
        categories: structures
            .iter()
            .map(|s| s.period.label(Basis::Ytd, lang))
            .collect(),
        periods: structures.iter().map(|s| s.period).collect(),
        series,
        unit: "%".into(),
        inverted: false,
        references: Vec::new(),
        marked: Vec::new(),
        note: illustrative_note(
            snap,
            |k, p| {
                structures.iter().any(|s| s.period == p)
                    && structures
                        .iter()
                        .any(|s| structure_figure(snap, &s.indicator, k))
            },
            lang,
        ),
    }
}

/// Pulls of each industry on the whole's growth as a waterfall, largest first, ending at
/// the whole's growth.
pub fn pulls(snap: &Snapshot, s: &Structure, headline: Option<f64>, lang: Lang) -> Chart {
    let mut parts: Vec<_> = s.all_parts().filter(|p| p.pull_pp.is_some()).collect();
    parts.sort_by(|a, b| {
        b.pull_pp
            .unwrap_or(0.0)
            .total_cmp(&a.pull_pp.unwrap_or(0.0))
    });
    let colors = parts
        .iter()
        .map(|p| {
            if p.pull_pp.unwrap_or(0.0) >= 0.0 {
                palette::UP
            } else {
                palette::DOWN
            }
        })
        .collect();
    let total = s.whole_growth_from_levels.or(headline);
    Chart {
        id: ChartId::Pulls,
        title: match lang {
            Lang::Zh => format!(
                "分行业拉动全市增长（{}，个百分点）",
                s.period.label_with_year(Basis::Ytd, lang)
            ),
            Lang::En => format!(
                "Pull on growth by industry ({}, percentage points)",
                s.period.label_with_year(Basis::Ytd, lang)
            ),
        },
        kind: ChartKind::Waterfall,
        categories: parts
            .iter()
            .map(|p| part_name(snap, &p.code, lang))
            .collect(),
        periods: Vec::new(),
        series: vec![Series {
            name: lang.pick("拉动", "pull").to_string(),
            color: palette::UP,
            values: parts.iter().map(|p| p.pull_pp).collect(),
            point_colors: Some(colors),
            emphasis: false,
        }],
        unit: lang.pick("个百分点", "pp").into(),
        inverted: false,
        references: total
            .map(|t| ReferenceLine {
                label: lang.pick("合计", "total").to_string(),
                value: t,
                color: palette::HOME,
            })
            .into_iter()
            .collect(),
        marked: Vec::new(),
        note: illustrative_note(
            snap,
            |k, p| structure_figure(snap, &s.indicator, k) && p == s.period,
            lang,
        ),
    }
}

/// Growth by industry as horizontal bars, fastest first ("other" left out: it has no
/// published rate).
pub fn industry_growth(snap: &Snapshot, s: &Structure, lang: Lang) -> Chart {
    let mut parts: Vec<_> = s.parts.iter().filter(|p| p.growth_pct.is_some()).collect();
    parts.sort_by(|a, b| {
        b.growth_pct
            .unwrap_or(0.0)
            .total_cmp(&a.growth_pct.unwrap_or(0.0))
    });
    let colors = parts
        .iter()
        .map(|p| {
            if p.growth_pct.unwrap_or(0.0) >= 0.0 {
                palette::UP
            } else {
                palette::DOWN
            }
        })
        .collect();
    let whole = snap.figures.value(
        &SeriesKey::whole(&snap.context.region.code, VA_GROWTH, Basis::Ytd),
        s.period,
    );
    Chart {
        id: ChartId::IndustryGrowth,
        title: match lang {
            Lang::Zh => format!(
                "分行业增加值增速（{}，%）",
                s.period.label_with_year(Basis::Ytd, lang)
            ),
            Lang::En => format!(
                "Growth of value added by industry ({}, %)",
                s.period.label_with_year(Basis::Ytd, lang)
            ),
        },
        kind: ChartKind::HorizontalBars,
        categories: parts
            .iter()
            .map(|p| part_name(snap, &p.code, lang))
            .collect(),
        periods: Vec::new(),
        series: vec![Series {
            name: lang.pick("增速", "growth").to_string(),
            color: palette::UP,
            values: parts.iter().map(|p| p.growth_pct).collect(),
            point_colors: Some(colors),
            emphasis: false,
        }],
        unit: "%".into(),
        inverted: false,
        references: whole
            .map(|v| ReferenceLine {
                label: snap.context.region.name(lang).to_string(),
                value: v,
                color: palette::HOME,
            })
            .into_iter()
            .collect(),
        marked: Vec::new(),
        note: illustrative_note(
            snap,
            |k, p| structure_figure(snap, &s.indicator, k) && p == s.period,
            lang,
        ),
    }
}

/// Growth of the home region with the years overlaid on one 1—2月 … 12月 axis (older years
/// lighter), and the parent and the nation for `year`.
pub fn growth_overlay(
    snap: &Snapshot,
    basis: Basis,
    years: &[i32],
    year: i32,
    lang: Lang,
) -> Chart {
    let ctx = &snap.context;
    let periods: Vec<Period> = Period::all_in_year(year).collect();
    let mut series = Vec::new();
    // The selected year first (hover gaps are measured from the first series), then the
    // earlier years, most recent first.
    let mut order: Vec<i32> = vec![year];
    order.extend(years.iter().rev().copied().filter(|y| *y != year));
    let n = order.len();
    for (k, y) in order.iter().enumerate() {
        let key = SeriesKey::whole(&ctx.region.code, VA_GROWTH, basis);
        let values: Vec<Option<f64>> = Period::all_in_year(*y)
            .map(|p| snap.figures.value(&key, p))
            .collect();
        if values.iter().all(Option::is_none) {
            continue;
        }
        // The selected year in full colour, earlier ones fading towards grey.
        let fade = if *y == year {
            0.0
        } else {
            0.35 + 0.4 * k as f64 / n.max(1) as f64
        };
        let mix = |c: u8| (f64::from(c) * (1.0 - fade) + 190.0 * fade).round() as u8;
        let base = palette::HOME;
        series.push(Series {
            name: match lang {
                Lang::Zh => format!("{}（{y}年）", region_label(snap, &ctx.region.code, lang)),
                Lang::En => format!("{} ({y})", region_label(snap, &ctx.region.code, lang)),
            },
            color: Rgb(mix(base.0), mix(base.1), mix(base.2)),
            values,
            point_colors: None,
            emphasis: *y == year,
        });
    }
    for (code, color) in [
        (ctx.parent.as_ref().map(|p| p.code.clone()), palette::PARENT),
        (ctx.nation.as_ref().map(|p| p.code.clone()), palette::NATION),
    ] {
        let Some(code) = code else { continue };
        if ctx.parent.as_ref().map(|p| &p.code) == Some(&code) && color == palette::NATION {
            continue;
        }
        let key = SeriesKey::whole(&code, VA_GROWTH, basis);
        let values: Vec<Option<f64>> = periods
            .iter()
            .map(|p| snap.figures.value(&key, *p))
            .collect();
        if values.iter().any(Option::is_some) {
            series.push(Series {
                name: match lang {
                    Lang::Zh => format!("{}（{year}年）", region_label(snap, &code, lang)),
                    Lang::En => format!("{} ({year})", region_label(snap, &code, lang)),
                },
                color,
                values,
                point_colors: None,
                emphasis: false,
            });
        }
    }
    let mut chart = growth(snap, basis, &periods, lang);
    chart.series = series;
    chart.note = illustrative_note(
        snap,
        |k, p| {
            whole_growth(k, basis)
                && ((k.region == ctx.region.code && order.contains(&p.year()))
                    // The province and the nation are drawn for the selected year.
                    || (p.year() == year
                        && (ctx.parent.as_ref().is_some_and(|r| r.code == k.region)
                            || ctx.nation.as_ref().is_some_and(|r| r.code == k.region))))
        },
        lang,
    );
    chart
}

/// The note under a chart drawn (partly) from illustrative figures: those the filter picks
/// among the snapshot's figures.
fn illustrative_note(
    snap: &Snapshot,
    drawn: impl Fn(&SeriesKey, Period) -> bool,
    lang: Lang,
) -> Option<String> {
    snap.figures
        .iter()
        .any(|(k, p, f)| drawn(k, p) && snap.figures.is_illustrative(f))
        .then(|| {
            lang.pick(
                "注：图中含示意数据（未公开发布），不得引用。",
                "Note: the chart includes illustrative (unpublished) figures, not to be quoted.",
            )
            .to_string()
        })
}

/// True for a region's growth series on `basis`: what the growth and ranking charts draw.
fn whole_growth(k: &SeriesKey, basis: Basis) -> bool {
    k.subject == Subject::Whole && k.indicator == VA_GROWTH && k.basis == basis
}

/// True for the figures a structure on the level indicator `level` rests on (see
/// [`crate::analysis::structure::rests_on`]).
fn structure_figure(snap: &Snapshot, level: &str, k: &SeriesKey) -> bool {
    crate::analysis::structure::rests_on(&snap.catalogue, &snap.context.region.code, level, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_year_on_the_growth_axis_is_named_where_it_starts() {
        let ds = crate::sample::in_memory().expect("sample");
        let snap = ds.snapshot(None).expect("snapshot");
        let periods = crate::analysis::periods(&snap, VA_GROWTH, Basis::Ytd);
        let chart = growth(&snap, Basis::Ytd, &periods, Lang::Zh);
        // The sample's 2021 is its full year alone.
        assert_eq!(chart.categories[0], "2021年12月");
        assert_eq!(chart.categories[1], "2022年1—2月");
        assert_eq!(chart.categories[2], "3月");
    }

    #[test]
    fn a_chart_copies_as_a_table() {
        let chart = Chart {
            id: ChartId::Ranking,
            title: "排名".into(),
            kind: ChartKind::HorizontalBars,
            categories: vec!["1 鸡西市".into(), "2 黑河\t市".into()],
            periods: Vec::new(),
            series: vec![Series {
                name: "增速".into(),
                color: palette::HOME,
                values: vec![Some(19.2), None],
                point_colors: None,
                emphasis: false,
            }],
            unit: "%".into(),
            inverted: false,
            references: vec![ReferenceLine {
                label: "黑龙江省".into(),
                value: 4.94,
                color: palette::PARENT,
            }],
            marked: Vec::new(),
            note: None,
        };
        assert_eq!(
            chart.to_tsv(Lang::Zh),
            "地区\t增速\n1 鸡西市\t19.2\n2 黑河 市\t\n黑龙江省\t4.9\n"
        );
        let ranks = Chart {
            id: ChartId::RankHistory,
            kind: ChartKind::Line,
            inverted: true,
            series: vec![Series {
                values: vec![Some(1.0), Some(2.0)],
                ..chart.series[0].clone()
            }],
            references: Vec::new(),
            ..chart
        };
        assert!(ranks.to_tsv(Lang::En).starts_with("Period\t增速\n"));
        assert!(
            ranks.to_tsv(Lang::En).contains("\t1\n"),
            "{}",
            ranks.to_tsv(Lang::En)
        );
        // Counts copy as whole numbers under a neutral header.
        let counts = Chart {
            id: ChartId::EnterpriseCounts,
            inverted: false,
            categories: vec!["规上".into()],
            series: vec![Series {
                name: "户".into(),
                values: vec![Some(163.0)],
                ..ranks.series[0].clone()
            }],
            ..ranks
        };
        assert_eq!(counts.to_tsv(Lang::Zh), "类别\t户\n规上\t163\n");
    }

    #[test]
    fn lines_break_at_gaps_and_new_years() {
        let periods: Vec<Period> = [
            (2022, 11),
            (2022, 12),
            (2023, 2),
            (2023, 3),
            (2023, 4),
            (2023, 5),
        ]
        .iter()
        .map(|(y, m)| Period::new(*y, *m).expect("period"))
        .collect();
        let series = Series {
            name: "s".into(),
            color: palette::HOME,
            values: vec![Some(1.0), Some(2.0), Some(3.0), None, Some(5.0), Some(6.0)],
            point_colors: None,
            emphasis: false,
        };
        let chart = Chart {
            id: ChartId::Growth,
            title: String::new(),
            kind: ChartKind::Line,
            categories: periods.iter().map(|p| p.code()).collect(),
            periods,
            series: vec![series.clone()],
            unit: "%".into(),
            inverted: false,
            references: Vec::new(),
            marked: Vec::new(),
            note: None,
        };
        assert_eq!(
            chart.line_runs(&series),
            vec![
                vec![(0, 1.0), (1, 2.0)],
                vec![(2, 3.0)],
                vec![(4, 5.0), (5, 6.0)]
            ]
        );
    }
}
