//! Front matter: TOML between `+++` or YAML between `---`, parsed into typed page and section
//! fields. Both formats go through JSON so templates see one data model.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde::Deserialize;
use serde_json::Value;

use crate::config::toml_to_json;
use crate::error::{line_of_key, line_of_offset, Diagnostic};

pub type Extra = serde_json::Map<String, Value>;

/// A page's front matter. Keys Zola does not know are ignored, as Zola ignores them
/// (its `PageFrontMatter` has no `deny_unknown_fields`); `page_keys` warns about them.
/// Sections stay strict, as in Zola.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PageFrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<Value>,
    pub updated: Option<Value>,
    pub weight: Option<usize>,
    pub draft: bool,
    pub slug: Option<String>,
    pub path: Option<String>,
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub authors: Vec<String>,
    pub template: Option<String>,
    pub aliases: Vec<String>,
    pub in_search_index: Option<bool>,
    /// `render = false`: no file for the page, and it is left out of its section, but
    /// `get_page` and taxonomies still have it (Zola's behaviour). Unset means true.
    pub render: Option<bool>,
    pub extra: Extra,
}

impl PageFrontMatter {
    /// Whether the page gets its own file (`render`, true unless set to false).
    pub fn renders(&self) -> bool {
        self.render != Some(false)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SectionFrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub sort_by: SortBy,
    pub weight: usize,
    pub draft: bool,
    pub template: Option<String>,
    pub page_template: Option<String>,
    pub paginate_by: Option<usize>,
    pub paginate_path: String,
    pub paginate_reversed: bool,
    pub insert_anchor_links: Option<crate::config::AnchorLinks>,
    pub in_search_index: bool,
    pub render: bool,
    pub redirect_to: Option<String>,
    pub transparent: bool,
    pub aliases: Vec<String>,
    pub generate_feeds: bool,
    pub extra: Extra,
}

impl Default for SectionFrontMatter {
    fn default() -> Self {
        SectionFrontMatter {
            title: None,
            description: None,
            sort_by: SortBy::None,
            weight: 0,
            draft: false,
            template: None,
            page_template: None,
            paginate_by: None,
            paginate_path: "page".into(),
            paginate_reversed: false,
            insert_anchor_links: None,
            in_search_index: true,
            render: true,
            redirect_to: None,
            transparent: false,
            aliases: vec![],
            generate_feeds: false,
            extra: Extra::new(),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    Date,
    UpdateDate,
    Title,
    TitleBytes,
    Weight,
    Slug,
    #[default]
    None,
}

/// The two parts of a content file.
pub struct Split<'a> {
    pub front_matter: &'a str,
    pub is_toml: bool,
    pub body: &'a str,
    /// 1-based line of the first front matter line, for error positions.
    pub front_matter_line: usize,
}

pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let lead = text.len() - trimmed.len();
    let (delim, is_toml) = if trimmed.starts_with("+++") {
        ("+++", true)
    } else if trimmed.starts_with("---") {
        ("---", false)
    } else {
        return Err(Diagnostic::in_file(file, "no front matter found")
            .at_line(Some(1))
            .with_hint(
                "start the file with a `+++` line, then `title = \"...\"`, then another `+++` line",
            ));
    };
    let after_open = &trimmed[3..];
    let Some(nl) = after_open.find('\n') else {
        return Err(unclosed(file, delim));
    };
    let fm_start = nl + 1;
    let rest = &after_open[fm_start..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == delim {
            let fm = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let fm_line = line_of_offset(text, lead + 3 + fm_start);
            return Ok(Split {
                front_matter: fm,
                is_toml,
                body,
                front_matter_line: fm_line,
            });
        }
        offset += line.len();
    }
    Err(unclosed(file, delim))
}

fn unclosed(file: &Path, delim: &str) -> Diagnostic {
    Diagnostic::in_file(
        file,
        format!("front matter is not closed: no second `{delim}` line"),
    )
    .at_line(Some(1))
    .with_hint(format!(
        "add a line with only `{delim}` after the front matter"
    ))
}

/// Parses front matter text into JSON, with the error located in the file.
pub fn parse_value(split: &Split, file: &Path) -> Result<Value, Diagnostic> {
    if split.is_toml {
        let table: toml::Table = toml::from_str(split.front_matter).map_err(|e| {
            let line = e
                .span()
                .map(|s| split.front_matter_line + line_of_offset(split.front_matter, s.start) - 1);
            Diagnostic::in_file(
                file,
                format!("invalid TOML front matter: {}", e.message().trim()),
            )
            .at_line(line)
            .with_hint("check quotes and `key = value` syntax; text values need \"double quotes\"")
        })?;
        Ok(toml_to_json(toml::Value::Table(table)))
    } else {
        if split.front_matter.trim().is_empty() {
            return Ok(Value::Object(Default::default()));
        }
        if let Some(line) = yaml_flow_too_deep(split.front_matter) {
            return Err(Diagnostic::in_file(
                file,
                format!("invalid YAML front matter: `[` and `{{` nested more than {YAML_DEPTH_LIMIT} levels deep"),
            )
            .at_line(Some(split.front_matter_line + line - 1))
            .with_hint("write the value flatter; text full of brackets goes in \"double quotes\""));
        }
        let v: serde_yaml::Value = serde_yaml::from_str(split.front_matter).map_err(|e| {
            let line = e.location().map(|l| {
                let at = yaml_line_start(split.front_matter, l.line());
                split.front_matter_line + line_of_offset(split.front_matter, at) - 1
            });
            Diagnostic::in_file(file, format!("invalid YAML front matter: {e}"))
                .at_line(line)
                .with_hint("check indentation and `key: value` syntax")
        })?;
        Ok(yaml_to_json(v))
    }
}

/// The byte offset where YAML line `line` (1-based) starts. YAML also breaks lines at a lone
/// `\r`, NEL, LS and PS, which editors and our `\n`-counted line numbers do not: taken as is,
/// serde_yaml's line pointed past the end of the file (found by fuzzing). Past the end, the end.
fn yaml_line_start(text: &str, line: usize) -> usize {
    let mut breaks = 1;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if breaks >= line {
            return i;
        }
        match c {
            '\r' if chars.peek().map(|p| p.1) == Some('\n') => {}
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => breaks += 1,
            _ => {}
        }
    }
    text.len()
}

