//! `yiyong wechat export`: prints what `yiyong-wechat` did, in Chinese for the staff.

use std::path::PathBuf;
use std::time::Instant;

use crate::wechat::export::{self, Request};
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
