//! Zola shortcodes: `{{ name(arg=value) }}`, `{% name(arg=value) %}body{% end %}`, and the
//! escapes `{{/* ... */}}` / `{%/* ... */%}`. `.md` shortcodes are spliced into the Markdown
//! before parsing; `.html` ones are replaced by placeholders and put back after rendering, so
//! the Markdown parser never sees (and mangles) their HTML.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::RenderContext;
use crate::error::{line_of_offset, tera_chain, Diagnostic};

const PH_OPEN: char = '\u{E000}';
const PH_CLOSE: char = '\u{E001}';

pub struct Expanded {
    pub markdown: String,
    /// Rendered `.html` shortcodes, indexed by placeholder number.
    pub html: Vec<String>,
}

pub fn placeholder(i: usize) -> String {
    format!("{PH_OPEN}{i}{PH_CLOSE}")
}

/// Puts rendered HTML shortcodes back in place of their placeholders.
pub fn restore(mut html: String, outputs: &[String]) -> String {
    if outputs.is_empty() {
        return html;
    }
    for (i, out) in outputs.iter().enumerate() {
        let ph = placeholder(i);
        let alone = format!("<p>{ph}</p>\n");
        if html.contains(&alone) {
            html = html.replacen(&alone, out, 1);
        } else {
            html = html.replacen(&ph, out, 1);
        }
    }
    html
}

/// A shortcode call as written.
struct Call<'a> {
    name: &'a str,
    args: Map<String, Value>,
    body: Option<&'a str>,
    start: usize,
    end: usize,
}

pub fn expand(input: &str, ctx: &RenderContext) -> Result<Expanded, Vec<Diagnostic>> {
    if !input.contains("{{") && !input.contains("{%") {
        return Ok(Expanded {
            markdown: input.to_string(),
            html: vec![],
        });
    }
    let mut out = String::with_capacity(input.len());
    let mut html = vec![];
    let mut errors = vec![];
    let mut nth: HashMap<String, usize> = HashMap::new();
    let mut pos = 0;
    while let Some(rel) = find_open(&input[pos..]) {
        let start = pos + rel;
        out.push_str(&input[pos..start]);
        if let Some((text, end)) = escaped(input, start) {
            out.push_str(&text);
            pos = end;
            continue;
        }
        let call = match parse_call(input, start) {
            Ok(call) => call,
            Err(NotACall::Text) => {
                out.push_str(&input[start..start + 2]);
                pos = start + 2;
                continue;
            }
            Err(NotACall::TooDeep) => {
                let line = ctx.body_line + line_of_offset(input, start) - 1;
                errors.push(
                    Diagnostic::in_file(
                        ctx.file,
                        format!("shortcode arguments nested more than {DEPTH_LIMIT} lists deep"),
                    )
                    .at_line(Some(line))
                    .with_hint("pass flatter arguments, or write {{/* ... */}} to show the text as is"),
                );
                pos = start + 2;
                continue;
            }
        };
        let count = nth.entry(call.name.to_string()).or_insert(0);
        *count += 1;
        let line = ctx.body_line + line_of_offset(input, call.start) - 1;
        match render_call(&call, *count, ctx) {
            Ok((rendered, true)) => out.push_str(&rendered),
            Ok((rendered, false)) => {
                out.push_str(&placeholder(html.len()));
                html.push(rendered);
            }
            Err(msg) => errors.push(
                Diagnostic::in_file(ctx.file, msg.0)
                    .at_line(Some(line))
                    .with_hint(msg.1),
            ),
        }
        pos = call.end;
    }
    out.push_str(&input[pos..]);
    if errors.is_empty() {
        Ok(Expanded {
            markdown: out,
            html,
        })
    } else {
        Err(errors)
    }
}

fn find_open(s: &str) -> Option<usize> {
    let a = s.find("{{");
    let b = s.find("{%");
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// `{{/* x */}}` → `{{ x }}` and `{%/* x */%}` → `{% x %}`.
fn escaped(input: &str, start: usize) -> Option<(String, usize)> {
    let rest = &input[start..];
    let (open, close, out_open, out_close) = if rest.starts_with("{{/*") {
        ("{{/*", "*/}}", "{{", "}}")
    } else if rest.starts_with("{%/*") {
        ("{%/*", "*/%}", "{%", "%}")
    } else {
        return None;
    };
    let inner_end = rest.find(close)?;
    let inner = &rest[open.len()..inner_end];
    Some((
        format!("{out_open}{inner}{out_close}"),
        start + inner_end + close.len(),
    ))
}

/// How deep `[...]` lists may nest in shortcode arguments: the parser recurses once per list.
const DEPTH_LIMIT: usize = 32;

/// Why `{{` or `{%` does not start a shortcode call.
enum NotACall {
    /// It is ordinary text (not a call's syntax).
    Text,
    /// A call whose arguments nest too deep.
    TooDeep,
}

fn parse_call(input: &str, start: usize) -> Result<Call<'_>, NotACall> {
    let mut p = Parser {
        s: input,
        i: start + 2,
        too_deep: false,
    };
    let is_body = input[start..].starts_with("{%");
    match call_syntax(&mut p, start, is_body) {
        None if p.too_deep => Err(NotACall::TooDeep),
        None => Err(NotACall::Text),
        Some(c) => Ok(c),
    }
}

