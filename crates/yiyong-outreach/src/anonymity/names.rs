//! The names an anonymous hero's page protects, and one matcher that finds any of them in
//! folded text (see `fold`).

use std::path::PathBuf;

use aho_corasick::AhoCorasick;
use pinyin::ToPinyin;
use serde_json::Value;

use super::fold::{self, Folded, Stream};
use yiyong_core::Page;

const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "长孙",
    "宇文", "司徒", "端木", "南宫",
];

/// One anonymous hero: the real name (as written in `[extra.hero] name`), what is shown
/// instead, and the page that holds it.
#[derive(Debug, Clone)]
pub struct Hero {
    pub real: String,
    pub masked: String,
    /// The given name without the surname, when it has two characters or more (建国 of
    /// 刘建国): alone it still names the person.
    pub given: Option<String>,
    pub file: PathBuf,
}

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Full,
    Given,
    Pinyin,
    /// The given name's pinyin: searched only in the hero's own addresses (`liu-jianguo`):
    /// elsewhere it is too often an ordinary word (静国 and 经过 are both `jingguo`).
    GivenPinyin,
}

/// A hit: which hero, in which form, and where in the decoded original.
#[derive(Debug, Clone)]
pub struct Hit {
    pub hero: usize,
    pub form: Form,
    pub start: usize,
    pub end: usize,
}

/// Every protected name of a site.
#[derive(Default)]
pub struct Names {
    pub heroes: Vec<Hero>,
    patterns: Vec<(usize, Form, bool)>,
    matcher: Option<AhoCorasick>,
    anchors: super::prefilter::Anchors,
}

pub fn surname_of(name: &str) -> &str {
    COMPOUND_SURNAMES
        .iter()
        .find(|s| name.starts_with(**s) && name.chars().count() > 2)
        .copied()
        .unwrap_or_else(|| {
            let first = name.chars().next().map_or(0, char::len_utf8);
            &name[..first]
        })
}

/// 张三 → 张某, 欧阳明 → 欧阳某; a name of one character becomes 某.
pub fn mask(name: &str) -> String {
    let name = name.trim();
    if name.chars().count() <= 1 {
        return "某".into();
    }
    format!("{}某", surname_of(name))
}

/// The name in pinyin, syllables joined (`ouyangzhenhua`), by the pinyin crate's reading and
/// by the one that made URLs (`slug`), which can differ for a character with two readings.
pub fn pinyin_forms(name: &str) -> Vec<String> {
    // One syllable (`wang`) is an ordinary word, not a name.
    if name.chars().count() < 2 {
        return vec![];
    }
    let joined: String = name
        .to_pinyin()
        .map(|p| p.map_or(String::new(), |p| p.plain().to_string()))
        .collect();
    let by_slug = slug::slugify(name).replace('-', "");
    let mut forms = vec![fold::fold_plain(&joined), by_slug];
    forms.sort();
    forms.dedup();
    forms.retain(|f| f.len() >= 4 && f.is_ascii());
    forms
}

impl Hero {
    /// The hero of an anonymous hero page, if the page is one and names someone.
    pub fn of(page: &Page) -> Option<Hero> {
        let hero = page.meta.extra.get("hero")?;
        if hero.get("anonymous").and_then(Value::as_bool) != Some(true) {
            return None;
        }
        let real = hero.get("name")?.as_str()?.trim().to_string();
        let masked = mask(&real);
        if real.is_empty() || real == masked || real.contains('某') {
            return None;
        }
        let given = real[surname_of(&real).len()..].to_string();
        Some(Hero {
            given: (given.chars().count() >= 2).then_some(given),
            real,
            masked,
            file: page.file.path.clone(),
        })
    }
}

