//! The meeting briefing (会议材料) as a document model: title, date, narrative sections,
//! tables, charts and sources. Every export format renders this one model.

use serde::Serialize;

use super::chart::{self, Chart};
use super::evaluation::BriefingEvaluation;
use super::narrative::{self, Topic};
use super::returns::BriefingReturns;
use crate::analysis::{PeriodAnalysis, ranking};
use crate::model::catalogue::VA_GROWTH;
use crate::model::enterprise::Date;
use crate::model::{Basis, Lang, Period, Snapshot};

/// A table cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number shown with `decimals` decimals (kept as a number in spreadsheets).
    Number {
        /// The value.
        value: f64,
        /// Decimals shown.
        decimals: u8,
        /// True when it rests on illustrative (unpublished) figures: printed with "*".
        illustrative: bool,
    },
    /// No figure.
    Empty,
}

impl Cell {
    /// A number with one decimal (rates, gaps).
    pub fn rate(v: Option<f64>) -> Cell {
        v.map(|value| Cell::Number {
            value,
            decimals: 1,
            illustrative: false,
        })
        .unwrap_or(Cell::Empty)
    }

    /// A whole number.
    pub fn count(v: f64) -> Cell {
        Cell::Number {
            value: v,
            decimals: 0,
            illustrative: false,
        }
    }

    /// The same cell, marked as resting on illustrative figures when `illustrative`.
    pub fn marked(self, illustrative: bool) -> Cell {
        match self {
            Cell::Number {
                value, decimals, ..
            } => Cell::Number {
                value,
                decimals,
                illustrative,
            },
            other => other,
        }
    }

    /// Text.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// The cell as printed ("—" for empty).
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number {
                value,
                decimals,
                illustrative,
            } => format!(
                "{:.*}{}",
                usize::from(*decimals),
                value,
                if *illustrative { MARK } else { "" }
            ),
            Cell::Empty => "—".to_string(),
        }
    }
}

/// Printed after a figure that rests on illustrative data; the briefing's note explains it.
pub const MARK: &str = "*";

/// True when the region's growth figure for the period is illustrative.
pub fn growth_illustrative(snap: &Snapshot, code: &str, basis: Basis, period: Period) -> bool {
    snap.figures
        .get(
            &crate::model::SeriesKey::whole(code, VA_GROWTH, basis),
            period,
        )
        .is_some_and(|f| snap.figures.is_illustrative(f))
}

/// The industries (by code) with an illustrative figure of the structure's indicator (level
/// or its rate) for the region in the period, or an illustrative level a year earlier (the
/// base of growth from levels, pull and contribution), and whether the whole's level (now or
/// a year earlier) is illustrative.
pub fn illustrative_industries(
    snap: &Snapshot,
    level: &str,
    period: Period,
) -> (std::collections::HashSet<String>, bool) {
    let region = &snap.context.region.code;
    let year_before = period.year_before();
    let mut parts = std::collections::HashSet::new();
    let mut whole = false;
    for (key, p, f) in snap.figures.iter() {
        let counts = p == period || (Some(p) == year_before && key.indicator == level);
        if !counts
            || !crate::analysis::structure::rests_on(&snap.catalogue, region, level, key)
            || !snap.figures.is_illustrative(f)
        {
            continue;
        }
        match &key.subject {
            crate::model::Subject::Industry(code) => {
                parts.insert(code.clone());
            }
            _ => whole = true,
        }
    }
    (parts, whole)
}

/// A group's stored growth rate for the region in the analysed period, if there is one.
pub fn group_rate<'a>(
    snap: &'a Snapshot,
    a: &PeriodAnalysis,
    code: &str,
) -> Option<&'a crate::model::Figure> {
    let key = crate::model::SeriesKey {
        region: snap.context.region.code.clone(),
        indicator: VA_GROWTH.to_string(),
        subject: crate::model::Subject::Group(code.to_string()),
        basis: Basis::Ytd,
    };
    snap.figures.get(&key, a.period)
}

