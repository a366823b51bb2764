//! The sync itself (spec §3.4 steps 5–6), one article at a time: pictures and cover uploaded
//! unless the state already knows them, then `draft/add` or `draft/update`, then the state
//! saved. A fault that concerns the whole account (quota, IP whitelist, permission, no
//! connection) stops the run with the state saved, and the next run resumes; a fault of one
//! article (WeChat refusing its content) is reported and the others go on.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::api::{Account, ApiError, Client};
use crate::sync::plan::{self, Action, Item};
use crate::sync::state::{Draft, State};
use crate::sync::{media, remote, Report};

/// Codes that concern one article only: the run goes on with the next.
const ARTICLE_ERRORS: &[i64] = &[
    40005, 40006, 40009, 40007, 45002, 45003, 45004, 45166, 40033, 47001, 44002, 53503, 53504,
    53505,
];

/// A draft that disappeared (published, or deleted by staff in the editor).
const GONE: i64 = 40007;

/// Why an article was not synced.
enum Fault {
    /// WeChat's answer, or no answer: of the article or of the whole account (`article_only`).
    Api(ApiError),
    /// A picture of this article cannot be made into what WeChat takes: the others go on.
    Picture(String),
    /// The state cannot be saved: nothing more is sent (it could not be recorded).
    Save(String),
}

impl From<ApiError> for Fault {
    fn from(e: ApiError) -> Fault {
        Fault::Api(e)
    }
}

struct Ctx<'a> {
    client: Client,
    st: &'a mut State,
    /// The box's drafts by 阅读原文 address, read once when needed (lost state, unclear add).
    found: Option<BTreeMap<String, String>>,
}

pub fn run(
    account: Account,
    items: Vec<Item>,
    st: &mut State,
    publish: bool,
    r: &mut Report,
    progress: &mut dyn FnMut(&str),
) {
    let mut c = Ctx {
        client: Client::new(account),
        st,
        found: None,
    };
    let n = items.len();
    for (i, item) in items.iter().enumerate() {
        let head = format!("[{}/{n}]", i + 1);
        let name = format!("{}《{}》", item.article.relative, item.article.title);
        if item.action == Action::Skip {
            r.unchanged += 1;
            progress(&format!("{head} 未变，跳过：{name}"));
            continue;
        }
        match one(&mut c, item) {
            Ok(done) => {
                if done == Action::Create {
                    r.added += 1;
                    progress(&format!("{head} 已新建草稿：{name}"));
                } else {
                    r.updated += 1;
                    progress(&format!("{head} 已更新草稿：{name}"));
                }
            }
            Err(Fault::Api(e)) if !article_only(&e) => {
                progress(&format!("{head} 中断于：{name}"));
                r.stopped = Some(e.explain(c.client.account()));
                break;
            }
            Err(Fault::Save(why)) => {
                progress(&format!("{head} 中断于：{name}"));
                r.stopped = Some(why);
                break;
            }
            Err(Fault::Api(e)) => failed(
                r,
                progress,
                &head,
                &name,
                item,
                e.explain(c.client.account()),
            ),
            Err(Fault::Picture(why)) => failed(r, progress, &head, &name, item, why),
        }
    }
    if publish && r.stopped.is_none() {
        publish_all(&mut c, &items, r, progress);
    }
    finish(&mut c, r);
}

fn failed(
    r: &mut Report,
    progress: &mut dyn FnMut(&str),
    head: &str,
    name: &str,
    item: &Item,
    why: String,
) {
    progress(&format!("{head} 失败：{name}\n    {why}"));
    r.failed.push((item.article.relative.clone(), why));
}

fn article_only(e: &ApiError) -> bool {
    matches!(e, ApiError::Wechat { code, .. } if ARTICLE_ERRORS.contains(code))
}

