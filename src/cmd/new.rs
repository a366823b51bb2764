//! `yiyong new hero|place|event|news "标题"`: a new content file with the right front matter,
//! a pinyin slug from the title and today's date (Beijing time). Never overwrites a file.

use std::path::{Path, PathBuf};

use chrono::TimeZone;

use crate::error::{Diagnostic, Result};
use crate::outreach::Sections;
use crate::Config;

fn today() -> String {
    chrono_tz::Asia::Shanghai
        .from_utc_datetime(&chrono::Utc::now().naive_utc())
        .format("%Y-%m-%d")
        .to_string()
}

/// A readable file name: the pinyin slug, cut at a hyphen to at most 60 characters.
fn file_slug(title: &str) -> String {
    let slug = slug::slugify(title);
    if slug.len() <= 60 {
        return slug;
    }
    let cut = slug[..60].rfind('-').unwrap_or(60);
    slug[..cut].to_string()
}

fn quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn front_matter(kind: &str, title: &str, date: &str, anonymous: bool) -> String {
    // For an anonymous hero the title given is the real name: it goes in `name` only, and the
    // title shows the masked name.
    let (t, name) = if anonymous {
        (
            quote(&format!("{}的事迹", crate::outreach::mask_name(title))),
            quote(title),
        )
    } else {
        (quote(title), String::new())
    };
    let body = match kind {
        "hero" => "[extra.hero]\nname = \"\"            # 姓名；匿名请写真名并设 anonymous = true，网站上显示为“张某”\nkind = \"individual\"  # individual 个人 / group 群体\ndeed_date = DATE\ndeed_place = \"\"\ndistrict = \"\"\nsummary = \"\"         # 一句话事迹\nstatus = \"living\"    # living 在世 / injured 负伤 / sacrificed 牺牲\nanonymous = false\n# age = 30           # 事迹发生时的年龄；不满14周岁必须 anonymous = true（隐私检查会提醒）\n\n# [[extra.hero.honours]]\n# title = \"市级见义勇为模范\"\n# level = \"municipal\"  # national 国家级 / provincial 省级 / municipal 市级 / county 县级\n# year = 2024\n",
        "place" => "[extra.place]\nkind = \"theme_park\"  # theme_park 主题公园 / corridor 长廊 / garden 游园 / square 广场 / demonstration_unit 示范单位 / work_station 工作站 / museum 展馆 / volunteer_base 志愿服务队基地\naddress = \"\"\ndistrict = \"\"\nhours = \"\"\n\n# 在地图上标出位置：从高德或腾讯的坐标拾取器复制经纬度，去掉下面三行开头的 #\n# [extra.place.coordinates]\n# lat = 34.75         # 纬度\n# lon = 113.66        # 经度\n# datum = \"bd09\"     # 只有用百度地图拾取时才写这一行（GPS 读数写 wgs84）\n",
        "event" => "[extra.event]\nstart = \"DATET09:00:00\"\nend = \"DATET11:00:00\"\nvenue = \"\"           # 地点；写 \"@/places/某阵地.md\" 可链接到阵地页面\norganizer = \"\"\nregistration = \"\"\n",
        _ => "[extra.news]\nsource = \"\"          # 来源\nauthor = \"\"\nphotographer = \"\"\n",
    };
    let mut body = body.replace("DATE", date);
    if anonymous {
        body = body
            .replace("name = \"\"  ", &format!("name = \"{name}\""))
            .replace(
                "anonymous = false",
                "anonymous = true   # 网站上只显示“某某”，真名不会发布",
            );
    }
    format!("+++\ntitle = \"{t}\"\ndate = {date}\ndescription = \"\"\ndraft = true  # 写好后删除这一行，才会发布\n{body}+++\n\n在这里写正文。\n")
}

/// With `anonymous` (heroes only), the file name never comes from the title: it would be the
/// page's address, and a hero who is not to be named must not be found by URL.
pub fn run(
    root: &Path,
    config: &Config,
    kind: &str,
    title: &str,
    anonymous: bool,
) -> Result<PathBuf> {
    let sections = Sections::from_config(config);
    let dir = match kind {
        "hero" => &sections.hero,
        "place" => &sections.place,
        "event" => &sections.event,
        "news" => &sections.news,
        other => {
            return Err(Diagnostic::new(format!("unknown content type `{other}`"))
                .with_hint("use hero, place, event or news")
                .into())
        }
    };
    if anonymous && kind != "hero" {
        return Err(Diagnostic::new("--anonymous is for heroes")
            .with_hint("write `yiyong new hero \"真实姓名\" --anonymous`")
            .into());
    }
    let date = today();
    let slug = if anonymous {
        anonymous_slug(&root.join("content").join(dir), &date)
    } else {
        file_slug(title)
    };
    if slug.is_empty() {
        return Err(Diagnostic::new("the title makes an empty file name")
            .with_hint("give a title with words, e.g. \"李某某勇救落水儿童\"")
            .into());
    }
    let name = if kind == "news" || kind == "event" {
        format!("{date}-{slug}.md")
    } else {
        format!("{slug}.md")
    };
    let path = root.join("content").join(dir).join(name);
    if path.exists() {
        return Err(
            Diagnostic::in_file(&path, "already exists; nothing was written")
                .with_hint("choose another title, or edit the existing file")
                .into(),
        );
    }
    std::fs::create_dir_all(path.parent().expect("below content/"))
        .and_then(|_| std::fs::write(&path, front_matter(kind, title, &date, anonymous)))
        .map_err(|e| Diagnostic::in_file(&path, format!("cannot create: {e}")))?;
    Ok(path)
}

/// `ni-ming-2026-12-05`, or `-2`, `-3`… when taken: says when, not who.
fn anonymous_slug(dir: &Path, date: &str) -> String {
    let base = format!("ni-ming-{date}");
    (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|s| !dir.join(format!("{s}.md")).exists())
        .expect("a free name")
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_are_short_pinyin() {
        assert_eq!(super::file_slug("见义勇为"), "jian-yi-yong-wei");
        assert!(super::file_slug(&"见义勇为".repeat(10)).len() <= 60);
    }
}
