//! Writing the built-in catalogue into a dataset and reading it back with its row ids.

use std::collections::HashMap;

use rusqlite::params;
use rusqlite::types::ValueRef;

use super::db::{self, Db};

use super::register::read_rows_in_order;
use super::validate::{Bad, value_text};

use crate::model::{
    Catalogue, Indicator, IndicatorKind, Industry, IndustryGroup, Region, RegionLevel, Said,
    SkippedRow,
};

/// Row ids of the catalogue's entries, by code (and back).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ids {
    /// Region code → id.
    pub regions: HashMap<String, i64>,
    /// Indicator code → id.
    pub indicators: HashMap<String, i64>,
    /// Industry code → id.
    pub industries: HashMap<String, i64>,
    /// Group code → id.
    pub groups: HashMap<String, i64>,
    /// Region id → code.
    pub region_codes: HashMap<i64, String>,
    /// Indicator id → code.
    pub indicator_codes: HashMap<i64, String>,
    /// Industry id → code.
    pub industry_codes: HashMap<i64, String>,
    /// Group id → code.
    pub group_codes: HashMap<i64, String>,
}

/// Inserts every entry of `cat` (regions, aliases, indicators, industries, groups).
pub(super) fn write_catalogue(conn: &Db, cat: &Catalogue) -> db::Result<()> {
    let mut ins_region = conn.prepare(
        "INSERT INTO regions(code, name_zh, name_en, short_zh, short_en, level, parent_id, sort)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT id FROM regions WHERE code = ?7), ?8)",
    )?;
    let mut ins_region_alias = conn.prepare(
        "INSERT INTO region_aliases(alias, region_id)
         SELECT ?1, id FROM regions WHERE code = ?2
         ON CONFLICT DO NOTHING",
    )?;
    // Parents come before children in the catalogue, so the sub-select finds them.
    for (sort, r) in cat.regions.iter().enumerate() {
        ins_region.execute(params![
            r.code,
            r.name_zh,
            r.name_en,
            r.short_zh,
            r.short_en,
            r.level.code(),
            r.parent,
            sort as i64
        ])?;
        for a in &r.aliases {
            ins_region_alias.execute(params![a, r.code])?;
        }
    }
    let mut ins_ind = conn.prepare(
        "INSERT INTO indicators(code, name_zh, name_en, unit, kind, sort) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut ins_ind_alias = conn.prepare(
        "INSERT INTO indicator_aliases(alias, indicator_id)
         SELECT ?1, id FROM indicators WHERE code = ?2
         ON CONFLICT DO NOTHING",
    )?;
    for (sort, i) in cat.indicators.iter().enumerate() {
        ins_ind.execute(params![
            i.code,
            i.name_zh,
            i.name_en,
            i.unit,
            i.kind.code(),
            sort as i64
        ])?;
        for a in &i.aliases {
            ins_ind_alias.execute(params![a, i.code])?;
        }
    }
    let mut set_growth = conn.prepare(
        "UPDATE indicators SET growth_of_id = (SELECT id FROM indicators WHERE code = ?2) WHERE code = ?1",
    )?;
    for i in &cat.indicators {
        if let Some(level) = &i.growth_of {
            set_growth.execute(params![i.code, level])?;
        }
    }
    let mut ins_industry = conn
        .prepare("INSERT INTO industries(code, name_zh, name_en, sort) VALUES (?1, ?2, ?3, ?4)")?;
    let mut ins_industry_alias = conn.prepare(
        "INSERT INTO industry_aliases(alias, industry_id)
         SELECT ?1, id FROM industries WHERE code = ?2
         ON CONFLICT DO NOTHING",
    )?;
    for (sort, i) in cat.industries.iter().enumerate() {
        ins_industry.execute(params![i.code, i.name_zh, i.name_en, sort as i64])?;
        for a in &i.aliases {
            ins_industry_alias.execute(params![a, i.code])?;
        }
    }
    let mut ins_group = conn.prepare(
        "INSERT INTO industry_groups(code, name_zh, name_en, sort) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut ins_member = conn.prepare(
        "INSERT INTO industry_group_members(group_id, industry_id)
         SELECT g.id, i.id FROM industry_groups g, industries i WHERE g.code = ?1 AND i.code = ?2",
    )?;
    for (sort, g) in cat.groups.iter().enumerate() {
        ins_group.execute(params![g.code, g.name_zh, g.name_en, sort as i64])?;
        for m in &g.members {
            ins_member.execute(params![g.code, m])?;
        }
    }
    Ok(())
}

