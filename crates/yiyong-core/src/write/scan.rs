//! What a visitor's browser would fetch. Every HTML and CSS output passes through `Scan` (a
//! `Sink` wrapper, like `Claims`), which reads it with `lol_html` and finds:
//! - requests to another host (scripts, stylesheets, frames, images, media, CSS `url()` and
//!   `@import`): the site must load in mainland China, where other hosts may be blocked or
//!   slow, so these are errors (code) or warnings (images and media), per `[extra.yiyong.hosts]`;
//! - links, `src` and `srcset` inside the site that reach no output file (a 404), checked when
//!   every output is known (`finish`).
//!
//! Findings are grouped by URL, so a hot-linked logo on 10,000 pages is one line.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::Path;
use std::sync::Mutex;

use super::claims::current_source;
use super::urls::{css_urls, host_of, hostname, internal_target, srcset_urls};
use super::Sink;
use crate::error::Diagnostic;

pub use super::scan_rules::{Level, Rules};

/// What a request loads; scripts, stylesheets and frames run code or shape the page.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Script,
    Stylesheet,
    Frame,
    Image,
    Media,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Script => "script",
            Kind::Stylesheet => "stylesheet",
            Kind::Frame => "frame or embedded object",
            Kind::Image => "image",
            Kind::Media => "audio or video",
        }
    }
    fn is_code(self) -> bool {
        matches!(self, Kind::Script | Kind::Stylesheet | Kind::Frame)
    }
}

/// Where a URL was seen: the first few outputs (with what wrote them) and how many in all.
#[derive(Default)]
struct Seen {
    url: String,
    kind: Option<Kind>,
    first: Vec<(String, String)>,
    count: usize,
}

impl Seen {
    fn add(&mut self, output: &str, source: &str) {
        super::guard::keep_example(&mut self.first, output, source);
        self.count += 1;
    }
    fn outputs(&self) -> String {
        let names: Vec<&str> = self.first.iter().map(|(o, _)| o.as_str()).collect();
        let more = self.count.saturating_sub(names.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("{}{more}", names.join(", "))
    }
}

/// What one output asks for: requests (kind, URL) and links, `src` and `srcset` values.
#[derive(Default)]
struct Found {
    requests: Vec<(Kind, String)>,
    links: Vec<String>,
    css: String,
}

pub struct Scan<'a> {
    inner: &'a dyn Sink,
    rules: Rules,
    outputs: Mutex<HashSet<String>>,
    /// Requests to other hosts, by URL.
    foreign: Mutex<HashMap<String, Seen>>,
    /// Every output path a link reaches, with the links that reach it.
    targets: Mutex<HashMap<String, Seen>>,
}

