//! What the privacy lint lets through: the association's own public numbers for the whole site
//! (`[extra.yiyong.privacy] allow` in the config), and per-file opt-outs with a stated reason
//! (`[extra.privacy] allow` + `reason` in a page's front matter).

use std::path::Path;

use serde_json::Value;

use super::detect::{self, Finding, Rule};
use yiyong_core::error::Diagnostic;

/// Rule ids a page may switch off as a whole. `id-number` is not among them: an ID number can
/// only be let through one by one, by writing the number itself.
const RULES: &[&str] = &[
    "mobile-phone",
    "id-number-typo",
    "id-number-15",
    "bank-card",
    "home-address",
    "minor",
];

/// One entry of an allow list: a rule, a number (its digits, without +86/0086) or, for
/// addresses, a piece of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Rule(String),
    Number(String),
    Text(String),
}

/// The digits of a number as the detectors report them: full-width digits read as ASCII,
/// separators dropped, a +86/0086 prefix of a mobile number removed.
pub fn normalize_number(s: &str) -> String {
    let mut d: String = s
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10),
            'x' | 'X' | 'ｘ' | 'Ｘ' => Some('X'),
            _ => None,
        })
        .collect();
    for prefix in ["0086", "86"] {
        if d.len() == 11 + prefix.len() && d.starts_with(prefix) {
            d.drain(..prefix.len());
        }
    }
    d
}

fn parse_entry(s: &str) -> Entry {
    let s = s.trim();
    if RULES.contains(&s) || s == "id-number" {
        return Entry::Rule(s.to_string());
    }
    let digits = normalize_number(s);
    if digits.len() >= 5 && !s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        Entry::Number(digits)
    } else {
        Entry::Text(s.to_string())
    }
}

/// How an entry is listed by `check`: numbers with their middle hidden.
pub fn shown(e: &Entry) -> String {
    match e {
        Entry::Rule(r) => r.clone(),
        Entry::Text(t) => format!("\"{t}\""),
        Entry::Number(d) if d.len() >= 15 => detect::mask(d, 6, 4),
        Entry::Number(d) => detect::mask(d, 3, 4),
    }
}

pub fn allows(entries: &[Entry], rule_id: &str, f: Option<&Finding>) -> bool {
    entries.iter().any(|e| match (e, f) {
        (Entry::Rule(r), _) => r == rule_id,
        (Entry::Number(d), Some(f)) => f.rule != Rule::HomeAddress && *d == f.key,
        (Entry::Text(t), Some(f)) => {
            f.rule == Rule::HomeAddress && (f.key.contains(t.as_str()) || t.contains(&f.key))
        }
        _ => false,
    })
}

/// A list of strings at `v`, or a message saying what it must be.
fn strings(v: &Value, what: &str) -> Result<Vec<String>, String> {
    v.as_array()
        .filter(|a| a.iter().all(Value::is_string))
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .ok_or_else(|| format!("{what} must be a list of texts, like [\"0595-12345678\"]"))
}

/// The 1-based line of a table header or key in a TOML or YAML text.
fn line_of(text: &str, starts: &[&str]) -> Option<usize> {
    text.lines()
        .position(|l| starts.iter().any(|s| l.trim_start().starts_with(s)))
        .map(|i| i + 1)
}

