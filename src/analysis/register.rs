//! Counts of the enterprise register for a period: enterprises by flag and industry,
//! service requests raised and resolved in the year up to the period's end, and financing
//! deals signed in that time.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::enterprise::Date;
use crate::model::{Enterprise, Period, Register, ServiceRequest};

/// Requests open longer than this are highlighted as overdue.
pub const OVERDUE_DAYS: i64 = 30;

/// The register's figures for one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegisterStats {
    /// Enterprises in the register.
    pub total: usize,
    /// Under key support (重点帮扶).
    pub key_support: usize,
    /// Of those, with an official in charge (包联领导): the evidence for 精准帮扶.
    pub key_support_paired: usize,
    /// In emerging industries.
    pub emerging: usize,
    /// 专精特新.
    pub srdi: usize,
    /// Above designated size.
    pub above_size: usize,
    /// Requests raised from 1 January to the period's end.
    pub requests_raised: usize,
    /// Of those, not resolved by the period's end.
    pub requests_open: usize,
    /// Of those, resolved by the period's end.
    pub requests_resolved: usize,
    /// Of the open ones, waiting more than [`OVERDUE_DAYS`] at the period's end.
    pub requests_overdue: usize,
    /// Financing deals signed from 1 January to the period's end.
    pub deals: usize,
    /// Distinct enterprises with a deal in that time.
    pub deal_enterprises: usize,
    /// Their amount, 万元.
    pub financing_amount_10k_yuan: f64,
}

impl RegisterStats {
    /// Resolved ÷ raised, in %.
    pub fn resolution_rate_pct(&self) -> Option<f64> {
        (self.requests_raised > 0)
            .then(|| self.requests_resolved as f64 / self.requests_raised as f64 * 100.0)
    }
}

/// The first and last day a period covers (1 January to the end of its month).
pub fn period_dates(period: Period) -> (Date, Date) {
    let y = period.year();
    let m = period.month();
    let start = Date::new(y, 1, 1).unwrap_or_else(|| unreachable!("valid year"));
    let next_month = if m == 12 {
        Date::new(y + 1, 1, 1)
    } else {
        Date::new(y, m + 1, 1)
    }
    .unwrap_or_else(|| unreachable!("valid month"));
    (
        start,
        Date::from_days_since_epoch(next_month.days_since_epoch() - 1),
    )
}

/// Whether a request was resolved by `end`.
pub(crate) fn resolved_by(r: &ServiceRequest, end: Date) -> bool {
    r.resolved_on.is_some_and(|d| d <= end)
}

/// The register's figures for `period`.
pub fn register_stats(reg: &Register, period: Period) -> RegisterStats {
    let (start, end) = period_dates(period);
    let count = |f: fn(&Enterprise) -> bool| reg.enterprises.iter().filter(|e| f(e)).count();
    let raised: Vec<&ServiceRequest> = reg
        .requests
        .iter()
        .filter(|r| r.raised_on >= start && r.raised_on <= end)
        .collect();
    let resolved = raised.iter().filter(|r| resolved_by(r, end)).count();
    let overdue = raised
        .iter()
        .filter(|r| !resolved_by(r, end) && r.raised_on.days_until(end) > OVERDUE_DAYS)
        .count();
    let deals: Vec<_> = reg
        .deals
        .iter()
        .filter(|d| d.signed_on >= start && d.signed_on <= end && d.status != "cancelled")
        .collect();
    let deal_enterprises = deals
        .iter()
        .map(|d| d.enterprise_id)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    RegisterStats {
        total: reg.enterprises.len(),
        key_support: count(|e| e.key_support),
        key_support_paired: count(|e| e.key_support && !e.official.trim().is_empty()),
        emerging: count(|e| e.emerging),
        srdi: count(|e| e.srdi),
        above_size: count(|e| e.above_size),
        requests_raised: raised.len(),
        requests_open: raised.len() - resolved,
        requests_resolved: resolved,
        requests_overdue: overdue,
        deals: deals.len(),
        deal_enterprises,
        financing_amount_10k_yuan: deals.iter().map(|d| d.amount_10k_yuan).sum(),
    }
}

/// Emerging enterprises in the given industries, and their share of all emerging ones (%).
pub fn emerging_in(reg: &Register, industries: &[String]) -> (usize, Option<f64>) {
    let emerging: Vec<&Enterprise> = reg.enterprises.iter().filter(|e| e.emerging).collect();
    let within = emerging
        .iter()
        .filter(|e| e.industry.as_ref().is_some_and(|i| industries.contains(i)))
        .count();
    let share = (!emerging.is_empty()).then(|| within as f64 / emerging.len() as f64 * 100.0);
    (within, share)
}