impl<'a> Scan<'a> {
    pub fn new(inner: &'a dyn Sink, rules: Rules) -> Scan<'a> {
        Scan {
            inner,
            rules,
            outputs: Default::default(),
            foreign: Default::default(),
            targets: Default::default(),
        }
    }

    fn scan(&self, rel: &str, bytes: &[u8]) {
        let lower = rel.to_ascii_lowercase();
        let html = lower.ends_with(".html") || lower.ends_with(".htm");
        // Without links to follow, a page that names no other host has nothing to report: most
        // pages, found at memchr speed instead of parsing them.
        if html && self.rules.links == Level::Off && !names_other_host(bytes, &self.rules.site_host)
        {
            return;
        }
        let found = if html {
            scan_html(bytes)
        } else if lower.ends_with(".css") {
            Found {
                css: String::from_utf8_lossy(bytes).into_owned(),
                ..Found::default()
            }
        } else {
            return;
        };
        self.record(rel, html, found);
    }

    fn record(&self, rel: &str, html: bool, mut found: Found) {
        for (url, import) in css_urls(&found.css) {
            let kind = if import {
                Kind::Stylesheet
            } else {
                Kind::Image
            };
            found.requests.push((kind, url));
        }
        let source = current_source();
        let rules = &self.rules;
        let foreign: Vec<(Kind, String)> = found
            .requests
            .into_iter()
            .filter(|(_, url)| {
                host_of(url).is_some_and(|h| {
                    h != rules.site_host && !rules.allow.iter().any(|a| a == hostname(&h))
                })
            })
            .collect();
        if !foreign.is_empty() {
            let mut all = self.foreign.lock().unwrap();
            for (kind, url) in foreign {
                let seen = all.entry(url.clone()).or_insert_with(|| Seen {
                    url,
                    ..Seen::default()
                });
                seen.kind = seen.kind.filter(|k| k.is_code()).or(Some(kind));
                seen.add(rel, &source);
            }
        }
        if !html || rules.links == Level::Off {
            return;
        }
        let mut local: HashMap<String, String> = HashMap::new();
        for url in found.links {
            if let Some(t) = internal_target(&url, rel, &rules.site_host, &rules.base_path) {
                local.entry(t).or_insert(url);
            }
        }
        let mut all = self.targets.lock().unwrap();
        for (target, url) in local {
            all.entry(target)
                .or_insert_with(|| Seen {
                    url,
                    ..Seen::default()
                })
                .add(rel, &source);
        }
    }

    /// Errors and warnings, once every output has been written.
    pub fn finish(self) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let t = std::time::Instant::now();
        let (mut errors, mut warnings) = (vec![], vec![]);
        let mut foreign: Vec<Seen> = self.foreign.into_inner().unwrap().into_values().collect();
        foreign.sort_by(|a, b| a.url.cmp(&b.url));
        for seen in foreign {
            let kind = seen.kind.unwrap_or(Kind::Image);
            let level = if kind.is_code() {
                self.rules.scripts
            } else {
                self.rules.media
            };
            let list = match level {
                Level::Off => continue,
                Level::Error => &mut errors,
                Level::Warn => &mut warnings,
            };
            let template = self.rules.written_in(&seen.url);
            let from = seen.first.first().map(|(_, s)| s.as_str()).unwrap_or("");
            let host = host_of(&seen.url).unwrap_or_default();
            list.push(
                Diagnostic::new(format!(
                    "{} loads the {} `{}` from another host, {host} (written for {from}{template}); visitors in mainland China may not reach it",
                    seen.outputs(),
                    kind.name(),
                    seen.url,
                ))
                .with_hint(format!(
                    "download the file into `static/` and link to it by its path on this site; or, if {host} is reachable in China, add it to `allow` under [extra.yiyong.hosts] in config.toml (or set `{}` there to \"warn\" or \"off\")",
                    if kind.is_code() { "scripts" } else { "media" }
                )),
            );
        }
        let outputs = self.outputs.into_inner().unwrap();
        let mut broken: Vec<(String, Seen)> = self
            .targets
            .into_inner()
            .unwrap()
            .into_iter()
            .filter(|(t, _)| !outputs.contains(t) && !outputs.contains(&format!("{t}/index.html")))
            .collect();
        broken.sort_by(|a, b| a.0.cmp(&b.0));
        let list = match self.rules.links {
            Level::Error => &mut errors,
            _ => &mut warnings,
        };
        for (target, seen) in broken {
            list.push(
                Diagnostic::new(format!(
                    "{} links to `{}` (written for {}), but the site has no `{target}`: a visitor gets 404 Not Found",
                    seen.outputs(),
                    seen.url,
                    seen.first.first().map(|(_, s)| s.as_str()).unwrap_or("")
                ))
                .with_hint("fix the link in the template or content that writes it, or add the missing page or file (a feed exists only with `generate_feeds = true`)"),
            );
        }
        crate::profile::timing("scan findings", t);
        (errors, warnings)
    }

    fn note(&self, rel: &str) {
        self.outputs.lock().unwrap().insert(rel.to_string());
    }

    fn wanted(&self, rel: &str) -> bool {
        let lower = rel.to_ascii_lowercase();
        self.rules.active && [".html", ".htm", ".css"].iter().any(|e| lower.ends_with(e))
    }
}

