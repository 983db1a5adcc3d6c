use super::test_backends::{Engine, both_engines, dataset, dataset_with, without_checks};
use super::*;
use crate::model::{Basis, Period, SeriesKey, Subject};

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

fn a_new_dataset_has_the_catalogue_and_meta(engine: Engine) {
    let Some((ds, guard)) = dataset(engine, &meta()) else {
        return;
    };
    assert_eq!(ds.meta().expect("meta").home_region, "230300");
    assert!(ds.catalogue().region("230300").is_some());
    assert_eq!(
        ds.catalogue().regions.len(),
        crate::model::catalogue::builtin().regions.len()
    );
    let jixi = ds.catalogue().region("230300").expect("jixi");
    assert_eq!(jixi.parent.as_deref(), Some("230000"));
    assert!(jixi.aliases.iter().any(|a| a == "Jixi City"));
    if let Some(conn) = ds.connection().pg() {
        assert_eq!(
            server::version(conn).expect("version"),
            Some(schema::LATEST_VERSION)
        );
        return;
    }
    let path = guard.path();
    let header = read_header(path).expect("header");
    assert_eq!(header.application_id, schema::APPLICATION_ID);
    assert_eq!(header.user_version, schema::LATEST_VERSION);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(path.parent().expect("folder"))
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("test.imdb")]);
}
both_engines!(a_new_dataset_has_the_catalogue_and_meta);

