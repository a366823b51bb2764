//! How text becomes index terms. The browser script does the same to a query
//! (`assets/search.js`, `terms`), so the two must agree: a change here is a change there.
//!
//! - Han (and kana, hangul) runs: every adjacent pair of characters (a bigram), and every
//!   single character, so that a one-character query has a posting list of its own. A
//!   dictionary-free split: names and place names are not in any dictionary, and a bigram
//!   index cannot disagree with the query side about where words end.
//! - Other letters and digits: each maximal run is one word, lower-cased.
//! - Full-width ASCII (ＡＢＣ１２３) is read as ASCII, as phones' Chinese keyboards type it.

/// One term of the index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    /// One CJK character.
    One(char),
    /// Two adjacent CJK characters.
    Two(char, char),
    /// A run of letters or digits, lower-cased.
    Word(String),
}

impl Term {
    /// The term as the browser looks it up (the key in a shard).
    pub fn key(&self) -> String {
        match self {
            Term::One(c) => c.to_string(),
            Term::Two(a, b) => [*a, *b].iter().collect(),
            Term::Word(w) => w.clone(),
        }
    }
}

/// Whether a character is written without spaces between words (bigram-indexed).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF          // kana
        | 0x3400..=0x4DBF        // Han extension A
        | 0x4E00..=0x9FFF        // Han
        | 0xAC00..=0xD7AF        // hangul
        | 0xF900..=0xFAFF        // compatibility ideographs
        | 0x20000..=0x3134F) // Han extensions B–G
}

/// Chinese text's punctuation outside ASCII and the full-width forms (which `normalize`
/// makes ASCII): 、。〃, the brackets 〈〉《》「」『』【】〔〕〖〗〘〙〚〛, 〜〝〞〟, and the
/// dashes, quotes, bullets and ellipsis of U+2010–U+2027. None is a letter or digit, and
/// none has a case: a separator whichever way it is tested.
fn is_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F | 0x2010..=0x2027)
}

/// The character as it is indexed and compared: full-width ASCII as ASCII, letters lower-case.
/// One character in, one out, so that offsets in the normalized text are offsets in the text.
pub fn normalize(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        // Only a one-to-one lower case (the script's toLowerCase agrees on those).
        let mut l = c.to_lowercase();
        match (l.next(), l.next()) {
            (Some(x), None) => x,
            _ => c,
        }
    }
}

/// Calls `f` for every term occurrence in `text`, in order.
pub fn for_each_term(text: &str, mut f: impl FnMut(Term)) {
    let mut prev_cjk: Option<char> = None;
    let mut word = String::new();
    for c in text.chars() {
        // CJK first: most characters of a Chinese page, and `normalize` leaves them alone
        // (a third of the index's time went to case tables before this test came first).
        // Then the punctuation between them: a separator, like any other character that is
        // no letter or digit, found so without the case and letter tables.
        // (`normalize` makes no character CJK that was not.)
        if is_cjk(c) {
            flush_word(&mut word, &mut f);
            if let Some(p) = prev_cjk {
                f(Term::Two(p, c));
            }
            f(Term::One(c));
            prev_cjk = Some(c);
            continue;
        }
        prev_cjk = None;
        let c = if is_punctuation(c) { ' ' } else { normalize(c) };
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush_word(&mut word, &mut f);
        }
    }
    flush_word(&mut word, &mut f);
}

/// The terms a query of `text` looks up, in order (`terms` in the script): a CJK run of one
/// character is that character, a longer run its pairs; words as in the index.
pub fn query_terms(text: &str) -> Vec<Term> {
    fn flush_run(run: &mut Vec<char>, out: &mut Vec<Term>) {
        if let [c] = run[..] {
            out.push(Term::One(c));
        }
        out.extend(run.windows(2).map(|w| Term::Two(w[0], w[1])));
        run.clear();
    }
    let mut out = vec![];
    let mut run = vec![];
    let mut word = String::new();
    for c in text.chars() {
        let c = if is_cjk(c) { c } else { normalize(c) };
        if is_cjk(c) {
            flush_word(&mut word, &mut |t| out.push(t));
            run.push(c);
        } else {
            flush_run(&mut run, &mut out);
            if c.is_alphanumeric() {
                word.push(c);
            } else {
                flush_word(&mut word, &mut |t| out.push(t));
            }
        }
    }
    flush_run(&mut run, &mut out);
    flush_word(&mut word, &mut |t| out.push(t));
    out
}

fn flush_word(word: &mut String, f: &mut impl FnMut(Term)) {
    if !word.is_empty() {
        f(Term::Word(std::mem::take(word)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(s: &str) -> Vec<String> {
        let mut v = vec![];
        for_each_term(s, |t| v.push(t.key()));
        v
    }

    #[test]
    fn han_runs_give_pairs_and_singles() {
        assert_eq!(keys("落水"), ["落", "落水", "水"]);
        assert_eq!(keys("水落，石"), ["水", "水落", "落", "石"]);
    }

    #[test]
    fn queries_use_pairs_or_a_lone_character() {
        let keys = |s: &str| query_terms(s).iter().map(Term::key).collect::<Vec<_>>();
        assert_eq!(keys("于伟"), ["于伟"]);
        assert_eq!(keys("彭文伟"), ["彭文", "文伟"]);
        assert_eq!(keys("火"), ["火"]);
        assert_eq!(keys("236号，某"), ["236", "号", "某"]);
    }

    #[test]
    fn punctuation_taken_as_a_separator_is_one() {
        let ranges = [
            0x3001..=0x3003,
            0x3008..=0x3011,
            0x3014..=0x301F,
            0x2010..=0x2027,
        ];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            assert!(is_punctuation(c));
            assert!(!is_cjk(c) && !normalize(c).is_alphanumeric(), "{c}");
        }
        assert!(!is_punctuation('々') && !is_punctuation('〇') && !is_punctuation('，'));
        assert_eq!(keys("“落水”、《救》"), ["落", "落水", "水", "救"]);
    }

    #[test]
    fn words_are_lower_cased_and_full_width_is_ascii() {
        assert_eq!(keys("G7次 ＡＢＣ１２"), ["g7", "次", "abc12"]);
        assert_eq!(keys("2024年"), ["2024", "年"]);
    }
}
