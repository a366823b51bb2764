//! `yiyong new hero|place|event|news|team "标题"`: a new content file with the right front matter,
//! a pinyin slug from the title and today's date (Beijing time). Never overwrites a file.

use std::path::{Path, PathBuf};

use chrono::TimeZone;

use crate::error::{Diagnostic, Result};
use crate::messages as m;
use crate::outreach::Sections;
use crate::Config;

fn today() -> String {
    chrono_tz::Asia::Shanghai
        .from_utc_datetime(&chrono::Utc::now().naive_utc())
        .format("%Y-%m-%d")
        .to_string()
}

/// A readable file name: word-aware pinyin (`pinyin-converter`, which reads 重庆 as chong-qing
/// and 银行 as yin-hang where `slug` reads a character at a time), then `slug`'s rules for what
/// is left (Latin letters, digits), cut at a hyphen to at most 60 characters.
pub(crate) fn file_slug(title: &str) -> String {
    // The converter reads 区 followed by some words as the surname ōu (北山区治安… became
    // bei-shan-ou-zhi-an…). After the first character it is the district, qū, so there it is
    // read as 曲, which is always qū; a title that starts with 区 is left to the converter
    // (区志强, a name: ou-zhi-qiang).
    let title: String = title
        .chars()
        .enumerate()
        .map(|(i, c)| if i > 0 && c == '区' { '曲' } else { c })
        .collect();
    capped(slug::slugify(pinyin::Pinyin::permalink(&title)))
}

/// At most 60 bytes, cut at a hyphen.
fn capped(slug: String) -> String {
    if slug.len() <= 60 {
        return slug;
    }
    let cut = slug[..60].rfind('-').unwrap_or(60);
    slug[..cut].to_string()
}

/// Surnames read differently from the same character in a word (仇 is chóu in 仇恨, Qiú as
/// a name). A hero's title is the hero's name, so it starts with the surname.
const SURNAMES: &[(&str, &str)] = &[
    ("尉迟", "yu-chi"),
    ("长孙", "zhang-sun"),
    ("万俟", "mo-qi"),
    ("仇", "qiu"),
    ("单", "shan"),
    ("曾", "zeng"),
    ("解", "xie"),
    ("区", "ou"),
    ("朴", "piao"),
    ("查", "zha"),
    ("乐", "yue"),
    ("盖", "ge"),
    ("覃", "qin"),
    ("缪", "miao"),
    ("翟", "zhai"),
    ("繁", "po"),
    ("员", "yun"),
    ("种", "chong"),
];

/// A hero's file name: the surname read as a surname, the rest as words.
pub(crate) fn person_slug(title: &str) -> String {
    let trimmed = title.trim();
    match SURNAMES.iter().find(|(s, _)| trimmed.starts_with(s)) {
        Some((s, reading)) => {
            let rest = file_slug(&trimmed[s.len()..]);
            let joined = if rest.is_empty() {
                reading.to_string()
            } else {
                format!("{reading}-{rest}")
            };
            capped(slug::slugify(joined))
        }
        None => file_slug(title),
    }
}

