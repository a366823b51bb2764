//! Tera with Zola's template lookup: built-in templates, then the theme's, then the site's
//! (each overriding the one before), and theme templates also reachable as
//! `THEME/templates/NAME` for `{% extends %}`.

pub(crate) mod ast_depth;
mod config_values;
pub mod context;
pub mod deps;
#[cfg_attr(yiyong_general_date, allow(dead_code))]
pub(crate) mod fast_date;
#[cfg_attr(yiyong_general_escape, allow(dead_code))]
pub(crate) mod fast_escape;
#[cfg_attr(yiyong_general_render, allow(dead_code))]
pub mod fast_render;
#[cfg_attr(yiyong_general_usage, allow(dead_code))]
pub(crate) mod fast_usage;
pub(crate) mod filters;
pub mod guard;
mod listed_fields;
pub mod page_fields;
mod shape;
pub mod usage;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::error::{tera_chain, Diagnostic, Error};
use crate::site_files::{self, SiteFolder};
pub use fast_escape::escape_xml_into;
#[cfg(not(yiyong_general_escape))]
pub use fast_escape::{escape_html, escape_html_into, escape_html_into_bytes};
#[cfg(yiyong_general_escape)]
pub use tera::escape_html;

/// `escape_html`, appended to `out` (the general path of `fast_escape`).
#[cfg(yiyong_general_escape)]
pub fn escape_html_into(out: &mut String, s: &str) {
    out.push_str(&escape_html(s));
}

/// `escape_html`, appended to a page's bytes (the general path of `fast_escape`).
#[cfg(yiyong_general_escape)]
pub fn escape_html_into_bytes(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(escape_html(s).as_bytes());
}
#[cfg(not(yiyong_general_date))]
pub use fast_date::format_date;
#[cfg(yiyong_general_date)]
pub use filters::format_date;

const BUILTINS: &[(&str, &str)] = &[
    ("__yiyong/atom.xml", include_str!("builtins/atom.xml")),
    ("__yiyong/rss.xml", include_str!("builtins/rss.xml")),
    ("__yiyong/sitemap.xml", include_str!("builtins/sitemap.xml")),
    (
        "__yiyong/split_sitemap_index.xml",
        include_str!("builtins/split_sitemap_index.xml"),
    ),
    ("__yiyong/robots.txt", include_str!("builtins/robots.txt")),
    ("__yiyong/404.html", include_str!("builtins/404.html")),
    (
        "__yiyong/anchor-link.html",
        include_str!("builtins/anchor-link.html"),
    ),
    (
        "__yiyong/internal/alias.html",
        include_str!("builtins/internal/alias.html"),
    ),
];

/// Names a site or theme may override; the built-in copy answers when they do not.
pub const OVERRIDABLE: &[&str] = &[
    "atom.xml",
    "rss.xml",
    "sitemap.xml",
    "split_sitemap_index.xml",
    "robots.txt",
    "404.html",
    "anchor-link.html",
    "internal/alias.html",
];

