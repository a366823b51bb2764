//! The inverted index: every term's posting list (documents and a small score), split into
//! shards by a hash of the term, so the browser fetches only the shards of its query's terms.
//!
//! A posting's score packs which fields hold the term and how often the body does:
//! `min(body count, 15) | field bits << 4` (bits: title 1, hero name 2, place 4, district 8,
//! honour 16). The script ranks by it before it checks each candidate's text (`assets/search.js`).

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::docs::{Doc, FIELDS};
use crate::encode::{hash_key, varint};
use crate::tokens::{for_each_term, Term};

/// About this many bytes per shard: a two-term query then fetches tens of KB.
const SHARD_TARGET: usize = 16 * 1024;
const MAX_SHARDS: usize = 4096;

/// The index's shards, each a sorted map from term to encoded postings.
pub struct Shards(pub Vec<BTreeMap<String, String>>);

/// Each term of one document with its score.
fn doc_terms(doc: &Doc) -> Vec<(Term, u16)> {
    let mut seen: HashMap<Term, (u16, u16)> = HashMap::new();
    for (f, text) in doc.fields.iter().enumerate() {
        let bit = if f + 1 == FIELDS { 0 } else { 1u16 << f };
        for_each_term(text, |t| {
            let e = seen.entry(t).or_default();
            e.0 |= bit;
            if bit == 0 {
                e.1 = e.1.saturating_add(1);
            }
        });
    }
    let mut v: Vec<(Term, u16)> = seen
        .into_iter()
        .map(|(t, (bits, count))| (t, count.min(15) | bits << 4))
        .collect();
    v.sort_unstable();
    v
}

/// Builds the shards for `docs` (in index order).
pub fn build(docs: &[Doc]) -> Shards {
    let per_doc: Vec<Vec<(Term, u16)>> = docs.par_iter().map(doc_terms).collect();
    let mut postings: HashMap<Term, Vec<(u32, u16)>> = HashMap::new();
    for (id, terms) in per_doc.into_iter().enumerate() {
        for (t, score) in terms {
            postings.entry(t).or_default().push((id as u32, score));
        }
    }
    let encoded: Vec<(String, String)> = postings
        .into_par_iter()
        .map(|(t, list)| (t.key(), encode(&list)))
        .collect();
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

/// Postings as the script reads them: the first document's number, then the gap to each next
/// one, each followed by its score.
fn encode(list: &[(u32, u16)]) -> String {
    let mut out = String::with_capacity(list.len() * 2);
    let mut prev = 0;
    for (i, (doc, score)) in list.iter().enumerate() {
        let gap = if i == 0 { *doc } else { doc - prev };
        varint(gap, &mut out);
        varint(u32::from(*score), &mut out);
        prev = *doc;
    }
    out
}

impl Shards {
    /// Each shard as JSON, in order.
    pub fn to_json(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|s| serde_json::to_string(s).unwrap_or_else(|_| "{}".into()))
            .collect()
    }
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
                body.into(),
            ],
        }
    }

    #[test]
    fn scores_pack_fields_and_body_counts() {
        let t = doc_terms(&doc("落水", "落水 落水"));
        let s = t.iter().find(|(t, _)| t.key() == "落水").unwrap().1;
        assert_eq!(s, 2 | 1 << 4);
    }

    #[test]
    fn postings_are_gaps() {
        let mut out = String::new();
        varint(0, &mut out);
        assert_eq!(encode(&[(0, 1), (5, 2)]), "0152");
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
