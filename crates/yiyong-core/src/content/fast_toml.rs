//! Fast path for reading front matter: the plain TOML that nearly all front matter is written
//! in (`key =` a string, a number, `true`/`false`, a `YYYY-MM-DD` date or a one-line list of
//! those, and `[a.b]` and `[[a.b]]` headers), read straight to JSON; and `plain_date`, a
//! `YYYY-MM-DD` date read without trying six chrono parsers first. General path: the `toml`
//! crate + `front_matter::toml_to_json` (`front_matter::parse_value`), and
//! `front_matter::parse_datetime_general`.
//!
//! Anything else (escapes, exponents, times, inline tables, dotted or quoted keys, values over
//! several lines, a key or table given twice, anything invalid) gives `None`, and the caller
//! takes the general path: what is accepted, and every error message, stay the crate's.
//!
//! Figure (docs/fast-paths.md): warm rebuild of the 10,000-hero Zola corpus, cachegrind,
//! `RAYON_NUM_THREADS=1`: 5,402 M instructions with both, 5,652 M without `parse` (+4.6%),
//! 5,551 M without `plain_date` (+2.7%); `[timing] load` median 127 ms with, 145 ms
//! without `parse` (10,000 heroes, 5 alternating runs). Build with
//! `RUSTFLAGS="--cfg yiyong_general_toml"` to measure without either.
//!
//! Contract: the `toml_*` and `plain_date_*` tests in src/fast_paths_tests.rs, and the
//! front matter fuzz target (`typed_routes_agree`, fuzz/src/lib.rs) with its regressions.

use serde_json::{Map, Value};

/// The front matter as a JSON object, or `None` to leave it to the `toml` crate.
pub fn parse(text: &str) -> Option<Map<String, Value>> {
    let mut doc = Doc::default();
    // Keys of the `[table]` or `[[table]]` being filled, from the top.
    let mut current: Vec<&str> = vec![];
    for line in lines(text)? {
        let line = trim_end(trim_start(line));
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(header) = line.strip_prefix("[[") {
            current = keys(header.strip_suffix("]]")?)?;
            doc.add_array_table(&current)?;
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            current = keys(header.strip_suffix(']')?)?;
            doc.add_table(&current)?;
            continue;
        }
        let (key, rest) = line.split_once('=')?;
        let key = trim_end(key);
        if !is_bare_key(key) {
            return None;
        }
        let (value, rest) = value(trim_start(rest), false)?;
        let rest = trim_start(rest);
        if !(rest.is_empty() || rest.starts_with('#')) {
            return None;
        }
        let table = table_at(&mut doc.root, &current)?;
        if table.insert(key.to_string(), value).is_some() {
            return None;
        }
    }
    Some(doc.root)
}

/// The lines of `text`, or `None` if it holds a control character TOML refuses (any but tab,
/// and a carriage return but before a line feed), in one pass over the bytes.
pub(crate) fn lines(text: &str) -> Option<Vec<&str>> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let b = text.as_bytes();
    let mut lines = Vec::with_capacity(16);
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        // Eight bytes at once while none is below 0x20 or 0x7f: the high bit of a byte of
        // `x - n` survives `& !x` only where a byte below n borrowed (exact for "any").
        if let Some(word) = b.get(i..i + 8) {
            let x = u64::from_le_bytes(word.try_into().expect("eight bytes"));
            let below = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
            let del = x ^ (ONES * 0x7f);
            if below | (del.wrapping_sub(ONES) & !del & HIGH) == 0 {
                i += 8;
                continue;
            }
        }
        match b[i] {
            b'\n' => {
                let end = if i > start && b[i - 1] == b'\r' {
                    i - 1
                } else {
                    i
                };
                lines.push(&text[start..end]);
                start = i + 1;
            }
            b'\r' if b.get(i + 1) == Some(&b'\n') => {}
            b'\t' => {}
            c if c < 0x20 || c == 0x7f => return None,
            _ => {}
        }
        i += 1;
    }
    lines.push(&text[start..]);
    Some(lines)
}

/// TOML's blanks are spaces and tabs only (`str::trim` would take U+3000 too).
fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn trim_start(s: &str) -> &str {
    &s[s.bytes().take_while(|&b| is_blank(b)).count()..]
}

fn trim_end(s: &str) -> &str {
    &s[..s.len() - s.bytes().rev().take_while(|&b| is_blank(b)).count()]
}

/// The document so far, with what TOML's rules on redefining tables need remembered.
#[derive(Default)]
struct Doc<'a> {
    root: Map<String, Value>,
    /// Tables given a `[header]` (not those only implied by a longer one).
    defined: Vec<Vec<&'a str>>,
    /// Lists made by `[[header]]`, which more `[[header]]`s extend.
    array_tables: Vec<Vec<&'a str>>,
}

