//! Anonymous heroes on the real default theme (a copy of the demo site): the real name, the
//! given name alone and their variants reach no output file, not the pages, the feeds, the
//! JSON, the calendars, the sitemap or the file names; other pages naming the hero, addresses
//! and taxonomy terms made from the name are errors with file and line, except a term on the
//! hero's own page written as the name, which is masked before terms are made; `mask` mode writes
//! 张某 with a warning; and the final sweep of the outputs catches what a template or a static
//! file brings.

mod common;
use common::*;

use std::path::Path;
use std::process::Command;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn yiyong(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const HERO: &str = r#"+++
title = "欧阳振华勇救落水儿童"
date = 2024-05-01
slug = "ouyang-mou-2024"
[taxonomies]
districts = ["东城区"]
[extra.hero]
name = "欧阳振华"
kind = "individual"
deed_date = 2024-05-01
deed_place = "护城河边"
district = "东城区"
summary = "欧阳振华跳入河中救起儿童"
status = "living"
anonymous = true
+++

欧阳振华说：“换了谁都会这么做。”振华说完就走了。
"#;

const NEWS: &str = r#"+++
title = "表彰大会：欧阳振华获表彰"
date = 2024-05-02
description = "振华同志获表彰"
+++

会上表彰了欧阳振华同志。
"#;

/// Every output file whose path or text holds the name in any written form.
fn leaks(public: &Path) -> Vec<String> {
    let forms = [
        "欧阳振华",
        "振华",
        "振華",
        "歐陽",
        "ouyang-zhenhua",
        "ouyangzhenhua",
        "ou-yang-zhen-hua",
        "Ouyang",
        "%E6%8C%AF%E5%8D%8E",
    ];
    let mut out = vec![];
    for f in files_below(public) {
        let rel = f
            .strip_prefix(public)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
        for form in forms {
            if rel.contains(form) || text.contains(form) {
                out.push(format!("{rel}: {form}"));
            }
        }
    }
    out
}

#[test]
fn another_page_naming_the_hero_is_an_error_with_file_and_line_and_publishes_nothing() {
    let site = demo_copy();
    let root = site.path();
    assert!(yiyong(root, &["build"]).status.success());
    let before = std::fs::read(root.join("public/index.html")).unwrap();
    write(root, "content/heroes/ouyang.md", HERO);
    write(root, "content/news/2024-05-02-biaozhang.md", NEWS);
    for cmd in ["build", "check"] {
        let out = yiyong(root, &[cmd]);
        let err = stderr(&out);
        assert!(!out.status.success(), "{cmd}: {err}");
        for expected in [
            "content/news/2024-05-02-biaozhang.md:2: names the anonymous hero",
            "content/news/2024-05-02-biaozhang.md:4:",
            "content/news/2024-05-02-biaozhang.md:7:",
            "欧阳某",
        ] {
            assert!(
                err.contains(expected),
                "{cmd}: `{expected}` missing:\n{err}"
            );
        }
    }
    assert_eq!(
        std::fs::read(root.join("public/index.html")).unwrap(),
        before
    );
    assert!(leaks(&root.join("public")).is_empty());
}

#[test]
fn mask_mode_writes_the_masked_name_everywhere_with_a_warning() {
    let site = demo_copy();
    let root = site.path();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    write(
        root,
        "config.toml",
        &format!("{config}\n[extra.yiyong.privacy]\nanonymous_names = \"mask\"\n"),
    );
    write(root, "content/heroes/ouyang.md", HERO);
    write(root, "content/news/2024-05-02-biaozhang.md", NEWS);
    let out = yiyong(root, &["build"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("warning: ")
            && err.contains("biaozhang.md:7")
            && err.contains("shown as 欧阳某"),
        "{err}"
    );
    let public = root.join("public");
    assert_eq!(leaks(&public), Vec::<String>::new());
    // The news page, its feeds and the hero page say 欧阳某 instead.
    let news = std::fs::read_to_string(public.join("news/biaozhang/index.html")).unwrap();
    assert!(news.contains("欧阳某"), "{news}");
    let atom = std::fs::read_to_string(public.join("atom.xml")).unwrap_or_default()
        + &std::fs::read_to_string(public.join("news/feed.json")).unwrap_or_default();
    assert!(atom.contains("欧阳某"));
    assert!(public.join("heroes/ouyang-mou-2024/index.html").exists());
    // `check` shows the warnings too.
    let check = stderr(&yiyong(root, &["check"]));
    assert!(check.contains("shown as 欧阳某"), "{check}");
}

#[test]
fn variants_of_the_name_on_other_pages_are_errors() {
    let site = demo_copy();
    let root = site.path();
    write(root, "content/heroes/ouyang.md", HERO);
    let cases = [
        ("欧阳**振华**来了", "written “欧阳**振华”"),
        ("歐陽振華来了", "written “歐陽振華”"),
        ("欧阳 振华来了", "written “欧阳 振华”"),
        ("欧阳\u{200B}振华来了", "the real name 欧阳振华"),
        ("Ouyang Zhenhua came", "in pinyin"),
        ("见 ouyangzhenhua 的故事", "in pinyin"),
        ("振华说", "the given name 振华"),
        ("<!-- 欧阳振华 -->", "the real name 欧阳振华"),
    ];
    for (i, (body, expected)) in cases.iter().enumerate() {
        write(
            root,
            "content/news/2024-05-03-x.md",
            &format!("+++\ntitle = \"消息{i}\"\ndate = 2024-05-03\n+++\n\n{body}\n"),
        );
        let out = yiyong(root, &["check"]);
        let err = stderr(&out);
        assert!(!out.status.success(), "{body}: {err}");
        assert!(
            err.contains("2024-05-03-x.md:6: names the anonymous hero"),
            "{body}: {err}"
        );
        assert!(
            err.contains(expected),
            "{body}: `{expected}` missing:\n{err}"
        );
    }
}

#[test]
fn addresses_aliases_terms_and_photo_names_made_from_the_name_are_errors() {
    let cases: [(&str, &str, &str); 5] = [
        (
            "slug = \"ouyang-mou-2024\"",
            "slug = \"ouyang-zhenhua\"",
            "set slug = \"ouyang-mou-2024\"",
        ),
        (
            "slug = \"ouyang-mou-2024\"",
            "path = \"heroes/欧阳振华-old\"",
            "its address",
        ),
        (
            "[taxonomies]",
            "aliases = [\"/heroes/ou-yang-zhen-hua/\"]\n[taxonomies]",
            "its alias",
        ),
        (
            "districts = [\"东城区\"]",
            "districts = [\"ouyangzhenhua\"]",
            "the districts term “ouyangzhenhua”",
        ),
        (
            "anonymous = true",
            "photo = \"images/欧阳振华.jpg\"\nanonymous = true",
            "rename the file",
        ),
    ];
    for (from, to, expected) in cases {
        let site = demo_copy();
        let root = site.path();
        write(
            root,
            "content/heroes/ouyang.md",
            &HERO.replacen(from, to, 1),
        );
        write(root, "static/images/欧阳振华.jpg", "");
        let out = yiyong(root, &["build"]);
        let err = stderr(&out);
        assert!(!out.status.success(), "{to}: {err}");
        assert!(err.contains("content/heroes/ouyang.md:"), "{to}: {err}");
        assert!(err.contains(expected), "{to}: `{expected}` missing:\n{err}");
        assert!(!root.join("public").exists());
    }
}

/// The name as a term on the hero's own page is masked before resolve, so resolve makes the
/// term 欧阳某: no term page, list entry or address is made from the name.
#[test]
fn the_real_name_as_a_taxonomy_term_makes_no_term_page_or_url() {
    let site = demo_copy();
    let root = site.path();
    let hero = HERO.replacen(
        "districts = [\"东城区\"]",
        "districts = [\"东城区\", \"欧阳振华\", \"振华\"]",
        1,
    );
    write(root, "content/heroes/ouyang.md", &hero);
    let out = yiyong(root, &["build"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("content/heroes/ouyang.md")
            && err.contains("taxonomy terms")
            && err.contains("欧阳某"),
        "the author is told: {err}"
    );
    let public = root.join("public");
    assert_eq!(leaks(&public), Vec::<String>::new());
    // One masked term (the full and the given name both become 欧阳某), with its own page.
    let list = std::fs::read_to_string(public.join("districts/index.html")).unwrap();
    assert_eq!(list.matches("欧阳某").count(), 1, "{list}");
    let term = files_below(&public.join("districts"))
        .into_iter()
        .find(|f| {
            f.ends_with("index.html")
                && std::fs::read_to_string(f)
                    .unwrap()
                    .contains("ouyang-mou-2024")
                && !f.to_string_lossy().contains("东城")
                && f.parent() != Some(&public.join("districts"))
        })
        .expect("a term page for the masked name lists the hero");
    let rel = term.strip_prefix(&public).unwrap().to_string_lossy();
    assert!(!rel.contains("zhen"), "{rel}");
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("zhen-hua") && !sitemap.contains("zhenhua"));
}

#[test]
fn the_final_sweep_catches_what_templates_and_static_files_bring() {
    let site = demo_copy();
    let root = site.path();
    write(root, "content/heroes/ouyang.md", HERO);
    // A template that prints the hero's name from elsewhere, and a static file.
    write(root, "static/contacts.txt", "联系人：欧阳振华\n");
    let out = yiyong(root, &["build"]);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("would be published")
            && err.contains("contacts.txt (written for static/contacts.txt)"),
        "{err}"
    );
    assert!(!root.join("public").exists());
    // However the file writes it.
    for written in [
        "歐陽振華",
        "欧阳<b>振华</b>",
        "&#27431;&#38451;&#25391;&#21326;",
        "ouyang-zhenhua",
        "Ｏｕｙａｎｇ Ｚｈｅｎｈｕａ",
        "%E6%8C%AF%E5%8D%8E",
    ] {
        write(root, "static/contacts.txt", &format!("联系人：{written}\n"));
        let err = stderr(&yiyong(root, &["build"]));
        assert!(
            err.contains("contacts.txt (written for static/contacts.txt)"),
            "{written}: {err}"
        );
    }
    // A number a template adds (not in any source the lint reads) is caught too.
    std::fs::remove_file(root.join("static/contacts.txt")).unwrap();
    let theme = root.join("themes/yiyong/templates");
    let base = std::fs::read_to_string(theme.join("base.html")).unwrap();
    let base = base.replacen("</body>", "<!-- 值班 13912345678 --></body>", 1);
    std::fs::write(theme.join("base.html"), base).unwrap();
    let err = stderr(&yiyong(root, &["build"]));
    assert!(
        err.contains("a mobile number would be published: 139****5678"),
        "{err}"
    );
    assert!(!err.contains("13912345678"), "{err}");
}

#[test]
fn the_new_command_never_makes_an_address_from_an_anonymous_name() {
    let site = demo_copy();
    let root = site.path();
    let out = yiyong(root, &["new", "hero", "王小明", "--anonymous"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let made: Vec<_> = files_below(&root.join("content/heroes"))
        .into_iter()
        .filter(|p| std::fs::read_to_string(p).unwrap().contains("王小明"))
        .collect();
    assert_eq!(made.len(), 1);
    let name = made[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(!name.contains("wang") && !name.contains("xiao"), "{name}");
    let text = std::fs::read_to_string(&made[0]).unwrap();
    assert!(text.contains("anonymous = true"), "{text}");
}

/// Under `serve`, an edited page goes through the same transform as in a build, with the names
/// as edited: a hero renamed while the server runs is masked under the new name.
#[test]
fn serve_masks_an_edited_hero_under_the_name_it_now_has() {
    use common::serve::{start, wait_for};
    let site = demo_copy();
    let root = site.path();
    write(root, "content/heroes/ouyang.md", HERO);
    let s = start(root);
    let page = "/heroes/ouyang-mou-2024/";
    wait_for(s.port, page, "the hero page", |b| b.contains("欧阳某说"));
    let edited = HERO
        .replace("欧阳振华", "司马光明")
        .replace("振华", "光明")
        .replace("欧阳某", "司马某");
    write(root, "content/heroes/ouyang.md", &edited);
    let body = wait_for(s.port, page, "the hero page after the edit", |b| {
        b.contains("司马某说")
    });
    assert!(
        !body.contains("司马光明") && !body.contains("光明说"),
        "{body}"
    );
    // The whole served site, as fetched: the new name nowhere.
    for path in ["/", "/heroes/", "/atom.xml", "/sitemap.xml", "/districts/"] {
        let b = common::serve::text(s.port, path);
        assert!(!b.contains("司马光明"), "{path}: {b}");
    }
}
