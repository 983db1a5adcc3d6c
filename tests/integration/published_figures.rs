//! Every published figure of reference/published-figures.md that the sample holds comes out
//! of the sample dataset exactly, through the store and the analysis: national 2022–2025,
//! Heilongjiang and Jixi (2021 full year, 2022 1—4月 and full year, 2023 1—2, 1—3, 1—4月),
//! Hegang and the four other double-digit cities, the four leading industries (2022 share,
//! growth and contribution; 2023 1—4月 growth), the register counts. Not held, as the model
//! has no place for them: graphite's 2019 enterprise counts and output, Jixi's population
//! and GDP (context in the reference, not statistics the app reports).

use crate::common;

use industry_monitor::analysis::{self, ranking, structure};
use industry_monitor::model::catalogue::{HEILONGJIANG, JIXI, LEADING4, NATION, VA_GROWTH};
use industry_monitor::model::{Basis, Period, SeriesKey, Snapshot};
use industry_monitor::store::Dataset;

const HEGANG: &str = "230400";
const QIQIHAR: &str = "230200";
const JIAMUSI: &str = "230800";
const QITAIHE: &str = "230900";
const SUIHUA: &str = "231200";

fn p(y: i32, m: u32) -> Period {
    Period::new(y, m).expect("period")
}

fn snapshot() -> (tempfile::TempDir, Snapshot) {
    snapshot_of(None)
}

/// The sample seen from `region` (None: the home region, Jixi).
fn snapshot_of(region: Option<&str>) -> (tempfile::TempDir, Snapshot) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::sample_dataset(dir.path());
    let ds = Dataset::open(&path).expect("open the sample");
    let snap = ds.snapshot(region).expect("snapshot");
    (dir, snap)
}

/// The source note of a figure, which must be a published (not illustrative) source.
fn published_note(snap: &Snapshot, key: &SeriesKey, period: Period) -> String {
    let f = snap
        .figures
        .get(key, period)
        .unwrap_or_else(|| panic!("{key:?} {period}"));
    assert!(
        !snap.figures.is_illustrative(f),
        "{key:?} {period} must cite a published source"
    );
    let source = snap
        .figures
        .source(f.source.expect("source"))
        .expect("source row");
    source.note.clone()
}

/// National month and ytd growth, 2022–2025, as published (typed from the reference).
const NATIONAL: &str = "
2022 2 7.5 7.5
2022 3 5.0 6.5
2022 4 -2.9 4.0
2022 5 0.7 3.3
2022 6 3.9 3.4
2022 7 3.8 3.5
2022 8 4.2 3.6
2022 9 6.3 3.9
2022 10 5.0 4.0
2022 11 2.2 3.8
2022 12 1.3 3.6
2023 2 2.4 2.4
2023 3 3.9 3.0
2023 4 5.6 3.6
2023 5 3.5 3.6
2023 6 4.4 3.8
2023 7 3.7 3.8
2023 8 4.5 3.9
2023 9 4.5 4.0
2023 10 4.6 4.1
2023 11 6.6 4.3
2023 12 6.8 4.6
2024 2 7.0 7.0
2024 3 4.5 6.1
2024 4 6.7 6.3
2024 5 5.6 6.2
2024 6 5.3 6.0
2024 7 5.1 5.9
2024 8 4.5 5.8
2024 9 5.4 5.8
2024 10 5.3 5.8
2024 11 5.4 5.8
2024 12 6.2 5.8
2025 2 5.9 5.9
2025 3 7.7 6.5
2025 4 6.1 6.4
2025 5 5.8 6.3
2025 6 6.8 6.4
2025 7 5.7 6.3
2025 8 5.2 6.2
2025 9 6.5 6.2
2025 10 4.9 6.1
2025 11 4.8 6.0
";

