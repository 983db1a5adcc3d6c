//! Every file format of a meeting briefing (SPEC §6, §13): PDF, Word, Excel, PowerPoint, PNG,
//! Markdown and CSV, all rendered from one [`Briefing`] and its [`Chart`] descriptions, so the files say
//! and show what the window does.
//!
//! Contract:
//! - [`render`] / [`render_files`] produce bytes in memory (no I/O: the GUI runs them off
//!   the UI thread, tests inspect them); [`write`] renders first and only then writes, each
//!   file atomically ([`atomic`]): a failure never leaves a partial file under a final name.
//! - PNG is one chart (default: growth); every other format is the whole briefing (the
//!   PowerPoint deck: see [`pptx`]).
//! - CSV is one file per table, because a CSV opens in Excel as one sheet and a rectangular
//!   table is what sorting, filters and re-import expect: with several tables, `out.csv`
//!   becomes `out_key.csv`, `out_industries.csv`, `out_ranking.csv` next to it (the table ids);
//!   with one table it is `out.csv` itself. [`render`] joins the tables into one text (each
//!   under its title, a blank line between) for the clipboard.
//! - Text that a spreadsheet would run as a formula (starting with = + - @, or a tab or
//!   carriage return) is neutralised in CSV and XLSX; see [`csv`] and [`xlsx`] for how.

pub mod atomic;
pub mod csv;
pub mod docx;
pub mod markdown;
pub mod pdf;
pub mod png;
pub mod pptx;
pub mod svg;
pub mod text;
pub mod xlsx;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::briefing::chart::{Chart, ChartId};
use crate::briefing::map::MapChart;
use crate::briefing::narrative::Topic;
use crate::briefing::{Briefing, Table};
use crate::model::Lang;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A4 PDF with the font embedded and charts as vectors.
    Pdf,
    /// Word document in the GB/T 9704 style.
    Docx,
    /// Excel workbook: one sheet per table, native charts.
    Xlsx,
    /// 16:9 PowerPoint deck for the meeting, one idea per slide.
    Pptx,
    /// One chart as a PNG image.
    Png,
    /// Markdown / plain text for messaging apps.
    Markdown,
    /// The tables as CSV.
    Csv,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 7] = [
        Format::Pdf,
        Format::Docx,
        Format::Xlsx,
        Format::Pptx,
        Format::Png,
        Format::Markdown,
        Format::Csv,
    ];

    /// The `--format` code.
    pub fn code(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Pptx => "pptx",
            Format::Png => "png",
            Format::Markdown => "md",
            Format::Csv => "csv",
        }
    }

    /// The file extension (without the dot).
    pub fn extension(self) -> &'static str {
        self.code()
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Format {
    type Err = ExportError;

    /// Accepts the codes pdf, docx, xlsx, pptx, png, md (or markdown), csv, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pdf" => Ok(Format::Pdf),
            "docx" | "word" => Ok(Format::Docx),
            "xlsx" | "excel" => Ok(Format::Xlsx),
            "pptx" | "powerpoint" => Ok(Format::Pptx),
            "png" => Ok(Format::Png),
            "md" | "markdown" | "txt" => Ok(Format::Markdown),
            "csv" => Ok(Format::Csv),
            _ => Err(ExportError::UnknownFormat(s.to_string())),
        }
    }
}

/// Parses a `--chart` code (growth, ranking, shares, pulls, or any other [`ChartId`] code).
pub fn parse_chart(s: &str) -> Result<ChartId, ExportError> {
    let code = s.trim().to_ascii_lowercase();
    ChartId::ALL
        .into_iter()
        .find(|id| id.code() == code)
        .ok_or_else(|| ExportError::UnknownChart(s.to_string()))
}

/// Where the output goes, for error messages, before a path is known.
const IN_MEMORY: &str = "the briefing being exported";

/// Why an export failed. Every message names what failed, where, and what to do.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Not a format code.
    #[error("“{0}” is not an export format; use one of pdf, docx, xlsx, pptx, png, md, csv")]
    UnknownFormat(String),
    /// Not a chart code.
    #[error(
        "“{0}” is not a chart; use one of growth, ranking, shares, pulls, rank-history, industry-growth, shares-over-time, map, map-counties"
    )]
    UnknownChart(String),
    /// The chosen chart is not in the briefing.
    #[error(
        "{target}: the briefing has no “{chart}” chart (there are no figures for it in this \
         period); choose another chart (growth, ranking, shares, pulls) or another period"
    )]
    NoChart {
        /// The file (or the briefing) concerned.
        target: String,
        /// The chart code.
        chart: &'static str,
    },
    /// CSV asked for a briefing without tables.
    #[error(
        "{target}: the briefing has no tables to write as CSV; include the tables in the \
         briefing or choose another format"
    )]
    NoTables {
        /// The file (or the briefing) concerned.
        target: String,
    },
    /// Reading or writing a file failed.
    #[error(
        "{target}: could not {action}: {source}; check that the folder exists, that you may \
         write there, that the disk is not full and that the file is not open in another \
         program"
    )]
    Io {
        /// The file concerned.
        target: String,
        /// What was being done.
        action: &'static str,
        /// The system's reason.
        source: std::io::Error,
    },
    /// A library could not build the file (a bug: the inputs are our own).
    #[error(
        "{target}: could not build the {format} file ({part}): {reason}; this is a bug in \
         Industry Monitor, please report it together with the dataset"
    )]
    Build {
        /// The file (or the briefing) concerned.
        target: String,
        /// The format.
        format: Format,
        /// Which part: a chart title, a table, the package.
        part: String,
        /// The library's reason.
        reason: String,
    },
}