fn quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The front matter and a first line of text. Only fields with a real value are written; the
/// optional ones are comments to fill in (an empty `""` is refused by validation, so a file
/// straight from `new` would fail `build --drafts`).
fn front_matter(kind: &str, title: &str, date: &str, anonymous: bool) -> String {
    // For an anonymous hero the title given is the real name: it goes in `name` only, and the
    // title shows the masked name. Otherwise the title given is the hero's name.
    let (t, name) = if anonymous {
        (
            quote(&format!("{}的事迹", crate::outreach::mask_name(title))),
            quote(title),
        )
    } else {
        (quote(title), quote(title))
    };
    let body = match kind {
        "hero" => format!(
            "{TAXONOMY}[extra.hero]\nname = \"{name}\"      # 姓名；匿名请写真名并设 anonymous = true，网站上显示为“张某”\n\
             kind = \"individual\"  # individual 个人 / group 群体\ndeed_date = {date}   # 事迹发生的日期\n\
             status = \"living\"    # living 在世 / injured 负伤 / sacrificed 牺牲\nanonymous = {anon}\n\
             # deed_place = \"某河边\"   # 事迹地点\n# district = \"某区\"      # 所在地区（与上面 districts 写同一个）\n\
             # summary = \"一句话事迹\"\n\
             # age = 30           # 事迹发生时的年龄；不满14周岁必须 anonymous = true（隐私检查会提醒）\n\
             # photo = \"images/某某.jpg\"\n\n\
             # [[extra.hero.honours]]\n# title = \"市级见义勇为模范\"\n\
             # level = \"municipal\"  # national 国家级 / provincial 省级 / municipal 市级 / county 县级\n# year = 2024\n",
            anon = if anonymous { "true   # 网站上只显示“某某”，真名不会发布" } else { "false" },
        ),
        "place" => TAXONOMY.to_string() + "[extra.place]\nkind = \"theme_park\"  # theme_park 主题公园 / corridor 长廊 / garden 游园 / square 广场 / demonstration_unit 示范单位 / work_station 工作站 / museum 展馆 / volunteer_base 志愿服务队基地 / scenic_area 景区阵地\n\
             # address = \"某市某路1号\"\n# district = \"某区\"      # 与上面 districts 写同一个\n# hours = \"6:00—22:00\"   # 开放时间\n\n\
             # 在地图上标出位置：从高德或腾讯的坐标拾取器复制经纬度，去掉下面三行开头的 #\n\
             # [extra.place.coordinates]\n# lat = 34.75         # 纬度\n# lon = 113.66        # 经度\n\
             # datum = \"bd09\"     # 只有用百度地图拾取时才写这一行（GPS 读数写 wgs84）\n",
        "team" => format!("{TAXONOMY}{TEAM}", TEAM = TEAM_TABLE.replace("{name}", &name)),
        "service" => SERVICE_TABLE.to_string(),
        "event" => format!(
            "[extra.event]\nstart = {date}T09:00:00   # 开始时间（北京时间）\n# end = {date}T11:00:00\n\
             # venue = \"@/places/某阵地.md\"   # 地点；写 \"@/places/文件名.md\" 可链接到阵地页面\n\
             # organizer = \"某协会\"\n# registration = \"报名方式\"\n"
        ),
        _ => "# [extra.news]\n# source = \"某报\"        # 来源\n# author = \"某某\"\n# photographer = \"某某\"\n".to_string(),
    };
    format!("+++\ntitle = \"{t}\"\ndate = {date}\ndraft = true  # 写好后删除这一行，才会发布\n{body}+++\n\n{}\n", crate::outreach::PLACEHOLDERS[0])
}

/// A volunteer team's table. Contact is public: the team's or association's phone (a fixed
/// line or hotline), an address or an online form; a person's mobile is refused by the
/// privacy check.
const TEAM_TABLE: &str = "[extra.team]\nname = \"{name}\"   # 队伍名称\n\
     # size = 30            # 人数\n# speciality = [\"水上救援\", \"应急救护\"]   # 专长\n\
     # district = \"某区\"      # 所在地区（与上面 districts 写同一个）\n\
     # service_area = \"某区沿河一带\"   # 服务范围\n# founded = 2019       # 成立年份\n\
     # phone = \"0371-12345678\"   # 报名电话：只写队伍或协会公开的座机、热线，不写个人手机\n\
     # address = \"某市某路1号\"     # 报名地址\n# join_url = \"https://…\"   # 网上报名表\n\
     # photo = \"images/某队伍.jpg\"\n";