/// `[extra.yiyong.privacy]` in the config: the site-wide allow list.
pub fn site(config: &yiyong_core::Config, config_file: &Path) -> (Vec<Entry>, Vec<Diagnostic>) {
    let Some(table) = config.extra.get("yiyong").and_then(|y| y.get("privacy")) else {
        return (vec![], vec![]);
    };
    let text = std::fs::read_to_string(config_file).unwrap_or_default();
    let line = line_of(&text, &["[extra.yiyong.privacy", "privacy"]);
    let err = |m: String, hint: &str| {
        Diagnostic::in_file(config_file, m)
            .at_line(line)
            .with_hint(hint)
    };
    let hint = "write `allow = [\"0595-12345678\"]` (the association's own published numbers)";
    let Some(map) = table.as_object() else {
        return (
            vec![],
            vec![err("[extra.yiyong.privacy] must be a table".into(), hint)],
        );
    };
    let mut errors = vec![];
    if let Some(k) = map
        .keys()
        .find(|k| *k != "allow" && *k != "anonymous_names")
    {
        errors.push(err(
            format!("unknown key `{k}` in [extra.yiyong.privacy]"),
            hint,
        ));
    }
    if let Some(v) = map.get("anonymous_names") {
        if !matches!(v.as_str(), Some("error" | "mask")) {
            errors.push(err(
                format!("[extra.yiyong.privacy] anonymous_names = {v}: it is \"error\" or \"mask\""),
                "write anonymous_names = \"mask\" to have other pages' mentions of an anonymous hero written as 张某 (with a warning), or \"error\" (the default) to stop the build",
            ));
        }
    }
    let list = match map.get("allow").map(|v| strings(v, "`allow`")) {
        Some(Ok(l)) => l,
        Some(Err(m)) => {
            errors.push(err(format!("[extra.yiyong.privacy] {m}"), hint));
            vec![]
        }
        None => vec![],
    };
    let mut entries = vec![];
    for s in list {
        match parse_entry(&s) {
            Entry::Number(d) if is_id(&d) => errors.push(err(
                format!("[extra.yiyong.privacy] allow: 身份证号码 {} 不能对整个网站放行（an ID number cannot be allowed site-wide）", detect::mask(&d, 6, 4)),
                "remove it; a page that must show it lists it in its own [extra.privacy] allow with a reason",
            )),
            Entry::Rule(r) => errors.push(err(
                format!("[extra.yiyong.privacy] allow: the rule `{r}` cannot be switched off for the whole site"),
                "list the numbers themselves, or opt a page out in its [extra.privacy] with a reason",
            )),
            e => entries.push(e),
        }
    }
    (entries, errors)
}

fn is_id(d: &str) -> bool {
    detect::scan(d, chrono::Local::now().date_naive())
        .iter()
        .any(|f| f.rule == Rule::IdNumber)
}

/// A page's opt-out: its entries and reason.
pub struct OptOut {
    pub entries: Vec<Entry>,
    pub reason: String,
}

/// `[extra.privacy]` of a page or section. An opt-out without a reason is an error.
pub fn page(
    extra: &serde_json::Map<String, Value>,
    file: &Path,
    text: &str,
) -> Result<Option<OptOut>, Diagnostic> {
    let Some(table) = extra.get("privacy") else {
        return Ok(None);
    };
    let line = line_of(text, &["[extra.privacy", "privacy"]);
    let hint = "write `allow = [\"13800000000\"]` (or a rule such as \"mobile-phone\") and `reason = \"…\"`, e.g. 家属同意公开";
    let err = |m: String| Diagnostic::in_file(file, m).at_line(line).with_hint(hint);
    let Some(map) = table.as_object() else {
        return Err(err(
            "[extra.privacy] must be a table with `allow` and `reason`".into(),
        ));
    };
    if let Some(k) = map
        .keys()
        .find(|k| !matches!(k.as_str(), "allow" | "reason"))
    {
        return Err(err(format!("unknown key `{k}` in [extra.privacy]")));
    }
    let reason = map
        .get("reason")
        .and_then(Value::as_str)
        .map(str::trim)
        .unwrap_or("");
    if reason.is_empty() {
        return Err(err(
            "[extra.privacy] 隐私检查豁免必须写明理由（an opt-out needs a `reason`）".into(),
        ));
    }
    let list = strings(
        map.get("allow").unwrap_or(&Value::Null),
        "[extra.privacy] `allow`",
    )
    .map_err(err)?;
    let entries: Vec<Entry> = list.iter().map(|s| parse_entry(s)).collect();
    if entries.contains(&Entry::Rule("id-number".into())) {
        return Err(err(
            "[extra.privacy] allow: 不能整体放行身份证号码（`id-number` cannot be switched off）; list the number itself".into(),
        ));
    }
    Ok(Some(OptOut {
        entries,
        reason: reason.to_string(),
    }))
}
