//! The files of the index, all below `search/` in the output, written through the build's
//! writer (so the final sweep for anonymous names reads them too, and an unchanged file is not
//! rewritten):
//!
//! - `search/meta.json`: the shard count, a version, the type and district names, loaded once
//!   per visit;
//! - `search/facets.json`: each document's type and district, loaded only when a filter is set;
//! - `search/s/<n>.json`: the shards (term → postings);
//! - `search/d/<n>.json`: the documents `n × DOCS_PER_FILE` to `n × DOCS_PER_FILE +
//!   DOCS_PER_FILE − 1`, in a list: each one's address, type, date and short fields (title,
//!   name, place, district, honours, lead), loaded only for results being checked or shown,
//!   with the page itself for the body;
//! - `search/search.js`: the search page's script.

use rayon::prelude::*;
use serde_json::{json, Value};
use yiyong_core::error::Diagnostic;
use yiyong_core::extension::RenderedSite;

use crate::docs::{Doc, TYPES};
use crate::encode::varint;
use crate::index::Shards;

const SCRIPT: &str = include_str!("../assets/search.js");
/// The folder of the index in the output.
pub const FOLDER: &str = "search";

/// Documents in one file of `search/d/`: a file each was 16,502 of the 36,078 files of a
/// 10,000-hero site, and creating them a tenth of the build's CPU (see docs/outreach-bench.md);
/// 16 of some 140 bytes are 2 KB, so a page of results still loads little it does not show.
pub const DOCS_PER_FILE: usize = 16;

/// The first 8 hex digits of the script's hash (`search_version()` in templates).
pub fn script_version() -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(SCRIPT.as_bytes()))[..8].to_string()
}

/// Writes every file of the index; returns what failed.
pub fn write_all(site: &dyn RenderedSite, docs: &[Doc], shards: Shards) -> Vec<Diagnostic> {
    // Each shard is made JSON, written and dropped in turn: all of them as JSON beside the
    // index was 8 MB more at the build's peak (10,000 heroes).
    let shard_count = shards.0.len();
    let shards: Vec<(u64, Option<Diagnostic>)> = shards
        .0
        .into_par_iter()
        .enumerate()
        .map(|(i, shard)| {
            let json = serde_json::to_string(&shard).unwrap_or_else(|_| "{}".into());
            drop(shard);
            write_hashed(site, &format!("{FOLDER}/s/{i}.json"), &json)
        })
        .collect();
    let documents: Vec<(u64, Option<Diagnostic>)> = docs
        .par_chunks(DOCS_PER_FILE)
        .enumerate()
        .map(|(n, chunk)| {
            let list: Vec<Value> = chunk.iter().map(doc_value).collect();
            write_hashed(
                site,
                &format!("{FOLDER}/d/{n}.json"),
                &Value::Array(list).to_string(),
            )
        })
        .collect();
    // The version changes with any file, so the script's cached copies never mix two builds.
    let mut version = xxhash_rust::xxh3::Xxh3::new();
    let mut errors = vec![];
    for (hash, error) in shards.into_iter().chain(documents) {
        version.update(&hash.to_le_bytes());
        errors.extend(error);
    }
    let (meta, facets) = meta(docs, shard_count, version);
    for (name, bytes) in [
        ("meta.json", meta.as_bytes()),
        ("facets.json", facets.as_bytes()),
        ("search.js", SCRIPT.as_bytes()),
    ] {
        errors.extend(site.write_file(&format!("{FOLDER}/{name}"), bytes).err());
    }
    errors
}

/// Writes one file of the index; returns its hash (for the version) and what failed.
fn write_hashed(site: &dyn RenderedSite, rel: &str, json: &str) -> (u64, Option<Diagnostic>) {
    let hash = xxhash_rust::xxh3::xxh3_64(json.as_bytes());
    (hash, site.write_file(rel, json.as_bytes()).err())
}

/// A document's file holds its short fields and the lead, not the body: the script reads that
/// from the page itself (`data-search-body`), which the site publishes anyway. A second copy of
/// every page's text here was 29 MB of a 10,000-hero site's 172 MB.
fn doc_value(d: &Doc) -> Value {
    json!({ "u": d.url, "y": d.kind, "a": d.date, "f": d.fields })
}

/// `meta.json`, with the districts (sorted), and `facets.json`: each document's type and
/// district number (0: none) as digits, apart because only a filter needs it (at 16,000 pages
/// it is 32 KB, a third of a first query's budget).
fn meta(docs: &[Doc], shards: usize, mut version: xxhash_rust::xxh3::Xxh3) -> (String, String) {
    let mut districts: Vec<&str> = docs
        .iter()
        .map(Doc::district)
        .filter(|d| !d.is_empty())
        .collect();
    districts.sort_unstable();
    districts.dedup();
    let mut facets = String::with_capacity(docs.len() * 2);
    for d in docs {
        varint(d.kind as u32, &mut facets);
        let n = districts.binary_search(&d.district()).map_or(0, |i| i + 1);
        varint(n as u32, &mut facets);
    }
    version.update(facets.as_bytes());
    let meta = json!({
        "v": 2,
        "version": format!("{:016x}", version.digest()),
        "shards": shards,
        "per": DOCS_PER_FILE,
        "count": docs.len(),
        "types": TYPES.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
        "labels": TYPES.iter().map(|(_, l)| *l).collect::<Vec<_>>(),
        "districts": districts,
    });
    (meta.to_string(), json!({ "facets": facets }).to_string())
}
