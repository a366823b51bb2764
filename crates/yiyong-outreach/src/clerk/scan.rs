//! The pre-pass over TOML front matter as a clerk types it: punctuation and digits from a
//! Chinese input method outside quotes, text without quotes, dates in other forms, numbers
//! with thousands separators, field names in Chinese. Only what TOML refuses anyway is
//! reported (text inside quotes and comments may be anything), so the pass never turns a
//! file that builds into one that does not; it explains why a file does not.

use super::dates;
use super::text as t;
use crate::i18n::Msg;

/// One mistake: the 1-based line in the file, what was typed, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub line: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// A full-width character class: its name, the ASCII to type instead and that one's name.
struct Class {
    chars: &'static str,
    what: Msg,
    fix: &'static str,
    instead: Msg,
}

static CLASSES: &[Class] = &[
    Class {
        chars: "“”",
        what: t::FW_QUOTES,
        fix: "\" \"",
        instead: t::ASCII_QUOTES,
    },
    Class {
        chars: "‘’",
        what: t::FW_SINGLE_QUOTES,
        fix: "\" \"",
        instead: t::ASCII_QUOTES,
    },
    Class {
        chars: "＂＇",
        what: t::FW_WIDE_QUOTES,
        fix: "\" \"",
        instead: t::ASCII_QUOTES,
    },
    Class {
        chars: "＝",
        what: t::FW_EQUALS,
        fix: "=",
        instead: t::ASCII_EQUALS,
    },
    Class {
        chars: "【】［］",
        what: t::FW_BRACKETS,
        fix: "[ ]",
        instead: t::ASCII_BRACKETS,
    },
    Class {
        chars: "｛｝",
        what: t::FW_BRACES,
        fix: "{ }",
        instead: t::ASCII_BRACES,
    },
    Class {
        chars: "，",
        what: t::FW_COMMA,
        fix: ",",
        instead: t::ASCII_COMMA,
    },
    Class {
        chars: "、",
        what: t::FW_DUN,
        fix: ",",
        instead: t::ASCII_COMMA,
    },
    Class {
        chars: "０１２３４５６７８９",
        what: t::FW_DIGITS,
        fix: "",
        instead: t::ASCII_DIGITS,
    },
    Class {
        chars: "\u{3000}",
        what: t::FW_SPACE,
        fix: "",
        instead: t::ASCII_SPACE,
    },
    Class {
        chars: "．。",
        what: t::FW_PERIOD,
        fix: ".",
        instead: t::ASCII_PERIOD,
    },
    Class {
        chars: "－",
        what: t::FW_MINUS,
        fix: "-",
        instead: t::ASCII_MINUS,
    },
    Class {
        chars: "＃",
        what: t::FW_HASH,
        fix: "#",
        instead: t::ASCII_HASH,
    },
];

/// A Chinese colon where `=` belongs (`name："王小明"`), and one inside a value (`09：00`).
static AS_EQUALS: Class = Class {
    chars: "：",
    what: t::FW_COLON,
    fix: "=",
    instead: t::ASCII_EQUALS,
};
static AS_COLON: Class = Class {
    chars: "：",
    what: t::FW_COLON,
    fix: ":",
    instead: t::ASCII_COLON,
};

/// The ASCII a full-width character stands for in front matter.
fn ascii_of(c: char) -> Option<&'static str> {
    Some(match c {
        '“' | '”' | '‘' | '’' | '＂' | '＇' => "\"",
        '＝' => "=",
        '【' | '［' => "[",
        '】' | '］' => "]",
        '｛' => "{",
        '｝' => "}",
        '，' | '、' => ",",
        '\u{3000}' => " ",
        '．' | '。' => ".",
        '－' => "-",
        '＃' => "#",
        '：' => ":",
        '０'..='９' => {
            ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"][c as usize - '０' as usize]
        }
        _ => return None,
    })
}

