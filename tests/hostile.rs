//! Hostile and accidental input, one table: every case breaks a site that built before, and the
//! build must then fail with a clear error naming the file, exit non-zero without a crash,
//! leave the previous `public/` byte-identical, and create, change or delete nothing outside
//! the output folder (a sibling folder and the site's own files are snapshotted around it).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One broken site: files written over the good site, an optional extra step (symlinks,
/// permissions), and the words the error must contain.
struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
    setup: Option<fn(&Path, &Path)>,
    expect: &'static [&'static str],
}

const GOOD_CONFIG: &str = "base_url = \"https://example.org\"\ntitle = \"测试站\"\n\
taxonomies = [{ name = \"tags\", paginate_by = 2, feed = true }]\n";

fn good_site(root: &Path) {
    let files: &[(&str, &str)] = &[
        ("config.toml", GOOD_CONFIG),
        ("templates/index.html", "INDEX {{ section.title }}|{% for p in section.pages %}{{ p.title }};{% endfor %}"),
        ("templates/section.html", "SECTION {{ section.title }}|{% for p in paginator.pages | default(value=section.pages) %}{{ p.title }};{% endfor %}"),
        ("templates/page.html", "PAGE {{ page.title }}|{{ page.content | safe }}"),
        ("templates/tags/list.html", "TAGS"),
        ("templates/tags/single.html", "TAG {{ term.name }}"),
        ("content/_index.md", "+++\ntitle = \"首页\"\n+++\n"),
        ("content/news/_index.md", "+++\ntitle = \"新闻\"\nsort_by = \"date\"\n+++\n"),
        ("content/news/a.md", "+++\ntitle = \"甲\"\ndate = 2024-01-01\n[taxonomies]\ntags = [\"x\"]\n+++\n正文甲\n"),
        ("content/news/b.md", "+++\ntitle = \"乙\"\ndate = 2024-01-02\n+++\n正文乙\n"),
        ("static/site.css", "body{}"),
    ];
    for (rel, text) in files {
        write(root, rel, text);
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Every file and symlink below `dir` with its bytes (a symlink as its target), skipping
/// `skip` folders; unreadable entries are recorded as such rather than failing the snapshot.
fn snapshot(dir: &Path, skip: &[&Path]) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            out.insert(d, b"<unreadable folder>".to_vec());
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if skip.iter().any(|s| p == *s) {
                continue;
            }
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                let t = std::fs::read_link(&p).unwrap();
                out.insert(p, format!("-> {}", t.display()).into_bytes());
            } else if meta.is_dir() {
                out.insert(p.clone(), b"<dir>".to_vec());
                todo.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap_or_else(|_| b"<unreadable>".to_vec());
                out.insert(p, bytes);
            }
        }
    }
    out
}

fn yiyong(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .args(args)
        .current_dir(root)
        .output()
        .expect("run yiyong")
}

