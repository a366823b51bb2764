//! Zola's search index (`build_search_index = true`): `search_index.<lang>.js` (or `.json`)
//! for the default language, and for each other language that sets `build_search_index`,
//! in the format `[search] index_format` names. Themes load it with their own copy of
//! elasticlunr.js or Fuse.js; the index is made with the `elasticlunr-rs` crate, the one Zola
//! uses, so that the JavaScript library reads it and stems queries as the index was stemmed.
//!
//! What goes in, as in Zola: each section of the language with `in_search_index` (unless
//! it redirects), then its pages with `in_search_index`; the fields are those `[search]`
//! turns on (title, description, date, path, body), the body being the rendered HTML with
//! tags, `<script>`, `<style>` and `<pre>` removed. Zola also writes `elasticlunr.min.js`,
//! the library themes load to read the index; yiyong writes its own small script by that name
//! (`elasticlunr.js` here, first-party: the part of elasticlunr's API themes call), unless
//! static/ has the file.

use elasticlunr::{Index, IndexBuilder};
use serde_json::json;

use super::Renderer;
use crate::config::SearchConfig;
use crate::error::Diagnostic;

/// The output name of the search script themes load with an elasticlunr index.
pub const ELASTICLUNR_JS_NAME: &str = "elasticlunr.min.js";

/// yiyong's own reader of the elasticlunr index (not the elasticlunr.js library).
pub const ELASTICLUNR_JS: &str = include_str!("elasticlunr.js");

/// Whether the build writes `elasticlunr.min.js`: as Zola, when the default language builds
/// a search index in an elasticlunr format (not Fuse).
pub fn writes_elasticlunr_js(config: &crate::config::Config) -> bool {
    config.build_search_index && !config.search.index_format.starts_with("fuse")
}

/// One page or section in the index.
struct Item<'a> {
    url: &'a str,
    title: Option<&'a str>,
    description: Option<&'a str>,
    date: Option<String>,
    path: &'a str,
    body: &'a str,
}

pub fn render(r: &Renderer) -> Vec<Diagnostic> {
    if !r.config.build_search_index {
        return vec![];
    }
    let format = r.config.search.index_format.as_str();
    let langs = std::iter::once(r.config.default_language.as_str()).chain(
        r.config
            .other_languages()
            .filter(|(_, o)| o.build_search_index)
            .map(|(code, _)| code),
    );
    let mut errors = vec![];
    for lang in langs {
        let fields = r.config.search_of(lang).unwrap_or(&r.config.search);
        let items = items(r, lang);
        let (name, text) = match format.starts_with("fuse") {
            true => ("fuse", fuse(&items, &r.config.search)),
            false => match elasticlunr(lang, &items, fields, &r.config.search) {
                Ok(json) => ("elasticlunr", json),
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            },
        };
        let (ext, text) = match format.ends_with("javascript") {
            true => ("js", format!("window.searchIndex = {text}")),
            false => ("json", text),
        };
        let rel = format!("search_index.{lang}.{ext}");
        let written = crate::write::as_source(&format!("the {name} search index"), || {
            r.write_file(&rel, text.as_bytes())
        });
        errors.extend(written.err());
    }
    errors
}

fn items<'a>(r: &'a Renderer, lang: &str) -> Vec<Item<'a>> {
    let mut items = vec![];
    for (si, s) in r.lib.sections.iter().enumerate() {
        if s.lang != lang || !s.meta.in_search_index {
            continue;
        }
        if s.meta.redirect_to.is_none() {
            items.push(Item {
                url: &s.permalink,
                title: s.meta.title.as_deref(),
                description: s.meta.description.as_deref(),
                date: None,
                path: &s.path,
                body: r.values.section_html(si),
            });
        }
        for &pi in &s.pages {
            let p = &r.lib.pages[pi];
            if p.meta.in_search_index.unwrap_or(true) {
                items.push(Item {
                    url: &p.permalink,
                    title: p.meta.title.as_deref(),
                    description: p.meta.description.as_deref(),
                    // RFC 3339, as Zola writes the date it parsed (UTC when none is given).
                    date: p.datetime.map(|d| {
                        d.and_utc()
                            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    }),
                    path: &p.path,
                    body: r.values.html(pi).0,
                });
            }
        }
    }
    items
}