/// Front matter keys whose values are dates.
const DATE_KEYS: &[&str] = &["date", "updated", "deed_date", "opened", "start", "end"];
const BOOL_KEYS: &[&str] = &["draft", "anonymous", "minor", "render", "in_search_index"];

/// The front matter lines of a file: (1-based line, text without `\r`), or None when the
/// file has no TOML front matter to read (YAML, or none: the core says so).
pub fn front_matter_lines(text: &str) -> Option<Vec<(usize, &str)>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    let (_, first) = lines.by_ref().find(|(_, l)| !l.trim().is_empty())?;
    if first.trim() != "+++" {
        return None;
    }
    Some(lines.take_while(|(_, l)| l.trim_end() != "+++").collect())
}

/// Every mistake of the front matter, in line order.
pub fn scan(text: &str) -> Vec<Finding> {
    match front_matter_lines(text) {
        Some(lines) => scan_lines(lines),
        None => vec![],
    }
}

/// Every mistake of a whole TOML file (config.toml), in line order.
pub fn scan_toml(text: &str) -> Vec<Finding> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = text.lines().enumerate();
    scan_lines(
        lines
            .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
            .collect(),
    )
}

fn scan_lines(lines: Vec<(usize, &str)>) -> Vec<Finding> {
    let mut out = vec![];
    let mut multiline: Option<&'static str> = None;
    for (no, line) in lines {
        let (found, fixed) = full_width(line, &mut multiline);
        let before = out.len();
        for (class, typed) in &found {
            let fix = match class.fix {
                "" => typed.chars().filter_map(ascii_of).collect::<String>(),
                f => f.to_string(),
            };
            let (typed, fix) = (cut(typed, 40), cut(&fix, 40));
            // A space is invisible on its own: shown between corner brackets.
            let (typed, fix) = match class.chars {
                "\u{3000}" => (format!("「{typed}」"), "「 」".to_string()),
                _ => (typed, fix),
            };
            out.push(Finding {
                line: no,
                message: t::FULL_WIDTH.fmt(&[
                    ("what", &class.what.text()),
                    ("typed", &typed),
                    ("instead", &class.instead.text()),
                    ("fix", &fix),
                ]),
                hint: None,
            });
        }
        let semantic = if multiline.is_none() {
            value_mistake(&fixed)
        } else {
            None
        };
        // The line typed right, without its comment unless it is all comment; a line too
        // long to read in a terminal is cut (a pasted paragraph, a hostile file).
        let shown = match strip_comment(fixed.trim()) {
            "" => fixed.trim(),
            code => code,
        };
        let shown = cut(shown, 160);
        let hint = match &semantic {
            None if !found.is_empty() => Some(t::FULL_WIDTH_HINT.fmt(&[("line", &shown)])),
            _ => None,
        };
        if let Some(first) = out.get_mut(before) {
            first.hint = hint;
        }
        out.extend(semantic.map(|(message, hint)| Finding {
            line: no,
            message,
            hint: Some(hint),
        }));
    }
    out
}

