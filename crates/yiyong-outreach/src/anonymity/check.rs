//! The sources checked for an anonymous hero's name: other pages that name the hero (errors
//! with file and line, or masked with a warning where the config asks), the hero's own page
//! where a written form cannot be masked, and addresses, aliases and taxonomy terms made from
//! the name as they will be published (errors: an address cannot be masked after the fact;
//! a term written as the name is masked before resolve, so only other forms remain).

use std::path::Path;

use pinyin::ToPinyin;
use rayon::prelude::*;
use serde_json::Value;

use super::fold;
use super::names::{Form, Hit, Names};
use yiyong_core::error::{line_of_key, line_of_offset, Diagnostic};
use yiyong_core::Config;
use yiyong_core::Page;

/// `[extra.yiyong.privacy] anonymous_names`: what to do when another page names an
/// anonymous hero. `error` (the default) stops the build; `mask` writes 张某 with a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherPages {
    Error,
    Mask,
}

impl OtherPages {
    pub fn from_config(config: &Config) -> OtherPages {
        let v = config
            .extra
            .get("yiyong")
            .and_then(|y| y.get("privacy"))
            .and_then(|p| p.get("anonymous_names"))
            .and_then(Value::as_str);
        if v == Some("mask") {
            OtherPages::Mask
        } else {
            OtherPages::Error
        }
    }
}

