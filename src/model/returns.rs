//! Enterprise monthly returns (企业月报): what one enterprise reported for one period and
//! one indicator, the units the forms use, and the values a return implies when a column
//! is absent.
//!
//! Contract:
//! - Values are current-price levels (现价) in the indicator's unit: 万元 for money,
//!   万千瓦时 for electricity, 人 for employees. [`ReturnUnit::convert`] brings 元/千元/亿元
//!   and 千瓦时 into them and refuses a unit of another quantity (千元 for electricity).
//! - A value is `None` when the form left it blank; it is never read as zero.
//! - Periods follow [`Period`]: period 2 is 1—2月, so its month value *is* its year-to-date
//!   value and it has no previous period in the year.
//! - [`resolve_all`] fills what a return leaves out: this month's value from two
//!   *consecutive* year-to-date values (never across a missing month, which would merge two
//!   months into one), and last year's year-to-date value from last year's return of the
//!   same period. A value the form states is kept as stated. Employees are a stock (an
//!   average head count), so no month value is derived from their year-to-date figures.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{Lang, Period, Said, name_key};

/// The quantity an indicator or a unit measures; units convert only within one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quantity {
    /// Money, in 万元.
    Money,
    /// Electricity, in 万千瓦时.
    Energy,
    /// Head count, in 人.
    Headcount,
}

/// An indicator of the monthly return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReturnIndicator {
    /// 工业总产值 (gross industrial output), 万元.
    Output,
    /// 销售产值 (sales output), 万元.
    Sales,
    /// 营业收入 (operating revenue), 万元.
    Revenue,
    /// 利润总额 (total profit), 万元; may be negative.
    Profit,
    /// 用电量 (electricity consumption), 万千瓦时.
    Power,
    /// 从业人员 (employees), 人.
    Employees,
}

/// Header texts that name each indicator on the forms bureaus receive, besides its name.
const ALIASES: [(ReturnIndicator, &[&str]); 6] = [
    (
        ReturnIndicator::Output,
        &["总产值", "工业总产值（现价）", "工业总产值现价", "产值"],
    ),
    (
        ReturnIndicator::Sales,
        &["工业销售产值", "销售产值（现价）", "工业销售产值现价"],
    ),
    (
        ReturnIndicator::Revenue,
        &["主营业务收入", "营业收入总额", "收入"],
    ),
    (ReturnIndicator::Profit, &["利润", "利润总额（万元）"]),
    (
        ReturnIndicator::Power,
        &["工业用电量", "电量", "用电", "electricity"],
    ),
    (
        ReturnIndicator::Employees,
        &["从业人员平均人数", "从业人员数", "用工人数", "职工人数"],
    ),
];

impl ReturnIndicator {
    /// All indicators in the order the forms list them.
    pub const ALL: [ReturnIndicator; 6] = [
        ReturnIndicator::Output,
        ReturnIndicator::Sales,
        ReturnIndicator::Revenue,
        ReturnIndicator::Profit,
        ReturnIndicator::Power,
        ReturnIndicator::Employees,
    ];

