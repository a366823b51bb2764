//! `elasticlunr.min.js` (issue 24): with `build_search_index = true` and an elasticlunr index,
//! yiyong writes its own first-party reader of the index under the name Zola themes load
//! (crates/yiyong-core/src/output/elasticlunr.js), unless static/ has one; and that script
//! answers queries as elasticlunr.js would, in Chromium (tests/a11y/elasticlunr.mjs, which
//! needs Chromium and `npm ci` in tests/a11y).

mod common;
use common::*;

const CONFIG: &str = "base_url = \"https://example.org\"\nbuild_search_index = true\n";

/// A small English site (and a French page) whose home page loads the script and the index.
fn fixture(config: &str) -> Fixture {
    let f = Fixture::new(config);
    f.file(
        "templates/index.html",
        "<!doctype html><html><head><title>t</title>\
         <script src=\"/elasticlunr.min.js\"></script></head><body></body></html>",
    )
    .file("templates/page.html", "{{ page.content | safe }}")
    .file(
        "content/a.md",
        &page(
            "Morning exercise",
            "",
            "She runs along the river every morning.",
        ),
    )
    .file(
        "content/b.md",
        &page("River cruise", "", "A boat trip down the river with lunch."),
    )
    .file(
        "content/c.md",
        &page("Garden notes", "", "Tomatoes grow slowly."),
    )
    .file(
        "content/d.md",
        &page("Rivers of the world", "", "Long rivers and their deltas."),
    )
    .file(
        "content/e.md",
        &page("Weekend plans", "", "A visit to the garden."),
    );
    f
}

const JS: &str = "elasticlunr.min.js";

#[test]
fn elasticlunr_min_js_is_written_unless_static_has_one_or_the_index_is_fuse() {
    let f = fixture(CONFIG);
    f.build();
    let js = f.read(JS);
    assert!(js.contains("elasticlunr.Index = Index"), "{js}");
    assert!(f.exists("search_index.en.js"));

    // The site's own copy wins, as in Zola (which copies static/ after writing its own).
    f.file(&format!("static/{JS}"), "/* the site's */").build();
    assert_eq!(f.read(JS), "/* the site's */");
    std::fs::remove_file(f.root().join("static").join(JS)).unwrap();
    f.build();
    assert!(f.read(JS).contains("elasticlunr.Index = Index"));

    // So does a theme's.
    let t = fixture(&format!("{CONFIG}theme = \"t\"\n"));
    t.file("themes/t/theme.toml", "name = \"t\"\n")
        .file(&format!("themes/t/static/{JS}"), "/* the theme's */")
        .build();
    assert_eq!(t.read(JS), "/* the theme's */");

    // Elasticlunr's JSON index is read by the same library: written too.
    let j = fixture(&format!(
        "{CONFIG}[search]\nindex_format = \"elasticlunr_json\"\n"
    ));
    j.build();
    assert!(j.exists("search_index.en.json"));
    assert!(j.exists(JS));

    // Fuse's index has no use for it; nor a site without an index.
    let fuse = fixture(&format!("{CONFIG}[search]\nindex_format = \"fuse_json\"\n"));
    fuse.build();
    assert!(fuse.exists("search_index.en.json"));
    assert!(!fuse.exists(JS));
    let none = fixture("base_url = \"https://example.org\"\n");
    none.build();
    assert!(!none.exists(JS));
}

/// Runs `queries` ([{lang, query, config}]) in Chromium on the built fixture; None when the
/// browser is not installed (outside CI).
fn run_queries(f: &Fixture, queries: serde_json::Value) -> Option<serde_json::Value> {
    let dir = a11y_dir("playwright-core")?;
    let port = serve(f.root().join("public"));
    let run = std::process::Command::new("node")
        .arg(dir.join("elasticlunr.mjs"))
        .arg(format!("http://127.0.0.1:{port}/"))
        .arg(queries.to_string())
        .output()
        .expect("node");
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON line");
    assert_eq!(report["pageErrors"], serde_json::json!([]), "{report}");
    Some(report["answers"].clone())
}

