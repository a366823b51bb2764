//! The files written for an article: the article document itself (what is pasted or sent),
//! and its preview page with the 「复制到公众号」 button. Both are made only from the article,
//! with no time or random id in them, so unchanged input gives the same bytes.

use crate::article::{escape, Article};

/// Marks the files this exporter writes, so that it never overwrites a file it did not write.
pub const GENERATOR: &str = "<meta name=\"generator\" content=\"yiyong wechat export\">";

/// The article as a complete document (W01: `<head>` holds only `<meta>` and `<title>`; the
/// body's first element is the article root).
pub fn article(a: &Article) -> String {
    let mut head = vec![
        "<meta charset=\"utf-8\">".to_string(),
        GENERATOR.to_string(),
        "<meta name=\"yiyong:wechat-mode\" content=\"paste\">".into(),
        format!(
            "<meta name=\"yiyong:source-url\" content=\"{}\">",
            escape(&a.permalink)
        ),
    ];
    if let Some(author) = &a.author {
        head.push(format!(
            "<meta name=\"author\" content=\"{}\">",
            escape(author)
        ));
    }
    head.push(format!(
        "<meta name=\"description\" content=\"{}\">",
        escape(&a.digest)
    ));
    head.push(format!("<title>{}</title>", escape(&a.title)));
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n{}\n</head>\n<body>\n{}\n</body>\n</html>\n",
        head.join("\n"),
        a.html
    )
}

/// The preview page: the article at phone width, the copy button, and any problem that
/// would stop the export. Its style and script are inline and first-party (no CDN); it is
/// linked from nowhere and asks search engines not to list it.
pub fn preview(a: &Article) -> String {
    let mut meta: Vec<String> = a.date.iter().chain(&a.author).map(|s| escape(s)).collect();
    meta.push(format!("摘要：{}", escape(&a.digest)));
    let meta = meta.join(" · ");
    let problems = if a.problems.is_empty() {
        String::new()
    } else {
        let items: Vec<String> = a
            .problems
            .iter()
            .map(|p| format!("<li>{}</li>", escape(&p.message)))
            .collect();
        format!(
            "<section class=\"problems\"><h2>导出前需要修改</h2><ul>{}</ul></section>\n",
            items.join("")
        )
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex, nofollow\">\n{GENERATOR}\n\
         <title>公众号预览：{title}</title>\n<style>\n{css}</style>\n</head>\n<body>\n\
         <header class=\"bar\"><p>公众号文章预览（本页不对外链接）</p>\
         <button id=\"copy\" type=\"button\">复制到公众号</button>\
         <span id=\"status\" role=\"status\" aria-live=\"polite\"></span></header>\n\
         {problems}<main class=\"phone\">\n<h1>{title}</h1>\n<p class=\"meta\">{meta}</p>\n\
         <div id=\"article\">{html}</div>\n</main>\n<script>\n{js}</script>\n</body>\n</html>\n",
        title = escape(&a.title),
        css = include_str!("../assets/preview.css"),
        js = include_str!("../assets/preview.js"),
        html = a.html,
    )
}
