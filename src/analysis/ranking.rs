//! Ranks among peer regions, rank changes and streaks.
//!
//! Competition ranking: higher rates rank first and equal rates share a rank (1, 2, 2, 4).
//! Regions without a figure for the period are not ranked and do not count in `rank_of`.
//! Rank changes and streaks look only at earlier periods of the same year, as bulletins do;
//! a missing period breaks a streak (consecutiveness cannot be claimed across a gap).

use crate::model::{Basis, Figures, Period, SeriesKey};

/// Tolerance for "equal" published rates (they carry one decimal).
const EPS: f64 = 1e-9;

/// One region's place in a ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct RankEntry {
    /// Region code.
    pub region: String,
    /// The rate ranked.
    pub value: f64,
    /// Competition rank, 1 = highest.
    pub rank: u32,
}

/// Competition ranks of `values`, highest first; equal values share a rank and the next
/// rank skips (1, 2, 2, 4). The result keeps the input order of equal values.
pub fn competition_ranks(values: &[(String, f64)]) -> Vec<RankEntry> {
    let mut out: Vec<RankEntry> = values
        .iter()
        .filter(|(_, v)| v.is_finite())
        .map(|(region, value)| RankEntry {
            region: region.clone(),
            value: *value,
            rank: 1 + values
                .iter()
                .filter(|(_, other)| other.is_finite() && *other > value + EPS)
                .count() as u32,
        })
        .collect();
    out.sort_by_key(|e| e.rank);
    out
}

/// The ranking of `peers` on one indicator, basis and period.
pub fn rank_peers(
    figures: &Figures,
    peers: &[String],
    indicator: &str,
    basis: Basis,
    period: Period,
) -> Vec<RankEntry> {
    let values: Vec<(String, f64)> = peers
        .iter()
        .filter_map(|code| {
            figures
                .value(&SeriesKey::whole(code, indicator, basis), period)
                .map(|v| (code.clone(), v))
        })
        .collect();
    competition_ranks(&values)
}

/// A region's rank and the number of ranked regions.
pub fn rank_of(
    figures: &Figures,
    region: &str,
    peers: &[String],
    indicator: &str,
    basis: Basis,
    period: Period,
) -> Option<(u32, u32)> {
    let table = rank_peers(figures, peers, indicator, basis, period);
    let n = table.len() as u32;
    table
        .iter()
        .find(|e| e.region == region)
        .map(|e| (e.rank, n))
}

/// Change of rank against the previous period of the same year, positive when the region
/// moved up (前移). None for 1–2月 or when either period is not ranked.
pub fn rank_change(
    figures: &Figures,
    region: &str,
    peers: &[String],
    indicator: &str,
    basis: Basis,
    period: Period,
) -> Option<i32> {
    let prev = period.prev_in_year()?;
    let (now, _) = rank_of(figures, region, peers, indicator, basis, period)?;
    let (before, _) = rank_of(figures, region, peers, indicator, basis, prev)?;
    Some(before as i32 - now as i32)
}

/// Number of consecutive periods of the same year, ending with `period`, in which the
/// region ranked `k` or better (0 when it does not at `period`).
pub fn streak_within(
    figures: &Figures,
    region: &str,
    peers: &[String],
    indicator: &str,
    basis: Basis,
    period: Period,
    k: u32,
) -> u32 {
    let mut count = 0;
    let mut at = Some(period);
    while let Some(p) = at {
        match rank_of(figures, region, peers, indicator, basis, p) {
            Some((rank, _)) if rank <= k => count += 1,
            _ => break,
        }
        at = p.prev_in_year();
    }
    count
}