#[test]
fn national_figures_are_as_published() {
    let (_dir, snap) = snapshot();
    let month = SeriesKey::whole(NATION, VA_GROWTH, Basis::Month);
    let ytd = SeriesKey::whole(NATION, VA_GROWTH, Basis::Ytd);
    let mut n = 0;
    for line in NATIONAL.lines().filter(|l| !l.trim().is_empty()) {
        let v: Vec<f64> = line
            .split_whitespace()
            .map(|x| x.parse().expect("number"))
            .collect();
        let period = p(v[0] as i32, v[1] as u32);
        assert_eq!(
            snap.figures.value(&month, period),
            Some(v[2]),
            "month {period}"
        );
        assert_eq!(snap.figures.value(&ytd, period), Some(v[3]), "ytd {period}");
        for key in [&month, &ytd] {
            let f = snap.figures.get(key, period).expect("figure");
            assert!(!snap.figures.is_illustrative(f), "{period} is published");
        }
        n += 1;
    }
    assert_eq!(n, 43);
    // 2025's full year is published (MIIT) without its December month.
    assert_eq!(snap.figures.value(&ytd, p(2025, 12)), Some(5.9));
    assert_eq!(snap.figures.value(&month, p(2025, 12)), None);
    let full_year = snap.figures.get(&ytd, p(2025, 12)).expect("2025 full year");
    assert!(!snap.figures.is_illustrative(full_year));
    // The UNVERIFIED rows say so in their source note.
    for (key, period) in [
        (&ytd, p(2022, 3)),
        (&month, p(2022, 3)),
        (&ytd, p(2023, 11)),
        (&ytd, p(2024, 4)),
        (&ytd, p(2024, 7)),
        (&month, p(2025, 6)),
        (&ytd, p(2025, 7)),
        (&ytd, p(2025, 8)),
    ] {
        let f = snap.figures.get(key, period).expect("figure");
        let source = snap
            .figures
            .source(f.source.expect("source"))
            .expect("source row");
        assert!(
            source.note.contains("UNVERIFIED"),
            "{period}: {}",
            source.note
        );
    }
}

#[test]
fn jixi_2023_jan_apr_headline() {
    let (_dir, snap) = snapshot();
    let a = analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p(2023, 4));
    let h = a.headline.expect("headline");
    assert_eq!(h.value, 19.2);
    assert_eq!(h.vs_nation_pp, Some(15.6));
    assert!(
        h.vs_parent_pp.is_some_and(|g| g > 0.0),
        "above the provincial average"
    );
    assert_eq!((h.rank, h.rank_of), (Some(1), Some(13)));
    assert_eq!(h.rank_streak, Some(3));
    for m in [2, 3, 4] {
        let rank = ranking::rank_of(
            &snap.figures,
            JIXI,
            &snap.context.peers,
            VA_GROWTH,
            Basis::Ytd,
            p(2023, m),
        );
        assert_eq!(rank.map(|r| r.0), Some(1), "first in 2023 1—{m}月");
    }
    let g = a
        .groups
        .iter()
        .find(|g| g.code == LEADING4)
        .expect("four leading industries");
    assert_eq!(g.growth_pct, Some(21.8));
    assert!(g.rate_stored);
}

#[test]
fn jixi_and_heilongjiang_jan_feb_2023() {
    let (_dir, snap) = snapshot();
    let ytd = |code| SeriesKey::whole(code, VA_GROWTH, Basis::Ytd);
    assert_eq!(
        snap.figures.value(&ytd(HEILONGJIANG), p(2023, 2)),
        Some(6.2)
    );
    let a = analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p(2023, 2));
    let h = a.headline.expect("headline");
    assert_eq!(h.value, 31.1);
    assert_eq!(h.vs_nation_pp, Some(28.7));
    assert_eq!(h.rank, Some(1));
    assert_eq!(h.rank_change, None, "1—2月 has no previous period");
    // The province was 3.8 points above the nation (6.2 − 2.4).
    assert_eq!(
        snap.figures
            .value(&ytd(HEILONGJIANG), p(2023, 2))
            .zip(snap.figures.value(&ytd(NATION), p(2023, 2)))
            .map(|(a, b)| analysis::gap_pp(a, b)),
        Some(3.8)
    );
}

