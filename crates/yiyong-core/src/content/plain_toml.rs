//! The plain TOML that nearly all front matter is written in, read straight to JSON: `key =`
//! a string, a number, `true`/`false`, a `YYYY-MM-DD` date or a one-line list of those, and
//! `[a.b]` and `[[a.b]]` headers. The `toml` crate spends some 24,000 instructions on a hero's
//! eight lines; this about half of that, with the struct built from it.
//!
//! Anything else (escapes, exponents, times, inline tables, dotted or quoted keys, values over
//! several lines, a key or table given twice, anything invalid) gives `None`, and the caller
//! reads the text with the `toml` crate: what is accepted, and every error message, stay the
//! crate's. Where this gives a value, it is the one `toml` + `front_matter::toml_to_json`
//! gives (tested below).

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
fn lines(text: &str) -> Option<Vec<&str>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::toml_to_json;

    /// What the `toml` crate makes of `text`, as the general route of `front_matter` sees it.
    fn by_crate(text: &str) -> Option<Value> {
        let table: toml::Table = toml::from_str(text).ok()?;
        Some(toml_to_json(toml::Value::Table(table)))
    }

    /// Every piece of front matter read here reads the same with the crate.
    fn agrees(text: &str) -> bool {
        match parse(text) {
            Some(map) => {
                assert_eq!(Some(Value::Object(map)), by_crate(text), "{text:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn reads_what_front_matter_usually_is_as_the_crate_does() {
        let read = [
            "",
            "\n\n# only a comment\n",
            "title = \"魏燕生：冰面救起落水群众\"\ndate = 2021-02-05\n[taxonomies]\ndistricts = [\"郑东新区\"]\nhonors = [\"市级见义勇为模范\"]\n[extra]\nname = \"魏燕生\"\n",
            "title=\"a\"\r\nweight = 3\r\ndraft = true\r\n",
            "title = 'C:\\path' # a comment\naliases = []\n",
            "\ttitle = \"tab\tinside\"\t\n",
            "list = [ \"a, b\" , 'c',1,-2,false,2024-02-29, ]\n",
            "n = 0\nm = -0\nbig = 9223372036854775807\nneg = -9223372036854775808\n",
            "[extra]\n[taxonomies]\ntags = []\n",
            "key-with_dash1 = \"#not a comment\" #but this is\n",
            "[extra]\n0 = \"digit key\"\n",
            "lat = 35.7471\nlng = -114.29\nz = 0.0\nw = -0.5\n",
            "[extra.hero]\nname = \"a\"\n[[extra.hero.honours]]\nyear = 2023\n[[extra.hero.honours]]\nyear = 2024\n",
            "[extra.place]\nkind = \"park\"\n[extra]\nsource = \"x\"\n",
            "[[a]]\nx = 1\n[a.b]\ny = 2\n[[a]]\nx = 3\n",
            "[a.b.c]\n[a.b]\nk = 1\n[a]\n",
        ];
        for text in read {
            assert!(agrees(text), "not read: {text:?}");
        }
    }

    #[test]
    fn reads_the_demo_sites_front_matter_as_the_crate_does() {
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let (mut toml_files, mut read) = (0, 0);
        for entry in walkdir::WalkDir::new(content) {
            let path = entry.unwrap().into_path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let split = crate::content::front_matter::split(&text, &path).unwrap();
            if split.is_toml {
                toml_files += 1;
                read += usize::from(agrees(split.front_matter));
            }
        }
        assert!(toml_files > 20, "{toml_files}");
        // Nearly all of it takes the quick way.
        assert!(read * 10 >= toml_files * 8, "{read} of {toml_files}");
    }

    /// Every document of three lines from a pool of headers and keys that clash in the ways
    /// TOML forbids: whatever is read agrees with the crate, so nothing invalid is accepted.
    #[test]
    fn never_accepts_what_the_crate_refuses() {
        let pool = [
            "[a]",
            "[a.b]",
            "[[a]]",
            "[[a.b]]",
            "[a.b.c]",
            "[b]",
            "a = 1",
            "b = []",
            "b = [1]",
            "c = \"x\"",
            "a = 2024-01-01",
            "[[b]]",
            "b = 1.5",
            "# note",
        ];
        let mut read = 0;
        for x in pool {
            for y in pool {
                for z in pool {
                    read += usize::from(agrees(&format!("{x}\n{y}\n{z}\n")));
                }
            }
        }
        // Most of them are valid, and read here.
        assert!(read > 1000, "{read}");
    }

    #[test]
    fn finds_every_control_character_wherever_it_is() {
        for at in 0..20 {
            for c in (0u8..0x20).chain([0x7f]) {
                let mut text = "é = \"一二三四五六\"".to_string();
                let at = at.min(text.len());
                if !text.is_char_boundary(at) {
                    continue;
                }
                text.insert(at, c as char);
                let split = lines(&text);
                match c {
                    b'\t' => assert_eq!(split.map(|l| l.len()), Some(1)),
                    b'\n' => assert_eq!(split.map(|l| l.len()), Some(2)),
                    _ => assert!(split.is_none(), "{text:?}"),
                }
            }
        }
        assert_eq!(lines("a\r\nb\n"), Some(vec!["a", "b", ""]));
        assert_eq!(
            lines("~\u{80}\u{7ff}\u{ffff}"),
            Some(vec!["~\u{80}\u{7ff}\u{ffff}"])
        );
    }

    #[test]
    fn leaves_the_rest_to_the_crate() {
        let left = [
            "title = \"an \\\"escape\\\"\"\n",
            "title = \"\"\"multi\nline\"\"\"\n",
            "title = '''x'''\n",
            "n = +1\n",
            "n = 007\n",
            "n = 1_000\n",
            "n = 99999999999999999999\n",
            "d = 2024-07-21T09:30:00+08:00\n",
            "d = 1979-05-27 07:32:00\n",
            "d = 2023-02-29\n",
            "t = 07:32:00\n",
            "x = { a = 1 }\n",
            "x = [[1], [2]]\n",
            "x = [\n  \"a\",\n]\n",
            "a.b = 1\n",
            "\"quoted\" = 1\n",
            "[ extra ]\n",
            "[extra . place]\n",
            "[[ a ]]\n",
            "[a]\n[a]\n",
            "[a.b]\n[a.b]\n",
            "[a]\nb = 1\n[a.b]\n",
            "[a.b]\n[a]\nb = 1\n",
            "[[a]]\n[a]\n",
            "[a]\n[[a]]\n",
            "[a.b]\n[[a]]\n",
            "a = [1]\n[[a]]\n",
            "a = []\n[a.b]\n",
            "a = 1\n[a.b]\n",
            "[[a]]\n[a.b]\n[[a]]\n[a.b]\n",
            "f = .5\n",
            "f = 5.\n",
            "f = 01.5\n",
            "f = 1e5\n",
            "f = 1.5e5\n",
            "f = 1.2.3\n",
            "[extra] # header comment\n",
            "a = 1\na = 2\n",
            "extra = 1\n[extra]\n",
            "[extra]\n[extra]\n",
            "title = \"a\" junk\n",
            "title = \"unclosed\n",
            "title = \n",
            "= 1\n",
            "x = [1, 2\n",
            "x = [,]\n",
            "x = [1 2]\n",
            "title = \"bell\u{7}\"\n",
            "# bell \u{7}\n",
            "title = \"a\"\rdraft = true\n",
            "\u{3000}title = \"a\"\n",
            "title = inf\n",
            "title = nan\n",
            "title = True\n",
        ];
        for text in left {
            assert!(!agrees(text), "read, but left to the crate: {text:?}");
        }
    }
}