impl ExportError {
    /// The message in `lang` (English is the `Display` text); the system's and the
    /// libraries' own reasons stay as they come.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ExportError::UnknownFormat(code) => {
                format!("“{code}”不是导出格式；可选 pdf、docx、xlsx、pptx、png、md、csv")
            }
            ExportError::UnknownChart(code) => format!(
                "“{code}”不是图表；可选 growth、ranking、shares、pulls、rank-history、industry-growth、shares-over-time、map、map-counties"
            ),
            ExportError::NoChart { target, chart } => format!(
                "{target}：简报中没有“{chart}”图（本时期没有相应数据）；请选择其他图表或其他时期"
            ),
            ExportError::NoTables { target } => {
                format!(
                    "{target}：简报中没有表格，无法写成 CSV；请在简报中包含表格，或选择其他格式"
                )
            }
            ExportError::Io {
                target,
                action,
                source,
            } => {
                let action = match *action {
                    CREATE_TEMP => "在其旁边创建临时文件",
                    WRITE => "写入",
                    FLUSH => "写入磁盘",
                    REPLACE => "用新文件替换",
                    _ => "写入",
                };
                format!(
                    "{target}：无法{action}（{source}）；请检查文件夹是否存在、是否有写入权限、磁盘是否已满，以及文件是否正被其他程序打开"
                )
            }
            ExportError::Build {
                target,
                format,
                part,
                reason,
            } => format!(
                "{target}：无法生成 {format} 文件（{part}：{reason}）。这是本软件的缺陷，请连同数据集一起反馈"
            ),
        }
    }

    /// A build error about the briefing in memory.
    pub(crate) fn build(
        format: Format,
        part: impl Into<String>,
        reason: impl fmt::Display,
    ) -> Self {
        ExportError::Build {
            target: IN_MEMORY.to_string(),
            format,
            part: part.into(),
            reason: reason.to_string(),
        }
    }

    /// The same error, located at `path`.
    fn at(self, path: &Path) -> Self {
        let here = path.display().to_string();
        match self {
            ExportError::NoChart { chart, .. } => ExportError::NoChart {
                target: here,
                chart,
            },
            ExportError::NoTables { .. } => ExportError::NoTables { target: here },
            ExportError::Build {
                format,
                part,
                reason,
                ..
            } => ExportError::Build {
                target: here,
                format,
                part,
                reason,
            },
            other => other,
        }
    }
}

/// One rendered file: its bytes and, when a format writes several files, the suffix that
/// tells them apart (the table id for CSV).
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// Added to the file stem as `_<suffix>` (None: the file is `out` itself).
    pub suffix: Option<String>,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

/// The files an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Written {
    /// Their paths, in writing order.
    pub files: Vec<PathBuf>,
}

/// What a failed write was doing (`ExportError::Io`'s action, said in each language).
pub(crate) const CREATE_TEMP: &str = "create a temporary file next to it";
pub(crate) const WRITE: &str = "write it";
pub(crate) const FLUSH: &str = "flush it to disk";
pub(crate) const REPLACE: &str = "replace it with the new file";

/// The chart `id` (default growth) of the briefing.
pub fn chart(briefing: &Briefing, id: Option<ChartId>) -> Result<&Chart, ExportError> {
    let id = id.unwrap_or(ChartId::Growth);
    briefing
        .charts
        .iter()
        .find(|c| c.id == id)
        .ok_or(ExportError::NoChart {
            target: IN_MEMORY.to_string(),
            chart: id.code(),
        })
}

/// The tile map `id` (map: the province's cities with the region's tile marked;
/// map-counties: the region's own counties) of the briefing.
pub fn map(briefing: &Briefing, id: ChartId) -> Result<&MapChart, ExportError> {
    let among_peers = id == ChartId::Map;
    briefing
        .maps
        .iter()
        .find(|m| m.tiles.iter().any(|t| t.home) == among_peers)
        .ok_or(ExportError::NoChart {
            target: IN_MEMORY.to_string(),
            chart: id.code(),
        })
}

