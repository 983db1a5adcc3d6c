//! Reading one sheet: buffer its first rows, recognise the layout, then stream every row
//! through the layout's processor. Shared state (the names index, the output, the sources)
//! lives in [`Parser`]; per-sheet facts (title, headers, context) in [`SheetCtx`]; the
//! processors and their factory in [`super::processor`].

use super::context::{self, Context};
use super::issue::{IssueKind, Said};
use super::layout::{self, Detected};
use super::parsed::{SheetLayout, SheetSummary};
use super::parser::{Parser, SheetCtx};
use super::processor::{self, Processor};
use super::returns;
use super::rows::{OwnedRow, Row};

/// Rows looked at before the layout is decided (titles, two-row headers, a few data rows).
const LOOKAHEAD: usize = 12;

/// Reads one sheet.
pub struct SheetReader {
    s: SheetCtx,
    file_ctx: Context,
    buffer: Vec<OwnedRow>,
    proc: Option<Box<dyn Processor>>,
    layout: SheetLayout,
    decided: bool,
    width: Option<usize>,
    check_width: bool,
    rows: u64,
    skip_empty_notice: bool,
    period: Option<crate::model::Period>,
}

impl SheetReader {
    /// Starts a sheet. `check_width` is set for CSV, where rows can have any number of cells.
    pub fn new(
        p: &mut Parser,
        file_index: usize,
        file: &str,
        sheet: Option<String>,
        file_ctx: Context,
        check_width: bool,
    ) -> SheetReader {
        let index = p.out.sheets.len() as u32;
        p.out.sheets.push(SheetSummary {
            file: file_index,
            name: sheet.clone(),
            layout: SheetLayout::Skipped,
            title: None,
            headers: Vec::new(),
            rows: 0,
            records: 0,
            period: None,
        });
        SheetReader {
            s: SheetCtx {
                index,
                file_index,
                file: file.to_string(),
                sheet,
                headers: Vec::new(),
                title: None,
                ctx: Context::default(),
            },
            file_ctx,
            buffer: Vec::new(),
            proc: None,
            layout: SheetLayout::Skipped,
            decided: false,
            width: None,
            check_width,
            rows: 0,
            skip_empty_notice: false,
            period: None,
        }
    }

    /// Feeds the next row.
    pub fn feed(&mut self, p: &mut Parser, row: &dyn Row) {
        self.rows += 1;
        if !self.decided {
            if !row.is_blank() {
                self.buffer.push(OwnedRow::copy(row));
            }
            if self.buffer.len() >= LOOKAHEAD {
                self.decide(p);
            }
            return;
        }
        self.process(p, row);
    }

    fn process(&mut self, p: &mut Parser, row: &dyn Row) {
        let Some(proc) = self.proc.as_mut() else {
            return;
        };
        if row.is_blank() || row.single_text().is_some() {
            return;
        }
        if self.check_width
            && let Some(width) = self.width
        {
            let used = (0..row.width())
                .rev()
                .find(|&c| !row.cell(c).is_empty())
                .map_or(0, |c| c + 1);
            if row.width() < width || used > width {
                let n = if row.width() < width {
                    row.width()
                } else {
                    used
                };
                p.error(
                    self.s.at(row.number(), None),
                    None,
                    IssueKind::ColumnCount,
                    Said::new(
                        format!(
                            "此行有{n}个单元格，而标题行有{width}个：缺少单元格，或某个单元格含有未加引号的分隔符（含逗号的文字请加引号）"
                        ),
                        format!(
                            "this row has {n} cells but the header has {width}: a cell is missing or one holds an unquoted delimiter (quote text that contains commas)"
                        ),
                    ),
                );
                return;
            }
        }
        proc.row(p, &self.s, row);
    }

