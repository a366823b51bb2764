//! What an association publishes besides stories (issue 25): honours with their type, award
//! and ceremony; 牺牲 and 烈士 told apart; volunteer teams; the declared yearly figures beside
//! the site's own counts; the printable 群英谱. Fixture sites built with the default theme.

mod common;
use common::*;

const CONFIG: &str =
    "base_url = \"https://example.org\"\ntitle = \"示例协会\"\ntheme = \"yiyong\"\n\
                      taxonomies = [{ name = \"districts\" }]\n[extra.yiyong]\n";

/// A site with the repository's default theme.
fn themed() -> Fixture {
    let f = Fixture::new(CONFIG);
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/yiyong");
    std::fs::create_dir_all(f.root().join("themes")).unwrap();
    let ok = std::process::Command::new("cp")
        .arg("-a")
        .arg(&theme)
        .arg(f.root().join("themes"))
        .status()
        .unwrap();
    assert!(ok.success());
    f.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
        .file("content/stats.md", "+++\ntitle = \"数据统计\"\ntemplate = \"stats.html\"\n+++\n")
        .file(
            "content/heroes/_index.md",
            "+++\ntitle = \"英雄谱\"\ntemplate = \"heroes.html\"\npage_template = \"hero.html\"\nsort_by = \"date\"\n+++\n",
        )
        .file(
            "content/teams/_index.md",
            "+++\ntitle = \"志愿者队伍\"\ntemplate = \"teams.html\"\npage_template = \"team.html\"\n+++\n",
        );
    f
}

fn hero(name: &str, status: &str, more: &str, honours: &str) -> String {
    format!(
        "+++\ntitle = \"{name}的事迹\"\ndate = 2024-05-01\n[extra.hero]\nname = \"{name}\"\nstatus = \"{status}\"\n\
         summary = \"{name}的事迹摘要\"\n{more}\n{honours}+++\n事迹。\n"
    )
}

const HONOUR_2024: &str =
    "[[extra.hero.honours]]\ntitle = \"省级见义勇为英雄\"\nlevel = \"provincial\"\n\
     year = 2024\ntype = \"英雄\"\naward = \"２０万元\"\n[extra.hero.honours.ceremony]\n\
     name = \"全省见义勇为表彰大会\"\ndate = 2024-12-21\n";

fn heroes(f: &Fixture) {
    f.file(
        "content/heroes/a.md",
        &hero("甲", "sacrificed", "", HONOUR_2024),
    )
    .file(
        "content/heroes/b.md",
        &hero("乙", "牺牲", "martyr = true", HONOUR_2024),
    )
    .file("content/heroes/c.md", &hero("丙", "injured", "", ""))
    .file(
        "content/heroes/d.md",
        &hero("公交车组", "living", "kind = \"group\"", ""),
    )
    .file(
        "content/heroes/e.md",
        &hero("王小明", "living", "anonymous = true", HONOUR_2024)
            .replace("王小明的事迹", "王某的事迹"),
    );
}

/// The heading of a hero's card on the roll (an `<h2>`: the roll is one grid under its title).
fn card<'a>(roll: &'a str, name: &str) -> &'a str {
    let start = roll
        .find(&format!("<h2>{name}"))
        .unwrap_or_else(|| panic!("no card for {name}"));
    &roll[start..start + roll[start..].find("</h2>").unwrap()]
}

#[test]
fn sacrificed_is_not_martyr_and_the_page_says_the_status() {
    let f = themed();
    heroes(&f);
    f.build();
    let roll = f.read("heroes/index.html");
    assert!(card(&roll, "甲").contains(">牺牲</span>") && !card(&roll, "甲").contains("烈士"));
    assert!(
        card(&roll, "乙").contains(">牺牲</span>") && card(&roll, "乙").contains(">烈士</span>")
    );
    assert!(!card(&roll, "丙").contains("tag"), "{}", card(&roll, "丙"));
    let a = f.read("heroes/a/index.html");
    assert!(
        a.contains("<dt>状况</dt><dd>牺牲</dd>") && !a.contains("烈士"),
        "{a}"
    );
    let b = f.read("heroes/b/index.html");
    assert!(
        b.contains("<dt>状况</dt><dd>牺牲，已评定为烈士</dd>"),
        "{b}"
    );
    assert!(f
        .read("heroes/c/index.html")
        .contains("<dt>状况</dt><dd>负伤</dd>"));
    let group = f.read("heroes/d/index.html");
    assert!(group.contains("<dt>名称</dt><dd>公交车组</dd>") && group.contains("<dd>在世</dd>"));
    assert!(!group.contains("<dt>姓名</dt>"));
}

