//! Snapshots of the briefing narrative (insta): several periods and regions, declines,
//! falling ranks, 1—2月, the month basis and missing provincial figures. Review a changed
//! snapshot as an analyst would before accepting it.

use industry_monitor::analysis::analyse;
use industry_monitor::briefing::narrative::paragraphs;
use industry_monitor::model::catalogue::{JIXI, VA_GROWTH};
use industry_monitor::model::{Basis, Lang, Period, Snapshot, Source, Subject};
use industry_monitor::store::{Dataset, DatasetMeta, ObservationKey, StoreError};

fn p(y: i32, m: u32) -> Period {
    Period::new(y, m).expect("period")
}

fn sample_snapshot(region: Option<&str>) -> Snapshot {
    let ds = industry_monitor::sample::in_memory().expect("sample");
    ds.snapshot(region).expect("snapshot")
}

fn narrative(snap: &Snapshot, basis: Basis, period: Period, lang: Lang) -> String {
    let a = analyse(snap, VA_GROWTH, basis, period);
    paragraphs(snap, &a, lang).join("\n\n")
}

/// A dataset of Jixi whose only figures are these ytd growth rates of 2023 (region, month,
/// value), all from one published source, 快报 of 统计局.
fn published_dataset(figures: &[(&str, u32, f64)]) -> Dataset {
    let mut ds = Dataset::in_memory(&DatasetMeta {
        title: "公布数据".into(),
        home_region: JIXI.into(),
        is_sample: false,
    })
    .expect("dataset");
    ds.write(|w| -> Result<(), StoreError> {
        let source = w.add_source(&Source {
            id: 0,
            title: "快报".into(),
            publisher: "统计局".into(),
            published_on: String::new(),
            url: String::new(),
            note: String::new(),
            illustrative: false,
        })?;
        let ids = w.ids().clone();
        let path = w.path().to_path_buf();
        let mut fw = w.figures()?;
        for &(region, m, v) in figures {
            let key = ObservationKey::from_codes(
                &ids,
                region,
                VA_GROWTH,
                &Subject::Whole,
                Basis::Ytd,
                p(2023, m),
            )
            .expect("key");
            fw.insert_new(&key, v, Some(source))
                .map_err(industry_monitor::store::sql_err(&path))?;
        }
        Ok(())
    })
    .expect("write");
    ds
}

#[test]
fn jixi_jan_apr_2023() {
    let snap = sample_snapshot(None);
    insta::assert_snapshot!(
        "jixi_2023_04_zh",
        narrative(&snap, Basis::Ytd, p(2023, 4), Lang::Zh)
    );
    insta::assert_snapshot!(
        "jixi_2023_04_en",
        narrative(&snap, Basis::Ytd, p(2023, 4), Lang::En)
    );
}

#[test]
fn jixi_jan_feb_2023_has_no_rank_change() {
    let snap = sample_snapshot(None);
    insta::assert_snapshot!(
        "jixi_2023_02_zh",
        narrative(&snap, Basis::Ytd, p(2023, 2), Lang::Zh)
    );
}

#[test]
fn jixi_falls_to_second_in_jan_may_2023() {
    let snap = sample_snapshot(None);
    insta::assert_snapshot!(
        "jixi_2023_05_zh",
        narrative(&snap, Basis::Ytd, p(2023, 5), Lang::Zh)
    );
    insta::assert_snapshot!(
        "jixi_2023_05_en",
        narrative(&snap, Basis::Ytd, p(2023, 5), Lang::En)
    );
}

#[test]
fn jixi_april_2023_on_the_month_basis() {
    let snap = sample_snapshot(None);
    insta::assert_snapshot!(
        "jixi_2023_04_month_zh",
        narrative(&snap, Basis::Month, p(2023, 4), Lang::Zh)
    );
}

#[test]
fn the_nation_declines_in_april_2022() {
    // National April 2022: −2.9% (published); the nation has no parent and no rank.
    let snap = sample_snapshot(Some("100000"));
    insta::assert_snapshot!(
        "nation_2022_04_month_zh",
        narrative(&snap, Basis::Month, p(2022, 4), Lang::Zh)
    );
    insta::assert_snapshot!(
        "nation_2022_04_month_en",
        narrative(&snap, Basis::Month, p(2022, 4), Lang::En)
    );
}

#[test]
fn another_city_below_the_province() {
    // 大庆: an illustrative city that trails the province.
    let snap = sample_snapshot(Some("230600"));
    insta::assert_snapshot!(
        "daqing_2023_04_zh",
        narrative(&snap, Basis::Ytd, p(2023, 4), Lang::Zh)
    );
}

/// A dataset with Jixi's and the nation's figures but no provincial figure and no peers:
/// the provincial comparison and the ranking are left out, not invented.
#[test]
fn missing_provincial_figures_are_left_out() {
    let ds = published_dataset(&[(JIXI, 3, -1.5), (JIXI, 4, -2.4), ("100000", 4, 3.6)]);
    let snap = ds.snapshot(None).expect("snapshot");
    let zh = narrative(&snap, Basis::Ytd, p(2023, 4), Lang::Zh);
    assert!(!zh.contains("全省"), "{zh}");
    insta::assert_snapshot!("jixi_without_province_zh", zh);
    insta::assert_snapshot!(
        "jixi_without_province_en",
        narrative(&snap, Basis::Ytd, p(2023, 4), Lang::En)
    );
}