/// Runs one case in a fresh folder `outer/` holding `site/` and a `sibling/` folder.
fn run_case(case: &Case) -> Result<(), String> {
    let outer = tempfile::tempdir().unwrap();
    let site = outer.path().join("site");
    let sibling = outer.path().join("sibling");
    good_site(&site);
    write(&sibling, "keep.txt", "不要动我");
    write(&sibling, "1/index.html", "not the site's");
    let first = yiyong(&site, &["build"]);
    if !first.status.success() {
        return Err(format!(
            "the good site did not build: {}",
            String::from_utf8_lossy(&first.stderr)
        ));
    }
    for (rel, text) in case.files {
        write(&site, rel, text);
    }
    if let Some(setup) = case.setup {
        setup(&site, outer.path());
    }
    let public = site.join("public");
    let cache = site.join(".yiyong-cache");
    let before_public = snapshot(&public, &[]);
    let before_rest = snapshot(outer.path(), &[&public, &cache]);

    let mut problems = vec![];
    for cmd in ["build", "check"] {
        let out = yiyong(&site, &[cmd]);
        let err = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            problems.push(format!("`{cmd}` exited 0"));
        }
        if out.status.code().is_none() || err.contains("panicked") || err.contains("overflow") {
            problems.push(format!("`{cmd}` crashed: {:?}", out.status));
        }
        for word in case.expect {
            if !err.contains(word) {
                problems.push(format!("`{cmd}` error lacks {word:?}"));
            }
        }
        if !problems.is_empty() {
            problems.push(format!("stderr of `{cmd}`:\n{err}"));
            break;
        }
    }
    if snapshot(&public, &[]) != before_public {
        problems.push("public/ changed".into());
    }
    let after_rest = snapshot(outer.path(), &[&public, &cache]);
    if after_rest != before_rest {
        let changed: Vec<_> = after_rest
            .keys()
            .chain(before_rest.keys())
            .filter(|k| after_rest.get(*k) != before_rest.get(*k))
            .collect();
        problems.push(format!("outside public/ changed: {changed:?}"));
    }
    // Undo permission changes so the temporary folder can be removed.
    let _ = Command::new("chmod")
        .arg("-R")
        .arg("u+rwx")
        .arg(outer.path())
        .status();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

