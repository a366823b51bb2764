//! `tel(number=…)`: what a clerk typed as a phone number (「0371-6666 8888」,
//! 「０３７１－６６６６８８８８」, 「12345 转 2」, 「0371-1234567、0371-7654321」) as the digits of
//! a `tel:` link. The theme's team, service and footer links all use it, so one number is
//! dialled the same wherever it is shown.
//!
//! The rule: full-width digits and `＋` are folded to ASCII; what comes before the first digit
//! (「电话：」) is skipped; spaces, dashes, dots and brackets inside a number are dropped; any
//! other character after a digit ends the number. So only the first of several numbers is
//! dialled (「、」, 「/」, 「或」 end it), and an extension (「转 2」, 「ext. 2」, 「分机2」) is left
//! out: a pause written as `,2` is dialled by some phones and refused or kept as text by
//! others, while the number alone always rings; the link's text still shows 「转 2」, so the
//! caller knows what to ask the switchboard for. Nothing but digits and a leading `+` is
//! ever returned, so the link cannot carry markup; no digits gives "" (the theme then shows
//! the text without a link).

use std::collections::HashMap;

use serde_json::Value;
use tera::{Function, Result};

/// The digits to dial for what was typed: see the module's rule.
pub fn tel_digits(typed: &str) -> String {
    let mut out = String::new();
    let mut digits = false;
    for c in typed.chars() {
        let c = match c {
            '０'..='９' | '＋' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        };
        match c {
            '0'..='9' => {
                out.push(c);
                digits = true;
            }
            '+' if out.is_empty() => out.push(c),
            ' ' | '\u{a0}' | '\u{3000}' | '\t' | '-' | '－' | '‐' | '‑' | '–' | '—' | '.' | '('
            | ')' | '（' | '）' => {}
            _ if digits => break,
            // Words before the number (「电话：」, 「Tel:」), and a `+` not followed by digits.
            _ => out.clear(),
        }
    }
    if digits {
        out
    } else {
        String::new()
    }
}

/// The template function: `tel(number=t.phone)`. A number given as a TOML integer is read
/// too; anything else (nothing, a list) gives "".
pub struct Tel;

impl Function for Tel {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let digits = match args.get("number") {
            Some(Value::String(s)) => tel_digits(s),
            Some(Value::Number(n)) => tel_digits(&n.to_string()),
            _ => String::new(),
        };
        Ok(Value::String(digits))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_clerks_type() {
        for (typed, want) in [
            ("0371-6666 8888", "037166668888"),
            ("０３７１－６６６６８８８８", "037166668888"),
            ("12345 转 2", "12345"),
            ("12345转2", "12345"),
            ("0371-1234567、0371-7654321", "03711234567"),
            ("0371-1234567 / 0371-7654321", "03711234567"),
            ("0371-1234567或7654321", "03711234567"),
            ("(0371) 6666-8888", "037166668888"),
            ("（0371）66668888", "037166668888"),
            ("0371-6000 0000（工作日）", "037160000000"),
            ("0371-66668888 ext. 12", "037166668888"),
            ("0371-66668888 分机 12", "037166668888"),
            ("电话：0371-66668888", "037166668888"),
            ("+86 371 6666 8888", "+8637166668888"),
            ("＋８６ ３７１ ６６６６ ８８８８", "+8637166668888"),
            ("400-800-1234", "4008001234"),
            ("0371.6666.8888", "037166668888"),
            ("0371—66668888", "037166668888"),
            ("暂无", ""),
            ("", ""),
            ("+", ""),
            ("<b>0371</b>", "0371"),
        ] {
            assert_eq!(tel_digits(typed), want, "{typed}");
        }
    }

    #[test]
    fn only_digits_and_a_leading_plus_come_out() {
        for typed in ["0371\"><script>", "0371'1", "0371&amp;1", "+86+1", "0371<1"] {
            let got = tel_digits(typed);
            let body = got.strip_prefix('+').unwrap_or(&got);
            assert!(body.chars().all(|c| c.is_ascii_digit()), "{typed}: {got}");
        }
    }

    #[test]
    fn the_function_reads_text_and_integers() {
        let call = |v: Value| {
            let args = HashMap::from([("number".to_string(), v)]);
            Tel.call(&args).unwrap()
        };
        assert_eq!(call(Value::from("0371-6666 8888")), "037166668888");
        assert_eq!(call(Value::from(12345)), "12345");
        assert_eq!(call(Value::Null), "");
        assert_eq!(Tel.call(&HashMap::new()).unwrap(), "");
    }
}