fn figures_round_trip_with_conflicts(engine: Engine) {
    let Some((mut ds, _guard)) = dataset(engine, &meta()) else {
        return;
    };
    let outcomes = ds
        .write(|w| -> Result<Vec<WriteOutcome>> {
            let ids = w.ids().clone();
            let mut fw = w.figures()?;
            let key = va_key(&ids, "230300", p(2023, 4));
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
both_engines!(figures_round_trip_with_conflicts);

fn a_failed_write_leaves_nothing(engine: Engine) {
    let Some((mut ds, _guard)) = dataset(engine, &meta()) else {
        return;
    };
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
both_engines!(a_failed_write_leaves_nothing);

#[test]
fn a_foreign_file_is_refused_unchanged() {
    // File only: about the file's bytes and header.
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

fn a_newer_dataset_is_refused_unchanged(engine: Engine) {
    let Some((ds, guard)) = dataset(engine, &meta()) else {
        return;
    };
    let path = guard.path();
    let newer = schema::LATEST_VERSION + 1;
    // What a newer build would have left: the file's header, or the server's version row.
    let before = if ds.connection().pg().is_some() {
        ds.connection()
            .execute("UPDATE im_schema SET version = ?1", &[&newer])
            .expect("bump");
        drop(ds);
        newer.to_string().into_bytes()
    } else {
        drop(ds);
        let conn = Connection::open(path).expect("open");
        conn.pragma_update(None, "user_version", newer)
            .expect("bump");
        drop(conn);
        std::fs::read(path).expect("read")
    };
    let err = Dataset::open(path).expect_err("must refuse");
    assert!(matches!(err, StoreError::Newer { .. }), "{err}");
    assert!(err.to_string().contains("newer"));
    let err = Dataset::open_read_only(path).expect_err("must refuse read-only too");
    assert!(matches!(err, StoreError::Newer { .. }), "{err}");
    let after = match engine {
        Engine::File => std::fs::read(path).expect("read"),
        Engine::Server => {
            let client = server::connect(path.to_str().expect("address")).expect("connect");
            let conn = db::pg::PgConn::new(client);
            let v = server::version(&conn).expect("version").expect("a dataset");
            v.to_string().into_bytes()
        }
    };
    assert_eq!(after, before);
}
both_engines!(a_newer_dataset_is_refused_unchanged);

#[test]
fn a_version_1_file_is_backed_up_and_upgraded() {
    // File only: the file's header, migration and backup copy.
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

/// The server's counterpart of `a_version_1_file_is_backed_up_and_upgraded`: a database
/// holding a version 1 dataset is migrated in place by the first writable open (there is no
/// file to back up; the migration is one transaction).
#[test]
fn a_version_1_dataset_on_a_server_is_upgraded_in_place() {
    let Some(guard) = super::test_backends::place(Engine::Server) else {
        return;
    };
    let address = guard.path().to_str().expect("address");
    {
        let db = Db::Pg(db::pg::PgConn::new(
            server::connect(address).expect("connect"),
        ));
        db.execute_batch(&schema_pg::migrations()[0])
            .expect("v1 schema");
        db.execute_batch(
            "CREATE TABLE im_schema (version BIGINT NOT NULL, application TEXT NOT NULL);
             INSERT INTO im_schema VALUES (1, 'industry-monitor');",
        )
        .expect("version 1");
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
    // Read-only opening refuses an old dataset and leaves it as it is, as for a file.
    let err = Dataset::open_read_only(guard.path()).expect_err("older schema");
    assert!(err.to_string().contains("older"), "{err}");
    assert!(err.message(Lang::Zh).contains("旧版本"), "{err}");
    let conn = db::pg::PgConn::new(server::connect(address).expect("connect"));
    assert_eq!(server::version(&conn).expect("version"), Some(1));
    drop(conn);
    let ds = Dataset::open(guard.path()).expect("upgrade");
    let conn = ds.connection().pg().expect("a server");
    assert_eq!(
        server::version(conn).expect("version"),
        Some(schema::LATEST_VERSION)
    );
    let figs = ds.figures_for_regions(&["230300"]).expect("load");
    let key = crate::model::SeriesKey::whole("230300", "va_growth", Basis::Ytd);
    assert_eq!(figs.value(&key, p(2023, 4)), Some(19.2));
    assert!(ds.register().expect("register").enterprises.is_empty());
    assert!(ds.targets().expect("targets").is_empty());
}

#[test]
fn a_read_only_file_opens_read_only() {
    // File only: about the file's permission bits.
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

fn read_only_open_never_writes(engine: Engine) {
    let Some((ds, guard)) = dataset(engine, &meta()) else {
        return;
    };
    drop(ds);
    let path = guard.path();
    let before = std::fs::read(path).ok();
    let mut ds = Dataset::open_read_only(path).expect("open");
    assert!(ds.is_read_only());
    let refused = ds.add_source(&crate::sample::source_for(crate::sample::SourceTag::Nbs));
    // Opened read-only on purpose: said so, on either engine (not "no write grant").
    assert!(
        matches!(&refused, Err(StoreError::Refused { en, .. }) if en.contains("opened read-only")),
        "{refused:?}"
    );
    assert_eq!(ds.meta().expect("meta").home_region, "230300");
    drop(ds);
    assert_eq!(std::fs::read(path).ok(), before);
    let ds = Dataset::open(path).expect("reopen");
    assert!(ds.sources().expect("sources").is_empty());
}
both_engines!(read_only_open_never_writes);

#[test]
fn read_only_open_refuses_old_files() {
    // File only: it is about the file's header and migration (a server's old dataset is
    // migrated by the first writable open, under the advisory lock).
    let dir = tempfile::tempdir().expect("tempdir");
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

fn lookups_return_stored_values_in_order(engine: Engine) {
    let Some((mut ds, _guard)) = dataset(engine, &meta()) else {
        return;
    };
    let ids = ds.ids().clone();
    let key = |region: &str, m: u32| va_key(&ids, region, p(2023, m));
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
both_engines!(lookups_return_stored_values_in_order);

fn enterprises_and_deals_can_be_updated(engine: Engine) {
    use crate::model::{Enterprise, FinancingDeal};
    let Some((mut ds, _guard)) = dataset(engine, &meta()) else {
        return;
    };
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
both_engines!(enterprises_and_deals_can_be_updated);

fn many_new_figures_go_in_batches_and_a_tail(engine: Engine) {
    let Some((mut ds, _guard)) = dataset(engine, &meta()) else {
        return;
    };
    let ids = ds.ids().clone();
    // 150 = two full batches of 64 and a tail of 22.
    let keys: Vec<ObservationKey> = (1949..2100)
        .take(150)
        .map(|y| va_key(&ids, "230300", p(y, 4)))
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
both_engines!(many_new_figures_go_in_batches_and_a_tail);

fn regions_with_figures_are_listed_in_catalogue_order(engine: Engine) {
    let Some((mut ds, _guard)) = dataset(engine, &meta()) else {
        return;
    };
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
both_engines!(regions_with_figures_are_listed_in_catalogue_order);

fn the_home_region_can_move_only_without_a_register(engine: Engine) {
    let jixi_meta = DatasetMeta {
        title: DatasetMeta::default_title("鸡西市"),
        ..meta()
    };
    let Some((mut ds, guard)) = dataset(engine, &jixi_meta) else {
        return;
    };
    ds.set_home_region("230600").expect("no register yet");
    let m = Dataset::open(guard.path())
        .expect("reopen")
        .meta()
        .expect("meta");
    assert_eq!(m.home_region, "230600");
    assert_eq!(m.title, "大庆市工业运行监测", "the default title follows");
    assert!(matches!(
        ds.set_home_region("999999"),
        Err(StoreError::Invalid { .. })
    ));

    // With a register, the home region stays where the register is.
    let Some((mut jixi, _other)) = dataset(engine, &meta()) else {
        return;
    };
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
both_engines!(the_home_region_can_move_only_without_a_register);

#[test]
fn every_error_is_said_in_chinese_too() {
    // File only: a missing file's message and a refusal's words; no database is involved.
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

/// The key of `region`'s year-to-date value-added growth (the whole region) at `period`.
fn va_key(ids: &super::Ids, region: &str, period: crate::model::Period) -> ObservationKey {
    ObservationKey::from_codes(
        ids,
        region,
        "va_growth",
        &Subject::Whole,
        Basis::Ytd,
        period,
    )
    .expect("key")
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

/// An open request of `enterprise_id`, raised on 2023-03-`day`, without text.
fn open_request(enterprise_id: i64, day: u32, category: &str) -> crate::model::ServiceRequest {
    crate::model::ServiceRequest {
        revision: 0,
        id: 0,
        enterprise_id,
        raised_on: crate::model::Date::new(2023, 3, day).expect("date"),
        category: category.into(),
        text: String::new(),
        status: crate::model::RequestStatus::Open,
        resolved_on: None,
        satisfaction: None,
    }
}

fn values_the_readers_could_not_use_are_refused_on_writing_naming_the_record(engine: Engine) {
    use crate::model::{Date, FinancingDeal, RequestStatus, ServiceRequest};
    let Some((mut ds, _guard)) = dataset(engine, &meta()) else {
        return;
    };
    let ids = ds.ids().clone();
    let key = va_key(&ids, "230300", p(2023, 4));
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
both_engines!(values_the_readers_could_not_use_are_refused_on_writing_naming_the_record);

fn a_bad_row_is_skipped_and_reported_instead_of_refusing_the_dataset(engine: Engine) {
    let Some((mut ds, _guard)) = dataset(engine, &meta()) else {
        return;
    };
    let eid = ds
        .write(|w| w.add_enterprise(&enterprise(), None))
        .expect("enterprise");
    let good = open_request(eid, 2, "financing");
    ds.save_request(&good).expect("saved");
    // A server's columns are typed: where a file can hold text in a number column, the
    // server's unusable number is NaN; its infinity is spelt 'Infinity' (1e999 overflows).
    let (amount, said, infinite) = match engine {
        Engine::File => ("'lots'", "lots", "1e999"),
        Engine::Server => ("'NaN'", "NaN", "'Infinity'"),
    };
    ds.connection()
        .execute_batch(&format!(
            "INSERT INTO service_requests(enterprise_id, raised_on, category, status, resolved_on)
                 VALUES ({eid}, '2023-03-05', 'land', 'resolved', '1899-12-30');
             INSERT INTO financing_deals(enterprise_id, bank, amount_10k_yuan, signed_on)
                 VALUES ({eid}, 'b', {amount}, '2023-01-01');
             INSERT INTO observations(region_id, indicator_id, basis, year, period, value)
                 SELECT r.id, i.id, 'ytd', 2023, 4, 19.2 FROM regions r, indicators i
                 WHERE r.code = '230300' AND i.code = 'va_growth';
             INSERT INTO observations(region_id, indicator_id, basis, year, period, value)
                 SELECT r.id, i.id, 'ytd', 2023, 5, {infinite} FROM regions r, indicators i
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
            ("financing_deals", "amount_10k_yuan", said),
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
both_engines!(a_bad_row_is_skipped_and_reported_instead_of_refusing_the_dataset);

#[test]
fn a_register_row_with_a_value_of_the_wrong_type_is_skipped_not_fatal() {
    // File only: a server's typed columns cannot hold text in an INTEGER column or bytes in a TEXT one.
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
    // File only: a server's INTEGER column cannot hold the text 'true' (any integer reads).
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
    // File only: a v3 file's header and backup; the behaviour after the upgrade runs on both
    // engines in `projects_and_satisfaction_are_stored`.
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

    satisfaction_and_projects(&mut ds, 1);
}

/// Rating a request and recording a project, and rows another tool wrote wrong skipped; on
/// a dataset whose register has one unrated request of enterprise `eid` and no project.
fn satisfaction_and_projects(ds: &mut Dataset, eid: i64) {
    use crate::model::{InvestmentProject, Satisfaction};
    let reg = ds.register().expect("register");
    let mut q = reg.requests[0].clone();
    q.satisfaction = Some(Satisfaction::Basic);
    ds.save_request(&q).expect("rate");
    let project = InvestmentProject {
        id: 0,
        enterprise_id: eid,
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
        ds.write(|w| w.project_id(eid, "石墨负极材料扩产项目", p(2023, 6)))
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
    // A server's number column cannot hold text: its unusable number is NaN.
    let unusable = if ds.connection().pg().is_some() {
        "'NaN'"
    } else {
        "'abc'"
    };
    without_checks(
        ds,
        &["service_requests", "investment_projects"],
        &format!(
            "UPDATE service_requests SET satisfaction = '还行';
             INSERT INTO investment_projects(enterprise_id, name, year, period, done_ytd)
                 VALUES ({eid}, '坏项目', 2023, 6, {unusable});"
        ),
    );
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

fn projects_and_satisfaction_are_stored(engine: Engine) {
    let Some((mut ds, _guard)) = dataset(engine, &meta()) else {
        return;
    };
    let eid = ds
        .write(|w| w.add_enterprise(&enterprise(), None))
        .expect("enterprise");
    let q = open_request(eid, 1, "land");
    ds.save_request(&q).expect("request");
    satisfaction_and_projects(&mut ds, eid);
}
both_engines!(projects_and_satisfaction_are_stored);

fn targets_are_stored_one_per_region_indicator_and_year(engine: Engine) {
    use crate::model::target::{Target, TargetValue};
    let Some((mut ds, _guard)) = dataset(engine, &meta()) else {
        return;
    };
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
    without_checks(&ds, &["targets"], "UPDATE targets SET kind = 'maybe'");
    let (rows, skipped) = ds.targets_checked().expect("read");
    assert!(rows.is_empty());
    assert_eq!(skipped[0].column, "kind");
}
both_engines!(targets_are_stored_one_per_region_indicator_and_year);

/// Behaviours of several clients on one dataset (team mode, SPEC §14), on a file and on a
/// server where both have them.
mod several_clients {
    use super::*;
    use crate::model::ServiceRequest;

    fn request(enterprise_id: i64) -> ServiceRequest {
        ServiceRequest {
            text: "贷款".into(),
            ..open_request(enterprise_id, 1, "financing")
        }
    }

    fn with_one_request(ds: &mut Dataset) -> Result<()> {
        ds.write(|w| -> Result<()> {
            let id = w.add_enterprise(&enterprise(), None)?;
            w.save_request(&request(id), None)?;
            Ok(())
        })
    }

    /// Two clients open one request; the first saves, the second's save is refused with the
    /// first's version, and nothing of the second's is written.
    fn two_clients_editing_one_request(engine: Engine) {
        let Some((ds, guard)) = dataset_with(engine, &meta(), with_one_request) else {
            return;
        };
        drop(ds);
        let path = guard.path();
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
    both_engines!(two_clients_editing_one_request);

    /// Server only: a file's own write lock already lets one import in at a time (a second
    /// writer waits for it), so there is nothing to refuse.
    #[test]
    fn a_second_import_at_the_same_time_is_refused_on_a_server() {
        let Some((ds, guard)) = dataset(Engine::Server, &meta()) else {
            return;
        };
        drop(ds);
        let path = guard.path();
        let mut a = Dataset::open(path).expect("a");
        let mut b = Dataset::open(path).expect("b");
        a.write(|wa| -> Result<()> {
            wa.claim_for_import(None)?;
            let refused = b.write(|wb| wb.claim_for_import(None));
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
        b.write(|wb| wb.claim_for_import(None))
            .expect("after the first");
    }

    #[test]
    fn a_server_dataset_reads_as_the_file_does() {
        let fill = |ds: &mut Dataset| {
            with_one_request(ds)?;
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
        let Some((s, on_server)) = dataset_with(Engine::Server, &meta(), fill) else {
            return;
        };
        let (f, _file) = dataset_with(Engine::File, &meta(), fill).expect("file");
        assert_eq!(f.figure_rows().expect("f"), s.figure_rows().expect("s"));
        assert_eq!(f.register().expect("f"), s.register().expect("s"));
        assert_eq!(f.meta().expect("f"), s.meta().expect("s"));
        assert_eq!(f.catalogue(), s.catalogue());
        assert_eq!(s.path(), on_server.path());
        let snap = s.snapshot(None).expect("snapshot");
        let key = crate::model::SeriesKey::whole("230300", "va_growth", Basis::Ytd);
        assert_eq!(snap.figures.value(&key, p(2023, 4)), Some(-3.25));
    }

    /// Server only: a file has no one to hear from (the window watches a server's
    /// notifications).
    #[test]
    fn a_colleagues_change_is_noticed_and_ones_own_is_not() {
        let Some((ds, guard)) = dataset_with(Engine::Server, &meta(), with_one_request) else {
            return;
        };
        drop(ds);
        let path = guard.path().to_path_buf();
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

/// A dataset opened to read a server sees the data as it was when opened, and refuses
/// writes; a file opened so reads as an ordinary open does (the latest data).
fn a_dataset_opened_to_read_sees_one_state_of_the_data(engine: Engine) {
    let Some((mut ds, guard)) = dataset(engine, &meta()) else {
        return;
    };
    let ids = ds.ids().clone();
    let key = |m: u32| va_key(&ids, "230300", p(2023, m));
    let insert = |ds: &mut Dataset, m: u32, v: f64| {
        ds.write(|w| -> Result<()> {
            let path = w.path().to_path_buf();
            w.figures()?
                .insert_new(&key(m), v, None)
                .map_err(sql_err(&path))
        })
        .expect("write");
    };
    insert(&mut ds, 4, 19.2);
    let mut reader = Dataset::open_to_read(guard.path()).expect("open to read");
    assert_eq!(
        reader.lookup_figures([key(4)]).expect("lookup"),
        vec![Some(19.2)]
    );
    // A colleague's change after the reader's first look.
    insert(&mut ds, 5, 18.1);
    let seen = reader.lookup_figures([key(4), key(5)]).expect("lookup");
    let wrote = reader.write(|w| -> Result<()> {
        let path = w.path().to_path_buf();
        w.figures()?
            .insert_new(&key(6), 17.0, None)
            .map_err(sql_err(&path))
    });
    match engine {
        Engine::Server => {
            assert_eq!(seen, vec![Some(19.2), None]);
            assert!(wrote.is_err(), "a write through a reading open");
        }
        Engine::File => {
            assert_eq!(seen, vec![Some(19.2), Some(18.1)]);
            wrote.expect("a file opened to read is an ordinary open");
        }
    }
}
both_engines!(a_dataset_opened_to_read_sees_one_state_of_the_data);

/// A command's catalogue comes from the copy kept under the server's catalogue stamp once
/// one command has read it, and from the server again after a colleague changes it; a file
/// is read as always.
fn the_catalogue_is_read_from_the_server_once_per_change(engine: Engine) {
    let Some((ds, guard)) = dataset(engine, &meta()) else {
        return;
    };
    let sent = |d: &Dataset| d.connection().pg().map(|c| c.stats().statements);
    let first = Dataset::open_to_read(guard.path()).expect("open to read");
    let second = Dataset::open_to_read(guard.path()).expect("open again");
    assert_eq!(first.catalogue(), second.catalogue());
    assert_eq!(first.ids(), second.ids());
    if engine == Engine::Server {
        // The first reads the catalogue (at least its eight tables), the second none of it.
        let (a, b) = (
            sent(&first).expect("server"),
            sent(&second).expect("server"),
        );
        assert!(a >= b + 8, "statements: first {a}, second {b}");
    }
    // A colleague adds a name for Jixi.
    ds.connection()
        .execute_batch(
            "INSERT INTO region_aliases(region_id, alias)
                 SELECT id, 'jixi-test' FROM regions WHERE code = '230300'",
        )
        .expect("alias");
    let third = Dataset::open_to_read(guard.path()).expect("open after the change");
    let jixi = |d: &Dataset| {
        d.catalogue()
            .regions
            .iter()
            .find(|r| r.code == "230300")
            .map(|r| r.aliases.clone())
            .expect("Jixi")
    };
    assert!(!jixi(&second).contains(&"jixi-test".to_owned()));
    assert!(jixi(&third).contains(&"jixi-test".to_owned()));
    if engine == Engine::Server {
        assert_eq!(
            sent(&third),
            sent(&first),
            "the change is read from the server"
        );
    }
}
both_engines!(the_catalogue_is_read_from_the_server_once_per_change);

/// The register (with sources and targets) comes from the copies kept under the server's
/// stamps once one command has read it; a colleague's saved request is read from the
/// server again, and only the requests; an added enterprise, all but the requests and the
/// sources. A file is read as always.
fn the_register_is_read_from_the_server_once_per_change(engine: Engine) {
    let Some((mut ds, guard)) = dataset(engine, &meta()) else {
        return;
    };
    let eid = ds
        .write(|w| w.add_enterprise(&enterprise(), None))
        .expect("enterprise");
    let mut q = open_request(eid, 3, "用工");
    q.id = ds.save_request(&q).expect("saved");
    // Statements a register read sent (None: a file).
    let reading = |d: &Dataset| {
        let sent = || d.connection().pg().map(|c| c.stats().statements);
        let before = sent();
        let register = d.register().expect("register");
        let targets = d.targets().expect("targets");
        let sources = d.sources().expect("sources");
        let sent = sent().zip(before).map(|(a, b)| a - b);
        (register, targets, sources, sent)
    };
    let first = reading(&Dataset::open_to_read(guard.path()).expect("open to read"));
    let second = reading(&Dataset::open_to_read(guard.path()).expect("open again"));
    assert_eq!(first.0, second.0);
    assert_eq!(first.1, second.1);
    assert_eq!(first.2, second.2);
    assert_eq!(first.0.requests.len(), 1);
    if engine == Engine::Server {
        assert_eq!(first.3, Some(6), "four register tables, targets, sources");
        assert_eq!(second.3, Some(0), "all kept");
    }
    // A colleague closes the request.
    q.status = crate::model::RequestStatus::Resolved;
    q.resolved_on = crate::model::Date::new(2023, 3, 20);
    q.revision = second.0.requests[0].revision;
    ds.save_request(&q).expect("closed");
    let third = reading(&Dataset::open_to_read(guard.path()).expect("after the change"));
    assert_eq!(
        third.0.requests[0].status,
        crate::model::RequestStatus::Resolved
    );
    if engine == Engine::Server {
        assert_eq!(
            third.3,
            Some(1),
            "only the requests are read from the server"
        );
    }
    // An import adds an enterprise: the rest of the register is read again.
    let mut other = enterprise();
    other.credit_code = "91230300MA1B2C3D4E".into();
    other.name = "鸡西测试二号".into();
    ds.write(|w| w.add_enterprise(&other, None))
        .expect("second enterprise");
    let fourth = reading(&Dataset::open_to_read(guard.path()).expect("after the import"));
    assert_eq!(fourth.0.enterprises.len(), 2);
    assert_eq!(fourth.0.requests, third.0.requests);
    if engine == Engine::Server {
        assert_eq!(fourth.3, Some(4), "all but the requests and sources");
    }
}
both_engines!(the_register_is_read_from_the_server_once_per_change);

/// The periods holding returns come from the copy kept under the returns' stamp once one
/// command has read them, and from the server again after an import adds a period; a file
/// is read as always.
fn the_return_periods_are_read_from_the_server_once_per_import(engine: Engine) {
    let Some((mut ds, guard)) = dataset(engine, &meta()) else {
        return;
    };
    let eid = ds
        .write(|w| w.add_enterprise(&enterprise(), None))
        .expect("enterprise");
    let add = |ds: &Dataset, month: u32| {
        ds.connection()
            .execute_batch(&format!(
                "INSERT INTO enterprise_returns(year, period, enterprise_id, output_month)
                 VALUES (2023, {month}, {eid}, 1.5)"
            ))
            .expect("a return");
    };
    add(&ds, 3);
    let reading = |d: &Dataset| {
        let sent = || d.connection().pg().map(|c| c.stats().statements);
        let before = sent();
        let periods = d.return_periods().expect("periods");
        (periods, sent().zip(before).map(|(a, b)| a - b))
    };
    let first = reading(&Dataset::open_to_read(guard.path()).expect("open to read"));
    let second = reading(&Dataset::open_to_read(guard.path()).expect("open again"));
    assert_eq!(first.0, vec![p(2023, 3)]);
    assert_eq!(second.0, first.0);
    add(&ds, 4);
    let third = reading(&Dataset::open_to_read(guard.path()).expect("after the import"));
    assert_eq!(third.0, vec![p(2023, 3), p(2023, 4)]);
    if engine == Engine::Server {
        assert_eq!((first.1, second.1, third.1), (Some(1), Some(0), Some(1)));
    }
}
both_engines!(the_return_periods_are_read_from_the_server_once_per_import);

/// A server dataset without the requests' stamp (made before it) opens and reads its
/// register as before; its owner's next writable opening adds the stamps.
#[test]
fn a_dataset_without_the_requests_stamp_gets_it_from_its_owner() {
    let Some((ds, guard)) = dataset(Engine::Server, &meta()) else {
        return;
    };
    ds.connection()
        .execute_batch("DROP TABLE im_requests_stamp; DROP FUNCTION im_requests_changed() CASCADE;")
        .expect("back to a dataset without the stamp");
    let unstamped = Dataset::open_to_read(guard.path()).expect("opens without the stamp");
    assert_eq!(
        unstamped.register().expect("read"),
        ds.register().expect("read")
    );
    let stamp = |d: &Dataset, group: &str| d.connection().pg().and_then(|c| c.stamp(group));
    assert_eq!(stamp(&unstamped, "register"), None);
    drop(Dataset::open(guard.path()).expect("the owner opens it"));
    let stamped = Dataset::open_to_read(guard.path()).expect("stamped");
    assert!(stamp(&stamped, "register").is_some());
    assert!(stamp(&stamped, "requests").is_some());
}

/// A server dataset made before the catalogue's stamp opens and reads as before; its
/// owner's next writable opening adds the stamp, and commands then keep the catalogue.
#[test]
fn a_dataset_without_the_catalogue_stamp_gets_it_from_its_owner() {
    let Some((ds, guard)) = dataset(Engine::Server, &meta()) else {
        return;
    };
    ds.connection()
        .execute_batch(
            "DROP TABLE im_catalogue_stamp; DROP FUNCTION im_catalogue_token();
             DROP FUNCTION im_catalogue_changed() CASCADE;",
        )
        .expect("back to a dataset without the stamp");
    let sent = |d: &Dataset| d.connection().pg().expect("server").stats().statements;
    let unstamped = [
        Dataset::open_to_read(guard.path()).expect("opens without the stamp"),
        Dataset::open_to_read(guard.path()).expect("and again"),
    ];
    assert_eq!(unstamped[0].catalogue(), ds.catalogue());
    assert_eq!(sent(&unstamped[0]), sent(&unstamped[1]), "nothing kept");
    drop(Dataset::open(guard.path()).expect("the owner opens it"));
    let first = Dataset::open_to_read(guard.path()).expect("stamped");
    let second = Dataset::open_to_read(guard.path()).expect("kept");
    assert_eq!(second.catalogue(), ds.catalogue());
    assert!(sent(&second) + 8 <= sent(&first));
}

fn the_snapshot_and_the_childrens_map_come_from_one_read(engine: Engine) {
    let Some((mut ds, _guard)) = dataset(engine, &meta()) else {
        return;
    };
    let tiles = crate::model::tilemap::layout(ds.catalogue(), "230300");
    assert!(!tiles.is_empty(), "Jixi has counties in the catalogue");
    let county = tiles[0].region.clone();
    let ids = ds.ids().clone();
    // Jixi, one of its counties, its province, a peer and the nation; the county's figure
    // written first, so that no engine hands the rows back in key order by chance.
    let figures = [
        (county.as_str(), 6.5),
        ("230300", 9.1),
        ("230000", 3.4),
        ("230100", 2.2),
        ("100000", 4.6),
    ];
    ds.write(|w| -> Result<()> {
        let path = w.path().to_path_buf();
        let mut fw = w.figures()?;
        for (region, value) in figures {
            fw.insert_new(&va_key(&ids, region, p(2023, 4)), value, None)
                .map_err(sql_err(&path))?;
        }
        Ok(())
    })
    .expect("write");
    let (snap, children) = ds.snapshot_with_children(None).expect("snapshot");
    let alone = ds.snapshot(None).expect("snapshot alone");
    assert_eq!(snap.figures, alone.figures);
    assert_eq!(snap.skipped, alone.skipped);
    let value = |f: &Figures, region: &str| {
        f.value(
            &SeriesKey::whole(region, "va_growth", Basis::Ytd),
            p(2023, 4),
        )
    };
    assert_eq!(
        value(&snap.figures, &county),
        None,
        "a county is not a peer"
    );
    assert_eq!(value(&snap.figures, "230100"), Some(2.2));
    let children = children.expect("Jixi has a children's map");
    let mut codes: Vec<&str> = vec!["230300"];
    codes.extend(tiles.iter().map(|t| t.region.as_str()));
    assert_eq!(children, ds.figures_for_regions(&codes).expect("children"));
    assert_eq!(value(&children, &county), Some(6.5));
    assert_eq!(value(&children, "230300"), Some(9.1));
    assert_eq!(value(&children, "230100"), None);
    // A region without children on the map has no children's map.
    let (_, none) = ds.snapshot_with_children(Some("230100")).expect("Harbin");
    assert_eq!(none.is_some(), tiles_of(&ds, "230100"));
}
both_engines!(the_snapshot_and_the_childrens_map_come_from_one_read);

fn tiles_of(ds: &Dataset, region: &str) -> bool {
    !crate::model::tilemap::layout(ds.catalogue(), region).is_empty()
}

fn the_register_reads_in_the_same_order_from_either_engine(engine: Engine) {
    let Some((mut ds, _guard)) = dataset(engine, &meta()) else {
        return;
    };
    // Names in byte order: "B" < "a" < "乙" (E4 B9 99) < "甲" (E7 94 B2); written otherwise.
    let names = ["甲", "a", "乙", "B"];
    let mut ids = Vec::new();
    for (k, name) in names.iter().enumerate() {
        let mut e = enterprise();
        e.name = (*name).into();
        e.credit_code = crate::model::credit_code::compose("91", "230300", &format!("MA1B2C3{k}"))
            .expect("code");
        ids.push(
            ds.write(|w| w.add_enterprise(&e, None))
                .expect("enterprise"),
        );
    }
    for day in [3, 9, 1, 9] {
        ds.save_request(&open_request(ids[0], day, "land"))
            .expect("request");
    }
    let register = ds.register().expect("register");
    let read: Vec<&str> = register
        .enterprises
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(read, ["B", "a", "乙", "甲"]);
    // Newest first, the later of two on the same day first.
    let days: Vec<(u32, i64)> = register
        .requests
        .iter()
        .map(|r| (r.raised_on.day(), r.id))
        .collect();
    let mut expected = days.clone();
    expected.sort_by(|a, b| b.cmp(a));
    assert_eq!(days, expected);
    assert_eq!(days.iter().map(|d| d.0).collect::<Vec<_>>(), [9, 9, 3, 1]);
}
both_engines!(the_register_reads_in_the_same_order_from_either_engine);
