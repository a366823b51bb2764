//! The detectors of the privacy lint: one left-to-right pass over the bytes of a text. Only
//! digits (ASCII `0-9` or full-width `０-９`) start any work, so most of a Chinese text is
//! skipped a byte at a time; no regular expression runs over the whole file.
//!
//! A *run* is digits in groups joined by single separators (space, hyphen, dash, ideographic
//! space), not glued to a Latin letter or digit on either side, so `abc13912345678` or an
//! order number `A1391234567890` are not numbers of a person. Each rule matches whole groups,
//! so an 18-digit ID number never yields the 11-digit mobile number inside it.

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// 18-digit resident ID with a valid date, province and check digit: an error.
    IdNumber,
    /// 18 digits with a valid birth date but a wrong check digit or an unknown province.
    IdNumberTypo,
    /// 15-digit old-form ID (no check digit), only next to 「身份证」.
    IdNumber15,
    /// Mainland mobile number, 1[3-9] + 9 digits, with +86 / 0086 prefixes: an error.
    Mobile,
    /// 16–19 digits passing the Luhn check.
    BankCard,
    /// Home address down to the flat: …号…室, …栋…单元….
    HomeAddress,
}

impl Rule {
    /// The id used in `allow` lists and messages.
    pub fn id(self) -> &'static str {
        match self {
            Rule::IdNumber => "id-number",
            Rule::IdNumberTypo => "id-number-typo",
            Rule::IdNumber15 => "id-number-15",
            Rule::Mobile => "mobile-phone",
            Rule::BankCard => "bank-card",
            Rule::HomeAddress => "home-address",
        }
    }

    pub fn is_error(self) -> bool {
        matches!(self, Rule::IdNumber | Rule::Mobile)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    /// Byte offset of the start of the match in the scanned text.
    pub start: usize,
    /// The number in ASCII digits without separators or +86 (what allow lists compare); for
    /// an address, its text.
    pub key: String,
    /// What may be printed: the number with its middle hidden.
    pub masked: String,
}

/// First two digits of GB/T 2260 province-level codes, plus 71 (Taiwan) and the residence
/// permits of Hong Kong, Macao and Taiwan residents (81, 82, 83).
const PROVINCES: &[u8] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// A digit at `i`: its value and its length in bytes (full-width digits are 3 bytes).
fn digit_at(b: &[u8], i: usize) -> Option<(u8, usize)> {
    match *b.get(i)? {
        c @ b'0'..=b'9' => Some((c - b'0', 1)),
        0xEF if b.get(i + 1) == Some(&0xBC) => match b.get(i + 2) {
            Some(&c @ 0x90..=0x99) => Some((c - 0x90, 3)),
            _ => None,
        },
        _ => None,
    }
}

/// An ID number's final X (ASCII or full-width, either case).
fn x_at(b: &[u8], i: usize) -> Option<usize> {
    match (b.get(i), b.get(i + 1), b.get(i + 2)) {
        (Some(b'X' | b'x'), _, _) => Some(1),
        (Some(0xEF), Some(0xBC), Some(0xB8)) | (Some(0xEF), Some(0xBD), Some(0x98)) => Some(3),
        _ => None,
    }
}

/// A separator between digit groups: space, hyphen, NBSP, ideographic space, dashes.
fn sep_at(b: &[u8], i: usize) -> Option<usize> {
    match (b.get(i)?, b.get(i + 1), b.get(i + 2)) {
        (b' ' | b'-', _, _) => Some(1),
        (0xC2, Some(0xA0), _) => Some(2),
        (0xE3, Some(0x80), Some(0x80)) => Some(3),
        (0xEF, Some(0xBC), Some(0x8D)) => Some(3),
        (0xE2, Some(0x80), Some(0x90..=0x94)) => Some(3),
        _ => None,
    }
}

/// A Latin letter or digit, ASCII or full-width, at `i` (a number glued to one is not a
/// person's number); its length.
fn alnum_at(b: &[u8], i: usize) -> Option<usize> {
    match (b.get(i)?, b.get(i + 1), b.get(i + 2)) {
        (c, _, _) if c.is_ascii_alphanumeric() => Some(1),
        (0xEF, Some(0xBC), Some(0x90..=0x99 | 0xA1..=0xBA)) => Some(3),
        (0xEF, Some(0xBD), Some(0x81..=0x9A)) => Some(3),
        _ => None,
    }
}

