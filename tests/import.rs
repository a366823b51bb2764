//! `yiyong import`: real .xlsx files (written with rust_xlsxwriter as Excel would save them:
//! a merged title row, serial dates, a full-width date, several honours in one cell, an ID
//! number column) and a GBK CSV imported into a site made by `yiyong init`, which then builds;
//! re-imports that keep a hand-written body; dry runs that write nothing; errors by row and
//! column. The people are fictional.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rust_xlsxwriter::{Format, Formula, Workbook};

struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let out = yiyong(dir.path(), &["init", "site"], "en");
        assert!(out.status.success(), "{}", text(&out));
        let root = dir.path().join("site");
        Site { _dir: dir, root }
    }

    fn run(&self, args: &[&str], lang: &str) -> Output {
        yiyong(&self.root, args, lang)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn heroes(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.root.join("content/heroes"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "_index.md")
            .collect();
        v.sort();
        v
    }
}

fn yiyong(dir: &Path, args: &[&str], lang: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .args(args)
        .current_dir(dir)
        .env("YIYONG_LANG", lang)
        .output()
        .expect("run yiyong")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const HEADERS: &[&str] = &[
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "事发时间",
    "事发地点",
    "区县",
    "事迹简介",
    "荣誉称号",
    "表彰级别",
    "表彰年份",
    "状态",
    "是否匿名",
    "联系电话",
    "备注",
];

/// One row of the roll: (name, deed date, summary, honours, levels, year, status, anonymous).
type Hero<'a> = (
    &'a str,
    Date<'a>,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

enum Date<'a> {
    Serial(f64),
    Text(&'a str),
}

/// A roll as associations keep it: a merged title row, the header in row 2, the district
/// merged over the first two people, an empty row, serial dates formatted as dates.
fn roll(path: &Path, heroes: &[Hero]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("勇士榜").unwrap();
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    ws.merge_range(
        0,
        0,
        0,
        14,
        "2024年某市见义勇为人员名单（虚构示例）",
        &Format::new(),
    )
    .unwrap();
    for (c, h) in HEADERS.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.merge_range(2, 6, 3, 6, "金水区", &Format::new())
        .unwrap();
    for (i, h) in heroes.iter().enumerate() {
        // Row 5 (index 4) stays empty.
        let r = if i < 2 { 2 + i as u32 } else { 3 + i as u32 };
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, h.0).unwrap();
        ws.write_string(r, 2, "男").unwrap();
        ws.write_string(r, 3, "11010519491231002X").unwrap();
        match h.1 {
            Date::Serial(n) => ws.write_number_with_format(r, 4, n, &date).unwrap(),
            Date::Text(s) => ws.write_string(r, 4, s).unwrap(),
        };
        ws.write_string(r, 5, "金水河边").unwrap();
        if i >= 2 {
            ws.write_string(r, 6, "二七区").unwrap();
        }
        for (c, v) in [
            (7, h.2),
            (8, h.3),
            (9, h.4),
            (10, h.5),
            (11, h.6),
            (12, h.7),
        ] {
            if !v.is_empty() {
                ws.write_string(r, c, v).unwrap();
            }
        }
        ws.write_string(r, 13, "13912345678").unwrap();
        ws.write_string(r, 14, "虚构人物").unwrap();
    }
    wb.save(path).unwrap();
}

fn first_roll() -> Vec<Hero<'static>> {
    vec![
        (
            "王小明",
            Date::Serial(45356.0),
            "勇救落水儿童",
            "市级见义勇为模范；省见义勇为先进个人",
            "市级；省级",
            "2024",
            "在世",
            "否",
        ),
        (
            "李华",
            Date::Text("２０２４年６月１日"),
            "制止抢劫",
            "郑州市见义勇为先进个人",
            "",
            "2024",
            "负伤",
            "否",
        ),
        (
            "张建国",
            Date::Text("2023.7.21"),
            "扑救火灾",
            "",
            "",
            "",
            "牺牲",
            "是",
        ),
    ]
}

