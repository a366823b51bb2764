//! A cheap first look at an output before folding it (folding every output of a 10,000-hero
//! site cost 3.6 s of a 7.8 s rebuild). Every written form of a name still holds each
//! character of the given name in some form (simplified or traditional), or, in pinyin, the
//! last syllable; only encodings hide them (`&#27431;`, `%E6…`, `\u6b27`), and full-width or
//! tone-marked Latin letters hide the syllable. An output with none of these for any hero
//! cannot hold a name, and is skipped.

use aho_corasick::AhoCorasick;
use pinyin::ToPinyin;

use super::names::Hero;

#[derive(Default)]
pub struct Anchors {
    matcher: Option<AhoCorasick>,
    /// Pattern → (hero, which of its anchors); an anchor is one character of the given name
    /// (any of its forms) or, as anchor `usize::MAX`, the pinyin syllable.
    patterns: Vec<(usize, usize)>,
    /// How many character anchors each hero has.
    needed: Vec<usize>,
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

impl Anchors {
    pub fn new(heroes: &[Hero]) -> Anchors {
        let mut words: Vec<String> = vec![];
        let mut patterns = vec![];
        let mut needed = vec![];
        for (i, h) in heroes.iter().enumerate() {
            // With a one-character given name, only the full name is protected: all of it.
            let chars: Vec<char> = match &h.given {
                Some(g) => g.chars().collect(),
                None => h.real.chars().collect(),
            };
            needed.push(chars.len());
            for (k, c) in chars.iter().enumerate() {
                for f in forms_of(*c) {
                    words.push(f.to_string());
                    patterns.push((i, k));
                }
            }
            let last: Option<String> = h
                .real
                .chars()
                .last()
                .and_then(|c| c.to_string().as_str().to_pinyin().next().flatten())
                .map(|p| p.plain().to_string());
            if let Some(syllable) = last.filter(|s| s.len() >= 2) {
                words.push(syllable);
                patterns.push((i, usize::MAX));
            }
        }
        let matcher = (!words.is_empty()).then(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&words)
                .expect("short patterns")
        });
        Anchors {
            matcher,
            patterns,
            needed,
        }
    }

    pub fn may_hold(&self, raw: &str) -> bool {
        let Some(m) = &self.matcher else { return false };
        if encoded(raw.as_bytes()) {
            return true;
        }
        let mut seen: Vec<u64> = vec![0; self.needed.len()];
        for hit in m.find_overlapping_iter(raw) {
            let (hero, anchor) = self.patterns[hit.pattern().as_usize()];
            if anchor == usize::MAX {
                return true;
            }
            seen[hero] |= 1 << anchor.min(63);
            if seen[hero].count_ones() as usize >= self.needed[hero].min(64) {
                return true;
            }
        }
        false
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
            "<a href=&#x27;x&#x2F;&#x27;>",
            "你好，世界！",
        ] {
            assert!(!a.may_hold(s), "{s}");
        }
    }
}
