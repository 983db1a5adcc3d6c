use super::*;
use crate::model::{Basis, Period, Subject};

fn meta() -> DatasetMeta {
    DatasetMeta {
        title: "测试".into(),
        home_region: "230300".into(),
        is_sample: false,
    }
}

fn p(y: i32, m: u32) -> Period {
    Period::new(y, m).expect("period")
}

#[test]
fn a_new_dataset_has_the_catalogue_and_meta() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new.imdb");
    let ds = Dataset::create(&path, &meta()).expect("create");
    assert_eq!(ds.meta().expect("meta").home_region, "230300");
    assert!(ds.catalogue().region("230300").is_some());
    assert_eq!(
        ds.catalogue().regions.len(),
        crate::model::catalogue::builtin().regions.len()
    );
    let jixi = ds.catalogue().region("230300").expect("jixi");
    assert_eq!(jixi.parent.as_deref(), Some("230000"));
    assert!(jixi.aliases.iter().any(|a| a == "Jixi City"));
    let header = read_header(&path).expect("header");
    assert_eq!(header.application_id, schema::APPLICATION_ID);
    assert_eq!(header.user_version, schema::LATEST_VERSION);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("new.imdb")]);
}

#[test]
fn figures_round_trip_with_conflicts() {
    let mut ds = Dataset::in_memory(&meta()).expect("memory");
    let outcomes = ds
        .write(|w| -> Result<Vec<WriteOutcome>> {
            let ids = w.ids().clone();
            let mut fw = w.figures()?;
            let key = ObservationKey::from_codes(
                &ids,
                "230300",
                "va_growth",
                &Subject::Whole,
                Basis::Ytd,
                p(2023, 4),
            )
            .expect("key");
            let path = w.path().to_path_buf();
            let mut out = Vec::new();
            for (value, replace) in [(19.2, false), (19.2, false), (19.3, false), (19.3, true)] {
                out.push(fw.put(&key, value, None, replace).map_err(sql_err(&path))?);
            }
            Ok(out)
        })
        .expect("write");
    assert_eq!(
        outcomes,
        vec![
            WriteOutcome::Added,
            WriteOutcome::Unchanged,
            WriteOutcome::Conflict { old: 19.2 },
            WriteOutcome::Replaced { old: 19.2 },
        ]
    );
    let figs = ds.figures_for_regions(&["230300"]).expect("load");
    let key = crate::model::SeriesKey::whole("230300", "va_growth", Basis::Ytd);
    assert_eq!(figs.value(&key, p(2023, 4)), Some(19.3));
}

#[test]
fn a_failed_write_leaves_nothing() {
    let mut ds = Dataset::in_memory(&meta()).expect("memory");
    let result: Result<()> = ds.write(|w| {
        w.set_meta("title", "changed")?;
        Err(StoreError::Invalid {
            path: w.path().to_path_buf(),
            message: "abort".into(),
        })
    });
    assert!(result.is_err());
    assert_eq!(ds.meta().expect("meta").title, "测试");
}

#[test]
fn a_foreign_file_is_refused_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let foreign = dir.path().join("other.db");
    {
        let conn = Connection::open(&foreign).expect("open");
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .expect("create");
    }
    let before = std::fs::read(&foreign).expect("read");
    let err = Dataset::open(&foreign).expect_err("must refuse");
    assert!(matches!(err, StoreError::Foreign { .. }), "{err}");
    assert!(err.to_string().contains("another program"));
    assert_eq!(std::fs::read(&foreign).expect("read"), before);

    let text = dir.path().join("notes.imdb");
    std::fs::write(&text, "这不是数据库").expect("write");
    let err = Dataset::open(&text).expect_err("must refuse");
    assert!(matches!(err, StoreError::NotADataset { .. }), "{err}");
    assert_eq!(
        std::fs::read(&text).expect("read"),
        "这不是数据库".as_bytes()
    );

    let err = Dataset::open(&dir.path().join("missing.imdb")).expect_err("missing");
    assert!(matches!(err, StoreError::NotFound { .. }));
}

