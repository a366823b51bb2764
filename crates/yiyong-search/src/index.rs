//! The inverted index: every term's posting list (documents and a small score), split into
//! shards by a hash of the term, so the browser fetches only the shards of its query's terms.
//!
//! A posting's score packs which fields hold the term and how often the body does:
//! `min(body count, 15) | field bits << 4` (bits: title 1, hero name 2, place 4, district 8,
//! honour 16; 32 and 64 when the term starts or ends the hero's name). The script ranks by it before it checks each candidate's text (`assets/search.js`).

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::docs::{Doc, FIELDS};
use crate::encode::{hash_key, varint};
use crate::tokens::{for_each_term, query_terms, Term};

/// Score bits (above the title, name, place, district and honour bits): the term is the first,
/// or the last, a query of the hero's name looks up.
const NAME_START: u16 = 1 << 5;
const NAME_END: u16 = 1 << 6;

/// About this many bytes per shard: a two-term query then fetches tens of KB.
const SHARD_TARGET: usize = 16 * 1024;
const MAX_SHARDS: usize = 4096;

/// The index's shards, each a sorted map from term to encoded postings.
pub struct Shards(pub Vec<BTreeMap<String, String>>);

/// A CJK term as a number (a single character, or a pair with bit 42 set): hashing and sorting
/// numbers is what made the index fast enough (1.5 s to a fraction of that on 16,000 pages).
fn code(t: &Term) -> Option<u64> {
    match t {
        Term::One(c) => Some(*c as u64),
        Term::Two(a, b) => Some(1 << 42 | (*a as u64) << 21 | *b as u64),
        Term::Word(_) => None,
    }
}

fn decode(code: u64) -> String {
    let ch = |v: u64| char::from_u32(v as u32).unwrap_or('\u{fffd}');
    if code >> 42 == 0 {
        ch(code).to_string()
    } else {
        [ch(code >> 21 & 0x1F_FFFF), ch(code & 0x1F_FFFF)]
            .iter()
            .collect()
    }
}

/// One document's terms with their scores: CJK terms by code, words by text.
#[derive(Default)]
struct DocTerms {
    cjk: Vec<(u64, u16)>,
    words: Vec<(String, u16)>,
}

/// Each term of one document with its score (see the module's comment), in no order: the
/// postings are in document order whatever the order within one document.
fn doc_terms(doc: &Doc) -> DocTerms {
    HAN_TABLE.with_borrow_mut(|han| doc_terms_with(doc, han))
}

/// The basic block of Han characters (U+4E00–U+9FFF): a page's single-character terms are
/// counted in a table indexed by code point (`HanTable`), not hashed.
const HAN_FIRST: u32 = 0x4E00;
const HAN_LEN: usize = 0x5200;

/// Each Han character's `(field bits, body count)` in the document at hand, and which are
/// set (to clear them for the next document); one table a thread, reused.
struct HanTable {
    entries: Vec<(u16, u16)>,
    touched: Vec<u16>,
}

thread_local! {
    static HAN_TABLE: std::cell::RefCell<HanTable> = std::cell::RefCell::new(HanTable {
        entries: vec![(0, 0); HAN_LEN],
        touched: Vec::with_capacity(1024),
    });
}

impl HanTable {
    /// The entry of `c` when it is in the table's block. Every entry touched has a bit or a
    /// count set (see `doc_terms_with`), so an empty one is untouched.
    fn entry(&mut self, c: char) -> Option<&mut (u16, u16)> {
        let i = (c as u32).checked_sub(HAN_FIRST)? as usize;
        let e = self.entries.get_mut(i)?;
        if *e == (0, 0) {
            self.touched.push(i as u16);
        }
        Some(e)
    }
}

/// The document's entry for term `t`: in the Han table, the map of other CJK terms' codes,
/// or the map of words.
fn slot<'a>(
    t: Term,
    han: &'a mut HanTable,
    cjk: &'a mut CodeMap<(u16, u16)>,
    words: &'a mut HashMap<String, (u16, u16)>,
) -> &'a mut (u16, u16) {
    if let Term::One(c) = t {
        if let Some(e) = han.entry(c) {
            return e;
        }
    }
    match (code(&t), t) {
        (Some(c), _) => cjk.entry(c).or_default(),
        (None, Term::Word(w)) => words.entry(w).or_default(),
        // `code` is None for words only.
        (None, t) => words.entry(t.key()).or_default(),
    }
}

