//! `yiyong import`: a real .xlsx roll (written with rust_xlsxwriter as Excel saves one: a merged
//! title row, serial dates, a full-width date, several honours in one cell, an ID number column)
//! imported into a site made by `yiyong init`, which then builds; a re-import that keeps the
//! hand-written body and fields; a dry run that writes nothing. Errors: `import_errors.rs`.

mod common;

use common::sheets::{first_roll, roll, text, Date, Site};

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
        )
        .replace("status = \"living\"\n", "status = \"living\"  # 已核实\n")
        .replace(
            "summary = \"勇救落水儿童\"\n",
            "summary = \"勇救落水儿童\"  # 表格里的\n",
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
    assert!(
        said.contains("    - summary = \"勇救落水儿童\"  # 表格里的"),
        "{said}"
    );
    assert!(
        said.contains("    + summary = \"冬季勇救落水儿童\"  # 表格里的"),
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
    assert!(
        wang.contains("summary = \"冬季勇救落水儿童\"  # 表格里的\n"),
        "{wang}"
    );
    assert!(
        wang.ends_with("+++\n\n我们亲手写的事迹全文。\n"),
        "body kept: {wang}"
    );
    assert!(
        wang.contains("age = 35  # 手工添加"),
        "hand edit kept: {wang}"
    );
    assert!(
        wang.contains("status = \"living\"  # 已核实"),
        "comment kept: {wang}"
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