#[test]
fn honour_type_award_and_ceremony_are_printed() {
    let f = themed();
    heroes(&f);
    f.build();
    let a = f.read("heroes/a/index.html");
    assert!(
        a.contains("<li>2024年 省级见义勇为英雄（省级英雄），奖励金20万元，<time datetime=\"2024-12-21\">2024年12月21日</time>于全省见义勇为表彰大会颁授</li>"),
        "{a}"
    );
}

#[test]
fn honour_and_martyr_mistakes_name_file_line_and_allowed_values() {
    let f = Fixture::with_templates(&CONFIG.replace("theme = \"yiyong\"\n", ""));
    f.file("content/heroes/_index.md", "+++\ntitle = \"英雄谱\"\n+++\n")
        .file(
            "content/heroes/x.md",
            "+++\ntitle = \"某\"\n[extra.hero]\nname = \"某\"\nstatus = \"living\"\nmartyr = true\n\
             [[extra.hero.honours]]\ntitle = \"称号\"\nlevel = \"municipal\"\nyear = 2024\ntype = \"英豪\"\n\
             award = \"二十万\"\n+++\n",
        );
    let err = f.build_err();
    assert!(
        err.contains("x.md:11") && err.contains("type") && err.contains("英豪"),
        "{err}"
    );
    for allowed in [
        "hero (英雄)",
        "model (模范)",
        "advanced_individual (先进个人)",
        "activist (积极分子)",
        "advanced_group (先进群体)",
        "advanced_unit (先进单位)",
        "advanced_station (先进工作站)",
    ] {
        assert!(err.contains(allowed), "{allowed} missing: {err}");
    }
    assert!(err.contains("x.md:12") && err.contains("二十万"), "{err}");
    assert!(
        err.contains("x.md:6") && err.contains("martyr = true"),
        "{err}"
    );
}

fn team(name: &str, district: &str, more: &str) -> String {
    format!("+++\ntitle = \"{name}\"\n[extra.team]\nname = \"{name}\"\ndistrict = \"{district}\"\n{more}\n+++\n队伍介绍。\n")
}

#[test]
fn teams_have_pages_a_list_by_district_and_counts() {
    let f = themed();
    f.file(
        "content/teams/a.md",
        &team("水上救援队", "二七区", "size = 30\nspeciality = [\"水上救援\", \"应急救护\"]\nfounded = 2019\nphone = \"０３７１－６７００ ００００、0371-6700 0001\"\naddress = \"二七区某路1号\""),
    )
    .file("content/teams/b.md", &team("巡逻队", "金水区", "size = 12\nspeciality = [\"治安巡逻\"]"))
    .file("content/teams/c.md", &team("急救队", "二七区", "size = 20"))
    .build();
    let page = f.read("teams/a/index.html");
    for want in [
        "<dt>人数</dt><dd>30人</dd>",
        "<dd>水上救援、应急救护</dd>",
        "<dd>2019年</dd>",
        // Full-width digits folded, only the first of two numbers dialled (`tel()`).
        "href=\"tel:037167000000\">０３７１－６７００ ００００、0371-6700 0001</a>",
        "报名地址：二七区某路1号",
    ] {
        assert!(page.contains(want), "{want}: {page}");
    }
    let list = f.read("teams/index.html");
    let (erqi, jinshui) = (
        list.find("<h2>二七区</h2>").unwrap(),
        list.find("<h2>金水区</h2>").unwrap(),
    );
    let first = list.find("急救队").unwrap();
    assert!(
        erqi < first && first < jinshui && list.find("巡逻队").unwrap() > jinshui,
        "{list}"
    );
    assert!(list.contains("志愿者队伍3支、队员62人"), "{list}");
    let stats = f.read("stats/index.html");
    assert!(
        stats.contains("<dt>志愿者队伍</dt><dd><span class=\"fig-n\">3</span>支</dd>")
            && stats.contains("志愿者队伍（按专长）"),
        "{stats}"
    );
    assert!(f
        .read("index.html")
        .contains("<dt>志愿者队伍</dt><dd><span class=\"fig-n\">3</span>支</dd>"));
}