#[test]
fn imports_a_roll_and_the_site_builds() {
    let site = Site::new();
    roll(&site.root.join("勇士榜.xlsx"), &first_roll());
    let out = site.run(&["导入", "英模", "勇士榜.xlsx"], "zh");
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("已跳过 D 列（身份证号）：身份证号码是个人信息"),
        "{said}"
    );
    assert!(
        said.contains("已跳过 N 列（联系电话）：电话号码是个人信息"),
        "{said}"
    );
    assert!(said.contains("没有导入 O 列（备注）"), "{said}");
    assert!(!said.contains("性别"), "性别 is ignored quietly: {said}");
    assert!(said.contains("新建 3 个"), "{said}");
    assert_eq!(
        site.heroes(),
        ["li-hua.md", "ni-ming-2023-07-21.md", "wang-xiao-ming.md"]
    );
    let wang = site.read("content/heroes/wang-xiao-ming.md");
    for want in [
        "title = \"王小明\"",
        "name = \"王小明\"",
        "deed_date = 2024-03-05",
        "deed_place = \"金水河边\"",
        "district = \"金水区\"",
        "districts = [\"金水区\"]",
        "status = \"living\"",
        "anonymous = false",
        "title = \"市级见义勇为模范\"\nlevel = \"municipal\"\nyear = 2024",
        "title = \"省见义勇为先进个人\"\nlevel = \"provincial\"\nyear = 2024",
        "[extra.import]\nsource = \"勇士榜.xlsx\"\nkey = \"王小明 / 2024-03-05\"",
        "+++\n\n勇救落水儿童\n",
    ] {
        assert!(wang.contains(want), "{want}:\n{wang}");
    }
    assert_eq!(wang.matches("[[extra.hero.honours]]").count(), 2, "{wang}");
    for private in ["11010519491231002X", "13912345678", "虚构人物", "男"] {
        assert!(!wang.contains(private), "{private}:\n{wang}");
    }
    let li = site.read("content/heroes/li-hua.md");
    assert!(
        li.contains("deed_date = 2024-06-01"),
        "full-width date: {li}"
    );
    assert!(li.contains("district = \"金水区\""), "merged cell: {li}");
    assert!(
        li.contains("level = \"municipal\""),
        "level from the title: {li}"
    );
    let anon = site.read("content/heroes/ni-ming-2023-07-21.md");
    assert!(anon.contains("title = \"张某的事迹\""), "{anon}");
    assert!(anon.contains("anonymous = true"), "{anon}");
    assert!(!anon.contains("张建国 /"), "the key holds no name: {anon}");

    let out = site.run(&["build"], "en");
    assert!(out.status.success(), "{}", text(&out));
    let page = site.read("public/heroes/wang-xiao-ming/index.html");
    for want in ["王小明", "勇救落水儿童", "市级见义勇为模范", "金水河边"] {
        assert!(page.contains(want), "{want}");
    }
    let anon = site.read("public/heroes/ni-ming-2023-07-21/index.html");
    assert!(anon.contains("张某") && !anon.contains("张建国"));
}