/// Template files as found: (name, text, path), and what the walks reported.
#[derive(Default)]
struct Found {
    files: Vec<(String, String, PathBuf)>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

/// Reads the templates below `dir`, each under every one of `prefixes` + its relative name.
fn read_dir_templates(site: &SiteFolder, dir: &Path, prefixes: &[&str], found: &mut Found) {
    let options = site_files::Options {
        sorted: true,
        skip_hidden: true,
        check_readable: false,
    };
    let walk = site.walk(dir, options);
    found.errors.extend(walk.errors);
    found.warnings.extend(walk.warnings);
    let mut texts = vec![];
    for path in walk.files {
        let rel = path.strip_prefix(dir).unwrap_or(&path);
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        match std::fs::read_to_string(&path) {
            Ok(text) => texts.push((name, text, path)),
            Err(e) => found
                .errors
                .push(site_files::read_error(&path, "cannot read template", &e)),
        }
    }
    for prefix in prefixes {
        for (name, text, path) in &texts {
            found
                .files
                .push((format!("{prefix}{name}"), text.clone(), path.clone()));
        }
    }
}

/// The site's and the theme's template files: (name, text, path). A theme's templates are
/// also reachable as `THEME/templates/x`; the site's, listed later, win.
fn template_files(root: &Path, theme: Option<&str>) -> Found {
    let site = SiteFolder::new(root);
    let mut found = Found::default();
    if let Some(t) = theme {
        let dir = root.join("themes").join(t).join("templates");
        read_dir_templates(&site, &dir, &["", &format!("{t}/templates/")], &mut found);
    }
    read_dir_templates(&site, &root.join("templates"), &[""], &mut found);
    found
}

/// Loads every template, with the warnings of the walk (see `site_files`); a syntax error
/// names the file and line, and every folder or file that cannot be read is reported.
pub fn load(root: &Path, theme: Option<&str>) -> Result<(Tera, Vec<Diagnostic>), Error> {
    let Found {
        files,
        errors,
        warnings,
    } = template_files(root, theme);
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    let mut tera = Tera::default();
    let mut all: Vec<(String, String)> = BUILTINS
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    for name in OVERRIDABLE {
        if !files.iter().any(|f| f.0 == *name) {
            let builtin = BUILTINS
                .iter()
                .find(|b| b.0.ends_with(name))
                .expect("each overridable has a builtin");
            all.push((name.to_string(), builtin.1.to_string()));
        }
    }
    let too_deep: Vec<Diagnostic> = files
        .iter()
        .filter_map(|(_, text, path)| {
            let (line, msg) = guard::check_nesting(text).err()?;
            Some(
                Diagnostic::in_file(path, format!("template error: {msg}"))
                    .at_line(Some(line))
                    .with_hint("move the inner part into a macro or an included template, or simplify the conditions"),
            )
        })
        .collect();
    if !too_deep.is_empty() {
        return Err(Error::many(too_deep));
    }
    let paths: Vec<(String, PathBuf)> = files.iter().map(|f| (f.0.clone(), f.2.clone())).collect();
    all.extend(files.into_iter().map(|(n, t, _)| (n, t)));
    all.extend(feed_parts());
    add_parsed_once(&mut tera, all).map_err(|e| template_error(&e, &paths))?;
    for (name, t) in &tera.templates {
        if ast_depth::too_deep(&t.ast).is_some() {
            let file = paths
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, p)| p.clone());
            let mut d = Diagnostic::new(format!(
                "template error: an expression in `{name}` nests more than {} levels deep (a chain of hundreds of operators?)",
                ast_depth::EXPR_DEPTH_LIMIT
            ))
            .with_hint("split the expression with {% set %}, or compute the value in a loop");
            d.file = file;
            // Dropping the tree recurses once per level too.
            std::mem::forget(tera);
            return Err(d.into());
        }
    }
    if let Some(mut cycle) = guard::include_cycles(&tera).into_iter().next() {
        let first = cycle.message.split('`').nth(1).unwrap_or("").to_string();
        cycle.file = paths
            .iter()
            .find(|(n, _)| *n == first)
            .map(|(_, p)| p.clone());
        return Err(cycle.into());
    }
    guard::install(&mut tera);
    filters::register(&mut tera);
    #[cfg(not(yiyong_general_date))]
    {
        tera.register_filter("date", fast_date::date);
        tera.register_function("now", fast_date::now);
    }
    // `fast_escape`: the same bytes as Tera's own escaping, at a fraction of the cost: every
    // `{{ }}` of an HTML template goes through it.
    tera.set_escape_fn(escape_html);
    Ok((tera, warnings))
}

/// The built-in feeds cut around their entry loop (`NAME.head`, `NAME.entries`, `NAME.foot`),
/// so a feed of thousands of pages renders its entries in parallel chunks. Rendering the
/// three in turn gives the very bytes the whole template gives: the head loses the
/// whitespace that `{%- for` trims, and the loop body is the same, except that the pages'
/// HTML comes escaped already (`escape_html`, byte for byte Tera's escaping, much faster).
fn feed_parts() -> Vec<(String, String)> {
    const OPEN: &str = "{%- for page in pages %}";
    const CLOSE: &str = "{%- endfor %}";
    let mut parts = vec![];
    for name in ["atom.xml", "rss.xml"] {
        let (_, text) = BUILTINS
            .iter()
            .find(|b| b.0.ends_with(name))
            .expect("built-in feed");
        let open = text.find(OPEN).expect("feed loop");
        let close = text.rfind(CLOSE).expect("feed loop end") + CLOSE.len();
        let prefix = format!("{}{name}", FEED_PARTS);
        parts.push((
            format!("{prefix}.head.xml"),
            text[..open].trim_end().to_string(),
        ));
        let entries = text[open..close]
            .replace("{{ page.content }}", "{{ page.content | safe }}")
            .replace("{{ page.summary }}", "{{ page.summary | safe }}");
        parts.push((format!("{prefix}.entries.xml"), entries));
        parts.push((format!("{prefix}.foot.xml"), text[close..].to_string()));
    }
    parts
}

/// Where `feed_parts` are registered.
pub const FEED_PARTS: &str = "__yiyong/parts/";