/// Whether the character ending just before `i` is a Latin letter or digit.
fn alnum_before(b: &[u8], i: usize) -> bool {
    (i >= 1 && b[i - 1].is_ascii_alphanumeric()) || (i >= 3 && alnum_at(b, i - 3) == Some(3))
}

fn plus_before(b: &[u8], i: usize) -> bool {
    (i >= 1 && b[i - 1] == b'+') || (i >= 3 && &b[i - 3..i] == "＋".as_bytes())
}

#[derive(Debug)]
struct Group {
    start: usize,
    end: usize,
    digits: String,
}

/// Reads a run starting at `i` (a digit); returns its groups and whether it is glued to a
/// letter at its end (then its last group may not end a match).
fn read_run(b: &[u8], mut i: usize) -> (Vec<Group>, bool) {
    let mut groups = vec![];
    loop {
        let start = i;
        let mut digits = String::new();
        while let Some((d, len)) = digit_at(b, i) {
            digits.push((b'0' + d) as char);
            i += len;
        }
        if digits.len() == 17 {
            if let Some(len) = x_at(b, i) {
                digits.push('X');
                i += len;
            }
        }
        groups.push(Group {
            start,
            end: i,
            digits,
        });
        match sep_at(b, i) {
            Some(len) if digit_at(b, i + len).is_some() => i += len,
            _ => return (groups, alnum_at(b, i).is_some()),
        }
    }
}

/// What `read_run` would find at `i`, without building it: where its last group starts, where
/// the run ends, how many digits its usable groups hold, and whether it is glued to a letter.
fn measure_run(b: &[u8], mut i: usize) -> (usize, usize, usize, bool) {
    let mut total = 0;
    loop {
        let start = i;
        let mut digits = 0;
        while let Some((_, len)) = digit_at(b, i) {
            digits += 1;
            i += len;
        }
        if digits == 17 {
            i += x_at(b, i).unwrap_or(0);
        }
        total += digits;
        match sep_at(b, i) {
            Some(len) if digit_at(b, i + len).is_some() => i += len,
            _ => {
                let glued = alnum_at(b, i).is_some();
                // A glued last group may not end a match: it does not count.
                let usable = if glued { total - digits } else { total };
                return (start, i, usable, glued);
            }
        }
    }
}

fn valid_date(y: &str, m: &str, d: &str, today: NaiveDate) -> bool {
    let p = |s: &str| s.parse::<u32>().ok();
    match (p(y), p(m), p(d)) {
        (Some(y), Some(m), Some(d)) => {
            NaiveDate::from_ymd_opt(y as i32, m, d).is_some_and(|date| y >= 1900 && date <= today)
        }
        _ => false,
    }
}

fn province_ok(digits: &str) -> bool {
    digits[..2]
        .parse::<u8>()
        .is_ok_and(|p| PROVINCES.contains(&p))
}

/// The GB 11643-1999 (ISO 7064 MOD 11-2) check character of the first 17 digits.
pub fn id_check_char(first17: &str) -> char {
    let sum: u32 = first17
        .bytes()
        .zip(ID_WEIGHTS)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    ID_CHECK[(sum % 11) as usize] as char
}

/// An 18-character group: `Some(IdNumber)` when everything fits, `Some(IdNumberTypo)` when
/// the birth date fits but the check digit or the province does not.
fn id18(d: &str, today: NaiveDate) -> Option<Rule> {
    if d.len() != 18 || !d[..17].bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if !valid_date(&d[6..10], &d[10..12], &d[12..14], today) {
        return None;
    }
    let check = id_check_char(&d[..17]) == d.as_bytes()[17] as char;
    match (check, province_ok(d)) {
        (true, true) => Some(Rule::IdNumber),
        (false, false) => None,
        _ => Some(Rule::IdNumberTypo),
    }
}

/// An old 15-digit ID: province, then a 19YYMMDD birth date.
fn id15(d: &str, today: NaiveDate) -> bool {
    d.len() == 15
        && d.bytes().all(|c| c.is_ascii_digit())
        && province_ok(d)
        && valid_date(&format!("19{}", &d[6..8]), &d[8..10], &d[10..12], today)
}

