//! `--dry-run`'s payload files: the JSON body each `draft/add` or `draft/update` of the plan
//! would send, one file per article in `.yiyong/wechat/ACCOUNT.dry-run/NAME.json`, so that the
//! web admin can read exactly what would reach WeChat before the first real run (spec §6.3
//! #11). Pictures not uploaded yet keep their site address and the cover's id says it is to
//! come; both are filled in by the real run. The folder is the run's own: it is emptied of
//! the previous dry run's files first, and never written through a symlink.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use yiyong_core::error::{Diagnostic, Error, Result};

use super::plan::{self, Action, Item};
use super::state::{self, State};

/// What stands for the cover's media_id until the real run uploads it.
pub const COVER_TO_COME: &str = "（同步时上传封面后填入）";

/// The folder beside the state file.
pub fn folder(state_file: &Path) -> PathBuf {
    state_file.with_extension("dry-run")
}

/// Writes one file per article the plan sends; returns the folder and how many were written.
pub fn write(root: &Path, items: &[Item], st: &State) -> Result<(PathBuf, usize)> {
    let dir = folder(&st.file);
    state::check_place(root, &dir)?;
    let failed = |e: std::io::Error| -> Error {
        Diagnostic::in_file(&dir, format!("无法写入预演文件：{e}"))
            .with_hint("检查网站文件夹下 .yiyong/wechat/ 的权限")
            .into()
    };
    clear(&dir).map_err(failed)?;
    std::fs::create_dir_all(&dir).map_err(failed)?;
    let mut written = 0;
    for it in items {
        let Some(body) = body(it, st)? else { continue };
        let mut text = serde_json::to_string_pretty(&body).unwrap_or_default();
        text.push('\n');
        let file = dir.join(format!("{}.json", it.article.name));
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&file)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
            .map_err(failed)?;
        written += 1;
    }
    Ok((dir, written))
}

/// The request body of the article's call, as `remote` would send it; `None` when skipped.
fn body(it: &Item, st: &State) -> Result<Option<Value>> {
    let urls: BTreeMap<String, String> = it
        .pictures
        .iter()
        .filter_map(|p| Some((p.url.clone(), st.images.get(&p.sha)?.clone())))
        .collect();
    let thumb = st
        .covers
        .get(&it.cover.sha)
        .map_or(COVER_TO_COME, String::as_str);
    let article = plan::payload(&it.article, &urls, thumb)
        .map_err(|e| Error::from(Diagnostic::in_file(&it.article.file, e)))?;
    Ok(match &it.action {
        Action::Create => Some(json!({ "articles": [article] })),
        Action::Update(id) => Some(json!({ "media_id": id, "index": 0, "articles": article })),
        Action::Skip => None,
    })
}

/// Removes the previous dry run's files (only `.json` files, only in this folder).
fn clear(dir: &Path) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for e in entries.flatten() {
        let p = e.path();
        // A link is removed as a link (its target untouched), so nothing is written through it.
        let ours = e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink());
        if ours && p.extension().is_some_and(|x| x == "json") {
            std::fs::remove_file(&p)?;
        }
    }
    Ok(())
}
