//! `yiyong wechat export` and `sync`: print what `yiyong-wechat` did, in Chinese for the staff.

use std::path::PathBuf;
use std::time::Instant;

use crate::wechat::export::{self, Request};
use crate::wechat::sync;
use crate::{Mode, Options};

pub fn export(
    mut opts: Options,
    pages: Vec<String>,
    out: Option<PathBuf>,
    allow_private: bool,
) -> crate::error::Result<()> {
    let started = Instant::now();
    opts.mode = Mode::Check;
    let req = Request {
        pages,
        out,
        allow_private,
    };
    let r = export::run(opts, &req)?;
    println!(
        "已导出 {} 篇公众号文章到 {}（{} 个文件有变化，用时 {} 毫秒）。",
        r.articles,
        r.out.display(),
        r.written,
        started.elapsed().as_millis()
    );
    if r.articles > 0 {
        println!("用浏览器打开其中的 *.preview.html，点「复制到公众号」，再到公众号后台粘贴。");
    }
    Ok(())
}

/// `yiyong wechat sync`: a line per article as it goes, then a summary; a run that stopped
/// early (quota, whitelist, connection) fails with WeChat's explanation.
pub fn sync(mut opts: Options, req: sync::Request) -> crate::error::Result<()> {
    opts.mode = Mode::Check;
    let r = sync::sync(opts, &req, &mut |line| println!("{line}"))?;
    println!("{}", summary(&r));
    if r.dry_run {
        println!("这是预演（--dry-run）：没有调用任何微信接口。");
    }
    if let Some(why) = &r.stopped {
        return Err(crate::error::Error::msg(format!(
            "{why}\n同步已中断，已完成的部分已记下；再次运行 yiyong wechat sync 会从中断处继续，不会重复创建草稿。"
        )));
    }
    if !r.failed.is_empty() {
        return Err(crate::error::Error::msg(format!(
            "{} 篇文章未能同步（原因见上），改好后再次运行即可。",
            r.failed.len()
        )));
    }
    Ok(())
}

/// Daily quotas of the endpoints a sync uses (spec §3.2).
const QUOTAS: &[(&str, u32)] = &[
    ("/cgi-bin/draft/add", 1000),
    ("/cgi-bin/draft/update", 1000),
    ("/cgi-bin/draft/batchget", 1000),
    ("/cgi-bin/freepublish/submit", 100),
];

fn summary(r: &sync::Report) -> String {
    let verb = if r.dry_run { "将" } else { "" };
    let mut out = format!(
        "公众号「{}」：{verb}新建 {} 篇，{verb}更新 {} 篇，未变 {} 篇，失败 {} 篇",
        r.account,
        r.added,
        r.updated,
        r.unchanged,
        r.failed.len()
    );
    if r.published > 0 {
        out.push_str(&format!("，提交发布 {} 篇", r.published));
    }
    out.push('。');
    if r.dry_run {
        return out;
    }
    let total: u32 = r.calls.values().sum();
    let each: Vec<String> = r
        .calls
        .iter()
        .map(|(k, n)| format!("{} {n}", k.trim_start_matches("/cgi-bin/")))
        .collect();
    out.push_str(&format!("\n本次调用微信接口 {total} 次"));
    if !each.is_empty() {
        out.push_str(&format!("（{}）", each.join("，")));
    }
    let today: Vec<String> = QUOTAS
        .iter()
        .map(|(k, max)| {
            let used = r.calls_today.get(*k).copied().unwrap_or(0);
            format!("{} {used}/{max}", k.trim_start_matches("/cgi-bin/"))
        })
        .collect();
    out.push_str(&format!(
        "。今日（北京时间）已用额度：{}。",
        today.join("，")
    ));
    out
}
