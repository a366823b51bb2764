//! The search index (crates/yiyong-search) on a fixture site: the demo, plus a news page that
//! says 水落石出 and never 落水, one with 落水 and 水落石出 (so both pairs of 水落水), a newer
//! hero 周航宇 (so 周航 must rank 周航 by name, not by date), a draft and a page with `in_search_index = false`, each with a
//! word found nowhere else. Built once with `--drafts` (so the draft is on the site, and the
//! index must still leave it out) and served on loopback for the browser test
//! (tests/a11y/search.mjs, which needs Chromium and `npm ci` in tests/a11y).

mod common;
use common::{a11y_dir, demo_copy, files_below, serve, Fixture, BASIC_CONFIG};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The anonymous demo hero's real name (content/heroes/zhang-mou.md), shown only as 张某.
const REAL_NAME: &str = "张立新";

struct Site {
    _dir: tempfile::TempDir,
    public: PathBuf,
    port: u16,
}

fn add_pages(root: &Path) {
    let news = root.join("content/news");
    let write = |name: &str, text: &str| std::fs::write(news.join(name), text).unwrap();
    write(
        "2024-09-01-autumn-safety.md",
        "+++\ntitle = \"秋季安全提示：真相终会水落石出\"\ndate = 2024-09-01\n+++\n\n入秋以后，请市民注意出行安全。诈骗案件终会水落石出。\n",
    );
    // A newer hero whose name starts with 周航: 周航 must still bring 周航 first.
    std::fs::write(
        root.join("content/heroes/zhou-hangyu.md"),
        "+++\ntitle = \"周航宇：拦下失控车辆（虚构示例）\"\ndate = 2025-01-02\n[extra.hero]\nname = \"周航宇\"\nkind = \"individual\"\ndistrict = \"南湖区\"\nstatus = \"living\"\n+++\n\n周航宇拦下了失控车辆。\n",
    )
    .unwrap();
    // Has 落水 and 水落 but not 水落水: only the check of the text keeps it out of 水落水.
    write(
        "2024-09-04-river.md",
        "+++\ntitle = \"河边安全提示\"\ndate = 2024-09-04\n+++\n\n有人落水时先呼救。事情的经过终于水落石出。\n",
    );
    write(
        "2024-09-02-draft-note.md",
        "+++\ntitle = \"草稿\"\ndate = 2024-09-02\ndraft = true\n+++\n\n草稿里的暗号甲乙丙。\n",
    );
    write(
        "2024-09-03-hidden.md",
        "+++\ntitle = \"不收录\"\ndate = 2024-09-03\nin_search_index = false\n+++\n\n不收录的口令丁戊己。\n",
    );
}

fn build_into(root: &Path, out: &Path, port: u16) {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .args(["--root"])
        .arg(root)
        .args(["build", "--drafts", "--force", "--base-url"])
        .arg(format!("http://127.0.0.1:{port}"))
        .arg("--output-dir")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// The fixture, built once for every test of this file.
fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = demo_copy();
        add_pages(dir.path());
        let public = dir.path().join("public");
        std::fs::create_dir_all(&public).unwrap();
        let port = serve(public.clone());
        build_into(dir.path(), &public, port);
        Site {
            _dir: dir,
            public,
            port,
        }
    })
}