const CASES: &[Case] = &[
    Case {
        name: "malformed front matter",
        files: &[(
            "content/news/a.md",
            "+++\ntitle = \"甲\"\nweight = = 3\n+++\n",
        )],
        setup: None,
        expect: &["content/news/a.md:3"],
    },
    // == output paths (write stage) ==
    //
    // (end of output paths)
    // == reads outside the site (load_data, get_url, resize_image) ==
    //
    // (end of reads)
    // == unreadable files, symlinks ==
    //
    // (end of unreadable files, symlinks)
    // == crashes and hangs from content or templates ==
    Case {
        name: "shortcode arguments nested 12,500 lists deep",
        files: &[],
        setup: Some(|site, _| {
            let body = format!("+++\ntitle = \"甲\"\n+++\n{{{{ x(a={}", "[".repeat(12_500));
            write(site, "content/news/a.md", &body);
        }),
        expect: &["content/news/a.md:4", "nested more than 32"],
    },
    Case {
        name: "a template that includes itself",
        files: &[("templates/page.html", "PAGE {% include \"page.html\" %}")],
        setup: None,
        expect: &["templates/page.html", "page.html → page.html"],
    },
    Case {
        name: "an include cycle",
        files: &[
            ("templates/page.html", "PAGE {% include \"b.html\" %}"),
            ("templates/b.html", "B {% filter upper %}{% include \"page.html\" %}{% endfilter %}"),
        ],
        setup: None,
        expect: &["templates/b.html", "b.html → page.html → b.html"],
    },
    Case {
        name: "a shortcode template that includes itself",
        files: &[
            ("templates/shortcodes/s.html", "S {% include \"shortcodes/s.html\" %}"),
            ("content/news/a.md", "+++\ntitle = \"甲\"\n+++\n{{ s() }}\n"),
        ],
        setup: None,
        expect: &["templates/shortcodes/s.html", "includes itself"],
    },
    Case {
        name: "an include cycle that only an if stands in",
        files: &[("templates/page.html", "PAGE {% if page.title %}{% include \"page.html\" %}{% endif %}")],
        setup: None,
        expect: &["content/news/a.md", "content/news/b.md", "nested too deep when entering `page.html`"],
    },
    Case {
        name: "a macro that calls itself without end",
        files: &[
            ("templates/page.html", "{% import \"m.html\" as m %}PAGE {{ m::r(n=1) }}"),
            ("templates/m.html", "{% macro r(n) %}<{{ self::r(n=n+1) }}>{% endmacro r %}"),
        ],
        setup: None,
        expect: &["content/news/a.md", "page.html", "macro `r` of `m.html`"],
    },
    Case {
        name: "800 nested ifs",
        files: &[],
        setup: Some(|site, _| {
            let deep = "{% if true %}".repeat(800) + &"{% endif %}".repeat(800);
            write(site, "templates/page.html", &format!("PAGE\n\n{deep}"));
        }),
        expect: &["templates/page.html:3", "nested more than 100 deep"],
    },
    Case {
        name: "an expression of 20,000 `+`",
        files: &[],
        setup: Some(|site, _| {
            let chain = format!("PAGE {{{{ 1{} }}}}", " + 1".repeat(20_000));
            write(site, "templates/page.html", &chain);
        }),
        expect: &["templates/page.html", "nests more than 200 levels deep"],
    },
    Case {
        name: "load_data of XML nested 20,000 deep",
        files: &[("templates/page.html", "PAGE {{ load_data(path=\"deep.xml\") | length }}")],
        setup: Some(|site, _| {
            write(site, "static/deep.xml", &("<a>".repeat(20_000) + &"</a>".repeat(20_000)));
        }),
        expect: &["content/news/a.md", "page.html", "`deep.xml`", "nested more than 128"],
    },
    Case {
        name: "load_data of JSON, YAML and TOML nested 20,000 deep",
        files: &[(
            "templates/page.html",
            "PAGE {{ load_data(path=page.extra.data) | length }}",
        ),
        ("content/news/b.md", "+++\ntitle = \"乙\"\n[extra]\ndata = \"deep.yaml\"\n+++\n"),
        ("content/_index.md", "+++\ntitle = \"首页\"\n[extra]\ndata = \"deep.toml\"\n+++\n"),
        ("templates/index.html", "INDEX {{ load_data(path=section.extra.data) | length }}"),
        ],
        setup: Some(|site, _| {
            let deep = "[".repeat(20_000) + &"]".repeat(20_000);
            write(site, "static/deep.json", &deep);
            write(site, "static/deep.yaml", &deep);
            write(site, "static/deep.toml", &format!("a = {deep}"));
            write(site, "content/news/a.md", "+++\ntitle = \"甲\"\n[extra]\ndata = \"deep.json\"\n+++\n");
        }),
        expect: &["content/news/a.md", "`deep.json`", "content/news/b.md", "`deep.yaml`", "content/_index.md", "`deep.toml`"],
    },
    Case {
        name: "front matter nested 20,000 deep",
        files: &[],
        setup: Some(|site, _| {
            let deep = "[".repeat(20_000) + &"]".repeat(20_000);
            write(site, "content/news/a.md", &format!("+++\ntitle = \"甲\"\n[extra]\nx = {deep}\n+++\n"));
            write(site, "content/news/b.md", &format!("---\ntitle: 乙\nextra:\n  x: {deep}\n---\n"));
        }),
        expect: &["content/news/a.md:4", "content/news/b.md:4"],
    },
    Case {
        name: "a date filter on a timestamp out of range",
        files: &[("templates/page.html", "PAGE {{ 99999999999999999 | date(format=\"%F\") }}")],
        setup: None,
        expect: &["content/news/a.md", "page.html", "99999999999999999 is out of range"],
    },
    Case {
        name: "resize_image to 100000 × 100000",
        files: &[(
            "templates/page.html",
            "PAGE {% set r = resize_image(path=\"tiny.png\", width=100000, height=100000, op=\"scale\") %}{{ r.url }}",
        )],
        setup: Some(|site, _| {
            let img = image::RgbImage::from_pixel(4, 3, image::Rgb([200, 30, 30]));
            img.save(site.join("static/tiny.png")).unwrap();
        }),
        expect: &["content/news/a.md", "page.html", "tiny.png", "100000 × 100000", "100 million"],
    },
    // (end of crashes)
    // == wrong output ==
    //
    // (end of wrong output)
];

#[test]
fn every_hostile_case_fails_cleanly() {
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|c| run_case(c).err().map(|e| format!("## {}\n{e}", c.name)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}
