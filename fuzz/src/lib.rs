//! What each fuzz target checks, one public function a target. The fuzz targets in
//! `fuzz_targets/` call these; `tests/fuzz_replay.rs` at the repository root compiles this
//! same file (with `#[path]`) and runs every committed corpus file through it on stable Rust.
//! Only yiyong's public API and crates the root already depends on are used here, so the file
//! builds in both places and the main crate carries no fuzzing code.
//!
//! A check panics when a property does not hold; libFuzzer reports the panic as a crash.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::{json, Value};
use yiyong::error::Diagnostic;
use yiyong::fuzzing::front_matter::{self, PageFrontMatter, SectionFrontMatter, Split};
use yiyong::fuzzing::markdown::{self, shortcodes, Highlighter, RenderContext};
use yiyong::fuzzing::Heading;
use yiyong::outreach::privacy_lint::{allow, detect};
use yiyong::serve::http::{self, Parsed};
use yiyong::Config;
use yiyong::{Page, Section};

/// Text from fuzz bytes as the loader would see it. Invalid UTF-8 is read lossily so that the
/// rest of the input is still explored.
fn text_of(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// `sub` lies inside `whole` (pointer-wise): what a split returns must be slices of its input.
fn is_within(sub: &str, whole: &str) -> bool {
    let (s, w) = (sub.as_ptr() as usize, whole.as_ptr() as usize);
    s >= w && s + sub.len() <= w + whole.len()
}

fn line_count(text: &str) -> usize {
    text.bytes().filter(|b| *b == b'\n').count() + 1
}

/// A located error must point inside the file.
fn assert_line_in(d: &Diagnostic, text: &str) {
    if let Some(line) = d.line {
        assert!(
            line >= 1 && line <= line_count(text),
            "line {line} outside the file ({} lines): {}",
            line_count(text),
            d.message
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Front matter

/// Splitting and parsing front matter, as a page and as a section: never a panic; a split
/// returns slices of the input and the line where the front matter starts; every error names
/// a line inside the file, and a TOML syntax error always names one. Plain TOML read by the
/// fast route must give what the general route gives.
pub fn front_matter(data: &[u8]) {
    let text = text_of(data);
    let file = Path::new("/site/content/blog/2024-07-21-post.md");
    let split = match front_matter::split(&text, file) {
        Ok(s) => s,
        Err(d) => {
            assert_eq!(d.line, Some(1), "{}", d.message);
            return;
        }
    };
    assert!(is_within(split.front_matter, &text) && is_within(split.body, &text));
    let fm_at = split.front_matter.as_ptr() as usize - text.as_ptr() as usize;
    assert_eq!(
        split.front_matter_line,
        yiyong::error::line_of_offset(&text, fm_at)
    );
    match front_matter::parse_value(&split, file) {
        Ok(_) => {}
        Err(d) => {
            assert_line_in(&d, &text);
            if split.is_toml && d.message.starts_with("invalid TOML") {
                assert!(
                    d.line.is_some(),
                    "a TOML error without a line: {}",
                    d.message
                );
            }
        }
    }
    typed_routes_agree::<PageFrontMatter>(&split, file, &text);
    typed_routes_agree::<SectionFrontMatter>(&split, file, &text);
    let content = Path::new("/site/content");
    let config = &env().config;
    match Page::parse(file, &text, content, config) {
        Ok((page, _ignored_keys)) => {
            assert!(page.path.starts_with('/') && page.path.ends_with('/'));
            assert!(
                yiyong::fuzzing::unsafe_path_reason(&page.path).is_none(),
                "an unsafe page path was accepted: {:?}",
                page.path
            );
            assert!(page.body_line >= 1 && page.body_line <= line_count(&text) + 1);
        }
        Err(d) => assert_line_in(&d, &text),
    }
    let index = Path::new("/site/content/blog/_index.md");
    if let Err(d) = Section::parse(index, &text, content, config) {
        assert_line_in(&d, &text);
    }
}

/// `parse_typed` (fast routes first) and the general route (JSON value, then serde) agree.
fn typed_routes_agree<T>(split: &Split, file: &Path, text: &str)
where
    T: for<'de> serde::Deserialize<'de> + std::fmt::Debug,
{
    let typed = front_matter::parse_typed::<T>(split, file);
    let general = front_matter::parse_value(split, file)
        .and_then(|v| front_matter::deserialize::<T>(v, split, file));
    match (&typed, &general) {
        (Ok(t), Ok(g)) => assert_eq!(format!("{t:?}"), format!("{g:?}"), "the routes differ"),
        (Ok(t), Err(e)) => panic!("fast route read {t:?}, general route failed: {}", e.message),
        (Err(e), _) => assert_line_in(e, text),
    }
}

// ---------------------------------------------------------------------------------------------
// The site a document is rendered in: a config with every Markdown option on, shortcodes of
// both kinds, an anchor-link template and a highlighter. Built once per thread.

struct Env {
    config: Config,
    config_value: Value,
    tera: tera::Tera,
    permalinks: HashMap<String, String>,
    highlighter: Option<Highlighter>,
}

const CONFIG: &str = r#"
base_url = "https://example.org"
title = "Fuzz"
[markdown]
render_emoji = true
external_links_target_blank = true
external_links_no_follow = true
external_links_class = "ext"
smart_punctuation = true
definition_list = true
lazy_async_image = true
bottom_footnotes = true
github_alerts = true
[markdown.highlighting]
theme = "github-light"
"#;

const SHORTCODES: &[(&str, &str)] = &[
    (
        "shortcodes/note.html",
        r#"<div class="note">{{ body | default(value="") | markdown | safe }}</div>"#,
    ),
    (
        "shortcodes/youtube.html",
        r#"<iframe src="https://www.youtube.com/embed/{{ id | default(value='x') }}"></iframe>"#,
    ),
    (
        "shortcodes/quote.md",
        r#"> {{ body | default(value=text | default(value="")) }} ({{ nth }})"#,
    ),
    (
        "shortcodes/args.html",
        r#"<span>{{ a | json_encode() }}</span>"#,
    ),
    (
        "anchor-link.html",
        r##"<a class="zola-anchor" href="#{{ id }}">{{ heading | default(value="#") | safe }}</a>"##,
    ),
];

fn build_env() -> Env {
    let config = Config::parse(CONFIG, Path::new("config.toml")).expect("the fuzz config");
    let mut tera = tera::Tera::default();
    tera.add_raw_templates(SHORTCODES.to_vec())
        .expect("the fuzz templates");
    tera.register_filter("markdown", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(v.as_str().unwrap_or("").to_string()))
    });
    let highlighter = config
        .markdown
        .highlighting
        .as_ref()
        .map(|h| Highlighter::new(h, Path::new("/site"), Path::new("config.toml")))
        .transpose()
        .expect("the fuzz highlighter");
    let permalinks = [
        ("blog/a.md", "https://example.org/blog/a/"),
        ("_index.md", "https://example.org/"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    Env {
        config_value: config.to_template_value(&config.default_language),
        config,
        tera,
        permalinks,
        highlighter,
    }
}

thread_local! {
    static ENV: &'static Env = Box::leak(Box::new(build_env()));
}

fn env() -> &'static Env {
    ENV.with(|e| *e)
}

fn context<'a>(
    env: &'a Env,
    anchors: yiyong::fuzzing::AnchorLinks,
    item: &'a dyn Fn() -> Value,
) -> RenderContext<'a> {
    RenderContext {
        config: &env.config,
        config_value: &env.config_value,
        tera: &env.tera,
        permalinks: &env.permalinks,
        file: Path::new("/site/content/blog/a.md"),
        body_line: 4,
        permalink: "https://example.org/blog/a/",
        lang: "zh",
        insert_anchor_links: anchors,
        item: Some(("page", item)),
        highlighter: env.highlighter.as_ref(),
    }
}

fn page_value() -> Value {
    json!({"title": "t", "permalink": "https://example.org/blog/a/", "extra": {}})
}

// ---------------------------------------------------------------------------------------------
// 2. Shortcodes

const PH_OPEN: char = '\u{E000}';
const PH_CLOSE: char = '\u{E001}';

/// Expanding shortcodes: never a panic; errors are located inside the document; text without
/// `{{` or `{%` comes back unchanged; each HTML shortcode leaves exactly one placeholder, in
/// order, and putting them back leaves none.
pub fn shortcodes(data: &[u8]) {
    let text = text_of(data);
    let env = env();
    let item = page_value;
    let ctx = context(env, yiyong::fuzzing::AnchorLinks::None, &item);
    let expanded = match shortcodes::expand(&text, &ctx) {
        Ok(e) => e,
        Err(errors) => {
            assert!(!errors.is_empty());
            for d in &errors {
                let line = d.line.expect("a shortcode error names its line");
                assert!(
                    line >= ctx.body_line && line < ctx.body_line + line_count(&text),
                    "line {line} outside the body: {}",
                    d.message
                );
            }
            return;
        }
    };
    if !text.contains("{{") && !text.contains("{%") {
        assert_eq!(expanded.markdown, *text);
        assert!(expanded.html.is_empty());
    }
    if text.contains([PH_OPEN, PH_CLOSE]) {
        return; // The document's own private-use characters can look like placeholders.
    }
    let mut rest = expanded.markdown.as_str();
    for i in 0..expanded.html.len() {
        let ph = shortcodes::placeholder(i);
        let at = rest
            .find(&ph)
            .unwrap_or_else(|| panic!("placeholder {i} missing or out of order"));
        rest = &rest[at + ph.len()..];
    }
    let placeholders = expanded.markdown.matches(PH_OPEN).count();
    assert_eq!(placeholders, expanded.html.len(), "stray placeholders");
    let restored = shortcodes::restore(expanded.markdown.clone(), &expanded.html);
    let left = restored.matches(PH_OPEN).count();
    let from_outputs: usize = expanded
        .html
        .iter()
        .map(|h| h.matches(PH_OPEN).count())
        .sum();
    assert_eq!(left, from_outputs, "placeholders left after restoring");
}

// ---------------------------------------------------------------------------------------------
// 3. Markdown

/// Rendering a page body: never a panic (the renderer turns one into an "internal error"
/// diagnostic, which fails the check); the HTML of the content and the summary can be rewritten
/// by lol_html, as the build's link scan does; generated heading ids are unique and present in
/// the content; without raw HTML in the source, every element that is opened is closed.
pub fn markdown(data: &[u8]) {
    use yiyong::fuzzing::AnchorLinks;
    let text = text_of(data);
    let env = env();
    // The anchor style comes from the length, so corpus files stay plain Markdown.
    let anchors = [
        AnchorLinks::None,
        AnchorLinks::Left,
        AnchorLinks::Right,
        AnchorLinks::Heading,
    ][data.len() % 4];
    let item = page_value;
    let ctx = context(env, anchors, &item);
    let (rendered, errors) = markdown::render(&text, &ctx);
    for d in &errors {
        assert!(
            !d.message.starts_with("internal error"),
            "renderer panicked: {}",
            d.message
        );
    }
    // Raw HTML and shortcodes put the author's HTML in the output, which may be unbalanced.
    let generated_only = !text.replace("<!-- more -->", "").contains('<')
        && !text.contains("{{")
        && !text.contains("{%")
        && errors.is_empty();
    for html in std::iter::once(&rendered.content).chain(&rendered.summary) {
        match rewrite(html) {
            Ok((opened, closed)) if generated_only => {
                assert_eq!(opened, closed, "unclosed elements in {html}")
            }
            Ok(_) => {}
            // lol_html refuses some tag soup (`<select>` or `<svg>` content) it cannot tell how
            // to read without a tree; only the author's own HTML can cause that.
            Err(lol_html::errors::RewritingError::ParsingAmbiguity(_)) if !generated_only => {}
            Err(e) => panic!("lol_html cannot rewrite the output: {e}"),
        }
    }
    // Ids written by the author (`{#id}`, `{.class #id}`) are kept as written, as in Zola, so
    // they may repeat; generated ones may not.
    let explicit_ids = text.lines().any(|l| {
        l.find('{')
            .is_some_and(|i| l[i..].contains('#') || l[i..].contains("id="))
    });
    if !explicit_ids {
        let mut ids = HashSet::new();
        let mut stack: Vec<&Heading> = rendered.toc.iter().collect();
        while let Some(h) = stack.pop() {
            assert!(ids.insert(h.id.as_str()), "heading id {:?} twice", h.id);
            assert!(
                rendered.content.contains(&format!(" id=\"{}\"", h.id))
                    || h.id.contains(['&', '<', '>', '"', '\'']),
                "heading id {:?} not in the content",
                h.id
            );
            stack.extend(&h.children);
        }
    }
}

/// Runs the HTML through lol_html, reading every attribute; returns how many elements that can
/// have content were opened, and how many of them were closed.
fn rewrite(html: &str) -> Result<(usize, usize), lol_html::errors::RewritingError> {
    use lol_html::{element, EndTagHandler, HtmlRewriter, Settings};
    let opened = RefCell::new(0usize);
    let closed = std::rc::Rc::new(RefCell::new(0usize));
    let mut out = Vec::with_capacity(html.len());
    let mut rewriter = HtmlRewriter::new(
        Settings {
            element_content_handlers: vec![element!("*", |el| {
                for a in el.attributes() {
                    let _ = (a.name(), a.value());
                }
                if let Some(handlers) = el.end_tag_handlers() {
                    *opened.borrow_mut() += 1;
                    let closed = closed.clone();
                    let on_end: EndTagHandler<'static> = Box::new(move |_end| {
                        *closed.borrow_mut() += 1;
                        Ok(())
                    });
                    handlers.push(on_end);
                }
                Ok(())
            })],
            ..Settings::new()
        },
        |c: &[u8]| out.extend_from_slice(c),
    );
    rewriter.write(html.as_bytes())?;
    rewriter.end()?;
    assert_eq!(
        out,
        html.as_bytes(),
        "a rewrite without changes changed the HTML"
    );
    let counts = (*opened.borrow(), *closed.borrow());
    Ok(counts)
}