#[test]
fn reimport_updates_front_matter_and_keeps_what_people_wrote() {
    let site = Site::new();
    let sheet = site.root.join("勇士榜.xlsx");
    roll(&sheet, &first_roll());
    assert!(site
        .run(&["import", "heroes", "勇士榜.xlsx"], "en")
        .status
        .success());
    // Staff write the story and add a field the sheet does not carry.
    let path = site.root.join("content/heroes/wang-xiao-ming.md");
    let edited = site
        .read("content/heroes/wang-xiao-ming.md")
        .replace("勇救落水儿童\n", "我们亲手写的事迹全文。\n")
        .replace(
            "anonymous = false\n",
            "anonymous = false\nage = 35  # 手工添加\n",
        );
    std::fs::write(&path, &edited).unwrap();
    // A file nobody imported, with the name a new row would get.
    let hand = "+++\ntitle = \"周航\"\n[extra.hero]\nname = \"周航\"\n+++\n手写的。\n";
    std::fs::write(site.root.join("content/heroes/zhou-hang.md"), hand).unwrap();

    let mut changed = first_roll();
    changed[0].2 = "冬季勇救落水儿童";
    changed.push((
        "周航",
        Date::Serial(45400.0),
        "救人",
        "",
        "",
        "",
        "在世",
        "否",
    ));
    roll(&sheet, &changed);
    let before: Vec<(String, String)> = site
        .heroes()
        .into_iter()
        .map(|n| (n.clone(), site.read(&format!("content/heroes/{n}"))))
        .collect();
    let out = site.run(&["import", "heroes", "勇士榜.xlsx", "--dry-run"], "en");
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("would update content/heroes/wang-xiao-ming.md (row 3):"),
        "{said}"
    );
    assert!(said.contains("    - summary = \"勇救落水儿童\""), "{said}");
    assert!(
        said.contains("    + summary = \"冬季勇救落水儿童\""),
        "{said}"
    );
    assert!(
        said.contains("would create content/heroes/zhou-hang-2.md (row 7)"),
        "{said}"
    );
    assert!(
        said.contains("unchanged content/heroes/li-hua.md (row 4)"),
        "{said}"
    );
    assert!(
        said.contains("1 to create, 1 to update, 2 unchanged; nothing was written"),
        "{said}"
    );
    let after: Vec<(String, String)> = site
        .heroes()
        .into_iter()
        .map(|n| (n.clone(), site.read(&format!("content/heroes/{n}"))))
        .collect();
    assert_eq!(before, after, "a dry run writes nothing");

    let out = site.run(&["import", "heroes", "勇士榜.xlsx"], "en");
    assert!(out.status.success(), "{}", text(&out));
    let wang = site.read("content/heroes/wang-xiao-ming.md");
    assert!(wang.contains("summary = \"冬季勇救落水儿童\""), "{wang}");
    assert!(
        wang.ends_with("+++\n\n我们亲手写的事迹全文。\n"),
        "body kept: {wang}"
    );
    assert!(
        wang.contains("age = 35  # 手工添加"),
        "hand edit kept: {wang}"
    );
    assert_eq!(
        site.read("content/heroes/zhou-hang.md"),
        hand,
        "not imported: untouched"
    );
    assert!(site
        .read("content/heroes/zhou-hang-2.md")
        .contains("name = \"周航\""));
    // Once more: nothing to do.
    let out = site.run(&["import", "heroes", "勇士榜.xlsx"], "en");
    assert!(
        text(&out).contains("0 created, 0 updated, 4 unchanged"),
        "{}",
        text(&out)
    );
}

#[test]
fn every_bad_cell_is_named_by_row_and_column_and_nothing_is_written() {
    let site = Site::new();
    let sheet = site.root.join("勇士榜.xlsx");
    roll(
        &sheet,
        &[
            (
                "王小明",
                Date::Text("2024-13-45"),
                "救人",
                "",
                "",
                "",
                "在世",
                "否",
            ),
            (
                "李华",
                Date::Serial(45356.0),
                "救人",
                "见义勇为模范",
                "特级",
                "2024",
                "在世",
                "否",
            ),
            ("", Date::Serial(45356.0), "救人", "", "", "", "在世", "否"),
            (
                "周航",
                Date::Serial(45356.0),
                "电话 13912345678",
                "",
                "",
                "",
                "活着",
                "否",
            ),
        ],
    );
    let before = site.heroes();
    let out = site.run(&["import", "heroes", "勇士榜.xlsx"], "zh");
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    for want in [
        "第 3 行 E 列（事发时间）：「2024-13-45」不是日期",
        "第 4 行 J 列（表彰级别）：「特级」不在可选的值里",
        "第 6 行 B 列（姓名）：是空的",
        "第 7 行 H 列（事迹简介）：里面有手机号码（139****5678）",
        "第 7 行 L 列（状态）：「活着」不在可选的值里",
    ] {
        assert!(said.contains(want), "{want}:\n{said}");
    }
    assert_eq!(site.heroes(), before, "nothing written");
    let out = site.run(&["import", "heroes", "勇士榜.xlsx"], "en");
    let said = text(&out);
    assert!(
        said.contains("row 3, column E (事发时间): `2024-13-45` is not a date"),
        "{said}"
    );
}