#[test]
fn jixi_2022_jan_apr_first_in_the_province() {
    let (_dir, snap) = snapshot();
    let a = analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p(2022, 4));
    let h = a.headline.expect("headline");
    assert_eq!(h.value, 15.0);
    assert_eq!(h.rank, Some(1));
}

#[test]
fn two_year_average_of_national_jan_feb() {
    let (_dir, snap) = snapshot();
    let key = SeriesKey::whole(NATION, VA_GROWTH, Basis::Ytd);
    // √(1.075 × 1.024) − 1 = 4.9%.
    assert_eq!(
        structure::two_year_average_at(&snap.figures, &key, p(2023, 2)),
        Some(4.9)
    );
}

#[test]
fn the_register_matches_the_bureau() {
    let (_dir, snap) = snapshot();
    let a = analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p(2023, 4));
    assert_eq!(a.register.key_support, 318);
    assert_eq!(a.register.emerging, 243);
    let e = a
        .emerging_in_leading
        .expect("emerging in leading industries");
    assert_eq!(e.count, 132);
    assert_eq!(e.industries, ["graphite", "food", "medicine"]);
    assert_eq!(e.share_pct.map(analysis::round1), Some(54.3));
    for ent in &snap.register.enterprises {
        industry_monitor::model::credit_code::validate(&ent.credit_code)
            .unwrap_or_else(|err| panic!("{}: {err}", ent.name));
    }
}

#[test]
fn every_figure_cites_a_source_and_the_published_ones_are_not_illustrative() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ds = Dataset::open(&common::sample_dataset(dir.path())).expect("open");
    let sources = ds.sources().expect("sources");
    let rows = ds.figure_rows().expect("rows");
    assert!(rows.len() > 1000);
    for r in &rows {
        let id = r.source.unwrap_or_else(|| panic!("no source: {r:?}"));
        assert!(sources.iter().any(|s| s.id == id), "unknown source {id}");
    }
    let published = |region: &str, basis: Basis, y: i32, m: u32, subject: Option<&str>| {
        let row = rows
            .iter()
            .find(|r| {
                &*r.region == region
                    && &*r.indicator == VA_GROWTH
                    && r.basis == basis
                    && r.year == y
                    && r.month == m
                    && r.group.as_deref() == subject
                    && r.industry.is_none()
            })
            .expect("row");
        let s = sources
            .iter()
            .find(|s| Some(s.id) == row.source)
            .expect("source");
        assert!(
            !s.illustrative,
            "{region} {y}-{m} must cite a published source"
        );
    };
    published(JIXI, Basis::Ytd, 2023, 4, None);
    published(JIXI, Basis::Ytd, 2023, 2, None);
    published(JIXI, Basis::Ytd, 2022, 4, None);
    published(HEILONGJIANG, Basis::Ytd, 2023, 2, None);
    published(JIXI, Basis::Ytd, 2023, 4, Some(LEADING4));
    published(JIXI, Basis::Ytd, 2022, 12, None);
    published(JIXI, Basis::Ytd, 2021, 12, None);
    published(JIXI, Basis::Ytd, 2022, 12, Some(LEADING4));
    published(HEILONGJIANG, Basis::Ytd, 2022, 12, None);
    published(HEILONGJIANG, Basis::Ytd, 2023, 3, None);
    for city in [HEGANG, QIQIHAR, JIAMUSI, QITAIHE, SUIHUA] {
        published(city, Basis::Ytd, 2023, 2, None);
    }
    published(HEGANG, Basis::Ytd, 2023, 3, None);
    published(NATION, Basis::Ytd, 2025, 12, None);
    // Everything else about Jixi's cities is illustrative and says so.
    let harbin = rows
        .iter()
        .find(|r| &*r.region == "230100")
        .and_then(|r| sources.iter().find(|s| Some(s.id) == r.source))
        .expect("Harbin's source");
    assert!(harbin.illustrative);
}

