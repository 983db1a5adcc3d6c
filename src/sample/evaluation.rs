//! The sample's 包联 inputs (SPEC §10): investment projects of the paired enterprises with
//! their figures for every period of 2022 and 2023, and the enterprises' 满意度 with their
//! resolved requests. Invented and marked illustrative; drawn from their own random stream
//! so the rest of the sample does not change.

use std::collections::BTreeMap;

use crate::model::{
    Enterprise, InvestmentProject, Period, RequestStatus, Satisfaction, ServiceRequest, Source,
};

use super::Rng;

/// What the projects build, per industry code (the name is "<place><product>项目").
const PRODUCTS: [(&str, &[&str]); 10] = [
    (
        "graphite",
        &["年产2万吨石墨负极材料", "高纯石墨提纯扩能", "石墨烯导热膜"],
    ),
    (
        "food",
        &["绿色大米精深加工", "大豆蛋白生产线", "冷链物流中心"],
    ),
    ("medicine", &["中药饮片生产线改造", "生物制药车间扩建"]),
    ("machinery", &["煤矿智能装备生产线", "液压支架再制造"]),
    ("magnesium", &["镁合金压铸件"]),
    ("new_energy", &["分布式光伏", "生物质热电联产"]),
    ("coal", &["矿井智能化改造", "洗煤厂升级改造"]),
    ("power", &["热电机组节能改造", "城区供热管网改造"]),
    ("coking", &["焦炉煤气综合利用"]),
    ("building_materials", &["新型墙体材料生产线"]),
];

/// The source the sample's projects cite.
pub fn source() -> Source {
    Source {
        id: 0,
        title: "样例重点项目投资表（虚构）".into(),
        publisher: "Industry Monitor".into(),
        published_on: String::new(),
        url: String::new(),
        note: "项目名称与投资额均为虚构，用于演示包联考核".into(),
        illustrative: true,
    }
}

/// The place word of an enterprise name (the sample's names start with it).
fn place(e: &Enterprise) -> &str {
    ["城子河", "鸡西", "鸡东", "虎林", "密山", "鸡冠"]
        .into_iter()
        .find(|p| e.name.starts_with(p))
        .unwrap_or("鸡西")
}

/// One project's rows: year-to-date figures for every period of 2022 and 2023, completing
/// its annual plan through the year at its own pace (`pace` ≈ share of the plan done by
/// December); a project started in 2023 has no 2022 rows and no last-year figures.
fn project_rows(
    e: &Enterprise,
    name: &str,
    total: f64,
    started_2023: bool,
    pace: [f64; 2],
) -> Vec<InvestmentProject> {
    let plan = [total * 0.35, total * 0.4];
    let mut rows = Vec::new();
    let mut last_year: BTreeMap<u32, f64> = BTreeMap::new();
    for (y, year) in [2022, 2023].into_iter().enumerate() {
        if started_2023 && year == 2022 {
            continue;
        }
        for month in 2..=12 {
            let Ok(period) = Period::new(year, month) else {
                continue;
            };
            // Little is built in the northern winter; most between May and October.
            let season = [
                0.0, 0.02, 0.05, 0.09, 0.2, 0.33, 0.47, 0.61, 0.75, 0.86, 0.94, 1.0,
            ];
            let done = (plan[y] * pace[y] * season[month as usize - 1]).round();
            let last = if started_2023 {
                None
            } else {
                last_year.get(&month).copied()
            };
            if year == 2022 {
                last_year.insert(month, done);
            }
            rows.push(InvestmentProject {
                id: 0,
                enterprise_id: e.id,
                name: name.to_string(),
                period,
                planned_total: Some(total),
                planned_year: Some(plan[y].round()),
                done_ytd: Some(done),
                done_last: if year == 2022 { None } else { last },
            });
        }
    }
    rows
}

/// Investment projects: one to three for each official's enterprises, so every official
/// but the last has some (the last shows a scorecard without investment).
pub fn projects(enterprises: &[Enterprise], rng: &mut Rng) -> Vec<InvestmentProject> {
    let mut by_official: BTreeMap<&str, Vec<&Enterprise>> = BTreeMap::new();
    for e in enterprises
        .iter()
        .filter(|e| !e.official.is_empty() && e.above_size)
    {
        by_official.entry(e.official.as_str()).or_default().push(e);
    }
    let mut used = std::collections::HashSet::new();
    let mut rows = Vec::new();
    let last = by_official.keys().last().copied();
    for (official, es) in &by_official {
        if Some(*official) == last {
            continue;
        }
        let n = 1 + rng.below(3);
        let mut made = 0;
        let mut first_total: Option<f64> = None;
        for e in es.iter() {
            if made == n {
                break;
            }
            let industry = e.industry.as_deref().unwrap_or("");
            let Some((_, products)) = PRODUCTS.iter().find(|(c, _)| *c == industry) else {
                continue;
            };
            let product = products[rng.below(products.len())];
            // The trade name (字号, two characters after the place) keeps names apart.
            let trade: String = e.name[place(e).len()..].chars().take(2).collect();
            let name = format!("{}{trade}{product}项目", place(e));
            if !used.insert(name.clone()) {
                continue;
            }
            // Each official's first project ran last year too, and a new one is smaller, so
            // their investment growth stays in the range a bureau sees (a new project's whole
            // investment counts as growth).
            let started_2023 = made > 0 && rng.below(100) < 40;
            let own = rng.range(8.0, 60.0) * 1000.0;
            let total = match (started_2023, first_total) {
                (true, Some(first)) => (first * rng.range(0.1, 0.3)).round(),
                _ => own.round(),
            };
            first_total.get_or_insert(total);
            let pace = [rng.range(0.85, 1.05), rng.range(0.7, 1.15)];
            rows.extend(project_rows(e, &name, total, started_2023, pace));
            made += 1;
        }
    }
    rows
}

/// Rates most resolved requests: 满意 about 70 %, 基本满意 about 22 %, 不满意 the rest;
/// some resolved requests stay unrated, as in the bureau's returns.
pub fn rate(requests: &mut [ServiceRequest], rng: &mut Rng) {
    for q in requests.iter_mut() {
        if q.status != RequestStatus::Resolved || rng.below(100) < 12 {
            continue;
        }
        let roll = rng.below(100);
        q.satisfaction = Some(if roll < 70 {
            Satisfaction::Satisfied
        } else if roll < 92 {
            Satisfaction::Basic
        } else {
            Satisfaction::Dissatisfied
        });
    }
}