/// The full-width characters of one line outside strings and comments, one entry per class
/// (a Chinese colon counts as an `=` when no `=` comes before it), and the line with each of
/// them typed right. `multiline` carries an open `"""`/`'''` string to the next line.
fn full_width(
    line: &str,
    multiline: &mut Option<&'static str>,
) -> (Vec<(&'static Class, String)>, String) {
    let mut found: Vec<(&'static Class, String)> = vec![];
    let mut fixed = String::with_capacity(line.len());
    let mut rest = line;
    if let Some(close) = *multiline {
        match rest.find(close) {
            Some(i) => {
                fixed.push_str(&rest[..i + 3]);
                rest = &rest[i + 3..];
                *multiline = None;
            }
            None => return (found, line.to_string()),
        }
    }
    let mut seen_equals = false;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '#' => {
                fixed.push_str(&rest[i..]);
                break;
            }
            '"' | '\'' => {
                let triple: &'static str = if c == '"' { "\"\"\"" } else { "'''" };
                if rest[i..].starts_with(triple) {
                    match rest[i + 3..].find(triple) {
                        Some(j) => {
                            fixed.push_str(&rest[i..i + 6 + j]);
                            skip_to(&mut chars, i + 6 + j);
                        }
                        None => {
                            fixed.push_str(&rest[i..]);
                            *multiline = Some(triple);
                            break;
                        }
                    }
                    continue;
                }
                let end = string_end(&rest[i + 1..], c).map(|j| i + 1 + j + 1);
                let end = end.unwrap_or(rest.len());
                fixed.push_str(&rest[i..end]);
                skip_to(&mut chars, end);
            }
            '“' | '‘' | '＂' => {
                // The clerk's own string: what is inside stays as typed.
                let class = CLASSES
                    .iter()
                    .find(|k| k.chars.contains(c))
                    .expect("listed");
                let close = rest[i + c.len_utf8()..]
                    .find(['”', '’', '＂', '"'])
                    .map(|j| i + c.len_utf8() + j);
                let (inner_end, end, typed) = match close {
                    Some(j) => {
                        let cl = rest[j..].chars().next().unwrap_or('"');
                        (j, j + cl.len_utf8(), format!("{c} {cl}"))
                    }
                    None => (rest.len(), rest.len(), c.to_string()),
                };
                add(&mut found, class, &typed);
                fixed.push('"');
                fixed.push_str(&rest[i + c.len_utf8()..inner_end]);
                fixed.push('"');
                skip_to(&mut chars, end);
            }
            '：' => {
                let (class, fix) = if seen_equals {
                    (&AS_COLON, ":")
                } else {
                    seen_equals = true;
                    (&AS_EQUALS, " = ")
                };
                add(&mut found, class, "：");
                fixed.push_str(fix);
            }
            _ => {
                if c == '=' || c == '＝' {
                    seen_equals = true;
                }
                match CLASSES.iter().find(|k| k.chars.contains(c)) {
                    Some(class) => {
                        // A run of digits or spaces is shown whole: ２０２６, not ２.
                        let mut typed = c.to_string();
                        let mut ascii = ascii_of(c).unwrap_or("").to_string();
                        if class.fix.is_empty() {
                            while let Some(&(_, n)) = chars.peek() {
                                if !class.chars.contains(n) {
                                    break;
                                }
                                typed.push(n);
                                ascii.push_str(ascii_of(n).unwrap_or(""));
                                chars.next();
                            }
                        }
                        add(&mut found, class, &typed);
                        if class.chars == "\u{3000}" {
                            ascii = " ".into();
                        }
                        fixed.push_str(&ascii);
                        if c == '＃' {
                            // The rest of the line is the comment the clerk meant.
                            fixed.push_str(&rest[i + c.len_utf8()..]);
                            break;
                        }
                    }
                    None => fixed.push(c),
                }
            }
        }
    }
    (found, tidy(&fixed))
}

fn skip_to(chars: &mut std::iter::Peekable<std::str::CharIndices>, end: usize) {
    while chars.peek().is_some_and(|&(j, _)| j < end) {
        chars.next();
    }
}

/// Where a one-line string opened by `quote` ends in `s` (the byte of the closing quote).
fn string_end(s: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' if quote == '"' && !escaped => escaped = true,
            c if c == quote && !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

fn add<'a>(found: &mut Vec<(&'a Class, String)>, class: &'a Class, typed: &str) {
    match found.iter_mut().find(|(k, _)| std::ptr::eq(*k, class)) {
        // The same class twice on a line is named once, with each different form typed.
        Some((_, t)) if !t.contains(typed) => {
            t.push(' ');
            t.push_str(typed);
        }
        Some(_) => {}
        None => found.push((class, typed.to_string())),
    }
}

