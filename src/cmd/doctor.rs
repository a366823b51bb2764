//! `yiyong doctor`: the site's setup in plain words, for the staff member who publishes it.
//!
//! A separate command rather than part of `check`: `check` renders the whole site and fails
//! on errors, which is a gate for publishing; doctor is advice (exit status 0 whatever it
//! finds) that reads only the config, `static/` and the front matter, so it also works on a
//! site that does not build yet, and it names what to fill in, not what is broken.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::doctor_text as t;
use crate::error::{line_of_key, Result};
use crate::outreach::clerk::scan::front_matter_lines;
use crate::Options;

/// One finding: where, what, and what to do; `how` is None for what is in order.
struct Item {
    file: Option<(String, Option<usize>)>,
    what: String,
    how: Option<String>,
}

fn todo(file: Option<(String, Option<usize>)>, what: String, how: String) -> Item {
    Item {
        file,
        what,
        how: Some(how),
    }
}

fn ok(what: String) -> Item {
    Item {
        file: None,
        what,
        how: None,
    }
}

/// The address `yiyong init` writes, the demo's, or any reserved example host.
fn example_host(url: &str) -> bool {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or(url)
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    let reserved = [
        "example.org",
        "example.com",
        "example.net",
        "localhost",
        "127.0.0.1",
    ];
    reserved
        .iter()
        .any(|r| host == *r || host.ends_with(&format!(".{r}")))
        || host.ends_with(".example")
        || host.ends_with(".test")
        || host.is_empty()
}

/// A filing number left as the example (`某ICP备00000000号`, the demo's `示…`).
fn example_number(v: &str) -> bool {
    v.contains("00000000") || v.starts_with('某') || v.starts_with('示')
}

/// The report, in the language of the messages.
pub fn run(opts: &Options) -> Result<String> {
    let (config, config_file) = crate::load_config(opts)?;
    let root = &opts.root;
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    let config_text = std::fs::read_to_string(&config_file).unwrap_or_default();
    let in_config = |key: &str| Some((rel(&config_file), line_of_key(&config_text, key)));
    let mut items = vec![];
    if example_host(&config.base_url) {
        items.push(todo(
            in_config("base_url"),
            t::BASE_URL_EXAMPLE.fmt(&[("url", &config.base_url)]),
            t::BASE_URL_HOW.text().into(),
        ));
    } else {
        items.push(ok(t::BASE_URL_OK.fmt(&[("url", &config.base_url)])));
    }
    let filings = [
        ("icp", t::ICP_MISSING, t::ICP_EXAMPLE, t::ICP_HOW, t::ICP_OK),
        (
            "police_beian",
            t::POLICE_MISSING,
            t::POLICE_EXAMPLE,
            t::POLICE_HOW,
            t::POLICE_OK,
        ),
    ];
    for (key, missing, example, how, fine) in filings {
        let value = config.extra.get(key).and_then(Value::as_str).map(str::trim);
        items.push(match value {
            None | Some("") => todo(in_config(key), missing.text().into(), how.text().into()),
            Some(v) if example_number(v) => todo(
                in_config(key),
                example.fmt(&[("value", &v)]),
                how.text().into(),
            ),
            Some(v) => ok(fine.fmt(&[("value", &v)])),
        });
    }
    let logos = [
        "favicon.svg",
        "favicon.ico",
        "favicon.png",
        "logo.svg",
        "logo.png",
    ];
    // The logo the theme shows in its header (`[extra.yiyong] logo`), found where the build
    // finds it (static/, the theme's static/, content/, the site folder), else an icon file of
    // the usual names in the site's own static/ (the theme's favicon.svg is not the
    // association's).
    let configured = crate::outreach::logo_file(root, &config);
    match configured
        .into_iter()
        .chain(logos.iter().map(|l| root.join("static").join(l)))
        .find(|p| p.is_file())
    {
        Some(p) => items.push(ok(t::LOGO_OK.fmt(&[("file", &rel(&p))]))),
        None => items.push(todo(
            None,
            t::LOGO_MISSING.text().into(),
            t::LOGO_HOW.text().into(),
        )),
    }
    let sections = crate::outreach::Sections::from_config(&config);
    let content = content(root, &sections);
    let mut report = vec![t::TITLE.fmt(&[("root", &root.display())])];
    let found = content.items.len();
    items.extend(
        content
            .items
            .into_iter()
            .map(|(file, line, what, how)| todo(Some((rel(&file), line)), what, how)),
    );
    if found == 0 && content.unreadable == 0 {
        items.push(ok(t::CONTENT_OK.fmt(&[("pages", &content.pages)])));
    }
    if content.unreadable > 0 {
        items.push(todo(
            None,
            t::UNREADABLE.fmt(&[("n", &content.unreadable)]),
            String::new(),
        ));
    }
    let count = items.iter().filter(|i| i.how.is_some()).count();
    // What to do first, then what is in order.
    for i in items.iter().filter(|i| i.how.is_some()) {
        let place = match &i.file {
            Some((f, Some(l))) => t::AT_LINE.fmt(&[("file", f), ("line", l)]),
            Some((f, None)) => t::IN_FILE.fmt(&[("file", f)]),
            None => String::new(),
        };
        report.push(t::TODO.fmt(&[("where", &place), ("what", &i.what)]));
        if let Some(how) = i.how.as_ref().filter(|h| !h.is_empty()) {
            report.push(t::DO.fmt(&[("how", how)]));
        }
    }
    for i in items.iter().filter(|i| i.how.is_none()) {
        report.push(t::OK.fmt(&[("what", &i.what)]));
    }
    report.push(match count {
        0 => t::ALL_GOOD.text().into(),
        n => t::COUNT.fmt(&[("n", &n)]),
    });
    Ok(report.join("\n"))
}