#[test]
fn a_newer_file_is_refused_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("future.imdb");
    drop(Dataset::create(&path, &meta()).expect("create"));
    {
        let conn = Connection::open(&path).expect("open");
        conn.pragma_update(None, "user_version", schema::LATEST_VERSION + 1)
            .expect("bump");
    }
    let before = std::fs::read(&path).expect("read");
    let err = Dataset::open(&path).expect_err("must refuse");
    assert!(matches!(err, StoreError::Newer { .. }), "{err}");
    assert!(err.to_string().contains("newer"));
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn a_version_1_file_is_backed_up_and_upgraded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.imdb");
    {
        let mut conn = Connection::open(&path).expect("open");
        schema::migrations_up_to(1)
            .to_latest(&mut conn)
            .expect("v1 schema");
        let db = Db::Sqlite(conn);
        let tx = db.begin().expect("tx");
        catalogue::write_catalogue(&tx, crate::model::catalogue::builtin()).expect("catalogue");
        write_meta(&tx, &meta()).expect("meta");
        tx.execute(
            "INSERT INTO observations(region_id, indicator_id, basis, year, period, value)
             SELECT r.id, i.id, 'ytd', 2023, 4, 19.2 FROM regions r, indicators i
             WHERE r.code = '230300' AND i.code = 'va_growth'",
            &[],
        )
        .expect("figure");
        tx.commit().expect("commit");
    }
    assert_eq!(read_header(&path).expect("header").user_version, 1);
    let v1_bytes = std::fs::read(&path).expect("read");

    let ds = Dataset::open(&path).expect("upgrade");
    assert_eq!(
        read_header(&path).expect("header").user_version,
        schema::LATEST_VERSION
    );
    let figs = ds.figures_for_regions(&["230300"]).expect("load");
    let key = crate::model::SeriesKey::whole("230300", "va_growth", Basis::Ytd);
    assert_eq!(figs.value(&key, p(2023, 4)), Some(19.2));
    assert!(ds.register().expect("register").enterprises.is_empty());
    let backup = dir.path().join("old.imdb.v1.bak");
    assert_eq!(std::fs::read(backup).expect("backup"), v1_bytes);
}

#[test]
fn a_read_only_file_opens_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ro.imdb");
    drop(Dataset::create(&path, &meta()).expect("create"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    // Root ignores permission bits; only check when the file really is read-only to us.
    if std::fs::OpenOptions::new().append(true).open(&path).is_ok() {
        return;
    }
    let mut ds = Dataset::open(&path).expect("open read-only");
    assert!(ds.is_read_only());
    assert!(matches!(
        ds.add_source(&crate::sample::source_for(crate::sample::SourceTag::Nbs)),
        Err(StoreError::ReadOnly { .. })
    ));
}

#[test]
fn read_only_open_never_writes_and_refuses_old_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ro.imdb");
    drop(Dataset::create(&path, &meta()).expect("create"));
    let before = std::fs::read(&path).expect("read");
    let mut ds = Dataset::open_read_only(&path).expect("open");
    assert!(ds.is_read_only());
    assert!(matches!(
        ds.add_source(&crate::sample::source_for(crate::sample::SourceTag::Nbs)),
        Err(StoreError::ReadOnly { .. })
    ));
    assert_eq!(ds.meta().expect("meta").home_region, "230300");
    drop(ds);
    assert_eq!(std::fs::read(&path).expect("read"), before);

    let old = dir.path().join("old.imdb");
    {
        let mut conn = Connection::open(&old).expect("open");
        schema::migrations_up_to(1)
            .to_latest(&mut conn)
            .expect("v1");
    }
    let before = std::fs::read(&old).expect("read");
    let err = Dataset::open_read_only(&old).expect_err("older schema");
    assert!(err.to_string().contains("older"), "{err}");
    assert_eq!(std::fs::read(&old).expect("read"), before);
}

#[test]
fn lookups_return_stored_values_in_order() {
    let mut ds = Dataset::in_memory(&meta()).expect("memory");
    let ids = ds.ids().clone();
    let key = |region: &str, m: u32| {
        ObservationKey::from_codes(
            &ids,
            region,
            "va_growth",
            &Subject::Whole,
            Basis::Ytd,
            p(2023, m),
        )
        .expect("key")
    };
    ds.write(|w| -> Result<()> {
        let path = w.path().to_path_buf();
        let mut fw = w.figures()?;
        fw.insert_new(&key("230300", 4), 19.2, None)
            .map_err(sql_err(&path))?;
        Ok(())
    })
    .expect("write");
    let got = ds
        .lookup_figures([key("230300", 3), key("230300", 4), key("100000", 4)])
        .expect("lookup");
    assert_eq!(got, vec![None, Some(19.2), None]);
}

#[test]
fn enterprises_and_deals_can_be_updated() {
    use crate::model::{Enterprise, FinancingDeal};
    let mut ds = Dataset::in_memory(&meta()).expect("memory");
    let mut e = Enterprise {
        id: 0,
        name: "甲公司".into(),
        credit_code: crate::model::credit_code::compose("91", "230300", "MA1B2C3D").expect("code"),
        industry: Some("graphite".into()),
        region: "230300".into(),
        above_size: false,
        emerging: false,
        srdi: false,
        key_support: false,
        private: true,
        official: String::new(),
    };
    let date = crate::model::Date::new(2023, 4, 1).expect("date");
    let (eid, did) = ds
        .write(|w| -> Result<(i64, i64)> {
            let eid = w.add_enterprise(&e, None)?;
            let deal = FinancingDeal {
                id: 0,
                enterprise_id: eid,
                bank: "龙江银行".into(),
                amount_10k_yuan: 500.0,
                signed_on: date,
                status: "signed".into(),
            };
            Ok((eid, w.add_deal(&deal, None)?))
        })
        .expect("add");
    e.id = eid;
    e.above_size = true;
    e.official = "张三".into();
    ds.write(|w| -> Result<()> {
        w.update_enterprise(&e, None)?;
        w.update_deal(
            &FinancingDeal {
                id: did,
                enterprise_id: eid,
                bank: "龙江银行".into(),
                amount_10k_yuan: 800.0,
                signed_on: date,
                status: "disbursed".into(),
            },
            None,
        )
    })
    .expect("update");
    let reg = ds.register().expect("register");
    assert_eq!(reg.enterprises, vec![e.clone()]);
    assert_eq!(reg.deals[0].amount_10k_yuan, 800.0);
    assert_eq!(reg.deals[0].status, "disbursed");
    let missing = ds.write(|w| {
        w.update_deal(
            &FinancingDeal {
                id: 999,
                ..reg.deals[0].clone()
            },
            None,
        )
    });
    assert!(matches!(missing, Err(StoreError::Invalid { .. })));
}