/// `key = value` with single spaces around the first `=`, as `yiyong new` writes it.
fn tidy(line: &str) -> String {
    let indent = &line[..line.len() - line.trim_start().len()];
    match line.trim().split_once('=') {
        Some((k, v)) if !k.contains(['"', '[']) && !k.trim().is_empty() => {
            format!("{indent}{} = {}", k.trim(), v.trim())
        }
        _ => line.trim_end().to_string(),
    }
}

/// The value mistake of a `key = value` line (typed right as far as full width goes).
fn value_mistake(line: &str) -> Option<(String, String)> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with(['#', '[']) {
        return None;
    }
    let (key, value) = trimmed.split_once('=')?;
    let key = key.trim();
    let value = strip_comment(value.trim());
    if !key.starts_with(['"', '\'']) && !key.is_ascii() {
        let guess = super::key_for_chinese(key);
        let msg = t::CHINESE_KEY.fmt(&[("key", &key)]);
        let hint = match guess {
            Some(k) => t::CHINESE_KEY_GUESS.fmt(&[("key", &key), ("fix", &k)]),
            None => t::CHINESE_KEY_HINT.text().to_string(),
        };
        return Some((msg, hint));
    }
    if value.is_empty() {
        return Some((
            t::NO_VALUE.fmt(&[("key", &key)]),
            t::NO_VALUE_HINT.fmt(&[("key", &key)]),
        ));
    }
    if value.starts_with(['"', '\'', '[', '{']) {
        return None;
    }
    let line_with = |v: &str| format!("{key} = {v}");
    if DATE_KEYS.contains(&key) {
        if let Some(h) = dates::hint(value) {
            let hint = match &h.fixed {
                Some(f) => t::DATE_FIX.fmt(&[("line", &line_with(f))]),
                None => t::DATE_FIX_GENERIC.fmt(&[("key", &key)]),
            };
            return Some((
                t::DATE_WRONG.fmt(&[("typed", &value), ("problem", &h.problem)]),
                hint,
            ));
        }
    }
    if BOOL_KEYS.contains(&key) && !matches!(value, "true" | "false") {
        let fix = if "是对真有".contains(value) {
            "true"
        } else {
            "false"
        };
        return Some((
            t::BOOL_WRONG.fmt(&[("key", &key), ("typed", &value)]),
            t::LINE_FIX.fmt(&[("line", &line_with(fix))]),
        ));
    }
    let digits_commas = value.chars().all(|c| c.is_ascii_digit() || c == ',');
    if digits_commas && value.contains(',') && value.starts_with(|c: char| c.is_ascii_digit()) {
        let fix: String = value.chars().filter(char::is_ascii_digit).collect();
        return Some((
            t::THOUSANDS.fmt(&[("typed", &value)]),
            t::LINE_FIX.fmt(&[("line", &line_with(&fix))]),
        ));
    }
    let leading: String = value.chars().take_while(char::is_ascii_digit).collect();
    if !leading.is_empty() && value[leading.len()..].starts_with(|c: char| !c.is_ascii()) {
        return Some((
            t::NUMBER_UNIT.fmt(&[("typed", &value)]),
            t::LINE_FIX.fmt(&[("line", &line_with(&leading))]),
        ));
    }
    // Text typed without quotes starts with a letter (王小明, individual); anything else
    // (`= 3` after a doubled `=`) is a mistake the pre-pass cannot name better than TOML.
    let bare = value.starts_with(char::is_alphabetic)
        && !matches!(value, "true" | "false" | "inf" | "nan");
    if bare {
        return Some((
            t::UNQUOTED.fmt(&[("typed", &value)]),
            t::LINE_FIX.fmt(&[("line", &line_with(&format!("\"{value}\"")))]),
        ));
    }
    None
}

/// At most `max` characters of `s`, with … when cut.
fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// A value without its trailing `# comment` (a `#` inside quotes is text).
fn strip_comment(v: &str) -> &str {
    let mut quote = None;
    for (i, c) in v.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') => return v[..i].trim_end(),
            _ => {}
        }
    }
    v
}
