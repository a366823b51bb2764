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
    let commands: &[&str] = if BUILD_ONLY.contains(&case.name) {
        &["build"]
    } else {
        &["build", "check"]
    };
    for &cmd in commands {
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

/// Cases that only `build` refuses: `check` writes nothing, so a folder it would not touch is
/// no error for it.
const BUILD_ONLY: &[&str] = &["output_dir holding files yiyong did not write"];

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
    // == the core's bad input ==
    Case {
        name: "malformed YAML front matter",
        files: &[("content/news/b.md", "---\ntitle: 乙\n  bad: : indent\n---\n")],
        setup: None,
        expect: &["content/news/b.md:", "YAML"],
    },
    Case {
        name: "front matter not closed",
        files: &[("content/news/b.md", "+++\ntitle = \"乙\"\n")],
        setup: None,
        expect: &["content/news/b.md:1", "not closed"],
    },
    Case {
        name: "an impossible date",
        files: &[("content/news/b.md", "+++\ntitle = \"乙\"\ndate = 2024-13-45\n+++\n")],
        setup: None,
        expect: &["content/news/b.md:3", "date"],
    },
    Case {
        name: "a file that is not UTF-8 (GBK)",
        files: &[("content/news/b.md", "+++\ntitle = \"\u{FFFD}\"\n+++\n")],
        setup: Some(|site, _| {
            // 见义勇为 in GBK.
            let gbk = b"+++\ntitle = \"\xbc\xfb\xd2\xe5\xd3\xc2\xce\xaa\"\n+++\n";
            std::fs::write(site.join("content/news/b.md"), gbk).unwrap();
        }),
        expect: &["content/news/b.md", "UTF-8"],
    },
    Case {
        name: "a binary file named .md",
        files: &[],
        setup: Some(|site, _| {
            let junk: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
            std::fs::write(site.join("content/news/c.md"), junk).unwrap();
        }),
        expect: &["content/news/c.md"],
    },
    Case {
        name: "an unknown taxonomy",
        files: &[("content/news/b.md", "+++\ntitle = \"乙\"\n[taxonomies]\npeople = [\"x\"]\n+++\n")],
        setup: None,
        expect: &["content/news/b.md:4", "unknown taxonomy"],
    },
    Case {
        name: "a broken internal link",
        files: &[("content/news/b.md", "+++\ntitle = \"乙\"\n+++\n[链接](@/news/nope.md)\n")],
        setup: None,
        expect: &["content/news/b.md:4", "nope.md"],
    },
    Case {
        name: "an unknown shortcode",
        files: &[("content/news/b.md", "+++\ntitle = \"乙\"\n+++\n{{ youtube(id=\"x\") }}\n")],
        setup: None,
        expect: &["content/news/b.md", "youtube"],
    },
    Case {
        name: "a template syntax error",
        files: &[("templates/page.html", "{% if %}")],
        setup: None,
        expect: &["page.html"],
    },
    Case {
        name: "an unknown config key",
        files: &[("config.toml", "base_url = \"https://example.org\"\ntaxonomies = [{ name = \"tags\" }]\nbase_ulr = \"x\"\n")],
        setup: None,
        expect: &["config.toml:3", "base_ulr"],
    },
    Case {
        name: "a huge front matter line",
        files: &[],
        setup: Some(|site, _| {
            let text = format!("+++\ntitle = \"{}\n+++\n", "长".repeat(3_000_000));
            std::fs::write(site.join("content/news/b.md"), text).unwrap();
        }),
        expect: &["content/news/b.md:2"],
    },
    // == output paths (write stage) ==
    Case {
        name: "paginate_path out of the site",
        files: &[("content/news/_index.md", "+++\ntitle = \"新闻\"\npaginate_by = 1\npaginate_path = \"../../../sibling\"\n+++\n")],
        setup: None,
        expect: &["content/news/_index.md:4", "paginate_path"],
    },
    Case {
        name: "taxonomy_root out of the site",
        files: &[("config.toml", concat!("base_url = \"https://example.org\"\ntaxonomy_root = \"../../sibling\"\n", "taxonomies = [{ name = \"tags\", paginate_by = 2, feed = true }]\n"))],
        setup: None,
        expect: &["config.toml:2", "taxonomy_root"],
    },
    Case {
        name: "taxonomy paginate_path out of the site",
        files: &[("config.toml", "base_url = \"https://example.org\"\ntaxonomies = [{ name = \"tags\", paginate_by = 1, paginate_path = \"../../../../sibling\" }]\n")],
        setup: None,
        expect: &["config.toml:2", "paginate_path"],
    },
    Case {
        name: "feed file name out of the site",
        files: &[("config.toml", "base_url = \"https://example.org\"\ngenerate_feeds = true\nfeed_filenames = [\"../../sibling/keep.txt\"]\n")],
        setup: None,
        expect: &["config.toml:3", "feed_filenames"],
    },
    Case {
        name: "a page whose path is the home page's file",
        files: &[("content/news/b.md", "+++\ntitle = \"乙\"\ndate = 2024-01-02\npath = \"index.html\"\n+++\n")],
        setup: None,
        expect: &["`index.html`", "content/news/b.md", "content/_index.md"],
    },
    Case {
        name: "a page whose path is the taxonomy list",
        files: &[("content/news/b.md", "+++\ntitle = \"乙\"\ndate = 2024-01-02\npath = \"tags\"\n+++\n")],
        setup: None,
        expect: &["tags/index.html", "content/news/b.md", "taxonomy `tags`"],
    },
    Case {
        name: "a page whose path is a static file",
        files: &[("content/news/b.md", "+++\ntitle = \"乙\"\ndate = 2024-01-02\npath = \"site.css\"\n+++\n")],
        setup: None,
        expect: &["`site.css`", "content/news/b.md", "static/site.css"],
    },
    Case {
        name: "a static file where a page goes",
        files: &[("static/news/a/index.html", "<p>hand-made</p>")],
        setup: None,
        expect: &["news/a/index.html", "content/news/a.md", "static/news/a/index.html"],
    },
    Case {
        name: "an alias over the home page",
        files: &[("content/news/b.md", "+++\ntitle = \"乙\"\ndate = 2024-01-02\naliases = [\"index.html\"]\n+++\n")],
        setup: None,
        expect: &["`index.html`", "alias", "content/news/b.md"],
    },
    Case {
        name: "a feed name over the sitemap",
        files: &[("config.toml", "base_url = \"https://example.org\"\ngenerate_feeds = true\nfeed_filenames = [\"sitemap.xml\"]\ntaxonomies = [{ name = \"tags\" }]\n")],
        setup: None,
        expect: &["sitemap.xml", "feed", "sitemap"],
    },
    Case {
        name: "output_dir = data",
        files: &[("config.toml", "base_url = \"https://example.org\"\noutput_dir = \"data\"\ntaxonomies = [{ name = \"tags\" }]\n"), ("data/people.toml", "a = 1\n")],
        setup: None,
        expect: &["data", "output"],
    },
    Case {
        name: "output_dir = .git",
        files: &[("config.toml", "base_url = \"https://example.org\"\noutput_dir = \".git\"\ntaxonomies = [{ name = \"tags\" }]\n"), (".git/HEAD", "ref: refs/heads/main\n")],
        setup: None,
        expect: &[".git", "output"],
    },
    Case {
        name: "output_dir holding files yiyong did not write",
        files: &[("config.toml", "base_url = \"https://example.org\"\noutput_dir = \"../sibling\"\ntaxonomies = [{ name = \"tags\" }]\n")],
        setup: None,
        expect: &["sibling", "--force"],
    },
    //
    // (end of output paths)
    // == reads outside the site (load_data, get_url, resize_image) ==
    // Every function that reads a file a template names must stay inside the site folder:
    // `sibling/keep.txt` is outside it, reached by `..` or by a symlink below static/.
    Case {
        name: "load_data with ../ in a template",
        files: &[("templates/page.html", "PAGE {{ load_data(path=\"../sibling/keep.txt\") }}")],
        setup: None,
        expect: &["templates/page.html", "`../sibling/keep.txt` leads outside the site folder"],
    },
    Case {
        name: "load_data through a symlink out of the site",
        files: &[("templates/index.html", "INDEX {{ load_data(path=\"leak.txt\") }}")],
        setup: Some(|site, outer| {
            std::os::unix::fs::symlink(outer.join("sibling/keep.txt"), site.join("static/leak.txt"))
                .unwrap()
        }),
        expect: &["templates/index.html", "`leak.txt` leads outside the site folder (through a symlink"],
    },
    Case {
        name: "load_data with @/../ from a shortcode in a page",
        files: &[
            ("templates/shortcodes/leak.html", "{{ load_data(path=path) }}"),
            ("content/news/b.md", "+++\ntitle = \"乙\"\ndate = 2024-01-02\n+++\n{{ leak(path=\"@/../../sibling/keep.txt\") }}\n"),
        ],
        setup: None,
        expect: &["content/news/b.md", "`@/../../sibling/keep.txt` leads outside the site folder"],
    },
    Case {
        name: "get_url cachebust with ../",
        files: &[("templates/index.html", "INDEX {{ get_url(path=\"../sibling/keep.txt\", cachebust=true) }}")],
        setup: None,
        expect: &["templates/index.html", "get_url: `../sibling/keep.txt` leads outside the site folder"],
    },
    Case {
        name: "get_url cachebust through a symlinked folder",
        files: &[("templates/index.html", "INDEX {{ get_url(path=\"shared/keep.txt\", cachebust=true) }}")],
        setup: Some(|site, outer| {
            std::os::unix::fs::symlink(outer.join("sibling"), site.join("static/shared")).unwrap()
        }),
        expect: &["templates/index.html", "get_url: `shared/keep.txt` leads outside the site folder"],
    },
    Case {
        name: "resize_image with ../",
        files: &[("templates/page.html", "PAGE {% set r = resize_image(path=\"../../sibling/keep.txt\", width=10, height=10) %}{{ r.url }}")],
        setup: None,
        expect: &["templates/page.html", "resize_image: `../../sibling/keep.txt` leads outside the site folder"],
    },
    Case {
        name: "resize_image through a symlink out of the site",
        files: &[("templates/page.html", "PAGE {% set r = resize_image(path=\"photo.jpg\", width=10, height=10) %}{{ r.url }}")],
        setup: Some(|site, outer| {
            std::os::unix::fs::symlink(outer.join("sibling/keep.txt"), site.join("static/photo.jpg"))
                .unwrap()
        }),
        expect: &["templates/page.html", "resize_image: `photo.jpg` leads outside the site folder"],
    },
    Case {
        name: "get_image_metadata and get_hash with ../ and a symlink",
        files: &[
            ("templates/index.html", "INDEX {% set m = get_image_metadata(path=\"../sibling/keep.txt\") %}{{ m.width }}"),
            ("templates/section.html", "SECTION {{ get_hash(path=\"leak.txt\") }}"),
        ],
        setup: Some(|site, outer| {
            std::os::unix::fs::symlink(outer.join("sibling/keep.txt"), site.join("static/leak.txt"))
                .unwrap()
        }),
        expect: &[
            "templates/index.html",
            "get_image_metadata: `../sibling/keep.txt` leads outside the site folder",
            "templates/section.html",
            "get_hash: `leak.txt` leads outside the site folder",
        ],
    },
    Case {
        name: "a hero photo through ../ and a symlink out of the site",
        files: &[
            (
                "config.toml",
                "base_url = \"https://example.org\"\ntitle = \"测试站\"\n\
                 taxonomies = [{ name = \"tags\", paginate_by = 2, feed = true }]\n[extra.yiyong]\n",
            ),
            ("content/heroes/_index.md", "+++\ntitle = \"英雄谱\"\n+++\n"),
            ("content/heroes/x.md", "+++\ntitle = \"甲\"\n[extra.hero]\nname = \"甲\"\nphoto = \"../../../sibling/keep.txt\"\n+++\n"),
            ("content/heroes/y.md", "+++\ntitle = \"乙\"\n[extra.hero]\nname = \"乙\"\nphoto = \"shared/keep.txt\"\n+++\n"),
        ],
        setup: Some(|site, outer| {
            std::os::unix::fs::symlink(outer.join("sibling"), site.join("static/shared")).unwrap()
        }),
        expect: &[
            "content/heroes/x.md:5",
            "`../../../sibling/keep.txt` leads outside the site folder (through `..`",
            "content/heroes/y.md:5",
            "`shared/keep.txt` leads outside the site folder (through a symlink",
        ],
    },
    // (end of reads)
    // == unreadable files, symlinks ==
    // Permission bits do not stop root (as the tests run in CI), so unreadable folders and
    // files are tested in tests/site_files.rs, running yiyong as `nobody`. A socket cannot be
    // opened even by root; a FIFO would block this table's snapshot, so it is tested there too.
    Case {
        name: "a socket in content/",
        files: &[],
        setup: Some(|site, _| {
            drop(
                std::os::unix::net::UnixListener::bind(site.join("content/news/editor.sock"))
                    .unwrap(),
            )
        }),
        expect: &["content/news/editor.sock", "not a regular file"],
    },
    Case {
        name: "a socket in static/, reached through a symlinked folder",
        files: &[],
        setup: Some(|site, _| {
            std::fs::create_dir_all(site.join("sockets")).unwrap();
            drop(std::os::unix::net::UnixListener::bind(site.join("sockets/s.sock")).unwrap());
            std::os::unix::fs::symlink("../sockets", site.join("static/sockets")).unwrap();
        }),
        expect: &["static/sockets/s.sock", "not a regular file"],
    },
    Case {
        name: "a socket in templates/",
        files: &[],
        setup: Some(|site, _| {
            drop(std::os::unix::net::UnixListener::bind(site.join("templates/x.sock")).unwrap())
        }),
        expect: &["templates/x.sock", "not a regular file"],
    },
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
    // == fuzz ==
    Case {
        name: "YAML front matter nested 32,000 brackets deep (found by fuzzing)",
        files: &[],
        setup: Some(|site, _| {
            // serde_yaml's scanner took time growing with the square of the depth before
            // refusing it: 8 s here in a debug build, minutes for a 1 MB file.
            let deep = format!("---\ntitle: 乙\nx: {}{}\n---\n", "[".repeat(32_000), "]".repeat(32_000));
            std::fs::write(site.join("content/news/b.md"), deep).unwrap();
        }),
        expect: &["content/news/b.md:3", "nested more than 128"],
    },
    // (end of fuzz)
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

/// A symlink put inside the output (`public/news -> elsewhere`) is replaced by a real folder
/// when the build writes below it, and nothing is written or deleted through it.
#[test]
fn symlinks_inside_the_output_are_never_written_through() {
    let outer = tempfile::tempdir().unwrap();
    let site = outer.path().join("site");
    let elsewhere = outer.path().join("elsewhere");
    good_site(&site);
    assert!(yiyong(&site, &["build"]).status.success());
    write(&elsewhere, "index.html", "theirs");
    write(&elsewhere, "a/index.html", "theirs too");
    let public = site.join("public");
    // A folder of outputs replaced by a link, and a link where a stale output was.
    std::fs::remove_dir_all(public.join("news")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, public.join("news")).unwrap();
    std::fs::remove_dir_all(public.join("tags")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, public.join("tags")).unwrap();
    std::fs::remove_file(site.join("content/news/a.md")).unwrap();
    let before = snapshot(&elsewhere, &[]);
    let out = yiyong(&site, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        snapshot(&elsewhere, &[]),
        before,
        "written through a symlink"
    );
    let news = std::fs::symlink_metadata(public.join("news")).unwrap();
    assert!(news.is_dir(), "the link became a real folder");
    assert!(std::fs::read_to_string(public.join("news/index.html"))
        .unwrap()
        .contains("SECTION"));
}