#[test]
fn many_new_figures_go_in_batches_and_a_tail() {
    let mut ds = Dataset::in_memory(&meta()).expect("memory");
    let ids = ds.ids().clone();
    // 150 = two full batches of 64 and a tail of 22.
    let keys: Vec<ObservationKey> = (1949..2100)
        .take(150)
        .map(|y| {
            ObservationKey::from_codes(
                &ids,
                "230300",
                "va_growth",
                &Subject::Whole,
                Basis::Ytd,
                p(y, 4),
            )
            .expect("key")
        })
        .collect();
    let n = ds
        .write(|w| -> Result<usize> {
            let path = w.path().to_path_buf();
            let mut fw = w.figures()?;
            fw.insert_new_many(keys.iter().enumerate().map(|(i, k)| (*k, i as f64, None)))
                .map_err(sql_err(&path))
        })
        .expect("write");
    assert_eq!(n, 150);
    assert_eq!(ds.figure_count().expect("count"), 150);
    let got = ds.lookup_figures(keys.iter().copied()).expect("lookup");
    assert_eq!(got[0], Some(0.0));
    assert_eq!(got[70], Some(70.0));
    assert_eq!(got[149], Some(149.0));
}

#[test]
fn regions_with_figures_are_listed_in_catalogue_order() {
    let mut ds = Dataset::in_memory(&meta()).expect("memory");
    let industry = ds.catalogue().industries[0].code.clone();
    ds.write(|w| -> Result<()> {
        let ids = w.ids().clone();
        let path = w.path().to_path_buf();
        let mut fw = w.figures()?;
        // Daqing has only an industry figure: it cannot be a subject.
        for (region, subject) in [
            ("230300", Subject::Whole),
            ("100000", Subject::Whole),
            ("230600", Subject::Industry(industry.clone())),
        ] {
            let key = ObservationKey::from_codes(
                &ids,
                region,
                "va_growth",
                &subject,
                Basis::Ytd,
                p(2023, 4),
            )
            .expect("key");
            fw.put(&key, 5.0, None, false).map_err(sql_err(&path))?;
        }
        Ok(())
    })
    .expect("write");
    assert_eq!(
        ds.regions_with("va_growth", Basis::Ytd).expect("regions"),
        vec!["100000".to_string(), "230300".to_string()]
    );
    // Only year-to-date figures were written: no region can be picked on the month basis.
    assert!(
        ds.regions_with("va_growth", Basis::Month)
            .expect("month")
            .is_empty()
    );
    assert!(
        ds.regions_with("no_such_indicator", Basis::Ytd)
            .expect("none")
            .is_empty()
    );
}

#[test]
fn the_home_region_can_move_only_without_a_register() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("d.imdb");
    let jixi_meta = DatasetMeta {
        title: DatasetMeta::default_title("鸡西市"),
        ..meta()
    };
    let mut ds = Dataset::create(&path, &jixi_meta).expect("create");
    ds.set_home_region("230600").expect("no register yet");
    let m = Dataset::open(&path).expect("reopen").meta().expect("meta");
    assert_eq!(m.home_region, "230600");
    assert_eq!(m.title, "大庆市工业运行监测", "the default title follows");
    assert!(matches!(
        ds.set_home_region("999999"),
        Err(StoreError::Invalid { .. })
    ));

    // With a register, the home region stays where the register is.
    let mut jixi = Dataset::in_memory(&meta()).expect("memory");
    let e = crate::model::Enterprise {
        id: 0,
        name: "甲公司".into(),
        credit_code: crate::model::credit_code::compose("91", "230300", "MA1B2C3D").expect("code"),
        industry: None,
        region: "230300".into(),
        above_size: false,
        emerging: false,
        srdi: false,
        key_support: true,
        private: true,
        official: String::new(),
    };
    jixi.write(|w| w.add_enterprise(&e, None)).expect("add");
    let err = jixi.set_home_region("230600").expect_err("has a register");
    assert!(err.to_string().contains("belongs to 鸡西市"), "{err}");
    let zh = err.message(Lang::Zh);
    assert!(zh.contains("企业名录（1户）属于鸡西市"), "{zh}");
    assert_eq!(jixi.meta().expect("meta").home_region, "230300");
}