/// What the content's files need: (file, line, what, how) in path order.
struct Content {
    items: Vec<(PathBuf, Option<usize>, String, String)>,
    pages: usize,
    unreadable: usize,
}

fn content(root: &Path, sections: &crate::outreach::Sections) -> Content {
    let dir = root.join("content");
    let mut out = Content {
        items: vec![],
        pages: 0,
        unreadable: 0,
    };
    let files = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"));
    for entry in files {
        let path = entry.path();
        let Ok(text) = std::fs::read_to_string(path) else {
            out.unreadable += 1;
            continue;
        };
        let Some(fm) = front_matter_lines(&text) else {
            continue;
        };
        let body_from = fm.last().map(|(l, _)| l + 2).unwrap_or(1);
        let first = fm.first().map(|(l, _)| *l);
        let fm_text: String = fm.iter().map(|(_, l)| format!("{l}\n")).collect();
        let Ok(table) = fm_text.parse::<toml::Table>() else {
            out.unreadable += 1;
            continue;
        };
        out.pages += 1;
        for (line, src) in pictures_without_alt(&text, body_from) {
            let what = t::ALT_MISSING.fmt(&[("src", &src)]);
            out.items.push((
                path.to_path_buf(),
                Some(line),
                what,
                t::ALT_HOW.text().into(),
            ));
        }
        let relative = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let inside =
            |d: &str| relative.starts_with(&format!("{d}/")) && !relative.ends_with("_index.md");
        let extra = |k: &str| {
            table
                .get("extra")
                .and_then(|e| e.get(k))
                .and_then(|t| t.as_table())
        };
        let line = |k: &str| line_of_key(&text, k);
        if inside(&sections.event) && extra("event").is_some_and(|e| !e.contains_key("end")) {
            let at = line("start").or(first);
            out.items.push((
                path.to_path_buf(),
                at,
                t::EVENT_NO_END.text().into(),
                t::EVENT_NO_END_HOW.text().into(),
            ));
        }
        if inside(&sections.hero) && extra("hero").is_some_and(|h| !h.contains_key("district")) {
            let at = line("name").or(first);
            out.items.push((
                path.to_path_buf(),
                at,
                t::HERO_NO_DISTRICT.text().into(),
                t::HERO_NO_DISTRICT_HOW.text().into(),
            ));
        }
    }
    out
}

/// Pictures of the body (from line `from`) with no alt text: Markdown `![](src)` with empty
/// brackets and HTML `<img>` without a non-empty `alt`. (line, src) each.
fn pictures_without_alt(text: &str, from: usize) -> Vec<(usize, String)> {
    let mut out = vec![];
    for (i, line) in text.lines().enumerate().skip(from.saturating_sub(1)) {
        let mut rest = line;
        while let Some(at) = rest.find("![") {
            rest = &rest[at + 2..];
            let Some(close) = rest.find("](") else { break };
            let alt = &rest[..close];
            let src: String = rest[close + 2..]
                .chars()
                .take_while(|c| *c != ')' && *c != ' ')
                .collect();
            if alt.trim().is_empty() {
                out.push((i + 1, src));
            }
            rest = &rest[close + 2..];
        }
        let lower = line.to_ascii_lowercase();
        let mut from = 0;
        while let Some(at) = lower[from..].find("<img") {
            let tag_start = from + at;
            let tag_end = lower[tag_start..]
                .find('>')
                .map(|e| tag_start + e)
                .unwrap_or(lower.len());
            let tag = &lower[tag_start..tag_end];
            let has_alt = tag.split(" alt=").nth(1).is_some_and(|v| {
                let value = match v.chars().next() {
                    Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or(""),
                    _ => v.split([' ', '/', '>']).next().unwrap_or(""),
                };
                !value.trim().is_empty()
            });
            if !has_alt {
                let src = line[tag_start..tag_end]
                    .split("src=")
                    .nth(1)
                    .map(|s| {
                        s.trim_start_matches(['"', '\''])
                            .split(['"', '\'', ' '])
                            .next()
                            .unwrap_or("")
                            .to_string()
                    })
                    .unwrap_or_default();
                out.push((i + 1, src));
            }
            from = tag_end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn pictures_without_alt() {
        let text = "+++\n+++\n![](a.jpg)\n![张三](b.jpg) <img src=\"c.png\"> <img alt=\"\" src=d.png> <img alt=\"图\" src=\"e.png\">\n";
        let found = super::pictures_without_alt(text, 3);
        assert_eq!(
            found,
            vec![
                (3, "a.jpg".into()),
                (4, "c.png".into()),
                (4, "d.png".into())
            ]
        );
    }

    #[test]
    fn example_hosts() {
        assert!(super::example_host("https://example.org"));
        assert!(super::example_host("https://demo.yiyong.example"));
        assert!(!super::example_host("https://www.hnjyyw.org.cn"));
    }
}