pub fn luhn(d: &str) -> bool {
    let sum: u32 = d
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let v = u32::from(c - b'0');
            match (i % 2 == 1, v * 2) {
                (true, x) if x > 9 => x - 9,
                (true, x) => x,
                _ => v,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Digits of groups `k..=j` and the offsets where one group ends and the next begins.
fn joined(groups: &[Group]) -> (String, Vec<usize>) {
    let mut s = String::new();
    let mut cuts = vec![];
    for g in groups {
        if !s.is_empty() {
            cuts.push(s.len());
        }
        s.push_str(&g.digits);
    }
    (s, cuts)
}

/// A mobile number made of these whole groups: 11 digits `1[3-9]…`, split only 3-4-4, after
/// an optional 0086 or +86 prefix. Returns the 11 digits.
fn mobile(groups: &[Group], plus: bool) -> Option<String> {
    let (s, cuts) = joined(groups);
    let p = if s.starts_with("0086") {
        4
    } else if plus && s.starts_with("86") {
        2
    } else {
        0
    };
    let rest = &s[p..];
    let b = rest.as_bytes();
    let shape = rest.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    let cuts_ok = cuts
        .iter()
        .all(|&c| (p > 0 && c == p) || c == p + 3 || c == p + 7);
    (shape && cuts_ok && !b.contains(&b'X')).then(|| rest.to_string())
}

/// A bank card number made of these groups: 16–19 digits, grouped by fours, passing Luhn.
fn bank_card(groups: &[Group]) -> Option<String> {
    let (s, cuts) = joined(groups);
    let ok = (16..=19).contains(&s.len())
        && s.bytes().all(|c| c.is_ascii_digit())
        && cuts.iter().all(|c| c.is_multiple_of(4))
        && luhn(&s);
    ok.then_some(s)
}

/// `head` + stars + `tail` of a number: enough to find it again, not enough to use it.
pub fn mask(digits: &str, head: usize, tail: usize) -> String {
    let n = digits.len();
    if n <= head + tail {
        return "*".repeat(n);
    }
    format!(
        "{}{}{}",
        &digits[..head],
        "*".repeat(n - head - tail),
        &digits[n - tail..]
    )
}

/// How a number of this rule is printed.
pub fn masked(rule: Rule, digits: &str) -> String {
    match rule {
        Rule::Mobile => mask(digits, 3, 4),
        Rule::IdNumber | Rule::IdNumberTypo => mask(digits, 6, 4),
        Rule::IdNumber15 => mask(digits, 6, 3),
        Rule::BankCard => mask(digits, 4, 4),
        Rule::HomeAddress => digits.to_string(),
    }
}

/// One of `words` within about ten characters before or after `start..end`.
fn near(text: &str, start: usize, end: usize, words: &[&str]) -> bool {
    let mut from = start.saturating_sub(36);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (end + 36).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    words.iter().any(|w| text[from..to].contains(w))
}

/// Tries every rule at group `k`; returns the finding and the groups it used.
fn match_at(
    text: &str,
    groups: &[Group],
    k: usize,
    (plus, in_link): (bool, bool),
    today: NaiveDate,
) -> Option<(Finding, usize)> {
    let g = &groups[k];
    let last = groups.len() - 1;
    let found = |rule, digits: String, used| {
        let masked = masked(rule, &digits);
        Some((
            Finding {
                rule,
                start: g.start,
                key: digits,
                masked,
            },
            used,
        ))
    };
    if let Some(rule) = id18(&g.digits, today) {
        return found(rule, g.digits.clone(), 1);
    }
    if id15(&g.digits, today) && near(text, g.start, g.end, &["身份证"]) {
        return found(Rule::IdNumber15, g.digits.clone(), 1);
    }
    for j in k..=last.min(k + 3) {
        if let Some(d) = mobile(&groups[k..=j], plus && k == 0) {
            return found(Rule::Mobile, d, j - k + 1);
        }
    }
    if in_link {
        return None;
    }
    // Luhn alone passes one random number in ten: a card also needs the UnionPay prefix 62
    // or a word such as 卡号 or 银行 nearby.
    for j in (k..=last.min(k + 4)).rev() {
        let card = bank_card(&groups[k..=j])
            .filter(|d| d.starts_with("62") || near(text, g.start, groups[j].end, &CARD_WORDS));
        if let Some(d) = card {
            return found(Rule::BankCard, d, j - k + 1);
        }
    }
    None
}

const CARD_WORDS: [&str; 4] = ["卡", "账号", "帐号", "银行"];

const LEVELS: [&str; 5] = ["号楼", "号", "栋", "幢", "单元"];

/// What follows a digit run: a building level (号, 栋, 单元…) or a flat (室).
fn word_after(text: &str, end: usize) -> Option<&'static str> {
    let rest = &text.as_bytes()[end..];
    if rest.starts_with("室".as_bytes()) {
        // 3室2厅 is a flat's layout, not its number.
        let after = end + "室".len();
        let layout = digit_at(text.as_bytes(), after)
            .is_some_and(|(_, l)| text[after + l..].starts_with('厅'));
        return (!layout).then_some("室");
    }
    LEVELS.into_iter().find(|w| rest.starts_with(w.as_bytes()))
}

/// Whether a digit (ASCII, or full-width: `EF BC 90`…`99`) starts in `b[i..i + 16]`, and
/// whether a line ends there; `None` past the last whole 16 bytes. The three tests are written
/// without branches so that the compiler checks the 16 bytes at once (SIMD): the
/// byte-at-a-time loop was the single costliest function of a 5,000-place build (6 % of its
/// CPU time). A line end or a full-width character that is no digit (`，`, `：` are `EF BC …`
/// too, in every Chinese sentence) no longer sends the scan byte by byte: at 10,000 heroes a
/// third of a page's 16-byte pieces stopped the fast path only for those.
fn chunk_flags(b: &[u8], i: usize) -> Option<(bool, bool)> {
    let chunk = b.get(i..i + 16)?;
    let (mut ascii, mut wide, mut newline) = (false, false, false);
    for &c in chunk {
        ascii |= c.wrapping_sub(b'0') < 10;
        wide |= c == 0xEF;
        newline |= c == b'\n';
    }
    let digit =
        ascii || (wide && (0..16).any(|k| chunk[k] == 0xEF && digit_at(b, i + k).is_some()));
    Some((digit, newline))
}

/// Finds every personal number and door-level address in `text`. `today` bounds birth dates.
pub fn scan(text: &str, today: NaiveDate) -> Vec<Finding> {
    let b = text.as_bytes();
    let mut out = vec![];
    // The last building level seen (offset of its digits, and what it was), for addresses.
    let mut level: Option<(usize, &str)> = None;
    let mut i = 0;
    while i < b.len() {
        // Most of a page is text and markup without digits: passed over 16 bytes at a time.
        while let Some((digit, newline)) = chunk_flags(b, i) {
            if digit {
                break;
            }
            if newline {
                level = None;
            }
            i += 16;
        }
        if i >= b.len() {
            break;
        }
        if b[i] == b'\n' {
            level = None;
        }
        if digit_at(b, i).is_none() {
            i += 1;
            continue;
        }
        if alnum_before(b, i) {
            // Inside a word such as `A123`: skip the rest of it.
            while let Some(len) = alnum_at(b, i) {
                i += len;
            }
            continue;
        }
        let plus = plus_before(b, i);
        // After `/`, `=`, `_`, `#` or `&` a number is most likely part of a link (a video or
        // article id): bank-card warnings are skipped there, ID and mobile errors are not.
        let in_link = i > 0 && matches!(b[i - 1], b'/' | b'=' | b'_' | b'#' | b'&');
        // Every rule wants 11 digits or more (a mobile number): the coordinates, sizes and
        // dates that make most of the digits of a page or a map are measured without
        // allocating, and passed over without trying each rule.
        let (last_start, end, digits, glued) = measure_run(b, i);
        if digits >= 11 {
            let (groups, glued) = read_run(b, i);
            // A last group glued to a letter (`…5678abc`) may not end a match.
            let usable = &groups[..groups.len() - usize::from(glued)];
            let mut k = 0;
            while k < usable.len() {
                match match_at(text, usable, k, (plus, in_link), today) {
                    Some((f, used)) => {
                        out.push(f);
                        k += used;
                    }
                    None => k += 1,
                }
            }
        }
        if !glued {
            address(text, last_start, end, &mut level, &mut out);
        }
        i = end;
        while let Some(len) = alnum_at(b, i) {
            i += len;
        }
    }
    out
}

/// Door-level addresses: a flat number (`501室`) after a building level (`12号`, `3栋`,
/// `5号楼`, `2单元`) on the same line within 30 bytes, or a unit (`2单元`) right after a
/// building (`3栋`). `start..end` is the last digit group of a run.
fn address(
    text: &str,
    start: usize,
    end: usize,
    level: &mut Option<(usize, &'static str)>,
    out: &mut Vec<Finding>,
) {
    let Some(word) = word_after(text, end) else {
        return;
    };
    let close = level.filter(|l| start - l.0 <= 30);
    let hit = match word {
        "室" => close,
        "单元" => close.filter(|l| matches!(l.1, "栋" | "幢" | "号楼")),
        _ => None,
    };
    if let Some((from, _)) = hit {
        let stop = end + word.len();
        let shown: String = text[from..stop]
            .chars()
            .map(|c| {
                if c.is_ascii_digit() || ('０'..='９').contains(&c) {
                    '*'
                } else {
                    c
                }
            })
            .collect();
        out.push(Finding {
            rule: Rule::HomeAddress,
            start: from,
            key: text[from..stop].to_string(),
            masked: shown,
        });
        *level = None;
    } else if word != "室" && close.is_none() {
        // A level close to an earlier one keeps the earlier: the address is shown from there.
        *level = Some((start, word));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn rules(text: &str) -> Vec<(Rule, String)> {
        scan(text, today())
            .into_iter()
            .map(|f| (f.rule, f.key))
            .collect()
    }

    /// A made-up ID number with the right check character.
    fn id(first17: &str) -> String {
        format!("{first17}{}", id_check_char(first17))
    }

    #[test]
    fn check_digits_of_the_standard_examples() {
        assert_eq!(id_check_char("11010519491231002"), 'X');
        assert_eq!(id_check_char("44052418800101001"), '4');
        assert!(luhn("4111111111111111"));
        assert!(!luhn("4111111111111112"));
    }

    #[test]
    fn valid_id_numbers_are_errors_and_bad_check_digits_are_typos() {
        let good = id("32058219900307123");
        assert_eq!(
            rules(&format!("身份证号{good}。")),
            [(Rule::IdNumber, good.clone())]
        );
        // Full-width digits, lower-case x.
        let x = "11010519491231002x";
        let wide: String = x
            .chars()
            .map(|c| {
                c.to_digit(10)
                    .map_or('ｘ', |d| char::from_u32('０' as u32 + d).unwrap())
            })
            .collect();
        assert_eq!(
            rules(&wide),
            [(Rule::IdNumber, "11010519491231002X".into())]
        );
        let mut bad = good.clone();
        bad.replace_range(17.., if good.ends_with('1') { "2" } else { "1" });
        assert_eq!(rules(&bad), [(Rule::IdNumberTypo, bad.clone())]);
    }

    #[test]
    fn id_numbers_need_a_real_date_and_province() {
        // 30 February, month 13, a birth date in the future, before 1900.
        for first17 in [
            "32058219900230123",
            "32058219901301123",
            "32058220301201123",
            "32058218800101123",
        ] {
            assert_eq!(rules(&id(first17)), [], "{first17}");
        }
        // 99 is no province: a valid check digit alone is only a typo warning.
        let no_province = id("99058219900307123");
        assert_eq!(
            rules(&no_province),
            [(Rule::IdNumberTypo, no_province.clone())]
        );
        // Glued to letters or digits: part of something else.
        let good = id("32058219900307123");
        assert_eq!(rules(&format!("NO{good}")), []);
        assert_eq!(rules(&format!("{good}7")), []);
        assert_eq!(rules(&format!("{good}abc")), []);
    }

    #[test]
    fn mobile_numbers_in_every_spelling() {
        let want = [(Rule::Mobile, "13912345678".to_string())];
        for text in [
            "电话13912345678。",
            "电话：139 1234 5678",
            "139-1234-5678",
            "1391234 5678",
            "+86 139 1234 5678",
            "+86-13912345678",
            "+8613912345678",
            "0086 13912345678",
            "008613912345678",
            "（+86）13912345678",
            "１３９１２３４５６７８",
            "＋８６ １３９－１２３４－５６７８",
            "2023年 13912345678 是",
        ] {
            assert_eq!(rules(text), want, "{text}");
        }
    }

    #[test]
    fn not_mobile_numbers() {
        for text in [
            "138****8000",
            "138 **** 8000",
            "110101********1234",
            "12345678901",    // second digit 2
            "139123456789",   // 12 digits
            "1391234567",     // 10 digits
            "13 912 345 678", // wrong grouping
            "0595-12345678",  // landline
            "400-123-4567",
            "ID13912345678",
            "13912345678ab",
            "v1.13912345678x",
        ] {
            assert_eq!(rules(text), [], "{text}");
        }
    }

    #[test]
    fn numbers_are_found_wherever_the_16_byte_steps_fall() {
        // The scan passes over digit-free text 16 bytes at a time: a number (or a line break
        // ending an address) must be found at every offset from a step's start.
        for pad in 0..40 {
            let lead = "见义勇为 <a href=\"x\">".repeat(3);
            let cut = (0..=pad).rev().find(|&i| lead.is_char_boundary(i)).unwrap();
            let lead = &lead[..cut];
            for number in ["13912345678", "１３９１２３４５６７８"] {
                let text = format!("{lead}手机{number}。");
                let found: Vec<Rule> = rules(&text).into_iter().map(|(r, _)| r).collect();
                assert_eq!(found, [Rule::Mobile], "{text}");
            }
            let text = format!("{lead}某路12号501室");
            let found: Vec<Rule> = rules(&text).into_iter().map(|(r, _)| r).collect();
            assert_eq!(found, [Rule::HomeAddress], "{text}");
            let text = format!("{lead}某路12号\n501室");
            assert_eq!(rules(&text), [], "a line break must end an address: {text}");
            // Also where the line break falls in digit-free text passed over 16 bytes at a
            // time, between Chinese punctuation (full-width, as a full-width digit starts).
            let text = format!("某路12号{lead}\n{lead}：，。501室");
            assert_eq!(rules(&text), [], "a line break must end an address: {text}");
        }
    }

    #[test]
    fn masks_keep_only_the_ends() {
        let f = &scan("手机13912345678", today())[0];
        assert_eq!(f.masked, "139****5678");
        let f = &scan(&id("32058219900307123"), today())[0];
        assert_eq!(f.masked.len(), 18);
        assert!(f.masked.starts_with("320582********"));
    }

    #[test]
    fn old_ids_only_next_to_the_word() {
        assert_eq!(
            rules("身份证号码：320582900307123"),
            [(Rule::IdNumber15, "320582900307123".into())]
        );
        assert_eq!(rules("编号320582900307123"), []);
    }

    #[test]
    fn bank_cards_pass_luhn() {
        assert_eq!(
            rules("卡号 4111 1111 1111 1111"),
            [(Rule::BankCard, "4111111111111111".into())]
        );
        assert_eq!(rules("卡号 4111 1111 1111 1112"), []);
        // Luhn passes, but neither 62 nor a word about cards: a serial number.
        assert_eq!(rules("流水号 4111 1111 1111 1111"), []);
        assert_eq!(
            rules("6222021234567890128"),
            [(Rule::BankCard, "6222021234567890128".into())]
        );
        assert_eq!(rules("41111 11111 111111"), []);
        assert_eq!(rules("https://v.douyin.com/video/4111111111111111"), []);
    }

    #[test]
    fn door_level_addresses() {
        let hits = |t: &str| {
            scan(t, today())
                .into_iter()
                .filter(|f| f.rule == Rule::HomeAddress)
                .map(|f| f.masked)
                .collect::<Vec<_>>()
        };
        assert_eq!(hits("住在幸福路12号501室。"), ["**号***室"]);
        assert_eq!(hits("家住光明小区3栋2单元501室"), ["*栋*单元"]);
        assert_eq!(hits("５号楼３０２室"), ["*号楼***室"]);
        assert_eq!(hits("幸福路12号"), Vec::<String>::new());
        assert_eq!(hits("3室2厅，12号线"), Vec::<String>::new());
        assert_eq!(hits("12号\n501室"), Vec::<String>::new());
        assert_eq!(hits("3号会议室"), Vec::<String>::new());
    }
}
