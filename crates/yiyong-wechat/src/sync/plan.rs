//! What a sync would do for each article (spec §3.4 steps 3–4): its pictures found among the
//! site's files, its cover, the content hash, and the action: create, update or skip. The
//! hash is taken over the payload as it would be sent, with each picture's source SHA-256 in
//! place of its WeChat URL, so it does not depend on whether a picture was uploaded yet, and
//! an article whose hash is in the state is skipped without a single request.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use yiyong_core::error::Diagnostic;
use yiyong_core::Config;

use crate::article::Article;
use crate::collect::Source;
use crate::sync::media;
use crate::sync::state::State;

/// A picture of the article: its URL in the exported body, its file and the file's hash.
#[derive(Debug, Clone)]
pub struct Picture {
    pub url: String,
    pub file: PathBuf,
    pub sha: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Create,
    Update(String),
    Skip,
}

pub struct Item {
    pub article: Article,
    pub pictures: Vec<Picture>,
    pub cover: Picture,
    pub sha: String,
    pub action: Action,
}

/// Plans every article, or returns every problem found (nothing is sent then).
pub fn plan(
    articles: Vec<Article>,
    sources: &[Source],
    config: &Config,
    root: &Path,
    state: &State,
) -> Result<Vec<Item>, Vec<Diagnostic>> {
    let mut items = vec![];
    let mut problems = vec![];
    for a in articles {
        let Some(src) = sources.iter().find(|s| s.relative == a.relative) else {
            continue;
        };
        match item(a, src, config, root, state) {
            Ok(i) => items.push(i),
            Err(mut p) => problems.append(&mut p),
        }
    }
    if problems.is_empty() {
        Ok(items)
    } else {
        Err(problems)
    }
}

fn item(
    article: Article,
    src: &Source,
    config: &Config,
    root: &Path,
    state: &State,
) -> Result<Item, Vec<Diagnostic>> {
    let mut problems = vec![];
    let mut pictures = vec![];
    for url in &article.images {
        match picture(url, src, config, root) {
            Ok(p) => pictures.push(p),
            Err(d) => problems.push(d),
        }
    }
    let cover = cover(src, &pictures, config, root);
    let cover = match cover {
        Ok(c) => Some(c),
        Err(d) => {
            problems.push(d);
            None
        }
    };
    let (Some(cover), true) = (cover, problems.is_empty()) else {
        return Err(problems);
    };
    let ids: BTreeMap<String, String> = pictures
        .iter()
        .map(|p| (p.url.clone(), format!("yiyong-image:{}", p.sha)))
        .collect();
    let body = payload(&article, &ids, &format!("yiyong-cover:{}", cover.sha))
        .map_err(|e| vec![Diagnostic::in_file(&src.file, e)])?;
    let sha = media::sha256_hex(body.to_string().as_bytes());
    let action = match state.drafts.get(&article.relative) {
        Some(d) if d.content_sha256 == sha && !d.media_id.is_empty() => Action::Skip,
        Some(d) if !d.media_id.is_empty() => Action::Update(d.media_id.clone()),
        _ => Action::Create,
    };
    Ok(Item {
        article,
        pictures,
        cover,
        sha,
        action,
    })
}

/// A picture must be one of the site's own files: only those can be uploaded (a picture on
/// another site would have to be downloaded from it first).
fn picture(url: &str, src: &Source, config: &Config, root: &Path) -> Result<Picture, Diagnostic> {
    let file = crate::limits::local_file(src, url, config, root).ok_or_else(|| {
        Diagnostic::in_file(
            &src.file,
            format!("图片 {url} 不是网站自己的文件，无法上传到公众号"),
        )
        .with_hint("把图片下载到网站里（与页面放在同一文件夹，或放在 static/ 下），再引用它")
    })?;
    let sha = media::file_sha(&file).map_err(|m| Diagnostic::in_file(&src.file, m))?;
    Ok(Picture {
        url: url.to_string(),
        file,
        sha,
    })
}

/// The cover: `[extra.news] cover`, else the first picture, else the site's
/// `[extra.yiyong.wechat] default_cover` (a path below the site, e.g. `static/logo.png`).
fn cover(
    src: &Source,
    pictures: &[Picture],
    config: &Config,
    root: &Path,
) -> Result<Picture, Diagnostic> {
    if let Some(c) = src.news.get("cover").and_then(Value::as_str) {
        let url = config.make_permalink(&format!("{}{c}", src.path));
        return picture(&url, src, config, root);
    }
    if let Some(first) = pictures.first() {
        return Ok(first.clone());
    }
    let default = config
        .extra
        .get("yiyong")
        .and_then(|y| y.get("wechat"))
        .and_then(|w| w.get("default_cover"))
        .and_then(Value::as_str);
    let hint = "在 [extra.news] 中写 cover = \"封面.jpg\"，或在 config.toml 的 [extra.yiyong.wechat] 中写 default_cover = \"static/封面.jpg\"";
    let Some(d) = default else {
        return Err(
            Diagnostic::in_file(&src.file, "没有封面图：公众号草稿必须有封面").with_hint(hint),
        );
    };
    let file = root.join(d);
    let inside = file
        .canonicalize()
        .is_ok_and(|f| f.starts_with(root.canonicalize().unwrap_or(root.to_path_buf())));
    if !inside || !file.is_file() {
        return Err(Diagnostic::in_file(&src.file, format!("找不到默认封面 {d}")).with_hint(hint));
    }
    let sha = media::file_sha(&file).map_err(|m| Diagnostic::in_file(&src.file, m))?;
    Ok(Picture {
        url: String::new(),
        file,
        sha,
    })
}

/// The article as `draft/add` takes it, pictures replaced as `urls` says.
pub fn payload(a: &Article, urls: &BTreeMap<String, String>, thumb: &str) -> Result<Value, String> {
    Ok(json!({
        "article_type": "news",
        "title": a.title,
        "author": a.author.clone().unwrap_or_default(),
        "digest": a.digest,
        "content": replace_images(&a.html, urls)?,
        "content_source_url": a.permalink,
        "thumb_media_id": thumb,
        "need_open_comment": 0,
        "only_fans_can_comment": 0,
    }))
}

/// Every `<img src>` found in `urls` gets the new address. A failure is an error, never the
/// body unchanged: that would send the site's picture addresses, which WeChat drops.
fn replace_images(html: &str, urls: &BTreeMap<String, String>) -> Result<String, String> {
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![element!("img[src]", |el| {
                let src = el.get_attribute("src").unwrap_or_default();
                if let Some(new) = urls.get(&src) {
                    el.set_attribute("src", new)?;
                }
                Ok(())
            })],
            ..RewriteStrSettings::new()
        },
    )
    .map_err(|e| format!("无法替换正文中的图片地址：{e}"))
}
