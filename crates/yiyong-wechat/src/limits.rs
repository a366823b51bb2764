//! What WeChat refuses, checked before anything is written (spec §3.1 step 4, W13, W18, W19,
//! W21): each breach is one error naming the file, the limit and the actual value, in Chinese
//! for the association's staff. Nothing is ever truncated silently.

use std::path::{Path, PathBuf};

use lol_html::{doc_text, rewrite_str, RewriteStrSettings};
use yiyong_core::error::{line_of_offset, Diagnostic};
use yiyong_core::Config;
use yiyong_outreach::privacy_lint::{allow, detect};

use crate::collect::Source;

pub const TITLE_MAX: usize = 32;
pub const AUTHOR_MAX: usize = 16;
pub const DIGEST_MAX: usize = 128;
pub const TEXT_MAX: usize = 20_000;
/// The content must be under 1 MB; W18 counts it in decimal bytes, the stricter reading.
pub const HTML_MAX: usize = 1_000_000;
/// What the editor and `add_material` take for a picture. (The API's `uploadimg` takes
/// JPEG/PNG under 1 MB only; `wechat sync` transcodes every picture: `sync::media`.)
pub const IMAGE_MAX: u64 = 10 * 1024 * 1024;

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Title, author and digest lengths (W19d).
pub fn fields(
    src: &Source,
    author: Option<&str>,
    digest_given: bool,
    digest: &str,
) -> Vec<Diagnostic> {
    let mut out = vec![];
    let err = |m: String, hint: &str| Diagnostic::in_file(&src.file, m).with_hint(hint);
    let n = chars(src.title.trim());
    if n == 0 {
        out.push(err(
            "缺少标题：微信文章必须有标题".into(),
            "在 front matter 中写 title = \"…\"",
        ));
    } else if n > TITLE_MAX {
        out.push(err(
            format!("标题超过微信上限：最多 {TITLE_MAX} 字，实际 {n} 字"),
            "缩短 front matter 中的 title（微信不会替你截断）",
        ));
    }
    if let Some(a) = author.map(chars).filter(|&a| a > AUTHOR_MAX) {
        out.push(err(
            format!("作者超过微信上限：最多 {AUTHOR_MAX} 字，实际 {a} 字"),
            "缩短 [extra.news] 中的 author",
        ));
    }
    let d = chars(digest);
    if digest_given && d > DIGEST_MAX {
        out.push(err(
            format!("摘要超过微信上限：最多 {DIGEST_MAX} 字，实际 {d} 字"),
            "缩短 front matter 中的 description（它就是公众号文章的摘要）",
        ));
    }
    out
}

