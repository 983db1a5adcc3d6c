//! Warnings (预警, SPEC §13): the rules the analyst runs before a 调度会, their thresholds
//! (editable, stored in the dataset) and the warnings they raise.

use serde::{Deserialize, Serialize};

use super::{Lang, Said};

/// A warning rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A region's growth below its parent's, by at least the threshold (points).
    BelowParent,
    /// A region's growth below its annual rate target, by at least the threshold (points).
    BelowTarget,
    /// A level target behind 序时进度 by at least the threshold (points).
    BehindSchedule,
    /// A region's rank fell by at least the threshold (places).
    RankDown,
    /// A region's run at a rank, of at least the threshold (periods), ended this period.
    StreakEnded,
    /// An enterprise stopped production.
    EnterpriseStopped,
    /// An enterprise declining and pulling the growth down by at least the threshold (points).
    EnterpriseDeclining,
    /// A 规上 enterprise without a return for the period.
    ReturnMissing,
    /// A request unresolved for at least the threshold (days) at the period's end.
    RequestOpen,
    /// An official's 包联 composite below the threshold (points).
    OfficialLow,
    /// Electricity and output growth apart by more than the threshold (points) — 用电与产值背离.
    PowerOutputApart,
}

impl Rule {
    /// Every rule, in the order warnings are listed.
    pub const ALL: [Rule; 11] = [
        Rule::BelowParent,
        Rule::BelowTarget,
        Rule::BehindSchedule,
        Rule::RankDown,
        Rule::StreakEnded,
        Rule::PowerOutputApart,
        Rule::EnterpriseStopped,
        Rule::EnterpriseDeclining,
        Rule::ReturnMissing,
        Rule::RequestOpen,
        Rule::OfficialLow,
    ];

    /// The code in JSON and in the stored thresholds.
    pub fn code(self) -> &'static str {
        match self {
            Rule::BelowParent => "below_parent",
            Rule::BelowTarget => "below_target",
            Rule::BehindSchedule => "behind_schedule",
            Rule::RankDown => "rank_down",
            Rule::StreakEnded => "streak_ended",
            Rule::EnterpriseStopped => "enterprise_stopped",
            Rule::EnterpriseDeclining => "enterprise_declining",
            Rule::ReturnMissing => "return_missing",
            Rule::RequestOpen => "request_open",
            Rule::OfficialLow => "official_low",
            Rule::PowerOutputApart => "power_output_apart",
        }
    }

    /// The rule's name in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Rule::BelowParent => lang.pick("增速低于上级", "growth below the parent"),
            Rule::BelowTarget => lang.pick("增速低于年度目标", "growth below the target"),
            Rule::BehindSchedule => lang.pick("落后序时进度", "behind schedule"),
            Rule::RankDown => lang.pick("位次后移", "rank fell"),
            Rule::StreakEnded => lang.pick("连续保持中断", "streak ended"),
            Rule::EnterpriseStopped => lang.pick("企业停产", "enterprise stopped"),
            Rule::EnterpriseDeclining => lang.pick("企业减产拉低", "enterprise declining"),
            Rule::ReturnMissing => lang.pick("月报未报", "return missing"),
            Rule::RequestOpen => lang.pick("诉求超期未办结", "request open too long"),
            Rule::OfficialLow => lang.pick("包联考核得分偏低", "official's score low"),
            Rule::PowerOutputApart => lang.pick("用电与产值背离", "electricity and output apart"),
        }
    }

    /// The unit of the rule's value and threshold.
    pub fn unit(self, lang: Lang) -> &'static str {
        match self {
            Rule::BelowParent
            | Rule::BelowTarget
            | Rule::BehindSchedule
            | Rule::EnterpriseDeclining
            | Rule::PowerOutputApart => lang.pick("个百分点", "pp"),
            Rule::RankDown => lang.pick("位", "places"),
            Rule::StreakEnded => lang.pick("个月", "periods"),
            Rule::RequestOpen => lang.pick("天", "days"),
            Rule::OfficialLow => lang.pick("分", "points"),
            Rule::EnterpriseStopped | Rule::ReturnMissing => "",
        }
    }

    /// True for the rules whose thresholds the user sets (stopped and missing always warn).
    pub fn has_threshold(self) -> bool {
        !matches!(self, Rule::EnterpriseStopped | Rule::ReturnMissing)
    }
}

