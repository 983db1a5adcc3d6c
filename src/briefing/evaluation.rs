//! The 包联 scorecard as the window, the briefing and the command line read it: the period
//! it is for, and the scorecard computed from the dataset's register, returns and weights.

use crate::analysis::evaluation::{Scorecard, evaluate};
use crate::analysis::returns::{ReturnStats, members, population_stats};
use crate::model::Period;
use crate::model::returns::ReturnIndicator;
use crate::store::{Dataset, StoreError};

/// The period a scorecard is for when none is asked: the latest period with returns or
/// project figures (requests alone do not make a period: they run daily). None when the
/// dataset has neither.
pub fn default_period(ds: &Dataset) -> Result<Option<Period>, StoreError> {
    let returns = ds.return_periods()?.into_iter().max();
    let projects = ds.register()?.projects.iter().map(|p| p.period).max();
    Ok(returns.max(projects))
}

/// The output statistics of `period` (SPEC §9) the scorecard's output growth comes from;
/// None when no enterprise returned output for it.
pub fn output_stats(
    ds: &Dataset,
    register: &crate::model::Register,
    period: Period,
) -> Result<Option<ReturnStats>, StoreError> {
    let indicator = ReturnIndicator::Output;
    let resolved = ds.returns_for(period, indicator)?;
    if resolved.is_empty() {
        return Ok(None);
    }
    population_stats(
        period,
        indicator,
        members(register, ds.catalogue()),
        &resolved,
        |codes| ds.returns_begin_after(period, codes),
    )
    .map(Some)
}

/// The scorecard of `period` with the dataset's weights, and the output statistics it used.
pub fn load(ds: &Dataset, period: Period) -> Result<(Scorecard, Option<ReturnStats>), StoreError> {
    let register = ds.register()?;
    let output = output_stats(ds, &register, period)?;
    let weights = ds.evaluation_weights()?;
    let card = evaluate(period, &register, output.as_ref(), weights);
    Ok((card, output))
}
