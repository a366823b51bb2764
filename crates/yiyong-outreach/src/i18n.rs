//! The language of messages for staff, and the one way a message is written in it.
//!
//! Every staff-facing message is a [`Msg`]: an English and a Chinese template with named
//! `{placeholders}`, kept in a catalogue module (`messages` here for content validation, the
//! CLI's `src/messages*.rs` for its help and reports) instead of strings scattered in code.
//! A test checks that both languages of every entry use the same placeholders.
//!
//! Why not `fluent` or `rust-i18n`: Chinese has no plural forms and English here needs none
//! (counts are written as "N errors"), so Fluent's selectors would go unused, and rust-i18n
//! reads its YAML through a proc macro at compile time, hiding a missing translation until
//! run time. Two `&'static str` per message, checked by a test, need no new dependency.

use std::fmt::Display;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

static LANG: OnceLock<Lang> = OnceLock::new();

impl Lang {
    /// `zh…` is Chinese, `en…` (or `C`, `POSIX`) English; anything else says nothing.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") || s == "中文" {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "c" || s.starts_with("c.") || s == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language from the environment: `YIYONG_LANG` first (a staff member's choice),
    /// then the locale in POSIX order (`LC_ALL`, `LC_MESSAGES`, `LANG`: the first one set
    /// decides, as for any program). English when nothing says Chinese.
    pub fn from_env() -> Lang {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        if let Some(l) = var("YIYONG_LANG").and_then(|v| Lang::parse(&v)) {
            return l;
        }
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| var(k))
            .map(|v| {
                if v.to_ascii_lowercase().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                }
            })
            .unwrap_or(Lang::En)
    }
}

/// Fixes the language for this process (the CLI does it once, from `--lang` or the
/// environment). Later calls change nothing.
pub fn set_lang(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language messages are written in.
pub fn lang() -> Lang {
    *LANG.get_or_init(Lang::from_env)
}

pub fn is_zh() -> bool {
    lang() == Lang::Zh
}

/// Declares a catalogue: `NAME = "English", "中文";` lines become `pub const NAME: Msg`, and
/// `ALL` lists them for the test that audits the catalogue (`audit`).
#[macro_export]
macro_rules! msgs {
    ($($name:ident = $en:literal, $zh:literal;)*) => {
        $(pub const $name: $crate::i18n::Msg =
            $crate::i18n::Msg { id: stringify!($name), en: $en, zh: $zh };)*
        /// Every message of this catalogue, for the test that audits it.
        pub const ALL: &[$crate::i18n::Msg] = &[$($name),*];
    };
}

/// One message in both languages.
#[derive(Clone, Copy, Debug)]
pub struct Msg {
    pub id: &'static str,
    pub en: &'static str,
    pub zh: &'static str,
}

impl Msg {
    /// The message in the current language with `{name}` replaced by each argument.
    pub fn fmt(&self, args: &[(&str, &dyn Display)]) -> String {
        self.fmt_in(lang(), args)
    }

    pub fn text(&self) -> &'static str {
        match lang() {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }

    pub fn fmt_in(&self, lang: Lang, args: &[(&str, &dyn Display)]) -> String {
        let template = match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        };
        fill(template, args)
    }
}

/// Replaces `{name}` by its argument in one pass, so an argument holding braces (a TOML
/// table typed by a clerk) is never read as a placeholder.
fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        let name = close.map(|c| &after[..c]);
        match name.and_then(|n| args.iter().find(|(k, _)| *k == n)) {
            Some((k, v)) => {
                out.push_str(&v.to_string());
                rest = &after[k.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{names}` a template uses, sorted: both languages of a message must use the same.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = template
        .split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(n, _)| n))
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Checks a catalogue: ids unique, both languages present with the same placeholders.
/// Returns the problems (empty when the catalogue is sound); the catalogues' tests call it.
pub fn audit(catalogue: &[Msg]) -> Vec<String> {
    let mut out = vec![];
    let mut ids = std::collections::HashSet::new();
    for m in catalogue {
        if !ids.insert(m.id) {
            out.push(format!("{}: id used twice", m.id));
        }
        if m.en.trim().is_empty() || m.zh.trim().is_empty() {
            out.push(format!("{}: a language is missing", m.id));
        }
        // A `{…_zh}` argument (a Chinese name of something the English names in English)
        // may appear in Chinese only.
        let mut zh = placeholders(m.zh);
        zh.retain(|p| !p.ends_with("_zh"));
        if placeholders(m.en) != zh {
            out.push(format!(
                "{}: placeholders differ: {:?} / {:?}",
                m.id,
                placeholders(m.en),
                placeholders(m.zh)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_named_arguments_and_leaves_other_braces() {
        let m = Msg {
            id: "t",
            en: "{a} and {b} {c}",
            zh: "{a}、{b} {c}",
        };
        assert_eq!(
            m.fmt_in(Lang::En, &[("a", &"{b}"), ("b", &2)]),
            "{b} and 2 {c}"
        );
        assert_eq!(m.fmt_in(Lang::Zh, &[("a", &1), ("b", &2)]), "1、2 {c}");
    }

    #[test]
    fn locale_names() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("C.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("fr_FR"), None);
    }

    #[test]
    fn audit_finds_mismatched_placeholders() {
        let bad = [Msg {
            id: "x",
            en: "{a}",
            zh: "{b}",
        }];
        assert_eq!(audit(&bad).len(), 1);
    }
}