    /// The command-line and JSON code: output, sales, revenue, profit, power, employees.
    pub fn code(self) -> &'static str {
        match self {
            ReturnIndicator::Output => "output",
            ReturnIndicator::Sales => "sales",
            ReturnIndicator::Revenue => "revenue",
            ReturnIndicator::Profit => "profit",
            ReturnIndicator::Power => "power",
            ReturnIndicator::Employees => "employees",
        }
    }

    /// The position in [`ReturnIndicator::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Parses a code exactly as [`ReturnIndicator::code`] writes it.
    pub fn from_code(code: &str) -> Option<ReturnIndicator> {
        ReturnIndicator::ALL.into_iter().find(|i| i.code() == code)
    }

    /// The name in a language: 工业总产值 / gross output.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            ReturnIndicator::Output => lang.pick("工业总产值", "gross output"),
            ReturnIndicator::Sales => lang.pick("销售产值", "sales output"),
            ReturnIndicator::Revenue => lang.pick("营业收入", "revenue"),
            ReturnIndicator::Profit => lang.pick("利润总额", "total profit"),
            ReturnIndicator::Power => lang.pick("用电量", "electricity consumption"),
            ReturnIndicator::Employees => lang.pick("从业人员", "employees"),
        }
    }

    /// The unit values are kept in: 万元, 万千瓦时 or 人.
    pub fn unit(self, lang: Lang) -> &'static str {
        match self.quantity() {
            Quantity::Money => lang.pick("万元", "10k yuan"),
            Quantity::Energy => lang.pick("万千瓦时", "10k kWh"),
            Quantity::Headcount => lang.pick("人", "persons"),
        }
    }

    /// What the indicator measures.
    pub fn quantity(self) -> Quantity {
        match self {
            ReturnIndicator::Power => Quantity::Energy,
            ReturnIndicator::Employees => Quantity::Headcount,
            _ => Quantity::Money,
        }
    }

    /// True for flows, whose year-to-date value is the sum of the months; false for
    /// employees, whose year-to-date value is an average head count.
    pub fn is_flow(self) -> bool {
        self != ReturnIndicator::Employees
    }
}

impl fmt::Display for ReturnIndicator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A text that names no return indicator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "“{0}” is not an indicator of the monthly return (use output, sales, revenue, profit, power or employees)"
)]
pub struct UnknownIndicator(pub String);

impl UnknownIndicator {
    /// The reason in both languages (the English is the `Display` text).
    pub fn said(&self) -> Said {
        Said::new(
            format!(
                "“{}”不是企业月报的指标（应为工业总产值output、销售产值sales、营业收入revenue、利润总额profit、用电量power或从业人员employees）",
                self.0
            ),
            self.to_string(),
        )
    }
}

impl FromStr for ReturnIndicator {
    type Err = UnknownIndicator;

    /// Accepts the code, the Chinese or English name, or a header alias (工业销售产值).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = name_key(s);
        let hit = ReturnIndicator::ALL.into_iter().find(|i| {
            name_key(i.code()) == key
                || name_key(i.name(Lang::Zh)) == key
                || name_key(i.name(Lang::En)) == key
        });
        hit.or_else(|| {
            ALIASES
                .iter()
                .find(|(_, names)| names.iter().any(|n| name_key(n) == key))
                .map(|(i, _)| *i)
        })
        .ok_or_else(|| UnknownIndicator(s.trim().to_string()))
    }
}

/// A unit a return's header states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReturnUnit {
    /// 元.
    Yuan,
    /// 千元, the statistics bureau's forms.
    ThousandYuan,
    /// 万元.
    TenThousandYuan,
    /// 亿元.
    HundredMillionYuan,
    /// 千瓦时 (kWh, 度).
    Kwh,
    /// 万千瓦时.
    TenThousandKwh,
    /// 人.
    Person,
}

/// Why a value could not be brought into its indicator's unit.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum UnitError {
    /// A unit text this program does not know.
    #[error(
        "“{0}” is not a unit of the monthly return (use 元, 千元, 万元, 亿元, 千瓦时, 万千瓦时 or 人)"
    )]
    Unknown(String),
    /// A unit of another quantity, e.g. 千元 for electricity.
    #[error(
        "{} is not a unit of {} (its values are in {})",
        .unit.label(),
        .indicator.name(Lang::En),
        .indicator.unit(Lang::En)
    )]
    Mismatch {
        /// The unit the header states.
        unit: ReturnUnit,
        /// The indicator the column belongs to.
        indicator: ReturnIndicator,
    },
    /// Infinity or NaN, which no form can state.
    #[error("the value is not a finite number")]
    NotFinite,
}

impl UnitError {
    /// The reason in both languages (the English is the `Display` text).
    pub fn said(&self) -> Said {
        let zh = match self {
            UnitError::Unknown(text) => format!(
                "“{text}”不是企业月报的计量单位（应为元、千元、万元、亿元、千瓦时、万千瓦时或人）"
            ),
            UnitError::Mismatch { unit, indicator } => format!(
                "{}不是{}的计量单位（应以{}计，请核对表头的单位）",
                unit.label(),
                indicator.name(Lang::Zh),
                indicator.unit(Lang::Zh)
            ),
            UnitError::NotFinite => "数值不是有限数，请核对该单元格".to_string(),
        };
        Said::new(zh, self.to_string())
    }
}