/// True when a group's growth rests on illustrative figures: its stored rate's source, or,
/// without one, any member industry's figures.
pub fn group_illustrative(snap: &Snapshot, a: &PeriodAnalysis, code: &str) -> bool {
    if let Some(f) = group_rate(snap, a, code) {
        return snap.figures.is_illustrative(f);
    }
    let Some(s) = a.structure.as_ref() else {
        return false;
    };
    let (parts, _) = illustrative_industries(snap, &s.indicator, a.period);
    snap.catalogue
        .group(code)
        .is_some_and(|g| g.members.iter().any(|m| parts.contains(m)))
}

/// True when a group's share or pull rests on illustrative figures: a member industry's
/// level or rate, or the whole's level, of the structure's indicator in the period (the
/// same figures that mark the industry table's shares and pulls).
pub fn group_levels_illustrative(snap: &Snapshot, a: &PeriodAnalysis, code: &str) -> bool {
    let Some(s) = a.structure.as_ref() else {
        return false;
    };
    let (parts, whole) = illustrative_industries(snap, &s.indicator, a.period);
    whole
        || snap
            .catalogue
            .group(code)
            .is_some_and(|g| g.members.iter().any(|m| parts.contains(m)))
}

/// A table of the briefing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Stable id (sheet and file names): "key", "industries", "ranking".
    pub id: String,
    /// Title above the table.
    pub title: String,
    /// A line printed between the title and the header (e.g. the weights a scorecard
    /// used), None for most tables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Column headers.
    pub columns: Vec<String>,
    /// Rows of cells, as many as columns.
    pub rows: Vec<Vec<Cell>>,
}

/// A section of narrative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// What it is about.
    pub topic: Topic,
    /// Heading, e.g. 一、总体运行情况.
    pub heading: String,
    /// Paragraphs (editable in the window before export).
    pub paragraphs: Vec<String>,
}

/// Which parts a briefing includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Parts {
    /// Narrative sections.
    pub narrative: bool,
    /// Key-indicator and other tables.
    pub tables: bool,
    /// Charts.
    pub charts: bool,
    /// Sources footnote.
    pub sources: bool,
}

impl Default for Parts {
    fn default() -> Self {
        Parts {
            narrative: true,
            tables: true,
            charts: true,
            sources: true,
        }
    }
}

/// The whole briefing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Briefing {
    /// Language.
    pub lang: Lang,
    /// Title, e.g. 鸡西市工业经济运行情况（2023年1—4月）.
    pub title: String,
    /// The line under the title: who prepared it and when.
    pub byline: String,
    /// Date prepared.
    pub date: Date,
    /// The period.
    pub period: Period,
    /// Narrative sections (empty when left out).
    pub sections: Vec<Section>,
    /// Tables (empty when left out).
    pub tables: Vec<Table>,
    /// Charts (empty when left out).
    pub charts: Vec<Chart>,
    /// Tile maps (empty when left out): the region among the province's cities, then its
    /// counties, each when a tile has a figure (drawn after the ranking in paged formats).
    pub maps: Vec<super::map::MapChart>,
    /// Source lines (empty when left out).
    pub sources: Vec<String>,
    /// A warning that some figures are illustrative, when any are.
    pub illustrative_note: Option<String>,
}

impl Briefing {
    /// A file name stem: 鸡西市工业经济运行情况_2023-04.
    pub fn file_stem(&self) -> String {
        let base: String = self
            .title
            .chars()
            .take_while(|c| *c != '（' && *c != '(')
            .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
            .collect();
        format!("{}_{}", base.trim().replace(' ', "_"), self.period.code())
    }

    /// The narrative as plain paragraphs.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.sections
            .iter()
            .flat_map(|s| s.paragraphs.iter().map(String::as_str))
    }
}