/// The article's visible text, whitespace collapsed (W18 counts this).
pub fn visible_text(html: &str) -> String {
    let mut raw = String::new();
    let _ = rewrite_str(
        html,
        RewriteStrSettings {
            document_content_handlers: vec![doc_text!(|t| {
                raw.push_str(t.as_str());
                Ok(())
            })],
            ..RewriteStrSettings::new()
        },
    );
    let decoded = decode_entities(&raw);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The entities the Markdown renderer writes; enough for counting and scanning text.
fn decode_entities(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// Content length in characters and bytes (W18).
pub fn content(src: &Source, text: &str, html: &str) -> Vec<Diagnostic> {
    let mut out = vec![];
    let n = chars(text);
    if n > TEXT_MAX {
        out.push(
            Diagnostic::in_file(
                &src.file,
                format!("正文超过微信上限：最多 {TEXT_MAX} 字，实际 {n} 字"),
            )
            .with_hint("把文章拆成两篇，或删减正文"),
        );
    }
    if html.len() >= HTML_MAX {
        out.push(
            Diagnostic::in_file(
                &src.file,
                format!(
                    "正文 HTML 超过微信上限：须小于 {HTML_MAX} 字节（1 MB），实际 {} 字节",
                    html.len()
                ),
            )
            .with_hint("把文章拆成两篇，或删减正文"),
        );
    }
    out
}

/// Each picture: https, a type WeChat takes, and (for the site's own files) its real type
/// and size (W13, W13d).
pub fn images(src: &Source, urls: &[String], config: &Config, root: &Path) -> Vec<Diagnostic> {
    let mut out = vec![];
    for url in urls {
        let err = |m: String, hint: &str| Diagnostic::in_file(&src.file, m).with_hint(hint);
        if !url.starts_with("https://") {
            out.push(err(
                format!("图片地址必须是 https：{url}"),
                "把 config.toml 的 base_url 改为 https://…，或换用 https 图片",
            ));
            continue;
        }
        let path = url
            .split(['?', '#'])
            .next()
            .unwrap_or(url)
            .to_ascii_lowercase();
        let ext_ok = [".jpg", ".jpeg", ".png", ".gif"]
            .iter()
            .any(|e| path.ends_with(e));
        let wechat_host =
            crate::urls::host(url).is_some_and(|h| h == "mmbiz.qpic.cn" || h == "mmbiz.qlogo.cn");
        if !ext_ok && !wechat_host {
            out.push(err(
                format!("图片类型不受微信支持：{url}（只能是 JPG、PNG 或 GIF）"),
                "把图片另存为 JPG 或 PNG 再引用",
            ));
            continue;
        }
        if let Some(file) = local_file(src, url, config, root) {
            out.extend(image_file(src, &file));
        }
    }
    out
}

/// The site's own file behind a picture URL: beside the page (a bundle), in `static/`, the
/// theme's `static/` or `content/`, never outside the site.
pub(crate) fn local_file(src: &Source, url: &str, config: &Config, root: &Path) -> Option<PathBuf> {
    let base = config.base_url.trim_end_matches('/');
    let clean = url.split(['?', '#']).next()?;
    if let Some(rel) = clean.strip_prefix(src.permalink.as_str()) {
        let dir = src.file.parent()?.to_path_buf();
        let found = yiyong_core::find_site_file(rel, &[dir], &[root]).ok()??;
        return Some(found);
    }
    let rel = clean.strip_prefix(base)?;
    let mut dirs = vec![root.join("static")];
    if let Some(t) = config.theme.as_deref().filter(|t| !t.is_empty()) {
        dirs.push(root.join("themes").join(t).join("static"));
    }
    dirs.push(root.join("content"));
    yiyong_core::find_site_file(rel, &dirs, &[root]).ok()?
}

fn image_file(src: &Source, file: &Path) -> Vec<Diagnostic> {
    let Ok(meta) = std::fs::metadata(file) else {
        return vec![];
    };
    let mut head = [0u8; 8];
    let n = std::fs::File::open(file)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let kind = match &head[..n] {
        [0xFF, 0xD8, 0xFF, ..] => "JPEG",
        [0x89, b'P', b'N', b'G', ..] => "PNG",
        [b'G', b'I', b'F', b'8', ..] => "GIF",
        [b'R', b'I', b'F', b'F', ..] => "WebP",
        _ => "未知",
    };
    let name = file.display();
    let mut out = vec![];
    if !matches!(kind, "JPEG" | "PNG" | "GIF") {
        out.push(
            Diagnostic::in_file(
                &src.file,
                format!("图片 {name} 的实际格式是 {kind}，微信只收 JPG、PNG 或 GIF"),
            )
            .with_hint("用图片软件另存为 JPG 或 PNG"),
        );
    }
    if meta.len() > IMAGE_MAX {
        out.push(
            Diagnostic::in_file(
                &src.file,
                format!(
                    "图片 {name} 超过微信上限：最多 10 MB，实际 {:.1} MB",
                    meta.len() as f64 / 1048576.0
                ),
            )
            .with_hint("压缩图片或缩小尺寸"),
        );
    }
    out
}

/// The site-wide allow list (`[extra.yiyong.privacy] allow`), read once per export.
pub fn site_allow(config: &Config, root: &Path) -> Vec<allow::Entry> {
    allow::site(config, &yiyong_core::find_config_file(root)).0
}

/// ID and mobile numbers (W21): in the source file as written (with its line), and in the
/// article's text (what a shortcode or template brought). The association's own numbers in
/// the site-wide allow list pass; a page's own opt-out counts only with `--allow-private`.
pub fn privacy(
    src: &Source,
    site_allow: &[allow::Entry],
    text: &str,
    allow_private: bool,
) -> Vec<Diagnostic> {
    let mut entries = site_allow.to_vec();
    let source = std::fs::read_to_string(&src.file).unwrap_or_default();
    if allow_private {
        let extra: serde_json::Map<_, _> = src
            .privacy
            .iter()
            .map(|p| ("privacy".to_string(), p.clone()))
            .collect();
        if let Ok(Some(opt)) = allow::page(&extra, &src.file, &source) {
            entries.extend(opt.entries);
        }
    }
    let today = chrono::Local::now().date_naive();
    let refused =
        |f: &detect::Finding| f.rule.is_error() && !allow::allows(&entries, f.rule.id(), Some(f));
    let mut out = vec![];
    let mut seen = vec![];
    for f in detect::scan(&source, today).into_iter().filter(refused) {
        out.push(privacy_error(src, &f).at_line(Some(line_of_offset(&source, f.start))));
        seen.push(f.key);
    }
    for f in detect::scan(text, today).into_iter().filter(refused) {
        if !seen.contains(&f.key) {
            out.push(privacy_error(src, &f));
            seen.push(f.key);
        }
    }
    out
}

fn privacy_error(src: &Source, f: &detect::Finding) -> Diagnostic {
    let what = if f.rule == detect::Rule::Mobile {
        "手机号码"
    } else {
        "身份证号码"
    };
    Diagnostic::in_file(&src.file, format!("文章含有{what} {}，不能发到公众号", f.masked)).with_hint(
        "删去号码；如本人或家属书面同意公开，在页面的 [extra.privacy] 中放行（写明 reason），导出时再加 --allow-private",
    )
}