/// Renders the files of `format` in memory (several only for CSV with several tables).
pub fn render_files(
    briefing: &Briefing,
    format: Format,
    chart_id: Option<ChartId>,
) -> Result<Vec<Rendered>, ExportError> {
    let single = |bytes: Vec<u8>| {
        vec![Rendered {
            suffix: None,
            bytes,
        }]
    };
    Ok(match format {
        Format::Pdf => single(pdf::render(briefing)?),
        Format::Docx => single(docx::render(briefing)?),
        Format::Xlsx => single(xlsx::render(briefing)?),
        Format::Pptx => single(pptx::render(briefing)?),
        Format::Png => match chart_id {
            Some(id) if id.is_map() => {
                single(png::render_map(map(briefing, id)?, briefing.lang, png::EXPORT_SCALE)?.png)
            }
            _ => single(png::render_chart(chart(briefing, chart_id)?, png::EXPORT_SCALE)?.png),
        },
        Format::Markdown => single(markdown::render(briefing).into_bytes()),
        Format::Csv => {
            if briefing.tables.is_empty() {
                return Err(ExportError::NoTables {
                    target: IN_MEMORY.to_string(),
                });
            }
            if briefing.tables.len() == 1 {
                single(csv::render_table(&briefing.tables[0], briefing.lang))
            } else {
                briefing
                    .tables
                    .iter()
                    .map(|t| Rendered {
                        suffix: Some(t.id.clone()),
                        bytes: csv::render_table(t, briefing.lang),
                    })
                    .collect()
            }
        }
    })
}

/// Renders `format` into one buffer: the file itself, or for CSV every table in one text
/// (each under its title, separated by a blank line).
pub fn render(
    briefing: &Briefing,
    format: Format,
    chart_id: Option<ChartId>,
) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Csv => {
            if briefing.tables.is_empty() {
                return Err(ExportError::NoTables {
                    target: IN_MEMORY.to_string(),
                });
            }
            Ok(csv::render_all(&briefing.tables, briefing.lang))
        }
        _ => {
            let mut files = render_files(briefing, format, chart_id)?;
            Ok(files.pop().map(|f| f.bytes).unwrap_or_default())
        }
    }
}

/// The path of a rendered file: `out` itself, or `<stem>_<suffix>.<ext>` next to it.
fn path_for(out: &Path, format: Format, suffix: Option<&str>) -> PathBuf {
    match suffix {
        None => out.to_path_buf(),
        Some(s) => {
            let stem = out
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "briefing".to_string());
            let ext = out
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_else(|| format.extension().to_string());
            out.with_file_name(format!("{stem}_{s}.{ext}"))
        }
    }
}

/// The files [`write`] will create for `format` at `out`, without rendering anything (so the
/// window can ask before overwriting).
pub fn planned_files(briefing: &Briefing, format: Format, out: &Path) -> Vec<PathBuf> {
    match format {
        Format::Csv if briefing.tables.len() > 1 => briefing
            .tables
            .iter()
            .map(|t| path_for(out, format, Some(&t.id)))
            .collect(),
        _ => vec![out.to_path_buf()],
    }
}

/// Writes the briefing (PNG: the chart `chart_id`, default growth) as `format` to `out`;
/// for CSV with several tables, one file per table next to `out` (see the module docs).
/// Everything is rendered before the first file is touched; each file is written atomically.
pub fn write(
    briefing: &Briefing,
    format: Format,
    out: &Path,
    chart_id: Option<ChartId>,
) -> Result<Written, ExportError> {
    let files = render_files(briefing, format, chart_id).map_err(|e| e.at(out))?;
    let mut written = Written::default();
    for f in files {
        let path = path_for(out, format, f.suffix.as_deref());
        atomic::write(&path, &f.bytes)?;
        written.files.push(path);
    }
    Ok(written)
}