/// Records this run's requests in the state (for today's quota) and saves it once more; a
/// run that made no request leaves the file as it was.
fn finish(c: &mut Ctx, r: &mut Report) {
    r.calls = c.client.calls();
    if r.calls.is_empty() {
        r.calls_today = c.st.calls.clone();
        return;
    }
    let today = (chrono::Utc::now() + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    c.st.add_calls(&today, &r.calls);
    r.calls_today = c.st.calls.clone();
    save(c.st, r);
}

fn save(st: &State, r: &mut Report) {
    if let Err(e) = st.save() {
        let m = format!("无法保存同步记录 {}：{e}", st.file.display());
        r.stopped.get_or_insert(m);
    }
}

/// Syncs one article; returns what was done (Create or Update).
fn one(c: &mut Ctx, item: &Item) -> Result<Action, Fault> {
    let urls = pictures(c, item)?;
    let thumb = cover(c, item)?;
    let body = plan::payload(&item.article, &urls, &thumb).map_err(Fault::Picture)?;
    let url = item.article.permalink.as_str();
    let rel = item.article.relative.as_str();
    let mut action = item.action.clone();
    // Without a state file, drafts of an earlier run (another machine, a lost file) are found
    // by their 阅读原文 address, so that nothing is created twice; so is the draft of an add
    // whose answer a run never recorded (killed, connection lost).
    let unsure = c.st.drafts.get(rel).is_some_and(|d| d.adding);
    if action == Action::Create && (!c.st.existed || unsure) {
        if let Some(id) = lookup(c, url)? {
            action = Action::Update(id);
        }
    }
    if let Action::Update(id) = action {
        match remote::update_draft(&c.client, &id, &body) {
            Ok(()) => {
                record(c, item, id, false)?;
                return Ok(Action::Update(String::new()));
            }
            // Deleted in the editor or published: made again as a new draft.
            Err(ApiError::Wechat { code: GONE, .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    // Recorded before sending: if this process dies before the answer is saved, the next
    // run knows that a draft may exist.
    let before = c.st.drafts.get(rel).cloned();
    record(c, item, String::new(), true)?;
    match add_with_cover(c, item, body) {
        Ok(id) => record(c, item, id, false)?,
        // A clear refusal (quota, content): no draft was made, the mark is taken back.
        Err(Fault::Api(e)) if !e.retryable() => {
            match before {
                Some(d) => c.st.drafts.insert(rel.to_string(), d),
                None => c.st.drafts.remove(rel),
            };
            let _ = c.st.save();
            return Err(e.into());
        }
        Err(e) => return Err(e),
    }
    Ok(Action::Create)
}

/// `draft/add`; a 40007 there means the cover's permanent media_id is gone (staff emptied
/// the library): the cover is uploaded again once and the add repeated.
fn add_with_cover(c: &mut Ctx, item: &Item, body: Value) -> Result<String, Fault> {
    let url = item.article.permalink.as_str();
    match add(c, url, &body) {
        Err(ApiError::Wechat { code: GONE, .. }) => {
            c.st.covers.remove(&item.cover.sha);
            let thumb = cover(c, item)?;
            let mut body = body;
            body["thumb_media_id"] = thumb.into();
            Ok(add(c, url, &body)?)
        }
        other => Ok(other?),
    }
}

/// Writes the article's draft into the state and saves it. `adding` marks a draft/add on
/// its way, whose hash is not recorded (so that the article is never taken as synced).
fn record(c: &mut Ctx, item: &Item, media_id: String, adding: bool) -> Result<(), Fault> {
    let rel = &item.article.relative;
    let published =
        c.st.drafts
            .get(rel)
            .and_then(|d| d.published_sha256.clone());
    let draft = Draft {
        media_id,
        content_sha256: if adding {
            String::new()
        } else {
            item.sha.clone()
        },
        source_url: item.article.permalink.clone(),
        published_sha256: published,
        adding,
    };
    c.st.drafts.insert(rel.clone(), draft);
    c.st.save()
        .map_err(|e| Fault::Save(format!("无法保存同步记录 {}：{e}", c.st.file.display())))
}

/// `draft/add`; when the answer is lost (connection dropped, "system busy" after sending),
/// the draft may have been made: the box is read, and a draft found for this address is
/// updated instead of a second one created.
fn add(c: &mut Ctx, url: &str, body: &Value) -> Result<String, ApiError> {
    match remote::add_draft(&c.client, body) {
        Err(e) if e.retryable() => {
            c.found = None; // read the box again: it may hold the draft just sent
            match lookup(c, url)? {
                Some(id) => remote::update_draft(&c.client, &id, body).map(|_| id),
                None => remote::add_draft(&c.client, body),
            }
        }
        other => other,
    }
}

fn lookup(c: &mut Ctx, url: &str) -> Result<Option<String>, ApiError> {
    if c.found.is_none() {
        c.found = Some(remote::drafts_by_source(&c.client)?);
    }
    Ok(c.found.as_ref().and_then(|f| f.get(url).cloned()))
}

/// Each picture's WeChat URL: from the state, or uploaded now (and recorded at once).
fn pictures(c: &mut Ctx, item: &Item) -> Result<BTreeMap<String, String>, Fault> {
    let mut urls = BTreeMap::new();
    for p in &item.pictures {
        let url = match c.st.images.get(&p.sha) {
            Some(u) => u.clone(),
            None => {
                let prepared = media::prepare(&p.file).map_err(Fault::Picture)?;
                let u = remote::upload_image(&c.client, &p.sha, &prepared)?;
                c.st.images.insert(p.sha.clone(), u.clone());
                let _ = c.st.save();
                u
            }
        };
        urls.insert(p.url.clone(), url);
    }
    Ok(urls)
}

fn cover(c: &mut Ctx, item: &Item) -> Result<String, Fault> {
    let sha = &item.cover.sha;
    if let Some(id) = c.st.covers.get(sha) {
        return Ok(id.clone());
    }
    let prepared = media::prepare(&item.cover.file).map_err(Fault::Picture)?;
    let id = remote::add_cover(&c.client, sha, &prepared)?;
    c.st.covers.insert(sha.clone(), id.clone());
    let _ = c.st.save();
    Ok(id)
}

/// `--publish`: every synced draft whose current content was not submitted yet.
fn publish_all(c: &mut Ctx, items: &[Item], r: &mut Report, progress: &mut dyn FnMut(&str)) {
    for item in items {
        let Some(d) = c.st.drafts.get(&item.article.relative).cloned() else {
            continue;
        };
        if d.content_sha256 != item.sha || d.published_sha256.as_ref() == Some(&d.content_sha256) {
            continue;
        }
        match remote::submit(&c.client, &d.media_id) {
            Ok(id) => {
                r.published += 1;
                progress(&format!(
                    "已提交发布：{}（发布任务 {id}）",
                    item.article.relative
                ));
                if let Some(d) = c.st.drafts.get_mut(&item.article.relative) {
                    d.published_sha256 = Some(d.content_sha256.clone());
                }
                save(c.st, r);
            }
            Err(e) => {
                r.stopped = Some(e.explain(c.client.account()));
                return;
            }
        }
    }
}
