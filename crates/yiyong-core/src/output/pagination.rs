//! Splits a list of pages into pagers with Zola's URLs: the first pager at the listing's own
//! path, then `PATH/page/2/`, `PATH/page/3/`…

use crate::config::Config;

pub struct Pager {
    pub index: usize,
    pub path: String,
    pub permalink: String,
    pub pages: Vec<usize>,
    pub paginate_by: usize,
    pub base_url: String,
    pub number_pagers: usize,
    pub first: String,
    pub last: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub total_pages: usize,
}

/// Where a listing's pagers go: `PATH/page/` for `paginate_path = "page"`, or straight
/// below the listing (`PATH/2/`) for an empty `paginate_path`, as Zola writes them.
pub fn pagers_folder(path: &str, paginate_path: &str) -> String {
    if paginate_path.is_empty() {
        path.to_string()
    } else {
        format!("{path}{paginate_path}/")
    }
}

pub fn pagers(
    config: &Config,
    path: &str,
    permalink: &str,
    paginate_path: &str,
    pages: &[usize],
    by: usize,
) -> Vec<Pager> {
    let by = by.max(1);
    let count = pages.len().div_ceil(by).max(1);
    let pager_path = |n: usize| {
        if n == 1 {
            path.to_string()
        } else {
            format!("{}{n}/", pagers_folder(path, paginate_path))
        }
    };
    let link = |n: usize| {
        if n == 1 {
            permalink.to_string()
        } else {
            config.make_permalink(&pager_path(n))
        }
    };
    (1..=count)
        .map(|n| Pager {
            index: n,
            path: pager_path(n),
            permalink: link(n),
            pages: pages.iter().skip((n - 1) * by).take(by).copied().collect(),
            paginate_by: by,
            base_url: pagers_folder(permalink, paginate_path),
            number_pagers: count,
            first: link(1),
            last: link(count),
            previous: (n > 1).then(|| link(n - 1)),
            next: (n < count).then(|| link(n + 1)),
            total_pages: pages.len(),
        })
        .collect()
}

/// The pagers of a paginated section, in Zola's order (reversed if asked).
pub fn section_pagers(config: &Config, s: &crate::content::Section) -> Vec<Pager> {
    let mut pages = s.pages.clone();
    if s.meta.paginate_reversed {
        pages.reverse();
    }
    let by = s.meta.paginate_by.unwrap_or(1);
    pagers(
        config,
        &s.path,
        &s.permalink,
        &s.meta.paginate_path,
        &pages,
        by,
    )
}

/// The pagers of a term of a paginated taxonomy. A term keeps its pages with
/// `render = false`, but its pagers leave them out; `total_pages` still counts them, as
/// Zola's paginator does.
pub fn term_pagers(
    config: &Config,
    pages: &[crate::content::Page],
    tax: &crate::library::Taxonomy,
    term: &crate::library::Term,
) -> Vec<Pager> {
    let by = tax.config.paginate_by.unwrap_or(1);
    let rendered: Vec<usize> = term
        .pages
        .iter()
        .copied()
        .filter(|&p| pages[p].meta.renders())
        .collect();
    let mut list = pagers(
        config,
        &term.path,
        &term.permalink,
        tax.config.paginate_path(),
        &rendered,
        by,
    );
    for pager in &mut list {
        pager.total_pages = term.pages.len();
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let c = Config::parse(
            "base_url = \"https://a.org\"",
            std::path::Path::new("c.toml"),
        )
        .unwrap();
        let p = pagers(
            &c,
            "/blog/",
            "https://a.org/blog/",
            "page",
            &[1, 2, 3, 4, 5],
            2,
        );
        assert_eq!(p.len(), 3);
        assert_eq!(p[1].permalink, "https://a.org/blog/page/2/");
        assert_eq!(p[1].previous.as_deref(), Some("https://a.org/blog/"));
        assert_eq!(p[2].pages, vec![5]);
        assert_eq!(p[0].base_url, "https://a.org/blog/page/");
        assert_eq!(
            pagers(&c, "/b/", "https://a.org/b/", "page", &[], 2).len(),
            1
        );
        // An empty `paginate_path` puts the pagers right below the listing, as in Zola.
        let p = pagers(&c, "/b/", "https://a.org/b/", "", &[1, 2], 1);
        assert_eq!(p[1].path, "/b/2/");
        assert_eq!(p[1].base_url, "https://a.org/b/");
    }
}