/// The heading of the `n`th section (from 1): numbered in order of what the briefing has,
/// so a briefing without industry figures goes 一、二, not 一、三.
fn heading(topic: Topic, n: usize, lang: Lang) -> String {
    const ZH_NUMBERS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];
    let title = match (topic, lang) {
        (Topic::Headline, Lang::Zh) => "总体运行情况",
        (Topic::Industries, Lang::Zh) => "重点行业和产业",
        (Topic::Returns, Lang::Zh) => "重点企业运行",
        (Topic::Enterprises, Lang::Zh) => "企业服务和银企对接",
        (Topic::Evaluation, Lang::Zh) => "包联考核",
        (Topic::Warnings, Lang::Zh) => "需关注的问题",
        (Topic::Headline, Lang::En) => "Overall performance",
        (Topic::Industries, Lang::En) => "Industries",
        (Topic::Returns, Lang::En) => "Key enterprises",
        (Topic::Enterprises, Lang::En) => "Enterprise service and financing",
        (Topic::Evaluation, Lang::En) => "Paired officials' evaluation",
        (Topic::Warnings, Lang::En) => "Issues to watch",
    };
    match lang {
        Lang::Zh => format!(
            "{}、{title}",
            ZH_NUMBERS.get(n - 1).copied().unwrap_or("六")
        ),
        Lang::En => format!("{n}. {title}"),
    }
}

/// Builds the briefing for an analysed period, without the returns section (see
/// [`build_with`]). `today` is passed in so output is reproducible.
pub fn build(
    snap: &Snapshot,
    a: &PeriodAnalysis,
    lang: Lang,
    parts: Parts,
    today: Date,
) -> Briefing {
    build_with(snap, a, None, lang, parts, today)
}

/// Builds the briefing for an analysed period with the section 重点企业运行 and its tables
/// when `returns` has reporting enterprises (the caller reads them: see
/// [`super::returns::load`]). `today` is passed in so output is reproducible.
pub fn build_with(
    snap: &Snapshot,
    a: &PeriodAnalysis,
    returns: Option<&BriefingReturns>,
    lang: Lang,
    parts: Parts,
    today: Date,
) -> Briefing {
    let extras = Extras {
        returns,
        ..Extras::default()
    };
    build_full(snap, a, extras, lang, parts, today)
}

/// What a briefing adds from the dataset beyond the snapshot, read by the caller:
/// the returns (section 重点企业运行, see [`super::returns::load`]), the 包联 scorecard
/// (section 包联考核, see [`super::evaluation::load_for_briefing`]), the annual targets and
/// the children's figures for their map.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras<'a> {
    /// The returns of the period, if any.
    pub returns: Option<&'a BriefingReturns>,
    /// The scorecard of the period, if any.
    pub evaluation: Option<&'a BriefingEvaluation>,
    /// The annual targets (see [`super::targets::load`]): the region's of the period's
    /// year give the target sentences and the target columns of the key-indicator table.
    pub targets: &'a [crate::model::target::Target],
    /// The figures of the region's own children (its counties) and of the region, for the
    /// children's map (see [`super::map::load_children`]); None: no children's map.
    pub children: Option<&'a crate::model::Figures>,
    /// What the warning rules found (see [`super::warnings::load`]); None: no section.
    pub warnings: Option<&'a [crate::model::warning::Warning]>,
}

/// What [`Extras`] borrows, read from the dataset in one place (the CLI's `summary` and
/// `export` and the window's export read the same): returns, scorecard, targets and the
/// children's figures.
#[derive(Debug, Clone, Default)]
pub struct ExtrasData {
    /// See [`Extras::returns`].
    pub returns: Option<BriefingReturns>,
    /// See [`Extras::evaluation`].
    pub evaluation: Option<BriefingEvaluation>,
    /// See [`Extras::targets`].
    pub targets: Vec<crate::model::target::Target>,
    /// See [`Extras::children`].
    pub children: Option<crate::model::Figures>,
    /// See [`Extras::warnings`].
    pub warnings: Vec<crate::model::warning::Warning>,
}