#[test]
fn places_from_a_gbk_csv() {
    let site = Site::new();
    let csv = "名称,类型,地址,区县,经度,纬度,开放时间,联系电话\n\
               紫荆山见义勇为主题公园,主题公园,某市金水路1号,金水区,113.68,34.76,6:00—22:00,0371-12345678\n\
               二七广场见义勇为宣传长廊,长廊,某市二七路,二七区,,,全天,\n";
    let (gbk, _, bad) = encoding_rs::GBK.encode(csv);
    assert!(!bad);
    std::fs::write(site.root.join("阵地.csv"), &gbk).unwrap();
    let out = site.run(&["import", "阵地", "阵地.csv"], "en");
    assert!(out.status.success(), "{}", text(&out));
    let park = site.read("content/places/zi-jing-shan-jian-yi-yong-wei-zhu-ti-gong-yuan.md");
    for want in [
        "title = \"紫荆山见义勇为主题公园\"",
        "kind = \"theme_park\"",
        "address = \"某市金水路1号\"",
        "hours = \"6:00—22:00\"",
        "[extra.place.coordinates]\nlat = 34.76\nlon = 113.68",
    ] {
        assert!(park.contains(want), "{want}:\n{park}");
    }
    assert!(!park.contains("12345678"));
    let corridor =
        site.read("content/places/er-qi-guang-chang-jian-yi-yong-wei-xuan-chuan-chang-lang.md");
    assert!(corridor.contains("kind = \"corridor\""), "{corridor}");
    assert!(site.run(&["build"], "en").status.success());
}

#[test]
fn hostile_sheets_and_folders_are_refused_with_a_reason() {
    let site = Site::new();
    roll(&site.root.join("勇士榜.xlsx"), &first_roll());
    let out = site.run(
        &["import", "heroes", "勇士榜.xlsx", "--sheet", "Sheet9"],
        "zh",
    );
    assert!(
        text(&out).contains("没有名为「Sheet9」的工作表；有的是：「勇士榜」"),
        "{}",
        text(&out)
    );
    for into in ["../x", "/tmp", "content/../static"] {
        let out = site.run(&["import", "heroes", "勇士榜.xlsx", "--into", into], "en");
        assert!(
            !out.status.success() && text(&out).contains("not inside"),
            "{into}"
        );
    }
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), site.root.join("content/linked")).unwrap();
    let out = site.run(
        &[
            "import",
            "heroes",
            "勇士榜.xlsx",
            "--into",
            "content/linked",
        ],
        "en",
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    // A 10 MB cell: refused by name, not a crash.
    let big = format!("姓名,事迹\n王小明,{}\n", "救".repeat(3_500_000));
    std::fs::write(site.root.join("big.csv"), big).unwrap();
    let out = site.run(&["import", "heroes", "big.csv"], "en");
    assert!(
        text(&out).contains("row 2, column B (事迹): the text is too long"),
        "{}",
        &text(&out)[..200]
    );
    // 60,000 rows: more than any roll.
    let huge: String = std::iter::once("姓名\n".to_string())
        .chain((0..60_000).map(|i| format!("人{i}\n")))
        .collect();
    std::fs::write(site.root.join("huge.csv"), huge).unwrap();
    let out = site.run(&["import", "heroes", "huge.csv"], "en");
    assert!(
        text(&out).contains("more than 50000 rows"),
        "{}",
        text(&out)
    );
    assert_eq!(site.heroes().len(), 0);
}

#[test]
fn formulas_a_mapping_file_and_a_key_column() {
    let site = Site::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["编号", "英雄", "日子", "奖项"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "A-17").unwrap();
    ws.write_formula(1, 1, Formula::new("=\"王\"&\"五\"").set_result("王五"))
        .unwrap();
    ws.write_string(1, 2, "2022/5/4").unwrap();
    ws.write_string(1, 3, "2022年度全国见义勇为英雄").unwrap();
    wb.save(site.root.join("a.xlsx")).unwrap();
    std::fs::write(
        site.root.join("map.toml"),
        "\"英雄\" = \"name\"\n\"日子\" = \"deed_date\"\n\"奖项\" = \"honours\"\n\"编号\" = \"ignore\"\n",
    )
    .unwrap();
    let args = [
        "import", "heroes", "a.xlsx", "--map", "map.toml", "--key", "编号",
    ];
    let out = site.run(&args, "en");
    assert!(out.status.success(), "{}", text(&out));
    let wang = site.read("content/heroes/wang-wu.md");
    assert!(wang.contains("key = \"A-17\""), "{wang}");
    assert!(wang.contains("level = \"national\"\nyear = 2022"), "{wang}");
    std::fs::write(site.root.join("bad.toml"), "\"英雄\" = \"hero_name\"\n").unwrap();
    let out = site.run(&["import", "heroes", "a.xlsx", "--map", "bad.toml"], "en");
    assert!(
        text(&out).contains("there is no such field"),
        "{}",
        text(&out)
    );
}
