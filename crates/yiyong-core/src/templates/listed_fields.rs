//! Which names can read a field of a page in a listing (`section.pages`, a pager, a term's
//! pages, a function's result), as against the page being rendered. `fast_usage` counts a
//! field as read wherever its name is written, which is right for the page being rendered
//! but gives every listed page the fields that only the page itself, the section or
//! `config` are read for: `config.extra.logo` made every one of the 20,000 page values of
//! the 10,000-hero site's pagers copy its `extra` table (docs/outreach-bench.md).
//!
//! A listed page is reached only through a list: `pages` (of a section, pager or term),
//! `items` (of a taxonomy), a variable, a macro argument or a function's result. So a dotted
//! name whose root is one of the context's own names reads listed pages only after `pages`
//! or `items`, and `config` and `page` never do (a page's neighbours have their own mask),
//! unless the template binds that name itself (`{% for page in section.pages %}`, a macro
//! argument called `page`): then its name counts whole, as any other.

use std::collections::HashSet;

/// Context names whose fields are not pages, but whose `pages` or `items` are.
const HOLDERS: [&str; 4] = ["section", "term", "paginator", "taxonomy"];
/// Context names that never lead to a listed page.
const NEVER: [&str; 2] = ["config", "page"];

/// The segments of `ident` (a dotted name with literal subscripts) that may name a field of
/// a listed page, given the names the template binds itself (`bound`) and those of them it
/// binds only to a section, taxonomy or term (`holders`: `set s = get_section(…)`, whose
/// `s.extra` is the section's, as `section.extra` is).
pub(super) fn segments<'a>(
    ident: &'a str,
    bound: &HashSet<String>,
    holders: &HashSet<String>,
) -> Vec<&'a str> {
    let mut all = split(ident).peekable();
    let Some(&root) = all.peek() else {
        return vec![];
    };
    if holders.contains(root) {
        all.skip_while(|s| !matches!(*s, "pages" | "items"))
            .collect()
    } else if bound.contains(root) {
        after_pages(all.collect())
    } else if NEVER.contains(&root) {
        vec![]
    } else if HOLDERS.contains(&root) {
        all.skip_while(|s| !matches!(*s, "pages" | "items"))
            .collect()
    } else {
        after_pages(all.collect())
    }
}

/// What holds pages, so that the segment after it may be a page's field: a list's index, a
/// section's, term's or taxonomy item's `pages` (or `items`), a page's neighbours and
/// translations. Tera has no object literals, so a value reaches a page only through these
/// (and `group_by`'s keys, each a list that an index follows).
const PAGE_HOLDING: [&str; 5] = ["pages", "items", "lower", "higher", "translations"];

/// The segments of a variable's dotted name that may be a page's field: the variable itself,
/// the segment right after it (it may hold a page), and any segment after one that holds
/// pages. `h.hero.summary` names `summary` of `h.hero`, which no page value is; `p.extra.x`
/// a key of `extra`, not a field. (Before, every segment counted, and the theme's
/// `h.hero.summary` gave each of 60,000 listed page values its summary.)
fn after_pages(all: Vec<&str>) -> Vec<&str> {
    let holds = |prev: &str| PAGE_HOLDING.contains(&prev) || prev.parse::<usize>().is_ok();
    all.iter()
        .enumerate()
        .filter(|&(i, _)| i <= 1 || holds(all[i - 1]))
        .map(|(_, s)| *s)
        .collect()
}

/// Every segment of a dotted name: `p.extra["hero"].name` is `p`, `extra`, `hero`, `name`.
pub(super) fn split(ident: &str) -> impl Iterator<Item = &str> {
    ident
        .split(['.', '[', ']', '"', '\''])
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_that_reach_listed_pages_count() {
        let none = HashSet::new();
        assert!(segments("config.extra.logo", &none, &none).is_empty());
        assert!(segments("page.extra.hero.name", &none, &none).is_empty());
        assert!(segments("section.extra.intro", &none, &none).is_empty());
        assert_eq!(segments("p.extra.hero", &none, &none), ["p", "extra"]);
        assert_eq!(segments("h.hero.summary", &none, &none), ["h", "hero"]);
        assert_eq!(
            segments("g.2024.0.summary", &none, &none),
            ["g", "2024", "0", "summary"]
        );
        assert_eq!(
            segments("s.pages.3.lower.title", &none, &none),
            ["s", "pages", "3", "lower", "title"]
        );
        assert_eq!(
            segments("t.items.0.pages.1.slug", &none, &none),
            ["t", "items", "0", "pages", "1", "slug"]
        );
        assert_eq!(
            segments("x.translations.0.title", &none, &none),
            ["x", "translations", "0", "title"]
        );
        assert_eq!(
            segments("section.pages.0.summary", &none, &none),
            ["pages", "0", "summary"]
        );
        assert_eq!(
            segments("term.pages[\"1\"].date", &none, &none),
            ["pages", "1", "date"]
        );
        let page = HashSet::from(["page".to_string()]);
        assert_eq!(segments("page.extra", &page, &none), ["page", "extra"]);
        assert_eq!(
            segments("page.extra.summary", &page, &none),
            ["page", "extra"]
        );
        // `set s = get_section(…)`: a section, whose pages only are pages.
        let s = HashSet::from(["s".to_string()]);
        assert!(segments("s.extra.roll_year", &s, &s).is_empty());
        assert_eq!(segments("s.pages.0.title", &s, &s), ["pages", "0", "title"]);
    }
}
