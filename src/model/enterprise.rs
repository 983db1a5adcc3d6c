//! The bureau's enterprise register: enterprises, service requests (诉求) under the 包联
//! pairing scheme, and bank–enterprise financing deals (银企对接).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::Lang;

/// A calendar date (no time zone: the bureau's local date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Text that is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a date (expected e.g. 2023-04-15 or 2023年4月15日)")]
pub struct DateError(pub String);

impl Date {
    /// A date, if it exists.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1900..=2200).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = [
            31,
            if leap { 29 } else { 28 },
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ];
        (day <= days[month as usize - 1]).then_some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1..=12.
    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the month.
    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01.
    pub fn from_days_since_epoch(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// Today's date from the system clock (UTC+8, the bureau's time zone).
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_days_since_epoch((secs + 8 * 3600).div_euclid(86_400))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Accepts 2023-04-15, 2023/4/15, 2023.4.15, 2023年4月15日 and 20230415.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DateError(s.trim().to_string());
        let t = s.trim();
        let parts: Vec<&str> = if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
            vec![&t[0..4], &t[4..6], &t[6..8]]
        } else {
            t.trim_end_matches('日')
                .split(['-', '/', '.', '年', '月'])
                .collect()
        };
        if parts.len() != 3 {
            return Err(err());
        }
        let y: i32 = parts[0].trim().parse().map_err(|_| err())?;
        let m: u32 = parts[1].trim().parse().map_err(|_| err())?;
        let d: u32 = parts[2].trim().parse().map_err(|_| err())?;
        Date::new(y, m, d).ok_or_else(err)
    }
}

impl TryFrom<String> for Date {
    type Error = DateError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

/// An enterprise in the register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enterprise {
    /// Row id in the dataset (0 before it is stored).
    pub id: i64,
    /// Registered name.
    pub name: String,
    /// Unified social credit code, validated.
    pub credit_code: String,
    /// Industry code, when known.
    pub industry: Option<String>,
    /// Region code (city or county).
    pub region: String,
    /// Above designated size (规上).
    pub above_size: bool,
    /// In an emerging industry (新兴产业).
    pub emerging: bool,
    /// "Specialised, refined, special and new" (专精特新).
    pub srdi: bool,
    /// Under key support (重点帮扶).
    pub key_support: bool,
    /// Privately owned (民营).
    pub private: bool,
    /// The official paired with it (包联领导), may be empty.
    pub official: String,
}

impl Enterprise {
    /// An above-size (规上) enterprise not yet stored, with nothing else known: no industry,
    /// flag or official (what a monthly return tells of an enterprise it adds).
    pub fn above_size(credit_code: &str, name: String, region: &str) -> Enterprise {
        Enterprise {
            id: 0,
            name,
            credit_code: credit_code.to_string(),
            industry: None,
            region: region.to_string(),
            above_size: true,
            emerging: false,
            srdi: false,
            key_support: false,
            private: false,
            official: String::new(),
        }
    }
}

/// The state of a service request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Received, nobody working on it yet.
    Open,
    /// Being handled.
    InProgress,
    /// Resolved.
    Resolved,
}

impl RequestStatus {
    /// All states in workflow order.
    pub const ALL: [RequestStatus; 3] = [
        RequestStatus::Open,
        RequestStatus::InProgress,
        RequestStatus::Resolved,
    ];

    /// The code stored in the dataset.
    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::InProgress => "in_progress",
            RequestStatus::Resolved => "resolved",
        }
    }

    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (RequestStatus::Open, Lang::Zh) => "待办",
            (RequestStatus::InProgress, Lang::Zh) => "办理中",
            (RequestStatus::Resolved, Lang::Zh) => "已解决",
            (RequestStatus::Open, Lang::En) => "open",
            (RequestStatus::InProgress, Lang::En) => "in progress",
            (RequestStatus::Resolved, Lang::En) => "resolved",
        }
    }

    /// True while the request still needs work.
    pub fn is_unresolved(self) -> bool {
        self != RequestStatus::Resolved
    }
}