/// A service page's table (办事指南). Contact is the association's public hotline or office.
const SERVICE_TABLE: &str = "[extra.service]\ntopic = \"apply\"   # apply 申报确认 / award 表彰奖励 / benefit 权益保障 / donate 捐赠公益 / other 其他\n\
     # summary = \"一句话说明\"\n\
     # steps = [\"第一步\", \"第二步\"]   # 办理步骤，按顺序\n\
     # documents = [\"身份证明\", \"事迹材料\"]   # 所需材料\n\
     # hotline = \"0371-12345678\"   # 咨询电话：只写协会公开的座机、热线\n\
     # office = \"某市某路1号协会办公室\"   # 受理地点\n# hours = \"工作日 9:00—17:00\"   # 办公时间\n\
     # basis = [\"《某省见义勇为人员奖励和保护条例》\"]   # 政策依据\n\
     # link = \"https://…\"   # 网上办理或捐赠页面\n\n\
     # [[extra.service.standards]]   # 标准（奖励金、慰问金等），每项一段\n\
     # item = \"见义勇为英雄\"\n# amount = \"20万元\"\n# note = \"一次性奖励\"\n\n\
     # [[extra.service.accounts]]   # 捐赠账户：只写单位的公开账户\n\
     # name = \"某市见义勇为基金会\"\n# bank = \"某银行某支行\"\n# number = \"0000 0000 0000 0000\"\n";

/// The district as a taxonomy term too, so that the district's page lists the entry.
const TAXONOMY: &str = "# [taxonomies]\n# districts = [\"某区\"]   # 所在地区：地区页面据此列出\n";

/// The content type of `kind`, in English or Chinese (`英模`, `阵地`, `活动`, `新闻`).
pub(crate) fn content_type(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "hero" | "英模" | "英雄" | "人物" => "hero",
        "place" | "阵地" | "宣传阵地" | "地点" => "place",
        "event" | "活动" => "event",
        "news" | "新闻" | "动态" => "news",
        "team" | "队伍" | "志愿者队伍" | "志愿队" => "team",
        "service" | "指南" | "办事指南" | "服务" | "政策" => "service",
        _ => return None,
    })
}

/// A date as a clerk may type it (`2027-1-5`, `2027/01/05`, full-width digits) as YYYY-MM-DD.
pub(crate) fn read_date(typed: &str) -> Option<String> {
    let plain: String = typed
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '/' | '／' | '.' | '－' | '年' | '月' => '-',
            '日' => ' ',
            c => c,
        })
        .collect();
    let parts: Vec<&str> = plain.trim().split('-').collect();
    let [y, m, d] = parts[..] else { return None };
    let date = chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// With `anonymous` (heroes only), the file name never comes from the title: it would be the
/// page's address, and a hero who is not to be named must not be found by URL.
pub fn run(
    root: &Path,
    config: &Config,
    kind: &str,
    title: &str,
    anonymous: bool,
    date: Option<&str>,
) -> Result<PathBuf> {
    let sections = Sections::from_config(config);
    let Some(kind) = content_type(kind) else {
        return Err(Diagnostic::new(m::UNKNOWN_KIND.fmt(&[("kind", &kind)]))
            .with_hint(m::UNKNOWN_KIND_HINT.text())
            .into());
    };
    let dir = sections.dir_of(kind).unwrap_or(&sections.news);
    if anonymous && kind != "hero" {
        return Err(Diagnostic::new(m::ANONYMOUS_HERO_ONLY.text())
            .with_hint(m::ANONYMOUS_HINT.text())
            .into());
    }
    let date = match (date, kind) {
        (Some(typed), _) => read_date(typed).ok_or_else(|| {
            Diagnostic::new(m::BAD_DATE_ARG.fmt(&[("typed", &typed)]))
                .with_hint(m::BAD_DATE_ARG_HINT.text())
        })?,
        // An event's date is the day it happens, which only the clerk knows.
        (None, "event") => {
            return Err(Diagnostic::new(m::EVENT_NEEDS_DATE.text())
                .with_hint(m::EVENT_NEEDS_DATE_HINT.text())
                .into())
        }
        (None, _) => today(),
    };
    let slug = if anonymous {
        anonymous_slug(&root.join("content").join(dir), &date)
    } else if kind == "hero" {
        person_slug(title)
    } else {
        file_slug(title)
    };
    if slug.is_empty() {
        return Err(Diagnostic::new(m::EMPTY_SLUG.text())
            .with_hint(m::EMPTY_SLUG_HINT.text())
            .into());
    }
    let name = if kind == "news" || kind == "event" {
        format!("{date}-{slug}.md")
    } else {
        format!("{slug}.md")
    };
    let path = root.join("content").join(dir).join(name);
    if path.exists() {
        return Err(Diagnostic::in_file(&path, m::EXISTS.text())
            .with_hint(m::EXISTS_HINT.text())
            .into());
    }
    std::fs::create_dir_all(path.parent().expect("below content/"))
        .and_then(|_| std::fs::write(&path, front_matter(kind, title, &date, anonymous)))
        .map_err(|e| Diagnostic::in_file(&path, m::CANNOT_CREATE.fmt(&[("reason", &e)])))?;
    Ok(path)
}

