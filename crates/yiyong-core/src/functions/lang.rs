//! The `lang` argument of Zola's template functions (multilingual sites), and the Sass
//! compile `get_url(cachebust = true)` shares with the build.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;
use tera::Result;

use super::{arg, SiteData};

/// The `lang` argument, checked to be one of the site's languages; the default language
/// when it is not given.
pub(super) fn lang_arg<'a>(
    site: &'a SiteData,
    args: &'a HashMap<String, Value>,
    f: &str,
) -> Result<&'a str> {
    let Some(v) = arg(args, "lang") else {
        return Ok(&site.config.default_language);
    };
    let lang = v
        .as_str()
        .ok_or_else(|| tera::Error::msg(format!("`{f}`: `lang` must be a string")))?;
    if lang != site.config.default_language && !site.config.languages.contains_key(lang) {
        return Err(tera::Error::msg(format!(
            "`{f}`: `{lang}` is not one of the site's languages (add `[languages.{lang}]` to config.toml)"
        )));
    }
    Ok(lang)
}

/// `x.md` in language `fr` is `x.fr.md` (Zola's `add_lang_to_path`: the code goes before
/// the last `.`).
pub(super) fn with_lang(path: &str, lang: &str, default: &str) -> String {
    if lang == default {
        return path.to_string();
    }
    match path.rfind('.') {
        Some(dot) => format!("{}.{lang}{}", &path[..dot], &path[dot..]),
        None => format!("{path}.{lang}"),
    }
}

/// Compiles one Sass file as the build writes it (its folder and its own folder on the load
/// path); `output::compile_sass` and `get_url(cachebust = true)` both use it.
pub fn compile_scss(dir: &Path, file: &Path) -> std::result::Result<String, Box<grass::Error>> {
    let options = grass::Options::default()
        .load_path(dir)
        .load_path(file.parent().unwrap_or(dir));
    grass::from_path(file, &options)
}
