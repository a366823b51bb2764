//! Chinese reading time.

/// Reading time for Chinese: Han characters at about 400 a minute, other words at 200.
pub fn chinese_reading_time(raw: &str) -> usize {
    let han = raw
        .chars()
        .filter(|c| matches!(*c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF))
        .count();
    let (all, _) = yiyong_core::word_count(raw);
    let other = all.saturating_sub(han);
    ((han as f64 / 400.0 + other as f64 / 200.0).ceil() as usize).max(usize::from(all > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_time() {
        assert_eq!(chinese_reading_time(&"字".repeat(800)), 2);
        assert_eq!(chinese_reading_time(""), 0);
    }
}