fn refs(answer: &serde_json::Value) -> Vec<String> {
    assert!(answer.get("error").is_none(), "{answer}");
    answer["refs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_str()
                .unwrap()
                .trim_start_matches("https://example.org/")
                .trim_end_matches('/')
                .to_string()
        })
        .collect()
}

#[test]
fn the_script_answers_queries_as_elasticlunr_does_in_chromium() {
    let f = fixture(&format!(
        "{CONFIG}[languages.fr]\nbuild_search_index = true\n"
    ));
    f.file(
        "content/f.fr.md",
        &page("Courir", "", "Les coureurs courent vite."),
    )
    .build();
    let both = serde_json::json!({"title": {"boost": 1}, "body": {"boost": 1}});
    let queries = serde_json::json!([
        // 0: stemmed: "running" is "run", as "runs" was indexed.
        {"lang": "en", "query": "running", "config": {"fields": both}},
        // 1, 2: AND needs both words in one field; OR either ("rivers" is "river").
        {"lang": "en", "query": "river morning", "config": {"fields": both, "bool": "AND"}},
        {"lang": "en", "query": "river morning", "config": {"fields": both, "bool": "OR"}},
        // 3, 4: a prefix finds "tomatoes" only with expand.
        {"lang": "en", "query": "tomat", "config": {"fields": both, "expand": true}},
        {"lang": "en", "query": "tomat", "config": {"fields": both}},
        // 5, 6: "garden" is in one page's title and another's body: the boost decides.
        {"lang": "en", "query": "garden",
         "config": {"fields": {"title": {"boost": 10}, "body": {"boost": 1}}}},
        {"lang": "en", "query": "garden",
         "config": {"fields": {"title": {"boost": 1}, "body": {"boost": 10}}}},
        // 7: stop words find nothing; 8: no config searches every field.
        {"lang": "en", "query": "the with", "config": {"fields": both}},
        {"lang": "en", "query": "Gardens!"},
        // 9: a title-only search leaves the body out.
        {"lang": "en", "query": "river", "config": {"fields": {"title": {"boost": 1}}}},
        // 10: French: its own pipeline names; a prefix still finds the page.
        {"lang": "fr", "query": "cour", "config": {"expand": true}},
    ]);
    let Some(answers) = run_queries(&f, queries) else {
        return;
    };
    assert_eq!(refs(&answers[0]), ["a"], "{}", answers[0]);
    assert_eq!(answers[0]["titles"][0], "Morning exercise");
    assert_eq!(answers[0]["docTitles"][0], "Morning exercise");
    assert_eq!(refs(&answers[1]), ["a"], "{}", answers[1]);
    let mut or = refs(&answers[2]);
    assert_eq!(or[0], "a", "both words rank first: {}", answers[2]);
    or.sort();
    assert_eq!(or, ["a", "b", "d"], "{}", answers[2]);
    assert_eq!(refs(&answers[3]), ["c"], "{}", answers[3]);
    assert!(refs(&answers[4]).is_empty(), "{}", answers[4]);
    assert_eq!(refs(&answers[5]), ["c", "e"], "{}", answers[5]);
    assert_eq!(refs(&answers[6]), ["e", "c"], "{}", answers[6]);
    assert!(refs(&answers[7]).is_empty(), "{}", answers[7]);
    let mut any = refs(&answers[8]);
    any.sort();
    assert_eq!(any, ["c", "e"], "{}", answers[8]);
    let mut titles = refs(&answers[9]);
    titles.sort();
    assert_eq!(titles, ["b", "d"], "{}", answers[9]);
    assert_eq!(refs(&answers[10]), ["fr/f"], "{}", answers[10]);
    // Scores are best first.
    let scores: Vec<f64> = answers[2]["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

/// Copies a theme's checkout (its demo site) without `.git`.
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == ".git" {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

#[test]
fn the_book_themes_own_search_works_with_it() {
    // getzola/book's demo site, with its static/book.js: set ZOLA_BOOK_THEME to a checkout.
    let Some(book) = std::env::var_os("ZOLA_BOOK_THEME") else {
        eprintln!("SKIPPED: set ZOLA_BOOK_THEME to a checkout of getzola/book");
        return;
    };
    let Some(dir) = a11y_dir("playwright-core") else {
        return;
    };
    let f = Fixture::new("");
    copy_tree(std::path::Path::new(&book), f.root());
    let public = f.root().join("public");
    std::fs::create_dir_all(&public).unwrap();
    let port = serve(public);
    let root = format!("http://127.0.0.1:{port}/");
    let out = f.run(&["build", "--base-url", root.trim_end_matches('/')]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(f.read(JS).contains("elasticlunr.Index = Index"));
    let run = std::process::Command::new("node")
        .arg(dir.join("book_search.mjs"))
        .arg(format!("{root}chapter1/"))
        .arg(r#"["variables", "page variables", "xyzzy"]"#)
        .output()
        .expect("node");
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(text.trim()).expect("one JSON line");
    assert_eq!(report["pageErrors"], serde_json::json!([]), "{report}");
    let answers = &report["answers"];
    // "variables" is the stem "variabl": the page of page variables first, then its section.
    let links = |i: usize| -> Vec<String> {
        answers[i]["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap().replace(&root, "/"))
            .collect()
    };
    assert_eq!(links(0), ["/chapter1/page1/", "/chapter1/"], "{report}");
    assert_eq!(
        answers[0]["header"], "2 search results for 'variables':",
        "{report}"
    );
    // book.js marks the words with elasticlunr.stemmer.
    assert!(
        answers[0]["marked"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap().starts_with("variable")),
        "{report}"
    );
    // Book searches with bool AND.
    assert_eq!(links(1), ["/chapter1/page1/", "/chapter1/"], "{report}");
    assert_eq!(
        answers[2]["header"], "No search results for 'xyzzy'.",
        "{report}"
    );
}

#[test]
fn the_script_answers_as_the_elasticlunr_library_does() {
    // Set ZOLA_ELASTICLUNR_JS to a copy of elasticlunr.js (Zola's is
    // components/search/src/elasticlunr.min.js): the same results, order and scores for a
    // few thousand queries, and the same stems. Only Node is needed.
    let Some(library) = std::env::var_os("ZOLA_ELASTICLUNR_JS") else {
        eprintln!("SKIPPED: set ZOLA_ELASTICLUNR_JS to a copy of elasticlunr.js");
        return;
    };
    let f = fixture(CONFIG);
    f.file(
        "content/g.md",
        &page(
            "Generalizations and relational databases",
            "description = \"Hopefully a conditional formalization\"",
            "The conspirators were conspiring; connected connections connect. Happily, \
             the hopping rabbits hoped for agreed generalities. Relational operationalizing, \
             sensibility, electricity and adjustable adoption. Yelling yellow cries, \
             flies dying, and 2024's numbers_with_underscores.",
        ),
    )
    .file(
        "content/h.md",
        &page(
            "Running a marathon",
            "",
            "Runners run; the runner ran. Training, trained, trains: a trainer's plans. \
             Rivers, river-side walks and tomatoes in the garden again.",
        ),
    )
    .file(
        "config.toml",
        &format!("{CONFIG}[search]\ninclude_description = true\n"),
    )
    .build();
    let script = |name: &str| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/a11y")
            .join(name)
    };
    let run = std::process::Command::new("node")
        .arg(script("elasticlunr_compare.mjs"))
        .arg(f.public("search_index.en.js"))
        .arg(f.public(JS))
        .arg(library)
        .output()
        .expect("node");
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(text.trim()).expect("one JSON line");
    assert!(report["queries"].as_u64().unwrap() > 1000, "{report}");
    assert_eq!(report["setDiffs"], 0, "{report}");
    assert_eq!(report["orderDiffs"], 0, "{report}");
    assert_eq!(report["stemDiffs"], 0, "{report}");
    assert!(
        report["maxRelScoreDiff"].as_f64().unwrap() < 1e-9,
        "{report}"
    );
}
