use super::scan::scan;
use crate::i18n::{audit, Lang, Msg};

fn fm(lines: &str) -> String {
    format!("+++\ntitle = \"甲\"\n{lines}\n+++\n正文“引号”：可以。\n")
}

/// The English form of each finding (the process language is English in unit tests unless
/// the environment says otherwise, so both are accepted by checking line numbers and text).
fn lines(text: &str) -> Vec<usize> {
    scan(text).into_iter().map(|f| f.line).collect()
}

#[test]
fn catalogue_is_complete() {
    assert_eq!(audit(super::text::ALL), Vec::<String>::new());
}

#[test]
fn finds_each_full_width_class_on_its_line() {
    for typed in [
        "name = “王小明”",
        "name：\"王小明\"",
        "name ＝ \"王小明\"",
        "【extra.hero】",
        "photos = [\"a.jpg\"，\"b.jpg\"]",
        "photos = [\"a.jpg\"、\"b.jpg\"]",
        "age = ３０",
        "age　= 30",
        "lat = 34．75",
        "lat = ‘34’",
    ] {
        assert_eq!(lines(&fm(typed)), vec![3], "{typed}");
    }
}

#[test]
fn text_inside_quotes_and_comments_is_left_alone() {
    for ok in [
        "name = \"王“小”明，２０２６：【】\"",
        "name = '王“小”明'",
        "# 注释：写“姓名”，２０２６",
        "summary = \"\"\"\n第一行：“引号”\n第二行，２０２６\n\"\"\"",
        "name = \"王小明\"  # 姓名：“可以”",
        "date = 2026-12-01",
        "start = 2027-01-05T09:00:00",
        "age = 30",
        "lat = -34.5",
        "anonymous = false",
    ] {
        assert_eq!(lines(&fm(ok)), Vec::<usize>::new(), "{ok}");
    }
}

#[test]
fn the_body_is_not_front_matter() {
    assert!(scan("+++\ntitle = \"甲\"\n+++\nname = “王”\n").is_empty());
}

#[test]
fn values_and_dates() {
    for (typed, fixed) in [
        ("date = 2026/12/01", "date = 2026-12-01"),
        ("date = 2026-12-1", "date = 2026-12-01"),
        ("date = 2026年12月1日", "date = 2026-12-01"),
        ("name = 王小明", "name = \"王小明\""),
        ("age = 1,234", "age = 1234"),
        ("age = 30岁", "age = 30"),
        ("anonymous = 是", "anonymous = true"),
    ] {
        let found = scan(&fm(typed));
        assert_eq!(found.len(), 1, "{typed}: {found:?}");
        let hint = found[0].hint.clone().unwrap_or_default();
        assert!(hint.contains(fixed), "{typed}: {hint}");
    }
    let feb = scan(&fm("date = 2026-02-30"));
    assert_eq!(feb.len(), 1);
}

#[test]
fn a_full_width_line_gets_the_line_typed_right() {
    let found = scan(&fm("name：“王小明”"));
    assert_eq!(found.len(), 2, "{found:?}");
    let hint = found[0].hint.clone().unwrap_or_default();
    assert!(hint.contains("name = \"王小明\""), "{hint}");
}

#[test]
fn crlf_and_bom_keep_line_numbers() {
    let text = "\u{feff}+++\r\ntitle = \"甲\"\r\nname = “王”\r\n+++\r\n";
    assert_eq!(lines(text), vec![3]);
}

#[test]
fn chinese_messages() {
    let m = Msg {
        ..super::text::FULL_WIDTH
    };
    let s = m.fmt_in(
        Lang::Zh,
        &[
            ("what", &"中文引号"),
            ("typed", &"“ ”"),
            ("instead", &"英文引号"),
            ("fix", &"\" \""),
        ],
    );
    assert_eq!(s, "你输入了中文引号 “ ”，请改成英文引号 \" \"");
}

/// No text makes the pre-pass panic, and what it says stays short: random lines from the
/// characters it reads specially (a cheap stand-in for the fuzz targets, run with the tests).
#[test]
fn any_text_is_read_without_panic() {
    let alphabet: Vec<char> =
        "\"'#=[]{}:,.-\\ \n\r\t“”‘’＂＇＝【】［］｛｝，、０９　．。－＃：＋a年月日2026/王"
            .chars()
            .collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..20_000 {
        let mut text = String::from("+++\n");
        let len = (seed % 40) as usize;
        for _ in 0..len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        text.push_str("\n+++\n");
        for f in scan(&text) {
            assert!(f.message.chars().count() < 200, "{text:?}: {f:?}");
        }
        let _ = super::scan::scan_toml(&text);
        let _ = super::dates::hint(&text);
        let _ = super::dates::year_number(&text);
    }
    let long = format!("+++\nname = {}\n+++\n", "“".repeat(100_000));
    let found = scan(&long);
    assert!(found
        .iter()
        .all(|f| f.hint.as_ref().is_none_or(|h| h.chars().count() < 300)));
}
