//! The briefing's tables as CSV for Excel: UTF-8 with a byte-order mark (without it, Chinese
//! Excel reads the file as GBK and shows mojibake), CRLF line ends, the header row first and
//! numbers written plainly with the decimals the briefing prints (no thousands separators,
//! so Excel reads them as numbers); an empty cell is empty, not "—" (which would be text in
//! a numeric column).
//!
//! A CSV cannot carry the "*" the other formats print after a figure that rests on
//! illustrative (unpublished) data, and a "*" would turn the number into text; so every table
//! gets a last column, 示意数据 / Illustrative, saying 是/否 (yes/no) for each row.
//!
//! Formula injection: a CSV cannot mark a cell as text, so text that Excel would run as a
//! formula (starting with = + - @, tab or CR) gets a leading apostrophe, as OWASP advises.
//! Excel then shows the apostrophe, which makes the neutralisation visible rather than
//! silent, and nothing is executed. Numbers are never touched: −2.9 stays a number.

use super::is_formula_like;
use crate::briefing::{Cell, Table};
use crate::model::Lang;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text as written to CSV: formula-like text prefixed with an apostrophe.
pub fn neutralise(text: &str) -> String {
    if is_formula_like(text) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn field(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => neutralise(s),
        // Numbers stay numbers for Excel: the mark goes in its own column.
        Cell::Number {
            value, decimals, ..
        } if value.is_finite() => {
            format!("{:.*}", usize::from(*decimals), value)
        }
        Cell::Number { .. } | Cell::Empty => String::new(),
    }
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(BOM.to_vec())
}

/// True when a figure of the row rests on illustrative data.
fn row_illustrative(row: &[Cell]) -> bool {
    row.iter().any(|c| {
        matches!(
            c,
            Cell::Number {
                illustrative: true,
                ..
            }
        )
    })
}

fn records(w: &mut csv::Writer<Vec<u8>>, t: &Table, lang: Lang) -> Result<(), csv::Error> {
    let mark_column = lang.pick("示意数据", "Illustrative").to_string();
    w.write_record(
        t.columns
            .iter()
            .map(|c| neutralise(c))
            .chain(std::iter::once(mark_column)),
    )?;
    for r in &t.rows {
        let mut fields: Vec<String> = (0..t.columns.len())
            .map(|i| r.get(i).map(field).unwrap_or_default())
            .collect();
        let mark = if row_illustrative(r) {
            lang.pick("是", "yes")
        } else {
            lang.pick("否", "no")
        };
        fields.push(mark.to_string());
        w.write_record(&fields)?;
    }
    Ok(())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    // Writing into a Vec cannot fail; into_inner only flushes the buffer into it.
    w.into_inner()
        .unwrap_or_else(|e| e.into_inner().get_ref().clone())
}

/// One table as a CSV file (header row, then the rows), the mark column in `lang`.
pub fn render_table(t: &Table, lang: Lang) -> Vec<u8> {
    let mut w = writer();
    // Writing records into memory cannot fail.
    let _ = records(&mut w, t, lang);
    finish(w)
}

/// Every table in one CSV text: each under a title line, a blank line between tables.
pub fn render_all(tables: &[Table], lang: Lang) -> Vec<u8> {
    let mut w = writer();
    for (i, t) in tables.iter().enumerate() {
        if i > 0 {
            let _ = w.write_record([""]);
        }
        let _ = w.write_record([neutralise(&t.title)]);
        if let Some(note) = &t.note {
            let _ = w.write_record([neutralise(note)]);
        }
        let _ = records(&mut w, t, lang);
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t() -> Table {
        Table {
            id: "t".into(),
            note: None,
            title: "分行业".into(),
            columns: vec!["行业".into(), "增速（%）".into()],
            rows: vec![
                vec![Cell::text("石墨"), Cell::rate(Some(-2.9))],
                vec![Cell::text("=1+1"), Cell::Empty],
                vec![Cell::text("煤炭"), Cell::rate(Some(12.5)).marked(true)],
            ],
        }
    }

    #[test]
    fn bom_header_numbers_and_neutralised_text() {
        let bytes = render_table(&t(), Lang::Zh);
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        assert_eq!(
            text,
            "行业,增速（%）,示意数据\r\n石墨,-2.9,否\r\n'=1+1,,否\r\n煤炭,12.5,是\r\n"
        );
    }

    #[test]
    fn the_illustrative_mark_is_a_column_and_numbers_stay_numbers() {
        let bytes = render_table(&t(), Lang::En);
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let header = reader.headers().expect("header").clone();
        assert_eq!(header.get(2), Some("Illustrative"));
        let rows: Vec<::csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(rows[0].get(2), Some("no"));
        assert_eq!(rows[2].get(1).map(str::parse::<f64>), Some(Ok(12.5)));
        assert_eq!(rows[2].get(2), Some("yes"));
    }

    #[test]
    fn a_table_s_note_follows_its_title_in_the_one_text_form_only() {
        let noted = Table {
            note: Some("权重：产值增速40".into()),
            ..t()
        };
        let all =
            String::from_utf8(render_all(std::slice::from_ref(&noted), Lang::Zh)[3..].to_vec())
                .expect("utf-8");
        assert!(
            all.starts_with("分行业\r\n权重：产值增速40\r\n行业,"),
            "{all:?}"
        );
        // The file of one table starts with its header row, for programs that read it.
        let one = String::from_utf8(render_table(&noted, Lang::Zh)[3..].to_vec()).expect("utf-8");
        assert!(one.starts_with("行业,"), "{one:?}");
    }

    #[test]
    fn all_tables_in_one_text_are_separated() {
        let bytes = render_all(&[t(), t()], Lang::Zh);
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        assert_eq!(text.matches("分行业\r\n").count(), 2);
        assert!(
            text.contains("\r\n\"\"\r\n分行业") || text.contains("\r\n\r\n分行业"),
            "{text:?}"
        );
    }
}
