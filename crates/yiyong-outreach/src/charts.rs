//! Bar charts drawn as SVG at build time: no script, no web font, readable without colour
//! (every bar carries its number), and described for screen readers.

use std::collections::HashMap;

use serde_json::Value;
use tera::{Function, Result};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Horizontal bars, one row per `{label, count}` (as `get_statistics()` gives them).
pub fn bar_chart(rows: &[(String, f64)], title: &str, width: u32) -> String {
    const ROW: u32 = 40;
    const TOP: u32 = 8;
    const LABEL_W: u32 = 150;
    const VALUE_W: u32 = 56;
    let max = rows.iter().map(|r| r.1).fold(0.0_f64, f64::max).max(1.0);
    let bar_space = width.saturating_sub(LABEL_W + VALUE_W + 8) as f64;
    let height = TOP * 2 + ROW * rows.len().max(1) as u32;
    let desc: Vec<String> = rows.iter().map(|(l, v)| format!("{l}：{v}")).collect();
    let desc = desc.join("，");
    // Ids unique per chart, so several charts can share a page.
    let id = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (title, &desc).hash(&mut h);
        format!("{:012x}", h.finish() & 0xffff_ffff_ffff)
    };
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"100%\" aria-labelledby=\"t{id} d{id}\">\
<title id=\"t{id}\">{}</title><desc id=\"d{id}\">{}</desc>",
        esc(title),
        esc(&desc)
    );
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = TOP + i as u32 * ROW;
        let w = (value / max * bar_space)
            .round()
            .max(if *value > 0.0 { 2.0 } else { 0.0 });
        let shown = if value.fract() == 0.0 {
            format!("{value:.0}")
        } else {
            format!("{value}")
        };
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"17\" fill=\"#1f1f1f\">{}</text>\
<rect x=\"{LABEL_W}\" y=\"{}\" width=\"{w}\" height=\"24\" rx=\"3\" fill=\"#a8071a\"/>\
<text x=\"{}\" y=\"{}\" font-size=\"17\" fill=\"#1f1f1f\">{shown}</text>",
            LABEL_W - 8,
            y + 24,
            esc(label),
            y + 6,
            LABEL_W as f64 + w + 6.0,
            y + 24,
        ));
    }
    svg.push_str("</svg>");
    svg
}

pub struct BarChart;

impl Function for BarChart {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let data = args.get("data").and_then(Value::as_array).ok_or_else(|| {
            tera::Error::msg("bar_chart needs `data`, a list like get_statistics().heroes.by_year")
        })?;
        let rows: Vec<(String, f64)> = data
            .iter()
            .map(|d| {
                let label = d
                    .get("label")
                    .or_else(|| d.get("key"))
                    .map(|l| {
                        l.as_str()
                            .map(String::from)
                            .unwrap_or_else(|| l.to_string())
                    })
                    .unwrap_or_default();
                (label, d.get("count").and_then(Value::as_f64).unwrap_or(0.0))
            })
            .collect();
        let title = args.get("title").and_then(Value::as_str).unwrap_or("");
        let width = args.get("width").and_then(Value::as_u64).unwrap_or(360) as u32;
        Ok(Value::String(bar_chart(&rows, title, width.max(320))))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn draws_rows_with_numbers() {
        let svg = super::bar_chart(
            &[("主题公园".into(), 15.0), ("长廊".into(), 9.0)],
            "阵地 <按类型>",
            640,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains(">主题公园</text>") && svg.contains(">15</text>"));
        assert!(svg.contains("\">阵地 &lt;按类型&gt;</title>"));
        assert!(svg.contains("主题公园：15，长廊：9"));
    }
}
