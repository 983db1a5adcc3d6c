//! The sample's enterprise register: 318 enterprises under key support and 243 in emerging
//! industries, 132 of them (54.3%) in graphite, food and medicine, as Jixi's bureau
//! published; names, codes, requests and deals are invented (illustrative).

use crate::model::catalogue::JIXI;
use crate::model::credit_code;
use crate::model::enterprise::{Date, REQUEST_CATEGORIES};
use crate::model::{Enterprise, FinancingDeal, RequestStatus, ServiceRequest};

use super::Rng;

/// Jixi and its county-level divisions, where the sample's enterprises are registered.
const PLACES: [(&str, &str); 6] = [
    (JIXI, "鸡西"),
    ("230321", "鸡东"),
    ("230381", "虎林"),
    ("230382", "密山"),
    ("230302", "鸡冠"),
    ("230306", "城子河"),
];

/// Trade names (字号) for invented enterprises.
const TRADE_NAMES: [&str; 40] = [
    "恒达", "鑫源", "龙江", "兴凯", "北方", "宏泰", "东盛", "华宇", "金诚", "瑞丰", "永晟", "嘉禾",
    "天利", "正阳", "广源", "盛世", "新程", "博远", "佳和", "通达", "裕丰", "海川", "同创", "众成",
    "晨光", "福临", "润泽", "泰和", "安达", "启航", "卓越", "联合", "德隆", "森源", "乾元", "凯旋",
    "宝泰", "汇丰", "远航", "聚力",
];

/// Industry words for names, per industry code, and how many enterprises each has:
/// (code, words, emerging count, other count).
const PLAN: [(&str, &[&str], usize, usize); 10] = [
    (
        "graphite",
        &["石墨新材料", "碳素制品", "石墨烯科技", "负极材料"],
        58,
        0,
    ),
    (
        "food",
        &["绿色食品", "米业", "大豆食品", "乳业", "山特产品"],
        48,
        0,
    ),
    (
        "medicine",
        &["生物制药", "药业", "中药饮片", "医疗器械"],
        26,
        0,
    ),
    ("machinery", &["煤矿机械", "装备制造", "液压设备"], 42, 18),
    ("magnesium", &["镁合金", "镁业科技"], 21, 0),
    ("new_energy", &["光伏发电", "风电设备", "生物质能源"], 48, 0),
    ("coal", &["煤业", "矿业", "煤化工"], 0, 62),
    ("power", &["热电", "供热"], 0, 22),
    ("coking", &["焦化", "煤焦化工"], 0, 16),
    (
        "building_materials",
        &["建材", "水泥制品", "新型墙材"],
        0,
        24,
    ),
];

/// Paired officials (包联领导), invented names with their posts.
const OFFICIALS: [&str; 12] = [
    "王立新（副市长）",
    "李春雨（市工信局局长）",
    "张建国（市发改委主任）",
    "刘海涛（市工信局副局长）",
    "陈玉梅（市商务局局长）",
    "赵志刚（市科技局局长）",
    "孙文博（市工信局副局长）",
    "周丽华（市金融办主任）",
    "吴国强（鸡东县副县长）",
    "郑红军（密山市副市长）",
    "冯晓东（虎林市副市长）",
    "何建平（市自然资源局局长）",
];

const BANKS: [&str; 8] = [
    "中国工商银行鸡西分行",
    "中国农业银行鸡西分行",
    "中国银行鸡西分行",
    "中国建设银行鸡西分行",
    "龙江银行鸡西分行",
    "中国邮政储蓄银行鸡西市分行",
    "哈尔滨银行鸡西分行",
    "鸡西农村商业银行",
];

const REQUEST_TEXTS: [(&str, &str); 8] = [
    ("financing", "申请流动资金贷款，缓解原材料采购资金压力"),
    ("land", "扩建厂房用地指标尚未落实"),
    ("power", "新增生产线需增容变压器，申请电力接入"),
    ("labour", "技术工人短缺，希望对接职业院校定向培养"),
    ("policy", "咨询技术改造专项资金申报条件"),
    ("approval", "环评审批进度较慢，请求协调加快办理"),
    ("market", "希望参加省外产销对接会，拓展销售渠道"),
    ("logistics", "冬季铁路运力紧张，请求协调发运计划"),
];

/// The sample register: enterprises (ids 1..), requests and deals referring to them.
pub struct SampleRegister {
    /// Enterprises in id order (ids are 1-based positions).
    pub enterprises: Vec<Enterprise>,
    /// Service requests.
    pub requests: Vec<ServiceRequest>,
    /// Financing deals.
    pub deals: Vec<FinancingDeal>,
}

