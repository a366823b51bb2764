//! `yiyong wechat sync`: the news feed mirrored into an official account's draft box,
//! idempotently (spec §3.4). The articles are made exactly as `wechat export` makes them (same
//! checks: nothing is sent if any article breaks a limit or carries an ID or mobile number);
//! `plan` decides per article from the content hash in the state file (`state`) whether to
//! create, update or skip; `run` uploads pictures (`media`: transcoded, metadata stripped) and
//! writes drafts through the API (`remote`), saving the state after every article.

mod account;
mod media;
mod payloads;
mod plan;
mod remote;
mod run;
mod state;

use std::collections::BTreeMap;
use std::path::Path;

use yiyong_core::error::{Error, Result};
use yiyong_core::{Options, Site};

use crate::article::{self, Settings};
use crate::collect::{Collector, Store};
use plan::Action;

/// What the command was asked.
pub struct Request {
    /// Content paths (`news/a.md`); empty means the whole news feed.
    pub pages: Vec<String>,
    pub dry_run: bool,
    pub publish: bool,
    /// `--account NAME`: a key of `[extra.yiyong.wechat.accounts]`.
    pub account: Option<String>,
    pub allow_private: bool,
}

/// What a run did (or, with `--dry-run`, would do).
#[derive(Debug, Default)]
pub struct Report {
    pub account: String,
    pub dry_run: bool,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Articles WeChat refused, with the reason (the others went on).
    pub failed: Vec<(String, String)>,
    pub published: usize,
    /// Requests of this run, and of today (Beijing time) for this account, by endpoint.
    pub calls: BTreeMap<String, u32>,
    pub calls_today: BTreeMap<String, u32>,
    /// Why the run stopped early (quota, whitelist, connection…): the next run resumes.
    pub stopped: Option<String>,
}

/// Loads the site, makes and checks the articles, plans, and (unless `dry_run`) syncs.
/// `progress` gets one line per article, in Chinese for staff.
pub fn sync(mut opts: Options, req: &Request, progress: &mut dyn FnMut(&str)) -> Result<Report> {
    let store = Store::default();
    opts.extensions.0.push(std::sync::Arc::new(Collector {
        store: store.clone(),
    }));
    let root = opts.root.clone();
    // Only the rendered Markdown is read: no template values.
    opts.markdown_only = true;
    let site = Site::load(&opts)?;
    let config = &site.config;
    let settings = account::settings(config, req.account.as_deref())?;
    let sources = crate::export::select(store.take(), &req.pages, &root)?;
    let s = Settings {
        allow_private: req.allow_private,
        api: true,
    };
    let look = crate::look::from_config(config)?;
    let articles = article::build_with(&sources, config, &root, s, &look);
    let problems: Vec<_> = articles.iter().flat_map(|a| a.problems.clone()).collect();
    if !problems.is_empty() {
        return Err(Error::many(problems));
    }
    let file = state::path(&root, &settings.key);
    state::check_place(&root, &file)?;
    let account = if req.dry_run {
        None
    } else {
        Some(settings.account(&root)?)
    };
    // Taken before the state is read, held until the run ends.
    let _lock = match req.dry_run {
        true => None,
        false => Some(state::lock(&file, &settings.name)?),
    };
    let app_id = account.as_ref().map_or("", |a| a.app_id.as_str());
    let mut st = state::State::load(file, app_id)?;
    let items = plan::plan(articles, &sources, config, &root, &st).map_err(Error::many)?;
    let mut report = Report {
        account: settings.name.clone(),
        dry_run: req.dry_run,
        ..Report::default()
    };
    match account {
        None => {
            dry_run(&items, &st, &mut report, progress);
            let (dir, n) = payloads::write(&root, &items, &st)?;
            if n > 0 {
                progress(&format!(
                    "每篇要发送的内容（接口请求的 JSON）已写到 {}/（{n} 个文件），可以先查看。",
                    short(&dir)
                ));
            }
        }
        Some(a) => run::run(a, items, &mut st, req.publish, &mut report, progress),
    }
    Ok(report)
}

fn dry_run(
    items: &[plan::Item],
    st: &state::State,
    r: &mut Report,
    progress: &mut dyn FnMut(&str),
) {
    if !st.existed {
        progress(&format!(
            "没有同步记录（{}）：真正同步时会先读取草稿箱（draft/batchget），找回已有的草稿，不会重复创建。",
            short(&st.file)
        ));
    }
    let n = items.len();
    for (i, it) in items.iter().enumerate() {
        let what = match it.action {
            Action::Create => {
                r.added += 1;
                "将新建草稿"
            }
            Action::Update(_) => {
                r.updated += 1;
                "将更新草稿"
            }
            Action::Skip => {
                r.unchanged += 1;
                "未变，跳过"
            }
        };
        let pics = it
            .pictures
            .iter()
            .filter(|p| !st.images.contains_key(&p.sha))
            .count();
        let extra = if pics > 0 && it.action != Action::Skip {
            format!("（上传 {pics} 张图片）")
        } else {
            String::new()
        };
        progress(&format!(
            "[{}/{n}] {what}：{}《{}》{extra}",
            i + 1,
            it.article.relative,
            it.article.title
        ));
    }
}

/// A path shown relative to the current folder where it can be.
fn short(p: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    p.strip_prefix(&cwd).unwrap_or(p).display().to_string()
}
