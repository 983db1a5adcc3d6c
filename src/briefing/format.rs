//! Numbers as bulletins print them: one decimal for rates and gaps, 亿元 for large sums,
//! English ordinals.

use crate::analysis::{round_to, round1};
use crate::model::{Indicator, Lang};

/// A rate or gap with one decimal ("19.2", "-2.9", never "-0.0").
pub fn one_decimal(x: f64) -> String {
    format!("{:.1}", round1(x))
}

/// A rate with its sign word: 增长19.2% / 下降2.9% / 持平; grew by / fell by.
pub fn growth_phrase(rate: f64, lang: Lang) -> String {
    crate::analysis::growth_words(rate, lang)
}

/// A gap to a comparator: 高于全省4.3个百分点 / 低于… / 与全省持平.
pub fn gap_phrase(gap_pp: f64, whom_zh: &str, whom_en: &str, lang: Lang) -> String {
    let g = round1(gap_pp);
    match lang {
        Lang::Zh if g > 0.0 => format!("高于{whom_zh}{}个百分点", one_decimal(g)),
        Lang::Zh if g < 0.0 => format!("低于{whom_zh}{}个百分点", one_decimal(-g)),
        Lang::Zh => format!("与{whom_zh}持平"),
        Lang::En if g > 0.0 => {
            format!("{} percentage points higher than {whom_en}", one_decimal(g))
        }
        Lang::En if g < 0.0 => {
            format!("{} percentage points lower than {whom_en}", one_decimal(-g))
        }
        Lang::En => format!("the same as {whom_en}"),
    }
}

/// A signed gap for tables: "+15.6" / "-2.0".
pub fn signed(x: f64) -> String {
    let r = round1(x);
    if r > 0.0 {
        format!("+{}", one_decimal(r))
    } else {
        one_decimal(r)
    }
}

/// 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st.
pub fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// An amount in 万元 as a reader wants it: 亿元 with two decimals from 1 亿 up, 万元 as a
/// whole number without separators below (6450万元, as official documents write it);
/// in English, million yuan.
pub fn amount_10k_yuan(amount: f64, lang: Lang) -> String {
    match lang {
        Lang::Zh if amount.abs() >= 10_000.0 => {
            format!("{:.2}亿元", round_to(amount / 10_000.0, 2))
        }
        Lang::Zh => format!("{:.0}万元", round_to(amount, 0)),
        // 10,000 万元 is 100 million yuan; from a billion on, billions read best.
        Lang::En if amount.abs() >= 100_000.0 => {
            format!("{:.2} billion yuan", round_to(amount / 100_000.0, 2))
        }
        Lang::En => format!("{:.1} million yuan", round_to(amount / 100.0, 1)),
    }
}

/// What a rate indicator measures the growth of, for sentences: 规模以上工业增加值 / value
/// added of industry above designated size.
pub fn growth_subject(rate: &Indicator, level: Option<&Indicator>, lang: Lang) -> String {
    if let Some(level) = level {
        return match lang {
            Lang::Zh => level.name_zh.clone(),
            Lang::En => lowercase_first(&level.name_en),
        };
    }
    match lang {
        Lang::Zh => rate
            .name_zh
            .trim_end_matches("增速")
            .trim_end_matches("增长")
            .to_string(),
        Lang::En => lowercase_first(rate.name_en.trim_start_matches("Growth of ")),
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_gaps_read_as_published() {
        assert_eq!(growth_phrase(19.2, Lang::Zh), "增长19.2%");
        assert_eq!(growth_phrase(-2.9, Lang::Zh), "下降2.9%");
        assert_eq!(growth_phrase(-0.04, Lang::Zh), "与上年同期持平");
        assert_eq!(growth_phrase(-2.9, Lang::En), "fell by 2.9%");
        assert_eq!(
            gap_phrase(15.6, "全国", "the national rate", Lang::Zh),
            "高于全国15.6个百分点"
        );
        assert_eq!(
            gap_phrase(-1.25, "全省", "", Lang::Zh),
            "低于全省1.3个百分点"
        );
        assert_eq!(gap_phrase(0.0, "全省", "", Lang::Zh), "与全省持平");
        assert_eq!(
            gap_phrase(15.6, "", "the national rate", Lang::En),
            "15.6 percentage points higher than the national rate"
        );
        assert_eq!(signed(15.6), "+15.6");
        assert_eq!(signed(-0.01), "0.0");
    }

    #[test]
    fn ordinals_and_amounts() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal).to_vec();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"
            ]
        );
        assert_eq!(amount_10k_yuan(23_450.0, Lang::Zh), "2.35亿元");
        assert_eq!(amount_10k_yuan(8_600.0, Lang::Zh), "8600万元");
        assert_eq!(amount_10k_yuan(23_450.0, Lang::En), "234.5 million yuan");
        // Halves round up as on paper, although 2.255 and 10.995 are stored just below.
        assert_eq!(amount_10k_yuan(22_550.0, Lang::Zh), "2.26亿元");
        assert_eq!(amount_10k_yuan(109_950.0, Lang::Zh), "11.00亿元");
        assert_eq!(amount_10k_yuan(22_550.0, Lang::En), "225.5 million yuan");
        assert_eq!(one_decimal(1.45), "1.5");
        assert_eq!(one_decimal(-2.25), "-2.3");
        assert_eq!(one_decimal(19.2 - 4.9), "14.3");
    }
}