    fn decide(&mut self, p: &mut Parser) {
        self.decided = true;
        let buffer = std::mem::take(&mut self.buffer);
        // Title lines: single-text rows above the table.
        let titles: Vec<usize> = buffer
            .iter()
            .take_while(|r| r.single_text().is_some())
            .enumerate()
            .map(|(i, _)| i)
            .collect();
        let mut ctx = Context::default();
        let mut title_text = Vec::new();
        for &i in &titles {
            if let Some(t) = buffer[i].single_text() {
                let c = context::read(&t, &p.names);
                if let Some(r) = c.region {
                    p.named_regions.push(r);
                }
                ctx = ctx.or(&c);
                title_text.push(t.into_owned());
            }
        }
        if !title_text.is_empty() {
            self.s.title = Some(title_text.join(" "));
        }
        let title_ctx = ctx.clone();
        self.s.ctx = ctx.or(&self.file_ctx).or(&p.options_ctx);
        // Returns first: their sheets have enterprise columns that would read as a list.
        if let Some(h) = returns::header::detect(&buffer, &titles) {
            let file_ctx = self.file_ctx.clone();
            let src = returns::read::PeriodSources {
                title: &title_ctx,
                file: &file_ctx,
                title_row: titles
                    .first()
                    .and_then(|&i| buffer.get(i))
                    .map(|r| r.number),
            };
            self.start_returns(p, &buffer, &h, &src);
            return;
        }
        let detected = layout::detect(&buffer, &titles, self.s.ctx.month.is_some(), &mut p.names);
        let start = match detected {
            Detected::Nothing => {
                self.layout = SheetLayout::Skipped;
                None
            }
            Detected::Table {
                kind,
                header,
                columns,
            } => {
                let row = &buffer[header];
                self.s.headers = (0..row.width())
                    .map(|c| row.cell(c).text().into_owned())
                    .collect();
                self.width = Some(row.width());
                let (layout, proc) = processor::for_table(kind, p, &self.s, row, &columns);
                self.layout = layout;
                self.proc = Some(proc);
                Some(header + 1)
            }
            Detected::Wide(h) => {
                self.layout = SheetLayout::Wide;
                let last_header = h.data.saturating_sub(1);
                self.width = buffer.get(h.first).map(|r| r.width());
                let (proc, headers) = processor::for_bulletin(p, &self.s, &buffer, &h);
                self.s.headers = headers;
                self.proc = Some(proc);
                Some(last_header + 1)
            }
        };
        if let Some(start) = start {
            for row in buffer.iter().skip(start) {
                self.process(p, row);
            }
        }
    }

    /// Reads a returns sheet: its headers, period and processor, then the buffered rows.
    fn start_returns(
        &mut self,
        p: &mut Parser,
        buffer: &[OwnedRow],
        h: &returns::header::ReturnHeader,
        src: &returns::read::PeriodSources<'_>,
    ) {
        let width = (h.header..h.data)
            .filter_map(|i| buffer.get(i))
            .map(|r| r.width())
            .max()
            .unwrap_or(0);
        // Locations name the lowest header text of each column ("本月" under its indicator).
        self.s.headers = (0..width)
            .map(|c| {
                let texts: Vec<String> = (h.header..h.data)
                    .filter_map(|i| buffer.get(i))
                    .map(|r| r.cell(c).text().into_owned())
                    .filter(|t| !t.is_empty())
                    .collect();
                match texts.as_slice() {
                    [a, b] if a != b => format!("{a} {b}"),
                    [.., last] => last.clone(),
                    [] => String::new(),
                }
            })
            .collect();
        self.width = Some(width);
        self.layout = match h.form {
            returns::header::Form::Wide(_) => SheetLayout::Returns,
            returns::header::Form::Long(_) => SheetLayout::ReturnsLong,
        };
        let (proc, period) = returns::read::processor(p, &self.s, h, buffer, src);
        self.period = period;
        self.proc = Some(proc);
        for row in buffer.iter().skip(h.data) {
            self.process(p, row);
        }
    }

    /// Ends the sheet: resolves what needs the whole sheet and records its summary.
    pub fn finish(mut self, p: &mut Parser) {
        if !self.decided {
            if self.buffer.is_empty() {
                self.skip_empty_notice = true;
            }
            self.decide(p);
        }
        let records = match self.proc.as_mut() {
            Some(proc) => {
                proc.finish(p, &self.s);
                proc.records()
            }
            None => 0,
        };
        if self.layout == SheetLayout::Skipped {
            let message = if self.skip_empty_notice {
                Said::new("已跳过：工作表是空的", "skipped: the sheet is empty")
            } else {
                Said::new(
                    "已跳过：未识别出数据或名录（是说明页或封面？）；工作表要有“地区/时期/数值”等列标题、“1-4月”等时期列，或“企业名称/统一社会信用代码”列，才能导入",
                    "skipped: no figures or lists recognised (a notes or cover sheet?); headers such as 地区/时期/数值, period columns such as 1-4月, or 企业名称/统一社会信用代码 make a sheet importable",
                )
            };
            p.notice(self.s.whole(), message);
        } else if records == 0 {
            p.notice(
                self.s.whole(),
                Said::new(
                    "此工作表没有可导入的数据或记录（数值全部缺失）",
                    "no figures or rows to import in this sheet (every value is missing)",
                ),
            );
        }
        if self.period.is_none() && self.layout == SheetLayout::ReturnsLong {
            // The long layout's periods are in its cells: the sheet's, when there is one.
            let mut periods = p
                .out
                .returns
                .iter()
                .rev()
                .take_while(|r| r.sheet == self.s.index)
                .map(|r| r.period);
            let first = periods.next();
            if periods.all(|x| Some(x) == first) {
                self.period = first;
            }
        }
        if let Some(sum) = p.out.sheets.get_mut(self.s.index as usize) {
            sum.layout = self.layout;
            sum.title = self.s.title.clone();
            sum.headers = self.s.headers.clone();
            sum.rows = self.rows;
            sum.records = records;
            sum.period = self.period;
        }
    }
}
