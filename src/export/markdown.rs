//! The briefing as Markdown for messaging apps: title, byline, headings, paragraphs, the
//! tables as pipe tables (numbers right-aligned), the sources and the illustrative note.
//! Charts are left out (they need the PDF, Word or PNG export). The text reads as plain text
//! too, for apps that do not render Markdown.

use super::{Block, blocks, sources_heading};
use crate::briefing::{Briefing, Cell, Table};

/// Escapes a table cell: pipes would end the cell, newlines the row.
fn cell_text(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn table(out: &mut String, t: &Table) {
    out.push_str(&format!("**{}**\n\n", t.title.trim()));
    if let Some(note) = &t.note {
        out.push_str(&format!("{}\n\n", note.trim()));
    }
    let header: Vec<String> = t.columns.iter().map(|c| cell_text(c)).collect();
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    let aligns: Vec<&str> = (0..t.columns.len())
        .map(|i| {
            let numeric = t
                .rows
                .iter()
                .any(|r| matches!(r.get(i), Some(Cell::Number { .. })));
            if numeric { "---:" } else { "---" }
        })
        .collect();
    out.push_str(&format!("| {} |\n", aligns.join(" | ")));
    for r in &t.rows {
        let cells: Vec<String> = (0..t.columns.len())
            .map(|i| cell_text(&r.get(i).map(Cell::display).unwrap_or_default()))
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

/// Renders the briefing as Markdown text.
pub fn render(b: &Briefing) -> String {
    let mut out = format!("# {}\n\n*{}*\n\n", b.title.trim(), b.byline.trim());
    for block in blocks(b) {
        match block {
            Block::Heading(h) => out.push_str(&format!("## {}\n\n", h.trim())),
            Block::Paragraph(p) => out.push_str(&format!("{}\n\n", p.trim())),
            Block::Table(t) => table(&mut out, t),
            Block::Chart(_) | Block::Map(_) => {}
        }
    }
    if !b.sources.is_empty() {
        out.push_str(&format!(
            "---\n\n{}{}\n\n",
            sources_heading(b),
            b.lang.pick("：", ":")
        ));
        for (i, s) in b.sources.iter().enumerate() {
            out.push_str(&format!("{}. {}\n", i + 1, s.trim()));
        }
        out.push('\n');
    }
    if let Some(note) = &b.illustrative_note {
        out.push_str(&format!("> {}\n", note.trim()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_in_cells_do_not_break_the_table() {
        let mut out = String::new();
        table(
            &mut out,
            &Table {
                id: "t".into(),
                note: None,
                title: "表".into(),
                columns: vec!["名称".into(), "值".into()],
                rows: vec![vec![Cell::text("a|b"), Cell::rate(Some(1.25))]],
            },
        );
        assert!(
            out.contains("| a\\|b | 1.2 |") || out.contains("| a\\|b | 1.3 |"),
            "{out}"
        );
        assert!(out.contains("| --- | ---: |"), "{out}");
    }
}