impl ReturnUnit {
    /// Parses a unit as headers write it: "千元", "(万元)", "万kWh", "度".
    pub fn parse(text: &str) -> Result<ReturnUnit, UnitError> {
        let key = name_key(text).replace(['【', '】', '[', ']'], "");
        let unit = match key.as_str() {
            "元" | "yuan" => ReturnUnit::Yuan,
            "千元" => ReturnUnit::ThousandYuan,
            "万元" | "10kyuan" => ReturnUnit::TenThousandYuan,
            "亿元" => ReturnUnit::HundredMillionYuan,
            "千瓦时" | "kwh" | "度" | "千瓦小时" => ReturnUnit::Kwh,
            "万千瓦时" | "万kwh" | "万度" | "10kkwh" => ReturnUnit::TenThousandKwh,
            "人" | "persons" | "person" => ReturnUnit::Person,
            _ => return Err(UnitError::Unknown(text.trim().to_string())),
        };
        Ok(unit)
    }

    /// The unit as written on the forms.
    pub fn label(self) -> &'static str {
        match self {
            ReturnUnit::Yuan => "元",
            ReturnUnit::ThousandYuan => "千元",
            ReturnUnit::TenThousandYuan => "万元",
            ReturnUnit::HundredMillionYuan => "亿元",
            ReturnUnit::Kwh => "千瓦时",
            ReturnUnit::TenThousandKwh => "万千瓦时",
            ReturnUnit::Person => "人",
        }
    }

    /// What the unit measures.
    pub fn quantity(self) -> Quantity {
        match self {
            ReturnUnit::Kwh | ReturnUnit::TenThousandKwh => Quantity::Energy,
            ReturnUnit::Person => Quantity::Headcount,
            _ => Quantity::Money,
        }
    }

    /// `value` in this unit brought into `indicator`'s unit (万元, 万千瓦时 or 人).
    /// Smaller units are divided rather than multiplied by a decimal fraction, so that
    /// 12,345 千元 is exactly 1,234.5 万元.
    pub fn convert(self, value: f64, indicator: ReturnIndicator) -> Result<f64, UnitError> {
        if self.quantity() != indicator.quantity() {
            return Err(UnitError::Mismatch {
                unit: self,
                indicator,
            });
        }
        if !value.is_finite() {
            return Err(UnitError::NotFinite);
        }
        Ok(match self {
            ReturnUnit::Yuan | ReturnUnit::Kwh => value / 10_000.0,
            ReturnUnit::ThousandYuan => value / 10.0,
            ReturnUnit::HundredMillionYuan => value * 10_000.0,
            ReturnUnit::TenThousandYuan | ReturnUnit::TenThousandKwh | ReturnUnit::Person => value,
        })
    }
}

/// One enterprise's return for one period and one indicator, as the form states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthlyReturn {
    /// The enterprise's unified social credit code.
    pub enterprise: String,
    /// The period; its year-to-date values run from January to its month.
    pub period: Period,
    /// The indicator.
    pub indicator: ReturnIndicator,
    /// This month's value (本月; for 1—2月, January and February together).
    pub month: Option<f64>,
    /// Year to date (本年累计 / 1-N月累计).
    pub ytd: Option<f64>,
    /// The same period of last year, year to date (上年同期累计).
    pub ytd_last_year: Option<f64>,
    /// The growth the form states (同比增长, %), checked against the values, never used
    /// in their place.
    pub stated_growth_pct: Option<f64>,
}

/// The values one form gives for one indicator (all in the indicator's unit).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ReturnValues {
    /// This month (本月).
    pub month: Option<f64>,
    /// Year to date (本年累计).
    pub ytd: Option<f64>,
    /// Same period last year, year to date (上年同期累计).
    pub ytd_last_year: Option<f64>,
    /// Stated growth, % (同比增长).
    pub stated_growth_pct: Option<f64>,
}

