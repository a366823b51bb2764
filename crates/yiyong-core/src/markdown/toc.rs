//! Nests the flat list of headings into a table of contents.

use crate::content::Heading;

pub struct FlatHeading {
    pub level: u32,
    pub id: String,
    pub title: String,
}

pub fn build(flat: &[FlatHeading], permalink: &str) -> Vec<Heading> {
    let mut roots: Vec<Heading> = vec![];
    for h in flat {
        let node = Heading {
            level: h.level,
            id: h.id.clone(),
            permalink: format!("{permalink}#{}", h.id),
            title: h.title.clone(),
            children: vec![],
        };
        insert(&mut roots, node);
    }
    roots
}

fn insert(list: &mut Vec<Heading>, node: Heading) {
    match list.last_mut() {
        Some(last) if last.level < node.level => insert(&mut last.children, node),
        _ => list.push(node),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nests() {
        let f = |level, id: &str| FlatHeading {
            level,
            id: id.into(),
            title: id.into(),
        };
        let toc = build(&[f(2, "a"), f(3, "b"), f(2, "c"), f(4, "d")], "https://x/");
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children[0].id, "b");
        assert_eq!(toc[1].children[0].permalink, "https://x/#d");
    }
}
