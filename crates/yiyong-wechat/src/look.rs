//! The article looks staff can choose (`[extra.yiyong.wechat] theme`, `accent`): the default
//! is the site theme's red; 素雅 (grey, for memorial posts about a hero who died: the default
//! red reads as festive there); 政务蓝 (the blue many government accounts use). Every colour
//! is dark enough on white for text (WCAG AA, 4.5:1), since WeChat shows the article on white
//! and recolours it itself in dark mode.

use serde_json::Value;
use yiyong_core::error::Diagnostic;
use yiyong_core::Config;

pub use crate::style::Look;

/// The themes: names staff may write (Chinese or English), then accent, ink, muted, line, tint.
const THEMES: &[(&[&str], [&str; 5])] = &[
    (
        &["default", "默认", "红色"],
        ["#a8071a", "#1f1f1f", "#595959", "#e0e0e0", "#f7f7f7"],
    ),
    (
        &["solemn", "素雅", "灰色"],
        ["#434343", "#262626", "#595959", "#d9d9d9", "#f5f5f5"],
    ),
    (
        &["blue", "政务蓝", "蓝色"],
        ["#0050b3", "#1f1f1f", "#595959", "#d6e4ff", "#f0f5ff"],
    ),
];

fn theme(colours: [&str; 5]) -> Look {
    let [accent, ink, muted, line, tint] = colours.map(String::from);
    Look {
        accent,
        ink,
        muted,
        line,
        tint,
    }
}

impl Default for Look {
    fn default() -> Look {
        theme(THEMES[0].1)
    }
}

/// The look the site's config asks for; a bad theme name or accent colour is an error
/// naming config.toml, the key and what to write.
pub fn from_config(config: &Config) -> Result<Look, Diagnostic> {
    let table = config
        .extra
        .get("yiyong")
        .and_then(|y| y.get("wechat"))
        .cloned()
        .unwrap_or(Value::Null);
    let mut look = match table.get("theme") {
        None => Look::default(),
        Some(v) => {
            let name = v.as_str().unwrap_or_default().trim();
            let found = THEMES.iter().find(|(names, _)| names.contains(&name));
            match found {
                Some((_, colours)) => theme(*colours),
                None => return Err(bad("theme", &v.to_string(), &theme_names())),
            }
        }
    };
    if let Some(v) = table.get("accent") {
        let text = v.as_str().unwrap_or_default().trim();
        let shown = v.to_string();
        let hint = "写成 \"#a8071a\" 这样的六位颜色值，并选足够深的颜色（在白底上作文字要看得清，对比度至少 4.5:1）";
        match parse_hex(text) {
            Some(rgb) if contrast_on_white(rgb) >= 4.5 && rgb != [0, 0, 0] => {
                look.accent = format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
            }
            Some([0, 0, 0]) => {
                return Err(bad(
                    "accent",
                    &shown,
                    "公众号编辑器会去掉纯黑色，请用深灰色，例如 \"#262626\"",
                ))
            }
            Some(rgb) => {
                let why = format!(
                    "这个颜色在白底上太浅（对比度 {:.1}:1，文字至少要 4.5:1），请选深一些的颜色，例如 \"#a8071a\"",
                    contrast_on_white(rgb)
                );
                return Err(bad("accent", &shown, &why));
            }
            None => return Err(bad("accent", &shown, hint)),
        }
    }
    Ok(look)
}

fn theme_names() -> String {
    let names: Vec<String> = THEMES
        .iter()
        .map(|(n, _)| format!("\"{}\"（{}）", n[1], n[0]))
        .collect();
    format!("可选：{}", names.join("、"))
}

fn bad(key: &str, value: &str, hint: &str) -> Diagnostic {
    Diagnostic::new(format!(
        "config.toml 的 [extra.yiyong.wechat] {key} = {value} 不可用 (unknown or unreadable WeChat article {key})"
    ))
    .with_hint(hint)
}

/// `#rgb` or `#rrggbb`.
fn parse_hex(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    let digits: Vec<u8> = hex
        .chars()
        .map(|c| c.to_digit(16).map(|d| d as u8))
        .collect::<Option<_>>()?;
    match digits.as_slice() {
        [r, g, b] => Some([r * 17, g * 17, b * 17]),
        [r1, r2, g1, g2, b1, b2] => Some([r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2]),
        _ => None,
    }
}

/// WCAG 2 contrast ratio of a colour against white.
fn contrast_on_white(rgb: [u8; 3]) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
    1.05 / (l + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every colour of every theme used for text is readable on white.
    #[test]
    fn every_theme_text_colour_passes_aa_on_white() {
        for (names, colours) in THEMES {
            for c in &colours[..3] {
                let ratio = contrast_on_white(parse_hex(c).unwrap());
                assert!(ratio >= 4.5, "{} {c}: {ratio:.2}", names[0]);
            }
        }
    }

    #[test]
    fn hex_forms() {
        assert_eq!(parse_hex("#fff"), Some([255, 255, 255]));
        assert_eq!(parse_hex("#0050B3"), Some([0, 80, 179]));
        assert_eq!(parse_hex("0050b3"), None);
        assert_eq!(parse_hex("#12345"), None);
        assert!((contrast_on_white([0, 0, 0]) - 21.0).abs() < 0.01);
    }
}