/// Enterprises per industry code ("" for none), counting those that pass `filter`.
pub fn count_by_industry(
    reg: &Register,
    filter: impl Fn(&Enterprise) -> bool,
) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for e in reg.enterprises.iter().filter(|e| filter(e)) {
        *out.entry(e.industry.clone().unwrap_or_default())
            .or_insert(0) += 1;
    }
    out
}

/// Requests raised in the period's year-to-date by category: (raised, resolved).
pub fn requests_by_category(reg: &Register, period: Period) -> BTreeMap<String, (usize, usize)> {
    let (start, end) = period_dates(period);
    let mut out: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in reg
        .requests
        .iter()
        .filter(|r| r.raised_on >= start && r.raised_on <= end)
    {
        let entry = out.entry(r.category.clone()).or_default();
        entry.0 += 1;
        if resolved_by(r, end) {
            entry.1 += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FinancingDeal, RequestStatus};

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).expect("date")
    }

    fn enterprise(id: i64, industry: &str, emerging: bool, key: bool) -> Enterprise {
        Enterprise {
            id,
            name: format!("企业{id}"),
            credit_code: String::new(),
            industry: Some(industry.into()),
            region: "230300".into(),
            above_size: false,
            emerging,
            srdi: false,
            key_support: key,
            private: true,
            official: String::new(),
        }
    }

    fn request(raised: Date, resolved: Option<Date>) -> ServiceRequest {
        ServiceRequest {
            revision: 0,
            id: 0,
            enterprise_id: 1,
            raised_on: raised,
            category: "financing".into(),
            text: String::new(),
            status: if resolved.is_some() {
                RequestStatus::Resolved
            } else {
                RequestStatus::Open
            },
            resolved_on: resolved,
            satisfaction: None,
        }
    }

    #[test]
    fn period_dates_cover_january_to_month_end() {
        let p = Period::new(2023, 2).expect("period");
        assert_eq!(period_dates(p), (d(2023, 1, 1), d(2023, 2, 28)));
        let p = Period::new(2024, 12).expect("period");
        assert_eq!(period_dates(p).1, d(2024, 12, 31));
    }

    #[test]
    fn requests_are_counted_as_of_the_period_end() {
        let reg = Register {
            enterprises: vec![
                enterprise(1, "graphite", true, true),
                enterprise(2, "coal", false, true),
                enterprise(3, "food", true, false),
            ],
            requests: vec![
                request(d(2022, 12, 20), Some(d(2023, 1, 5))), // last year: not counted
                request(d(2023, 1, 10), Some(d(2023, 2, 1))),  // resolved in time
                request(d(2023, 3, 1), Some(d(2023, 5, 2))),   // resolved after April
                request(d(2023, 4, 25), None),                 // open, 5 days old
                request(d(2023, 5, 3), None),                  // after the period
            ],
            deals: vec![
                FinancingDeal {
                    id: 1,
                    enterprise_id: 1,
                    bank: "银行".into(),
                    amount_10k_yuan: 500.0,
                    signed_on: d(2023, 3, 3),
                    status: "signed".into(),
                },
                FinancingDeal {
                    id: 2,
                    enterprise_id: 1,
                    bank: "银行".into(),
                    amount_10k_yuan: 700.0,
                    signed_on: d(2023, 6, 3),
                    status: "signed".into(),
                },
            ],
            projects: vec![],
        };
        let s = register_stats(&reg, Period::new(2023, 4).expect("period"));
        assert_eq!((s.total, s.key_support, s.emerging), (3, 2, 2));
        assert_eq!(
            (s.requests_raised, s.requests_resolved, s.requests_open),
            (3, 1, 2)
        );
        assert_eq!(s.requests_overdue, 1, "the March request waits 60 days");
        assert_eq!((s.deals, s.deal_enterprises), (1, 1));
        assert_eq!(s.financing_amount_10k_yuan, 500.0);
        let rate = s.resolution_rate_pct().expect("rate");
        assert!((rate - 100.0 / 3.0).abs() < 1e-9);
        let (n, share) = emerging_in(&reg, &["graphite".into()]);
        assert_eq!((n, share), (1, Some(50.0)));
    }
}
