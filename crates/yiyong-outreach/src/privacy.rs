//! Chinese reading time.

/// Reading time for Chinese: Han characters at about 400 a minute, other words at 200.
/// `all` is the page's word count (`yiyong_core::word_count`, which the core has worked out
/// already: counting again was 1% of a 10,000-hero build's instructions).
pub fn chinese_reading_time(raw: &str, all: usize) -> usize {
    let han = raw
        .chars()
        .filter(|c| matches!(*c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF))
        .count();
    let other = all.saturating_sub(han);
    ((han as f64 / 400.0 + other as f64 / 200.0).ceil() as usize).max(usize::from(all > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_time() {
        let time = |raw: &str| chinese_reading_time(raw, yiyong_core::word_count(raw).0);
        assert_eq!(time(&"字".repeat(800)), 2);
        assert_eq!(time(&"字 word ".repeat(200)), 2);
        assert_eq!(time(""), 0);
    }
}