/// How serious a warning is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 预警: act on it.
    Alert,
    /// 关注: watch it.
    Watch,
}

impl Severity {
    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Alert => lang.pick("预警", "alert"),
            Severity::Watch => lang.pick("关注", "watch"),
        }
    }
}

/// A rule's two thresholds: from `watch` on a warning is 关注, from `alert` on 预警 (both in
/// the rule's unit, in the direction the rule counts: a larger shortfall, more places, more
/// days; for [`Rule::OfficialLow`] a lower score).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Levels {
    /// From here on: 关注.
    pub watch: f64,
    /// From here on: 预警.
    pub alert: f64,
}

/// The thresholds of every rule that has them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// Growth below the parent by (points).
    pub below_parent: Levels,
    /// Growth below the rate target by (points).
    pub below_target: Levels,
    /// Behind 序时进度 by (points).
    pub behind_schedule: Levels,
    /// Rank fell by (places).
    pub rank_down: Levels,
    /// A streak of at least (periods) ended.
    pub streak_ended: Levels,
    /// An enterprise's pull down by at least (points).
    pub enterprise_declining: Levels,
    /// A request open for more than (days).
    pub request_open: Levels,
    /// An official's composite below (points).
    pub official_low: Levels,
    /// Electricity and output growth apart by more than (points).
    pub power_output_apart: Levels,
}

impl Default for Thresholds {
    /// SPEC §13's rules: below the parent or target at all; behind schedule at all; rank down
    /// ≥ 2 places; a streak of 3 ended; pull ≤ −0.5 points; open > 30 days; composite < 70;
    /// apart by > 10 points — each with a stricter level for 预警.
    fn default() -> Self {
        let l = |watch, alert| Levels { watch, alert };
        Thresholds {
            below_parent: l(0.1, 3.0),
            below_target: l(0.1, 2.0),
            behind_schedule: l(0.1, 5.0),
            rank_down: l(2.0, 4.0),
            streak_ended: l(3.0, 6.0),
            enterprise_declining: l(0.5, 1.0),
            request_open: l(30.0, 60.0),
            official_low: l(70.0, 65.0),
            power_output_apart: l(10.0, 20.0),
        }
    }
}

impl Thresholds {
    /// The levels of a rule (None for the rules without thresholds).
    pub fn get(&self, rule: Rule) -> Option<Levels> {
        Some(match rule {
            Rule::BelowParent => self.below_parent,
            Rule::BelowTarget => self.below_target,
            Rule::BehindSchedule => self.behind_schedule,
            Rule::RankDown => self.rank_down,
            Rule::StreakEnded => self.streak_ended,
            Rule::EnterpriseDeclining => self.enterprise_declining,
            Rule::RequestOpen => self.request_open,
            Rule::OfficialLow => self.official_low,
            Rule::PowerOutputApart => self.power_output_apart,
            Rule::EnterpriseStopped | Rule::ReturnMissing => return None,
        })
    }

    /// Sets the levels of a rule (ignored for the rules without thresholds).
    pub fn set(&mut self, rule: Rule, levels: Levels) {
        match rule {
            Rule::BelowParent => self.below_parent = levels,
            Rule::BelowTarget => self.below_target = levels,
            Rule::BehindSchedule => self.behind_schedule = levels,
            Rule::RankDown => self.rank_down = levels,
            Rule::StreakEnded => self.streak_ended = levels,
            Rule::EnterpriseDeclining => self.enterprise_declining = levels,
            Rule::RequestOpen => self.request_open = levels,
            Rule::OfficialLow => self.official_low = levels,
            Rule::PowerOutputApart => self.power_output_apart = levels,
            Rule::EnterpriseStopped | Rule::ReturnMissing => {}
        }
    }