#[test]
fn industry_shares_and_contributions_add_up() {
    let (_dir, snap) = snapshot();
    let a = analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p(2023, 4));
    let s = a.structure.expect("structure");
    assert!(s.parts.len() >= 5);
    let shares: f64 = s.all_parts().filter_map(|x| x.share_pct).sum();
    assert!((shares - 100.0).abs() <= 0.5, "shares sum to {shares}");
    let contributions: f64 = s.all_parts().filter_map(|x| x.contribution_pct).sum();
    assert!(
        (contributions - 100.0).abs() <= 1.0,
        "contributions {contributions}"
    );
    let pulls: f64 = s.all_parts().filter_map(|x| x.pull_pp).sum();
    assert!((pulls - 19.2).abs() <= 0.1, "pulls sum to {pulls}");
    assert!(
        s.parts
            .iter()
            .all(|x| snap.catalogue.industry(&x.code).is_some())
    );
}

#[test]
fn jixi_2022_full_year_second_in_the_province() {
    let (_dir, snap) = snapshot();
    let a = analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p(2022, 12));
    let h = a.headline.expect("headline");
    assert_eq!(h.value, 7.5);
    assert_eq!((h.rank, h.rank_of), (Some(2), Some(13)));
    // 3.9 points above the nation, 6.7 above the province (so the province is 0.8).
    assert_eq!(h.vs_nation_pp, Some(3.9));
    assert_eq!(h.vs_parent_pp, Some(6.7));
    assert_eq!(h.parent_value, Some(0.8));
    let ytd = |code| SeriesKey::whole(code, VA_GROWTH, Basis::Ytd);
    assert!(published_note(&snap, &ytd(JIXI), p(2022, 12)).contains("第2位"));
    assert!(published_note(&snap, &ytd(HEILONGJIANG), p(2022, 12)).contains("推算"));
}

#[test]
fn heilongjiang_jan_mar_2023() {
    let (_dir, snap) = snapshot();
    let ytd = |code| SeriesKey::whole(code, VA_GROWTH, Basis::Ytd);
    assert_eq!(
        snap.figures.value(&ytd(HEILONGJIANG), p(2023, 3)),
        Some(5.1)
    );
    // 2.1 points above the nation (5.1 − 3.0).
    let gap = snap
        .figures
        .value(&ytd(HEILONGJIANG), p(2023, 3))
        .zip(snap.figures.value(&ytd(NATION), p(2023, 3)))
        .map(|(a, b)| analysis::gap_pp(a, b));
    assert_eq!(gap, Some(2.1));
    assert!(published_note(&snap, &ytd(HEILONGJIANG), p(2023, 3)).contains("5.1"));
    // Jixi, first in 1—3月, is above the province.
    let a = analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p(2023, 3));
    let h = a.headline.expect("headline");
    assert_eq!(h.parent_value, Some(5.1));
    assert!(h.vs_parent_pp.is_some_and(|g| g > 0.0));
}

#[test]
fn the_four_leading_industries_in_2022() {
    let (_dir, snap) = snapshot();
    let a = analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p(2022, 12));
    let g = a
        .groups
        .iter()
        .find(|g| g.code == LEADING4)
        .expect("four leading industries");
    // Growth 8.9% as published; share of value added 89.4% from the levels.
    assert_eq!(g.growth_pct, Some(8.9));
    assert!(g.rate_stored);
    assert_eq!(g.share_pct.map(analysis::round1), Some(89.4));
    // Contribution 104% of the city's growth: the members' contributions from the levels.
    let s = a.structure.as_ref().expect("structure");
    let group = snap.catalogue.group(LEADING4).expect("group");
    let contribution: f64 = group
        .members
        .iter()
        .map(|m| {
            s.part(m)
                .and_then(|x| x.contribution_pct)
                .expect("member contribution")
        })
        .sum();
    assert_eq!(contribution.round(), 104.0, "contribution {contribution}");
    // Its pull is that contribution times the city's 7.5%.
    let pull = g.pull_pp.expect("pull");
    assert!(
        (pull - contribution / 100.0 * 7.5).abs() < 0.01,
        "pull {pull}"
    );
    // The levels agree with the published growth too.
    let base: f64 = group
        .members
        .iter()
        .filter_map(|m| s.part(m).and_then(|x| x.base_level))
        .sum();
    let level: f64 = group
        .members
        .iter()
        .filter_map(|m| s.part(m).map(|x| x.level))
        .sum();
    assert_eq!(analysis::round1((level / base - 1.0) * 100.0), 8.9);
    let key = SeriesKey {
        region: JIXI.to_string(),
        indicator: VA_GROWTH.to_string(),
        subject: industry_monitor::model::Subject::Group(LEADING4.to_string()),
        basis: Basis::Ytd,
    };
    let note = published_note(&snap, &key, p(2022, 12));
    assert!(note.contains("89.4%") && note.contains("104%"), "{note}");
}

