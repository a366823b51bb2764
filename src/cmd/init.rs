//! `yiyong init DIR`: a new site with the default theme (`themes/yiyong`, carried inside the
//! binary so no download is needed), the four content sections and a sample page each.
//! Refuses to touch a non-empty folder.

use std::fs;
use std::path::Path;

use crate::error::{Diagnostic, Result};
use crate::messages as m;

macro_rules! theme_files {
    ($($rel:literal),* $(,)?) => {
        &[$(($rel, include_str!(concat!("../../themes/yiyong/", $rel)))),*]
    };
}

/// The default theme, as in this repository's `themes/yiyong/`.
const THEME: &[(&str, &str)] = theme_files!(
    "theme.toml",
    "static/css/yiyong.css",
    "static/favicon.svg",
    "static/js/elder.js",
    "templates/404.html",
    "templates/base.html",
    "templates/cards.html",
    "templates/chrome.html",
    "templates/event.html",
    "templates/events.html",
    "templates/hero.html",
    "templates/heroes.html",
    "templates/hero_roll.html",
    "templates/index.html",
    "templates/macros.html",
    "templates/page.html",
    "templates/place.html",
    "templates/places.html",
    "templates/report.html",
    "templates/section.html",
    "templates/shortcodes/map.html",
    "templates/shortcodes/video.html",
    "templates/shortcodes/video_link.html",
    "templates/stats.html",
    "templates/search.html",
    "templates/taxonomy_list.html",
    "templates/taxonomy_single.html",
    "templates/team.html",
    "templates/teams.html",
    "templates/service.html",
    "templates/services.html",
);

const CONFIG: &str = r##"# 站点地址：发布前改成正式域名
base_url = "https://example.org"
title = "示例市见义勇为协会"
description = "弘扬见义勇为精神"
# 订阅源（Atom、RSS）里署的作者：一般写协会全称
author = "示例市见义勇为协会"
default_language = "zh"
theme = "yiyong"
generate_feeds = true
feed_filenames = ["atom.xml", "rss.xml"]
taxonomies = [
  { name = "districts", paginate_by = 20 },
]

[markdown]
# 指向其他网站的链接不带上本站地址（rel="noreferrer"），打印时会印出链接地址
external_links_no_referrer = true

[extra]
organization = "示例市见义勇为协会"
# icp = "某ICP备00000000号"
# police_beian = "某公网安备00000000000000号"
# police_beian_icon = "images/beian.png"  # 备案平台发放的公安备案图标，放在 static/ 下

# 页头的协会会徽（放在 static/ 下）；网站图标 favicon.ico 也用它生成
[extra.yiyong]
# logo = "images/logo.png"
# first_line_indent = true  # 文章正文段首空两格

# 页脚：主办单位、地址、邮编、电话
# [extra.yiyong.footer]
# organizer = "示例市见义勇为协会"
# address = "示例市某某路1号"
# postcode = "000000"
# phone = "0000-00000000"

# 协会的颜色：页头底色（要深，白字才清楚）和链接、标题的颜色
# [extra.yiyong.colors]
# brand = "#a8071a"
# accent = "#a8071a"

# 英模、阵地、活动、新闻、志愿者队伍、办事指南分别放在哪个栏目（content/ 下的文件夹）
[extra.yiyong.sections]
hero = "heroes"
place = "places"
event = "events"
news = "news"
team = "teams"
service = "services"

# 首页显示哪些栏块、按什么顺序，以及友情链接（去掉行首的 # 即可启用）
# [extra.yiyong.home]
# blocks = ["featured", "notices", "news", "events", "heroes", "figures", "map", "intro", "links"]
# links = [{ name = "中国政府网", url = "https://www.gov.cn/" }]
"##;