    /// Refuses a threshold that is not a finite number ≥ 0, and an 预警 level milder than
    /// the 关注 one (for a low score: higher).
    pub fn validate(&self) -> Result<(), Said> {
        for rule in Rule::ALL {
            let Some(l) = self.get(rule) else { continue };
            let name = |lang| rule.label(lang);
            if !(l.watch.is_finite() && l.alert.is_finite() && l.watch >= 0.0 && l.alert >= 0.0) {
                return Err(Said::new(
                    format!("“{}”的阈值须为不小于 0 的数", name(Lang::Zh)),
                    format!(
                        "the thresholds of “{}” must be numbers of 0 or more",
                        name(Lang::En)
                    ),
                ));
            }
            // A rule that warns from its threshold on would warn on a tie at 0 ("后移0位").
            let from_on = !matches!(
                rule,
                Rule::RequestOpen | Rule::PowerOutputApart | Rule::OfficialLow
            );
            if from_on && (l.watch == 0.0 || l.alert == 0.0) {
                return Err(Said::new(
                    format!("“{}”的阈值须大于 0", name(Lang::Zh)),
                    format!("the thresholds of “{}” must be above 0", name(Lang::En)),
                ));
            }
            let milder = if rule == Rule::OfficialLow {
                l.alert > l.watch
            } else {
                l.alert < l.watch
            };
            if milder {
                return Err(Said::new(
                    format!("“{}”的预警阈值不能比关注阈值宽松", name(Lang::Zh)),
                    format!(
                        "the alert threshold of “{}” cannot be milder than its watch threshold",
                        name(Lang::En)
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// What a warning is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WarningSubject {
    /// A region (the city, a county).
    Region {
        /// Region code.
        code: String,
        /// Its name.
        name: String,
    },
    /// An enterprise.
    Enterprise {
        /// Credit code.
        code: String,
        /// Its name.
        name: String,
    },
    /// A paired official.
    Official {
        /// The official's name.
        name: String,
    },
}

impl WarningSubject {
    /// The subject's name as printed.
    pub fn name(&self) -> &str {
        match self {
            WarningSubject::Region { name, .. }
            | WarningSubject::Enterprise { name, .. }
            | WarningSubject::Official { name } => name,
        }
    }
}

/// One warning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// The rule.
    pub rule: Rule,
    /// 预警 or 关注.
    pub severity: Severity,
    /// What it is about.
    pub subject: WarningSubject,
    /// The value that crossed the threshold, in the rule's unit.
    pub value: Option<f64>,
    /// The threshold it crossed.
    pub threshold: Option<f64>,
    /// One sentence in both languages (JSON prints the one of `--lang`).
    #[serde(skip)]
    pub text: Said,
    /// It rests on illustrative data (marked * in briefings).
    #[serde(skip)]
    pub illustrative: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_thresholds_are_valid_and_refusals_say_why() {
        let t = Thresholds::default();
        assert!(t.validate().is_ok());
        assert_eq!(
            t.get(Rule::RankDown),
            Some(Levels {
                watch: 2.0,
                alert: 4.0
            })
        );
        assert_eq!(t.get(Rule::ReturnMissing), None);
        let mut bad = t;
        bad.set(
            Rule::RequestOpen,
            Levels {
                watch: 30.0,
                alert: 10.0,
            },
        );
        assert!(
            bad.validate()
                .expect_err("milder")
                .zh
                .contains("诉求超期未办结")
        );
        let mut bad = t;
        bad.set(
            Rule::OfficialLow,
            Levels {
                watch: 70.0,
                alert: 75.0,
            },
        );
        assert!(bad.validate().is_err(), "a higher alert score is milder");
        let mut bad = t;
        bad.set(
            Rule::BelowParent,
            Levels {
                watch: -1.0,
                alert: 3.0,
            },
        );
        assert!(
            bad.validate()
                .expect_err("negative")
                .en
                .contains("0 or more")
        );
        let codes: std::collections::HashSet<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), 11);
    }
}