impl ExtrasData {
    /// Reads what the briefing of `snap` at `period` needs beyond the snapshot.
    pub fn load(
        ds: &crate::store::Dataset,
        snap: &Snapshot,
        period: Period,
    ) -> Result<ExtrasData, crate::store::StoreError> {
        let children = super::map::load_children(ds, &snap.context.region.code)?;
        Self::load_with_children(ds, snap, children, period)
    }

    /// [`ExtrasData::load`] with the children's figures already read (see
    /// [`crate::store::Dataset::snapshot_with_children`]).
    pub fn load_with_children(
        ds: &crate::store::Dataset,
        snap: &Snapshot,
        children: Option<crate::model::Figures>,
        period: Period,
    ) -> Result<ExtrasData, crate::store::StoreError> {
        Ok(ExtrasData {
            returns: super::returns::load(ds, snap, period)?,
            evaluation: super::evaluation::load_for_briefing(ds, snap, period)?,
            targets: super::targets::load(ds)?,
            warnings: super::warnings::load(ds, snap, children.as_ref(), period)?,
            children,
        })
    }

    /// The borrowed view the builders take.
    pub fn extras(&self) -> Extras<'_> {
        Extras {
            returns: self.returns.as_ref(),
            evaluation: self.evaluation.as_ref(),
            targets: &self.targets,
            children: self.children.as_ref(),
            warnings: Some(&self.warnings),
        }
    }
}

/// Builds the briefing for an analysed period with the sections of `extras` (each only
/// when it has something to say). `today` is passed in so output is reproducible.
pub fn build_full(
    snap: &Snapshot,
    a: &PeriodAnalysis,
    extras: Extras<'_>,
    lang: Lang,
    parts: Parts,
    today: Date,
) -> Briefing {
    let returns = extras.returns.filter(|r| r.stats.reporting > 0);
    let evaluation = extras.evaluation.filter(|e| !e.card.officials.is_empty());
    let region = &snap.context.region;
    let title = match lang {
        Lang::Zh => format!(
            "{}工业经济运行情况（{}）",
            region.name_zh,
            a.period.label_with_year(Basis::Ytd, lang)
        ),
        Lang::En => format!(
            "Industrial economy of {}, {}",
            region.name_en,
            a.period.label_with_year(Basis::Ytd, lang)
        ),
    };
    let byline = match lang {
        Lang::Zh => format!(
            "{}年{}月{}日 · 经济运行调度会材料",
            today.year(),
            today.month(),
            today.day()
        ),
        Lang::En => format!("{today} · briefing for the economic-operation meeting"),
    };
    let sections = if parts.narrative {
        let mut sections: Vec<Section> = Vec::new();
        let extras = Extras {
            returns,
            evaluation,
            ..extras
        };
        for p in narrative::topical_paragraphs_full(snap, a, extras, lang) {
            match sections.iter_mut().find(|s| s.topic == p.topic) {
                Some(s) => s.paragraphs.push(p.text),
                None => sections.push(Section {
                    topic: p.topic,
                    heading: heading(p.topic, sections.len() + 1, lang),
                    paragraphs: vec![p.text],
                }),
            }
        }
        sections
    } else {
        Vec::new()
    };
    let tables = if parts.tables {
        [
            key_table(snap, a, lang),
            super::targets::table(snap, a.period, extras.targets, lang),
            industry_table(snap, a, lang),
            ranking_table(snap, a, lang),
            returns.and_then(|r| super::returns::pullers_table(snap, r, lang)),
            returns.map(|r| super::returns::enterprises_table(snap, r, lang)),
            evaluation.map(|e| super::evaluation::table(e, lang)),
            extras
                .warnings
                .and_then(|w| super::warnings::table(w, lang)),
        ]
        .into_iter()
        .flatten()
        .collect()
    } else {
        Vec::new()
    };
    let (charts, maps) = if parts.charts {
        let maps = super::map::briefing_maps(
            &snap.figures,
            extras.children,
            &snap.catalogue,
            &snap.context,
            VA_GROWTH,
            a.basis,
            a.period,
            lang,
        );
        (charts(snap, a, lang), maps)
    } else {
        (Vec::new(), Vec::new())
    };
    let (mut sources, mut any_illustrative) =
        all_sources(snap, a, returns, evaluation, parts, lang);
    if parts.tables || parts.narrative {
        // The targets' own list (e.g. the sample's illustrative targets) is a source too.
        let (ids, ill) = super::targets::target_sources(snap, a.period, extras.targets);
        any_illustrative |= ill;
        for s in ids.iter().filter_map(|id| snap.figures.source(*id)) {
            let line = source_line(s, lang);
            if !sources.contains(&line) {
                sources.push(line);
            }
        }
    }
    Briefing {
        lang,
        title,
        byline,
        date: today,
        period: a.period,
        sections,
        tables,
        charts,
        maps,
        sources: if parts.sources { sources } else { Vec::new() },
        illustrative_note: any_illustrative.then(|| {
            lang.pick(
                "注：带*的数据及来源中标注为“示意数据”的数据未找到公开发布值，为演示编制，不得引用；正文、图表中的相应数据同样为示意。",
                "Note: figures marked * and sources marked illustrative are not published; they were made up for demonstration and must not be quoted, nor the same figures in the text and charts.",
            )
            .to_string()
        }),
    }
}