const CONTENT: &[(&str, &str)] = &[
    ("content/_index.md", "+++\ntitle = \"首页\"\n+++\n\n欢迎访问。\n"),
    ("content/about.md", "+++\ntitle = \"关于我们\"\n+++\n\n在这里介绍协会。\n"),
    ("content/stats.md", "+++\ntitle = \"数据统计\"\ntemplate = \"stats.html\"\n+++\n"),
    // The search page (yiyong-search); the index itself is never a page of its own.
    ("content/search.md", "+++\ntitle = \"站内搜索\"\ntemplate = \"search.html\"\nin_search_index = false\n+++\n"),
    ("content/heroes/_index.md", "+++\ntitle = \"英雄谱\"\nsort_by = \"date\"\ntemplate = \"heroes.html\"\npage_template = \"hero.html\"\n+++\n"),
    ("content/places/_index.md", "+++\ntitle = \"宣传阵地\"\nsort_by = \"title\"\ntemplate = \"places.html\"\npage_template = \"place.html\"\n+++\n"),
    ("content/events/_index.md", "+++\ntitle = \"活动\"\nsort_by = \"date\"\ntemplate = \"events.html\"\npage_template = \"event.html\"\n+++\n"),
    ("content/teams/_index.md", "+++\ntitle = \"志愿者队伍\"\nsort_by = \"title\"\ntemplate = \"teams.html\"\npage_template = \"team.html\"\n+++\n"),
    ("content/services/_index.md", "+++\ntitle = \"办事指南\"\nsort_by = \"weight\"\ntemplate = \"services.html\"\npage_template = \"service.html\"\n+++\n"),
    ("content/news/_index.md", "+++\ntitle = \"新闻动态\"\nsort_by = \"date\"\npaginate_by = 10\ngenerate_feeds = true\n+++\n"),
];

/// What a new site's git repository should not hold: the output, the caches, the staging
/// folder of an interrupted build and the WeChat sync's lock. (The sync's state file is
/// meant to be committed.) Written only when the folder has no `.gitignore` of its own.
const GITIGNORE: &str = "# 生成的网站和缓存，不需要提交到 git\n/public/\n/.yiyong-cache/\n/.yiyong-stage-*/\n# 公众号同步：状态文件可以提交，锁文件和预演文件不用\n/.yiyong/wechat/*.lock\n/.yiyong/wechat/*.dry-run/\n";

/// Creates the site in `dir`. `force` (Zola's `--force`) allows a folder that holds files
/// already, but none of the files init writes may exist: init never overwrites.
pub fn run(dir: &Path, force: bool) -> Result<()> {
    if !force
        && dir.exists()
        && fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(
            Diagnostic::new(m::NOT_EMPTY.fmt(&[("dir", &dir.display())]))
                .with_hint(m::NOT_EMPTY_HINT.text())
                .into(),
        );
    }
    let theme = THEME
        .iter()
        .map(|(rel, text)| (format!("themes/yiyong/{rel}"), *text));
    let files: Vec<(String, &str)> = std::iter::once(("config.toml".to_string(), CONFIG))
        .chain(CONTENT.iter().map(|(r, t)| (r.to_string(), *t)))
        .chain(theme)
        .collect();
    let existing: Vec<&str> = files
        .iter()
        .map(|(rel, _)| rel.as_str())
        .filter(|rel| dir.join(rel).exists())
        .collect();
    if !existing.is_empty() {
        return Err(Diagnostic::new(
            m::ALREADY_HOLDS.fmt(&[("dir", &dir.display()), ("files", &existing.join(", "))]),
        )
        .with_hint(m::ALREADY_HOLDS_HINT.text())
        .into());
    }
    for (rel, text) in files {
        let path = dir.join(&rel);
        fs::create_dir_all(path.parent().expect("files are below the site folder"))
            .and_then(|_| fs::write(&path, text))
            .map_err(|e| Diagnostic::in_file(&path, m::CANNOT_CREATE.fmt(&[("reason", &e)])))?;
    }
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        fs::write(&ignore, GITIGNORE)
            .map_err(|e| Diagnostic::in_file(&ignore, m::CANNOT_CREATE.fmt(&[("reason", &e)])))?;
    }
    // An empty folder for the site's own files: a placeholder file in it would be published
    // (a `static/.keep` was copied into every new site's output).
    let statics = dir.join("static");
    fs::create_dir_all(&statics)
        .map_err(|e| Diagnostic::in_file(&statics, m::CANNOT_CREATE.fmt(&[("reason", &e)])).into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_theme_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/yiyong");
        let on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        for f in &on_disk {
            assert!(
                super::THEME.iter().any(|(rel, _)| rel == f),
                "themes/yiyong/{f} is not in THEME (src/cmd/init.rs)"
            );
        }
    }
}