/// Whether `bytes` hold `//` (also written `&#x2F;&#x2F;` or `&#47;&#47;`, as Tera escapes a
/// slash) followed by a host other than `site_host`: the only way a page can ask another host
/// for something. A false alarm only costs a full scan.
///
/// A link that starts an `<a>` tag (`<a href="https://beian.miit.gov.cn/">`, the ICP filing
/// link an association's footer must carry on every page; a place page's links to the map
/// apps, `https:&#x2F;&#x2F;uri.amap.com/…` as Tera escapes them) is not a request, nor is an
/// XML namespace (`<svg xmlns="http://www.w3.org/2000/svg">`, an inline map): those bytes ask
/// nothing of another host wherever they stand, in a tag, a comment or a script's text. Only
/// these exact spellings are passed over; any other makes the full scan read the page.
fn names_other_host(bytes: &[u8], site_host: &str) -> bool {
    const SLASHES: [&[u8]; 4] = [b"//", b"&#x2F;&#x2F;", b"&#x2f;&#x2f;", b"&#47;&#47;"];
    SLASHES.iter().any(|needle| {
        memchr::memmem::find_iter(bytes, needle).any(|at| {
            let rest = &bytes[at + needle.len()..];
            let end = rest
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || b"-.:[]_".contains(b)))
                .unwrap_or(rest.len());
            let host = &rest[..end];
            // The cheap tests first: most hosts named are the site's own.
            !(host.is_empty()
                || host.eq_ignore_ascii_case(site_host.as_bytes())
                || link_or_namespace(&bytes[..at]))
        })
    })
}

/// Whether `before` ends with the start of an `<a>` tag whose first attribute is the `href`
/// that `//` continues, or with an `xmlns` attribute's.
fn link_or_namespace(before: &[u8]) -> bool {
    const STARTS: [&[u8]; 9] = [
        b" xmlns=\"http:",
        b" xmlns=\"https:",
        b" xmlns:xlink=\"http:",
        b"<a href=\"https:",
        b"<a href=\"http:",
        b"<a href=\"",
        b"<a href='https:",
        b"<a href='http:",
        b"<a href='",
    ];
    STARTS.iter().any(|s| before.ends_with(s))
}

/// The attributes `classify` reads.
const ATTRIBUTES: &[&str] = &["href", "src", "srcset", "poster", "style", "data", "rel"];

/// The requests and links in one HTML file: read by `html_tags`, or by `lol_html` when the file
/// has SVG or MathML in it (foreign content, where the tokenizer reads `<style>`, `<textarea>`
/// and the like otherwise; the place pages with their inline maps).
fn scan_html(bytes: &[u8]) -> Found {
    if super::html_tags::has_foreign_content(bytes) {
        // lol_html gives up on some markup (a `<style>` inside a `<select>`); what it read
        // up to there would leave the rest of the file unscanned.
        if let Some(found) = scan_html_lol(bytes) {
            return found;
        }
    }
    scan_by_hand(bytes)
}

/// `scan_html` with `html_tags`.
fn scan_by_hand(bytes: &[u8]) -> Found {
    use super::html_tags::{read, Seen};
    let html = super::guard::output_text(bytes);
    let mut found = Found::default();
    read(&html, ATTRIBUTES, |seen| match seen {
        Seen::Tag(tag) => {
            let wanted = ["href", "src", "srcset", "poster", "style"]
                .iter()
                .any(|a| tag.get(a).is_some())
                || (tag.name == "object" && tag.get("data").is_some());
            if wanted {
                // Attribute values come with their entities (`https:&#x2F;&#x2F;…` as Tera
                // escapes a URL); a browser decodes them, so must the scan.
                let attr = |n: &str| tag.get(n).map(|v| decode_entities(v.to_string()));
                classify(&tag.name, &attr, &mut found);
            }
        }
        Seen::Style(css) => found.css.push_str(css),
    });
    found
}