/// The 8 characters of an organisation-code body drawn from the credit-code alphabet.
fn org_body(rng: &mut Rng) -> String {
    const CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut s = String::from("MA");
    for _ in 0..6 {
        s.push(char::from(CHARS[rng.below(CHARS.len())]));
    }
    s
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::new(y, m, d).unwrap_or_else(|| unreachable!("sample dates are valid"))
}

/// Builds the register.
pub fn build(rng: &mut Rng) -> SampleRegister {
    let mut enterprises = Vec::new();
    let mut used_names = std::collections::HashSet::new();
    let mut used_codes = std::collections::HashSet::new();
    for (industry, words, emerging, others) in PLAN {
        for k in 0..emerging + others {
            let (region, place) = PLACES[rng.below(PLACES.len())];
            let mut name;
            loop {
                let trade = TRADE_NAMES[rng.below(TRADE_NAMES.len())];
                let word = words[rng.below(words.len())];
                name = format!("{place}{trade}{word}有限公司");
                if used_names.insert(name.clone()) {
                    break;
                }
            }
            let code = loop {
                let Some(c) = credit_code::compose("91", region, &org_body(rng)) else {
                    continue;
                };
                if used_codes.insert(c.clone()) {
                    break c;
                }
            };
            enterprises.push(Enterprise {
                id: enterprises.len() as i64 + 1,
                name,
                credit_code: code,
                industry: Some(industry.to_string()),
                region: region.to_string(),
                above_size: rng.below(100) < 45,
                emerging: k < emerging,
                srdi: false,
                key_support: false,
                private: rng.below(100) < 88,
                official: String::new(),
            });
        }
    }
    // 318 of them are under key support (published), each with a paired official.
    let mut order: Vec<usize> = (0..enterprises.len()).collect();
    rng.shuffle(&mut order);
    for (n, &i) in order.iter().enumerate() {
        let e = &mut enterprises[i];
        if n < 318 {
            e.key_support = true;
            e.official = OFFICIALS[n % OFFICIALS.len()].to_string();
        }
        // 专精特新: a few dozen, mostly among emerging, above-size enterprises.
        e.srdi = e.emerging && e.above_size && rng.below(100) < 30;
    }

    let key: Vec<i64> = enterprises
        .iter()
        .filter(|e| e.key_support)
        .map(|e| e.id)
        .collect();
    let mut requests = Vec::new();
    for year in [2022, 2023] {
        let per_year = if year == 2022 { 210 } else { 236 };
        for _ in 0..per_year {
            let month = 1 + rng.below(12) as u32;
            let raised = date(year, month, 1 + rng.below(28) as u32);
            let (category, text) = REQUEST_TEXTS[rng.below(REQUEST_TEXTS.len())];
            debug_assert!(REQUEST_CATEGORIES.iter().any(|(c, _, _)| *c == category));
            // Most requests are settled within two months; some drag on.
            let spread = if rng.below(100) < 85 { 55 } else { 150 };
            let days = 5 + rng.below(spread) as i64;
            let resolved = Date::from_days_since_epoch(raised.days_since_epoch() + days);
            let data_end = date(2023, 12, 31);
            let (status, resolved_on) = if resolved <= data_end {
                (RequestStatus::Resolved, Some(resolved))
            } else if rng.below(2) == 0 {
                (RequestStatus::InProgress, None)
            } else {
                (RequestStatus::Open, None)
            };
            requests.push(ServiceRequest {
                revision: 0,
                id: 0,
                enterprise_id: key[rng.below(key.len())],
                raised_on: raised,
                category: category.to_string(),
                text: text.to_string(),
                status,
                resolved_on,
                satisfaction: None,
            });
        }
    }
    requests.sort_by_key(|r| r.raised_on);

    let mut deals = Vec::new();
    for year in [2022, 2023] {
        for _ in 0..48 {
            let month = 1 + rng.below(12) as u32;
            let amount = (200 + rng.below(48) * 100) as f64 + [0.0, 50.0][rng.below(2)];
            deals.push(FinancingDeal {
                id: 0,
                enterprise_id: key[rng.below(key.len())],
                bank: BANKS[rng.below(BANKS.len())].to_string(),
                amount_10k_yuan: amount,
                signed_on: date(year, month, 1 + rng.below(28) as u32),
                status: "signed".to_string(),
            });
        }
    }
    deals.sort_by_key(|d| d.signed_on);
    SampleRegister {
        enterprises,
        requests,
        deals,
    }
}
