//! What a file is, decided by its bytes rather than its name: an XLSX workbook (a zip), a
//! legacy .xls (refused with advice), or text in UTF-8 (with or without BOM), UTF-16 with a
//! BOM, or GBK/GB18030 — what Chinese Excel writes. Text is decoded to UTF-8 before the
//! CSV reader sees it (csv only reads UTF-8); valid UTF-8 is borrowed, not copied.
//!
//! Binary junk is refused, not decoded into mojibake: NUL bytes outside UTF-16, or more
//! than a few control characters, mean the file is not text.

use std::borrow::Cow;

use super::issue::Said;

/// The text encodings the importer detects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (what Excel writes for "CSV UTF-8").
    Utf8Bom,
    /// GBK or its superset GB18030 (what Chinese Excel and WPS write for "CSV").
    Gb18030,
    /// UTF-16 little-endian with a byte-order mark ("Unicode text" in Excel).
    Utf16Le,
    /// UTF-16 big-endian with a byte-order mark.
    Utf16Be,
}

impl TextEncoding {
    /// The encoding's usual name.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Gb18030 => "GBK/GB18030",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
        }
    }
}

/// What a file's bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A zip container: XLSX.
    Zip,
    /// Text (CSV/TSV).
    Text,
}

/// Why bytes could not be turned into text or a workbook.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Nothing in the file.
    #[error("the file is empty")]
    Empty,
    /// A legacy binary Excel file.
    #[error(
        "a legacy Excel .xls (or other OLE) file: save it as .xlsx (Excel Workbook) or CSV and import that"
    )]
    LegacyXls,
    /// Not text and not a workbook.
    #[error("binary data, not a CSV/TSV text or an XLSX workbook")]
    Binary,
    /// A file named .xlsx that is not a zip.
    #[error(
        "not an XLSX workbook (the file is not a zip container: damaged, truncated or renamed)"
    )]
    NotXlsx,
    /// Bytes that are neither UTF-8 nor GB18030.
    #[error(
        "not readable text: invalid bytes on line {line} in both UTF-8 and GBK/GB18030 (save the file as “CSV UTF-8”)"
    )]
    Undecodable {
        /// The first line with invalid bytes.
        line: usize,
    },
}

impl DecodeError {
    /// The reason in both languages (the English is the `Display` text).
    pub fn said(&self) -> Said {
        let zh = match self {
            DecodeError::Empty => "文件是空的".to_string(),
            DecodeError::LegacyXls => {
                "这是旧版Excel .xls（或其他OLE）文件：请另存为.xlsx（Excel工作簿）或CSV后再导入"
                    .to_string()
            }
            DecodeError::Binary => "是二进制数据，不是CSV/TSV文本或XLSX工作簿".to_string(),
            DecodeError::NotXlsx => {
                "不是XLSX工作簿（文件不是zip压缩包：已损坏、不完整或被改了扩展名）".to_string()
            }
            DecodeError::Undecodable { line } => format!(
                "无法识别的文本：第{line}行有按UTF-8和GBK/GB18030都无效的字节（请另存为“CSV UTF-8”）"
            ),
        };
        Said::new(zh, self.to_string())
    }
}

/// Classifies a file by its first bytes (and, for a damaged workbook, its name).
pub fn kind_of(bytes: &[u8], extension: &str) -> Result<Kind, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(Kind::Zip);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(DecodeError::LegacyXls);
    }
    if matches!(extension, "xlsx" | "xlsm") {
        return Err(DecodeError::NotXlsx);
    }
    Ok(Kind::Text)
}

/// Decodes text, detecting its encoding.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, TextEncoding), DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest).map_err(|e| undecodable(rest, e.valid_up_to()))?;
        (Cow::Borrowed(text), TextEncoding::Utf8Bom)
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (enc, name) = if bytes[0] == 0xFF {
            (encoding_rs::UTF_16LE, TextEncoding::Utf16Le)
        } else {
            (encoding_rs::UTF_16BE, TextEncoding::Utf16Be)
        };
        let body = &bytes[2..];
        match enc.decode_without_bom_handling_and_without_replacement(body) {
            Some(text) => (Cow::Owned(text.into_owned()), name),
            None => return Err(DecodeError::Binary),
        }
    } else {
        // NUL bytes do not occur in UTF-8 or GB18030 text; without a BOM they mean binary
        // data (or UTF-16 without a BOM, which the importer does not guess at).
        let head = &bytes[..bytes.len().min(64 * 1024)];
        if head.contains(&0) {
            return Err(DecodeError::Binary);
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => (Cow::Borrowed(text), TextEncoding::Utf8),
            Err(_) => {
                let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
                if had_errors {
                    let line = text
                        .find('\u{FFFD}')
                        .map(|at| text[..at].matches('\n').count() + 1)
                        .unwrap_or(1);
                    // Mostly invalid means it was never text.
                    if looks_binary(&text) {
                        return Err(DecodeError::Binary);
                    }
                    return Err(DecodeError::Undecodable { line });
                }
                (Cow::Owned(text.into_owned()), TextEncoding::Gb18030)
            }
        }
    };
    if looks_binary(&text) {
        return Err(DecodeError::Binary);
    }
    Ok((text, encoding))
}