/// A piece of the briefing's body in reading order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Block<'a> {
    /// A section heading.
    Heading(&'a str),
    /// A narrative paragraph.
    Paragraph(&'a str),
    /// A table.
    Table(&'a Table),
    /// A chart.
    Chart(&'a Chart),
    /// A tile map.
    Map(&'a MapChart),
}

fn table_topic(id: &str) -> Option<Topic> {
    match id {
        "key" | "ranking" | crate::briefing::targets::INDICATORS_TABLE => Some(Topic::Headline),
        "industries" => Some(Topic::Industries),
        crate::briefing::returns::PULLERS_TABLE => Some(Topic::Returns),
        crate::briefing::evaluation::EVALUATION_TABLE => Some(Topic::Evaluation),
        crate::briefing::warnings::WARNINGS_TABLE => Some(Topic::Warnings),
        _ => None,
    }
}

fn chart_topic(id: ChartId) -> Topic {
    match id {
        ChartId::Growth
        | ChartId::Ranking
        | ChartId::RankHistory
        | ChartId::Map
        | ChartId::MapCounties => Topic::Headline,
        ChartId::Shares | ChartId::Pulls | ChartId::IndustryGrowth | ChartId::SharesOverTime => {
            Topic::Industries
        }
        ChartId::EnterpriseCounts => Topic::Enterprises,
    }
}

/// True for a table only the spreadsheet formats (XLSX, CSV) carry: every enterprise's
/// return runs to thousands of rows, which a paged briefing shows as its main pullers.
pub(crate) fn spreadsheet_only(t: &Table) -> bool {
    t.id == crate::briefing::returns::ENTERPRISES_TABLE
}

/// The body of the briefing in reading order for paged formats: each section's heading and
/// paragraphs, then the tables and charts about it (so a figure sits next to the text that
/// cites it), then whatever belongs to no section. Spreadsheet-only tables are left out.
pub(crate) fn blocks(b: &Briefing) -> Vec<Block<'_>> {
    blocks_by_section(b).into_iter().flatten().collect()
}

/// [`blocks`] cut into one list per section (starting with its heading), then one more
/// with what belongs to no section (possibly empty): the deck tells a section's own tables
/// and charts from those that only follow it.
pub(crate) fn blocks_by_section(b: &Briefing) -> Vec<Vec<Block<'_>>> {
    let mut out = Vec::new();
    let mut table_done: Vec<bool> = b.tables.iter().map(spreadsheet_only).collect();
    let mut chart_done = vec![false; b.charts.len()];
    let mut maps_done = false;
    for s in &b.sections {
        let mut section = vec![Block::Heading(&s.heading)];
        section.extend(s.paragraphs.iter().map(|p| Block::Paragraph(p)));
        for (i, t) in b.tables.iter().enumerate() {
            if !table_done[i] && table_topic(&t.id) == Some(s.topic) {
                table_done[i] = true;
                section.push(Block::Table(t));
            }
        }
        for (i, c) in b.charts.iter().enumerate() {
            if !chart_done[i] && chart_topic(c.id) == s.topic {
                chart_done[i] = true;
                section.push(Block::Chart(c));
            }
        }
        // The maps after the ranking, in the overall section.
        if s.topic == Topic::Headline && !maps_done {
            maps_done = true;
            section.extend(b.maps.iter().map(Block::Map));
        }
        out.push(section);
    }
    let mut rest = Vec::new();
    for (i, t) in b.tables.iter().enumerate() {
        if !table_done[i] {
            rest.push(Block::Table(t));
        }
    }
    for (i, c) in b.charts.iter().enumerate() {
        if !chart_done[i] {
            rest.push(Block::Chart(c));
        }
    }
    if !maps_done {
        rest.extend(b.maps.iter().map(Block::Map));
    }
    out.push(rest);
    out
}

/// The heading of the sources footnote.
pub(crate) fn sources_heading(b: &Briefing) -> &'static str {
    b.lang.pick("资料来源", "Sources")
}

/// True when a spreadsheet would take `text` as a formula (or a formula-like prefix):
/// it starts with = + - @, a tab or a carriage return (OWASP's list).
pub fn is_formula_like(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_codes_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.code().parse::<Format>().expect("parse"), f);
        }
        assert_eq!("Markdown".parse::<Format>().expect("md"), Format::Markdown);
        assert_eq!("PowerPoint".parse::<Format>().expect("pptx"), Format::Pptx);
        let err = "odp".parse::<Format>().expect_err("unknown");
        assert!(err.to_string().contains("odp") && err.to_string().contains("pdf, docx"));
        assert_eq!(parse_chart("pulls").expect("pulls"), ChartId::Pulls);
        assert!(parse_chart("pie").is_err());
    }

    #[test]
    fn csv_files_are_named_after_the_tables() {
        let out = Path::new("/tmp/简报.csv");
        assert_eq!(path_for(out, Format::Csv, None), out);
        assert_eq!(
            path_for(out, Format::Csv, Some("key")),
            Path::new("/tmp/简报_key.csv")
        );
        assert_eq!(
            path_for(Path::new("out"), Format::Csv, Some("ranking")),
            Path::new("out_ranking.csv")
        );
    }

    #[test]
    fn formula_like_text_is_recognised() {
        for t in ["=HYPERLINK(\"x\")", "+1", "-2", "@x", "\tx"] {
            assert!(is_formula_like(t), "{t}");
        }
        for t in ["鸡西市", "19.2", "1—4月", ""] {
            assert!(!is_formula_like(t), "{t}");
        }
    }
}