impl ReturnValues {
    /// True when the form left every value blank.
    pub fn is_empty(&self) -> bool {
        self.month.is_none()
            && self.ytd.is_none()
            && self.ytd_last_year.is_none()
            && self.stated_growth_pct.is_none()
    }

    /// The four values in column order (month, ytd, last year, stated growth).
    pub fn as_array(&self) -> [Option<f64>; 4] {
        [
            self.month,
            self.ytd,
            self.ytd_last_year,
            self.stated_growth_pct,
        ]
    }

    /// The values from column order.
    pub fn from_array(a: [Option<f64>; 4]) -> ReturnValues {
        ReturnValues {
            month: a[0],
            ytd: a[1],
            ytd_last_year: a[2],
            stated_growth_pct: a[3],
        }
    }
}

/// One enterprise's return for one period: every indicator the form gives, indexed as
/// [`ReturnIndicator::ALL`] (None: the form has no column for it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturnRow {
    /// The enterprise's unified social credit code.
    pub enterprise: String,
    /// The period.
    pub period: Period,
    /// The values of each indicator, in [`ReturnIndicator::ALL`] order.
    pub values: [Option<ReturnValues>; 6],
}

impl ReturnRow {
    /// A row with no indicator given yet.
    pub fn new(enterprise: impl Into<String>, period: Period) -> ReturnRow {
        ReturnRow {
            enterprise: enterprise.into(),
            period,
            values: [None; 6],
        }
    }

    /// The values of `indicator`, if the form gives them.
    pub fn get(&self, indicator: ReturnIndicator) -> Option<&ReturnValues> {
        self.values[indicator.index()].as_ref()
    }

    /// Sets the values of `indicator`.
    pub fn set(&mut self, indicator: ReturnIndicator, values: ReturnValues) {
        self.values[indicator.index()] = Some(values);
    }

    /// The row as one [`MonthlyReturn`] per indicator given.
    pub fn monthly(&self) -> impl Iterator<Item = MonthlyReturn> + '_ {
        ReturnIndicator::ALL
            .iter()
            .zip(self.values.iter())
            .filter_map(|(&indicator, v)| {
                v.map(|v| MonthlyReturn {
                    enterprise: self.enterprise.clone(),
                    period: self.period,
                    indicator,
                    month: v.month,
                    ytd: v.ytd,
                    ytd_last_year: v.ytd_last_year,
                    stated_growth_pct: v.stated_growth_pct,
                })
            })
    }
}

/// A return with what it leaves out filled from the enterprise's other returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedReturn {
    /// The enterprise's unified social credit code.
    pub enterprise: String,
    /// The period.
    pub period: Period,
    /// The indicator.
    pub indicator: ReturnIndicator,
    /// This month's value, stated or derived.
    pub month: Option<f64>,
    /// True when `month` was derived from consecutive year-to-date values.
    pub month_derived: bool,
    /// Year to date.
    pub ytd: Option<f64>,
    /// Last year's year-to-date value of the same period, stated or taken from last year's
    /// return.
    pub ytd_last_year: Option<f64>,
    /// True when `ytd_last_year` came from last year's return rather than this form.
    pub last_year_from_return: bool,
    /// The year-to-date value of the previous period of the same year, when the enterprise
    /// returned it (None for 1—2月, which has none).
    pub ytd_previous_period: Option<f64>,
    /// The growth the form states, %.
    pub stated_growth_pct: Option<f64>,
}

/// This month's value implied by two year-to-date values: for 1—2月 the year-to-date value
/// itself (the period is January and February together); otherwise the difference from the
/// previous period's, which must be the period just before (a missing month in between
/// would merge two months into one, so there is no value then).
pub fn derive_month(
    period: Period,
    ytd: Option<f64>,
    previous: Option<(Period, f64)>,
) -> Option<f64> {
    let ytd = ytd?;
    if period.is_jan_feb() {
        return Some(ytd);
    }
    let (prev_period, prev_ytd) = previous?;
    (Some(prev_period) == period.prev_in_year()).then_some(ytd - prev_ytd)
}

