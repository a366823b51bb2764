//! `get_url`: a page's, section's or file's URL, with `cachebust`'s hash of the file, each
//! made once a build.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;
use tera::{Function, Result};

use super::file_hash::hash_file;
use super::lang::{lang_arg, with_lang};
use super::{bool_arg, str_arg, SiteData};

/// The function templates call as `get_url`.
pub(super) fn function(site: Arc<SiteData>) -> impl Function {
    GetUrl(site)
}

site_fn!(GetUrl, safe, |site, args| {
    KEY.with_borrow_mut(|key| {
        let keyed = url_key(args, key);
        if keyed {
            let urls = site.urls.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(url) = urls.get(key.as_slice()) {
                return Ok(Value::String(url.clone()));
            }
        }
        let url = make_url(site, args)?;
        if keyed {
            let mut urls = site.urls.lock().unwrap_or_else(|e| e.into_inner());
            urls.insert(key.clone(), url.clone());
        }
        Ok(Value::String(url))
    })
});

thread_local! {
    /// The key of the call at hand (`url_key`), one buffer a thread.
    static KEY: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Writes `get_url`'s arguments into `key` and says whether they can key its URL: they can
/// when it is given no others, since within a build the URL depends on them alone. Each is
/// written with its kind and length, so no two sets of arguments write the same key. (Read
/// by going over the call's arguments: looking each name up hashed it with SipHash, and the
/// memo then cost more than making the URL.)
fn url_key(args: &HashMap<String, Value>, key: &mut Vec<u8>) -> bool {
    const ARGS: [&str; 4] = ["path", "lang", "cachebust", "trailing_slash"];
    let mut given: [Option<&Value>; 4] = [None; 4];
    for (name, value) in args {
        match ARGS.iter().position(|a| a == name) {
            Some(i) => given[i] = Some(value),
            None => return false,
        }
    }
    key.clear();
    for value in given {
        match value {
            None | Some(Value::Null) => key.push(0),
            Some(Value::Bool(b)) => key.push(1 + u8::from(*b)),
            Some(Value::String(s)) => {
                key.push(3);
                key.extend_from_slice(&s.len().to_le_bytes());
                key.extend_from_slice(s.as_bytes());
            }
            Some(_) => return false,
        }
    }
    true
}

/// The URL `get_url` gives for `args` (see `GetUrl`).
fn make_url(site: &SiteData, args: &HashMap<String, Value>) -> Result<String> {
    let path = str_arg(args, "get_url", "path")?;
    let cachebust = bool_arg(args, "cachebust", false);
    let trailing = bool_arg(args, "trailing_slash", false);
    let lang = lang_arg(site, args, "get_url")?;
    let default = &site.config.default_language;
    if let Some(target) = path.strip_prefix("@/") {
        // `@/blog/x.md#a` in French is `@/blog/x.fr.md#a`: the code goes before the last
        // `.` of the whole link, as in Zola.
        let target = &with_lang(target, lang, default);
        let (p, anchor) = target
            .split_once('#')
            .map(|(p, a)| (p, Some(a)))
            .unwrap_or((target, None));
        let item = site
            .library
            .get(p)
            .ok_or_else(|| tera::Error::msg(format!("get_url: there is no content/{p}")))?;
        let mut url = site.library.permalink_of(item).to_string();
        if let Some(a) = anchor {
            url = format!("{url}#{a}");
        }
        return Ok(url);
    }
    if crate::links::is_external(&path) {
        return Ok(path);
    }
    // Another language's URL is below `/<code>/` unless the path is already (Zola).
    let path = match lang != default.as_str() && !path.get(1..).unwrap_or("").starts_with(lang) {
        true => format!("{lang}/{}", path.trim_start_matches('/')),
        false => path,
    };
    let mut url = site.config.make_permalink(&path);
    let is_root = path.trim_matches('/').is_empty();
    if trailing && !url.ends_with('/') {
        url.push('/');
    } else if !trailing && url.ends_with('/') && !is_root && !path.ends_with('/') {
        url.pop();
    }
    if cachebust {
        let known = site
            .busted
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&path)
            .cloned();
        let hash = match known {
            Some(hash) => hash,
            None => cachebust_hash(site, &path)?,
        };
        url = format!("{url}?h={}", hash.get(..20).unwrap_or(&hash));
    }
    Ok(url)
}

/// The hash `get_url(cachebust=true)` gives `path` (kept for the rest of the build).
fn cachebust_hash(site: &SiteData, path: &str) -> Result<String> {
    let hash = match site.find_file("get_url", path)? {
        Some(file) => hash_file(&file, &site.file_hashes).unwrap_or_default(),
        None => site.compiled_css_hash(path)?.ok_or_else(|| {
            tera::Error::msg(format!(
                "get_url: cachebust needs a file, and `{path}` is in none of static/, the theme's static/, content/, or the stylesheets compiled from sass/"
            ))
        })?,
    };
    (site.busted.lock().unwrap_or_else(|e| e.into_inner())).insert(path.into(), hash.clone());
    Ok(hash)
}
