//! Text measurement with the bundled CJK font and line breaking for the PDF and the SVG
//! charts.
//!
//! Breaking rules (a small subset of GB/T 15834 and JIS X 4051 line-composition rules, enough
//! for a briefing):
//! - Han characters and full-width punctuation may break before and after them;
//! - a run of Latin letters, digits and ASCII punctuation ("19.2%", "pp", an URL) is kept
//!   whole and breaks only at spaces, unless it is wider than the line;
//! - closing punctuation (，。；、）… ) never starts a line and opening punctuation (（“《 …)
//!   never ends one: they are glued to their neighbour before breaking.
//!
//! Widths come from the font's horizontal metrics without kerning; the PDF writer places
//! glyphs with exactly these advances, so what is measured is what is drawn.

use std::sync::OnceLock;

use crate::assets::CJK_FONT;

/// The bundled font, parsed once.
pub struct FontMetrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
}

impl std::fmt::Debug for FontMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontMetrics")
            .field("units_per_em", &self.units_per_em)
            .finish()
    }
}

static METRICS: OnceLock<Result<FontMetrics, String>> = OnceLock::new();

/// The metrics of [`crate::assets::CJK_FONT`]; an error names why the font could not be read.
pub fn metrics() -> Result<&'static FontMetrics, String> {
    METRICS
        .get_or_init(|| {
            let face = ttf_parser::Face::parse(CJK_FONT, 0)
                .map_err(|e| format!("the bundled font cannot be read: {e}"))?;
            let units_per_em = f32::from(face.units_per_em());
            Ok(FontMetrics { face, units_per_em })
        })
        .as_ref()
        .map_err(Clone::clone)
}

impl FontMetrics {
    /// The glyph of a character (0, the .notdef box, when the font lacks it).
    pub fn glyph(&self, c: char) -> u16 {
        self.face.glyph_index(c).map(|g| g.0).unwrap_or(0)
    }

    /// The advance of a character in ems.
    pub fn advance_em(&self, c: char) -> f32 {
        let gid = ttf_parser::GlyphId(self.glyph(c));
        f32::from(self.face.glyph_hor_advance(gid).unwrap_or(0)) / self.units_per_em
    }

    /// The width of `text` at `size` (same unit as `size`).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance_em(c)).sum::<f32>() * size
    }

    /// The ascender in ems (for placing the first baseline).
    pub fn ascender_em(&self) -> f32 {
        f32::from(self.face.ascender()) / self.units_per_em
    }

    /// The descender in ems (negative).
    pub fn descender_em(&self) -> f32 {
        f32::from(self.face.descender()) / self.units_per_em
    }
}

/// Punctuation that must not start a line.
pub fn is_no_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '】'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '”'
            | '’'
            | '…'
            | '·'
            | '・'
            | '％'
            | '‰'
            | '〕'
            | '］'
            | '｝'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
            | '%'
    )
}

/// Punctuation that must not end a line.
pub fn is_no_end(c: char) -> bool {
    matches!(
        c,
        '（' | '【'
            | '「'
            | '『'
            | '《'
            | '〈'
            | '“'
            | '‘'
            | '〔'
            | '［'
            | '｛'
            | '('
            | '['
            | '{'
    )
}

/// True for characters that form words with their neighbours (Latin, digits, ASCII
/// punctuation other than spaces): they are not broken apart.
pub(crate) fn is_word_char(c: char) -> bool {
    !c.is_whitespace()
        && (c.is_ascii() || matches!(c as u32, 0x00A0..=0x024F | 0x2010..=0x2027))
        && !is_cjk_dash(c)
}

/// The Chinese dash (—, used in 1—4月) behaves like a Han character.
fn is_cjk_dash(c: char) -> bool {
    c == '—'
}

/// A piece that is never split (unless it alone is wider than a line).
#[derive(Debug, Clone, PartialEq)]
struct Unit {
    text: String,
    /// A space: a break opportunity dropped at the ends of lines.
    space: bool,
}

fn units(text: &str) -> Vec<Unit> {
    // First split into atoms: spaces, Latin words, single other characters.
    let mut atoms: Vec<Unit> = Vec::new();
    for c in text.chars() {
        if c == '\n' {
            continue;
        }
        let space = c.is_whitespace();
        let word = is_word_char(c);
        match atoms.last_mut() {
            Some(last)
                if word && !last.space && last.text.chars().last().is_some_and(is_word_char) =>
            {
                last.text.push(c)
            }
            _ => atoms.push(Unit {
                text: c.to_string(),
                space,
            }),
        }
    }
    // Then glue punctuation: a no-start character joins the unit before it, and a no-end
    // character joins the unit after it.
    let mut out: Vec<Unit> = Vec::new();
    let mut pending_open = String::new();
    for a in atoms {
        let first = a.text.chars().next().unwrap_or(' ');
        if !a.space && a.text.chars().count() == 1 && is_no_end(first) {
            pending_open.push_str(&a.text);
            continue;
        }
        if !a.space
            && pending_open.is_empty()
            && a.text.chars().all(is_no_start)
            && let Some(last) = out.last_mut().filter(|l| !l.space)
        {
            last.text.push_str(&a.text);
            continue;
        }
        if a.space {
            if !pending_open.is_empty() {
                out.push(Unit {
                    text: std::mem::take(&mut pending_open),
                    space: false,
                });
            }
            out.push(a);
        } else {
            out.push(Unit {
                text: std::mem::take(&mut pending_open) + &a.text,
                space: false,
            });
        }
    }
    if !pending_open.is_empty() {
        out.push(Unit {
            text: pending_open,
            space: false,
        });
    }
    out
}