fn elasticlunr(
    lang: &str,
    items: &[Item],
    fields: &SearchConfig,
    content: &SearchConfig,
) -> Result<String, Diagnostic> {
    let language = elasticlunr::lang::from_code(lang).ok_or_else(|| {
        Diagnostic::new(format!(
            "the search index cannot be built for language `{lang}`: elasticlunr has no stemmer for it"
        ))
        .with_hint("set `build_search_index = false` for it, or `index_format = \"fuse_javascript\"` in [search] (Zola refuses it too)")
    })?;
    let mut builder = IndexBuilder::with_language(language);
    // Fields in Zola's order; which exist is the language's `[search]`, what they hold the
    // site's (as Zola does).
    for (on, field) in [
        (fields.include_title, "title"),
        (fields.include_description, "description"),
        (fields.include_date, "date"),
    ] {
        if on {
            builder = builder.add_field(field);
        }
    }
    if fields.include_path {
        builder = builder.add_field_with_tokenizer("path", Box::new(path_tokens));
    }
    if fields.include_content {
        builder = builder.add_field("body");
    }
    let mut index: Index = builder.build();
    for item in items {
        let mut row = vec![];
        if content.include_title {
            row.push(item.title.unwrap_or_default().to_string());
        }
        if content.include_description {
            row.push(item.description.unwrap_or_default().to_string());
        }
        if content.include_date {
            row.extend(item.date.clone());
        }
        if content.include_path {
            row.push(item.path.to_string());
        }
        if content.include_content {
            row.push(plain_body(item.body, content.truncate_content_length));
        }
        index.add_doc(item.url, row);
    }
    Ok(index.to_json())
}

/// A path's words: split at white space, `-` and `/`, lowercased.
fn path_tokens(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim().to_lowercase())
        .collect()
}

fn fuse(items: &[Item], search: &SearchConfig) -> String {
    let list: Vec<serde_json::Value> = items
        .iter()
        .map(|item| {
            let mut v = json!({ "url": item.url });
            if search.include_title {
                v["title"] = json!(item.title.unwrap_or_default());
            }
            if search.include_description {
                v["description"] = json!(item.description.unwrap_or_default());
            }
            if search.include_content {
                v["body"] = json!(plain_body(item.body, search.truncate_content_length));
            }
            if search.include_path {
                v["path"] = json!(item.path);
            }
            v
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".into())
}

/// The body as the index holds it: tags removed, with what `<script>`, `<style>` and `<pre>`
/// hold; each line's white space made single spaces, blank lines dropped; cut to `limit`
/// characters. Entities stay as written in the HTML.
fn plain_body(html: &str, limit: Option<usize>) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let name: String = rest[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let end = rest.find('>').map_or(rest.len(), |i| i + 1);
        rest = &rest[end..];
        if matches!(name.as_str(), "script" | "style" | "pre") {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            let skip = lower.find(&close).map_or(rest.len(), |i| {
                i + lower[i..].find('>').map_or(lower.len() - i, |j| j + 1)
            });
            rest = &rest[skip..];
        }
    }
    text.push_str(rest);
    let mut clean = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    if let Some(n) = limit {
        if let Some((i, _)) = clean.char_indices().nth(n) {
            clean.truncate(i);
        }
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::plain_body;

    #[test]
    fn bodies_lose_tags_and_code() {
        assert_eq!(
            plain_body("<p>hello <b>x</b></p>\n<pre><code>let a;</code></pre>\n  \n<script>alert(1)</script>world", None),
            "hello x\nworld"
        );
        assert_eq!(plain_body("hello", Some(2)), "he");
    }
}
