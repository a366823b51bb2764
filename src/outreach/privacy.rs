//! Anonymous heroes: `anonymous = true` shows the name as 张某 everywhere. The real name is
//! replaced in the page before anything is rendered (title, description, text and every hero
//! field), so it cannot reach any output, and the author is warned to fix the source.

use serde_json::Value;

use crate::content::Page;
use crate::error::Diagnostic;

const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "长孙",
    "宇文", "司徒", "端木", "南宫",
];

/// 张三 → 张某, 欧阳明 → 欧阳某; a name of one character becomes 某.
pub fn mask(name: &str) -> String {
    let name = name.trim();
    let surname = COMPOUND_SURNAMES
        .iter()
        .find(|s| name.starts_with(**s) && name.chars().count() > 2)
        .map(|s| s.to_string())
        .unwrap_or_else(|| {
            if name.chars().count() > 1 {
                name.chars().take(1).collect()
            } else {
                String::new()
            }
        });
    format!("{surname}某")
}

fn replace_in(v: &mut Value, real: &str, masked: &str) -> bool {
    match v {
        Value::String(s) if s.contains(real) => {
            *s = s.replace(real, masked);
            true
        }
        Value::Array(a) => a
            .iter_mut()
            .fold(false, |acc, x| replace_in(x, real, masked) | acc),
        Value::Object(o) => o
            .values_mut()
            .fold(false, |acc, x| replace_in(x, real, masked) | acc),
        _ => false,
    }
}

/// Hides the name of an anonymous hero; returns a warning naming where it was found.
pub fn anonymize(page: &mut Page) -> Option<Diagnostic> {
    let hero = page.meta.extra.get_mut("hero")?.as_object_mut()?;
    if hero.get("anonymous").and_then(Value::as_bool) != Some(true) {
        return None;
    }
    let real = hero.get("name")?.as_str()?.trim().to_string();
    let masked = mask(&real);
    if real.is_empty() || real == masked {
        return None;
    }
    hero.insert("name".into(), Value::String(masked.clone()));
    let mut found = vec![];
    for (field, text) in [
        ("title", &mut page.meta.title),
        ("description", &mut page.meta.description),
    ] {
        if let Some(t) = text.as_mut().filter(|t| t.contains(&real)) {
            *t = t.replace(&real, &masked);
            found.push(field);
        }
    }
    if page.raw_content.contains(&real) {
        page.raw_content = page.raw_content.replace(&real, &masked);
        found.push("text");
    }
    let mut extra = Value::Object(std::mem::take(&mut page.meta.extra));
    if replace_in(&mut extra, &real, &masked) {
        found.push("[extra]");
    }
    if let Value::Object(o) = extra {
        page.meta.extra = o;
    }
    let name_slug = slug::slugify(&real);
    if !name_slug.is_empty() && page.path.contains(&name_slug) {
        found.push("page address (rename the file or set `slug`)");
    }
    (!found.is_empty()).then(|| {
        Diagnostic::in_file(
            &page.file.path,
            format!(
                "anonymous hero: the real name still appears in the {}; it was shown as {masked}",
                found.join(", ")
            ),
        )
        .with_hint(format!("replace the name with {masked} in the file itself"))
    })
}

/// Reading time for Chinese: Han characters at about 400 a minute, other words at 200.
pub fn chinese_reading_time(raw: &str) -> usize {
    let han = raw
        .chars()
        .filter(|c| matches!(*c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF))
        .count();
    let (all, _) = crate::content::word_count(raw);
    let other = all.saturating_sub(han);
    ((han as f64 / 400.0 + other as f64 / 200.0).ceil() as usize).max(usize::from(all > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        assert_eq!(mask("张三"), "张某");
        assert_eq!(mask("欧阳明"), "欧阳某");
        assert_eq!(mask("王"), "某");
        assert_eq!(chinese_reading_time(&"字".repeat(800)), 2);
        assert_eq!(chinese_reading_time(""), 0);
    }
}