/// A region's rank in every period of the given series' years, for rank-over-time charts.
pub fn rank_history(
    figures: &Figures,
    region: &str,
    peers: &[String],
    indicator: &str,
    basis: Basis,
    periods: impl IntoIterator<Item = Period>,
) -> Vec<(Period, u32, u32)> {
    periods
        .into_iter()
        .filter_map(|p| {
            rank_of(figures, region, peers, indicator, basis, p).map(|(r, n)| (p, r, n))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Figure;

    fn ranks(values: &[f64]) -> Vec<u32> {
        let input: Vec<(String, f64)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("r{i}"), *v))
            .collect();
        let table = competition_ranks(&input);
        // Back in input order.
        (0..values.len())
            .map(|i| {
                table
                    .iter()
                    .find(|e| e.region == format!("r{i}"))
                    .map(|e| e.rank)
                    .unwrap_or(0)
            })
            .collect()
    }

    #[test]
    fn ties_share_a_rank_and_the_next_skips() {
        assert_eq!(ranks(&[9.0, 5.0, 5.0, 1.0]), [1, 2, 2, 4]);
        assert_eq!(ranks(&[5.0, 5.0, 5.0]), [1, 1, 1]);
        assert_eq!(ranks(&[-2.9, 3.6, -2.9]), [2, 1, 2]);
        assert_eq!(ranks(&[]), Vec::<u32>::new());
        // 0.1 + 0.2 and 0.3 are the same published rate.
        assert_eq!(ranks(&[0.1 + 0.2, 0.3]), [1, 1]);
        // NaN is not ranked and does not push others down.
        assert_eq!(ranks(&[f64::NAN, 1.0]), [0, 1]);
    }

    fn p(y: i32, m: u32) -> Period {
        Period::new(y, m).expect("period")
    }

    /// Three regions over 1–2月 … 1–5月; "b" is missing in 1–4月.
    fn sample() -> (Figures, Vec<String>) {
        let mut f = Figures::new();
        let rows: [(&str, [Option<f64>; 4]); 3] = [
            ("a", [Some(9.0), Some(8.0), Some(7.0), Some(4.0)]),
            ("b", [Some(5.0), Some(8.5), None, Some(6.0)]),
            ("c", [Some(1.0), Some(2.0), Some(3.0), Some(5.0)]),
        ];
        for (code, values) in rows {
            for (i, v) in values.iter().enumerate() {
                if let Some(v) = v {
                    f.insert(
                        SeriesKey::whole(code, "g", Basis::Ytd),
                        p(2023, i as u32 + 2),
                        Figure {
                            value: *v,
                            source: None,
                        },
                    );
                }
            }
        }
        (f, vec!["a".into(), "b".into(), "c".into()])
    }

    #[test]
    fn rank_change_is_positive_when_moving_up() {
        let (f, peers) = sample();
        let rc = |r: &str, m| rank_change(&f, r, &peers, "g", Basis::Ytd, p(2023, m));
        assert_eq!(rc("a", 2), None, "1–2月 has no previous period");
        assert_eq!(rc("a", 3), Some(-1), "a fell from 1st to 2nd");
        assert_eq!(rc("b", 3), Some(1), "b rose from 2nd to 1st");
        assert_eq!(rc("b", 4), None, "b has no figure in 1–4月");
        assert_eq!(rc("c", 5), Some(0), "c stays 2nd although b is back");
        assert_eq!(rc("a", 5), Some(-2), "a falls from 1st to 3rd");
    }

    #[test]
    fn streaks_stop_at_a_gap_and_at_the_year() {
        let (f, peers) = sample();
        let s = |r: &str, m, k| streak_within(&f, r, &peers, "g", Basis::Ytd, p(2023, m), k);
        assert_eq!(s("a", 2, 1), 1);
        assert_eq!(s("a", 3, 1), 0);
        assert_eq!(s("a", 4, 1), 1);
        assert_eq!(s("a", 4, 2), 3);
        assert_eq!(s("b", 5, 1), 1);
        assert_eq!(s("b", 5, 2), 1, "the missing 1–4月 breaks b's streak");
        assert_eq!(rank_of(&f, "b", &peers, "g", Basis::Ytd, p(2023, 4)), None);
        assert_eq!(
            rank_of(&f, "c", &peers, "g", Basis::Ytd, p(2023, 4)),
            Some((2, 2))
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn competition_ranks_are_consistent(values in prop::collection::vec(-30i32..60, 1..20)) {
            // Rates with one decimal, as published.
            let input: Vec<(String, f64)> = values
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("r{i}"), f64::from(*v) / 10.0))
                .collect();
            let table = competition_ranks(&input);
            prop_assert_eq!(table.len(), input.len());
            for e in &table {
                // Rank = 1 + number of strictly higher values.
                let higher = input.iter().filter(|(_, v)| *v > e.value + 1e-9).count() as u32;
                prop_assert_eq!(e.rank, higher + 1);
            }
            // Sorted by rank, values never increase; the best rank is 1.
            prop_assert_eq!(table[0].rank, 1);
            for w in table.windows(2) {
                prop_assert!(w[0].rank <= w[1].rank);
                prop_assert!(w[0].value >= w[1].value - 1e-9);
            }
        }
    }
}