/// serde_yaml refuses values nested deeper than 128 levels, but only after its scanner has
/// read the whole flow collection (`[[[…` / `{a: {a: …`), with work per bracket growing with
/// the depth: 32,000 brackets (64 KB) took 8 s in a debug build, twice as many four times as
/// long (found by fuzzing). Brackets nested deeper than serde_yaml accepts are refused first.
const YAML_DEPTH_LIMIT: usize = 128;

/// The 1-based line where `[`/`{` first nest deeper than the limit, outside quoted scalars
/// and comments. Approximate where YAML is subtle (a `'` inside a plain scalar is text): it
/// only has to tell real nesting from text at depths no hand-written front matter reaches.
fn yaml_flow_too_deep(text: &str) -> Option<usize> {
    let (mut depth, mut line) = (0usize, 1);
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        match quote {
            Some('"') if c == '\\' => {
                line += usize::from(chars.next() == Some('\n'));
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' if matches!(prev, ' ' | '\t' | '\n' | ':' | ',' | '[' | '{' | '-') => {
                    quote = Some(c)
                }
                '#' if prev.is_whitespace() => while chars.next_if(|&n| n != '\n').is_some() {},
                '[' | '{' => {
                    depth += 1;
                    if depth > YAML_DEPTH_LIMIT {
                        return Some(line);
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        prev = c;
    }
    None
}

fn yaml_to_json(v: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => serde_json::to_value(n).unwrap_or(Value::Null),
        Y::String(s) => Value::String(s),
        Y::Sequence(s) => Value::Array(s.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        other => serde_yaml::to_string(&other)
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

/// Typed front matter. Plain TOML (nearly all of it) is read by `fast_toml`; anything else,
/// and anything that fails that way, takes the general route (TOML → JSON → serde), which gives
/// the same value where `fast_toml` succeeds, and the located error.
pub fn parse_typed<T>(split: &Split, file: &Path) -> Result<T, Diagnostic>
where
    T: for<'de> Deserialize<'de>,
{
    parse_typed_seen(split, file, |_| {})
}

/// `parse_typed`, also showing `seen` the front matter's top-level table, so a caller can
/// look at the keys the typed struct leaves out. When the straight route fails after reading
/// the table, `seen` is called again by the general route: the last call counts.
pub fn parse_typed_seen<T>(
    split: &Split,
    file: &Path,
    mut seen: impl FnMut(&Extra),
) -> Result<T, Diagnostic>
where
    T: for<'de> Deserialize<'de>,
{
    #[cfg(not(yiyong_general_toml))]
    if split.is_toml {
        // Plain front matter as JSON, deserialized the way the general route below does it.
        if let Some(map) = super::fast_toml::parse(split.front_matter) {
            // Shown before serde takes the table, which saves copying it for every page.
            seen(&map);
            if let Ok(typed) = serde_json::from_value(Value::Object(map)) {
                return Ok(typed);
            }
        }
    }
    let value = parse_value(split, file)?;
    if let Value::Object(map) = &value {
        seen(map);
    }
    deserialize(value, split, file)
}

/// Deserializes typed front matter, turning serde's message into a located, actionable error.
pub fn deserialize<T: for<'de> Deserialize<'de>>(
    value: Value,
    split: &Split,
    file: &Path,
) -> Result<T, Diagnostic> {
    serde_json::from_value(value).map_err(|e| {
        let msg = e.to_string();
        let key = msg.split('`').nth(1).unwrap_or("");
        let line = if key.is_empty() {
            None
        } else {
            line_of_key(split.front_matter, key)
        }
        .map(|l| split.front_matter_line + l - 1);
        let mut d = Diagnostic::in_file(file, format!("invalid front matter: {msg}")).at_line(line);
        if msg.contains("unknown field") {
            // Only sections refuse unknown keys (as Zola's do); page keys are a common slip.
            let page_key = crate::config::struct_fields::<PageFrontMatter>().contains(&key);
            d = d.with_hint(match page_key {
                true => format!("`{key}` is a page key: a section (_index.md) does not take it, in Zola neither; remove it, or move it under [extra]"),
                false => format!("`{key}` is not a front matter key; put your own data under [extra]"),
            });
        }
        d
    })
}

/// Parses a front matter date as Zola accepts it: RFC 3339, a local date-time or a date.
pub fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    // Most front matter has a plain date, which only the last of the general parsers takes:
    // read it straight away instead of failing six parsers first.
    #[cfg(not(yiyong_general_toml))]
    if let Some(date) = super::fast_toml::plain_date(s.trim()) {
        return date.and_hms_opt(0, 0, 0);
    }
    parse_datetime_general(s)
}

/// `parse_datetime` without its fast path (the general path of `fast_toml::plain_date`).
pub fn parse_datetime_general(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt.naive_local());
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(dt);
        }
    }
    if let Ok(dt) = DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f %:z") {
        return Some(dt.naive_local());
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// Reads a date field (TOML datetime already stringified, or a string), reporting bad values.
pub fn date_field(
    value: &Option<Value>,
    key: &str,
    split: &Split,
    file: &Path,
) -> Result<Option<(String, NaiveDateTime)>, Diagnostic> {
    let Some(v) = value else { return Ok(None) };
    let bad = |shown: String| {
        let line = line_of_key(split.front_matter, key).map(|l| split.front_matter_line + l - 1);
        Diagnostic::in_file(file, format!("`{key}` is not a valid date: {shown}"))
            .at_line(line)
            .with_hint("write dates as 2024-07-21 or 2024-07-21T09:30:00+08:00")
    };
    match v {
        Value::String(s) => parse_datetime(s)
            .map(|dt| Some((s.clone(), dt)))
            .ok_or_else(|| bad(s.clone())),
        Value::Null => Ok(None),
        other => Err(bad(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_and_yaml() {
        let s = split("+++\ntitle = \"a\"\n+++\nbody\n", Path::new("x.md")).unwrap();
        assert!(s.is_toml);
        assert_eq!(s.front_matter, "title = \"a\"\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.front_matter_line, 2);
        let s = split("---\ntitle: a\n---\n", Path::new("x.md")).unwrap();
        assert!(!s.is_toml);
        assert_eq!(s.body, "");
    }

    #[test]
    fn toml_read_straight_gives_what_the_general_route_gives() {
        let text = r#"+++
title = "魏燕生：冰面救起落水群众"
date = 2021-02-05
updated = 2021-02-06T09:30:00+08:00
weight = 3
aliases = ["/old/"]
[taxonomies]
districts = ["郑东新区"]
[extra]
name = "魏燕生"
when = 1979-05-27T07:32:00
list = [1, 2.5, "x", 2024-01-01, { at = 07:32:00 }]
[extra.nested]
day = 2024-07-21
+++
body
"#;
        let file = Path::new("x.md");
        let parts = split(text, file).unwrap();
        let general: PageFrontMatter =
            deserialize(parse_value(&parts, file).unwrap(), &parts, file).unwrap();
        let straight: PageFrontMatter = parse_typed(&parts, file).unwrap();
        assert_eq!(format!("{straight:?}"), format!("{general:?}"));
        assert_eq!(straight.date, Some(Value::String("2021-02-05".into())));
        assert_eq!(straight.extra["nested"]["day"], "2024-07-21");
        assert_eq!(straight.extra["list"][4]["at"], "07:32:00");
        // A date where a string is wanted fails straight and is read the general way.
        let odd = "+++\ntitle = 2024-01-01\n+++\n";
        let t: PageFrontMatter = parse_typed(&split(odd, file).unwrap(), file).unwrap();
        assert_eq!(t.title.as_deref(), Some("2024-01-01"));
        // An integer beyond TOML's 64-bit signed range fails every way (the toml crate read
        // it straight into a `usize`; found by fuzzing).
        let big = "+++\nweight = 9999999999999999999\n+++\n";
        assert!(parse_typed::<PageFrontMatter>(&split(big, file).unwrap(), file).is_err());
        // Errors are still the located ones (an unknown key: pages ignore them, sections
        // refuse them, as in Zola).
        let bad = "+++\ntitle = \"a\"\ncolour = 1\n+++\n";
        assert!(parse_typed::<PageFrontMatter>(&split(bad, file).unwrap(), file).is_ok());
        let e = parse_typed::<SectionFrontMatter>(&split(bad, file).unwrap(), file).unwrap_err();
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn deep_yaml_brackets_are_refused_before_serde_yaml_reads_them() {
        let file = Path::new("x.md");
        let deep = format!(
            "---\ntitle: a\nx: {}{}\n---\n",
            "[".repeat(32_000),
            "]".repeat(32_000)
        );
        let e = parse_value(&split(&deep, file).unwrap(), file).unwrap_err();
        assert!(e.message.contains("nested more than 128"), "{}", e.message);
        assert_eq!(e.line, Some(3));
        // Within the limit, and brackets in quoted text or comments, still parse.
        let ok = format!("---\nx: {}1{}\n---\n", "[".repeat(100), "]".repeat(100));
        assert!(parse_value(&split(&ok, file).unwrap(), file).is_ok());
        let text = format!(
            "---\na: \"{0}\\\"\"\nb: '{0}'\n# {0}\n---\n",
            "[".repeat(300)
        );
        let v = parse_value(&split(&text, file).unwrap(), file).unwrap();
        assert_eq!(v["b"].as_str().map(str::len), Some(300));
    }

    #[test]
    fn yaml_error_lines_count_lone_carriage_returns_as_yaml_does() {
        let file = Path::new("x.md");
        // Line 2 holds a lone `\r`: YAML sees the unclosed quote end on its line 3.
        let text = "---\na: \"x\rb\n---\n";
        let e = parse_value(&split(text, file).unwrap(), file).unwrap_err();
        let lines = text.lines().count();
        assert!(
            e.line.is_some_and(|l| l <= lines),
            "{:?} of {lines}",
            e.line
        );
        let text = "---\ntitle: a\nb: [\n---\n";
        let e = parse_value(&split(text, file).unwrap(), file).unwrap_err();
        assert_eq!(e.line, Some(4), "{}", e.message);
    }

    #[test]
    fn dates() {
        assert!(parse_datetime("2024-07-21").is_some());
        assert!(parse_datetime("2024-07-21T09:30:00+08:00").is_some());
        assert!(parse_datetime("2024-07-21 09:30:00").is_some());
        assert!(parse_datetime("2024-13-40").is_none());
    }
}