/// The same with `lol_html`: for files with foreign content, and the reference the
/// hand-written reader is checked against; `None` when lol_html stops on the markup.
fn scan_html_lol(bytes: &[u8]) -> Option<Found> {
    use lol_html::{element, text, HtmlRewriter, Settings};
    let found = std::cell::RefCell::new(Found::default());
    let mut rewriter = HtmlRewriter::new(
        Settings {
            element_content_handlers: vec![
                element!(
                    "[href], [src], [srcset], [poster], object[data], [style]",
                    |el| {
                        let attr = |n: &str| el.get_attribute(n).map(decode_entities);
                        let mut f = found.borrow_mut();
                        classify(&el.tag_name(), &attr, &mut f);
                        Ok(())
                    }
                ),
                text!("style", |t| {
                    found.borrow_mut().css.push_str(t.as_str());
                    Ok(())
                }),
            ],
            ..Settings::new()
        },
        |_: &[u8]| {},
    );
    rewriter.write(bytes).and_then(|_| rewriter.end()).ok()?;
    Some(found.into_inner())
}

/// An attribute value as a browser reads it; a value with a bare `&` or an entity XML does
/// not know (`&nbsp;`) is kept as written.
fn decode_entities(raw: String) -> String {
    match quick_xml::escape::unescape(&raw) {
        Ok(std::borrow::Cow::Owned(decoded)) => decoded,
        _ => raw,
    }
}

/// Sorts one element's URLs into requests (by what they load) and links.
fn classify(tag: &str, attr: &dyn Fn(&str) -> Option<String>, f: &mut Found) {
    if let Some(style) = attr("style") {
        f.css.push_str(&style);
        f.css.push('\n');
    }
    let rel = attr("rel").unwrap_or_default().to_ascii_lowercase();
    let has_rel = |w: &str| rel.split_ascii_whitespace().any(|r| r == w);
    // (attribute, what it loads when requested, if it is a request)
    let kind_of = |name: &str| -> Option<Kind> {
        match (tag, name) {
            ("script", "src") => Some(Kind::Script),
            ("link", "href") if has_rel("stylesheet") => Some(Kind::Stylesheet),
            ("link", "href") if has_rel("icon") || has_rel("apple-touch-icon") => Some(Kind::Image),
            ("link", "href") if has_rel("preload") || has_rel("modulepreload") => {
                Some(Kind::Script)
            }
            ("iframe" | "frame" | "embed", "src") | ("object", "data") => Some(Kind::Frame),
            ("img" | "input", _) | ("video", "poster") => Some(Kind::Image),
            ("video" | "audio" | "source" | "track", _) => Some(Kind::Media),
            _ => None,
        }
    };
    // Hints to connect early name a host, not a file anyone fetches.
    let hint_only = tag == "link" && (has_rel("preconnect") || has_rel("dns-prefetch"));
    if tag == "base" || hint_only {
        return;
    }
    for name in ["href", "src", "poster", "data"] {
        if name == "data" && tag != "object" {
            continue;
        }
        if let Some(url) = attr(name) {
            if let Some(kind) = kind_of(name) {
                f.requests.push((kind, url.clone()));
            }
            f.links.push(url);
        }
    }
    if let Some(set) = attr("srcset") {
        for url in srcset_urls(&set) {
            if let Some(kind) = kind_of("srcset") {
                f.requests.push((kind, url.to_string()));
            }
            f.links.push(url.to_string());
        }
    }
}

/// Reads a copied or linked file to scan it.
fn read_for_scan(src: &Path) -> Option<Vec<u8>> {
    std::fs::read(src).ok()
}

impl Sink for Scan<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.note(rel);
        if self.wanted(rel) {
            self.scan(rel, bytes);
        }
        self.inner.write(rel, bytes)
    }
    fn write_parts(&self, rel: &str, parts: &mut dyn Iterator<Item = Vec<u8>>) -> io::Result<()> {
        self.note(rel);
        if !self.wanted(rel) {
            return self.inner.write_parts(rel, parts);
        }
        let mut all = vec![];
        let mut tee = parts.inspect(|p| all.extend_from_slice(p));
        let result = self.inner.write_parts(rel, &mut tee);
        self.scan(rel, &all);
        result
    }
    fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        self.note(rel);
        if self.wanted(rel) {
            if let Some(bytes) = read_for_scan(src) {
                self.scan(rel, &bytes);
            }
        }
        self.inner.copy(rel, src)
    }
    fn link(&self, rel: &str, src: &Path) -> io::Result<()> {
        self.note(rel);
        if self.wanted(rel) {
            if let Some(bytes) = read_for_scan(src) {
                self.scan(rel, &bytes);
            }
        }
        self.inner.link(rel, src)
    }
}

