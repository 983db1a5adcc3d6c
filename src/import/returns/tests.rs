//! Unit tests of the returns reader.

use crate::import::context;
use crate::import::names::Names;
use crate::model::catalogue::builtin;

/// "企业月报" before the period used to hide it: the first 月 was the one of 月报.
#[test]
fn file_names_and_titles_give_the_period_after_a_word_with_yue() {
    let names = Names::new(builtin());
    for t in [
        "企业月报2024年1-4月",
        "鸡西市规上工业企业月报 2024年1-4月",
        "2024年1-4月企业月报",
    ] {
        for c in [context::read_file_name(t, &names), context::read(t, &names)] {
            assert_eq!((c.year, c.month), (Some(2024), Some(4)), "{t}");
        }
    }
}
