//! A news page made into a WeChat article: the body rewritten, the references list, the
//! title, author and digest the API and the editor take, and every problem found.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use yiyong_core::error::Diagnostic;
use yiyong_core::Config;

use yiyong_outreach::privacy_lint::allow::Entry;

use crate::collect::Source;
use crate::look::Look;
use crate::{limits, transform};

/// One article, ready to be written (when `problems` is empty).
#[derive(Debug, Clone)]
pub struct Article {
    /// The file name's stem in the export folder: the page's address below the section.
    pub name: String,
    pub file: PathBuf,
    pub relative: String,
    pub title: String,
    pub author: Option<String>,
    pub digest: String,
    pub permalink: String,
    pub date: Option<String>,
    /// The article root: one `<section>` holding everything (W20).
    pub html: String,
    pub images: Vec<String>,
    pub problems: Vec<Diagnostic>,
}

/// How the articles are made.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings {
    /// Lets a page's own privacy opt-out count for WeChat too (`--allow-private`).
    pub allow_private: bool,
    /// For the API (`wechat sync`): pictures are uploaded after transcoding, so any type the
    /// site can decode is fine and the paste path's type and size checks do not apply.
    pub api: bool,
}

/// The articles of the build's preview pages: a page's privacy opt-out counts, as it does
/// for the page itself on the site.
pub fn build_all(sources: &[Source], config: &Config, root: &Path, look: &Look) -> Vec<Article> {
    let s = Settings {
        allow_private: true,
        api: false,
    };
    build_with(sources, config, root, s, look)
}

/// Every source as an article, in the order given; a name given twice is reported.
pub fn build_with(
    sources: &[Source],
    config: &Config,
    root: &Path,
    s: Settings,
    look: &Look,
) -> Vec<Article> {
    use rayon::prelude::*;
    let allow = limits::site_allow(config, root);
    // Articles are independent: made in parallel, kept in the sources' order.
    let mut articles: Vec<Article> = sources
        .par_iter()
        .map(|src| build(src, config, root, &allow, s, look))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for i in 0..articles.len() {
        if let Some(&first) = seen.get(&articles[i].name) {
            let other = articles[first].relative.clone();
            let name = articles[i].name.clone();
            let d = Diagnostic::in_file(
                &articles[i].file,
                format!("导出文件名 {name}.html 与 {other} 重复"),
            )
            .with_hint("给其中一篇设置不同的 slug");
            articles[i].problems.push(d);
        } else {
            seen.insert(articles[i].name.clone(), i);
        }
    }
    articles
}

fn build(
    src: &Source,
    config: &Config,
    root: &Path,
    allow: &[Entry],
    s: Settings,
    look: &Look,
) -> Article {
    let base = config.base_url.as_str();
    let mut problems = vec![];
    let body = match transform::rewrite(&src.content, &src.permalink, base, look) {
        Ok(b) => b,
        Err(e) => {
            problems.push(Diagnostic::in_file(&src.file, format!("无法转换正文：{e}")));
            transform::Body::default()
        }
    };
    let html = assemble(src, &body, look);
    let text = limits::visible_text(&html);
    let author = author(src);
    let (digest, given) = digest(src, &text);
    problems.extend(limits::fields(src, author.as_deref(), given, &digest));
    problems.extend(limits::content(src, &text, &html));
    if !s.api {
        problems.extend(limits::images(src, &body.images, config, root));
    }
    problems.extend(limits::privacy(src, allow, &text, s.allow_private));
    Article {
        name: file_name(src),
        file: src.file.clone(),
        relative: src.relative.clone(),
        title: src.title.trim().to_string(),
        author,
        digest,
        permalink: src.permalink.clone(),
        date: src.date.clone(),
        html,
        images: body.images,
        problems,
    }
}

/// The body in its root section, then the references, then where the news came from.
fn assemble(src: &Source, body: &transform::Body, look: &Look) -> String {
    let mut out = format!("<section style=\"{}\">", look.root());
    out.push_str(body.html.trim());
    if !body.notes.is_empty() {
        out.push_str(&format!(
            "<section style=\"{}\"><p style=\"{}\">参考资料</p>",
            look.refs(),
            look.refs_head()
        ));
        for (i, n) in body.notes.iter().enumerate() {
            let text = n.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let url = escape(&n.url);
            let label = if text.is_empty() || text == n.url {
                String::new()
            } else {
                format!("{text}：")
            };
            out.push_str(&format!(
                "<p style=\"{}\">[{}] {label}{url}</p>",
                look.ref_row(),
                i + 1
            ));
        }
        out.push_str("</section>");
    }
    let mut credits = vec![];
    for (key, label) in [("source", "来源"), ("photographer", "摄影")] {
        if let Some(v) = src.news.get(key).and_then(Value::as_str) {
            credits.push(format!("{label}：{}", escape(v)));
        }
    }
    credits.push(format!("原文：{}", escape(&src.permalink)));
    out.push_str(&format!(
        "<p style=\"{}\">{}</p>",
        look.source(),
        credits.join("<br>")
    ));
    out.push_str("</section>");
    out
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn author(src: &Source) -> Option<String> {
    let given = src
        .news
        .get("author")
        .and_then(Value::as_str)
        .map(String::from);
    given
        .or_else(|| src.authors.first().cloned())
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
}

/// The digest: the page's `description` as written (too long is an error), else the
/// summary or opening text cut after a sentence within 128 characters (W19d).
fn digest(src: &Source, text: &str) -> (String, bool) {
    if let Some(d) = src
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        return (d.to_string(), true);
    }
    // The first paragraph: the automatic summary may begin with a heading.
    let first_p = src.content.find("<p>").and_then(|start| {
        let end = src.content[start..].find("</p>")?;
        Some(&src.content[start..start + end + 4])
    });
    let from = first_p
        .or(src.summary.as_deref())
        .map(limits::visible_text)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| text.to_string());
    (cut(&from, limits::DIGEST_MAX), false)
}

/// At most `max` characters, ending after the last 。！？ that fits (else cut with …).
fn cut(s: &str, max: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= max {
        return s.to_string();
    }
    let head = &chars[..max];
    match head.iter().rposition(|c| matches!(c, '。' | '！' | '？')) {
        Some(i) => head[..=i].iter().collect(),
        None => head[..max - 1].iter().collect::<String>() + "…",
    }
}

/// `/news/2024/a/` → `2024-a`: the address below the news section, one safe file name.
fn file_name(src: &Source) -> String {
    let parts: Vec<&str> = src.path.split('/').filter(|p| !p.is_empty()).collect();
    let below = if parts.len() > 1 {
        &parts[1..]
    } else {
        &parts[..]
    };
    let name: String = below
        .join("-")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches(['-', '.']).to_string();
    if name.is_empty() {
        "index".into()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_keeps_whole_sentences() {
        let s = "一二三。四五六七八九十。".repeat(20);
        let c = cut(&s, 128);
        assert!(c.chars().count() <= 128 && c.ends_with('。'));
        assert_eq!(cut("短。", 128), "短。");
        let long = "字".repeat(200);
        assert_eq!(cut(&long, 128).chars().count(), 128);
    }
}