#[test]
fn every_error_is_said_in_chinese_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("无.imdb");
    let e = Dataset::open(&missing).expect_err("missing");
    assert!(
        e.message(Lang::Zh).contains("文件不存在"),
        "{}",
        e.message(Lang::Zh)
    );
    assert_eq!(e.message(Lang::En), e.to_string());
    let refused = StoreError::Refused {
        path: "a.imdb".into(),
        zh: "原因".into(),
        en: "reason".into(),
    };
    assert_eq!(refused.message(Lang::Zh), "a.imdb：原因");
    assert_eq!(refused.to_string(), "a.imdb: reason");
}

/// An enterprise of Jixi for the register tests.
fn enterprise() -> crate::model::Enterprise {
    crate::model::Enterprise {
        id: 0,
        name: "甲公司".into(),
        credit_code: crate::model::credit_code::compose("91", "230300", "MA1B2C3D").expect("code"),
        industry: Some("graphite".into()),
        region: "230300".into(),
        above_size: false,
        emerging: false,
        srdi: false,
        key_support: false,
        private: true,
        official: String::new(),
    }
}

#[test]
fn values_the_readers_could_not_use_are_refused_on_writing_naming_the_record() {
    use crate::model::{Date, FinancingDeal, RequestStatus, ServiceRequest};
    let mut ds = Dataset::in_memory(&meta()).expect("memory");
    let ids = ds.ids().clone();
    let key = ObservationKey::from_codes(
        &ids,
        "230300",
        "va_growth",
        &Subject::Whole,
        Basis::Ytd,
        p(2023, 4),
    )
    .expect("key");
    for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        for how in 0..3 {
            let e = ds
                .write(|w| -> Result<()> {
                    let path = w.path().to_path_buf();
                    let mut fw = w.figures()?;
                    match how {
                        0 => fw.put(&key, value, None, true).map(|_| ()),
                        1 => fw.insert_new(&key, value, None),
                        _ => fw
                            .insert_new_many((0..70).map(|_| (key, value, None)))
                            .map(|_| ()),
                    }
                    .map_err(sql_err(&path))
                })
                .expect_err("refused");
            let StoreError::Rejected { rejected, .. } = &e else {
                panic!("not a typed refusal: {e:?}");
            };
            assert!(
                rejected
                    .record
                    .contains("region 230300, indicator va_growth, ytd 2023-04")
            );
            assert!(
                e.message(Lang::Zh).contains("不是有限的数"),
                "{}",
                e.message(Lang::Zh)
            );
        }
    }
    assert_eq!(ds.figure_count().expect("count"), 0);

    let eid = ds
        .write(|w| w.add_enterprise(&enterprise(), None))
        .expect("enterprise");
    let ok = Date::new(2023, 4, 1).expect("date");
    let old = Date::new(1900, 1, 1).expect("date");
    let request = |raised_on, resolved_on| ServiceRequest {
        revision: 0,
        id: 0,
        enterprise_id: eid,
        raised_on,
        category: "financing".into(),
        text: String::new(),
        status: RequestStatus::Open,
        resolved_on,
        satisfaction: None,
    };
    for q in [
        request(old, None),
        request(ok, Some(Date::new(2101, 1, 1).expect("date"))),
    ] {
        let e = ds.save_request(&q).expect_err("refused");
        assert!(
            matches!(&e, StoreError::Rejected { rejected, .. }
            if rejected.record.contains(&format!("enterprise {eid}"))),
            "{e}"
        );
    }
    let deal = |amount_10k_yuan, signed_on| FinancingDeal {
        id: 0,
        enterprise_id: eid,
        bank: "龙江银行".into(),
        amount_10k_yuan,
        signed_on,
        status: "signed".into(),
    };
    for d in [deal(f64::INFINITY, ok), deal(5.0, old)] {
        let e = ds.write(|w| w.add_deal(&d, None)).expect_err("refused");
        assert!(matches!(e, StoreError::Rejected { .. }), "{e}");
    }
    let reg = ds.register().expect("register");
    assert!(reg.requests.is_empty() && reg.deals.is_empty());
    // In range, everything is written.
    ds.save_request(&request(ok, None)).expect("saved");
    ds.write(|w| w.add_deal(&deal(5.0, ok), None))
        .expect("deal");
}

