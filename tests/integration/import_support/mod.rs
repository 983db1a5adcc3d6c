//! Fixture builders shared by the import tests: text in every encoding the importer reads,
//! provincial bulletins, workbooks with merged headers, and valid credit codes. Fixtures
//! are generated in temporary folders so each test states its data next to its checks.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use industry_monitor::model::credit_code;

/// The encodings fixtures are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with BOM.
    Utf8Bom,
    /// GBK (what Chinese Excel writes).
    Gbk,
    /// GB18030.
    Gb18030,
    /// UTF-16LE with BOM.
    Utf16Le,
    /// UTF-16BE with BOM.
    Utf16Be,
}

/// Every encoding.
pub const ALL_ENCODINGS: [Enc; 6] = [
    Enc::Utf8,
    Enc::Utf8Bom,
    Enc::Gbk,
    Enc::Gb18030,
    Enc::Utf16Le,
    Enc::Utf16Be,
];

/// Encodes text (encoding_rs writes GBK/GB18030; UTF-16 is written by hand, since
/// encoding_rs only decodes it).
pub fn encode(text: &str, enc: Enc) -> Vec<u8> {
    match enc {
        Enc::Utf8 => text.as_bytes().to_vec(),
        Enc::Utf8Bom => {
            let mut b = b"\xEF\xBB\xBF".to_vec();
            b.extend_from_slice(text.as_bytes());
            b
        }
        Enc::Gbk => {
            let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
            assert!(!unmappable, "fixture text must be GBK");
            bytes.into_owned()
        }
        Enc::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
        Enc::Utf16Le | Enc::Utf16Be => {
            let mut b = if enc == Enc::Utf16Le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in text.encode_utf16() {
                b.extend_from_slice(&if enc == Enc::Utf16Le {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                });
            }
            b
        }
    }
}

/// Writes bytes to `dir/name`.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

/// The 13 cities of Heilongjiang in bulletin order.
pub const HLJ_CITIES: [&str; 13] = [
    "哈尔滨市",
    "齐齐哈尔市",
    "鸡西市",
    "鹤岗市",
    "双鸭山市",
    "大庆市",
    "伊春市",
    "佳木斯市",
    "七台河市",
    "牡丹江市",
    "黑河市",
    "绥化市",
    "大兴安岭地区",
];

/// Cumulative growth of the 13 cities for 2023 1–2月, 1–3月 and 1–4月 (Jixi first each
/// time, as published), with a tie for second place in 1–4月: 齐齐哈尔市 and 大庆市
/// at 10.5, so the ranks run 1, 2, 2, 4.
pub const HLJ_YTD: [[f64; 3]; 13] = [
    [5.1, 4.0, 3.2],    // 哈尔滨市
    [9.0, 9.8, 10.5],   // 齐齐哈尔市
    [31.1, 24.0, 19.2], // 鸡西市
    [2.0, 3.1, 4.0],    // 鹤岗市
    [6.0, 6.5, 7.0],    // 双鸭山市
    [12.0, 11.0, 10.5], // 大庆市
    [1.0, 1.5, 2.0],    // 伊春市
    [7.5, 8.0, 9.0],    // 佳木斯市
    [-2.0, 0.5, 1.0],   // 七台河市
    [8.0, 7.0, 6.0],    // 牡丹江市
    [3.0, 2.5, 2.2],    // 黑河市
    [4.0, 4.5, 5.0],    // 绥化市
    [0.0, -1.0, -3.0],  // 大兴安岭地区
];

/// Heilongjiang's cumulative growth (illustrative) and the nation's (published).
pub const HLJ_PROVINCE: [f64; 3] = [6.2, 5.0, 4.1];
/// The nation's cumulative growth, 2023 1–2月 to 1–4月, as published.
pub const NATION_YTD: [f64; 3] = [2.4, 3.0, 3.6];

/// A provincial bulletin as the statistics bureau publishes it for 1–`month`月 (CSV text):
/// a title line naming year, period, indicator and unit; 全省 and 全国 rows; the cities.
pub fn bulletin_csv(month: u32) -> String {
    let k = (month - 2) as usize;
    let mut s = format!(
        "2023年1-{month}月全省各市（地）规模以上工业增加值增速（%）,,\n地区,1-{month}月,位次\n"
    );
    s.push_str(&format!("全省,{},\n", HLJ_PROVINCE[k]));
    s.push_str(&format!("全国,{},\n", NATION_YTD[k]));
    let mut ranked: Vec<(usize, f64)> = HLJ_YTD.iter().map(|v| v[k]).enumerate().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (i, city) in HLJ_CITIES.iter().enumerate() {
        let v = HLJ_YTD[i][k];
        let rank = 1 + ranked.iter().filter(|(_, w)| *w > v).count();
        // Bulletins print a full-width minus for negative growth.
        let text = if v < 0.0 {
            format!("－{}", -v)
        } else {
            format!("{v}")
        };
        s.push_str(&format!("{city},{text},{rank}\n"));
    }
    s.push_str("注：位次按累计增速排列。,,\n");
    s
}

/// A valid unified social credit code for Jixi, distinct per `n`.
pub fn credit_code(n: u32) -> String {
    let body = format!("MA{n:06}");
    credit_code::compose("91", "230300", &body).expect("valid code")
}

/// Changes a valid code's check character so it fails validation.
pub fn broken_code(n: u32) -> String {
    let good = credit_code(n);
    let last = good.chars().last().expect("char");
    let wrong = if last == '0' { '1' } else { '0' };
    format!("{}{wrong}", &good[..17])
}

/// The bytes of a file, for before/after comparisons.
pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read")
}
