//! What the 包联 evaluation (包联考核, SPEC §10) reads besides the returns: investment
//! projects, the enterprises' satisfaction with how a request was handled, and the weights
//! of the scorecard's components.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{Lang, Period, Said};

/// How satisfied an enterprise was with the handling of its request (满意度).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    /// 满意.
    Satisfied,
    /// 基本满意.
    Basic,
    /// 不满意.
    Dissatisfied,
}

/// A 满意度 word that is none of the accepted ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a satisfaction rating (use 满意, 基本满意 or 不满意)")]
pub struct UnknownSatisfaction(pub String);

impl UnknownSatisfaction {
    /// The message in both languages, with the accepted words.
    pub fn said(&self) -> Said {
        Said::new(
            format!(
                "“{}”不是满意度评价：请填写 满意、基本满意 或 不满意（也可留空）",
                self.0
            ),
            format!(
                "“{}” is not a satisfaction rating: use 满意 (satisfied), 基本满意 (fairly \
                 satisfied) or 不满意 (dissatisfied), or leave it empty",
                self.0
            ),
        )
    }
}

impl Satisfaction {
    /// All ratings, best first.
    pub const ALL: [Satisfaction; 3] = [
        Satisfaction::Satisfied,
        Satisfaction::Basic,
        Satisfaction::Dissatisfied,
    ];

    /// The code stored in the dataset.
    pub fn code(self) -> &'static str {
        match self {
            Satisfaction::Satisfied => "satisfied",
            Satisfaction::Basic => "basic",
            Satisfaction::Dissatisfied => "dissatisfied",
        }
    }

    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Satisfaction::Satisfied, Lang::Zh) => "满意",
            (Satisfaction::Basic, Lang::Zh) => "基本满意",
            (Satisfaction::Dissatisfied, Lang::Zh) => "不满意",
            (Satisfaction::Satisfied, Lang::En) => "satisfied",
            (Satisfaction::Basic, Lang::En) => "fairly satisfied",
            (Satisfaction::Dissatisfied, Lang::En) => "dissatisfied",
        }
    }

    /// True for 满意 and 基本满意 (what satisfied_pct counts).
    pub fn is_satisfied(self) -> bool {
        self != Satisfaction::Dissatisfied
    }
}

impl FromStr for Satisfaction {
    type Err = UnknownSatisfaction;

    /// The Chinese words, the stored codes and common English ones.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        match t.to_lowercase().replace([' ', '-'], "_").as_str() {
            "满意" | "非常满意" | "satisfied" | "very_satisfied" => {
                Ok(Satisfaction::Satisfied)
            }
            "基本满意" | "比较满意" | "basic" | "fairly_satisfied" | "mostly_satisfied" => {
                Ok(Satisfaction::Basic)
            }
            "不满意" | "dissatisfied" | "unsatisfied" | "not_satisfied" => {
                Ok(Satisfaction::Dissatisfied)
            }
            _ => Err(UnknownSatisfaction(t.to_string())),
        }
    }
}

impl fmt::Display for Satisfaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label(Lang::Zh))
    }
}

/// One investment project's figures for a period of the year (万元, year to date).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvestmentProject {
    /// Row id (0 before it is stored).
    pub id: i64,
    /// The enterprise's row id.
    pub enterprise_id: i64,
    /// 项目名称.
    pub name: String,
    /// The period the figures run to (year to date).
    pub period: Period,
    /// 计划总投资, 万元.
    pub planned_total: Option<f64>,
    /// 年度计划投资, 万元.
    pub planned_year: Option<f64>,
    /// 本年累计完成投资, 万元.
    pub done_ytd: Option<f64>,
    /// 上年同期完成投资, 万元 (empty: the project had not started, counted as 0).
    pub done_last: Option<f64>,
}

/// A component of the 包联 scorecard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    /// Aggregate output growth of the official's enterprises (§9).
    OutputGrowth,
    /// Growth of their projects' completed investment.
    InvestmentGrowth,
    /// Share of their requests resolved.
    Resolved,
    /// Requests open more than 30 days (fewer is better).
    Overdue,
    /// Share of rated requests rated 满意 or 基本满意.
    Satisfaction,
}

impl Component {
    /// All components, in the scorecard's order.
    pub const ALL: [Component; 5] = [
        Component::OutputGrowth,
        Component::InvestmentGrowth,
        Component::Resolved,
        Component::Overdue,
        Component::Satisfaction,
    ];

