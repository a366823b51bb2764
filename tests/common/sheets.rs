//! Sites and sheets for the `yiyong import` tests: a site made by `yiyong init`, and a hero roll
//! written as a real .xlsx the way associations keep one. The people are fictional. (The team
//! sheets are in `tests/import_teams.rs`, an .ods in `tests/import.rs`.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rust_xlsxwriter::{Format, Workbook};

/// A `yiyong init` site (`InitSite`) whose commands are run in a chosen language, and whose
/// files are read from the site's folder (the imported pages), not from `public/`.
pub struct Site {
    _site: super::InitSite,
    pub root: PathBuf,
}

impl Site {
    pub fn new() -> Site {
        let site = super::InitSite::new();
        let root = site.root.clone();
        Site { _site: site, root }
    }

    pub fn run(&self, args: &[&str], lang: &str) -> Output {
        yiyong(&self.root, args, lang)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn heroes(&self) -> Vec<String> {
        self.section("heroes")
    }

    /// The files of `content/NAME` but its `_index.md`, sorted.
    pub fn section(&self, name: &str) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.root.join("content").join(name))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "_index.md")
            .collect();
        v.sort();
        v
    }
}

pub fn yiyong(dir: &Path, args: &[&str], lang: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .args(args)
        .current_dir(dir)
        .env("YIYONG_LANG", lang)
        .output()
        .expect("run yiyong")
}

pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

pub const HEADERS: &[&str] = &[
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
pub type Hero<'a> = (
    &'a str,
    Date<'a>,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

pub enum Date<'a> {
    Serial(f64),
    Text(&'a str),
}

/// A roll as associations keep it: a merged title row, the header in row 2, the district
/// merged over the first two people, an empty row, serial dates formatted as dates.
pub fn roll(path: &Path, heroes: &[Hero]) {
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

pub fn first_roll() -> Vec<Hero<'static>> {
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
