//! `load_data` for local files (toml, json, csv, yaml, xml, bibtex, plain) and
//! `get_image_metadata`. Remote URLs are refused: a build never touches the network.

use std::collections::HashMap;

use serde_json::{json, Map, Value};
use tera::Result;

use super::SiteData;

fn err(m: String) -> tera::Error {
    tera::Error::msg(m)
}

pub fn load_data(site: &SiteData, args: &HashMap<String, Value>) -> Result<Value> {
    let required = args
        .get("required")
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    let format = args
        .get("format")
        .and_then(|v| v.as_str())
        .map(str::to_lowercase);
    if let Some(url) = args.get("url").and_then(|v| v.as_str()) {
        return Err(err(format!(
            "load_data: remote URLs are not fetched (`{url}`): builds work offline; save the file in the site and use path=..."
        )));
    }
    let (text, ext) = if let Some(lit) = args.get("literal").and_then(|v| v.as_str()) {
        (lit.to_string(), None)
    } else if let Some(p) = args.get("path").and_then(|v| v.as_str()) {
        let Some(file) = site.find_file("load_data", p)? else {
            return if required {
                Err(err(format!("load_data: file `{p}` not found (looked in static/, content/ and the site root)")))
            } else {
                Ok(Value::Null)
            };
        };
        let text = std::fs::read_to_string(&file)
            .map_err(|e| err(format!("load_data: cannot read `{p}`: {e}")))?;
        (
            text,
            file.extension().map(|e| e.to_string_lossy().to_lowercase()),
        )
    } else {
        return Err(err("load_data needs `path` or `literal`".into()));
    };
    let kind = format.or(ext).unwrap_or_else(|| "plain".into());
    let from = match args.get("path").and_then(|v| v.as_str()) {
        Some(p) if !args.contains_key("literal") => format!(" in `{p}`"),
        _ => String::new(),
    };
    parse(&text, &kind).map_err(|m| err(format!("load_data{from}: {m}")))
}

pub fn parse(text: &str, kind: &str) -> std::result::Result<Value, String> {
    match kind {
        "toml" => toml::from_str::<toml::Value>(text)
            .map(crate::config::toml_to_json)
            .map_err(|e| format!("invalid TOML: {e}")),
        "json" => serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}")),
        "yaml" | "yml" => {
            serde_yaml::from_str::<Value>(text).map_err(|e| format!("invalid YAML: {e}"))
        }
        "csv" => parse_csv(text),
        "xml" => parse_xml(text),
        "bib" | "bibtex" => parse_bibtex(text),
        "plain" | "txt" | "html" | "md" | "css" | "js" | "svg" => {
            Ok(Value::String(text.to_string()))
        }
        other => Err(format!(
            "unknown format `{other}`; use toml, json, csv, yaml, xml, bibtex or plain"
        )),
    }
}

fn parse_csv(text: &str) -> std::result::Result<Value, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("invalid CSV: {e}"))?
        .iter()
        .map(String::from)
        .collect();
    let mut records = vec![];
    for r in reader.records() {
        let r = r.map_err(|e| format!("invalid CSV: {e}"))?;
        records.push(Value::Array(
            r.iter().map(|s| Value::String(s.into())).collect(),
        ));
    }
    Ok(json!({ "headers": headers, "records": records }))
}

/// How deep XML elements may nest: the JSON and YAML readers stop at 128 too. A deeper value
/// would take the stack of whatever walks it later (even dropping it is recursive).
const XML_DEPTH_LIMIT: usize = 128;

/// XML to JSON: attributes as `@name`, text as `#text`, repeated children as arrays.
fn parse_xml(text: &str) -> std::result::Result<Value, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut stack: Vec<(String, Map<String, Value>)> = vec![(String::new(), Map::new())];
    loop {
        match reader
            .read_event()
            .map_err(|e| format!("invalid XML: {e}"))?
        {
            Event::Start(e) => {
                if stack.len() > XML_DEPTH_LIMIT {
                    return Err(format!(
                        "XML elements nested more than {XML_DEPTH_LIMIT} deep (at byte {})",
                        reader.buffer_position()
                    ));
                }
                stack.push((
                    String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                    attrs(&e),
                ))
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let v = Value::Object(attrs(&e));
                add_child(&mut stack.last_mut().unwrap().1, name, v);
            }
            Event::Text(t) => {
                let s = t
                    .unescape()
                    .map_err(|e| format!("invalid XML: {e}"))?
                    .into_owned();
                stack
                    .last_mut()
                    .unwrap()
                    .1
                    .insert("#text".into(), Value::String(s));
            }
            Event::CData(t) => {
                stack.last_mut().unwrap().1.insert(
                    "#text".into(),
                    Value::String(String::from_utf8_lossy(&t).into_owned()),
                );
            }
            Event::End(_) => {
                let (name, map) = stack.pop().ok_or("unbalanced XML")?;
                let v = if map.len() == 1 && map.contains_key("#text") {
                    map["#text"].clone()
                } else {
                    Value::Object(map)
                };
                add_child(&mut stack.last_mut().ok_or("unbalanced XML")?.1, name, v);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(Value::Object(stack.pop().map(|s| s.1).unwrap_or_default()))
}

fn attrs(e: &quick_xml::events::BytesStart) -> Map<String, Value> {
    e.attributes()
        .flatten()
        .map(|a| {
            let k = format!("@{}", String::from_utf8_lossy(a.key.as_ref()));
            let v = a
                .unescape_value()
                .map(|c| c.into_owned())
                .unwrap_or_default();
            (k, Value::String(v))
        })
        .collect()
}

fn add_child(map: &mut Map<String, Value>, name: String, v: Value) {
    match map.get_mut(&name) {
        Some(Value::Array(list)) => list.push(v),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, v]);
        }
        None => {
            map.insert(name, v);
        }
    }
}