fn doc_terms_with(doc: &Doc, han: &mut HanTable) -> DocTerms {
    let mut cjk: CodeMap<(u16, u16)> = CodeMap::with_capacity_and_hasher(512, Default::default());
    let mut words: HashMap<String, (u16, u16)> = HashMap::new();
    // The hero's name as a query of it looks it up: its first and last term get the bits that
    // let the script rank the hero named exactly so (于伟) before 于伟燕.
    let name = query_terms(&doc.fields[1]);
    for (t, bit) in name
        .first()
        .map(|t| (t, NAME_START))
        .into_iter()
        .chain(name.last().map(|t| (t, NAME_END)))
    {
        slot(t.clone(), han, &mut cjk, &mut words).0 |= bit;
    }
    // The body's lead ends in a space: its terms and the text's are the same apart as joined.
    let parts = doc.fields.iter().map(String::as_str).chain([&*doc.text]);
    for (f, text) in parts.enumerate() {
        let f = f.min(FIELDS - 1);
        // The field's bit; the body has none and is counted instead. Either way an entry
        // added to is never (0, 0) again.
        let bit = if f + 1 == FIELDS { 0 } else { 1u16 << f };
        let add = |e: &mut (u16, u16)| {
            e.0 |= bit;
            e.1 = e.1.saturating_add(u16::from(bit == 0));
        };
        for_each_term(text, |t| add(slot(t, han, &mut cjk, &mut words)));
    }
    let score = |(bits, count): (u16, u16)| count.min(15) | bits << 4;
    let mut codes: Vec<(u64, u16)> = cjk.into_iter().map(|(c, e)| (c, score(e))).collect();
    for i in han.touched.drain(..) {
        let e = std::mem::take(&mut han.entries[usize::from(i)]);
        codes.push((u64::from(HAN_FIRST) + u64::from(i), score(e)));
    }
    DocTerms {
        cjk: codes,
        words: words.into_iter().map(|(w, e)| (w, score(e))).collect(),
    }
}

/// A multiply-and-rotate hasher for the term codes (std's SipHash resists attacks this map
/// does not face, at several times the cost).
#[derive(Default, Clone, Copy)]
struct CodeHasher(u64);

impl std::hash::Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type CodeMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<CodeHasher>>;

/// Documents whose terms are worked out at once (in parallel) before they join the postings:
/// all 16,000 pages' term lists at once took some 100 MB.
const CHUNK: usize = 256;

/// A term's postings as the script reads them: the first document's number, then the gap to
/// each next one, each followed by its score. Encoded as documents arrive (in order): a few
/// bytes each rather than a `(u32, u16)` pair.
#[derive(Default)]
struct Postings {
    bytes: String,
    last: Option<u32>,
}

impl Postings {
    fn push(&mut self, doc: u32, score: u16) {
        varint(doc - self.last.unwrap_or(0), &mut self.bytes);
        varint(u32::from(score), &mut self.bytes);
        self.last = Some(doc);
    }
}

/// Builds the shards for `docs` (in index order).
pub fn build(docs: &[Doc]) -> Shards {
    let mut cjk: CodeMap<Postings> = CodeMap::default();
    let mut words: HashMap<String, Postings> = HashMap::new();
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        let per_doc: Vec<DocTerms> = chunk.par_iter().map(doc_terms).collect();
        for (k, terms) in per_doc.into_iter().enumerate() {
            let id = (n * CHUNK + k) as u32;
            for (c, score) in terms.cjk {
                cjk.entry(c).or_default().push(id, score);
            }
            for (w, score) in terms.words {
                words.entry(w).or_default().push(id, score);
            }
        }
    }
    let mut encoded: Vec<(String, String)> = cjk
        .into_par_iter()
        .map(|(c, list)| (decode(c), list.bytes))
        .collect();
    encoded.par_extend(words.into_par_iter().map(|(w, list)| (w, list.bytes)));
    let total: usize = encoded.iter().map(|(k, p)| k.len() + p.len() + 6).sum();
    let n = (total / SHARD_TARGET)
        .clamp(1, MAX_SHARDS)
        .next_power_of_two();
    let mut shards = vec![BTreeMap::new(); n];
    for (k, p) in encoded {
        shards[hash_key(&k) as usize % n].insert(k, p);
    }
    Shards(shards)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, body: &str) -> Doc {
        Doc {
            url: String::new(),
            kind: 0,
            date: String::new(),
            fields: [
                title.into(),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
            ],
            text: body.into(),
        }
    }

    #[test]
    fn scores_pack_fields_and_body_counts() {
        let t = doc_terms(&doc("落水 ab", "落水 落水 AB"));
        let s = t.cjk.iter().find(|(c, _)| decode(*c) == "落水").unwrap().1;
        assert_eq!(s, 2 | 1 << 4);
        assert_eq!(t.words, [("ab".to_string(), 1 | 1 << 4)]);
    }

    #[test]
    fn codes_give_the_terms_back() {
        for t in [Term::One('落'), Term::Two('落', '水'), Term::Two('𠀀', 'a')] {
            assert_eq!(decode(code(&t).unwrap()), t.key());
        }
    }

    #[test]
    fn postings_are_gaps() {
        let mut out = String::new();
        varint(0, &mut out);
        let mut p = Postings::default();
        p.push(0, 1);
        p.push(5, 2);
        assert_eq!(p.bytes, "0152");
        let mut p = Postings::default();
        p.push(3, 1);
        p.push(4, 2);
        assert_eq!(p.bytes, "3112");
    }

    #[test]
    fn every_term_lands_in_its_hash_shard() {
        let docs: Vec<Doc> = (0..50)
            .map(|i| doc(&format!("第{i}位英雄"), "勇救落水儿童"))
            .collect();
        let s = build(&docs);
        let n = s.0.len();
        for (i, shard) in s.0.iter().enumerate() {
            for k in shard.keys() {
                assert_eq!(hash_key(k) as usize % n, i);
            }
        }
        assert!(s.0.iter().any(|m| m.contains_key("落水")));
    }
}
