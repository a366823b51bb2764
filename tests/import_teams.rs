//! `yiyong import teams`: a list of volunteer teams (志愿者队伍) as associations keep it, written
//! as a real .xlsx (a merged title row, a count typed as ５８人, founding dates as 2019年5月, as
//! a date cell and as a bare serial number, a leader's mobile column), imported into a site made
//! by `yiyong init` whose team pages then build; a re-import that keeps the hand-written body;
//! bad cells named by row and column; a CSV with a mapping file; a mobile number the site
//! publishes as its own. The teams and people are fictional.

mod common;

use std::path::Path;

use common::sheets::{text, Site};
use rust_xlsxwriter::{Format, Workbook};

const HEADERS: &[&str] = &[
    "序号",
    "队伍名称",
    "人数",
    "专长",
    "区县",
    "服务范围",
    "成立时间",
    "联系电话",
    "队长手机",
    "队长",
    "地址",
    "报名方式",
    "简介",
];

/// A cell as typed: a number, text, or a number formatted as a date.
#[derive(Clone, Copy)]
enum Val<'a> {
    Num(f64),
    Text(&'a str),
    Date(f64),
}

#[derive(Clone)]
struct Team<'a> {
    name: &'a str,
    size: Val<'a>,
    speciality: &'a str,
    district: &'a str,
    area: &'a str,
    founded: Val<'a>,
    phone: &'a str,
    join: &'a str,
    intro: &'a str,
}