/// A small BibTeX reader: `@type{key, field = {value} | "value" | number, ...}`.
fn parse_bibtex(text: &str) -> std::result::Result<Value, String> {
    let mut entries = vec![];
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        rest = &rest[at + 1..];
        let open = rest.find(['{', '(']).ok_or("BibTeX entry without `{`")?;
        let entry_type = rest[..open].trim().to_lowercase();
        let body_start = open + 1;
        let mut depth = 1;
        let mut end = None;
        for (i, c) in rest[body_start..].char_indices() {
            match c {
                '{' | '(' => depth += 1,
                '}' | ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(body_start + i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let end = end.ok_or("unclosed BibTeX entry")?;
        let body = &rest[body_start..end];
        rest = &rest[end + 1..];
        if entry_type == "comment" || entry_type == "preamble" || entry_type == "string" {
            continue;
        }
        let (key, fields) = body.split_once(',').unwrap_or((body, ""));
        let mut tags = Map::new();
        for field in split_fields(fields) {
            if let Some((k, v)) = field.split_once('=') {
                let v = v
                    .trim()
                    .trim_matches(|c| c == '{' || c == '}' || c == '"')
                    .trim();
                tags.insert(k.trim().to_lowercase(), Value::String(v.to_string()));
            }
        }
        entries.push(json!({ "entry_type": entry_type, "citation_key": key.trim(), "tags": tags }));
    }
    Ok(json!({ "preambles": [], "comments": [], "variables": {}, "bibliographies": entries }))
}

fn split_fields(s: &str) -> Vec<&str> {
    let (mut out, mut depth, mut start, mut quoted) = (vec![], 0, 0, false);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            '"' if depth == 0 => quoted = !quoted,
            ',' if depth == 0 && !quoted => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out.into_iter().filter(|f| !f.trim().is_empty()).collect()
}

pub fn svg_size(text: &str) -> Option<(f64, f64)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<String> {
        let needle = format!(" {name}=\"");
        let i = tag.find(&needle)? + needle.len();
        Some(tag[i..i + tag[i..].find('"')?].to_string())
    };
    let num = |s: String| s.trim_end_matches("px").trim().parse::<f64>().ok();
    if let (Some(w), Some(h)) = (attr("width").and_then(num), attr("height").and_then(num)) {
        return Some((w, h));
    }
    let vb: Vec<f64> = attr("viewBox")?
        .split([' ', ','])
        .filter_map(|s| s.parse().ok())
        .collect();
    (vb.len() == 4).then(|| (vb[2], vb[3]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(parse("a,b\n1,2\n", "csv").unwrap()["records"][0][1], "2");
        let x = parse(
            "<root><item id=\"1\">x</item><item id=\"2\">y</item></root>",
            "xml",
        )
        .unwrap();
        assert_eq!(x["root"]["item"][1]["@id"], "2");
        let b = parse("@book{k1, title = {A {B}}, year = 2020}", "bibtex").unwrap();
        assert_eq!(b["bibliographies"][0]["citation_key"], "k1");
        assert_eq!(b["bibliographies"][0]["tags"]["year"], "2020");
        assert_eq!(parse("k = 1", "toml").unwrap()["k"], 1);
        let nested = |n: usize| "<a>".repeat(n) + &"</a>".repeat(n);
        assert!(parse(&nested(XML_DEPTH_LIMIT), "xml").is_ok());
        let deep = parse(&nested(20_000), "xml").unwrap_err();
        assert!(deep.contains("nested more than 128 deep"), "{deep}");
    }
}