#[test]
fn a_bad_row_is_skipped_and_reported_instead_of_refusing_the_dataset() {
    let mut ds = Dataset::in_memory(&meta()).expect("memory");
    let eid = ds
        .write(|w| w.add_enterprise(&enterprise(), None))
        .expect("enterprise");
    let good = crate::model::ServiceRequest {
        revision: 0,
        id: 0,
        enterprise_id: eid,
        raised_on: crate::model::Date::new(2023, 3, 2).expect("date"),
        category: "financing".into(),
        text: String::new(),
        status: crate::model::RequestStatus::Open,
        resolved_on: None,
        satisfaction: None,
    };
    ds.save_request(&good).expect("saved");
    ds.connection()
        .execute_batch(&format!(
            "INSERT INTO service_requests(enterprise_id, raised_on, category, status, resolved_on)
                 VALUES ({eid}, '2023-03-05', 'land', 'resolved', '1899-12-30');
             INSERT INTO financing_deals(enterprise_id, bank, amount_10k_yuan, signed_on)
                 VALUES ({eid}, 'b', 'lots', '2023-01-01');
             INSERT INTO observations(region_id, indicator_id, basis, year, period, value)
                 SELECT r.id, i.id, 'ytd', 2023, 4, 19.2 FROM regions r, indicators i
                 WHERE r.code = '230300' AND i.code = 'va_growth';
             INSERT INTO observations(region_id, indicator_id, basis, year, period, value)
                 SELECT r.id, i.id, 'ytd', 2023, 5, 1e999 FROM regions r, indicators i
                 WHERE r.code = '230300' AND i.code = 'va_growth';
             INSERT INTO observations(region_id, indicator_id, basis, year, period, value)
                 SELECT r.id, 999, 'ytd', 2023, 4, 1.0 FROM regions r WHERE r.code = '230300';
             INSERT INTO observations(region_id, indicator_id, basis, year, period, value)
                 SELECT r.id, i.id, 'ytd', 2023, 1, 3.0 FROM regions r, indicators i
                 WHERE r.code = '230300' AND i.code = 'va_growth';"
        ))
        .expect("raw rows");
    let snap = ds.snapshot(None).expect("opens");
    let key = crate::model::SeriesKey::whole("230300", "va_growth", Basis::Ytd);
    assert_eq!(snap.figures.value(&key, p(2023, 4)), Some(19.2));
    assert_eq!(snap.figures.value(&key, p(2023, 5)), None);
    assert_eq!(
        snap.register.requests,
        vec![crate::model::ServiceRequest { id: 1, ..good }]
    );
    assert!(snap.register.deals.is_empty());
    let mut what: Vec<(&str, &str, &str)> = snap
        .skipped
        .iter()
        .map(|s| (s.table, s.column, s.value.as_str()))
        .collect();
    what.sort();
    assert_eq!(
        what,
        vec![
            ("financing_deals", "amount_10k_yuan", "lots"),
            ("observations", "indicator_id", "999"),
            ("observations", "period", "1"),
            ("observations", "value", "inf"),
            ("service_requests", "resolved_on", "1899-12-30"),
        ]
    );
    // `check` sees the same rows, except January, which it explains on its own.
    let (rows, skipped) = ds.rows_for_checks().expect("rows");
    assert_eq!(rows.len(), 2);
    assert_eq!(skipped.len(), 4);
    assert!(skipped.iter().all(|s| s.column != "period"));
    // Importing the figure again replaces the unreadable value.
    let ids = ds.ids().clone();
    let k = ObservationKey::from_codes(
        &ids,
        "230300",
        "va_growth",
        &Subject::Whole,
        Basis::Ytd,
        p(2023, 5),
    )
    .expect("key");
    assert!(ds.lookup_figures([k]).expect("lookup")[0].is_some_and(f64::is_nan));
    let outcome = ds
        .write(|w| -> Result<WriteOutcome> {
            let path = w.path().to_path_buf();
            w.figures()?
                .put(&k, 20.1, None, true)
                .map_err(sql_err(&path))
        })
        .expect("replaced");
    assert!(matches!(outcome, WriteOutcome::Replaced { old } if old.is_nan()));
    let snap = ds.snapshot(None).expect("opens");
    assert_eq!(snap.figures.value(&key, p(2023, 5)), Some(20.1));
}

#[test]
fn a_register_row_with_a_value_of_the_wrong_type_is_skipped_not_fatal() {
    let mut ds = Dataset::in_memory(&meta()).expect("memory");
    let eid = ds
        .write(|w| w.add_enterprise(&enterprise(), None))
        .expect("enterprise");
    ds.connection()
        .execute_batch(&format!(
            "INSERT INTO enterprises(name, credit_code, region_id, above_size)
                 SELECT '乙公司', 'X', id, 'yes' FROM regions WHERE code = '230300';
             INSERT INTO service_requests(enterprise_id, raised_on, category, text, status)
                 VALUES ({eid}, '2023-03-05', 'land', X'00FF', 'open');"
        ))
        .expect("raw rows");
    let (register, skipped) = ds.register_checked().expect("the register still loads");
    assert_eq!(register.enterprises.len(), 1);
    assert!(register.requests.is_empty());
    let what: Vec<(&str, &str, &str)> = skipped
        .iter()
        .map(|s| (s.table, s.column, s.value.as_str()))
        .collect();
    assert_eq!(
        what,
        vec![
            ("enterprises", "above_size", "yes"),
            ("service_requests", "text", "<2 bytes>"),
        ]
    );
    assert!(
        skipped[0]
            .reason
            .en
            .contains("UPDATE enterprises SET above_size")
    );
}

