//! Unified social credit codes (统一社会信用代码, GB 32100-2015).
//!
//! 18 characters: registration authority (1), organisation type (1), administrative division
//! (6), organisation code (9, GB 11714 with its own check character) and a check character
//! (1) computed over the first 17 with weights 3^(i) mod 31. Both checks are enforced: a
//! single mistyped character fails one of them.

/// The 31 characters a credit code may use (no I, O, S, V, Z), in value order.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1..=17 (3^(i-1) mod 31).
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
/// Weights of the 8 body characters of a GB 11714 organisation code.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Why a credit code is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    /// Not 18 characters.
    #[error("a unified social credit code has 18 characters, this one has {0}")]
    Length(usize),
    /// A character outside the code's alphabet.
    #[error(
        "character “{ch}” at position {pos} is not allowed (codes use 0–9 and A–Y without I, O, S, V, Z)"
    )]
    Character {
        /// The offending character.
        ch: char,
        /// 1-based position.
        pos: usize,
    },
    /// The embedded organisation code's check character is wrong.
    #[error(
        "the organisation code (positions 9–17) fails its GB 11714 check: expected “{expected}” at position 17, found “{found}”"
    )]
    OrganisationCheck {
        /// The check character the body implies.
        expected: char,
        /// The check character given.
        found: char,
    },
    /// The final check character is wrong.
    #[error(
        "check character (position 18) should be “{expected}”, found “{found}”: a character was probably mistyped"
    )]
    Check {
        /// The check character the first 17 imply.
        expected: char,
        /// The check character given.
        found: char,
    },
}

fn value_of(ch: u8) -> Option<u32> {
    ALPHABET.iter().position(|&c| c == ch).map(|v| v as u32)
}

/// The check character (position 18) for the first 17 characters, if they are valid.
pub fn check_character(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (b, w) in bytes.iter().zip(WEIGHTS) {
        sum += value_of(*b)? * w;
    }
    let c = (31 - sum % 31) % 31;
    Some(char::from(ALPHABET[c as usize]))
}

/// The GB 11714 check character for an 8-character organisation code body.
pub fn organisation_check_character(body: &str) -> Option<char> {
    let bytes = body.as_bytes();
    if bytes.len() != 8 {
        return None;
    }
    let mut sum = 0;
    for (b, w) in bytes.iter().zip(ORG_WEIGHTS) {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return None,
        };
        sum += v * w;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        c => char::from_digit(c, 10).unwrap_or('0'),
    })
}

/// Validates a credit code, returning it normalised (trimmed, upper case).
pub fn validate(code: &str) -> Result<String, CreditCodeError> {
    let code: String = code.trim().to_uppercase();
    let n = code.chars().count();
    if n != 18 {
        return Err(CreditCodeError::Length(n));
    }
    for (i, ch) in code.chars().enumerate() {
        if !ch.is_ascii() || value_of(ch as u8).is_none() {
            return Err(CreditCodeError::Character { ch, pos: i + 1 });
        }
    }
    let org_body = &code[8..16];
    let org_found = code.as_bytes()[16] as char;
    if let Some(expected) = organisation_check_character(org_body)
        && expected != org_found
    {
        return Err(CreditCodeError::OrganisationCheck {
            expected,
            found: org_found,
        });
    }
    let found = code.as_bytes()[17] as char;
    let expected = check_character(&code[..17]).ok_or(CreditCodeError::Length(n))?;
    if expected != found {
        return Err(CreditCodeError::Check { expected, found });
    }
    Ok(code)
}

/// Builds a valid code from its parts (authority+type "91", a 6-digit division code and an
/// 8-character organisation body): used to make sample and test enterprises.
pub fn compose(prefix2: &str, division6: &str, org_body8: &str) -> Option<String> {
    let org_check = organisation_check_character(org_body8)?;
    let first17 = format!("{prefix2}{division6}{org_body8}{org_check}");
    let check = check_character(&first17)?;
    Some(format!("{first17}{check}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Codes printed on public business licences.
    const KNOWN_VALID: &[&str] = &[
        "914403001922038216", // 华为技术有限公司
        "91440300708461136T", // 深圳市腾讯计算机系统有限公司
        "91330100799655058B", // 阿里巴巴（中国）有限公司
    ];

    #[test]
    fn public_codes_validate() {
        for code in KNOWN_VALID {
            assert_eq!(validate(code).as_deref(), Ok(*code), "{code}");
        }
        assert_eq!(
            validate(" 91440300708461136t ").as_deref(),
            Ok("91440300708461136T")
        );
    }

    #[test]
    fn every_single_substitution_is_caught() {
        let good = KNOWN_VALID[0];
        for pos in 0..18 {
            for &c in ALPHABET.iter() {
                let mut bytes = good.as_bytes().to_vec();
                if bytes[pos] == c {
                    continue;
                }
                bytes[pos] = c;
                let bad = String::from_utf8(bytes).expect("ascii");
                assert!(validate(&bad).is_err(), "{bad} should fail");
            }
        }
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert_eq!(
            validate("9144030019220382"),
            Err(CreditCodeError::Length(16))
        );
        assert!(matches!(
            validate("91440300192203821I"),
            Err(CreditCodeError::Character { ch: 'I', pos: 18 })
        ));
        assert!(matches!(
            validate("914403001922038217"),
            Err(CreditCodeError::Check {
                expected: '6',
                found: '7'
            })
        ));
        assert!(matches!(
            validate("914403001922038316"),
            Err(CreditCodeError::OrganisationCheck { .. })
        ));
    }

    #[test]
    fn composed_codes_validate() {
        let code = compose("91", "230300", "MA1B2C3D").expect("compose");
        assert_eq!(validate(&code).as_deref(), Ok(code.as_str()));
        assert_eq!(organisation_check_character("19220382"), Some('1'));
    }
}