#[test]
fn a_personal_mobile_in_team_contact_is_refused_a_landline_is_not() {
    let f = themed();
    f.file(
        "content/teams/a.md",
        &team("某队", "某区", "phone = \"13912345678\""),
    );
    let err = f.build_err();
    assert!(
        err.contains("a.md:") && err.contains("139****5678"),
        "{err}"
    );
    // The association's own published number, listed once for the whole site, is allowed.
    f.file(
        "config.toml",
        &format!("{CONFIG}[extra.yiyong.privacy]\nallow = [\"13912345678\"]\n"),
    );
    f.build();
    f.file("config.toml", CONFIG)
        .file(
            "content/teams/a.md",
            &team("某队", "某区", "phone = \"0371-67000000\""),
        )
        .build();
}

#[test]
fn new_team_writes_a_file_that_builds_once_filled_in() {
    let f = themed();
    let out = f.run(&["new", "队伍", "东湖水上救援队"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = f
        .root()
        .join("content/teams/dong-hu-shui-shang-jiu-yuan-dui.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("[extra.team]") && text.contains("name = \"东湖水上救援队\""),
        "{text}"
    );
    std::fs::write(
        &path,
        text.replace("draft = true", "")
            .replace("在这里写正文。", "介绍。"),
    )
    .unwrap();
    f.build();
    assert!(f
        .read("teams/dong-hu-shui-shang-jiu-yuan-dui/index.html")
        .contains("东湖水上救援队"));
}

const YEARLY: &str = "source = \"某市协会2024年工作总结\"\nteams = 342\nvolunteers = \"６５３８\"\n\
                      relief_paid = \"9万元\"\nheroes_honoured = 3\n[places]\n\"主题公园\" = 15\ncorridor = 9\n";

#[test]
fn declared_figures_are_labelled_apart_from_the_site_counts() {
    let f = themed();
    heroes(&f);
    f.file("data/yearly/2024.toml", YEARLY)
        .file("content/places/_index.md", "+++\ntitle = \"阵地\"\n+++\n")
        .file("content/places/p.md", "+++\ntitle = \"某公园\"\n[extra.place]\nkind = \"theme_park\"\n+++\n")
        .file("content/teams/a.md", &team("某队", "某区", "size = 10"))
        .file(
            "content/reports/2024.md",
            "+++\ntitle = \"2024年工作总结\"\ntemplate = \"report.html\"\n[extra]\nyear = 2024\n+++\n摘要。\n",
        )
        .build();
    let home = f.read("index.html");
    // Figures, not a sentence: each a big number with its label, the declared ones under a
    // heading of their own.
    let figure = |label: &str, n: &str, unit: &str| {
        format!("<div class=\"fig\"><dt>{label}</dt><dd><span class=\"fig-n\">{n}</span>{unit}</dd></div>")
    };
    let (site, declared) = home
        .split_once("<h3 class=\"fig-title\">2024年度申报数据</h3>")
        .expect("the declared figures under their own heading");
    assert!(
        site.contains("<h3 class=\"fig-title\">本站收录</h3>"),
        "{home}"
    );
    for want in [
        figure("英模", "5", "位"),
        figure("宣传阵地", "1", "处"),
        figure("志愿者队伍", "1", "支"),
    ] {
        assert!(site.contains(&want), "{want}\n{home}");
    }
    for want in [
        figure("志愿者队伍", "342", "支"),
        figure("志愿者", "6538", "人"),
        figure("表彰见义勇为人员", "3", "人"),
        figure("已建成宣传阵地", "24", "个"),
    ] {
        assert!(declared.contains(&want), "{want}\n{home}");
    }
    assert!(declared.contains("其中主题公园15个、长廊9个。"), "{home}");
    for page in ["stats/index.html", "reports/2024/index.html"] {
        let html = f.read(page);
        for want in [
            "<th scope=\"col\">年度申报数据</th><th scope=\"col\">本站收录</th>",
            "<th scope=\"row\">志愿者队伍</th><td>342支</td><td>1支</td>",
            "<th scope=\"row\">发放救助金</th><td>9万元</td><td>—</td>",
            // Three heroes on this site have an honour of 2024.
            "<th scope=\"row\">表彰见义勇为人员</th><td>3人</td><td>3人</td>",
            "<th scope=\"row\">主题公园</th><td>15个</td><td>1个</td>",
            "<th scope=\"row\">长廊</th><td>9个</td><td>0个</td>",
            "年度申报数据来源：某市协会2024年工作总结",
        ] {
            assert!(html.contains(want), "{page}: {want}\n{html}");
        }
    }
    // The report is printable: the shared print rules keep the table whole.
    let css = f.read("css/yiyong.css");
    assert!(
        css.contains("table.yearly, .team-list li { break-inside: avoid;"),
        "{css}"
    );
}

#[test]
fn yearly_file_mistakes_name_file_and_line() {
    let f = themed();
    f.file(
        "data/yearly/2024.toml",
        "teams = 342\nvolunters = 10\nwechat_posts = -4\n[places]\n\"主题公园\" = 1\nzoo = 2\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("2024.toml:2") && err.contains("volunteers"),
        "{err}"
    );
    assert!(err.contains("2024.toml:3") && err.contains("-4"), "{err}");
    assert!(
        err.contains("2024.toml:6") && err.contains("theme_park"),
        "{err}"
    );
    f.file("data/yearly/2024.toml", "teams = 1\n")
        .file("data/yearly/report.toml", "teams = 1\n");
    assert!(f.build_err().contains("report.toml"));
}

/// `roll_ceremony`: the roll of one ceremony lists the heroes honoured there (whatever the
/// year) and no other; the same hero's other honours stay off it.
#[test]
fn a_ceremonys_roll_lists_the_heroes_honoured_at_it() {
    let f = themed();
    heroes(&f);
    let other = "[[extra.hero.honours]]\ntitle = \"市级见义勇为先进个人\"\nlevel = \"municipal\"\n\
                 year = 2023\n[extra.hero.honours.ceremony]\nname = \"全市表彰会\"\n";
    f.file("content/heroes/c.md", &hero("丙", "injured", "", other))
        .file(
            "content/heroes/roll/city/_index.md",
            "+++\ntitle = \"全市表彰会群英谱\"\ntemplate = \"hero_roll.html\"\n[extra]\nroll_ceremony = \"全市表彰会\"\n+++\n",
        )
        .build();
    let roll = f.read("heroes/roll/city/index.html");
    assert_eq!(
        roll.matches("<article class=\"roll-card").count(),
        1,
        "{roll}"
    );
    assert!(
        roll.contains("<h2>丙</h2>") && roll.contains("于全市表彰会颁授"),
        "{roll}"
    );
    assert!(
        !roll.contains("甲") && !roll.contains("全省见义勇为表彰大会"),
        "{roll}"
    );
}

#[test]
fn the_print_roll_has_a_card_per_hero_names_masked_and_no_navigation_in_print() {
    let f = themed();
    heroes(&f);
    f.file(
        "content/heroes/roll/2024/_index.md",
        "+++\ntitle = \"2024年度群英谱\"\ntemplate = \"hero_roll.html\"\n[extra]\nroll_year = 2024\n+++\n",
    )
    .build();
    // The roll's first page links the printable rolls below it.
    assert!(f
        .read("heroes/index.html")
        .contains("可打印的群英谱：<a href=\"/heroes/roll/2024/\">2024年度群英谱</a>"));
    let roll = f.read("heroes/roll/2024/index.html");
    assert_eq!(
        roll.matches("<article class=\"roll-card").count(),
        3,
        "{roll}"
    );
    assert!(
        roll.contains("<h2>王某</h2>") && !roll.contains("王小明"),
        "{roll}"
    );
    assert!(
        roll.contains("<h2>乙<span class=\"tag\">牺牲</span><span class=\"tag\">烈士</span></h2>")
    );
    assert!(roll.contains("奖励金20万元") && roll.contains("甲的事迹摘要"));
    assert!(
        !roll.contains("丙"),
        "a hero without a 2024 honour is on the 2024 roll"
    );
    let css = f.read("css/yiyong.css");
    let print: String = css.split("@media print").skip(1).collect();
    assert!(print.contains("@page { size: A4;"), "{print}");
    assert!(print.contains(".roll-card, table.yearly, .team-list li { break-inside: avoid;"));
    assert!(
        print.contains(".site-header nav, .pager, .siblings"),
        "navigation shown in print"
    );
    // Paper prints where links to other sites lead, not the address of every card's own page.
    assert!(!print.contains("a[href^=\"http\"]::after"), "{print}");
    assert!(print.contains("article a[rel~=\"noreferrer\"]::after"));
}
