//! Slugs as Zola makes them: `on` transliterates to ASCII (Chinese becomes pinyin syllables
//! through `deunicode`), `safe` only drops characters no file system accepts, `off` keeps all.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum SlugStrategy {
    #[default]
    On,
    Safe,
    Off,
}

const UNSAFE_CHARS: &[char] = &[
    '<', '>', ':', '/', '|', '?', '*', '#', '\\', '"', '\n', '\r', '\t',
];

pub fn slugify_paths(s: &str, strategy: SlugStrategy) -> String {
    match strategy {
        SlugStrategy::On => slug::slugify(s),
        SlugStrategy::Safe => s
            .chars()
            .filter(|c| !UNSAFE_CHARS.contains(c))
            .collect::<String>()
            .trim()
            .to_string(),
        SlugStrategy::Off => s.trim().to_string(),
    }
}

pub fn slugify_anchors(s: &str, strategy: SlugStrategy) -> String {
    match strategy {
        SlugStrategy::On => slug::slugify(s),
        SlugStrategy::Safe | SlugStrategy::Off => s.trim().replace(' ', "_"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_becomes_pinyin() {
        assert_eq!(
            slugify_paths("见义勇为", SlugStrategy::On),
            "jian-yi-yong-wei"
        );
        assert_eq!(
            slugify_paths("Hello World!", SlugStrategy::On),
            "hello-world"
        );
        assert_eq!(
            slugify_paths("见义 <勇为>", SlugStrategy::Safe),
            "见义 勇为"
        );
    }
}
