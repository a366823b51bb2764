//! Replaces a protected name written exactly as it is (`欧阳振华`, or the given name `振华`)
//! with its masked form (`欧阳某`) in a loaded page, before resolve makes its terms: everywhere on the hero's own
//! page, and on other pages where `anonymous_names = "mask"`. Other written forms are errors
//! (see `check`), so nothing here needs to be clever.

use serde_json::Value;

use super::names::Hero;
use yiyong_core::Page;

/// Masks `hero` in `page`; returns the fields where it was found.
pub fn mask_page(page: &mut Page, hero: &Hero) -> Vec<&'static str> {
    let mut words = vec![hero.real.as_str()];
    words.extend(hero.given.as_deref());
    let mut found = vec![];
    for (field, text) in [
        ("title", &mut page.meta.title),
        ("description", &mut page.meta.description),
    ] {
        if let Some(t) = text.as_mut() {
            if replace(t, &words, &hero.masked) {
                found.push(field);
            }
        }
    }
    if replace(&mut page.raw_content, &words, &hero.masked) {
        found.push("text");
    }
    // Before resolve, so that no term page is made from the name.
    let mut in_terms = false;
    for terms in page.meta.taxonomies.values_mut() {
        for t in terms.iter_mut() {
            in_terms |= replace(t, &words, &hero.masked);
        }
        let mut seen = std::collections::HashSet::new();
        terms.retain(|t| seen.insert(t.clone()));
    }
    if in_terms {
        found.push("taxonomy terms");
    }
    let mut extra = Value::Object(std::mem::take(&mut page.meta.extra));
    if replace_in(&mut extra, &words, &hero.masked) {
        found.push("[extra]");
    }
    if let Value::Object(o) = extra {
        page.meta.extra = o;
    }
    found
}

/// The full name first, so 欧阳振华 becomes 欧阳某 and not 欧阳欧阳某.
fn replace(s: &mut String, words: &[&str], masked: &str) -> bool {
    let mut changed = false;
    for w in words {
        if s.contains(w) {
            *s = s.replace(w, masked);
            changed = true;
        }
    }
    changed
}

/// Whether a front matter string names a file (`photo = "images/x.jpg"`): masking it would
/// only break the link, so `check` asks for the file to be renamed instead.
pub fn is_file_name(s: &str) -> bool {
    const EXT: &[&str] = &[
        "jpg", "jpeg", "jpe", "jfif", "png", "gif", "webp", "avif", "svg", "bmp", "tif", "tiff",
        "heic", "pdf", "mp4", "mp3", "doc", "docx", "xls", "xlsx",
    ];
    s.rsplit_once('.')
        .is_some_and(|(_, e)| EXT.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn replace_in(v: &mut Value, words: &[&str], masked: &str) -> bool {
    match v {
        Value::String(s) if is_file_name(s) => false,
        Value::String(s) => replace(s, words, masked),
        Value::Array(a) => a
            .iter_mut()
            .fold(false, |acc, x| replace_in(x, words, masked) | acc),
        Value::Object(o) => o
            .values_mut()
            .fold(false, |acc, x| replace_in(x, words, masked) | acc),
        _ => false,
    }
}