impl Names {
    pub fn new(heroes: Vec<Hero>) -> Names {
        let mut words = vec![];
        let mut patterns = vec![];
        for (i, h) in heroes.iter().enumerate() {
            let mut add = |w: String, form: Form| {
                if w.chars().count() >= 2 {
                    let latin = w.is_ascii();
                    words.push(w);
                    patterns.push((i, form, latin));
                }
            };
            add(fold::fold_plain(&h.real), Form::Full);
            if let Some(g) = &h.given {
                add(fold::fold_plain(g), Form::Given);
                for p in pinyin_forms(g) {
                    add(p, Form::GivenPinyin);
                }
            }
            for p in pinyin_forms(&h.real) {
                add(p, Form::Pinyin);
            }
        }
        let matcher = (!words.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::Standard)
                .build(&words)
                .expect("a few short patterns")
        });
        let anchors = super::prefilter::Anchors::new(
            heroes
                .iter()
                .map(|h| (h.real.as_str(), h.given.as_deref(), pinyin_forms(&h.real))),
        );
        Names {
            heroes,
            patterns,
            matcher,
            anchors,
        }
    }

    /// Whether `raw` (an output, before any folding) may hold a name: most outputs do not,
    /// and are not folded at all.
    pub fn may_hold(&self, raw: &str, html: bool) -> bool {
        self.anchors.may_hold(raw, html)
    }

    pub fn is_empty(&self) -> bool {
        self.heroes.is_empty()
    }

    /// Every hit in a folded text (visible text and tag attributes). The given name's pinyin
    /// counts only with `in_address` (the hero's own page address).
    pub fn find(&self, f: &Folded, in_address: bool) -> Vec<Hit> {
        let mut out = vec![];
        for stream in [&f.text, &f.tags] {
            self.find_in(stream, &f.decoded, in_address, &mut out);
        }
        // The given name inside the full name is one hit, not two.
        let all = out.clone();
        out.retain(|h| {
            !all.iter().any(|g| {
                g.hero == h.hero
                    && g.start <= h.start
                    && g.end >= h.end
                    && g.end - g.start > h.end - h.start
            })
        });
        out
    }

    fn find_in(&self, s: &Stream, original: &str, in_address: bool, out: &mut Vec<Hit>) {
        let Some(m) = &self.matcher else { return };
        for hit in m.find_overlapping_iter(&s.text) {
            let (hero, form, latin) = self.patterns[hit.pattern().as_usize()];
            if form == Form::GivenPinyin && !in_address {
                continue;
            }
            let start = s.origin(hit.start());
            let last = s.origin(hit.end() - 1);
            let end = last + original[last..].chars().next().map_or(1, char::len_utf8);
            // Pinyin is a word of its own: `ouyangzhenhua` inside `douyangzhenhuax` is not it.
            if latin && (letter_at(original, start, true) || letter_at(original, end, false)) {
                continue;
            }
            out.push(Hit {
                hero,
                form,
                start,
                end,
            });
        }
    }
}

/// Whether the character just before `at` (or at `at`) is a Latin letter or digit.
fn letter_at(s: &str, at: usize, before: bool) -> bool {
    let c = if before {
        s[..at].chars().next_back()
    } else {
        s[at..].chars().next()
    };
    c.is_some_and(|c| {
        c.is_ascii_alphanumeric()
            || matches!(c, '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names::new(vec![Hero {
            real: "欧阳振华".into(),
            masked: "欧阳某".into(),
            given: Some("振华".into()),
            file: "content/heroes/a.md".into(),
        }])
    }

    fn hits(s: &str) -> Vec<Form> {
        names()
            .find(&fold::fold(s, true), false)
            .into_iter()
            .map(|h| h.form)
            .collect()
    }

    #[test]
    fn masks() {
        assert_eq!(mask("张三"), "张某");
        assert_eq!(mask("欧阳明"), "欧阳某");
        assert_eq!(mask("王"), "某");
    }

    #[test]
    fn finds_the_variants_the_issue_names() {
        for s in [
            "欧阳振华",
            "欧阳**振华**",
            "歐陽振華",
            "欧阳 振华",
            "欧阳\u{200B}振华",
            "Ouyang Zhenhua",
            "ouyang-zhenhua",
            "ouyangzhenhua",
            "ou-yang-zhen-hua",
            "<a href=\"/heroes/ouyang-zhenhua/\">x</a>",
        ] {
            assert!(!hits(s).is_empty(), "{s}");
        }
        assert_eq!(hits("振华说"), vec![Form::Given]);
        assert!(hits("douyangzhenhuax").is_empty());
        // Full-width punctuation is not a letter: `：ouyang-zhenhua` is the name.
        assert!(!hits("联系人：ouyang-zhenhua").is_empty());
        assert!(hits("欧阳某").is_empty());
    }
}