#[cfg(test)]
mod tests {
    use super::{scan_by_hand, scan_html, scan_html_lol, Found};
    use crate::write::html_tags::has_foreign_content;

    /// What a scan found, comparable.
    fn seen(f: Found) -> (Vec<String>, Vec<String>, String) {
        let requests = f
            .requests
            .iter()
            .map(|(k, u)| format!("{k:?} {u}"))
            .collect();
        (requests, f.links, f.css)
    }

    /// The hand-written reader finds what lol_html finds (where lol_html reads the file to
    /// its end).
    fn same(html: &str) {
        if has_foreign_content(html.as_bytes()) {
            // Read by lol_html itself, unless it gives up (below).
            return;
        }
        if let Some(lol) = scan_html_lol(html.as_bytes()) {
            assert_eq!(seen(scan_by_hand(html.as_bytes())), seen(lol), "{html}");
        }
    }

    #[test]
    fn reads_the_tags_lol_html_reads() {
        for html in [
            "<a href=\"/a/\">a</a><img src=x.png srcset=\"a.png 1x, b.png 2x\">",
            "<A HREF='/b/' Href=\"/dup/\">B</A><LINK REL=Stylesheet href=/s.css>",
            "<!-- <a href=\"/commented/\"> --><a href=\"/after/\">",
            "<!--><a href=/x/><!---><a href=/y/>",
            "<!DOCTYPE html><?xml x><a title=\"a > b\" href=\"/q/\">",
            "<script>var s = '<a href=\"/in-script/\">';</script><a href=/out/>",
            "<style>.a{background:url(/bg.png)}</style ><p style=\"background:url(/i.png)\">",
            "<title><a href=/t/></title><textarea><img src=/ta.png></textarea><noscript><a href=/ns/></noscript>",
            "<svg><style>.x{fill:red}</style><a href=\"/svg/\"><image href=/i.svg /></a></svg>",
            "<object data=/o.pdf></object><video poster=/p.jpg><source src=/v.mp4></video>",
            "</p class=\">\"><a href=/end-tag/>",
            "<a href=\"/cut/",
            "<a href = \"/spaced/\" ><a href=\"&#x2F;&#x2F;other.example&#x2F;\">",
            "<a =x href=/eq/><a href=/a/ / ><br/><iframe src=/f.html><a href=/in-frame/></iframe>",
            "< a href=/not-a-tag/> <3 </ a> <a href=/ok/>",
            "<xmp><a href=/xmp/></xmp><scriptx href=/sx/><script src=/s.js></script>",
        ] {
            same(html);
        }
    }

    /// Cases found by trying to hide a request from the scan.
    #[test]
    fn what_browsers_load_is_found() {
        let found = |html: &str| seen(scan_html(html.as_bytes())).0;
        // `--!>` ends a comment in browsers.
        let hidden = "<!-- x --!><script src=\"https://evil.example/x.js\"></script> -->";
        assert_eq!(found(hidden), ["Script https://evil.example/x.js"]);
        // lol_html gives up on a `<xmp>` in a `<select>`; the rest of the file is still read.
        let svg = "<svg></svg><select><option>a</option><xmp>b</xmp></select>\
                   <script src=https://evil.example/y.js></script>";
        assert!(scan_html_lol(svg.as_bytes()).is_none());
        assert_eq!(found(svg), ["Script https://evil.example/y.js"]);
    }