/// The file name of an anonymous hero, before a number is added when it is taken: says when,
/// not who (`yiyong import` resolves its own collisions across a whole sheet).
pub(crate) fn anonymous_base(date: &str) -> String {
    format!("ni-ming-{date}")
}

/// `ni-ming-2026-12-05`, or `-2`, `-3`… when taken.
fn anonymous_slug(dir: &Path, date: &str) -> String {
    let base = anonymous_base(date);
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
    /// The comment `yiyong new service` writes beside `topic` names every topic of the schema
    /// in its order, both spellings (it is the clerk's list of what to type).
    #[test]
    fn the_new_service_names_every_topic() {
        let listed: Vec<String> = yiyong_outreach::schema::SERVICE_TOPICS
            .iter()
            .map(|(en, zh)| format!("{en} {zh}"))
            .collect();
        let comment = super::SERVICE_TABLE.lines().nth(1).unwrap();
        assert!(comment.ends_with(&listed.join(" / ")), "{comment}");
    }

    /// The type names the staff's messages use (「可以用 yiyong new 队伍 生成一个看看」) are ones
    /// `new` takes, for the type they name.
    #[test]
    fn the_messages_name_types_new_takes() {
        for kind in ["hero", "place", "event", "news", "team", "service"] {
            let zh = yiyong_outreach::messages::kind_zh(kind);
            assert_eq!(super::content_type(zh), Some(kind), "{zh}");
        }
    }

    #[test]
    fn dates_as_typed() {
        for typed in [
            "2027-01-05",
            "2027-1-5",
            "2027/01/05",
            "２０２７－０１－０５",
            "2027年1月5日",
        ] {
            assert_eq!(
                super::read_date(typed).as_deref(),
                Some("2027-01-05"),
                "{typed}"
            );
        }
        for bad in ["2027-02-30", "2027-13-01", "明天", "2027-01"] {
            assert_eq!(super::read_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn slugs_read_words_not_characters() {
        for (title, slug) in [
            ("人民广场", "ren-min-guang-chang"),
            (
                "重庆路见义勇为示范岗",
                "chong-qing-lu-jian-yi-yong-wei-shi-fan-gang",
            ),
            (
                "银行职员勇救落水儿童",
                "yin-hang-zhi-yuan-yong-jiu-luo-shui-er-tong",
            ),
            ("朝阳区", "chao-yang-qu"),
            ("曾家岩", "zeng-jia-yan"),
            ("2027年宣传日", "2027-nian-xuan-chuan-ri"),
            (
                "鹤壁“见义勇为号”公交101路",
                "he-bi-jian-yi-yong-wei-hao-gong-jiao-101-lu",
            ),
            ("Hello 世界", "hello-shi-jie"),
        ] {
            assert_eq!(super::file_slug(title), slug, "{title}");
        }
    }

    /// Place names and words with polyphones, and people's names whose surname is one,
    /// each with the reading a Chinese reader expects (issue 23's list of at least 50).
    #[test]
    fn polyphones_in_place_and_person_names() {
        let wrong: Vec<String> = WORDS
            .iter()
            .filter_map(|(title, slug)| {
                let got = super::file_slug(title);
                (got != *slug).then(|| format!("{title}: {got}, not {slug}"))
            })
            .collect();
        assert!(WORDS.len() >= 50);
        assert!(wrong.is_empty(), "{wrong:#?}");
        // Names as a hero's title: the surname read as a surname.
        for (name, slug) in PEOPLE {
            assert_eq!(super::person_slug(name), *slug, "{name}");
        }
    }

    #[test]
    fn slugs_are_short_pinyin() {
        assert_eq!(super::file_slug("见义勇为"), "jian-yi-yong-wei");
        assert!(super::file_slug("北山区治安巡逻志愿队").starts_with("bei-shan-qu-"));
        assert!(super::file_slug(&"见义勇为".repeat(10)).len() <= 60);
    }

    const WORDS: &[(&str, &str)] = &[
        ("重庆", "chong-qing"),
        ("长沙", "chang-sha"),
        ("长春", "chang-chun"),
        ("厦门", "xia-men"),
        ("蚌埠", "beng-bu"),
        ("六安", "lu-an"),
        ("丽水", "li-shui"),
        ("台州", "tai-zhou"),
        ("乐山", "le-shan"),
        ("东莞", "dong-guan"),
        ("番禺", "pan-yu"),
        ("大厦", "da-sha"),
        ("银行", "yin-hang"),
        ("朝阳", "chao-yang"),
        ("单县", "shan-xian"),
        ("曾家岩", "zeng-jia-yan"),
        ("洪洞", "hong-tong"),
        ("蔚县", "yu-xian"),
        ("铅山", "yan-shan"),
        ("莘县", "shen-xian"),
        ("涡阳", "guo-yang"),
        ("亳州", "bo-zhou"),
        ("阿城", "a-cheng"),
        ("济南", "ji-nan"),
        ("济宁", "ji-ning"),
        ("长安", "chang-an"),
        ("长江", "chang-jiang"),
        ("重阳", "chong-yang"),
        ("都江堰", "du-jiang-yan"),
        ("成都", "cheng-du"),
        ("首都", "shou-du"),
        ("华山", "hua-shan"),
        ("华县", "hua-xian"),
        ("广场", "guang-chang"),
        ("郑州", "zheng-zhou"),
        ("金水区", "jin-shui-qu"),
        ("管城回族区", "guan-cheng-hui-zu-qu"),
        ("惠安县", "hui-an-xian"),
        ("晋江", "jin-jiang"),
        ("鹤壁", "he-bi"),
        ("紫荆山", "zi-jing-shan"),
        ("黄塘", "huang-tang"),
        ("行政中心", "xing-zheng-zhong-xin"),
        ("人行道", "ren-xing-dao"),
        ("单雄信", "shan-xiong-xin"),
        ("曾国藩", "zeng-guo-fan"),
        ("解缙", "xie-jin"),
        ("查良镛", "zha-liang-yong"),
        ("区志强", "ou-zhi-qiang"),
        ("朴英", "piao-ying"),
        ("尉迟恭", "yu-chi-gong"),
        ("长孙无忌", "zhang-sun-wu-ji"),
        ("乐毅", "yue-yi"),
        ("召开表彰大会", "zhao-kai-biao-zhang-da-hui"),
        ("重伤", "zhong-shang"),
        ("负重", "fu-zhong"),
        ("勇救落水儿童", "yong-jiu-luo-shui-er-tong"),
        ("二七区", "er-qi-qu"),
        ("中原区", "zhong-yuan-qu"),
    ];

    /// Heroes' names: what `new 英模 NAME` names the file (`person_slug`).
    const PEOPLE: &[(&str, &str)] = &[
        ("仇英", "qiu-ying"),
        ("单田芳", "shan-tian-fang"),
        ("曾小明", "zeng-xiao-ming"),
        ("解放", "xie-fang"),
        ("区志强", "ou-zhi-qiang"),
        ("查建国", "zha-jian-guo"),
        ("乐嘉", "yue-jia"),
        ("盖立新", "ge-li-xin"),
        ("翟志刚", "zhai-zhi-gang"),
        ("尉迟敬德", "yu-chi-jing-de"),
        ("王小明", "wang-xiao-ming"),
        ("周航", "zhou-hang"),
    ];
}
