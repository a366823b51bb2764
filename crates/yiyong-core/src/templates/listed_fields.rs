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
/// a listed page, given the names the template binds itself.
pub(super) fn segments<'a>(ident: &'a str, bound: &HashSet<String>) -> Vec<&'a str> {
    let mut all = split(ident).peekable();
    let Some(&root) = all.peek() else {
        return vec![];
    };
    if bound.contains(root) {
        all.collect()
    } else if NEVER.contains(&root) {
        vec![]
    } else if HOLDERS.contains(&root) {
        all.skip_while(|s| !matches!(*s, "pages" | "items"))
            .collect()
    } else {
        all.collect()
    }
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
        assert!(segments("config.extra.logo", &none).is_empty());
        assert!(segments("page.extra.hero.name", &none).is_empty());
        assert!(segments("section.extra.intro", &none).is_empty());
        assert_eq!(segments("p.extra.hero", &none), ["p", "extra", "hero"]);
        assert_eq!(
            segments("section.pages.0.summary", &none),
            ["pages", "0", "summary"]
        );
        assert_eq!(
            segments("term.pages[\"1\"].date", &none),
            ["pages", "1", "date"]
        );
        let page = HashSet::from(["page".to_string()]);
        assert_eq!(segments("page.extra", &page), ["page", "extra"]);
    }
}