/// A tie in the third month at first place: the streak is Jixi's, the tie this month's.
#[test]
fn a_tie_at_the_top_does_not_read_as_a_tied_streak() {
    use industry_monitor::model::SeriesKey;
    let mut snap = sample_snapshot(None);
    let daqing = SeriesKey::whole("230600", VA_GROWTH, Basis::Ytd);
    let jixi = snap
        .figures
        .get(&SeriesKey::whole(JIXI, VA_GROWTH, Basis::Ytd), p(2023, 4))
        .copied()
        .expect("Jixi 1—4月");
    snap.figures.insert(daqing, p(2023, 4), jixi);
    let zh = narrative(&snap, Basis::Ytd, p(2023, 4), Lang::Zh);
    assert!(
        zh.contains("增速连续3个月居全省第1位（本期与大庆市并列）"),
        "{zh}"
    );
    assert!(!zh.contains("并列连续"), "{zh}");
    let en = narrative(&snap, Basis::Ytd, p(2023, 4), Lang::En);
    assert!(
        en.contains("for the 3rd consecutive month (tied with Daqing this month)"),
        "{en}"
    );
}

/// 精准帮扶 is said only as far as the register names officials in charge.
#[test]
fn precise_support_needs_officials_in_the_register() {
    let mut snap = sample_snapshot(None);
    let zh = narrative(&snap, Basis::Ytd, p(2023, 4), Lang::Zh);
    assert!(zh.contains("318户重点企业实现精准帮扶"), "{zh}");
    let mut cleared = 0;
    for e in snap
        .register
        .enterprises
        .iter_mut()
        .filter(|e| e.key_support)
    {
        if cleared < 18 {
            e.official.clear();
            cleared += 1;
        }
    }
    let zh = narrative(&snap, Basis::Ytd, p(2023, 4), Lang::Zh);
    assert!(
        zh.contains("318户重点企业中300户已明确包联领导、实现精准帮扶"),
        "{zh}"
    );
    for e in &mut snap.register.enterprises {
        e.official.clear();
    }
    let zh = narrative(&snap, Basis::Ytd, p(2023, 4), Lang::Zh);
    assert!(zh.contains("全市重点帮扶企业318户"), "{zh}");
    assert!(!zh.contains("精准帮扶"), "{zh}");
    let en = narrative(&snap, Basis::Ytd, p(2023, 4), Lang::En);
    assert!(en.contains("There are 318 key-support enterprises"), "{en}");
}

/// Sections are numbered in order of what the briefing has: without industry figures the
/// enterprise section is 二, not 三.
#[test]
fn sections_are_numbered_in_order() {
    use industry_monitor::briefing::Parts;
    use industry_monitor::briefing::document::build;
    use industry_monitor::model::{Date, Figures};
    let full = sample_snapshot(None);
    let mut figures = Figures::new();
    for s in full.figures.sources() {
        figures.add_source(s.clone());
    }
    for (key, period, f) in full.figures.iter() {
        if key.subject == Subject::Whole {
            figures.insert(key.clone(), period, *f);
        }
    }
    let snap = Snapshot { figures, ..full };
    let a = analyse(&snap, VA_GROWTH, Basis::Ytd, p(2023, 4));
    let today = Date::new(2023, 5, 20).expect("date");
    let headings: Vec<String> = build(&snap, &a, Lang::Zh, Parts::default(), today)
        .sections
        .iter()
        .map(|s| s.heading.clone())
        .collect();
    assert_eq!(headings, ["一、总体运行情况", "二、企业服务和银企对接"]);
    let en: Vec<String> = build(&snap, &a, Lang::En, Parts::default(), today)
        .sections
        .iter()
        .map(|s| s.heading.clone())
        .collect();
    assert_eq!(
        en,
        [
            "1. Overall performance",
            "2. Enterprise service and financing"
        ]
    );
}

/// A dataset of published figures only: no *, no note, no chart notes.
#[test]
fn published_figures_carry_no_marks() {
    use industry_monitor::briefing::Parts;
    use industry_monitor::briefing::document::build;
    use industry_monitor::model::Date;
    let ds = published_dataset(&[
        (JIXI, 3, 24.6),
        (JIXI, 4, 19.2),
        ("230000", 4, 4.9),
        ("230600", 4, 4.0),
        ("100000", 4, 3.6),
    ]);
    let snap = ds.snapshot(None).expect("snapshot");
    let a = analyse(&snap, VA_GROWTH, Basis::Ytd, p(2023, 4));
    let b = build(
        &snap,
        &a,
        Lang::Zh,
        Parts::default(),
        Date::new(2023, 5, 20).expect("date"),
    );
    assert!(b.illustrative_note.is_none());
    assert!(!b.tables.is_empty());
    for t in &b.tables {
        for row in &t.rows {
            for c in row {
                assert!(!c.display().contains('*'), "{}: {}", t.title, c.display());
            }
        }
    }
    assert!(b.charts.iter().all(|c| c.note.is_none()));
    assert_eq!(b.sources, ["快报，统计局"]);
}