#[test]
fn a_figure_citing_an_unreadable_source_keeps_its_value_and_loses_the_source() {
    let mut ds = Dataset::in_memory(&meta()).expect("memory");
    let source = |title: &str| crate::model::Source {
        id: 0,
        title: title.into(),
        publisher: String::new(),
        published_on: String::new(),
        url: String::new(),
        note: String::new(),
        illustrative: false,
    };
    let (bad, good) = (
        ds.add_source(&source("坏来源")).expect("source"),
        ds.add_source(&source("好来源")).expect("source"),
    );
    ds.write(|w| -> Result<()> {
        let ids = w.ids().clone();
        let path = w.path().to_path_buf();
        let mut fw = w.figures()?;
        for (m, value, source) in [(4, 19.2, bad), (5, 18.0, good)] {
            let k = ObservationKey::from_codes(
                &ids,
                "230300",
                "va_growth",
                &Subject::Whole,
                Basis::Ytd,
                p(2023, m),
            )
            .expect("key");
            fw.put(&k, value, Some(source), false)
                .map_err(sql_err(&path))?;
        }
        Ok(())
    })
    .expect("figures");
    let key = crate::model::SeriesKey::whole("230300", "va_growth", Basis::Ytd);
    ds.connection()
        .execute(
            "UPDATE sources SET illustrative = 'true' WHERE id = ?1",
            &[&bad],
        )
        .expect("spoil");
    let snap = ds
        .snapshot(None)
        .expect("one bad source does not lock the dataset");
    let f = |m| *snap.figures.get(&key, p(2023, m)).expect("figure");
    assert_eq!((f(4).value, f(4).source), (19.2, None));
    assert_eq!(f(5).source, Some(good));
    assert!(snap.figures.source(bad).is_none());
    let s: Vec<(&str, &str)> = snap.skipped.iter().map(|s| (s.table, s.column)).collect();
    assert_eq!(s, vec![("sources", "illustrative")]);
    assert_eq!(ds.sources().expect("sources").len(), 1);
}

#[test]
fn a_version_3_register_migrates_to_satisfaction_and_projects() {
    use crate::model::{InvestmentProject, Satisfaction};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v3.imdb");
    {
        let mut conn = Connection::open(&path).expect("open");
        schema::migrations_up_to(3)
            .to_latest(&mut conn)
            .expect("v3");
        let db = Db::Sqlite(conn);
        let tx = db.begin().expect("tx");
        catalogue::write_catalogue(&tx, crate::model::catalogue::builtin()).expect("catalogue");
        write_meta(&tx, &meta()).expect("meta");
        tx.execute(
            "INSERT INTO enterprises(id, name, credit_code, region_id)
             SELECT 1, '甲公司', 'X', id FROM regions WHERE code = '230300'",
            &[],
        )
        .expect("enterprise");
        tx.execute(
            "INSERT INTO service_requests(enterprise_id, raised_on, category, status)
             VALUES (1, '2023-03-01', 'land', 'open')",
            &[],
        )
        .expect("request");
        tx.commit().expect("commit");
    }
    let mut ds = Dataset::open(&path).expect("upgrade");
    assert!(dir.path().join("v3.imdb.v3.bak").exists());
    let reg = ds.register().expect("register");
    assert_eq!(reg.requests.len(), 1);
    assert_eq!(reg.requests[0].satisfaction, None);
    assert!(reg.projects.is_empty());

    let mut q = reg.requests[0].clone();
    q.satisfaction = Some(Satisfaction::Basic);
    ds.save_request(&q).expect("rate");
    let project = InvestmentProject {
        id: 0,
        enterprise_id: 1,
        name: "石墨负极材料扩产项目".into(),
        period: p(2023, 6),
        planned_total: Some(52_000.0),
        planned_year: Some(18_000.0),
        done_ytd: Some(9_500.5),
        done_last: None,
    };
    let id = ds
        .write(|w| w.add_project(&project, None))
        .expect("project");
    assert_eq!(
        ds.write(|w| w.project_id(1, "石墨负极材料扩产项目", p(2023, 6)))
            .expect("lookup"),
        Some(id)
    );
    let negative = InvestmentProject {
        done_ytd: Some(-1.0),
        ..project.clone()
    };
    let e = ds
        .write(|w| w.add_project(&negative, None))
        .expect_err("negative");
    assert!(matches!(e, StoreError::Rejected { .. }), "{e}");
    let reg = ds.register().expect("register");
    assert_eq!(reg.requests[0].satisfaction, Some(Satisfaction::Basic));
    assert_eq!(reg.projects, vec![InvestmentProject { id, ..project }]);

    // Rows another tool wrote wrong are skipped and named, not fatal.
    ds.conn
        .execute_batch(
            "PRAGMA ignore_check_constraints = ON;
             UPDATE service_requests SET satisfaction = '还行';
             INSERT INTO investment_projects(enterprise_id, name, year, period, done_ytd)
                 VALUES (1, '坏项目', 2023, 6, 'abc');
             PRAGMA ignore_check_constraints = OFF;",
        )
        .expect("corrupt");
    let (reg, skipped) = ds.register_checked().expect("register");
    assert!(reg.requests.is_empty() && reg.projects.len() == 1);
    let cols: Vec<(&str, &str)> = skipped.iter().map(|s| (s.table, s.column)).collect();
    assert_eq!(
        cols,
        [
            ("service_requests", "satisfaction"),
            ("investment_projects", "done_ytd")
        ]
    );
}