impl FromStr for RequestStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().replace([' ', '-'], "_").as_str() {
            "open" | "待办" | "待处理" | "未解决" | "受理" | "已受理" => {
                Ok(RequestStatus::Open)
            }
            "in_progress" | "办理中" | "处理中" | "推进中" => {
                Ok(RequestStatus::InProgress)
            }
            "resolved" | "closed" | "done" | "已解决" | "已办结" | "办结" => {
                Ok(RequestStatus::Resolved)
            }
            other => Err(format!(
                "unknown status “{other}” (use open/待办, in progress/办理中, resolved/已解决)"
            )),
        }
    }
}

/// The categories service requests are filed under.
pub const REQUEST_CATEGORIES: &[(&str, &str, &str)] = &[
    ("financing", "融资", "financing"),
    ("land", "用地", "land"),
    ("power", "用电用能", "power and energy"),
    ("labour", "用工", "labour"),
    ("policy", "政策", "policy"),
    ("approval", "审批", "approvals"),
    ("market", "市场开拓", "markets"),
    ("logistics", "物流运输", "logistics"),
];

/// The label of a request category code in a language (the code itself when unknown).
pub fn category_label(code: &str, lang: Lang) -> String {
    REQUEST_CATEGORIES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, zh, en)| lang.pick(zh, en).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// Finds a category code by code or label.
pub fn find_category(text: &str) -> Option<&'static str> {
    let t = text.trim().to_lowercase();
    REQUEST_CATEGORIES
        .iter()
        .find(|(c, zh, en)| {
            *c == t || *zh == t || *en == t || (t.chars().count() >= 2 && zh.contains(&t))
        })
        .map(|(c, _, _)| *c)
}

/// A request an enterprise raised with its paired official.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceRequest {
    /// Row id (0 before it is stored).
    pub id: i64,
    /// The enterprise's row id.
    pub enterprise_id: i64,
    /// When it was raised.
    pub raised_on: Date,
    /// Category code (see [`REQUEST_CATEGORIES`]).
    pub category: String,
    /// What the enterprise asked for.
    pub text: String,
    /// Where it stands.
    pub status: RequestStatus,
    /// When it was resolved.
    pub resolved_on: Option<Date>,
    /// How satisfied the enterprise was (满意度), when it rated the handling.
    #[serde(default)]
    pub satisfaction: Option<super::Satisfaction>,
    /// How many times it has been changed since it was stored: an edit made on an older
    /// revision is refused instead of overwriting someone else's (team mode, SPEC §14).
    #[serde(default)]
    pub revision: i64,
}

impl ServiceRequest {
    /// Days the request has been waiting (up to `today`, or to its resolution).
    pub fn age_days(&self, today: Date) -> i64 {
        self.raised_on.days_until(self.resolved_on.unwrap_or(today))
    }
}

/// A financing agreement signed between a bank and an enterprise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinancingDeal {
    /// Row id (0 before it is stored).
    pub id: i64,
    /// The enterprise's row id.
    pub enterprise_id: i64,
    /// The lending bank.
    pub bank: String,
    /// Amount in 万元.
    pub amount_10k_yuan: f64,
    /// Date signed.
    pub signed_on: Date,
    /// signed / disbursed / cancelled.
    pub status: String,
}

/// The whole register of a dataset.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Register {
    /// Enterprises, by name.
    pub enterprises: Vec<Enterprise>,
    /// Service requests, newest first.
    pub requests: Vec<ServiceRequest>,
    /// Financing deals, newest first.
    pub deals: Vec<FinancingDeal>,
    /// Investment projects' figures, one per project and period, by period then name.
    #[serde(default)]
    pub projects: Vec<super::InvestmentProject>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_count_days() {
        let d: Date = "2023年4月15日".parse().expect("date");
        assert_eq!(d, Date::new(2023, 4, 15).expect("valid"));
        assert_eq!("2023/4/15".parse::<Date>(), Ok(d));
        assert_eq!("20230415".parse::<Date>(), Ok(d));
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2024-02-29".parse::<Date>().is_ok());
        let a = Date::new(2023, 1, 1).expect("valid");
        assert_eq!(a.days_until(Date::new(2024, 1, 1).expect("valid")), 365);
        assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        assert_eq!(Date::new(1970, 1, 1).map(Date::days_since_epoch), Some(0));
    }

    #[test]
    fn statuses_parse_from_both_languages() {
        assert_eq!("已解决".parse(), Ok(RequestStatus::Resolved));
        assert_eq!("In progress".parse(), Ok(RequestStatus::InProgress));
        assert!("maybe".parse::<RequestStatus>().is_err());
    }
}
