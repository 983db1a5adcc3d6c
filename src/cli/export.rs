//! `industry-monitor export`: writes a briefing file (SPEC §7).

use std::path::PathBuf;

use super::{CliError, ScopeArgs, parse_lang};
use crate::analysis::analyse;
use crate::briefing::Parts;
use crate::briefing::chart::ChartId;
use crate::export::{self, Format};
use crate::model::catalogue::VA_GROWTH;
use crate::model::{Basis, Date, Lang};

/// Options of `export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Dataset, region and period.
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// Language of the briefing.
    #[arg(long, default_value = "zh", value_parser = parse_lang)]
    pub lang: Lang,
    /// File format: pdf, docx, xlsx, pptx (the meeting deck), png, md or csv.
    #[arg(long, value_parser = parse_format)]
    pub format: Format,
    /// Where to write (CSV with several tables: one file per table next to it, named
    /// <stem>_<table>.csv).
    #[arg(long)]
    pub out: PathBuf,
    /// The chart for --format png: growth, ranking, shares, pulls, map (the province's
    /// cities, the region's tile marked) or map-counties (the region's counties) (default
    /// growth).
    #[arg(long, value_parser = parse_chart)]
    pub chart: Option<ChartId>,
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse::<Format>().map_err(|e| e.to_string())
}

fn parse_chart(s: &str) -> Result<ChartId, String> {
    export::parse_chart(s).map_err(|e| e.to_string())
}

/// Runs `export`: opens the dataset, analyses the period on the year-to-date basis, builds
/// the briefing dated today and writes it; prints the files written.
pub fn run(args: &ExportArgs) -> Result<(), CliError> {
    if args.chart.is_some() && args.format != Format::Png {
        return Err(CliError::Usage(format!(
            "--chart only applies to --format png; the {} file contains every chart",
            args.format
        )));
    }
    // A PDF named .docx would open nowhere; the name is more likely the mistake, so ask.
    if let Some(ext) = args.out.extension().and_then(|e| e.to_str()) {
        let ext = ext.to_ascii_lowercase();
        let fits = ext == args.format.extension()
            || (args.format == Format::Markdown && matches!(ext.as_str(), "markdown" | "txt"));
        let other = Format::ALL.iter().find(|f| f.extension() == ext);
        if let (false, Some(other)) = (fits, other) {
            return Err(CliError::Usage(format!(
                "--out {} ends in .{ext}, which is {other}, but --format is {}; make them agree",
                args.out.display(),
                args.format
            )));
        }
    }
    let (ds, snap, children, period) = args.scope.load_with_children(Basis::Ytd)?;
    let analysis = analyse(&snap, VA_GROWTH, Basis::Ytd, period);
    // The sections 重点企业运行 and 包联考核 when the dataset has what they need, the
    // targets, and the counties' figures for their map.
    let data =
        crate::briefing::document::ExtrasData::load_with_children(&ds, &snap, children, period)?;
    let extras = data.extras();
    let briefing = crate::briefing::document::build_full(
        &snap,
        &analysis,
        extras,
        args.lang,
        Parts::default(),
        Date::today(),
    );
    let written = export::write(&briefing, args.format, &args.out, args.chart)
        .map_err(|e| CliError::Failed(e.to_string()))?;
    for f in &written.files {
        super::emit(format_args!("{}\n", f.display()))?;
    }
    Ok(())
}