    /// Documents put together at random from the pieces that change how HTML is read read
    /// alike (a fixed seed: the same 20,000 documents each run).
    #[test]
    fn random_documents_read_alike() {
        const PIECES: &[&str] = &[
            "<a href=\"/a/\">",
            "<a href=/b/ >",
            "<",
            ">",
            "\"",
            "'",
            "=",
            " ",
            "/",
            "\n",
            "x",
            "中",
            "<!--",
            "-->",
            "<!-->",
            "<!DOCTYPE html>",
            "<?x",
            "</",
            "</a>",
            "<script>",
            "</script>",
            "</SCRIPT >",
            "<style>",
            "</style>",
            "<title>",
            "</title>",
            "<textarea>",
            "</textarea>",
            "<noscript>",
            "</noscript>",
            "<svg>",
            "</svg>",
            "<iframe src=/f>",
            "</iframe>",
            "<img src=/i.png srcset=\"/a.png 1x, /b.png 2x\">",
            "&#x2F;&#x2F;o.example",
            "<link rel=stylesheet href=/s.css>",
            "<p style=\"background:url(/bg.png)\">",
            "url(/u.png)",
            "<object data=/o.pdf>",
            "<video poster=/p.jpg>",
            "<xmp>",
            "</xmp>",
            "<a href='/q/' href=/dup/>",
            "<A HREF=/C/>",
            "<br/>",
            "<plaintext>",
            "<![CDATA[",
            "]]>",
            "<math>",
            "</math>",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..20_000 {
            let len = 1 + next(30);
            let html: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            same(&html);
        }
    }

    /// Every HTML file below `YIYONG_SCAN_DIFF_DIR` (a built site) is read alike by both: run
    /// on real sites (`.ci/run` runs it on the demo's output).
    #[test]
    #[ignore]
    fn same_findings_as_lol_html() {
        let Ok(dir) = std::env::var("YIYONG_SCAN_DIFF_DIR") else {
            panic!("set YIYONG_SCAN_DIFF_DIR to a built site's folder");
        };
        let mut n = 0;
        for e in walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            if e.path().extension().is_some_and(|x| x == "html") {
                same(&std::fs::read_to_string(e.path()).unwrap_or_default());
                n += 1;
            }
        }
        assert!(n > 0, "no HTML files below {dir}");
        eprintln!("{n} HTML files read alike");
    }

    #[test]
    fn finds_pages_that_name_another_host() {
        // (page, whether it names another host)
        let cases: [(&[u8], bool); 13] = [
            (b"<a href=\"https://example.org/a/\">a</a> // note", false),
            (b"<a href=\"https:&#x2F;&#x2F;EXAMPLE.org&#x2F;\">", false),
            (b"<script src=\"//hm.baidu.com/hm.js\">", true),
            (
                b"<img src=\"https:&#x2F;&#x2F;other.example&#x2F;x.jpg\">",
                true,
            ),
            (b"<img src=\"http:&#47;&#47;other.example\">", true),
            (b"style=\"background:url(//cdn.other/x.png)\"", true),
            // A link to another host starting an <a> tag is no request; a request beside it
            // still counts, and so does a link written otherwise.
            (
                b"<p><a href=\"https://beian.miit.gov.cn/\">ICP</a><a href='//x.cn/'>x</a></p>",
                false,
            ),
            (b"<a class=\"x\" href=\"https://beian.miit.gov.cn/\">", true),
            (
                b"<a href=\"https://a.cn/\"><img src=\"https://a.cn/x.png\">",
                true,
            ),
            // As Tera escapes a link (the place pages' 「在高德地图中打开」).
            (
                b"<a href=\"https:&#x2F;&#x2F;uri.amap.com&#x2F;marker\">",
                false,
            ),
            (b"<img src=\"https:&#x2F;&#x2F;a.cn/\">", true),
            (
                b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\">",
                false,
            ),
            (
                b"<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"https://a.cn/x.png\"/>",
                true,
            ),
        ];
        for (page, names) in cases {
            let shown = String::from_utf8_lossy(page);
            assert_eq!(
                super::names_other_host(page, "example.org"),
                names,
                "{shown}"
            );
        }
    }
}