/// Every source line of the briefing (see [`sources`]), with those of the every-indicator
/// table's and the target sentences' levels and of the returns, and whether any figure is
/// illustrative (the scorecard's included).
fn all_sources(
    snap: &Snapshot,
    a: &PeriodAnalysis,
    returns: Option<&BriefingReturns>,
    evaluation: Option<&BriefingEvaluation>,
    parts: Parts,
    lang: Lang,
) -> (Vec<String>, bool) {
    let (mut lines, mut any_illustrative) = sources(snap, a, lang);
    let mut add = |line: String| {
        if !lines.contains(&line) {
            lines.push(line);
        }
    };
    if parts.tables || parts.narrative {
        // The every-indicator table and the target sentences rest on the region's levels
        // of last year too.
        let (ids, ill) = super::targets::cited(snap, a.period);
        any_illustrative |= ill;
        ids.iter()
            .filter_map(|id| snap.figures.source(*id))
            .for_each(|s| add(source_line(s, lang)));
    }
    any_illustrative |= evaluation.is_some_and(|e| e.illustrative);
    if let Some(r) = returns {
        any_illustrative |= r.illustrative();
        r.sources.iter().for_each(|s| add(source_line(s, lang)));
    }
    (lines, any_illustrative)
}

/// The charts of a briefing: growth over the year(s), ranking, shares, pulls.
pub fn charts(snap: &Snapshot, a: &PeriodAnalysis, lang: Lang) -> Vec<Chart> {
    let periods: Vec<Period> = snap
        .figures
        .series(&crate::model::SeriesKey::whole(
            &snap.context.region.code,
            VA_GROWTH,
            a.basis,
        ))
        .map(|s| {
            s.keys()
                .copied()
                .filter(|p| p.year() >= a.period.year() - 1 && *p <= a.period)
                .collect()
        })
        .unwrap_or_default();
    let mut out = vec![chart::growth(snap, a.basis, &periods, lang)];
    if snap.context.peers.len() > 1 {
        out.push(chart::ranking_bars(snap, a.basis, a.period, lang));
    }
    if let Some(s) = &a.structure {
        out.push(chart::shares(snap, s, lang));
        let over_time = chart::shares_over_time(snap, a.period, lang);
        if over_time.categories.len() > 1 {
            out.push(over_time);
        }
        if s.parts.iter().any(|p| p.pull_pp.is_some()) {
            out.push(chart::pulls(
                snap,
                s,
                a.headline.as_ref().map(|h| h.value),
                lang,
            ));
        }
    }
    out.retain(|c| {
        c.series
            .iter()
            .any(|s| s.values.iter().any(Option::is_some))
    });
    out
}

