//! The briefing's tables as CSV for Excel: UTF-8 with a byte-order mark (without it, Chinese
//! Excel reads the file as GBK and shows mojibake), CRLF line ends, the header row first and
//! numbers written plainly with the decimals the briefing prints (no thousands separators,
//! so Excel reads them as numbers); an empty cell is empty, not "—" (which would be text in
//! a numeric column).
//!
//! Formula injection: a CSV cannot mark a cell as text, so text that Excel would run as a
//! formula (starting with = + - @, tab or CR) gets a leading apostrophe, as OWASP advises.
//! Excel then shows the apostrophe, which makes the neutralisation visible rather than
//! silent, and nothing is executed. Numbers are never touched: −2.9 stays a number.

use super::is_formula_like;
use crate::briefing::{Cell, Table};

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
        // Numbers stay numbers for Excel: CSV cannot carry the * of illustrative figures.
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

fn records(w: &mut csv::Writer<Vec<u8>>, t: &Table) -> Result<(), csv::Error> {
    w.write_record(t.columns.iter().map(|c| neutralise(c)))?;
    for r in &t.rows {
        let fields: Vec<String> = (0..t.columns.len())
            .map(|i| r.get(i).map(field).unwrap_or_default())
            .collect();
        w.write_record(&fields)?;
    }
    Ok(())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    // Writing into a Vec cannot fail; into_inner only flushes the buffer into it.
    w.into_inner()
        .unwrap_or_else(|e| e.into_inner().get_ref().clone())
}

/// One table as a CSV file (header row, then the rows).
pub fn render_table(t: &Table) -> Vec<u8> {
    let mut w = writer();
    // Writing records into memory cannot fail.
    let _ = records(&mut w, t);
    finish(w)
}

/// Every table in one CSV text: each under a title line, a blank line between tables.
pub fn render_all(tables: &[Table]) -> Vec<u8> {
    let mut w = writer();
    for (i, t) in tables.iter().enumerate() {
        if i > 0 {
            let _ = w.write_record([""]);
        }
        let _ = w.write_record([neutralise(&t.title)]);
        let _ = records(&mut w, t);
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t() -> Table {
        Table {
            id: "t".into(),
            title: "分行业".into(),
            columns: vec!["行业".into(), "增速（%）".into()],
            rows: vec![
                vec![Cell::text("石墨"), Cell::rate(Some(-2.9))],
                vec![Cell::text("=1+1"), Cell::Empty],
            ],
        }
    }

    #[test]
    fn bom_header_numbers_and_neutralised_text() {
        let bytes = render_table(&t());
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        assert_eq!(text, "行业,增速（%）\r\n石墨,-2.9\r\n'=1+1,\r\n");
    }

    #[test]
    fn all_tables_in_one_text_are_separated() {
        let bytes = render_all(&[t(), t()]);
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        assert_eq!(text.matches("分行业\r\n").count(), 2);
        assert!(
            text.contains("\r\n\"\"\r\n分行业") || text.contains("\r\n\r\n分行业"),
            "{text:?}"
        );
    }
}
