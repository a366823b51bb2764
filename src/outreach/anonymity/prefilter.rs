//! A cheap first look at an output before folding it (folding every output of a 10,000-hero
//! site with 100 anonymous heroes cost 2.5 s of CPU in a 4 s rebuild). Markup, spaces and
//! invisible characters can only come between the characters of a name, so the text's Han
//! characters alone still hold every Han spelling of it (traditional ones searched as such),
//! and its ASCII letters alone hold every pinyin spelling. Only encodings hide a name from
//! both (`&#27431;`, `%E6…`, `\u6b27`, full-width or tone-marked letters): those outputs are
//! always folded. An output that passes this look is not folded at all.

use aho_corasick::AhoCorasick;

use super::names::Hero;

#[derive(Default)]
pub struct Anchors {
    /// Every protected Han name and given name in every combination of its characters'
    /// forms (振华, 振華…), searched in the text's Han characters alone.
    han: Option<AhoCorasick>,
    /// The names in pinyin, syllables joined (`ouyangzhenhua`), searched in the text's ASCII
    /// letters and digits alone: a single syllable (`li`, `hua`) is in every page's markup.
    pinyin: Option<AhoCorasick>,
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
    pub fn new(heroes: &[Hero]) -> Anchors {
        let mut han: Vec<String> = vec![];
        let mut latin: Vec<String> = vec![];
        for h in heroes {
            let name: String = h.real.chars().filter(|c| super::fold::is_han(*c)).collect();
            han.extend(
                spellings(&name)
                    .into_iter()
                    .filter(|w| w.chars().count() >= 2),
            );
            if let Some(g) = &h.given {
                han.extend(spellings(g));
                latin.extend(super::names::pinyin_forms(g));
            }
            latin.extend(super::names::pinyin_forms(&h.real));
            // A name written in Latin letters (a foreign name) is searched as letters.
            let letters: String = h
                .real
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if letters.len() >= 4 {
                latin.push(letters);
            }
        }
        Anchors {
            han: matcher(&han),
            pinyin: matcher(&latin),
        }
    }

    pub fn may_hold(&self, raw: &str) -> bool {
        if self.han.is_none() && self.pinyin.is_none() {
            return false;
        }
        if encoded(raw.as_bytes()) {
            return true;
        }
        let mut han = String::new();
        let mut letters: Vec<u8> = vec![];
        for c in raw.chars() {
            if c.is_ascii_alphanumeric() {
                letters.push(c.to_ascii_lowercase() as u8);
            } else if super::fold::is_han(c) {
                han.push(c);
            }
        }
        self.han.as_ref().is_some_and(|m| m.is_match(&han))
            || self.pinyin.as_ref().is_some_and(|m| m.is_match(&letters))
    }
}

/// Whether the text holds a form that hides characters from a byte search: a numeric entity
/// of a letter (Tera's `&#x27;` and `&#x2F;` are not), a `%`-escaped non-ASCII byte, a `\u`
/// escape, or a full-width or tone-marked Latin letter.
fn encoded(b: &[u8]) -> bool {
    for i in memchr::memchr3_iter(b'&', b'%', b'\\', b) {
        let rest = &b[i + 1..];
        let hit = match b[i] {
            b'&' => rest.first() == Some(&b'#') && entity_is_letter(&rest[1..]),
            b'%' => {
                rest.len() >= 2
                    && rest[0].is_ascii_hexdigit()
                    && rest[1].is_ascii_hexdigit()
                    && rest[0] >= b'8'
            }
            _ => rest.first() == Some(&b'u'),
        };
        if hit {
            return true;
        }
    }
    // U+00C0–U+017F and U+01C0–U+01FF (pinyin tone marks), full-width A–Z and a–z.
    if memchr::memchr3(0xC3, 0xC4, 0xC5, b).is_some() || memchr::memchr(0xC7, b).is_some() {
        return true;
    }
    memchr::memchr_iter(0xEF, b).any(|i| {
        matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0xBC), Some(0xA1..=0xBA)) | (Some(0xBD), Some(0x81..=0x9A))
        )
    })
}

fn entity_is_letter(rest: &[u8]) -> bool {
    let end = rest.iter().take(10).position(|&c| c == b';');
    let Some(end) = end else { return false };
    let s = std::str::from_utf8(&rest[..end]).unwrap_or("");
    let v = match s.strip_prefix(['x', 'X']) {
        Some(h) => u32::from_str_radix(h, 16).ok(),
        None => s.parse().ok(),
    };
    v.and_then(char::from_u32)
        .is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_what_cannot_hold_the_name_and_keeps_every_form() {
        let a = Anchors::new(&[Hero {
            real: "欧阳振华".into(),
            masked: "欧阳某".into(),
            given: Some("振华".into()),
            file: "a.md".into(),
        }]);
        for s in [
            "欧阳振华",
            "歐陽振華",
            "振 华",
            "Zhenhua",
            "ZHEN-HUA",
            "&#25391;华",
            "%E6%8C%AF",
            "\\u632f",
            "Zhènhuá",
            "Ｈｕａ",
        ] {
            assert!(a.may_hold(s), "{s}");
        }
        for s in [
            "中华人民共和国",
            "振兴",
            "<li>hua</li>",
            "<a href=&#x27;x&#x2F;&#x27;>",
            "你好，世界！",
        ] {
            assert!(!a.may_hold(s), "{s}");
        }
    }
}