/// Every index file: path below `search/` → text.
fn index_files(public: &Path) -> BTreeMap<String, String> {
    let dir = public.join("search");
    files_below(&dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let rel = p.strip_prefix(&dir).unwrap().display().to_string();
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The numbers of the index's base-32 digits (crates/yiyong-search/src/encode.rs).
fn read_ints(s: &str) -> Vec<u32> {
    const LAST: &str = "0123456789abcdefghijklmnopqrstuv";
    const MORE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%()";
    let mut out = vec![];
    let mut n = 0u32;
    for c in s.chars() {
        match (LAST.find(c), MORE.find(c)) {
            (Some(d), _) => {
                out.push(n * 32 + d as u32);
                n = 0;
            }
            (None, Some(d)) => n = n * 32 + d as u32,
            _ => panic!("not a digit: {c}"),
        }
    }
    out
}

/// Every term of the index with the documents of its postings.
fn postings(files: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<u32>> {
    let mut out = BTreeMap::new();
    for (rel, text) in files.iter().filter(|(r, _)| r.starts_with("s/")) {
        let shard: BTreeMap<String, String> =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        for (term, list) in shard {
            let ints = read_ints(&list);
            let mut id = 0;
            let docs = ints
                .chunks(2)
                .enumerate()
                .map(|(i, pair)| {
                    id = if i == 0 { pair[0] } else { id + pair[0] };
                    id
                })
                .collect();
            assert!(
                out.insert(term.clone(), docs).is_none(),
                "{term} in two shards"
            );
        }
    }
    out
}

/// The text of the published page's body, as the search page's script reads it for the check:
/// the element the theme marks `data-search-body`.
fn body_of(public: &Path, url: &str) -> String {
    let html = std::fs::read_to_string(public.join(url).join("index.html")).unwrap();
    let at = html
        .find(" data-search-body>")
        .unwrap_or_else(|| panic!("{url}: no data-search-body"));
    let inner = &html[at + " data-search-body>".len()..];
    // To the div that closes it.
    let (mut depth, mut end) = (1, inner.len());
    for (i, _) in inner.match_indices("div") {
        if inner[..i].ends_with("</") {
            depth -= 1;
        } else if inner[..i].ends_with('<') {
            depth += 1;
        }
        if depth == 0 {
            end = i - 2;
            break;
        }
    }
    yiyong_search::text_of(&inner[..end], 20_000)
}

/// Each document's fields, by number: `d/N.json` holds documents N×per to N×per+per−1
/// (`per` from meta.json), every file but the last full.
fn documents(files: &BTreeMap<String, String>) -> BTreeMap<u32, serde_json::Value> {
    let meta: serde_json::Value = serde_json::from_str(&files["meta.json"]).unwrap();
    let per = meta["per"]
        .as_u64()
        .expect("meta.json says how many to a file") as u32;
    let count = meta["count"].as_u64().unwrap() as u32;
    let mut docs = BTreeMap::new();
    for (rel, text) in files {
        let Some(n) = rel.strip_prefix("d/").and_then(|r| r.strip_suffix(".json")) else {
            continue;
        };
        let n: u32 = n.parse().unwrap();
        let list: Vec<serde_json::Value> = serde_json::from_str(text).unwrap();
        let full = per.min(count - n * per) as usize;
        assert_eq!(list.len(), full, "{rel} holds {} documents", list.len());
        for (k, d) in list.into_iter().enumerate() {
            docs.insert(n * per + k as u32, d);
        }
    }
    docs
}

#[test]
fn index_leaves_out_the_real_name_drafts_and_opted_out_pages() {
    let site = site();
    // The draft is on the site (--drafts) and the opted-out page too: only the index lacks them.
    assert!(site.public.join("news/draft-note/index.html").exists());
    assert!(site.public.join("news/hidden/index.html").exists());
    let files = index_files(&site.public);
    let shards = files.keys().filter(|k| k.starts_with("s/")).count();
    assert!(files.len() > shards + 4, "{} index files", files.len());
    let terms = postings(&files);
    for present in ["张某", "落水", "水落", "东城", "yiyong"] {
        assert!(terms.contains_key(present), "{present} is not in the index");
    }
    let real: Vec<char> = REAL_NAME.chars().collect();
    let pairs: Vec<String> = real.windows(2).map(|w| w.iter().collect()).collect();
    for (rel, text) in &files {
        for word in [REAL_NAME, "暗号", "口令", "draft-note", "news/hidden"] {
            assert!(!text.contains(word), "search/{rel} contains {word}");
        }
    }
    // No pair of the real name is a term: 立新 appears nowhere else on the demo site.
    assert!(
        !terms.contains_key(&pairs[1]),
        "the term {} is in the index",
        pairs[1]
    );
    let docs = documents(&files);
    let urls: Vec<&str> = docs.values().filter_map(|d| d["u"].as_str()).collect();
    assert!(urls.contains(&"heroes/zhang-mou/"), "{urls:?}");
    assert!(!urls.iter().any(|u| u.starts_with("search")), "{urls:?}");
    // Teams and service guides are their own types (the type filter and the result's label).
    let meta: serde_json::Value = serde_json::from_str(&files["meta.json"]).unwrap();
    let type_of = |url: &str| {
        let d = docs.values().find(|d| d["u"] == url).unwrap();
        meta["types"][d["y"].as_u64().unwrap() as usize].clone()
    };
    assert_eq!(type_of("teams/donghu-water-rescue/"), "team");
    assert_eq!(type_of("services/donate/"), "service");
    assert_eq!(type_of("about/"), "page");
    // Each type's name comes with it (the script's labels and the type filter read them;
    // the script, the page's <select> and the index had disagreed on 队伍 and 页面).
    let types = meta["types"].as_array().unwrap();
    let labels = meta["labels"].as_array().unwrap();
    assert_eq!(types.len(), labels.len(), "{meta}");
    let label_of = |t: &str| &labels[types.iter().position(|x| x == t).unwrap()];
    assert_eq!(label_of("team"), "志愿者队伍");
    assert_eq!(label_of("page"), "其他页面");
    let script = std::fs::read_to_string(site.public.join("search/search.js")).unwrap();
    assert!(!script.contains("志愿者队伍"), "the script names no type");
    let page = std::fs::read_to_string(site.public.join("search/index.html")).unwrap();
    // The script's address names its version, so a browser never runs an older script it
    // kept against this build's index files.
    let at = page
        .find("search/search.js?v=")
        .expect("the script is versioned")
        + 19;
    let version = &page[at..at + 9];
    assert!(
        version[..8].bytes().all(|b| b.is_ascii_hexdigit()) && version.ends_with('"'),
        "{version}"
    );
    let select = &page[page.find("<select id=\"yy-type\"").unwrap()..];
    let select = &select[..select.find("</select>").unwrap()];
    assert_eq!(
        select.matches("<option").count(),
        1,
        "only 全部 is written: {select}"
    );
}

#[test]
fn every_posting_list_is_exactly_the_documents_holding_its_term() {
    let files = index_files(&site().public);
    let terms = postings(&files);
    let docs = documents(&files);
    let meta: serde_json::Value = serde_json::from_str(&files["meta.json"]).unwrap();
    assert_eq!(meta["count"].as_u64(), Some(docs.len() as u64));
    assert_eq!(
        meta["shards"].as_u64(),
        Some(files.keys().filter(|k| k.starts_with("s/")).count() as u64)
    );
    // Ground truth by a plain scan: the documents whose fields contain the term, the body
    // being the stored lead and the page's text (the index keeps no copy of it).
    let site = site();
    let texts: BTreeMap<u32, Vec<String>> = docs
        .iter()
        .map(|(id, d)| {
            let f: Vec<&str> = d["f"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap())
                .collect();
            assert_eq!(f.len(), 6, "{d}");
            let body = [f[5], &body_of(&site.public, d["u"].as_str().unwrap())].concat();
            let mut all: Vec<String> = f[..5].iter().map(|s| s.to_string()).collect();
            all.push(body);
            (*id, all)
        })
        .collect();
    let mut checked = 0;
    for (term, ids) in terms
        .iter()
        .filter(|(t, _)| t.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
    {
        let scan: BTreeSet<u32> = texts
            .iter()
            .filter(|(_, f)| f.iter().any(|f| f.contains(term.as_str())))
            .map(|(id, _)| *id)
            .collect();
        assert_eq!(ids, &scan, "postings of {term}");
        checked += 1;
    }
    assert!(checked > 1000, "{checked} terms checked");
    // Newest first: a smaller number is a later (or equal) date.
    let dates: Vec<&str> = docs
        .values()
        .map(|d| d["a"].as_str().unwrap())
        .filter(|d| !d.is_empty())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[test]
fn the_same_site_gives_a_byte_identical_index() {
    let site = site();
    let again = tempfile::tempdir().unwrap();
    build_into(site.public.parent().unwrap(), again.path(), site.port);
    assert_eq!(index_files(&site.public), index_files(again.path()));
}

#[test]
fn plain_zola_sites_and_sites_that_turn_it_off_get_no_index() {
    let plain = Fixture::with_templates(BASIC_CONFIG);
    plain.file("content/a.md", "+++\ntitle = \"落水\"\n+++\n勇救落水儿童\n");
    plain.build();
    assert!(!plain.exists("search"));
    let dir = demo_copy();
    let config = dir.path().join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        format!("{text}\n[extra.yiyong.search]\nindex = false\n"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .arg("--root")
        .arg(dir.path())
        .arg("build")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("public/heroes/index.html").exists());
    assert!(!dir.path().join("public/search/meta.json").exists());
}

#[test]
fn search_page_answers_real_queries_in_chromium() {
    let Some(dir) = a11y_dir("playwright-core") else {
        return;
    };
    let site = site();
    let run = std::process::Command::new("node")
        .arg(dir.join("search.mjs"))
        .arg(format!("http://127.0.0.1:{}/", site.port))
        .output()
        .expect("node");
    let report = String::from_utf8_lossy(&run.stdout);
    eprintln!("{report}{}", String::from_utf8_lossy(&run.stderr));
    let summary = report
        .lines()
        .find(|l| l.starts_with("search: "))
        .unwrap_or_else(|| panic!("no summary line:\n{report}"));
    assert!(
        run.status.success() && summary.ends_with(" 0 problems"),
        "{report}"
    );
    let checks: usize = summary["search: ".len()..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(checks >= 100, "{report}");
}

/// FNV-1a over code points: the shard of a term (crates/yiyong-search/src/encode.rs).
fn shard_of(term: &str, shards: u64) -> u64 {
    let mut h: u32 = 2_166_136_261;
    for c in term.chars() {
        h = (h ^ c as u32).wrapping_mul(16_777_619);
    }
    u64::from(h) % shards
}

#[test]
fn serve_keeps_the_index_current_after_an_edit() {
    use common::serve::{start, text, wait_for};
    let dir = demo_copy();
    let server = start(dir.path());
    let meta = wait_for(server.port, "/search/meta.json", "the index", |b| {
        b.contains("\"shards\"")
    });
    let page = dir.path().join("content/heroes/zhou-hang.md");
    let before = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{before}\n救起后，两人被送上蓝鲸号渔船。\n")).unwrap();
    let meta = wait_for(server.port, "/search/meta.json", "a new index", |b| {
        b != meta && b.contains("\"shards\"")
    });
    let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
    let n = shard_of("鲸号", meta["shards"].as_u64().unwrap());
    let shard: BTreeMap<String, String> =
        serde_json::from_str(&text(server.port, &format!("/search/s/{n}.json"))).unwrap();
    let list = shard
        .get("鲸号")
        .expect("the edited page's new word is in the index");
    let ints = read_ints(list);
    assert_eq!(ints.len(), 2, "one page has it: {ints:?}");
    // The documents' short fields, `per` to a file, in order.
    let (id, per) = (ints[0] as u64, meta["per"].as_u64().unwrap());
    let file = text(server.port, &format!("/search/d/{}.json", id / per));
    let docs: Vec<serde_json::Value> = serde_json::from_str(&file).unwrap();
    let doc = docs[(id % per) as usize].to_string();
    assert!(doc.contains("heroes/zhou-hang/"), "{doc}");
    // The body is read from the page the script checks against, and holds the new words.
    assert!(
        text(server.port, "/heroes/zhou-hang/").contains("蓝鲸号"),
        "the page is rebuilt"
    );
}