impl<'a> Doc<'a> {
    fn add_table(&mut self, path: &[&'a str]) -> Option<()> {
        // Within a list of tables, each entry may have a table of that name: left to the crate.
        if self.defined.iter().any(|d| d == path) {
            return None;
        }
        let (last, parent) = path.split_last()?;
        let parent = table_at_making(&mut self.root, parent)?;
        match parent.get(*last) {
            None => {
                parent.insert(last.to_string(), Value::Object(Map::new()));
            }
            // Implied by an earlier, longer header: defined now.
            Some(Value::Object(_)) => {}
            Some(_) => return None,
        }
        self.defined.push(path.to_vec());
        Some(())
    }

    fn add_array_table(&mut self, path: &[&'a str]) -> Option<()> {
        let (last, parent_path) = path.split_last()?;
        let known = self.array_tables.iter().any(|d| d == path);
        let parent = table_at_making(&mut self.root, parent_path)?;
        match parent.get_mut(*last) {
            None => {
                let list = Value::Array(vec![Value::Object(Map::new())]);
                parent.insert(last.to_string(), list);
                self.array_tables.push(path.to_vec());
            }
            Some(Value::Array(list)) if known => list.push(Value::Object(Map::new())),
            Some(_) => return None,
        }
        Some(())
    }
}

/// The keys of a header: bare keys joined by dots, without spaces.
fn keys(header: &str) -> Option<Vec<&str>> {
    let keys: Vec<&str> = header.split('.').collect();
    keys.iter().all(|k| is_bare_key(k)).then_some(keys)
}

/// The table that `path` leads to, through the last entry of any list of tables on the way.
fn table_at<'m>(
    root: &'m mut Map<String, Value>,
    path: &[&str],
) -> Option<&'m mut Map<String, Value>> {
    let mut table = root;
    for key in path {
        table = into_table(table.get_mut(*key)?)?;
    }
    Some(table)
}

/// A table, or the last entry of a list of tables; `None` for any other value.
fn into_table(value: &mut Value) -> Option<&mut Map<String, Value>> {
    match value {
        Value::Object(t) => Some(t),
        Value::Array(list) => list.last_mut()?.as_object_mut(),
        _ => None,
    }
}

/// As `table_at`, making the tables that are missing on the way (as a longer header implies).
fn table_at_making<'m>(
    root: &'m mut Map<String, Value>,
    path: &[&str],
) -> Option<&'m mut Map<String, Value>> {
    let mut table = root;
    for key in path {
        let next = table
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        table = into_table(next)?;
    }
    Some(table)
}

fn is_bare_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// One value at the start of `s`, and what follows it.
fn value(s: &str, in_list: bool) -> Option<(Value, &str)> {
    match s.as_bytes().first()? {
        b'"' | b'\'' if s.starts_with("\"\"\"") || s.starts_with("'''") => None,
        b'"' => {
            let end = s[1..].find('"')? + 1;
            let body = &s[1..end];
            // An escape (`\"` included) is left to the crate.
            (!body.contains('\\')).then(|| (Value::String(body.to_string()), &s[end + 1..]))
        }
        b'\'' => {
            let end = s[1..].find('\'')? + 1;
            Some((Value::String(s[1..end].to_string()), &s[end + 1..]))
        }
        b'[' if !in_list => list(&s[1..]),
        _ => {
            let end = s
                .bytes()
                .position(|b| matches!(b, b' ' | b'\t' | b',' | b']' | b'#'))
                .unwrap_or(s.len());
            Some((scalar(&s[..end])?, &s[end..]))
        }
    }
}

/// The rest of a one-line list after its `[`.
fn list(mut s: &str) -> Option<(Value, &str)> {
    let mut items = vec![];
    loop {
        s = trim_start(s);
        if let Some(rest) = s.strip_prefix(']') {
            return Some((Value::Array(items), rest));
        }
        let (item, rest) = value(s, true)?;
        items.push(item);
        s = trim_start(rest);
        if let Some(rest) = s.strip_prefix(',') {
            s = rest;
        } else if !s.starts_with(']') {
            return None;
        }
    }
}

/// `true`, `false`, a number without `+`, `_`, an exponent or leading zeros, or a `YYYY-MM-DD`
/// date (given as the string `toml_to_json` makes of it).
fn scalar(token: &str) -> Option<Value> {
    match token {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        _ => {}
    }
    let digits = token.strip_prefix('-').unwrap_or(token);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if digits.len() > 1 && digits.starts_with('0') {
            return None;
        }
        return token.parse::<i64>().ok().map(Value::from);
    }
    if let Some((whole, fraction)) = digits.split_once('.') {
        let plain = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
        if plain(whole) && plain(fraction) && !(whole.len() > 1 && whole.starts_with('0')) {
            // The crate reads floats with Rust's own parser too, so the bits agree.
            let f = token.parse::<f64>().ok()?;
            return serde_json::Number::from_f64(f).map(Value::Number);
        }
        return None;
    }
    let b = token.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
    let num = |r: std::ops::Range<usize>| token[r].parse::<u32>().ok();
    if shaped
        && chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?).is_some()
    {
        return Some(Value::String(token.to_string()));
    }
    None
}

/// `YYYY-MM-DD`, exactly; `None` for anything else (which the general parsers then try).
pub fn plain_date(s: &str) -> Option<chrono::NaiveDate> {
    let shaped = s.len() == 10
        && s.bytes().enumerate().all(|(i, c)| match i {
            4 | 7 => c == b'-',
            _ => c.is_ascii_digit(),
        });
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    if !shaped {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}