/// The aliases of `table` by owner id; an alias row that cannot be read is skipped and
/// reported (it only loses one spelling an import would match).
fn aliases(
    conn: &Db,
    table: &'static str,
    id_col: &'static str,
    skipped: &mut Vec<SkippedRow>,
) -> db::Result<HashMap<i64, Vec<String>>> {
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT {id_col}, alias FROM {table} ORDER BY alias"
    ))?;
    stmt.for_each(&[], |r| {
        let (owner, alias) = (r.get_ref(0)?, r.get_ref(1)?);
        match (owner, alias) {
            (ValueRef::Integer(id), ValueRef::Text(t)) => match std::str::from_utf8(t) {
                Ok(a) => out.entry(id).or_default().push(a.to_string()),
                Err(_) => skipped.push(alias_skipped(table, id_col, owner, alias)),
            },
            _ => skipped.push(alias_skipped(table, id_col, owner, alias)),
        }
        Ok(())
    })?;
    Ok(out)
}

/// The skipped row for an alias that cannot be read.
fn alias_skipped(
    table: &'static str,
    id_col: &'static str,
    owner: ValueRef<'_>,
    alias: ValueRef<'_>,
) -> SkippedRow {
    let (owner, alias) = (value_text(owner), value_text(alias));
    Bad {
        column: "alias",
        value: alias.clone(),
        what: Said::new("不是可读的别名", "not a readable alias"),
    }
    .skipped(
        table,
        format!("{id_col} {owner}"),
        None,
        Said::new(
            format!("请用SQLite工具删除该行（DELETE FROM {table} WHERE {id_col} = {owner} AND alias = …）"),
            format!("delete the row with an SQLite tool (DELETE FROM {table} WHERE {id_col} = {owner} AND alias = …)"),
        ),
    )
}

/// Reads the catalogue and its ids, and the catalogue rows skipped because they cannot be
/// read (a region, indicator, industry or group whose columns do not convert): one bad row
/// must not lock the dataset, and figures naming a skipped entry are skipped in turn.
pub(super) fn load_catalogue(conn: &Db) -> db::Result<(Catalogue, Ids, Vec<SkippedRow>)> {
    let mut ids = Ids::default();
    let mut skipped = Vec::new();
    let cat = Catalogue {
        regions: load_regions(conn, &mut ids, &mut skipped)?,
        indicators: load_indicators(conn, &mut ids, &mut skipped)?,
        industries: load_industries(conn, &mut ids, &mut skipped)?,
        groups: load_groups(conn, &mut ids, &mut skipped)?,
    };
    Ok((cat, ids, skipped))
}

type RegionRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
);

/// The regions in catalogue order, recording their ids.
fn load_regions(
    conn: &Db,
    ids: &mut Ids,
    skipped: &mut Vec<SkippedRow>,
) -> db::Result<Vec<Region>> {
    let mut out = Vec::new();
    let region_aliases = aliases(conn, "region_aliases", "region_id", skipped)?;
    let (rows, bad): (Vec<RegionRow>, _) = read_rows_in_order(
        conn,
        "SELECT r.id, r.code, r.name_zh, r.name_en, r.short_zh, r.short_en, r.level, p.code
         FROM regions r LEFT JOIN regions p ON p.id = r.parent_id",
        "r.sort, r.id",
        "regions",
        &[
            "id",
            "code",
            "name_zh",
            "name_en",
            "short_zh",
            "short_en",
            "level",
            "parent_id",
        ],
        |r| {
            Ok(Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            )))
        },
    )?;
    skipped.extend(bad);
    for (id, code, name_zh, name_en, short_zh, short_en, level, parent) in rows {
        let level = RegionLevel::from_code(&level).unwrap_or(RegionLevel::City);
        ids.regions.insert(code.clone(), id);
        ids.region_codes.insert(id, code.clone());
        out.push(Region {
            aliases: region_aliases.get(&id).cloned().unwrap_or_default(),
            code,
            name_zh,
            name_en,
            short_zh,
            short_en,
            level,
            parent,
        });
    }
    Ok(out)
}

