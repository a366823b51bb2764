//! Fast path for the entries of the built-in Atom and RSS feeds, written directly. General
//! path: rendering the built-in templates' entry loop (`__yiyong/parts/NAME.entries.xml`)
//! through Tera. A site-wide feed holds every page with its whole HTML (41 MB for the
//! 10,000-hero corpus), and through Tera each entry cost four times what writing its bytes
//! costs. What is written here is what the entry loops give, byte for byte; a page whose date
//! `format_date` does not read is left to Tera.
//!
//! Figure (docs/fast-paths.md): warm rebuild of the 10,000-hero Zola corpus, cachegrind,
//! `RAYON_NUM_THREADS=1`: 5,402 M instructions with it, 6,097 M without (+13%);
//! `[timing]   feeds` median 62 ms with, 118 ms without (311 ms without on the association's
//! corpus, 143 ms with). Build with `RUSTFLAGS="--cfg yiyong_general_feeds"` to measure
//! without it.
//!
//! Contract: `builtin_feeds_match_their_templates_rendered_whole` in tests/outputs.rs (700
//! pages with and without authors, summaries, updates and times, compared byte for byte with
//! the whole built-in template rendered by Tera).

use crate::content::Page;
use crate::templates::{escape_html_into, escape_xml_into, format_date};

/// What the entries read besides the pages.
pub struct Site<'a> {
    /// `config.author`, when Tera would take it as true (present and not empty).
    author: Option<&'a str>,
}

impl<'a> Site<'a> {
    pub fn new(config: &'a crate::config::Config) -> Site<'a> {
        Site {
            author: config.author.as_deref().filter(|a| !a.is_empty()),
        }
    }
}

/// One page as an entry reads it.
pub struct Entry<'a> {
    pub page: &'a Page,
    pub content: &'a str,
    pub summary: Option<&'a str>,
}

impl Entry<'_> {
    /// The summary when Tera would take it as true (present and not empty).
    fn summary(&self) -> Option<&str> {
        self.summary.filter(|s| !s.is_empty())
    }
}

/// Appends the entries of the built-in feed `name` (`atom.xml`, `rss.xml`) for `entries`;
/// `false` (with `out` as it was) when one of them is to be left to Tera.
pub fn write(out: &mut String, name: &str, site: &Site, entries: &[Entry]) -> bool {
    let entry = match name {
        "atom.xml" => atom,
        "rss.xml" => rss,
        _ => return false,
    };
    let start = out.len();
    let ok = entries.iter().all(|e| entry(out, site, e).is_some());
    if !ok {
        out.truncate(start);
    }
    ok
}

fn atom(out: &mut String, site: &Site, e: &Entry) -> Option<()> {
    let p = e.page;
    let date = p.date.as_deref()?;
    const RFC3339: &str = "%+";
    let published = format_date(date, RFC3339)?;
    let updated = format_date(p.updated.as_deref().unwrap_or(date), RFC3339)?;
    out.push_str("\n    <entry xml:lang=\"");
    escape_html_into(out, &p.lang);
    out.push_str("\">\n        <title>");
    escape_html_into(out, p.meta.title.as_deref().unwrap_or(""));
    out.push_str("</title>\n        <published>");
    escape_html_into(out, &published);
    out.push_str("</published>\n        <updated>");
    escape_html_into(out, &updated);
    out.push_str("</updated>\n        ");
    for name in &p.meta.authors {
        out.push_str("\n        <author>\n          <name>");
        escape_html_into(out, name);
        out.push_str("</name>\n        </author>\n        ");
    }
    if p.meta.authors.is_empty() {
        // Tera keeps the whitespace that `{%- -%}` would trim inside a loop's `else`.
        out.push_str("\n        <author>\n          <name>\n            \n              ");
        escape_html_into(out, site.author.unwrap_or("Unknown"));
        out.push_str("\n            \n          </name>\n        </author>\n        ");
    }
    out.push_str("\n        <link rel=\"alternate\" type=\"text/html\" href=\"");
    escape_xml_into(out, &p.permalink);
    out.push_str("\"/>\n        <id>");
    escape_xml_into(out, &p.permalink);
    out.push_str("</id>\n        ");
    match e.summary() {
        Some(summary) => {
            out.push_str("\n        <summary type=\"html\">");
            escape_html_into(out, summary);
            out.push_str("</summary>\n        ");
        }
        None => {
            out.push_str("\n        <content type=\"html\" xml:base=\"");
            escape_xml_into(out, &p.permalink);
            out.push_str("\">");
            escape_html_into(out, e.content);
            out.push_str("</content>\n        ");
        }
    }
    out.push_str("\n    </entry>");
    Some(())
}

fn rss(out: &mut String, site: &Site, e: &Entry) -> Option<()> {
    let p = e.page;
    let published = format_date(p.date.as_deref()?, "%a, %d %b %Y %H:%M:%S %z")?;
    out.push_str("\n      <item>\n          <title>");
    escape_html_into(out, p.meta.title.as_deref().unwrap_or(""));
    out.push_str("</title>\n          <pubDate>");
    escape_html_into(out, &published);
    out.push_str("</pubDate>\n          <author>");
    let author = p.meta.authors.first().map(String::as_str);
    escape_html_into(out, author.or(site.author).unwrap_or("Unknown"));
    out.push_str("</author>\n          <link>");
    escape_xml_into(out, &p.permalink);
    out.push_str("</link>\n          <guid>");
    escape_xml_into(out, &p.permalink);
    out.push_str("</guid>\n          <description>");
    escape_html_into(out, e.summary().unwrap_or(e.content));
    out.push_str("</description>\n      </item>");
    Some(())
}