// ---------------------------------------------------------------------------------------------
// 4. Privacy lint

/// The day the detectors bound birth dates by, fixed so that a replay finds what the fuzzer
/// found.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date")
}

/// The text detectors and the allow lists: findings start on char boundaries inside the text,
/// in order; a number's key is its digits, of the rule's length, and its masked form never
/// shows them all; an allow list holding the key lets the finding through. A page's
/// `[extra.privacy]` (from the input's own front matter) parses or fails with a line inside the
/// file, never allows `id-number` as a rule, and its entries can be shown.
pub fn privacy_lint(data: &[u8]) {
    let text = text_of(data);
    let findings = detect::scan(&text, today());
    let mut last = 0;
    for f in &findings {
        assert!(f.start < text.len(), "finding past the end: {f:?}");
        assert!(
            text.is_char_boundary(f.start),
            "finding inside a char: {f:?}"
        );
        assert!(f.start >= last, "findings out of order");
        last = f.start;
        check_finding(f, &text);
    }
    let file = Path::new("/site/content/heroes/a.md");
    let Ok(split) = front_matter::split(&text, file) else {
        return;
    };
    let Ok(Value::Object(fm)) = front_matter::parse_value(&split, file) else {
        return;
    };
    let Some(Value::Object(extra)) = fm.get("extra") else {
        return;
    };
    match allow::page(extra, file, &text) {
        Ok(Some(opt_out)) => {
            assert!(!opt_out.reason.trim().is_empty());
            assert!(!opt_out
                .entries
                .contains(&allow::Entry::Rule("id-number".into())));
            for e in &opt_out.entries {
                let _ = allow::shown(e);
            }
            for f in &findings {
                let _ = allow::allows(&opt_out.entries, f.rule.id(), Some(f));
            }
        }
        Ok(None) => {}
        Err(d) => assert_line_in(&d, &text),
    }
}

