//! Data-quality checks: findings with a severity and a location, never corrections.
//!
//! What is checked: January values under the 1–2月 convention; periods missing inside a
//! year's series; a peer region missing from a ranking other peers have; year-to-date
//! levels that do not add up from month levels; industry parts exceeding the whole (shares
//! over 100%); impossible or outlying rates; figures without a source; and the rows of any
//! table the dataset's readers skipped (an unreadable date, a non-finite value …).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;

use crate::model::{
    Basis, Catalogue, Code, IndicatorKind, Lang, Period, RawFigure, RegionLevel, SkippedRow, Source,
};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The data contradict the conventions; results that use them are wrong.
    Error,
    /// Probably a gap or a slip; results may be incomplete.
    Warning,
    /// Worth a look.
    Info,
}

impl Severity {
    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Error, Lang::Zh) => "错误",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Info, Lang::Zh) => "提示",
            (Severity::Error, Lang::En) => "error",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Info, Lang::En) => "note",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Severity.
    pub severity: Severity,
    /// Where: region · indicator · subject · basis · period, as a reader names them.
    pub location: String,
    /// The code of the region concerned (for the window to jump to its figures).
    pub region: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

struct Namer<'a> {
    cat: &'a Catalogue,
    lang: Lang,
}

impl Namer<'_> {
    fn region(&self, code: &str) -> String {
        self.cat
            .region(code)
            .map(|r| r.name(self.lang).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    fn indicator(&self, code: &str) -> String {
        self.cat
            .indicator(code)
            .map(|i| i.name(self.lang).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    fn subject(&self, f: &RawFigure) -> String {
        if let Some(i) = &f.industry {
            self.cat
                .industry(i)
                .map(|x| x.name(self.lang).to_string())
                .unwrap_or_else(|| i.to_string())
        } else if let Some(g) = &f.group {
            self.cat
                .group(g)
                .map(|x| x.name(self.lang).to_string())
                .unwrap_or_else(|| g.to_string())
        } else {
            String::new()
        }
    }

    fn location(&self, f: &RawFigure) -> String {
        let period = match Period::new(f.year, f.month) {
            Ok(p) => p.label_with_year(f.basis, self.lang),
            Err(_) => match self.lang {
                Lang::Zh => format!("{}年{}月", f.year, f.month),
                Lang::En => format!("{}-{:02}", f.year, f.month),
            },
        };
        let mut parts = vec![self.region(&f.region), self.indicator(&f.indicator)];
        let subject = self.subject(f);
        if !subject.is_empty() {
            parts.push(subject);
        }
        parts.push(f.basis.label(self.lang).to_string());
        parts.push(period);
        parts.join(" · ")
    }
}

type SeriesId = (Code, Code, Option<Code>, Option<Code>, Basis);

fn series_id(f: &RawFigure) -> SeriesId {
    (
        f.region.clone(),
        f.indicator.clone(),
        f.industry.clone(),
        f.group.clone(),
        f.basis,
    )
}

/// Runs every check. `sources` are the dataset's sources; `skipped` the rows its readers
/// skipped (each one an error finding).
pub fn check(
    cat: &Catalogue,
    rows: &[RawFigure],
    sources: &[Source],
    skipped: &[SkippedRow],
    lang: Lang,
) -> Vec<Finding> {
    let n = Namer { cat, lang };
    let known: HashSet<i64> = sources.iter().map(|s| s.id).collect();
    let mut out = skipped_rows(skipped, lang);
    january(&n, rows, &mut out);
    missing_periods(&n, rows, &mut out);
    missing_from_ranking(&n, rows, &mut out);
    ytd_vs_month(&n, rows, &mut out);
    shares_over_100(&n, rows, &mut out);
    rates(&n, rows, &mut out);
    unsourced(&n, rows, &known, &mut out);
    out.sort_by_key(|f| f.severity);
    out
}

/// One error per skipped row: the table, the row and the column, the value as stored,
/// what is wrong and what to do.
pub fn skipped_rows(skipped: &[SkippedRow], lang: Lang) -> Vec<Finding> {
    skipped
        .iter()
        .map(|s| Finding {
            severity: Severity::Error,
            location: format!("{} · {} · {}", s.table, s.row, s.column),
            region: s.region.clone(),
            message: match lang {
                Lang::Zh => format!("值“{}”{}", s.value, s.reason.zh),
                Lang::En => format!("value “{}”: {}", s.value, s.reason.en),
            },
        })
        .collect()
}

fn january(n: &Namer, rows: &[RawFigure], out: &mut Vec<Finding>) {
    for f in rows.iter().filter(|f| f.month == 1) {
        out.push(Finding {
            severity: Severity::Error,
            location: n.location(f),
            region: Some(f.region.to_string()),
            message: n
                .lang
                .pick(
                    "1月单独的数值不符合“1—2月合并发布”的口径；请删除或改录为1—2月数值",
                    "a January value: January and February are published together as Jan–Feb; delete it or enter it as the Jan–Feb figure",
                )
                .to_string(),
        });
    }
}

fn periods_by_series(rows: &[RawFigure]) -> HashMap<SeriesId, BTreeSet<Period>> {
    let mut by: HashMap<SeriesId, BTreeSet<Period>> = HashMap::new();
    for f in rows {
        if let Ok(p) = Period::new(f.year, f.month) {
            by.entry(series_id(f)).or_default().insert(p);
        }
    }
    by
}

fn missing_periods(n: &Namer, rows: &[RawFigure], out: &mut Vec<Finding>) {
    let mut by: Vec<(SeriesId, BTreeSet<Period>)> = periods_by_series(rows).into_iter().collect();
    by.sort_by(|a, b| a.0.cmp(&b.0));
    for (id, periods) in by {
        let years: BTreeSet<i32> = periods.iter().map(|p| p.year()).collect();
        for year in years {
            let in_year: Vec<Period> = periods
                .iter()
                .copied()
                .filter(|p| p.year() == year)
                .collect();
            let (Some(first), Some(last)) = (in_year.first(), in_year.last()) else {
                continue;
            };
            let gaps: Vec<String> = Period::all_in_year(year)
                .filter(|p| p > first && p < last && !in_year.contains(p))
                .map(|p| p.label(id.4, n.lang))
                .collect();
            if gaps.is_empty() {
                continue;
            }
            let sample = RawFigure {
                region: id.0.clone(),
                indicator: id.1.clone(),
                industry: id.2.clone(),
                group: id.3.clone(),
                basis: id.4,
                year,
                month: 2,
                value: 0.0,
                source: None,
            };
            let location = n.location(&sample);
            let location = location
                .rsplit_once(" · ")
                .map(|(head, _)| format!("{head} · {year}"))
                .unwrap_or(location);
            out.push(Finding {
                severity: Severity::Warning,
                location,
                region: Some(id.0.to_string()),
                message: match n.lang {
                    Lang::Zh => format!(
                        "缺少{}的数据，连续期数和排名变化在缺口处中断",
                        gaps.join("、")
                    ),
                    Lang::En => format!(
                        "no figure for {}: streaks and rank changes stop at the gap",
                        gaps.join(", ")
                    ),
                },
            });
        }
    }
}

fn missing_from_ranking(n: &Namer, rows: &[RawFigure], out: &mut Vec<Finding>) {
    // Whole-region rates of cities (and counties), grouped by parent, indicator, basis, period.
    let mut present: BTreeMap<(Code, Code, Basis, Period), BTreeSet<Code>> = BTreeMap::new();
    for f in rows
        .iter()
        .filter(|f| f.industry.is_none() && f.group.is_none())
    {
        let Some(region) = n.cat.region(&f.region) else {
            continue;
        };
        if !matches!(region.level, RegionLevel::City | RegionLevel::County) {
            continue;
        }
        if n.cat.indicator(&f.indicator).map(|i| i.kind) != Some(IndicatorKind::Rate) {
            continue;
        }
        let (Some(parent), Ok(p)) = (
            region.parent.as_deref().map(Code::from),
            Period::new(f.year, f.month),
        ) else {
            continue;
        };
        present
            .entry((parent, f.indicator.clone(), f.basis, p))
            .or_default()
            .insert(f.region.clone());
    }
    for ((parent, indicator, basis, period), have) in present {
        // Peers are the parent's children of the ranked regions' level.
        let level = have
            .iter()
            .next()
            .and_then(|c| n.cat.region(c))
            .map(|r| r.level);
        let peers: Vec<&str> = n
            .cat
            .children_of(&parent)
            .filter(|r| Some(r.level) == level)
            .map(|r| r.code.as_str())
            .collect();
        // Only rankings that are mostly there: a lone city is not a ranking.
        if have.len() < 3 || have.len() * 2 < peers.len() {
            continue;
        }
        let missing: Vec<String> = peers
            .iter()
            .filter(|c| !have.contains(**c))
            .map(|c| n.region(c))
            .collect();
        if missing.is_empty() {
            continue;
        }
        out.push(Finding {
            severity: Severity::Warning,
            location: format!(
                "{} · {} · {} · {}",
                n.region(&parent),
                n.indicator(&indicator),
                basis.label(n.lang),
                period.label_with_year(basis, n.lang)
            ),
            region: Some(parent.to_string()),
            message: match n.lang {
                Lang::Zh => format!(
                    "排名缺少{}：位次按{}个地区计算，可能与公报不一致",
                    missing.join("、"),
                    have.len()
                ),
                Lang::En => format!(
                    "{} missing from the ranking: ranks are among {} regions and may differ from the bulletin",
                    missing.join(", "),
                    have.len()
                ),
            },
        });
    }
}

/// Region, indicator, industry and group of a level series.
type LevelKey = (Code, Code, Option<Code>, Option<Code>);

fn ytd_vs_month(n: &Namer, rows: &[RawFigure], out: &mut Vec<Finding>) {
    let mut levels: HashMap<LevelKey, BTreeMap<(Period, Basis), f64>> = HashMap::new();
    for f in rows {
        let is_level = n
            .cat
            .indicator(&f.indicator)
            .is_some_and(|i| i.kind != IndicatorKind::Rate);
        let Ok(p) = Period::new(f.year, f.month) else {
            continue;
        };
        if is_level {
            levels
                .entry((
                    f.region.clone(),
                    f.indicator.clone(),
                    f.industry.clone(),
                    f.group.clone(),
                ))
                .or_default()
                .insert((p, f.basis), f.value);
        }
    }
    let mut keys: Vec<_> = levels.keys().cloned().collect();
    keys.sort();
    for key in keys {
        let series = &levels[&key];
        for (&(p, basis), &ytd) in series {
            if basis != Basis::Ytd {
                continue;
            }
            let Some(&month) = series.get(&(p, Basis::Month)) else {
                continue;
            };
            let expected = match p.prev_in_year() {
                None => Some(month),
                Some(prev) => series.get(&(prev, Basis::Ytd)).map(|y| y + month),
            };
            let Some(expected) = expected else { continue };
            let tolerance = 0.005 * ytd.abs().max(1.0);
            if (expected - ytd).abs() > tolerance {
                let f = RawFigure {
                    region: key.0.clone(),
                    indicator: key.1.clone(),
                    industry: key.2.clone(),
                    group: key.3.clone(),
                    basis: Basis::Ytd,
                    year: p.year(),
                    month: p.month(),
                    value: ytd,
                    source: None,
                };
                out.push(Finding {
                    severity: Severity::Warning,
                    location: n.location(&f),
                    region: Some(f.region.to_string()),
                    message: match n.lang {
                        Lang::Zh => format!(
                            "累计值{ytd}与上期累计加当月值（{expected}）不一致"
                        ),
                        Lang::En => format!(
                            "year-to-date value {ytd} does not equal the previous year-to-date value plus the month ({expected})"
                        ),
                    },
                });
            }
        }
    }
}

fn shares_over_100(n: &Namer, rows: &[RawFigure], out: &mut Vec<Finding>) {
    let mut whole: HashMap<(Code, Code, Basis, Period), f64> = HashMap::new();
    let mut parts: BTreeMap<(Code, Code, Basis, Period), f64> = BTreeMap::new();
    for f in rows.iter().filter(|f| f.group.is_none()) {
        if n.cat.indicator(&f.indicator).map(|i| i.kind) == Some(IndicatorKind::Rate) {
            continue;
        }
        let Ok(p) = Period::new(f.year, f.month) else {
            continue;
        };
        let key = (f.region.clone(), f.indicator.clone(), f.basis, p);
        if f.industry.is_some() {
            *parts.entry(key).or_insert(0.0) += f.value;
        } else {
            whole.insert(key, f.value);
        }
    }
    for (key, sum) in parts {
        let Some(&w) = whole.get(&key) else { continue };
        if w > 0.0 && sum > w * 1.0005 {
            out.push(Finding {
                severity: Severity::Error,
                location: format!(
                    "{} · {} · {}",
                    n.region(&key.0),
                    n.indicator(&key.1),
                    key.3.label_with_year(key.2, n.lang)
                ),
                region: Some(key.0.to_string()),
                message: match n.lang {
                    Lang::Zh => format!(
                        "各行业合计占全部的{:.1}%，超过100%：请检查行业数值或全部数值",
                        sum / w * 100.0
                    ),
                    Lang::En => format!(
                        "the industries add up to {:.1}% of the whole: check the industry figures or the total",
                        sum / w * 100.0
                    ),
                },
            });
        }
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let m = values.len() / 2;
    if values.len().is_multiple_of(2) {
        (values[m - 1] + values[m]) / 2.0
    } else {
        values[m]
    }
}

fn rates(n: &Namer, rows: &[RawFigure], out: &mut Vec<Finding>) {
    let is_rate =
        |f: &RawFigure| n.cat.indicator(&f.indicator).map(|i| i.kind) == Some(IndicatorKind::Rate);
    for f in rows.iter().filter(|f| is_rate(f)) {
        if f.value <= -100.0 || !f.value.is_finite() {
            out.push(Finding {
                severity: Severity::Error,
                location: n.location(f),
                region: Some(f.region.to_string()),
                message: match n.lang {
                    Lang::Zh => format!("增速{}%不可能（不低于−100%）", f.value),
                    Lang::En => format!(
                        "a growth rate of {}% is impossible (it cannot fall below −100%)",
                        f.value
                    ),
                },
            });
        }
    }
    // Outliers among the peers of one ranking: far from the median in robust units.
    let mut groups: BTreeMap<(Code, Code, Basis, i32, u32), Vec<&RawFigure>> = BTreeMap::new();
    for f in rows
        .iter()
        .filter(|f| is_rate(f) && f.industry.is_none() && f.group.is_none())
    {
        let Some(parent) = n
            .cat
            .region(&f.region)
            .and_then(|r| r.parent.as_deref().map(Code::from))
        else {
            continue;
        };
        groups
            .entry((parent, f.indicator.clone(), f.basis, f.year, f.month))
            .or_default()
            .push(f);
    }
    for figures in groups.values().filter(|g| g.len() >= 5) {
        let mut values: Vec<f64> = figures.iter().map(|f| f.value).collect();
        let med = median(&mut values);
        let mut deviations: Vec<f64> = figures.iter().map(|f| (f.value - med).abs()).collect();
        let mad = median(&mut deviations).max(1.0);
        for f in figures {
            let distance = (f.value - med).abs();
            if distance > 6.0 * mad && distance > 15.0 {
                out.push(Finding {
                    severity: Severity::Info,
                    location: n.location(f),
                    region: Some(f.region.to_string()),
                    // Typos and real differences look the same here (Jixi's published
                    // 31.1 in 1—2月 2023 is one); only the source can tell them apart.
                    message: match n.lang {
                        Lang::Zh => format!(
                            "{}%远离同级地区中位数{:.1}%：请与来源原文核对；如一致即为实际差异，引用时可加说明",
                            f.value, med
                        ),
                        Lang::En => format!(
                            "{}% is far from the peers' median of {:.1}%: check it against its source; if it matches, it is a real difference worth a word when quoted",
                            f.value, med
                        ),
                    },
                });
            }
        }
    }
}

fn unsourced(n: &Namer, rows: &[RawFigure], sources: &HashSet<i64>, out: &mut Vec<Finding>) {
    let mut by_region: BTreeMap<Code, usize> = BTreeMap::new();
    for f in rows {
        if !f.source.is_some_and(|s| sources.contains(&s)) {
            *by_region.entry(f.region.clone()).or_insert(0) += 1;
        }
    }
    for (region, count) in by_region {
        out.push(Finding {
            severity: Severity::Warning,
            location: n.region(&region),
            region: Some(region.to_string()),
            message: match n.lang {
                Lang::Zh => format!("{count}个数据没有来源：导入时请注明来源，以便追溯"),
                Lang::En => format!("{count} figures have no source: import them with their source so they can be traced"),
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::catalogue::builtin;

    fn row(
        region: &str,
        indicator: &str,
        industry: Option<&str>,
        basis: Basis,
        y: i32,
        m: u32,
        v: f64,
    ) -> RawFigure {
        RawFigure {
            region: region.into(),
            indicator: indicator.into(),
            industry: industry.map(Code::from),
            group: None,
            basis,
            year: y,
            month: m,
            value: v,
            source: Some(1),
        }
    }

    /// Source 1 is illustrative, source 2 published.
    fn sources() -> Vec<Source> {
        let source = |id, illustrative| Source {
            id,
            title: format!("source {id}"),
            publisher: String::new(),
            published_on: String::new(),
            url: String::new(),
            note: String::new(),
            illustrative,
        };
        vec![source(1, true), source(2, false)]
    }

    fn findings(rows: &[RawFigure]) -> Vec<Finding> {
        check(builtin(), rows, &sources(), &[], Lang::En)
    }

    #[test]
    fn a_clean_series_has_no_findings() {
        let rows: Vec<RawFigure> = (2..=6)
            .map(|m| {
                row(
                    "230300",
                    "va_growth",
                    None,
                    Basis::Ytd,
                    2023,
                    m,
                    10.0 + m as f64,
                )
            })
            .collect();
        assert_eq!(findings(&rows), vec![]);
    }

    #[test]
    fn january_missing_periods_and_unsourced() {
        let mut rows = vec![
            row("230300", "va_growth", None, Basis::Ytd, 2023, 1, 5.0),
            row("230300", "va_growth", None, Basis::Ytd, 2023, 2, 5.0),
            row("230300", "va_growth", None, Basis::Ytd, 2023, 5, 6.0),
        ];
        rows[2].source = None;
        let f = findings(&rows);
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0].message.contains("January"), "{f:?}");
        assert!(
            f.iter().any(|x| x.message.contains("Jan–Mar, Jan–Apr")),
            "{f:?}"
        );
        assert!(
            f.iter()
                .any(|x| x.message.contains("1 figures have no source")),
            "{f:?}"
        );
    }

    #[test]
    fn ytd_levels_must_add_up() {
        let rows = vec![
            row("230300", "va", None, Basis::Ytd, 2023, 2, 100.0),
            row("230300", "va", None, Basis::Month, 2023, 2, 100.0),
            row("230300", "va", None, Basis::Month, 2023, 3, 50.0),
            row("230300", "va", None, Basis::Ytd, 2023, 3, 160.0),
        ];
        let f = findings(&rows);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("150"), "{f:?}");
    }

    #[test]
    fn shares_over_100_percent() {
        let rows = vec![
            row("230300", "va", None, Basis::Ytd, 2023, 4, 100.0),
            row("230300", "va", Some("coal"), Basis::Ytd, 2023, 4, 70.0),
            row("230300", "va", Some("graphite"), Basis::Ytd, 2023, 4, 40.0),
        ];
        let f = findings(&rows);
        assert!(
            f.iter()
                .any(|x| x.severity == Severity::Error && x.message.contains("110.0%")),
            "{f:?}"
        );
    }

    #[test]
    fn a_city_missing_from_a_ranking_and_an_outlier() {
        let cities = [
            "230100", "230200", "230300", "230400", "230500", "230600", "230700", "230800",
            "230900", "231000", "231100", "231200",
        ];
        let mut rows: Vec<RawFigure> = cities
            .iter()
            .enumerate()
            .map(|(i, c)| {
                row(
                    c,
                    "va_growth",
                    None,
                    Basis::Ytd,
                    2023,
                    4,
                    3.0 + i as f64 * 0.5,
                )
            })
            .collect();
        rows[0].value = 95.0;
        let f = findings(&rows);
        assert!(
            f.iter()
                .any(|x| x.message.contains("Daxing'anling missing")),
            "{f:?}"
        );
        assert!(
            f.iter()
                .any(|x| x.severity == Severity::Info && x.location.starts_with("Harbin")),
            "{f:?}"
        );
        assert!(
            f.iter().any(|x| x.location.starts_with("Harbin")
                && x.message.contains("check it against its source")),
            "{f:?}"
        );
        rows[1].value = -120.0;
        let f = findings(&rows);
        assert!(
            f.iter()
                .any(|x| x.severity == Severity::Error && x.message.contains("impossible"))
        );
    }

    #[test]
    fn every_skipped_row_is_an_error_naming_table_row_column_and_value() {
        let skipped = SkippedRow {
            table: "service_requests",
            row: "id 7".into(),
            column: "raised_on",
            value: "1899-12-30".into(),
            region: None,
            reason: crate::model::Said::new(
                "不是日期，该行已跳过；请改正",
                "not a date; the row was skipped. Correct it",
            ),
        };
        let f = check(
            builtin(),
            &[],
            &sources(),
            std::slice::from_ref(&skipped),
            Lang::En,
        );
        assert_eq!(
            f,
            vec![Finding {
                severity: Severity::Error,
                location: "service_requests · id 7 · raised_on".into(),
                region: None,
                message: "value “1899-12-30”: not a date; the row was skipped. Correct it".into(),
            }]
        );
        let f = check(builtin(), &[], &sources(), &[skipped], Lang::Zh);
        assert_eq!(f[0].message, "值“1899-12-30”不是日期，该行已跳过；请改正");
    }
}