fn undecodable(bytes: &[u8], valid_up_to: usize) -> DecodeError {
    let line = bytes[..valid_up_to].iter().filter(|&&b| b == b'\n').count() + 1;
    DecodeError::Undecodable { line }
}

/// True when more than 1% of the first 64K characters are control characters or
/// replacement characters: real CSV text has none besides tab, CR and LF.
fn looks_binary(text: &str) -> bool {
    let mut n = 0usize;
    let mut bad = 0usize;
    for c in text.chars().take(64 * 1024) {
        n += 1;
        if c == '\u{FFFD}'
            || c == '\0'
            || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C'))
        {
            bad += 1;
        }
    }
    n > 0 && bad * 100 > n
}

/// Picks the delimiter of delimited text: the candidate whose per-line count is the same on
/// the most lines (a title line or a "1,234.5" in a TSV does not mislead it); ties go to
/// tab for .tsv files and comma otherwise.
pub fn sniff_delimiter(text: &str, extension: &str) -> u8 {
    let candidates: [u8; 4] = if extension == "tsv" || extension == "tab" {
        [b'\t', b',', b';', b'|']
    } else {
        [b',', b'\t', b';', b'|']
    };
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best = (0usize, 0usize, candidates[0]);
    for &c in &candidates {
        let mut counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, c)).collect();
        counts.retain(|&n| n > 0);
        if counts.is_empty() {
            continue;
        }
        counts.sort_unstable();
        // The most common non-zero count and how many lines have it.
        let mut mode = (0usize, 0usize);
        let mut i = 0;
        while i < counts.len() {
            let j = counts[i..].iter().take_while(|&&n| n == counts[i]).count();
            if j > mode.1 || (j == mode.1 && counts[i] > mode.0) {
                mode = (counts[i], j);
            }
            i += j;
        }
        if mode.1 > best.0 || (mode.1 == best.0 && mode.0 > best.1) {
            best = (mode.1, mode.0, c);
        }
    }
    best.2
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for &b in line.as_bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "地区,数值\n鸡西市,19.2\n";

    #[test]
    fn detects_every_supported_encoding() {
        let (t, e) = decode(TEXT.as_bytes()).expect("utf8");
        assert_eq!((t.as_ref(), e), (TEXT, TextEncoding::Utf8));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(TEXT.as_bytes());
        let (t, e) = decode(&bom).expect("utf8 bom");
        assert_eq!((t.as_ref(), e), (TEXT, TextEncoding::Utf8Bom));
        let (gbk, _, _) = encoding_rs::GBK.encode(TEXT);
        let (t, e) = decode(&gbk).expect("gbk");
        assert_eq!((t.as_ref(), e), (TEXT, TextEncoding::Gb18030));
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in TEXT.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).expect("le").1, TextEncoding::Utf16Le);
        let (t, e) = decode(&be).expect("be");
        assert_eq!((t.as_ref(), e), (TEXT, TextEncoding::Utf16Be));
    }

    #[test]
    fn refuses_junk() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(decode(&junk), Err(DecodeError::Binary));
        assert_eq!(kind_of(b"hello", "xlsx"), Err(DecodeError::NotXlsx));
        assert_eq!(kind_of(b"PK\x03\x04rest", "csv"), Ok(Kind::Zip));
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n", "csv"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n1,234.5\t2\t3\n", "txt"), b'\t');
        assert_eq!(
            sniff_delimiter("标题\n地区;数值\n鸡西;\"1,2\"\n", "csv"),
            b';'
        );
        assert_eq!(sniff_delimiter("只有一列\n", "csv"), b',');
    }
}
