//! Any text through the parsers of cell contents: periods, numbers, dates, flags, credit
//! codes, names. Each must return a value or an error, never panic.
#![no_main]

use industry_monitor::import::values;
use industry_monitor::model::{Date, Period, credit_code, name_key, suggest};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Period::parse_with_basis(text, Some(2023));
    let _ = Period::parse_with_basis(text, None);
    let _ = text.parse::<Period>();
    let _ = values::parse_number(text);
    let _ = values::parse_date(text);
    let _ = values::parse_flag(text);
    let _ = values::header_key(text);
    let _ = text.parse::<Date>();
    let _ = credit_code::validate(text);
    let _ = name_key(text);
    let _ = suggest::closest(text, ["鸡西市", "Jixi", "黑龙江省"].into_iter(), 3);
});
