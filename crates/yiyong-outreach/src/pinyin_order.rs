//! Chinese names in pinyin order (北山区, 滨海新区, 登封市…), as a directory lists them, rather
//! than by code point: `pinyin_sort(items=…, key="label")` for templates, and the order of
//! `get_teams`' districts. Each character by its usual reading (the `pinyin` crate), except the
//! place names read otherwise (重庆 chong, 长沙 chang, 厦门 xia…), listed here.

use std::collections::HashMap;

use pinyin::ToPinyin;
use serde_json::Value;
use tera::{Function, Result};

/// Place-name readings the character's usual reading gets wrong: a word, or one character
/// (长 in place names is chang: 长沙, 长春, 长安, 长宁).
const READINGS: &[(&str, &[&str])] = &[
    ("重庆", &["chong", "qing"]),
    ("厦门", &["xia", "men"]),
    ("六安", &["lu", "an"]),
    ("六合", &["lu", "he"]),
    ("蚌埠", &["beng", "bu"]),
    ("番禺", &["pan", "yu"]),
    ("乐清", &["yue", "qing"]),
    ("单县", &["shan", "xian"]),
    ("莘县", &["shen", "xian"]),
    ("朝阳", &["chao", "yang"]),
    ("西藏", &["xi", "zang"]),
    ("涡阳", &["guo", "yang"]),
    ("铅山", &["yan", "shan"]),
    ("洪洞", &["hong", "tong"]),
    ("东阿", &["dong", "e"]),
    ("蔚县", &["yu", "xian"]),
    ("长", &["chang"]),
    ("荥", &["xing"]),
];

/// The sort key of a name: one syllable (or other character, lower-cased) after another.
pub fn key(name: &str) -> Vec<String> {
    let mut out = vec![];
    let mut rest = name.trim();
    'outer: while let Some(c) = rest.chars().next() {
        for (word, syllables) in READINGS {
            if let Some(after) = rest.strip_prefix(word) {
                out.extend(syllables.iter().map(|s| s.to_string()));
                rest = after;
                continue 'outer;
            }
        }
        match c.to_pinyin() {
            Some(p) => out.push(p.plain().to_string()),
            None => out.extend(c.to_lowercase().map(String::from)),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `pinyin_sort(items=list)`: a list of names in pinyin order; `key="label"`: a list of
/// objects by that field (the `by_district` lists of `get_statistics()`).
pub struct PinyinSort;
impl Function for PinyinSort {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let items = match args.get("items") {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(tera::Error::msg(
                    "pinyin_sort needs `items`, a list, e.g. pinyin_sort(items=s.heroes.by_district, key=\"label\")",
                ))
            }
        };
        let field = args.get("key").and_then(Value::as_str);
        let name = |v: &Value| -> String {
            let v = field.map_or(Some(v), |f| v.get(f));
            match v {
                Some(Value::String(s)) => s.clone(),
                Some(other) if !other.is_null() => other.to_string(),
                _ => String::new(),
            }
        };
        let mut keyed: Vec<(Vec<String>, String, &Value)> = items
            .iter()
            .map(|v| {
                let n = name(v);
                (key(&n), n, v)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        Ok(Value::Array(
            keyed.into_iter().map(|(_, _, v)| v.clone()).collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Pinyin order, then code point order for names that read the same.
    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| key(a).cmp(&key(b)).then_with(|| a.cmp(b)));
        v
    }

    #[test]
    fn districts_sort_by_pinyin_not_code_point() {
        // By code point: 中原区 (U+4E2D) before 二七区 (U+4E8C) before 金水区 (U+91D1).
        assert_eq!(
            sorted(&[
                "中原区",
                "金水区",
                "二七区",
                "管城回族区",
                "惠济区",
                "上街区"
            ]),
            [
                "二七区",
                "管城回族区",
                "惠济区",
                "金水区",
                "上街区",
                "中原区"
            ]
        );
    }

    #[test]
    fn place_names_read_otherwise_sort_by_their_reading() {
        assert_eq!(
            sorted(&[
                "重庆市",
                "长沙市",
                "厦门市",
                "郑州市",
                "北京市",
                "荥阳市",
                "新密市"
            ]),
            [
                "北京市",
                "长沙市",
                "重庆市",
                "厦门市",
                "新密市",
                "荥阳市",
                "郑州市"
            ]
        );
    }

    #[test]
    fn latin_and_digits_sort_among_the_syllables() {
        assert_eq!(key("A区"), ["a", "qu"]);
        assert_eq!(sorted(&["2号站", "B站", "安阳"]), ["2号站", "安阳", "B站"]);
    }

    #[test]
    fn the_function_sorts_names_or_objects_by_a_field() {
        let f = PinyinSort;
        let args = |v: Value| HashMap::from([("items".to_string(), v)]);
        let names = f.call(&args(json!(["中原区", "二七区"]))).unwrap();
        assert_eq!(names, json!(["二七区", "中原区"]));
        let mut a = args(json!([{"label": "中原区", "count": 9}, {"label": "二七区", "count": 1}]));
        a.insert("key".into(), json!("label"));
        let objects = f.call(&a).unwrap();
        assert_eq!(objects[0]["label"], "二七区");
        assert!(f.call(&HashMap::new()).is_err());
    }
}
