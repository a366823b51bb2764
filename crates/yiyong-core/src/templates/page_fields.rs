//! The fields of a page value as templates see it, as one type: the values (`context`) build
//! them, and the analysis of what a template reads (`usage`) keeps one bit per field. Adding a
//! field here makes the compiler ask for its value in `context::page_field`.

/// A field of a page value. `ALL` is in key order, and a field's number is its place there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageField {
    Ancestors,
    Assets,
    Authors,
    Backlinks,
    ColocatedPath,
    Components,
    Content,
    Date,
    Day,
    Description,
    Draft,
    Extra,
    Higher,
    Lang,
    Lower,
    Month,
    Path,
    Permalink,
    ReadingTime,
    RelativePath,
    Slug,
    Summary,
    Taxonomies,
    Title,
    Toc,
    Translations,
    Updated,
    WordCount,
    Year,
}

impl PageField {
    pub const ALL: [PageField; 29] = [
        PageField::Ancestors,
        PageField::Assets,
        PageField::Authors,
        PageField::Backlinks,
        PageField::ColocatedPath,
        PageField::Components,
        PageField::Content,
        PageField::Date,
        PageField::Day,
        PageField::Description,
        PageField::Draft,
        PageField::Extra,
        PageField::Higher,
        PageField::Lang,
        PageField::Lower,
        PageField::Month,
        PageField::Path,
        PageField::Permalink,
        PageField::ReadingTime,
        PageField::RelativePath,
        PageField::Slug,
        PageField::Summary,
        PageField::Taxonomies,
        PageField::Title,
        PageField::Toc,
        PageField::Translations,
        PageField::Updated,
        PageField::WordCount,
        PageField::Year,
    ];

    /// The key templates write (`page.reading_time`).
    pub const fn name(self) -> &'static str {
        match self {
            PageField::Ancestors => "ancestors",
            PageField::Assets => "assets",
            PageField::Authors => "authors",
            PageField::Backlinks => "backlinks",
            PageField::ColocatedPath => "colocated_path",
            PageField::Components => "components",
            PageField::Content => "content",
            PageField::Date => "date",
            PageField::Day => "day",
            PageField::Description => "description",
            PageField::Draft => "draft",
            PageField::Extra => "extra",
            PageField::Higher => "higher",
            PageField::Lang => "lang",
            PageField::Lower => "lower",
            PageField::Month => "month",
            PageField::Path => "path",
            PageField::Permalink => "permalink",
            PageField::ReadingTime => "reading_time",
            PageField::RelativePath => "relative_path",
            PageField::Slug => "slug",
            PageField::Summary => "summary",
            PageField::Taxonomies => "taxonomies",
            PageField::Title => "title",
            PageField::Toc => "toc",
            PageField::Translations => "translations",
            PageField::Updated => "updated",
            PageField::WordCount => "word_count",
            PageField::Year => "year",
        }
    }
}

// A `FieldSet` has one bit per field, and a field's number is its index in `ALL`.
const _: () = {
    assert!(PageField::ALL.len() <= 32);
    let mut i = 0;
    while i < PageField::ALL.len() {
        assert!(PageField::ALL[i] as usize == i);
        i += 1;
    }
};

/// A set of page fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSet(u32);

impl FieldSet {
    pub const ALL: FieldSet = FieldSet(u32::MAX);

    pub fn of(fields: impl IntoIterator<Item = PageField>) -> FieldSet {
        FieldSet(fields.into_iter().fold(0, |m, f| m | 1 << f as u32))
    }

    pub fn has(self, f: PageField) -> bool {
        self.0 & (1 << f as u32) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_in_key_order() {
        let names: Vec<&str> = PageField::ALL.iter().map(|f| f.name()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }
}