#[test]
fn targets_are_stored_one_per_region_indicator_and_year() {
    use crate::model::target::{Target, TargetValue};
    let mut ds = Dataset::in_memory(&meta()).expect("memory");
    let t = Target {
        id: 0,
        region: "230300".into(),
        indicator: "va_growth".into(),
        year: 2023,
        value: TargetValue::Rate(8.0),
        source: None,
    };
    let id = ds.save_target(&t).expect("save");
    let level = Target {
        indicator: "output".into(),
        value: TargetValue::Level(12_000_000.0),
        ..t.clone()
    };
    ds.save_target(&level).expect("level");
    // The same region, indicator and year again is refused by the key (importers look
    // it up first with target_id and report a conflict).
    assert!(ds.save_target(&t).is_err());
    assert_eq!(
        ds.write(|w| w.target_id("230300", "va_growth", 2023))
            .expect("id"),
        Some(id)
    );
    ds.save_target(&Target {
        id,
        value: TargetValue::Rate(7.5),
        ..t.clone()
    })
    .expect("change");
    let all = ds.targets().expect("targets");
    assert_eq!(all.len(), 2);
    assert!(
        all.iter()
            .any(|x| x.id == id && x.value == TargetValue::Rate(7.5))
    );
    let unknown = Target {
        region: "999999".into(),
        ..t.clone()
    };
    let e = ds.save_target(&unknown).expect_err("unknown region");
    assert!(e.to_string().contains("999999"), "{e}");
    let e = ds
        .save_target(&Target {
            value: TargetValue::Level(f64::INFINITY),
            indicator: "revenue".into(),
            ..t.clone()
        })
        .expect_err("infinite");
    assert!(matches!(e, StoreError::Rejected { .. }), "{e}");
    ds.delete_target(id).expect("delete");
    assert_eq!(ds.targets().expect("targets").len(), 1);
    ds.conn
        .execute_batch(
            "PRAGMA ignore_check_constraints = ON; UPDATE targets SET kind = 'maybe';
             PRAGMA ignore_check_constraints = OFF;",
        )
        .expect("corrupt");
    let (rows, skipped) = ds.targets_checked().expect("read");
    assert!(rows.is_empty());
    assert_eq!(skipped[0].column, "kind");
}

/// The same behaviours on a dataset server (team mode, SPEC §14): each test gets a fresh
/// database on the cluster `INDUSTRY_MONITOR_TEST_PG` names (`.ci/run` starts one), and is
/// skipped, saying so, without it.
mod on_a_server {
    use super::*;
    use crate::model::{Date, RequestStatus, ServiceRequest};

