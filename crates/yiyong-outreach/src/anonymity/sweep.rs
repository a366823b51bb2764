//! The final sweep: every output file, before the build publishes it, is searched for an
//! anonymous hero's name (in its path and its text, however encoded) and for personal numbers
//! (valid ID numbers, mobile numbers) that no allow list let through. It is the proof that the
//! checks on the sources missed nothing a template, a data file or the config added, and it
//! runs in every build and `check`.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};

use super::fold;
use super::names::{Form, Names};
use crate::privacy_lint::detect;
use yiyong_core::error::Diagnostic;
use yiyong_core::extension::OutputGuard;

/// Outputs whose text is read: what a browser, a feed reader or a calendar shows.
const TEXT: &[&str] = &[
    "html",
    "htm",
    "xml",
    "json",
    "ics",
    "txt",
    "js",
    "mjs",
    "css",
    "svg",
    "csv",
    "md",
    "rss",
    "atom",
    "webmanifest",
    "xsl",
    "map",
    "vcf",
];

pub fn is_text(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
    TEXT.iter().any(|t| t.eq_ignore_ascii_case(ext))
}

/// Where one kind of leak was seen: the first few outputs (with what wrote them) and a count.
struct Group {
    message: String,
    hint: String,
    first: Vec<(String, String)>,
    count: usize,
}

pub struct Sweep {
    names: Arc<Names>,
    /// Numbers (their digits) that the site's or a page's allow list let through.
    allowed: HashSet<String>,
    numbers: bool,
    found: Mutex<BTreeMap<String, Group>>,
}

impl Sweep {
    pub fn new(names: Arc<Names>, allowed: HashSet<String>, numbers: bool) -> Sweep {
        Sweep {
            names,
            allowed,
            numbers,
            found: Mutex::default(),
        }
    }

    fn add(
        &self,
        key: String,
        rel: &str,
        source: &str,
        message: impl FnOnce() -> (String, String),
    ) {
        let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        let g = found.entry(key).or_insert_with(|| {
            let (message, hint) = message();
            Group {
                message,
                hint,
                first: vec![],
                count: 0,
            }
        });
        g.count += 1;
        yiyong_core::extension::keep_example(&mut g.first, rel, source);
    }

    fn names_in(&self, rel: &str, source: &str, text: &str, is_path: bool) {
        if self.names.is_empty() || !self.names.may_hold(text, !is_path) {
            return;
        }
        let folded = fold::fold(text, !is_path);
        for h in self.names.find(&folded, false) {
            let hero = &self.names.heroes[h.hero];
            let written = folded.decoded[h.start..h.end].to_string();
            let form = match h.form {
                Form::Full => "real name",
                Form::Given => "given name",
                Form::Pinyin | Form::GivenPinyin => "name in pinyin",
            };
            let place = if is_path { "the file name" } else { "the text" };
            self.add(format!("name {} {written} {place}", h.hero), rel, source, || {
                (
                    format!(
                        "the anonymous hero of {} would be published: {place} holds the {form} as “{written}” (匿名英模的姓名会被发布)",
                        hero.file.display()
                    ),
                    format!(
                        "find “{written}” in what wrote these files and write {} instead (a template, a data file or the config can bring it too)",
                        hero.masked
                    ),
                )
            });
        }
    }

    fn numbers_in(&self, rel: &str, source: &str, text: &str) {
        let today = chrono::Local::now().date_naive();
        for f in detect::scan(text, today) {
            if !f.rule.is_error() || self.allowed.contains(&f.key) {
                continue;
            }
            let what = if f.rule == detect::Rule::IdNumber {
                "an ID number"
            } else {
                "a mobile number"
            };
            self.add(format!("number {}", f.key), rel, source, || {
                (
                    format!("{what} would be published: {} (个人号码会被发布)", f.masked),
                    "remove it from what wrote these files (a template, a data file or the config), or add it to [extra.yiyong.privacy] allow if it is the association's own public number".into(),
                )
            });
        }
    }
}

/// Whether a digit is written as an entity (`&#49;`, `&#x31;`) or a `\u0031` escape.
fn digits_escaped(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'&', b'\\', b).any(|i| {
        if b[i] == b'\\' {
            let rest = &b[i + 1..];
            return rest.starts_with(b"u003") || rest.starts_with(b"uff1");
        }
        fold::entity(&text[i..])
            .is_some_and(|(c, _)| c.is_ascii_digit() || ('０'..='９').contains(&c))
    })
}

impl OutputGuard for Sweep {
    fn inspect(&self, rel: &str, source: &str, bytes: Option<&[u8]>) {
        self.names_in(rel, source, rel, true);
        let Some(bytes) = bytes.filter(|_| is_text(rel)) else {
            return;
        };
        let text = yiyong_core::extension::output_text(bytes);
        self.names_in(rel, source, &text, false);
        if self.numbers {
            // Decoding copies the text: only when a digit is hidden in an escape.
            let decoded = if digits_escaped(&text) {
                fold::decode(&text)
            } else {
                std::borrow::Cow::Borrowed(&*text)
            };
            self.numbers_in(rel, source, &decoded);
        }
    }

    fn reads(&self, rel: &str) -> bool {
        is_text(rel)
    }

    fn finish(&self) -> Vec<Diagnostic> {
        let found = std::mem::take(&mut *self.found.lock().unwrap_or_else(|e| e.into_inner()));
        found
            .into_values()
            .map(|g| {
                let shown: Vec<String> = g
                    .first
                    .iter()
                    .map(|(rel, source)| format!("{rel} (written for {source})"))
                    .collect();
                let more = if g.count > g.first.len() {
                    format!(" and {} more", g.count - g.first.len())
                } else {
                    String::new()
                };
                Diagnostic::new(format!("{} in {}{more}", g.message, shown.join(", ")))
                    .with_hint(g.hint)
            })
            .collect()
    }
}
