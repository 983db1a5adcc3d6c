//! Annual targets (年度目标, SPEC §11): a region's goal for an indicator in a year, either a
//! growth rate ("增长8%") or a level ("1200亿元", "350万千瓦时").

use serde::{Deserialize, Serialize};

use super::Said;

/// What a target asks for.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum TargetValue {
    /// Growth over last year, %.
    Rate(f64),
    /// A level for the whole year, in the indicator's unit.
    Level(f64),
}

impl TargetValue {
    /// "rate" or "level", as in `summary --json`.
    pub fn kind(self) -> &'static str {
        match self {
            TargetValue::Rate(_) => "rate",
            TargetValue::Level(_) => "level",
        }
    }

    /// The number (a % for a rate, the level in the indicator's unit).
    pub fn value(self) -> f64 {
        match self {
            TargetValue::Rate(v) | TargetValue::Level(v) => v,
        }
    }
}

/// A region's target for an indicator in a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Row id (0 before it is stored).
    pub id: i64,
    /// Region code.
    pub region: String,
    /// Indicator code (a level indicator for a level target; a rate or a level one for a
    /// rate target: the growth of a level indicator is its rate's value).
    pub indicator: String,
    /// The year.
    pub year: i32,
    /// What is asked.
    pub value: TargetValue,
    /// The source row it cites (an illustrative one marks it in briefings).
    #[serde(default)]
    pub source: Option<i64>,
}

/// The subject a target is about: a rate and the level it is the growth of are one subject
/// ("增长8%" for 规上工业增加值 and for 规上工业增加值增速 is the same target), so a region has
/// one target per subject and year.
pub fn subject<'a>(catalogue: &'a super::Catalogue, code: &'a str) -> &'a str {
    match catalogue.indicator(code) {
        Some(i) if i.kind == super::IndicatorKind::Rate => i.growth_of.as_deref().unwrap_or(code),
        _ => code,
    }
}

/// A unit family and the factor of a unit to the family's base unit.
fn unit_factor(unit: &str) -> Option<(&'static str, f64)> {
    Some(match unit.trim() {
        "元" => ("money", 1.0),
        "千元" => ("money", 1e3),
        "万元" => ("money", 1e4),
        "亿元" => ("money", 1e8),
        "千瓦时" | "度" => ("power", 1.0),
        "万千瓦时" | "万度" => ("power", 1e4),
        "亿千瓦时" | "亿度" => ("power", 1e8),
        "吨" => ("weight", 1.0),
        "万吨" => ("weight", 1e4),
        "家" | "户" | "个" => ("count", 1.0),
        "人" => ("people", 1.0),
        "万人" => ("people", 1e4),
        _ => return None,
    })
}

/// `value` in `from` converted to `to` (None when the units are unknown or of different
/// kinds, e.g. 亿元 to 万千瓦时).
pub fn convert_unit(value: f64, from: &str, to: &str) -> Option<f64> {
    let (a, fa) = unit_factor(from)?;
    let (b, fb) = unit_factor(to)?;
    (a == b).then(|| value * fa / fb)
}

/// The units a level target may be written in, longest first (so 万千瓦时 wins over 千瓦时).
const UNITS: [&str; 15] = [
    "万千瓦时",
    "亿千瓦时",
    "千瓦时",
    "万元",
    "亿元",
    "千元",
    "万度",
    "亿度",
    "万吨",
    "万人",
    "元",
    "度",
    "吨",
    "家",
    "户",
];