    /// The key in JSON and in the stored weights.
    pub fn code(self) -> &'static str {
        match self {
            Component::OutputGrowth => "output_growth",
            Component::InvestmentGrowth => "investment_growth",
            Component::Resolved => "resolved",
            Component::Overdue => "overdue",
            Component::Satisfaction => "satisfaction",
        }
    }

    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Component::OutputGrowth, Lang::Zh) => "产值增速",
            (Component::InvestmentGrowth, Lang::Zh) => "投资增速",
            (Component::Resolved, Lang::Zh) => "诉求办结率",
            (Component::Overdue, Lang::Zh) => "超期诉求",
            (Component::Satisfaction, Lang::Zh) => "满意率",
            (Component::OutputGrowth, Lang::En) => "output growth",
            (Component::InvestmentGrowth, Lang::En) => "investment growth",
            (Component::Resolved, Lang::En) => "requests resolved",
            (Component::Overdue, Lang::En) => "overdue requests",
            (Component::Satisfaction, Lang::En) => "satisfaction",
        }
    }

    /// True when a larger value is better (all but overdue requests).
    pub fn higher_is_better(self) -> bool {
        self != Component::Overdue
    }

    /// Position in [`Component::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The weights of the scorecard's components (any non-negative numbers; the composite
/// divides by their sum over the components an official has data for).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// Output growth.
    pub output_growth: f64,
    /// Investment growth.
    pub investment_growth: f64,
    /// Requests resolved.
    pub resolved: f64,
    /// Overdue requests.
    pub overdue: f64,
    /// Satisfaction.
    pub satisfaction: f64,
}

impl Default for Weights {
    /// SPEC §10's defaults: 40, 20, 20, 10, 10.
    fn default() -> Self {
        Weights {
            output_growth: 40.0,
            investment_growth: 20.0,
            resolved: 20.0,
            overdue: 10.0,
            satisfaction: 10.0,
        }
    }
}

impl Weights {
    /// The weight of a component.
    pub fn get(&self, c: Component) -> f64 {
        match c {
            Component::OutputGrowth => self.output_growth,
            Component::InvestmentGrowth => self.investment_growth,
            Component::Resolved => self.resolved,
            Component::Overdue => self.overdue,
            Component::Satisfaction => self.satisfaction,
        }
    }

    /// Sets the weight of a component.
    pub fn set(&mut self, c: Component, w: f64) {
        match c {
            Component::OutputGrowth => self.output_growth = w,
            Component::InvestmentGrowth => self.investment_growth = w,
            Component::Resolved => self.resolved = w,
            Component::Overdue => self.overdue = w,
            Component::Satisfaction => self.satisfaction = w,
        }
    }

    /// Refuses a negative or non-finite weight, and weights that are all zero.
    pub fn validate(&self) -> Result<(), Said> {
        for c in Component::ALL {
            let w = self.get(c);
            if !w.is_finite() || w < 0.0 {
                return Err(Said::new(
                    format!(
                        "“{}”的权重 {w} 无效：权重须为不小于 0 的数",
                        c.label(Lang::Zh)
                    ),
                    format!(
                        "the weight of {} ({w}) is not valid: a weight is a number of 0 or more",
                        c.label(Lang::En)
                    ),
                ));
            }
        }
        if Component::ALL.iter().all(|&c| self.get(c) == 0.0) {
            return Err(Said::new(
                "权重不能全部为 0：至少给一项指标正的权重",
                "the weights cannot all be 0: give at least one component a positive weight",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn satisfaction_words_parse_and_unknown_ones_list_the_accepted_words() {
        assert_eq!("满意".parse(), Ok(Satisfaction::Satisfied));
        assert_eq!(" 基本满意 ".parse(), Ok(Satisfaction::Basic));
        assert_eq!("不满意".parse(), Ok(Satisfaction::Dissatisfied));
        assert_eq!("Fairly satisfied".parse(), Ok(Satisfaction::Basic));
        let err = "还行".parse::<Satisfaction>().expect_err("unknown word");
        let said = err.said();
        assert!(said.zh.contains("还行") && said.zh.contains("基本满意"));
        assert!(said.en.contains("不满意"));
        for s in Satisfaction::ALL {
            assert_eq!(s.code().parse(), Ok(s));
            assert_eq!(s.label(Lang::Zh).parse(), Ok(s));
        }
    }

    #[test]
    fn weights_refuse_negative_non_finite_and_all_zero() {
        assert!(Weights::default().validate().is_ok());
        let mut w = Weights::default();
        w.set(Component::Overdue, -1.0);
        assert!(w.validate().expect_err("negative").zh.contains("超期诉求"));
        w.set(Component::Overdue, f64::NAN);
        assert!(w.validate().is_err());
        let zero = Weights {
            output_growth: 0.0,
            investment_growth: 0.0,
            resolved: 0.0,
            overdue: 0.0,
            satisfaction: 0.0,
        };
        assert!(
            zero.validate()
                .expect_err("all zero")
                .en
                .contains("all be 0")
        );
        let mut one = zero;
        one.set(Component::Satisfaction, 1.0);
        assert!(one.validate().is_ok());
        assert_eq!(Component::ALL.map(|c| c.index()), [0, 1, 2, 3, 4]);
    }
}