#[derive(Default)]
pub struct Found {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// Checks source files (`(file, is a page)`: read from disk, so masking does not hide what
/// the author wrote) and the addresses, aliases and terms of `pages`, which are checked as
/// they will be published (after masking).
pub fn check(files: &[(&Path, bool)], pages: &[Page], names: &Names, other: OtherPages) -> Found {
    let mut found = Found::default();
    if names.is_empty() {
        return found;
    }
    let results: Vec<Found> = files
        .par_iter()
        .map(|(file, page)| check_file(file, *page, names, other))
        .collect();
    let address_errors: Vec<Diagnostic> = pages
        .par_iter()
        .flat_map_iter(|p| addresses(p, names))
        .collect();
    // A term or slug line is reported once, by what it makes (a term page, an address).
    let at = |d: &Diagnostic| (d.file.clone(), d.line);
    let taken: std::collections::HashSet<_> = address_errors.iter().map(at).collect();
    for r in results {
        found
            .errors
            .extend(r.errors.into_iter().filter(|d| !taken.contains(&at(d))));
        found.warnings.extend(r.warnings);
    }
    found.errors.extend(address_errors);
    found
}

fn form_name(names: &Names, h: &Hit) -> String {
    let hero = &names.heroes[h.hero];
    match h.form {
        Form::Full => format!("the real name {}", hero.real),
        Form::Given => format!(
            "the given name {} of {}",
            hero.given.as_deref().unwrap_or(""),
            hero.real
        ),
        Form::Pinyin | Form::GivenPinyin => format!("the name {} in pinyin", hero.real),
    }
}

/// The text of one source file: hits in its text, front matter included.
fn check_file(file: &Path, page: bool, names: &Names, other: OtherPages) -> Found {
    let mut found = Found::default();
    let Ok(text) = std::fs::read_to_string(file) else {
        return found;
    };
    if !names.may_hold(&text, true) {
        return found;
    }
    let folded = fold::fold(&text, true);
    for h in names.find(&folded, false) {
        let hero = &names.heroes[h.hero];
        let own = hero.file == file;
        let written = &folded.decoded[h.start..h.end];
        // Written exactly as the name, it can be replaced before rendering.
        let exact = written == hero.real || Some(written) == hero.given.as_deref();
        if own && exact {
            continue;
        }
        let line = line_of_offset(&folded.decoded, h.start);
        let what = form_name(names, &h);
        let d = if own {
            Diagnostic::in_file(file, format!(
                "anonymous hero: {what} is written here as “{written}”, which cannot be hidden automatically (匿名英模的姓名不能出现)"
            ))
            .with_hint(format!("write {} instead", hero.masked))
        } else {
            Diagnostic::in_file(file, format!(
                "names the anonymous hero of {} ({what}, written “{written}”) (此页提到了匿名英模的真实姓名)",
                hero.file.display()
            ))
            .with_hint(format!(
                "write {} instead; or set anonymous_names = \"mask\" in [extra.yiyong.privacy] to have it replaced",
                hero.masked
            ))
        };
        let d = d.at_line(Some(line));
        if !own && exact && other == OtherPages::Mask && page {
            found.warnings.push(Diagnostic {
                message: format!("{} — shown as {}", d.message, hero.masked),
                hint: Some(format!("write {} in the file itself", hero.masked)),
                ..d
            });
        } else {
            found.errors.push(d);
        }
    }
    // Hits of the names themselves inside the name's own front matter key are fine; any other
    // place (such as a taxonomy term) is reported by `addresses`.
    found
}

/// Addresses, aliases and taxonomy terms of a page that are made from a protected name.
fn addresses(page: &Page, names: &Names) -> Vec<Diagnostic> {
    let mut out = vec![];
    // The keys whose line a finding names; the file is read only when something is found.
    let mut places: Vec<(String, String, Vec<&str>)> = vec![(
        format!("its address /{}", page.path.trim_start_matches('/')),
        page.path.clone(),
        vec!["slug", "path"],
    )];
    for a in &page.meta.aliases {
        places.push((format!("its alias {a}"), a.clone(), vec!["aliases"]));
    }
    let mut files = vec![];
    page.meta
        .extra
        .values()
        .for_each(|v| file_names(v, &mut files));
    for f in files {
        places.push((format!("the file name “{f}”"), f, vec!["photo", "photos"]));
    }
    for (tax, terms) in &page.meta.taxonomies {
        for t in terms {
            places.push((
                format!("the {tax} term “{t}”"),
                t.clone(),
                vec![tax.as_str()],
            ));
        }
    }
    let text = std::cell::OnceCell::new();
    let line = |keys: &[&str]| {
        let text: &String =
            text.get_or_init(|| std::fs::read_to_string(&page.file.path).unwrap_or_default());
        keys.iter().find_map(|k| line_of_key(text, k))
    };
    for (what, value, keys) in places {
        let folded = fold::fold(&value, false);
        let own = |h: &Hit| names.heroes[h.hero].file == page.file.path;
        let mut hits = names.find(&folded, true).into_iter();
        let Some(h) = hits.find(|h| h.form != Form::GivenPinyin || own(h)) else {
            continue;
        };
        let hero = &names.heroes[h.hero];
        let hint = if what.starts_with("its address") {
            format!(
                "set slug = \"{}\" in the front matter (or another address without the name)",
                suggested_slug(page, &hero.real)
            )
        } else if what.starts_with("the file name") {
            format!(
                "rename the file (e.g. {}.jpg) and write its new name here: its name would be published in its address",
                suggested_slug(page, &hero.real)
            )
        } else if what.starts_with("its alias") {
            "remove the alias, or write it without the name".into()
        } else {
            format!(
                "remove the term or write {} instead: a term gets a page of its own",
                hero.masked
            )
        };
        out.push(
            Diagnostic::in_file(
                &page.file.path,
                format!(
                    "{what} is made from {} of the anonymous hero of {} (网址、分类和文件名不能用匿名英模的真名)",
                    form_name(names, &h),
                    hero.file.display()
                ),
            )
            .at_line(line(&keys).or(Some(1)))
            .with_hint(hint),
        );
    }
    out
}

/// Every string of the front matter's `[extra]` that names a file.
fn file_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if super::mask::is_file_name(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| file_names(x, out)),
        Value::Object(o) => o.values().for_each(|x| file_names(x, out)),
        _ => {}
    }
}

/// An address that says nothing of the name: the surname's pinyin, 某 and a year,
/// e.g. `liu-mou-2021`.
fn suggested_slug(page: &Page, real: &str) -> String {
    let head: &str = super::names::surname_of(real);
    let surname: String = head.to_pinyin().flatten().map(|p| p.plain()).collect();
    let year = page
        .datetime
        .map(|d| d.format("%Y").to_string())
        .unwrap_or_else(|| "1".into());
    format!(
        "{}-mou-{year}",
        if surname.is_empty() {
            "ni-ming"
        } else {
            &surname
        }
    )
}
