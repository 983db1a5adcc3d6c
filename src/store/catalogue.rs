//! Writing the built-in catalogue into a dataset and reading it back with its row ids.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use crate::model::{
    Catalogue, Indicator, IndicatorKind, Industry, IndustryGroup, Region, RegionLevel,
};

/// Row ids of the catalogue's entries, by code (and back).
#[derive(Debug, Clone, Default)]
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
pub(super) fn write_catalogue(conn: &Connection, cat: &Catalogue) -> rusqlite::Result<()> {
    let mut ins_region = conn.prepare(
        "INSERT INTO regions(code, name_zh, name_en, short_zh, short_en, level, parent_id, sort)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT id FROM regions WHERE code = ?7), ?8)",
    )?;
    let mut ins_region_alias = conn.prepare(
        "INSERT OR IGNORE INTO region_aliases(alias, region_id)
         SELECT ?1, id FROM regions WHERE code = ?2",
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
        "INSERT OR IGNORE INTO indicator_aliases(alias, indicator_id)
         SELECT ?1, id FROM indicators WHERE code = ?2",
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
        "INSERT OR IGNORE INTO industry_aliases(alias, industry_id)
         SELECT ?1, id FROM industries WHERE code = ?2",
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

fn aliases(
    conn: &Connection,
    table: &str,
    id_col: &str,
) -> rusqlite::Result<HashMap<i64, Vec<String>>> {
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT {id_col}, alias FROM {table} ORDER BY alias"
    ))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, alias) = row?;
        out.entry(id).or_default().push(alias);
    }
    Ok(out)
}

/// Reads the catalogue and its ids.
pub(super) fn load_catalogue(conn: &Connection) -> rusqlite::Result<(Catalogue, Ids)> {
    let mut ids = Ids::default();
    let cat = Catalogue {
        regions: load_regions(conn, &mut ids)?,
        indicators: load_indicators(conn, &mut ids)?,
        industries: load_industries(conn, &mut ids)?,
        groups: load_groups(conn, &mut ids)?,
    };
    Ok((cat, ids))
}

/// The regions in catalogue order, recording their ids.
fn load_regions(conn: &Connection, ids: &mut Ids) -> rusqlite::Result<Vec<Region>> {
    let mut out = Vec::new();
    let region_aliases = aliases(conn, "region_aliases", "region_id")?;
    let mut stmt = conn.prepare(
        "SELECT r.id, r.code, r.name_zh, r.name_en, r.short_zh, r.short_en, r.level, p.code
         FROM regions r LEFT JOIN regions p ON p.id = r.parent_id ORDER BY r.sort, r.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, Option<String>>(7)?,
        ))
    })?;
    for row in rows {
        let (id, code, name_zh, name_en, short_zh, short_en, level, parent) = row?;
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

/// The indicators in catalogue order, recording their ids.
fn load_indicators(conn: &Connection, ids: &mut Ids) -> rusqlite::Result<Vec<Indicator>> {
    let mut out = Vec::new();
    let ind_aliases = aliases(conn, "indicator_aliases", "indicator_id")?;
    let mut stmt = conn.prepare(
        "SELECT i.id, i.code, i.name_zh, i.name_en, i.unit, i.kind, g.code
         FROM indicators i LEFT JOIN indicators g ON g.id = i.growth_of_id ORDER BY i.sort, i.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    for row in rows {
        let (id, code, name_zh, name_en, unit, kind, growth_of) = row?;
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

/// The industries in catalogue order, recording their ids.
fn load_industries(conn: &Connection, ids: &mut Ids) -> rusqlite::Result<Vec<Industry>> {
    let mut out = Vec::new();
    let industry_aliases = aliases(conn, "industry_aliases", "industry_id")?;
    let mut stmt =
        conn.prepare("SELECT id, code, name_zh, name_en FROM industries ORDER BY sort, id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for row in rows {
        let (id, code, name_zh, name_en) = row?;
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
fn load_groups(conn: &Connection, ids: &mut Ids) -> rusqlite::Result<Vec<IndustryGroup>> {
    let mut out = Vec::new();
    let mut stmt =
        conn.prepare("SELECT id, code, name_zh, name_en FROM industry_groups ORDER BY sort, id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut members = conn.prepare(
        "SELECT i.code FROM industry_group_members m JOIN industries i ON i.id = m.industry_id
         WHERE m.group_id = ?1 ORDER BY i.sort, i.id",
    )?;
    for row in rows {
        let (id, code, name_zh, name_en) = row?;
        ids.groups.insert(code.clone(), id);
        ids.group_codes.insert(id, code.clone());
        let members = members
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.push(IndustryGroup {
            code,
            name_zh,
            name_en,
            members,
        });
    }
    Ok(out)
}
