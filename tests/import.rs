//! `yiyong import`: a real .xlsx roll (written with rust_xlsxwriter as Excel saves one: a merged
//! title row, serial dates, a full-width date, several honours in one cell, an ID number column)
//! imported into a site made by `yiyong init`, which then builds; a re-import that keeps the
//! hand-written body and fields; a dry run that writes nothing; an OpenDocument sheet (.ods, as
//! LibreOffice and WPS save it) zipped by hand. Errors: `import_errors.rs`; teams:
//! `import_teams.rs`.

mod common;

use std::io::Write;
use std::path::Path;

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

/// A cell of an .ods: text, or a date as ODF writes one (`office:date-value`).
enum Ods<'a> {
    Text(&'a str),
    Date(&'a str),
}

/// An .ods as the format asks: a zip whose first entry is `mimetype`, stored uncompressed,
/// then the manifest and `content.xml` with one table.
fn ods(path: &Path, sheet: &str, rows: &[Vec<Ods>]) {
    let cell = |c: &Ods| {
        match c {
        Ods::Text(s) => format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{s}</text:p></table:table-cell>"
        ),
        Ods::Date(d) => format!(
            "<table:table-cell office:value-type=\"date\" office:date-value=\"{d}\"><text:p>{d}</text:p></table:table-cell>"
        ),
    }
    };
    let table: String = rows
        .iter()
        .map(|r| {
            let cells: String = r.iter().map(cell).collect();
            format!("<table:table-row>{cells}</table:table-row>")
        })
        .collect();
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"{sheet}\">{table}\
         </table:table></office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest \
         xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
         <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
         <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
         </manifest:manifest>";
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, body) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content.as_str()),
    ] {
        z.start_file(name, stored).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

#[test]
fn heroes_from_an_ods_file() {
    let site = Site::new();
    let t = Ods::Text;
    let rows = vec![
        vec![t("2024年见义勇为人员名单（虚构示例）")],
        vec![
            t("姓名"),
            t("事发时间"),
            t("事迹简介"),
            t("荣誉称号"),
            t("状态"),
        ],
        vec![
            t("王小明"),
            Ods::Date("2024-03-05"),
            t("勇救落水儿童"),
            t("2024年度市级见义勇为模范"),
            t("在世"),
        ],
        vec![
            t("李华"),
            t("２０２３年７月２１日"),
            t("制止抢劫"),
            t(""),
            t("负伤"),
        ],
    ];
    ods(&site.root.join("勇士榜.ods"), "勇士榜", &rows);
    let out = site.run(
        &["import", "heroes", "勇士榜.ods", "--sheet", "勇士榜"],
        "en",
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("2 created"), "{}", text(&out));
    assert_eq!(site.heroes(), ["li-hua.md", "wang-xiao-ming.md"]);
    let wang = site.read("content/heroes/wang-xiao-ming.md");
    for want in [
        "deed_date = 2024-03-05",
        "summary = \"勇救落水儿童\"",
        "title = \"2024年度市级见义勇为模范\"\nlevel = \"municipal\"\nyear = 2024",
        "source = \"勇士榜.ods\"",
    ] {
        assert!(wang.contains(want), "{want}:\n{wang}");
    }
    let li = site.read("content/heroes/li-hua.md");
    assert!(li.contains("deed_date = 2023-07-21"), "{li}");
    assert!(li.contains("status = \"injured\""), "{li}");
}

/// Excel's district header 「县(市、区)」: the header is matched after the bracket is cut
/// (「县」), which no list held, so the district column was left out with an "unknown column"
/// warning. The same for a place sheet with the full-width 「县（市、区）」.
#[test]
fn the_district_header_with_brackets_is_imported() {
    let site = Site::new();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "事发时间", "县(市、区)", "事迹简介"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in ["王小明", "2024-03-05", "金水区", "勇救落水儿童"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    wb.save(site.root.join("名单.xlsx")).unwrap();
    let out = site.run(&["import", "heroes", "名单.xlsx"], "en");
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(!said.contains("was not imported"), "{said}");
    let wang = site.read("content/heroes/wang-xiao-ming.md");
    for want in ["district = \"金水区\"", "districts = [\"金水区\"]"] {
        assert!(wang.contains(want), "{want}:\n{wang}");
    }

    std::fs::write(
        site.root.join("阵地.csv"),
        "名称,类型,县（市、区）\n金水区见义勇为主题公园,主题公园,金水区\n",
    )
    .unwrap();
    let out = site.run(&["import", "places", "阵地.csv"], "en");
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(!said.contains("was not imported"), "{said}");
    let [place] = site.section("places").try_into().unwrap();
    let place = site.read(&format!("content/places/{place}"));
    assert!(place.contains("district = \"金水区\""), "{place}");
}