fn check_finding(f: &detect::Finding, text: &str) {
    use detect::Rule;
    let lengths = match f.rule {
        Rule::HomeAddress => {
            assert!(
                text[f.start..].starts_with(&f.key) || text.contains(&f.key),
                "address key not in the text: {f:?}"
            );
            return;
        }
        Rule::IdNumber | Rule::IdNumberTypo => 18..=18,
        Rule::IdNumber15 => 15..=15,
        Rule::Mobile => 11..=11,
        Rule::BankCard => 16..=19,
    };
    assert!(
        lengths.contains(&f.key.len()),
        "key of the wrong length: {f:?}"
    );
    assert!(
        f.key.bytes().all(|c| c.is_ascii_digit() || c == b'X'),
        "key not digits: {f:?}"
    );
    assert_eq!(allow::normalize_number(&f.key), f.key, "key not normalised");
    let shown_digits = f.masked.bytes().filter(u8::is_ascii_digit).count();
    assert!(
        !f.masked.contains(&f.key) && shown_digits + 4 <= f.key.len(),
        "masked form shows too much: {f:?}"
    );
    let entries = vec![allow::Entry::Number(f.key.clone())];
    assert!(
        allow::allows(&entries, f.rule.id(), Some(f)),
        "allowing the key fails: {f:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// 5. The preview server's request parser

/// The request head parser: its answer depends only on the first `MAX_HEAD + 1` bytes (all the
/// server ever buffers); a complete head lies within the buffer and the limit; an oversize line
/// or head is refused, never left waiting for more; a complete head parses the same alone, and
/// cut one byte short it is incomplete.
pub fn http_request(data: &[u8]) {
    let limit = http::MAX_HEAD + 1;
    let buf = &data[..data.len().min(limit)];
    let parsed = http::parse(buf);
    let whole = http::parse(data);
    assert_eq!(summary(&parsed).is_refused(), summary(&whole).is_refused());
    if !summary(&parsed).is_refused() {
        assert_eq!(
            summary(&parsed),
            summary(&whole),
            "bytes past the limit were read"
        );
    }
    match parsed {
        Parsed::Partial => {
            assert!(buf.len() <= http::MAX_HEAD, "an oversize head left waiting");
            let line = buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len());
            assert!(line <= http::MAX_LINE, "an oversize line left waiting");
        }
        Parsed::Complete(req, n) => {
            assert!(n > 0 && n <= buf.len() && n <= http::MAX_HEAD);
            let path = req.path();
            assert!(!path.contains(['?', '#']));
            match http::parse(&buf[..n]) {
                Parsed::Complete(again, m) => {
                    assert_eq!(m, n);
                    assert_eq!(
                        (again.method, again.target, again.keep_alive),
                        (req.method, req.target, req.keep_alive)
                    );
                }
                _ => panic!("the head alone does not parse"),
            }
            assert!(
                matches!(http::parse(&buf[..n - 1]), Parsed::Partial),
                "a head cut short is not incomplete"
            );
        }
        Parsed::Refused(status) => {
            assert!(matches!(status, 400 | 414 | 431), "status {status}");
            let answer = http::refusal(status);
            assert!(answer.starts_with(format!("HTTP/1.1 {status} ").as_bytes()));
        }
    }
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Partial,
    Complete(String, String, bool, usize),
    Refused,
}

impl Outcome {
    fn is_refused(&self) -> bool {
        *self == Outcome::Refused
    }
}

fn summary(p: &Parsed) -> Outcome {
    match p {
        Parsed::Partial => Outcome::Partial,
        Parsed::Complete(r, n) => {
            Outcome::Complete(r.method.clone(), r.target.clone(), r.keep_alive, *n)
        }
        Parsed::Refused(_) => Outcome::Refused,
    }
}

/// Every file of a corpus folder, for the replay test.
pub fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