/// The call starting at `start`, `p` being just after its `{{` or `{%`.
fn call_syntax<'a>(p: &mut Parser<'a>, start: usize, is_body: bool) -> Option<Call<'a>> {
    let input = p.s;
    p.ws();
    let name = p.ident()?;
    p.ws();
    p.eat("(")?;
    let args = p.args()?;
    p.ws();
    p.eat(if is_body { "%}" } else { "}}" })?;
    if !is_body {
        return Some(Call {
            name,
            args,
            body: None,
            start,
            end: p.i,
        });
    }
    let body_start = p.i;
    let (body_end, end) = find_end_tag(input, body_start)?;
    Some(Call {
        name,
        args,
        body: Some(&input[body_start..body_end]),
        start,
        end,
    })
}

fn find_end_tag(input: &str, from: usize) -> Option<(usize, usize)> {
    let mut search = from;
    while let Some(rel) = input[search..].find("{%") {
        let at = search + rel;
        let mut p = Parser {
            s: input,
            i: at + 2,
            too_deep: false,
        };
        p.ws();
        if p.eat("end").is_some() {
            p.ws();
            if p.eat("%}").is_some() {
                return Some((at, p.i));
            }
        }
        search = at + 2;
    }
    None
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
    /// Set when a value nested deeper than `DEPTH_LIMIT`.
    too_deep: bool,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }
    fn ws(&mut self) {
        let r = self.rest();
        self.i += r.len() - r.trim_start().len();
    }
    fn eat(&mut self, t: &str) -> Option<()> {
        if self.rest().starts_with(t) {
            self.i += t.len();
            Some(())
        } else {
            None
        }
    }
    fn ident(&mut self) -> Option<&'a str> {
        let r = self.rest();
        let len = r
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(r.len());
        if len == 0 || r.as_bytes()[0].is_ascii_digit() {
            return None;
        }
        self.i += len;
        Some(&r[..len])
    }
    fn args(&mut self) -> Option<Map<String, Value>> {
        let mut args = Map::new();
        loop {
            self.ws();
            if self.eat(")").is_some() {
                return Some(args);
            }
            let key = self.ident()?;
            self.ws();
            self.eat("=")?;
            self.ws();
            let v = self.value(0)?;
            args.insert(key.to_string(), v);
            self.ws();
            if self.eat(",").is_none() {
                self.ws();
                self.eat(")")?;
                return Some(args);
            }
        }
    }
    fn value(&mut self, depth: usize) -> Option<Value> {
        let r = self.rest();
        let first = r.chars().next()?;
        match first {
            '"' | '\'' | '`' => {
                let end = r[1..].find(first)? + 1;
                self.i += end + 1;
                Some(Value::String(r[1..end].to_string()))
            }
            '[' => {
                if depth >= DEPTH_LIMIT {
                    self.too_deep = true;
                    return None;
                }
                self.i += 1;
                let mut items = vec![];
                loop {
                    self.ws();
                    if self.eat("]").is_some() {
                        return Some(Value::Array(items));
                    }
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    if self.eat(",").is_none() {
                        self.ws();
                        self.eat("]")?;
                        return Some(Value::Array(items));
                    }
                }
            }
            _ => {
                let len = r
                    .find(|c: char| {
                        !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+')
                    })
                    .unwrap_or(r.len());
                let word = &r[..len];
                self.i += len;
                match word {
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    _ => word.parse::<i64>().map(Value::from).ok().or_else(|| {
                        word.parse::<f64>()
                            .ok()
                            .and_then(serde_json::Number::from_f64)
                            .map(Value::Number)
                    }),
                }
            }
        }
    }
}

/// Renders one call; the bool tells whether it was a Markdown shortcode.
fn render_call(
    call: &Call,
    nth: usize,
    ctx: &RenderContext,
) -> Result<(String, bool), (String, String)> {
    let md = format!("shortcodes/{}.md", call.name);
    let html = format!("shortcodes/{}.html", call.name);
    let (template, is_md) = if crate::templates::exists(ctx.tera, &md) {
        (md, true)
    } else if crate::templates::exists(ctx.tera, &html) {
        (html, false)
    } else {
        return Err((
            format!("unknown shortcode `{}`", call.name),
            format!("create templates/shortcodes/{}.html, or write {{{{/* ... */}}}} to show the text as is", call.name),
        ));
    };
    let mut map = call.args.clone();
    map.insert("nth".into(), Value::from(nth));
    map.insert("lang".into(), Value::String(ctx.lang.to_string()));
    map.insert("config".into(), ctx.config_value.clone());
    if let Some(body) = call.body {
        map.insert("body".into(), Value::String(body.to_string()));
    }
    if let Some((key, value)) = &ctx.item {
        map.insert(key.to_string(), value());
    }
    let context = tera::Context::from_value(Value::Object(map)).expect("an object");
    let out = crate::templates::guard::render(ctx.tera, &template, &context).map_err(|e| {
        (
            format!("shortcode `{}` failed: {}", call.name, tera_chain(&e)),
            format!("check templates/{template} and the arguments"),
        )
    })?;
    Ok((
        if is_md {
            out
        } else {
            out.trim_end_matches('\n').to_string()
        },
        is_md,
    ))
}