/// The sheet: a merged title in row 1, the headers in row 2, a team a row from row 3.
fn sheet(path: &Path, teams: &[Team]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("志愿者队伍").unwrap();
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"");
    let last = HEADERS.len() as u16 - 1;
    let title = "2024年某市见义勇为志愿者队伍名单（虚构示例）";
    ws.merge_range(0, 0, 0, last, title, &Format::new())
        .unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (i, t) in teams.iter().enumerate() {
        let r = 2 + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        for (c, v) in [(2, t.size), (6, t.founded)] {
            match v {
                Val::Num(n) => ws.write_number(r, c, n).unwrap(),
                Val::Text(s) => ws.write_string(r, c, s).unwrap(),
                Val::Date(n) => ws.write_number_with_format(r, c, n, &date).unwrap(),
            };
        }
        let texts = [
            (1, t.name),
            (3, t.speciality),
            (4, t.district),
            (5, t.area),
            (7, t.phone),
            (8, "13912345678"),
            (9, "王某某"),
            (10, ""),
            (11, t.join),
            (12, t.intro),
        ];
        for (c, v) in texts {
            if !v.is_empty() {
                ws.write_string(r, c, v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

fn first_teams() -> Vec<Team<'static>> {
    vec![
        Team {
            name: "东湖水上救援志愿队",
            size: Val::Num(36.0),
            speciality: "水上救援、应急救护",
            district: "东城区",
            area: "东湖及沿岸公园",
            founded: Val::Text("2019年5月"),
            phone: "0371-12345678",
            join: "https://example.org/donghu",
            intro: "每逢汛期，队员在东湖沿岸巡查。",
        },
        Team {
            name: "北山治安巡逻志愿队",
            size: Val::Text("５８人"),
            speciality: "治安巡逻；宣传",
            district: "北山区",
            area: "108路公交沿线社区",
            // 2018-03-01, formatted as a date.
            founded: Val::Date(43160.0),
            phone: "",
            join: "",
            intro: "",
        },
        Team {
            name: "南湖应急救护队",
            size: Val::Num(20.0),
            speciality: "应急救护\n心肺复苏培训",
            district: "南湖区",
            area: "",
            // 2019-05-01 as a bare serial number: the cell lost its date format.
            founded: Val::Num(43586.0),
            phone: "",
            join: "www.example.org/nanhu",
            intro: "",
        },
    ]
}

const DONGHU: &str = "content/teams/dong-hu-shui-shang-jiu-yuan-zhi-yuan-dui.md";

#[test]
fn imports_a_team_sheet_and_the_team_pages_build() {
    let site = Site::new();
    sheet(&site.root.join("队伍名单.xlsx"), &first_teams());
    let out = site.run(&["导入", "志愿者队伍", "队伍名单.xlsx"], "zh");
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("已跳过 I 列（队长手机）：电话号码是个人信息"),
        "{said}"
    );
    assert!(!said.contains("J 列"), "队长 is left out quietly: {said}");
    assert!(said.contains("新建 3 个"), "{said}");
    assert_eq!(
        site.section("teams"),
        [
            "bei-shan-zhi-an-xun-luo-zhi-yuan-dui.md",
            "dong-hu-shui-shang-jiu-yuan-zhi-yuan-dui.md",
            "nan-hu-ying-ji-jiu-hu-dui.md",
        ]
    );
    let donghu = site.read(DONGHU);
    for want in [
        "title = \"东湖水上救援志愿队\"",
        "districts = [\"东城区\"]",
        "[extra.team]\nname = \"东湖水上救援志愿队\"\nsize = 36\n",
        "speciality = [\"水上救援\", \"应急救护\"]",
        "district = \"东城区\"",
        "service_area = \"东湖及沿岸公园\"",
        "founded = 2019\n",
        "phone = \"0371-12345678\"",
        "join_url = \"https://example.org/donghu\"",
        "[extra.import]\nsource = \"队伍名单.xlsx\"\nkey = \"东湖水上救援志愿队\"",
        "+++\n\n每逢汛期，队员在东湖沿岸巡查。\n",
    ] {
        assert!(donghu.contains(want), "{want}:\n{donghu}");
    }
    for private in ["13912345678", "王某某", "date ="] {
        assert!(!donghu.contains(private), "{private}:\n{donghu}");
    }
    let beishan = site.read("content/teams/bei-shan-zhi-an-xun-luo-zhi-yuan-dui.md");
    for want in [
        "size = 58\n",
        "founded = 2018\n",
        "speciality = [\"治安巡逻\", \"宣传\"]",
    ] {
        assert!(beishan.contains(want), "{want}:\n{beishan}");
    }
    let nanhu = site.read("content/teams/nan-hu-ying-ji-jiu-hu-dui.md");
    for want in [
        "founded = 2019\n",
        "speciality = [\"应急救护\", \"心肺复苏培训\"]",
        "join_url = \"https://www.example.org/nanhu\"",
    ] {
        assert!(nanhu.contains(want), "{want}:\n{nanhu}");
    }

    let out = site.run(&["build"], "en");
    assert!(out.status.success(), "{}", text(&out));
    let page = site.read("public/teams/dong-hu-shui-shang-jiu-yuan-zhi-yuan-dui/index.html");
    for want in [
        "<h1>东湖水上救援志愿队</h1>",
        "<dt>人数</dt><dd>36人</dd>",
        "<dt>专长</dt><dd>水上救援、应急救护</dd>",
        "<dt>服务范围</dt><dd>东湖及沿岸公园</dd>",
        "<dt>成立</dt><dd>2019年</dd>",
        "href=\"tel:037112345678\"",
        "每逢汛期，队员在东湖沿岸巡查。",
    ] {
        assert!(page.contains(want), "{want}");
    }
    // Tera escapes the slashes of an attribute; a browser reads them back.
    let link = "href=\"https://example.org/donghu\" rel=\"noopener\">网上报名</a>";
    assert!(page.replace("&#x2F;", "/").contains(link));
    assert!(!page.contains("13912345678") && !page.contains("王某某"));
    let list = site.read("public/teams/index.html");
    for name in ["东湖水上救援志愿队", "北山治安巡逻志愿队", "南湖应急救护队"]
    {
        assert!(list.contains(name), "{name}");
    }
}

#[test]
fn reimport_keeps_a_hand_written_team_body() {
    let site = Site::new();
    let path = site.root.join("队伍名单.xlsx");
    sheet(&path, &first_teams());
    let out = site.run(&["import", "teams", "队伍名单.xlsx"], "en");
    assert!(out.status.success(), "{}", text(&out));
    let edited = site
        .read(DONGHU)
        .replace(
            "每逢汛期，队员在东湖沿岸巡查。\n",
            "我们自己写的队伍介绍。\n",
        )
        .replace("founded = 2019\n", "founded = 2019  # 核实过\n");
    std::fs::write(site.root.join(DONGHU), &edited).unwrap();

    let mut changed = first_teams();
    changed[0].size = Val::Num(40.0);
    changed[0].intro = "表格里改过的简介";
    let mut fourth = changed[2].clone();
    fourth.name = "西河水上救援队";
    changed.push(fourth);
    sheet(&path, &changed);
    let before: Vec<String> = site.section("teams");
    let out = site.run(&["import", "teams", "队伍名单.xlsx", "--dry-run"], "en");
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    for want in [
        "would update content/teams/dong-hu-shui-shang-jiu-yuan-zhi-yuan-dui.md (row 3):",
        "    - size = 36",
        "    + size = 40",
        "would create content/teams/xi-he-shui-shang-jiu-yuan-dui.md (row 6)",
        "1 to create, 1 to update, 2 unchanged; nothing was written",
    ] {
        assert!(said.contains(want), "{want}:\n{said}");
    }
    assert_eq!(site.section("teams"), before, "a dry run writes nothing");
    assert_eq!(site.read(DONGHU), edited, "a dry run writes nothing");

    let out = site.run(&["import", "teams", "队伍名单.xlsx"], "en");
    assert!(out.status.success(), "{}", text(&out));
    let donghu = site.read(DONGHU);
    assert!(donghu.contains("size = 40\n"), "{donghu}");
    assert!(donghu.contains("founded = 2019  # 核实过\n"), "{donghu}");
    assert!(
        donghu.ends_with("+++\n\n我们自己写的队伍介绍。\n"),
        "body kept: {donghu}"
    );
    let out = site.run(&["import", "teams", "队伍名单.xlsx"], "en");
    assert!(
        text(&out).contains("0 created, 0 updated, 4 unchanged"),
        "{}",
        text(&out)
    );
}

#[test]
fn bad_team_cells_are_named_by_row_and_column() {
    let site = Site::new();
    let mut teams = first_teams();
    teams[0].size = Val::Text("很多");
    teams[0].founded = Val::Text("去年");
    teams[0].phone = "13800138000";
    teams[0].join = "扫码报名";
    teams[1].name = "";
    sheet(&site.root.join("队伍名单.xlsx"), &teams);
    let out = site.run(&["import", "队伍", "队伍名单.xlsx"], "zh");
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    for want in [
        "第 3 行 C 列（人数）：「很多」不是 1 到 100000 之间的整数",
        "第 3 行 G 列（成立时间）：「去年」不是年份",
        "第 3 行 H 列（联系电话）：里面有手机号码（138****8000），不能写进网站",
        "协会对外公开的手机号，要先写进 config.toml 的 [extra.yiyong.privacy] allow",
        "第 3 行 L 列（报名方式）：「扫码报名」不是网址",
        "第 4 行 B 列（队伍名称）：是空的",
    ] {
        assert!(said.contains(want), "{want}:\n{said}");
    }
    assert!(site.section("teams").is_empty(), "nothing written");
    let out = site.run(&["import", "teams", "队伍名单.xlsx"], "en");
    let said = text(&out);
    assert!(
        said.contains("row 3, column C (人数): `很多` is not a whole number from 1 to 100000"),
        "{said}"
    );
    let out = site.run(&["import", "events", "队伍名单.xlsx"], "zh");
    assert!(
        text(&out).contains("或志愿者队伍（teams），不能导入「events」"),
        "{}",
        text(&out)
    );
}

/// A CSV whose headers only a mapping file names, with a mobile number the association lists
/// in `[extra.yiyong.privacy] allow` as its own: imported as the privacy lint would let it be
/// built.
#[test]
fn a_csv_with_a_mapping_file_and_a_published_mobile() {
    let site = Site::new();
    let csv = "队伍全称,志愿者数,擅长,建队,服务电话\n\
               东湖水上救援志愿队,36人,水上救援,２０１９年,138 0013 8000\n";
    std::fs::write(site.root.join("队伍.csv"), csv).unwrap();
    std::fs::write(
        site.root.join("对照.toml"),
        "\"队伍全称\" = \"name\"\n\"志愿者数\" = \"size\"\n\"擅长\" = \"speciality\"\n\"建队\" = \"founded\"\n",
    )
    .unwrap();
    let args = ["import", "teams", "队伍.csv", "--map", "对照.toml"];
    let out = site.run(&args, "en");
    assert!(!out.status.success(), "a mobile number, not allowed yet");
    assert!(
        text(&out).contains("row 2, column E (服务电话): holds a mobile number (138****8000)"),
        "{}",
        text(&out)
    );
    let config = site.read("config.toml") + "\n[extra.yiyong.privacy]\nallow = [\"13800138000\"]\n";
    std::fs::write(site.root.join("config.toml"), config).unwrap();
    let out = site.run(&args, "en");
    assert!(out.status.success(), "{}", text(&out));
    let donghu = site.read(DONGHU);
    for want in [
        "size = 36\n",
        "speciality = [\"水上救援\"]",
        "founded = 2019\n",
        "phone = \"138 0013 8000\"",
    ] {
        assert!(donghu.contains(want), "{want}:\n{donghu}");
    }
    let out = site.run(&["build"], "en");
    assert!(out.status.success(), "{}", text(&out));
    let page = site.read("public/teams/dong-hu-shui-shang-jiu-yuan-zhi-yuan-dui/index.html");
    assert!(page.contains("href=\"tel:13800138000\""));
}