/// One line of broken text.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The text, without leading or trailing spaces.
    pub text: String,
    /// Its width.
    pub width: f32,
    /// True for the last line of the paragraph (not justified).
    pub last: bool,
}

/// Merges a parenthetical group ("（个百分点）", "(%)") into one unit when it fits on a
/// line, so labels and table headers break before the bracket rather than inside it.
fn group_parentheses(m: &FontMetrics, units: Vec<Unit>, size: f32, width: f32) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let u = &units[i];
        let opens = !u.space && u.text.starts_with(['（', '(']);
        if opens {
            let close = (i..units.len()).find(|&k| units[k].text.contains(['）', ')']));
            if let Some(k) = close {
                let merged: String = units[i..=k].iter().map(|u| u.text.as_str()).collect();
                if m.width(&merged, size) <= width {
                    out.push(Unit {
                        text: merged,
                        space: false,
                    });
                    i = k + 1;
                    continue;
                }
            }
        }
        out.push(u.clone());
        i += 1;
    }
    out
}

/// The width of the widest piece of `text` that line breaking never splits (a word, a
/// number, a character with its punctuation, a short parenthetical): the narrowest a table
/// column can be without breaking inside a word.
pub fn longest_unit(m: &FontMetrics, text: &str, size: f32) -> f32 {
    group_parentheses(m, units(text), size, f32::INFINITY)
        .iter()
        .filter(|u| !u.space)
        .map(|u| m.width(&u.text, size))
        .fold(0.0, f32::max)
}

/// Breaks `text` into lines no wider than `width` at `size`; the first line is `indent`
/// narrower (首行缩进). Greedy: each line takes as many units as fit.
pub fn break_lines(m: &FontMetrics, text: &str, size: f32, width: f32, indent: f32) -> Vec<Line> {
    break_units(m, units(text), size, width, indent)
}

/// Like [`break_lines`] for labels and table cells: a short parenthetical is kept whole.
pub fn break_label(m: &FontMetrics, text: &str, size: f32, width: f32) -> Vec<Line> {
    let u = group_parentheses(m, units(text), size, width);
    break_units(m, u, size, width, 0.0)
}

/// Like [`break_label`], with the lines as even as possible (for table cells and chart
/// labels: "全省/位次" rather than "全省位/次"): the narrowest width that needs no more lines.
pub fn break_balanced(m: &FontMetrics, text: &str, size: f32, width: f32) -> Vec<Line> {
    let lines = break_label(m, text, size, width);
    if lines.len() < 2 {
        return lines;
    }
    let mut lo = longest_unit(m, text, size).min(width);
    let mut hi = width;
    for _ in 0..16 {
        let mid = (lo + hi) / 2.0;
        if break_label(m, text, size, mid).len() <= lines.len() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    break_label(m, text, size, hi)
}

fn break_units(m: &FontMetrics, units: Vec<Unit>, size: f32, width: f32, indent: f32) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut current = String::new();
    let mut current_w = 0.0f32;
    let limit = |lines: &Vec<Line>| {
        if lines.is_empty() {
            (width - indent).max(size)
        } else {
            width.max(size)
        }
    };
    let push_line = |lines: &mut Vec<Line>, current: &mut String, current_w: &mut f32| {
        let text = current.trim_end().to_string();
        let w = m.width(&text, size);
        lines.push(Line {
            text,
            width: w,
            last: false,
        });
        current.clear();
        *current_w = 0.0;
    };
    for u in units {
        let w = m.width(&u.text, size);
        if u.space {
            if !current.is_empty() {
                current.push_str(&u.text);
                current_w += w;
            }
            continue;
        }
        let fits = current_w + w <= limit(&lines) + 0.01;
        if fits {
            current.push_str(&u.text);
            current_w += w;
            continue;
        }
        if !current.trim().is_empty() {
            push_line(&mut lines, &mut current, &mut current_w);
        } else {
            current.clear();
            current_w = 0.0;
        }
        if w <= limit(&lines) + 0.01 {
            current.push_str(&u.text);
            current_w = w;
        } else {
            // A unit wider than a line (a long URL): split it by characters.
            for c in u.text.chars() {
                let cw = m.advance_em(c) * size;
                if current_w + cw > limit(&lines) + 0.01 && !current.is_empty() {
                    push_line(&mut lines, &mut current, &mut current_w);
                }
                current.push(c);
                current_w += cw;
            }
        }
    }
    if !current.trim().is_empty() || lines.is_empty() {
        push_line(&mut lines, &mut current, &mut current_w);
    }
    if let Some(l) = lines.last_mut() {
        l.last = true;
    }
    lines
}