#[test]
fn hegang_and_the_double_digit_cities_in_jan_feb_2023() {
    let (_dir, snap) = snapshot();
    let ytd = |code| SeriesKey::whole(code, VA_GROWTH, Basis::Ytd);
    let rank = |code| {
        ranking::rank_of(
            &snap.figures,
            code,
            &snap.context.peers,
            VA_GROWTH,
            Basis::Ytd,
            p(2023, 2),
        )
        .map(|r| r.0)
    };
    for (code, value, place) in [
        (JIXI, 31.1, 1),
        (HEGANG, 31.0, 2),
        (QIQIHAR, 14.0, 3),
        (JIAMUSI, 11.9, 4),
        (QITAIHE, 11.9, 4),
        (SUIHUA, 11.2, 6),
    ] {
        assert_eq!(snap.figures.value(&ytd(code), p(2023, 2)), Some(value));
        assert_eq!(rank(code), Some(place), "{code}");
        published_note(&snap, &ytd(code), p(2023, 2));
    }
    // The remaining seven cities were below 10.
    let named = [JIXI, HEGANG, QIQIHAR, JIAMUSI, QITAIHE, SUIHUA];
    let rest: Vec<f64> = snap
        .context
        .peers
        .iter()
        .filter(|c| !named.contains(&c.as_str()))
        .map(|c| {
            snap.figures
                .value(&ytd(c.as_str()), p(2023, 2))
                .expect("figure")
        })
        .collect();
    assert_eq!(rest.len(), 7);
    assert!(rest.iter().all(|v| *v < 10.0), "{rest:?}");
}

#[test]
fn hegang_jan_mar_2023_second_in_the_province() {
    let (_dir, snap) = snapshot_of(Some(HEGANG));
    let a = analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p(2023, 3));
    let h = a.headline.expect("headline");
    assert_eq!(h.value, 16.6);
    assert_eq!((h.rank, h.rank_of), (Some(2), Some(13)));
    // 11.5 points above the province (16.6 − 5.1).
    assert_eq!(h.vs_parent_pp, Some(11.5));
    let key = SeriesKey::whole(HEGANG, VA_GROWTH, Basis::Ytd);
    assert!(published_note(&snap, &key, p(2023, 3)).contains("第2位"));
}

#[test]
fn jixi_2021_full_year_first_in_the_province() {
    let (_dir, snap) = snapshot();
    let a = analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p(2021, 12));
    let h = a.headline.expect("headline");
    assert_eq!(h.value, 16.2);
    assert_eq!((h.rank, h.rank_of), (Some(1), Some(13)));
    let key = SeriesKey::whole(JIXI, VA_GROWTH, Basis::Ytd);
    assert!(published_note(&snap, &key, p(2021, 12)).contains("16.2"));
    // The 2022 full year's two-year average rests on it: √(1.162 × 1.075) − 1 = 11.8%.
    let a = analysis::analyse(&snap, VA_GROWTH, Basis::Ytd, p(2022, 12));
    let h = a.headline.expect("headline");
    assert_eq!(h.year_before, Some(16.2));
    assert_eq!(h.two_year_avg_pct, Some(11.8));
}