/// Whether `name` renders as the built-in template of that name (not overridden, or
/// overridden by an identical template), so code that gives the same bytes can stand in for it.
pub fn is_builtin(tera: &Tera, name: &str) -> bool {
    let builtin = format!("__yiyong/{name}");
    match (tera.get_template(name), tera.get_template(&builtin)) {
        (Ok(t), Ok(b)) => {
            // The guards name their template, so they differ.
            let body = |ast| guard_free(ast);
            t.parent.is_none() && body(&t.ast).eq(body(&b.ast))
        }
        _ => false,
    }
}

fn guard_free(ast: &[tera::ast::Node]) -> impl Iterator<Item = &tera::ast::Node> {
    ast.iter().filter(|n| !guard::is_guard(n))
}

/// `Tera::add_raw_templates`, parsing each distinct text once: a theme's templates are
/// registered twice (as `x` and as `THEME/templates/x`), and Tera's parser was 9% of the
/// instructions of a build at 1,000 heroes (75 parses, 54 of them the theme's 27 files).
/// A copy differs from its original only by name: nothing in a parsed template depends on it.
fn add_parsed_once(tera: &mut Tera, all: Vec<(String, String)>) -> tera::Result<()> {
    // Each text's first name; a later name with the same text gets a renamed copy. A name
    // registered again (a site's template over the theme's) no longer stands for its old text.
    let mut first: HashMap<String, String> = HashMap::new();
    for (name, text) in all {
        first.retain(|_, n| *n != name);
        let template = match first.get(&text).and_then(|n| tera.templates.get(n)) {
            Some(t) => {
                let mut copy = t.clone();
                copy.name = name.clone();
                copy
            }
            None => {
                let t = tera::Template::new(&name, None, &text)
                    .map_err(|e| tera::Error::chain(format!("Failed to parse '{name}'"), e))?;
                first.insert(text, name.clone());
                t
            }
        };
        tera.templates.insert(name, template);
    }
    tera.build_inheritance_chains()?;
    tera.check_macro_files()
}

/// Turns a Tera parse error into a diagnostic naming the template file.
fn template_error(e: &tera::Error, paths: &[(String, std::path::PathBuf)]) -> Diagnostic {
    let text = tera_chain(e);
    let file = paths
        .iter()
        .find(|(n, _)| text.contains(&format!("'{n}'")))
        .map(|(_, p)| p.clone());
    let line = text
        .split("-->")
        .nth(1)
        .and_then(|s| s.trim().split(':').next())
        .and_then(|n| n.trim().parse::<usize>().ok());
    let mut d = Diagnostic::new(format!("template error: {text}")).at_line(line);
    d.file = file;
    d.with_hint("fix the Tera syntax at that line: every {% if %} / {% for %} / {% block %} needs its {% end... %}")
}

/// Whether a template by that name exists (site, theme or built-in).
pub fn exists(tera: &Tera, name: &str) -> bool {
    tera.get_template(name).is_ok()
}

/// The templates that use any of `changed` through `extends`, `include` or `import`, directly
/// or not, with `changed` itself: what a template edit can affect (for `serve`).
pub fn dependents(
    root: &Path,
    theme: Option<&str>,
    changed: &std::collections::HashSet<String>,
) -> Result<std::collections::HashSet<String>, Diagnostic> {
    use std::sync::OnceLock;
    static TAG: OnceLock<regex::Regex> = OnceLock::new();
    static QUOTED: OnceLock<regex::Regex> = OnceLock::new();
    let tag = TAG.get_or_init(|| {
        regex::Regex::new(r"\{%-?\s*(?:extends|include|import)\s+([^%]*)-?%\}").unwrap()
    });
    let quoted = QUOTED.get_or_init(|| regex::Regex::new(r#""([^"]+)"|'([^']+)'"#).unwrap());
    let found = template_files(root, theme);
    if let Some(first) = found.errors.into_iter().next() {
        return Err(first);
    }
    let files = found.files;
    let mut edges = vec![];
    for (name, text, _) in &files {
        for cap in tag.captures_iter(text) {
            for q in quoted.captures_iter(&cap[1]) {
                let target = q.get(1).or(q.get(2)).map(|m| m.as_str().to_string());
                edges.extend(target.map(|t| (name.clone(), t)));
            }
        }
    }
    let mut out = changed.clone();
    loop {
        let before = out.len();
        for (from, to) in &edges {
            if out.contains(to) {
                out.insert(from.clone());
            }
        }
        if out.len() == before {
            return Ok(out);
        }
    }
}