/// True when the text is mostly Han (a paragraph to indent by two characters).
pub fn is_cjk_text(text: &str) -> bool {
    let han = text
        .chars()
        .filter(|c| matches!(*c as u32, 0x3000..=0x9FFF | 0xFF00..=0xFFEF))
        .count();
    han * 3 > text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> &'static FontMetrics {
        metrics().expect("bundled font")
    }

    #[test]
    fn cjk_characters_are_one_em_wide() {
        let m = m();
        assert!((m.advance_em('增') - 1.0).abs() < 1e-3);
        assert!((m.width("全市规模", 10.0) - 40.0).abs() < 0.1);
        assert!(m.advance_em('1') < 0.7);
        assert_ne!(m.glyph('鸡'), 0, "the bundled font has the city's name");
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        let m = m();
        // Ten ems per line: the comma after the tenth character would start line two.
        let text = "一二三四五六七八九十，一二三四五六七八九十。一二三四五六七八九（十）、再";
        let lines = break_lines(m, text, 10.0, 100.0, 0.0);
        assert!(lines.len() >= 3, "{lines:?}");
        for l in &lines {
            let first = l.text.chars().next().expect("non-empty line");
            assert!(!is_no_start(first), "line starts with {first}: {lines:?}");
            let last = l.text.chars().last().expect("non-empty line");
            assert!(!is_no_end(last), "line ends with {last}: {lines:?}");
            assert!(l.width <= 100.0 + 0.01, "{l:?}");
        }
        let joined: String = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined, text, "nothing lost or added");
        assert!(lines.last().is_some_and(|l| l.last));
    }

    #[test]
    fn numbers_and_latin_words_stay_whole() {
        let m = m();
        let text = "全市规模以上工业增加值同比增长19.2%，高于全国15.6个百分点。";
        for width in [60.0, 75.0, 90.0, 110.0, 130.0] {
            let lines = break_lines(m, text, 10.0, width, 0.0);
            let joined: String = lines.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(joined, text);
            assert!(
                lines
                    .iter()
                    .all(|l| !l.text.ends_with("19.") && !l.text.starts_with("2%")),
                "{lines:?}"
            );
            for l in &lines {
                assert!(!l.text.starts_with('，') && !l.text.starts_with('。'));
            }
        }
        let en = "Value added grew by 19.2%, 15.6 percentage points higher than the national rate.";
        let lines = break_lines(m, en, 10.0, 120.0, 0.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width <= 120.01, "{l:?}");
            assert!(!l.text.starts_with(' ') && !l.text.ends_with(' '));
        }
        let joined = lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(joined, en, "words are broken only at spaces");
    }

    #[test]
    fn first_line_indent_and_overlong_words() {
        let m = m();
        let text = "一二三四五六七八九十一二三四五六七八九十";
        let lines = break_lines(m, text, 10.0, 100.0, 20.0);
        assert_eq!(lines[0].text.chars().count(), 8, "{lines:?}");
        assert_eq!(lines[1].text.chars().count(), 10);
        let url = "https://example.gov.cn/a/very/long/path/that/does/not/fit/on/one/line.html";
        let lines = break_lines(m, url, 10.0, 80.0, 0.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| l.width <= 80.01));
        let joined: String = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined, url);
    }

    #[test]
    fn labels_break_before_a_parenthetical() {
        let m = m();
        let lines = break_label(m, "与全省差距（个百分点）", 10.0, 65.0);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["与全省差距", "（个百分点）"]);
        assert!((longest_unit(m, "与全省差距（个百分点）", 10.0) - 60.0).abs() < 0.5);
        let w = longest_unit(m, "Heilongjiang (%)", 10.0);
        assert!((w - m.width("Heilongjiang", 10.0)).abs() < 0.01, "{w}");
    }

    #[test]
    fn balanced_labels_split_evenly() {
        let m = m();
        let lines = break_balanced(m, "全省位次", 10.0, 32.0);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["全省", "位次"]);
        let lines = break_balanced(m, "规上工业增加值增速（1—4月）", 10.0, 100.0);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.width <= 100.0));
    }

    #[test]
    fn empty_text_is_one_empty_line() {
        let lines = break_lines(m(), "", 10.0, 100.0, 0.0);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].text.is_empty());
    }
}