fn key_table(snap: &Snapshot, a: &PeriodAnalysis, lang: Lang) -> Option<Table> {
    let h = a.headline.as_ref()?;
    let ctx = &snap.context;
    let parent = ctx
        .parent
        .as_ref()
        .map(|p| p.name(lang).to_string())
        .unwrap_or_default();
    let nation = ctx
        .nation
        .as_ref()
        .map(|n| n.name(lang).to_string())
        .unwrap_or_default();
    let columns = match lang {
        Lang::Zh => vec![
            "指标".to_string(),
            format!("{}（%）", ctx.region.name_zh),
            format!("{parent}（%）"),
            format!("{nation}（%）"),
            "与全省差距（个百分点）".to_string(),
            "与全国差距（个百分点）".to_string(),
            "全省位次".to_string(),
        ],
        Lang::En => vec![
            "Indicator".to_string(),
            format!("{} (%)", ctx.region.name_en),
            format!("{parent} (%)"),
            format!("{nation} (%)"),
            "Gap to province (pp)".to_string(),
            "Gap to nation (pp)".to_string(),
            "Rank".to_string(),
        ],
    };
    let mut rows = Vec::new();
    for basis in [Basis::Ytd, Basis::Month] {
        let hb = if basis == a.basis {
            Some(h.clone())
        } else {
            crate::analysis::headline(&snap.figures, ctx, VA_GROWTH, basis, a.period)
        };
        let Some(hb) = hb else { continue };
        let label = match (lang, basis) {
            (Lang::Zh, Basis::Ytd) => {
                format!("规上工业增加值增速（{}）", a.period.label(Basis::Ytd, lang))
            }
            (Lang::Zh, Basis::Month) => format!(
                "规上工业增加值增速（{}）",
                a.period.label(Basis::Month, lang)
            ),
            (Lang::En, Basis::Ytd) => format!(
                "Industrial value added growth ({})",
                a.period.label(Basis::Ytd, lang)
            ),
            (Lang::En, Basis::Month) => format!(
                "Industrial value added growth ({})",
                a.period.label(Basis::Month, lang)
            ),
        };
        if basis == Basis::Month && a.period.is_jan_feb() {
            continue;
        }
        let ill = |code: Option<&str>| {
            code.is_some_and(|c| growth_illustrative(snap, c, basis, a.period))
        };
        let own = ill(Some(&ctx.region.code));
        let parent_ill = ill(ctx.parent.as_ref().map(|p| p.code.as_str()));
        let nation_ill = ill(ctx.nation.as_ref().map(|n| n.code.as_str()));
        rows.push(vec![
            Cell::text(label),
            Cell::rate(Some(hb.value)).marked(own),
            Cell::rate(hb.parent_value).marked(parent_ill),
            Cell::rate(hb.nation_value).marked(nation_ill),
            Cell::rate(hb.vs_parent_pp).marked(own || parent_ill),
            Cell::rate(hb.vs_nation_pp).marked(own || nation_ill),
            match (hb.rank, hb.rank_of) {
                // Not "1/13": Excel and WPS read that, in a CSV, as 13 January.
                (Some(r), Some(n)) => Cell::text(match lang {
                    Lang::Zh => format!("{r}（共{n}）"),
                    Lang::En => format!("{r} of {n}"),
                }),
                _ => Cell::Empty,
            },
        ]);
    }
    for g in &a.groups {
        let Some(def) = snap.catalogue.group(&g.code) else {
            continue;
        };
        if g.growth_pct.is_none() {
            continue;
        }
        rows.push(vec![
            Cell::text(match lang {
                Lang::Zh => format!("{}增加值增速", def.name_zh),
                Lang::En => format!("{} growth", def.name_en),
            }),
            Cell::rate(g.growth_pct).marked(group_illustrative(snap, a, &g.code)),
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
            Cell::Empty,
        ]);
    }
    Some(Table {
        id: "key".into(),
        note: None,
        title: lang.pick("主要指标", "Key indicators").to_string(),
        columns,
        rows,
    })
}

