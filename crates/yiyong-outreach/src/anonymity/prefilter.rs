//! A first look at a text before folding it fully: folded without offsets and without
//! reading traditional characters as simplified (every traditional spelling of a name is
//! searched instead), which halves the cost, and with no check of word edges (a pinyin
//! name glued inside a longer word passes here and is dropped by the full look). Most
//! outputs of a big site hold no protected name and are looked at only this way.

use aho_corasick::AhoCorasick;

#[derive(Default)]
pub struct Anchors {
    /// Every protected name and given name in every combination of its characters' forms
    /// (振华, 振華…), and in pinyin (`ouyangzhenhua`).
    words: Option<AhoCorasick>,
}

/// The traditional forms of a simplified character: every character fast2s reads as it.
fn forms_of(c: char) -> Vec<char> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<char, Vec<char>>> =
        std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t: std::collections::HashMap<char, Vec<char>> = Default::default();
        for cp in (0x3400..=0x4DBF)
            .chain(0x4E00..=0x9FFF)
            .chain(0xF900..=0xFAFF)
        {
            let Some(ch) = char::from_u32(cp) else {
                continue;
            };
            let s = fast2s::convert(&ch.to_string());
            if let Some(simple) = s.chars().next().filter(|s| *s != ch) {
                t.entry(simple).or_default().push(ch);
            }
        }
        t
    });
    let mut out = vec![c];
    out.extend(table.get(&c).into_iter().flatten());
    out
}

/// Every way of writing `word` with each character in one of its forms (at most 256).
fn spellings(word: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in word.chars() {
        let forms = forms_of(c);
        out = out
            .iter()
            .flat_map(|w| forms.iter().map(move |f| format!("{w}{f}")))
            .take(256)
            .collect();
    }
    out
}

fn matcher(words: &[String]) -> Option<AhoCorasick> {
    (!words.is_empty()).then(|| AhoCorasick::new(words).expect("short patterns"))
}

impl Anchors {
    /// From each protected name: (full name, given name, its pinyin forms).
    pub fn new<'a>(
        names: impl IntoIterator<Item = (&'a str, Option<&'a str>, Vec<String>)>,
    ) -> Anchors {
        let mut words: Vec<String> = vec![];
        for (real, given, pinyin) in names {
            let name = super::fold::fold_plain(real);
            words.extend(
                spellings(&name)
                    .into_iter()
                    .filter(|w| w.chars().count() >= 2),
            );
            if let Some(g) = given {
                words.extend(spellings(&super::fold::fold_plain(g)));
            }
            words.extend(pinyin);
        }
        Anchors {
            words: matcher(&words),
        }
    }

    pub fn may_hold(&self, raw: &str, html: bool) -> bool {
        let Some(m) = &self.words else { return false };
        let f = super::fold::fold_light(raw, html);
        m.is_match(&f.text.text) || m.is_match(&f.tags.text)
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_what_cannot_hold_the_name_and_keeps_every_form() {
        let pinyin = super::super::names::pinyin_forms("欧阳振华");
        let a = Anchors::new([("欧阳振华", Some("振华"), pinyin)]);
        for s in [
            "欧阳振华",
            "歐陽振華",
            "振 华",
            "Ouyang Zhenhua",
            "OU-YANG-ZHEN-HUA",
            "&#25391;华",
            "%E6%8C%AF%E5%8D%8E",
            "\\u632f\\u534e",
            "Ōuyáng Zhènhuá",
            "Ｏｕｙａｎｇ Ｚｈｅｎｈｕａ",
        ] {
            assert!(a.may_hold(s, true), "{s}");
        }
        for s in [
            "中华人民共和国",
            "振兴",
            "<li>hua</li>",
            "<h2 id=\"zhen-hua\">",
            "<a href=&#x27;x&#x2F;&#x27;>",
            "你好，世界！",
        ] {
            assert!(!a.may_hold(s, true), "{s}");
        }
    }
}