    /// A fresh database's address, and the superuser address to drop it with.
    pub(crate) fn fresh_database(tag: &str) -> Option<(String, String)> {
        let Ok(admin) = std::env::var("INDUSTRY_MONITOR_TEST_PG") else {
            eprintln!("skipped: INDUSTRY_MONITOR_TEST_PG is not set");
            return None;
        };
        let name = format!(
            "im_{tag}_{}_{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        );
        let mut client = server::connect(&admin).expect("the test cluster");
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create database");
        let slash = admin.rfind('/').expect("a database in the address");
        Some((format!("{}/{name}", &admin[..slash]), admin))
    }

    fn request(enterprise_id: i64) -> ServiceRequest {
        ServiceRequest {
            revision: 0,
            id: 0,
            enterprise_id,
            raised_on: Date::new(2023, 3, 1).expect("date"),
            category: "financing".into(),
            text: "贷款".into(),
            status: RequestStatus::Open,
            resolved_on: None,
            satisfaction: None,
        }
    }

    /// Two clients open one request; the first saves, the second's save is refused with the
    /// first's version, and nothing of the second's is written.
    fn second_editor_is_told(path: &Path) {
        let mut a = Dataset::open(path).expect("client a");
        let mut b = Dataset::open(path).expect("client b");
        let shown = a.register().expect("register").requests[0].clone();
        let mut mine = shown.clone();
        mine.text = "甲的修改".into();
        a.save_request(&mine).expect("first save");
        let mut theirs = shown.clone();
        theirs.text = "乙的修改".into();
        match b.save_request(&theirs) {
            Err(StoreError::Changed { current, .. }) => {
                assert_eq!(current.text, "甲的修改");
                assert_eq!(current.revision, shown.revision + 1);
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        let stored = b.register().expect("register").requests[0].clone();
        assert_eq!(stored.text, "甲的修改");
        // Editing the version now shown works.
        let mut again = stored.clone();
        again.text = "乙在新版本上的修改".into();
        b.save_request(&again)
            .expect("save on the current revision");
        assert_eq!(
            a.register().expect("r").requests[0].text,
            "乙在新版本上的修改"
        );
    }

    fn with_one_request(ds: &mut Dataset) {
        let e = crate::model::Enterprise {
            id: 0,
            name: "甲公司".into(),
            credit_code: "91230300MA0000001X".into(),
            industry: None,
            region: "230300".into(),
            above_size: true,
            emerging: false,
            srdi: false,
            key_support: false,
            private: false,
            official: String::new(),
        };
        ds.write(|w| -> Result<()> {
            let id = w.add_enterprise(&e, None)?;
            w.save_request(&request(id), None)?;
            Ok(())
        })
        .expect("register");
    }

    #[test]
    fn two_clients_editing_one_request_in_a_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("team.imdb");
        Dataset::create_with(&path, &meta(), |ds| {
            with_one_request(ds);
            Ok(())
        })
        .expect("create");
        second_editor_is_told(&path);
    }

    #[test]
    fn two_clients_editing_one_request_on_a_server() {
        let Some((address, _)) = fresh_database("edit") else {
            return;
        };
        let path = PathBuf::from(&address);
        Dataset::create_with(&path, &meta(), |ds| {
            with_one_request(ds);
            Ok(())
        })
        .expect("create on the server");
        second_editor_is_told(&path);
    }

    #[test]
    fn a_second_import_at_the_same_time_is_refused_on_a_server() {
        let Some((address, _)) = fresh_database("imports") else {
            return;
        };
        let path = PathBuf::from(&address);
        drop(Dataset::create(&path, &meta()).expect("create"));
        let mut a = Dataset::open(&path).expect("a");
        let mut b = Dataset::open(&path).expect("b");
        a.write(|wa| -> Result<()> {
            wa.claim_for_import()?;
            let refused = b.write(|wb| wb.claim_for_import());
            match refused {
                Err(StoreError::Server { trouble, .. }) => {
                    assert_eq!(trouble, ServerTrouble::Busy);
                }
                other => panic!("expected the second import refused, got {other:?}"),
            }
            Ok(())
        })
        .expect("the first import");
        // Once the first has committed, the next one may run.
        b.write(|wb| wb.claim_for_import())
            .expect("after the first");
    }

    #[test]
    fn a_server_dataset_reads_as_the_file_does() {
        let Some((address, _)) = fresh_database("same") else {
            return;
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("s.imdb");
        let fill = |ds: &mut Dataset| {
            with_one_request(ds);
            ds.write(|w| -> Result<()> {
                let key = ObservationKey::from_codes(
                    w.ids(),
                    "230300",
                    "va_growth",
                    &Subject::Whole,
                    Basis::Ytd,
                    p(2023, 4),
                )
                .expect("key");
                w.figures()?
                    .insert_new_many([(key, -3.25, None)])
                    .map_err(sql_err(w.path()))?;
                Ok(())
            })
        };
        let f = Dataset::create_with(&file, &meta(), fill).expect("file");
        let s = Dataset::create_with(Path::new(&address), &meta(), fill).expect("server");
        assert_eq!(f.figure_rows().expect("f"), s.figure_rows().expect("s"));
        assert_eq!(f.register().expect("f"), s.register().expect("s"));
        assert_eq!(f.meta().expect("f"), s.meta().expect("s"));
        assert_eq!(s.path().to_str(), Some(address.as_str()));
        let snap = s.snapshot(None).expect("snapshot");
        let key = crate::model::SeriesKey::whole("230300", "va_growth", Basis::Ytd);
        assert_eq!(snap.figures.value(&key, p(2023, 4)), Some(-3.25));
    }

    #[test]
    fn a_colleagues_change_is_noticed_and_ones_own_is_not() {
        let Some((address, _)) = fresh_database("watch") else {
            return;
        };
        let path = PathBuf::from(&address);
        Dataset::create_with(&path, &meta(), |ds| {
            with_one_request(ds);
            Ok(())
        })
        .expect("create");
        let mut mine = Dataset::open(&path).expect("mine");
        let mut colleague = Dataset::open(&path).expect("colleague");
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (tx, rx) = std::sync::mpsc::channel();
        let (flag, at, own) = (stop.clone(), path.clone(), mine.server_pid());
        assert!(own.is_some());
        let watcher = std::thread::spawn(move || {
            server::watch(&at, own, &flag, || {
                let _ = tx.send(());
            })
        });
        // Let the listener start before anything changes.
        std::thread::sleep(std::time::Duration::from_millis(700));
        let mut r = mine.register().expect("r").requests[0].clone();
        r.text = "我自己的修改".into();
        mine.save_request(&r).expect("own save");
        let wait = std::time::Duration::from_secs(2);
        assert!(
            rx.recv_timeout(wait).is_err(),
            "one's own change is not news"
        );
        let mut r = colleague.register().expect("r").requests[0].clone();
        r.text = "同事的修改".into();
        colleague.save_request(&r).expect("colleague's save");
        assert!(
            rx.recv_timeout(wait).is_ok(),
            "a colleague's change is noticed"
        );
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        watcher.join().expect("join").expect("watch ended cleanly");
    }
}
