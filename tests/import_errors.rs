//! `yiyong import` refusing what it must: bad cells named by row and column with nothing
//! written, hostile sheets and folders, and the rest of the column handling (a GBK CSV of
//! places, formulas, a mapping file, a key column).

mod common;

use common::sheets::{first_roll, roll, text, Date, Site};
use rust_xlsxwriter::{Formula, Workbook};

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
    // An xlsx with a cell far away (row 60,001, or column XFD) is refused, not allocated.
    for (row, col) in [(60_000, 0), (5, 16_383)] {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "姓名").unwrap();
        ws.write_string(1, 0, "王小明").unwrap();
        ws.write_string(row, col, "x").unwrap();
        wb.save(site.root.join("far.xlsx")).unwrap();
        let out = site.run(&["import", "heroes", "far.xlsx"], "en");
        assert!(
            text(&out).contains("more than 50000 rows or 200 columns"),
            "{}",
            text(&out)
        );
    }
    // A header cell holding a paragraph is shown cut short.
    let long = format!("姓名,{}\n王小明,x\n", "备".repeat(100_000));
    std::fs::write(site.root.join("long.csv"), long).unwrap();
    let out = site.run(&["import", "heroes", "long.csv", "--dry-run"], "en");
    assert!(
        out.status.success() && text(&out).len() < 2_000,
        "{}",
        text(&out).len()
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
