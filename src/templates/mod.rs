//! Tera with Zola's template lookup: built-in templates, then the theme's, then the site's
//! (each overriding the one before), and theme templates also reachable as
//! `THEME/templates/NAME` for `{% extends %}`.

pub(crate) mod ast_depth;
pub mod context;
mod date_filter;
pub mod deps;
mod escape;
mod filters;
pub mod functions;
pub mod guard;
mod image_fns;
mod load_data;
pub mod usage;

use std::path::Path;

use tera::Tera;

use crate::error::{tera_chain, Diagnostic};
pub use date_filter::format_date;
pub use escape::{escape_html, escape_html_into, escape_xml_into};

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

fn read_dir_templates(
    dir: &Path,
    prefix: &str,
    out: &mut Vec<(String, String, std::path::PathBuf)>,
) -> Result<(), Diagnostic> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Diagnostic::new(format!("cannot read {}: {e}", dir.display())))?;
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let text = std::fs::read_to_string(entry.path())
            .map_err(|e| Diagnostic::in_file(entry.path(), format!("cannot read template: {e}")))?;
        out.push((format!("{prefix}{name}"), text, entry.path().to_path_buf()));
    }
    Ok(())
}

/// The site's and the theme's template files: (name, text, path). A theme's templates are
/// also reachable as `THEME/templates/x`; the site's, listed later, win.
fn template_files(
    root: &Path,
    theme: Option<&str>,
) -> Result<Vec<(String, String, std::path::PathBuf)>, Diagnostic> {
    let mut files = vec![];
    if let Some(t) = theme {
        let dir = root.join("themes").join(t).join("templates");
        read_dir_templates(&dir, "", &mut files)?;
        read_dir_templates(&dir, &format!("{t}/templates/"), &mut files)?;
    }
    read_dir_templates(&root.join("templates"), "", &mut files)?;
    Ok(files)
}

/// Loads every template; a syntax error names the file and line.
pub fn load(root: &Path, theme: Option<&str>) -> Result<Tera, Diagnostic> {
    let files = template_files(root, theme)?;
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
    for (_, text, path) in &files {
        guard::check_nesting(text).map_err(|(line, msg)| {
            Diagnostic::in_file(path, format!("template error: {msg}"))
                .at_line(Some(line))
                .with_hint("move the inner part into a macro or an included template, or simplify the conditions")
        })?;
    }
    let paths: Vec<(String, std::path::PathBuf)> =
        files.iter().map(|f| (f.0.clone(), f.2.clone())).collect();
    all.extend(files.into_iter().map(|(n, t, _)| (n, t)));
    all.extend(feed_parts());
    tera.add_raw_templates(all)
        .map_err(|e| template_error(&e, &paths))?;
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
            return Err(d);
        }
    }
    if let Some(mut cycle) = guard::include_cycles(&tera).into_iter().next() {
        let first = cycle.message.split('`').nth(1).unwrap_or("").to_string();
        cycle.file = paths
            .iter()
            .find(|(n, _)| *n == first)
            .map(|(_, p)| p.clone());
        return Err(cycle);
    }
    guard::install(&mut tera);
    filters::register(&mut tera);
    // Same bytes as Tera's own escaping (tested), at a fraction of the cost: every `{{ }}` of
    // an HTML template goes through it.
    tera.set_escape_fn(escape_html);
    Ok(tera)
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
    let files = template_files(root, theme)?;
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