/// The target text without spaces and thousands separators, full-width signs made ASCII;
/// None when a space or a comma sits inside a number other than as a thousands separator
/// ("1 234,5" and "1,2" are errors, as for figures — SPEC §4).
fn compact(text: &str) -> Option<String> {
    let chars: Vec<char> = text
        .trim()
        .chars()
        .map(|c| match c {
            '％' => '%',
            '－' | '−' => '-',
            '，' => ',',
            c => c,
        })
        .collect();
    let digit = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_digit());
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            // Between two digits a space splits a number: not a separator we accept.
            if i > 0 && digit(i - 1) && digit(i + 1) {
                return None;
            }
            continue;
        }
        if c == ',' {
            // A thousands separator: digits before, exactly three digits after.
            let three = (1..=3).all(|k| digit(i + k)) && !digit(i + 4);
            if !(i > 0 && digit(i - 1) && three) {
                return None;
            }
            continue;
        }
        out.push(c);
    }
    Some(out)
}

/// Reads a target as written in a targets list: "增长8%", "8%", "增长 8.5 %", "下降2%"
/// (a rate), or "1200亿元", "350万千瓦时", "1,200 亿元" (a level, converted to `unit`, the
/// indicator's unit). A bare number is a rate for a rate indicator (`unit` "%") and a level
/// in the indicator's unit otherwise; a bare "8%" for a level indicator is refused (增长8%
/// says it is a growth target).
pub fn parse_target(text: &str, unit: &str) -> Result<TargetValue, Said> {
    let t = compact(text);
    let bad = || {
        Said::new(
            format!(
                "“{}”不是年度目标：请写增长率（如“增长8%”或“8%”）或总量（如“1200亿元”“350万千瓦时”）",
                text.trim()
            ),
            format!(
                "“{}” is not an annual target: write a growth rate (e.g. 增长8% or 8%) or a level (e.g. 1200亿元, 350万千瓦时)",
                text.trim()
            ),
        )
    };
    let t = t.ok_or_else(|| {
        Said::new(
            format!(
                "“{}”中的数字写法有误：千位分隔只能用逗号隔开三位数字（如“1,200亿元”），数字中间不能有空格，小数点请用“.”",
                text.trim()
            ),
            format!(
                "“{}” has a malformed number: a thousands separator is a comma before three digits (1,200亿元), no space inside a number, and the decimal point is “.”",
                text.trim()
            ),
        )
    })?;
    let (sign, rest, worded) = if let Some(r) = t.strip_prefix("增长") {
        (1.0, r, true)
    } else if let Some(r) = t.strip_prefix("下降") {
        (-1.0, r, true)
    } else {
        (1.0, t.as_str(), false)
    };
    let rest = rest.trim_start_matches('以').trim_start_matches('上');
    let rest = rest
        .trim_end_matches("以上")
        .trim_end_matches('左')
        .trim_end_matches('右');
    if let Some(n) = rest.strip_suffix('%') {
        let v: f64 = n.parse().map_err(|_| bad())?;
        if !v.is_finite() {
            return Err(bad());
        }
        // A bare percentage for a level is more likely a unit mix-up than a growth target.
        if !worded && unit.trim() != "%" {
            return Err(Said::new(
                format!(
                    "目标“{}”是百分数，而该指标是总量（{unit}）：增速目标请写“增长{v}%”，总量目标请写带单位的数（如“1200亿元”）",
                    text.trim()
                ),
                format!(
                    "the target “{}” is a percentage but the indicator is a level ({unit}): write 增长{v}% for a growth target, or a level with its unit (e.g. 1200亿元)",
                    text.trim()
                ),
            ));
        }
        return Ok(TargetValue::Rate(sign * v));
    }
    if worded {
        return Err(bad());
    }
    let (number, written_unit) = match UNITS.iter().find(|u| rest.ends_with(*u)) {
        Some(u) => (&rest[..rest.len() - u.len()], Some(*u)),
        None => (rest, None),
    };
    let v: f64 = number.parse().map_err(|_| bad())?;
    if !v.is_finite() {
        return Err(bad());
    }
    match written_unit {
        None if unit.trim() == "%" => Ok(TargetValue::Rate(v)),
        None => Ok(TargetValue::Level(v)),
        Some(u) => convert_unit(v, u, unit).map(TargetValue::Level).ok_or_else(|| {
            Said::new(
                format!(
                    "目标“{}”的单位“{u}”与指标的单位“{unit}”不相容：请用{unit}或可换算的单位",
                    text.trim()
                ),
                format!(
                    "the target “{}” is in {u}, which cannot be converted to the indicator's unit {unit}",
                    text.trim()
                ),
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_levels_parse_with_units_converted() {
        assert_eq!(parse_target("增长8%", "%"), Ok(TargetValue::Rate(8.0)));
        assert_eq!(parse_target("8%", "%"), Ok(TargetValue::Rate(8.0)));
        assert_eq!(parse_target("增长8%", "万元"), Ok(TargetValue::Rate(8.0)));
        assert_eq!(
            parse_target(" 增长 8.5 ％ ", "%"),
            Ok(TargetValue::Rate(8.5))
        );
        assert_eq!(parse_target("下降2%", "%"), Ok(TargetValue::Rate(-2.0)));
        assert_eq!(parse_target("增长8%以上", "%"), Ok(TargetValue::Rate(8.0)));
        assert_eq!(parse_target("8", "%"), Ok(TargetValue::Rate(8.0)));
        assert_eq!(
            parse_target("1200亿元", "万元"),
            Ok(TargetValue::Level(12_000_000.0))
        );
        assert_eq!(
            parse_target("1,200 亿元", "亿元"),
            Ok(TargetValue::Level(1200.0))
        );
        assert_eq!(
            parse_target("350万千瓦时", "万千瓦时"),
            Ok(TargetValue::Level(350.0))
        );
        assert_eq!(parse_target("430", "家"), Ok(TargetValue::Level(430.0)));
        assert_eq!(parse_target("430家", "家"), Ok(TargetValue::Level(430.0)));
    }

    #[test]
    fn nonsense_and_mismatched_units_are_refused_with_what_to_write() {
        let e = parse_target("较快增长", "%").expect_err("words");
        assert!(e.zh.contains("增长8%") && e.en.contains("1200亿元"));
        assert!(parse_target("增长1200亿元", "万元").is_err());
        let e = parse_target("8%", "万元").expect_err("% for a level");
        assert!(
            e.zh.contains("增长8%") && e.en.contains("level"),
            "{}",
            e.zh
        );
        let e = parse_target("350万千瓦时", "万元").expect_err("power for money");
        assert!(e.zh.contains("不相容"), "{}", e.zh);
        assert!(parse_target("", "%").is_err());
        for malformed in ["1 234,5亿元", "1,2亿元", "1,2345亿元", ",100亿元"] {
            let e = parse_target(malformed, "万元").expect_err(malformed);
            assert!(e.zh.contains("千位分隔"), "{malformed}: {}", e.zh);
        }
        assert_eq!(
            parse_target("1,234,567万元", "万元"),
            Ok(TargetValue::Level(1_234_567.0))
        );
        assert!(parse_target("1e999%", "%").is_err());
    }

    #[test]
    fn a_rate_and_its_level_are_one_subject() {
        let cat = crate::model::catalogue::builtin();
        assert_eq!(subject(cat, "va_growth"), "va");
        assert_eq!(subject(cat, "va"), "va");
        assert_eq!(
            subject(cat, "fai_growth"),
            "fai_growth",
            "a rate without a level"
        );
        assert_eq!(subject(cat, "enterprise_count"), "enterprise_count");
    }

    #[test]
    fn units_convert_within_a_kind_only() {
        assert_eq!(convert_unit(1.0, "亿元", "万元"), Some(10_000.0));
        assert_eq!(convert_unit(5000.0, "千元", "万元"), Some(500.0));
        assert_eq!(convert_unit(2.0, "亿千瓦时", "万千瓦时"), Some(20_000.0));
        assert_eq!(convert_unit(1.0, "亿元", "万千瓦时"), None);
        assert_eq!(convert_unit(1.0, "斤", "吨"), None);
    }
}