type IndicatorRow = (i64, String, String, String, String, String, Option<String>);

/// The indicators in catalogue order, recording their ids.
fn load_indicators(
    conn: &Db,
    ids: &mut Ids,
    skipped: &mut Vec<SkippedRow>,
) -> db::Result<Vec<Indicator>> {
    let mut out = Vec::new();
    let ind_aliases = aliases(conn, "indicator_aliases", "indicator_id", skipped)?;
    let (rows, bad): (Vec<IndicatorRow>, _) = read_rows_in_order(
        conn,
        "SELECT i.id, i.code, i.name_zh, i.name_en, i.unit, i.kind, g.code
         FROM indicators i LEFT JOIN indicators g ON g.id = i.growth_of_id",
        "i.sort, i.id",
        "indicators",
        &[
            "id",
            "code",
            "name_zh",
            "name_en",
            "unit",
            "kind",
            "growth_of_id",
        ],
        |r| {
            Ok(Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            )))
        },
    )?;
    skipped.extend(bad);
    for (id, code, name_zh, name_en, unit, kind, growth_of) in rows {
        ids.indicators.insert(code.clone(), id);
        ids.indicator_codes.insert(id, code.clone());
        out.push(Indicator {
            aliases: ind_aliases.get(&id).cloned().unwrap_or_default(),
            code,
            name_zh,
            name_en,
            unit,
            kind: IndicatorKind::from_code(&kind).unwrap_or(IndicatorKind::Level),
            growth_of,
        });
    }
    Ok(out)
}

/// Id, code and names of the rows of `table` (industries or groups), and those skipped.
fn named_rows(
    conn: &Db,
    table: &'static str,
    skipped: &mut Vec<SkippedRow>,
) -> db::Result<Vec<(i64, String, String, String)>> {
    let (rows, bad) = read_rows_in_order(
        conn,
        &format!("SELECT id, code, name_zh, name_en FROM {table}"),
        "sort, id",
        table,
        &["id", "code", "name_zh", "name_en"],
        |r| Ok(Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))),
    )?;
    skipped.extend(bad);
    Ok(rows)
}

/// The industries in catalogue order, recording their ids.
fn load_industries(
    conn: &Db,
    ids: &mut Ids,
    skipped: &mut Vec<SkippedRow>,
) -> db::Result<Vec<Industry>> {
    let mut out = Vec::new();
    let industry_aliases = aliases(conn, "industry_aliases", "industry_id", skipped)?;
    for (id, code, name_zh, name_en) in named_rows(conn, "industries", skipped)? {
        ids.industries.insert(code.clone(), id);
        ids.industry_codes.insert(id, code.clone());
        out.push(Industry {
            aliases: industry_aliases.get(&id).cloned().unwrap_or_default(),
            code,
            name_zh,
            name_en,
        });
    }
    Ok(out)
}

/// The industry groups with their members, in catalogue order, recording their ids.
fn load_groups(
    conn: &Db,
    ids: &mut Ids,
    skipped: &mut Vec<SkippedRow>,
) -> db::Result<Vec<IndustryGroup>> {
    let mut out = Vec::new();
    let mut members = conn.prepare(
        "SELECT m.industry_id FROM industry_group_members m JOIN industries i ON i.id = m.industry_id
         WHERE m.group_id = ?1 ORDER BY i.sort, i.id",
    )?;
    for (id, code, name_zh, name_en) in named_rows(conn, "industry_groups", skipped)? {
        ids.groups.insert(code.clone(), id);
        ids.group_codes.insert(id, code.clone());
        // Members by the industries read (a skipped industry is reported once, there).
        let mut member_codes = Vec::new();
        members.for_each(&[&id], |r| {
            if let ValueRef::Integer(i) = r.get_ref(0)?
                && let Some(c) = ids.industry_codes.get(&i)
            {
                member_codes.push(c.clone());
            }
            Ok(())
        })?;
        out.push(IndustryGroup {
            code,
            name_zh,
            name_en,
            members: member_codes,
        });
    }
    Ok(out)
}