/// Two returns for the same enterprise, indicator and period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("enterprise {enterprise} has two returns of {indicator} for {period}: keep one of them")]
pub struct DuplicateReturn {
    /// The enterprise's credit code.
    pub enterprise: String,
    /// The indicator.
    pub indicator: ReturnIndicator,
    /// The period.
    pub period: Period,
}

impl DuplicateReturn {
    /// The reason in both languages (the English is the `Display` text).
    pub fn said(&self) -> Said {
        Said::new(
            format!(
                "企业{}的{}{}有两份月报：请只保留其中一份",
                self.enterprise,
                self.period.label_with_year(super::Basis::Ytd, Lang::Zh),
                self.indicator.name(Lang::Zh)
            ),
            self.to_string(),
        )
    }
}

/// Resolves every return against the others of its enterprise and indicator: this
/// month's value from consecutive year-to-date values when the form has none, last year's
/// value from last year's return when the form has none. The result is in the order of
/// (enterprise, indicator, period).
pub fn resolve_all(returns: &[MonthlyReturn]) -> Result<Vec<ResolvedReturn>, DuplicateReturn> {
    let mut by_key: BTreeMap<(&str, ReturnIndicator, Period), &MonthlyReturn> = BTreeMap::new();
    for r in returns {
        let key = (r.enterprise.as_str(), r.indicator, r.period);
        if by_key.insert(key, r).is_some() {
            return Err(DuplicateReturn {
                enterprise: r.enterprise.clone(),
                indicator: r.indicator,
                period: r.period,
            });
        }
    }
    let ytd_of = |r: &MonthlyReturn, period: Option<Period>| {
        let period = period?;
        let other = by_key.get(&(r.enterprise.as_str(), r.indicator, period))?;
        other.ytd.map(|v| (period, v))
    };
    let resolved = by_key
        .values()
        .map(|r| {
            let previous = ytd_of(r, r.period.prev_in_year());
            let last_year = ytd_of(r, r.period.year_before()).map(|(_, v)| v);
            let derived = match r.month {
                None if r.indicator.is_flow() => derive_month(r.period, r.ytd, previous),
                _ => None,
            };
            ResolvedReturn {
                enterprise: r.enterprise.clone(),
                period: r.period,
                indicator: r.indicator,
                month: r.month.or(derived),
                month_derived: derived.is_some(),
                ytd: r.ytd,
                ytd_last_year: r.ytd_last_year.or(last_year),
                last_year_from_return: r.ytd_last_year.is_none() && last_year.is_some(),
                ytd_previous_period: previous.map(|(_, v)| v),
                stated_growth_pct: r.stated_growth_pct,
            }
        })
        .collect();
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(year: i32, month: u32) -> Period {
        Period::new(year, month).expect("valid period")
    }

    fn ret(
        period: Period,
        month: Option<f64>,
        ytd: Option<f64>,
        last: Option<f64>,
    ) -> MonthlyReturn {
        MonthlyReturn {
            enterprise: "91230300MA1B2C3D4E".into(),
            period,
            indicator: ReturnIndicator::Output,
            month,
            ytd,
            ytd_last_year: last,
            stated_growth_pct: None,
        }
    }

    #[test]
    fn indicators_round_trip_their_codes_and_names() {
        for i in ReturnIndicator::ALL {
            assert_eq!(ReturnIndicator::from_code(i.code()), Some(i));
            assert_eq!(i.code().parse::<ReturnIndicator>(), Ok(i));
            assert_eq!(i.name(Lang::Zh).parse::<ReturnIndicator>(), Ok(i));
            assert_eq!(i.name(Lang::En).parse::<ReturnIndicator>(), Ok(i));
        }
        assert_eq!("工业销售产值".parse(), Ok(ReturnIndicator::Sales));
        assert_eq!("主营业务收入".parse(), Ok(ReturnIndicator::Revenue));
        assert_eq!("从业人员平均人数".parse(), Ok(ReturnIndicator::Employees));
        assert_eq!(" Power ".parse(), Ok(ReturnIndicator::Power));
        let err = "增加值"
            .parse::<ReturnIndicator>()
            .expect_err("not a return indicator");
        assert!(err.said().zh.contains("增加值"));
        assert_eq!(ReturnIndicator::Power.unit(Lang::Zh), "万千瓦时");
        assert_eq!(ReturnIndicator::Employees.unit(Lang::Zh), "人");
        assert_eq!(ReturnIndicator::Profit.unit(Lang::Zh), "万元");
        assert_eq!(
            serde_json::to_string(&ReturnIndicator::Power).expect("json"),
            "\"power\""
        );
    }

    #[test]
    fn units_convert_into_the_indicators_unit() {
        let out = ReturnIndicator::Output;
        let conv = |u: &str, v: f64, i| ReturnUnit::parse(u).and_then(|u| u.convert(v, i));
        // 12,345 元 = 1.2345 万元; 12,345 千元 = 1,234.5 万元; 1.5 亿元 = 15,000 万元.
        assert_eq!(conv("元", 12_345.0, out), Ok(1.2345));
        assert_eq!(conv("（千元）", 12_345.0, out), Ok(1_234.5));
        assert_eq!(conv("万元", 1_234.5, out), Ok(1_234.5));
        assert_eq!(conv("亿元", 1.5, out), Ok(15_000.0));
        // 0.3 千元 is 0.03 万元 exactly as a person writes it (0.3 × 0.1 would be 0.030000000000000006).
        assert_eq!(conv("千元", 0.3, out), Ok(0.03));
        // 2,500,000 千瓦时 = 250 万千瓦时.
        let power = ReturnIndicator::Power;
        assert_eq!(conv("千瓦时", 2_500_000.0, power), Ok(250.0));
        assert_eq!(conv("kWh", 2_500_000.0, power), Ok(250.0));
        assert_eq!(conv("万千瓦时", 250.0, power), Ok(250.0));
        assert_eq!(conv("人", 312.0, ReturnIndicator::Employees), Ok(312.0));
    }

    #[test]
    fn wrong_units_are_typed_errors_said_in_both_languages() {
        let err = ReturnUnit::parse("吨").expect_err("not a unit");
        assert_eq!(err, UnitError::Unknown("吨".into()));
        assert!(err.said().zh.contains("吨") && err.said().en.contains("吨"));
        let err = ReturnUnit::ThousandYuan
            .convert(1.0, ReturnIndicator::Power)
            .expect_err("money is not electricity");
        assert_eq!(
            err,
            UnitError::Mismatch {
                unit: ReturnUnit::ThousandYuan,
                indicator: ReturnIndicator::Power
            }
        );
        assert!(err.said().zh.contains("用电量") && err.said().zh.contains("万千瓦时"));
        assert!(err.to_string().contains("10k kWh"));
        assert_eq!(
            ReturnUnit::Yuan.convert(f64::NAN, ReturnIndicator::Output),
            Err(UnitError::NotFinite)
        );
    }

    #[test]
    fn month_values_come_from_consecutive_ytd_values_only() {
        // 1—2月 is one period: its month value is its ytd value (830), with no previous period.
        assert_eq!(derive_month(p(2023, 2), Some(830.0), None), Some(830.0));
        // 1—4月 1,500 after 1—3月 1,200: April is 300.
        assert_eq!(
            derive_month(p(2023, 4), Some(1_500.0), Some((p(2023, 3), 1_200.0))),
            Some(300.0)
        );
        // After 1—2月 (no 3月 return) 1—4月 − 1—2月 would be March and April: no value.
        assert_eq!(
            derive_month(p(2023, 4), Some(1_500.0), Some((p(2023, 2), 830.0))),
            None
        );
        assert_eq!(derive_month(p(2023, 4), Some(1_500.0), None), None);
        assert_eq!(
            derive_month(p(2023, 4), None, Some((p(2023, 3), 1_200.0))),
            None
        );
    }

    #[test]
    fn resolving_fills_months_and_last_year_from_other_returns() {
        let returns = vec![
            // Last year's 1—3月 return gives this year's 1—3月 its missing 上年同期.
            ret(p(2022, 3), None, Some(1_000.0), None),
            ret(p(2023, 2), None, Some(830.0), Some(700.0)),
            ret(p(2023, 3), None, Some(1_200.0), None),
            // 4月 states its month: kept as stated (310), not 1,500 − 1,200.
            ret(p(2023, 4), Some(310.0), Some(1_500.0), Some(1_300.0)),
            // No 5月 return: 1—6月 has no month value (it would be May and June).
            ret(p(2023, 6), None, Some(2_300.0), Some(2_000.0)),
        ];
        let r = resolve_all(&returns).expect("no duplicates");
        let at = |period| r.iter().find(|x| x.period == period).expect("resolved");
        let feb = at(p(2023, 2));
        assert_eq!(
            (feb.month, feb.month_derived, feb.ytd_previous_period),
            (Some(830.0), true, None)
        );
        let mar = at(p(2023, 3));
        // 1,200 − 830 = 370; last year 1,000 from the 2022 return.
        assert_eq!((mar.month, mar.month_derived), (Some(370.0), true));
        assert_eq!(
            (mar.ytd_last_year, mar.last_year_from_return),
            (Some(1_000.0), true)
        );
        assert_eq!(mar.ytd_previous_period, Some(830.0));
        let apr = at(p(2023, 4));
        assert_eq!((apr.month, apr.month_derived), (Some(310.0), false));
        assert_eq!(
            (apr.ytd_last_year, apr.last_year_from_return),
            (Some(1_300.0), false)
        );
        let jun = at(p(2023, 6));
        assert_eq!((jun.month, jun.ytd_previous_period), (None, None));
        // The 2022 return has no return a year before it and no previous period.
        let last = at(p(2022, 3));
        assert_eq!((last.month, last.ytd_last_year), (None, None));
    }

    #[test]
    fn employees_get_no_month_value_from_their_averages() {
        let mut a = ret(p(2023, 3), None, Some(300.0), None);
        let mut b = ret(p(2023, 4), None, Some(305.0), None);
        a.indicator = ReturnIndicator::Employees;
        b.indicator = ReturnIndicator::Employees;
        let r = resolve_all(&[a, b]).expect("no duplicates");
        assert_eq!(r[1].month, None);
        assert_eq!(r[1].ytd_previous_period, Some(300.0));
    }

    #[test]
    fn other_enterprises_and_indicators_fill_nothing() {
        // B's 1—2月 output and A's 1—2月 revenue are not A's output: A's 1—3月 output gets
        // neither a month value nor a previous-period value from them.
        let mut b = ret(p(2023, 2), None, Some(100.0), None);
        b.enterprise = "B".into();
        let mut revenue = ret(p(2023, 2), None, Some(100.0), None);
        revenue.indicator = ReturnIndicator::Revenue;
        let mut last_year_revenue = ret(p(2022, 3), None, Some(90.0), None);
        last_year_revenue.indicator = ReturnIndicator::Revenue;
        let a = ret(p(2023, 3), None, Some(300.0), None);
        let r = resolve_all(&[b, revenue, last_year_revenue, a]).expect("no duplicates");
        let a = r
            .iter()
            .find(|x| x.enterprise != "B" && x.indicator == ReturnIndicator::Output)
            .expect("A's output");
        assert_eq!(
            (a.month, a.ytd_previous_period, a.ytd_last_year),
            (None, None, None)
        );
    }

    #[test]
    fn two_returns_for_one_key_are_refused() {
        let a = ret(p(2023, 3), None, Some(1.0), None);
        let err = resolve_all(&[a.clone(), a]).expect_err("duplicate");
        assert_eq!(err.period, p(2023, 3));
        assert!(err.said().zh.contains("2023年1—3月"));
    }
}