fn industry_table(snap: &Snapshot, a: &PeriodAnalysis, lang: Lang) -> Option<Table> {
    let s = a.structure.as_ref()?;
    let unit = snap
        .catalogue
        .indicator(&s.indicator)
        .map(|i| i.unit.clone())
        .unwrap_or_default();
    let columns = match lang {
        Lang::Zh => vec![
            "行业".to_string(),
            format!("增加值（{unit}）"),
            "占比（%）".to_string(),
            "增速（%）".to_string(),
            "拉动（个百分点）".to_string(),
            "贡献率（%）".to_string(),
        ],
        Lang::En => vec![
            "Industry".to_string(),
            format!(
                "Value added ({})",
                if unit == "万元" {
                    "10k yuan"
                } else {
                    unit.as_str()
                }
            ),
            "Share (%)".to_string(),
            "Growth (%)".to_string(),
            "Pull (pp)".to_string(),
            "Contribution (%)".to_string(),
        ],
    };
    let (ill_parts, ill_whole) = illustrative_industries(snap, &s.indicator, a.period);
    let rows = s
        .all_parts()
        .map(|p| {
            let industry = snap.catalogue.industry(&p.code);
            let name = industry
                .map(|i| i.name(lang).to_string())
                .unwrap_or_else(|| lang.pick("其他", "Other").to_string());
            // "Other" is the whole less the parts: it rests on all of them.
            let ill = if industry.is_some() {
                ill_parts.contains(&p.code)
            } else {
                ill_whole || !ill_parts.is_empty()
            };
            vec![
                Cell::text(name),
                Cell::count(p.level).marked(ill),
                Cell::rate(p.share_pct).marked(ill || ill_whole),
                Cell::rate(p.growth_pct).marked(ill),
                Cell::rate(p.pull_pp).marked(ill || ill_whole),
                Cell::rate(p.contribution_pct).marked(ill || ill_whole),
            ]
        })
        .collect();
    Some(Table {
        id: "industries".into(),
        note: None,
        title: match lang {
            Lang::Zh => format!("分行业增加值（{}）", a.period.label(Basis::Ytd, lang)),
            Lang::En => format!(
                "Value added by industry ({})",
                a.period.label(Basis::Ytd, lang)
            ),
        },
        columns,
        rows,
    })
}

fn ranking_table(snap: &Snapshot, a: &PeriodAnalysis, lang: Lang) -> Option<Table> {
    let ctx = &snap.context;
    if ctx.peers.len() < 2 {
        return None;
    }
    let table = ranking::rank_peers(&snap.figures, &ctx.peers, VA_GROWTH, a.basis, a.period);
    if table.is_empty() {
        return None;
    }
    let parent = ctx.parent.as_ref().and_then(|p| {
        snap.figures.value(
            &crate::model::SeriesKey::whole(&p.code, VA_GROWTH, a.basis),
            a.period,
        )
    });
    let parent_ill = ctx
        .parent
        .as_ref()
        .is_some_and(|p| growth_illustrative(snap, &p.code, a.basis, a.period));
    let rows = table
        .iter()
        .map(|e| {
            let name = snap
                .catalogue
                .region(&e.region)
                .map(|r| r.name(lang).to_string())
                .unwrap_or_else(|| e.region.clone());
            let ill = growth_illustrative(snap, &e.region, a.basis, a.period);
            vec![
                Cell::count(f64::from(e.rank)),
                Cell::text(name),
                Cell::rate(Some(e.value)).marked(ill),
                Cell::rate(parent.map(|p| crate::analysis::gap_pp(e.value, p)))
                    .marked(ill || parent_ill),
            ]
        })
        .collect();
    Some(Table {
        id: "ranking".into(),
        note: None,
        title: match lang {
            Lang::Zh => format!(
                "全省各市（地）增速排名（{}）",
                a.period.label(a.basis, lang)
            ),
            Lang::En => format!(
                "Ranking of the province's cities ({})",
                a.period.label(a.basis, lang)
            ),
        },
        columns: match lang {
            Lang::Zh => vec!["位次", "地区", "增速（%）", "与全省差距（个百分点）"],
            Lang::En => vec!["Rank", "Region", "Growth (%)", "Gap to province (pp)"],
        }
        .into_iter()
        .map(String::from)
        .collect(),
        rows,
    })
}

/// Source lines for every source of a figure the briefing prints or draws (the headline
/// and its comparators, the growth chart's two years, the ranking's peers, the industries
/// over the year), in the dataset's order, and whether any of those figures is illustrative.
fn sources(snap: &Snapshot, a: &PeriodAnalysis, lang: Lang) -> (Vec<String>, bool) {
    let ctx = &snap.context;
    let own = ctx.region.code.as_str();
    let comparators: Vec<&str> = std::iter::once(own)
        .chain(ctx.parent.as_ref().map(|p| p.code.as_str()))
        .chain(ctx.nation.as_ref().map(|n| n.code.as_str()))
        .collect();
    let drawn = |k: &crate::model::SeriesKey, p: Period| -> bool {
        let this_period = p == a.period;
        let in_chart_years = p.year() >= a.period.year() - 1 && p <= a.period;
        match &k.subject {
            crate::model::Subject::Whole if k.indicator == VA_GROWTH => {
                let region = k.region.as_str();
                (comparators.contains(&region)
                    && (this_period || (k.basis == a.basis && in_chart_years)))
                    || (this_period && k.basis == a.basis && ctx.peers.iter().any(|c| c == region))
            }
            _ => k.region == own && p.year() == a.period.year() && p <= a.period,
        }
    };
    let mut cited = std::collections::BTreeSet::new();
    let mut illustrative = false;
    for (key, period, f) in snap.figures.iter() {
        if !drawn(key, period) {
            continue;
        }
        illustrative |= snap.figures.is_illustrative(f);
        if let Some(id) = f.source {
            cited.insert(id);
        }
    }
    let lines = cited
        .iter()
        .filter_map(|id| snap.figures.source(*id))
        .map(|s| source_line(s, lang))
        .fold(Vec::new(), |mut lines: Vec<String>, line| {
            // Two source rows can read the same (a monthly release cited twice).
            if !lines.contains(&line) {
                lines.push(line);
            }
            lines
        });
    (lines, illustrative)
}

/// A source as the footnote lists it: title, publisher, date, 示意数据 when illustrative,
/// note and address.
fn source_line(s: &crate::model::Source, lang: Lang) -> String {
    let mut line = s.title.clone();
    if !s.publisher.is_empty() && !s.title.contains(&s.publisher) {
        line.push_str(&format!("，{}", s.publisher));
    }
    if !s.published_on.is_empty() {
        line.push_str(&format!("，{}", s.published_on));
    }
    // Said once: the sample's own source already calls itself 示意 (in Chinese).
    let says_so = lang == Lang::Zh && (line.contains("示意") || s.note.contains("示意"));
    if s.illustrative && !says_so {
        line.push_str(lang.pick("（示意数据）", " (illustrative)"));
    }
    if !s.note.is_empty() {
        line.push_str(&match lang {
            Lang::Zh => format!("（{}）", s.note),
            Lang::En => format!(" ({})", s.note),
        });
    }
    if !s.url.is_empty() {
        line.push_str(&format!(" {}", s.url));
    }
    line
}
