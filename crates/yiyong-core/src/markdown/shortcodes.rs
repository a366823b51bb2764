//! Zola shortcodes: `{{ name(arg=value) }}`, `{% name(arg=value) %}body{% end %}`, and the
//! escapes `{{/* ... */}}` / `{%/* ... */%}`. `.md` shortcodes are spliced into the Markdown
//! before parsing; `.html` ones are replaced by placeholders and put back after rendering, so
//! the Markdown parser never sees (and mangles) their HTML.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::RenderContext;
use crate::error::{tera_chain, Diagnostic};

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

/// Puts rendered HTML shortcodes back in place of their placeholders, in one pass (replacing
/// each in turn copied the whole page once per shortcode: minutes for 20,000 of them). A
/// placeholder alone in its paragraph takes the paragraph's place.
pub fn restore(html: String, outputs: &[String]) -> String {
    if outputs.is_empty() {
        return html;
    }
    let mut out =
        String::with_capacity(html.len() + outputs.iter().map(String::len).sum::<usize>());
    let mut done = vec![false; outputs.len()];
    let mut pos = 0;
    while let Some(rel) = html[pos..].find(PH_OPEN) {
        let open = pos + rel;
        let digits = open + PH_OPEN.len_utf8();
        let number = html[digits..]
            .find(PH_CLOSE)
            .and_then(|len| Some((html[digits..digits + len].parse::<usize>().ok()?, len)));
        let Some((i, len)) = number.filter(|(i, _)| done.get(*i) == Some(&false)) else {
            out.push_str(&html[pos..digits]);
            pos = digits;
            continue;
        };
        done[i] = true;
        let close = digits + len + PH_CLOSE.len_utf8();
        let alone = html[..open].ends_with("<p>") && html[close..].starts_with("</p>\n");
        if alone {
            out.push_str(&html[pos..open - "<p>".len()]);
            pos = close + "</p>\n".len();
        } else {
            out.push_str(&html[pos..open]);
            pos = close;
        }
        out.push_str(&outputs[i]);
    }
    out.push_str(&html[pos..]);
    out
}

/// The next match at or after a position, for searches from increasing positions: each
/// stretch of text is searched once. An unclosed `{{/*`, string or body shortcode repeated
/// thousands of times made each of them search the rest of the page (minutes for 1 MB).
#[derive(Default)]
struct NextMatch {
    from: usize,
    found: Option<Option<(usize, usize)>>,
}

impl NextMatch {
    fn find(
        &mut self,
        from: usize,
        search: impl FnOnce(usize) -> Option<(usize, usize)>,
    ) -> Option<(usize, usize)> {
        if let Some(found) = self.found {
            if self.from <= from && found.is_none_or(|(at, _)| at >= from) {
                return found;
            }
        }
        let found = search(from);
        (self.from, self.found) = (from, Some(found));
        found
    }
}

/// The searches of one page: closing `*/}}` and `*/%}`, the three quotes, `{% end %}`.
#[derive(Default)]
struct Searches {
    escape_close: [NextMatch; 2],
    quote: [NextMatch; 3],
    end_tag: NextMatch,
}

/// `needle` in `text` at or after `from`: (start, end).
fn find_from(text: &str, from: usize, needle: &str) -> Option<(usize, usize)> {
    text[from..]
        .find(needle)
        .map(|i| (from + i, from + i + needle.len()))
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
    let mut searches = Searches::default();
    let mut lines = crate::error::Lines::new(input);
    let mut pos = 0;
    while let Some(rel) = find_open(&input[pos..]) {
        let start = pos + rel;
        out.push_str(&input[pos..start]);
        if let Some((text, end)) = escaped(input, start, &mut searches) {
            out.push_str(&text);
            pos = end;
            continue;
        }
        let call = match parse_call(input, start, &mut searches) {
            Ok(call) => call,
            Err(NotACall::Text) => {
                out.push_str(&input[start..start + 2]);
                pos = start + 2;
                continue;
            }
            Err(NotACall::TooDeep) => {
                let line = ctx.body_line + lines.at(start) - 1;
                errors.push(
                    Diagnostic::in_file(
                        ctx.file,
                        format!("shortcode arguments nested more than {DEPTH_LIMIT} lists deep"),
                    )
                    .at_line(Some(line))
                    .with_hint(
                        "pass flatter arguments, or write {{/* ... */}} to show the text as is",
                    ),
                );
                pos = start + 2;
                continue;
            }
        };
        let count = nth.entry(call.name.to_string()).or_insert(0);
        *count += 1;
        match render_call(&call, *count, ctx) {
            Ok((rendered, true)) => out.push_str(&rendered),
            Ok((rendered, false)) => {
                out.push_str(&placeholder(html.len()));
                html.push(rendered);
            }
            Err(msg) => errors.push(
                Diagnostic::in_file(ctx.file, msg.0)
                    .at_line(Some(ctx.body_line + lines.at(call.start) - 1))
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

/// The next `{{` or `{%`, in one scan (looking for each separately searched the rest of the
/// page for the other one every time).
fn find_open(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(rel) = s[from..].find('{') {
        let at = from + rel;
        if matches!(bytes.get(at + 1), Some(b'{' | b'%')) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The closing `*/}}` is looked for after the opening `{{/*` (`{{/*/}}` is no escape: found
/// overlapping the opening, it panicked).
fn escaped(input: &str, start: usize, searches: &mut Searches) -> Option<(String, usize)> {
    let rest = &input[start..];
    let (kind, open, close, out_open, out_close) = if rest.starts_with("{{/*") {
        (0, "{{/*", "*/}}", "{{", "}}")
    } else if rest.starts_with("{%/*") {
        (1, "{%/*", "*/%}", "{%", "%}")
    } else {
        return None;
    };
    let inner_start = start + open.len();
    let (inner_end, end) =
        searches.escape_close[kind].find(inner_start, |f| find_from(input, f, close))?;
    let inner = &input[inner_start..inner_end];
    // Zola's grammar escapes only what would be a call (`{{/* f(x=1) */}}`), or `end` in
    // `{%/* end */%}`; anything else, such as `{{/* end */}}`, is plain text.
    let t = inner.trim();
    let ident_len = t
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(t.len());
    let is_call = ident_len > 0
        && !t.starts_with(|c: char| c.is_ascii_digit())
        && t[ident_len..].trim_start().starts_with('(')
        && t.ends_with(')');
    if !(is_call || (kind == 1 && t == "end")) {
        return None;
    }
    Some((format!("{out_open}{inner}{out_close}"), end))
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

fn parse_call<'a>(
    input: &'a str,
    start: usize,
    searches: &mut Searches,
) -> Result<Call<'a>, NotACall> {
    let mut p = Parser {
        s: input,
        i: start + 2,
        too_deep: false,
        searches,
    };
    let is_body = input[start..].starts_with("{%");
    match call_syntax(&mut p, start, is_body) {
        None if p.too_deep => Err(NotACall::TooDeep),
        None => Err(NotACall::Text),
        Some(c) => Ok(c),
    }
}

/// The call starting at `start`, `p` being just after its `{{` or `{%`.
fn call_syntax<'a>(p: &mut Parser<'a, '_>, start: usize, is_body: bool) -> Option<Call<'a>> {
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
    let (body_end, end) = p
        .searches
        .end_tag
        .find(body_start, |f| find_end_tag(input, f))?;
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
        let mut unused = Searches::default();
        let mut p = Parser {
            s: input,
            i: at + 2,
            too_deep: false,
            searches: &mut unused,
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

struct Parser<'a, 's> {
    s: &'a str,
    i: usize,
    /// Set when a value nested deeper than `DEPTH_LIMIT`.
    too_deep: bool,
    searches: &'s mut Searches,
}

impl<'a> Parser<'a, '_> {
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
            // Zola's grammar (`kwargs*`) also takes arguments with no comma between them:
            // `img(src="a.png" alt="A")` is a call there, and real sites write it.
            if self.eat(",").is_none() && self.eat(")").is_some() {
                return Some(args);
            }
        }
    }
    fn value(&mut self, depth: usize) -> Option<Value> {
        let r = self.rest();
        let first = r.chars().next()?;
        match first {
            '"' | '\'' | '`' => {
                let q = first as u8;
                let kind = [b'"', b'\'', b'`'].iter().position(|c| *c == q)?;
                let from = self.i + 1;
                let s = self.s;
                let (end, after) = self.searches.quote[kind]
                    .find(from, |f| s[f..].find(first).map(|i| (f + i, f + i + 1)))?;
                self.i = after;
                Some(Value::String(s[from..end].to_string()))
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
        // Trimmed, as Zola does: templates cut the body up (`split(pat="](")`) and expect
        // no line break at either end.
        map.insert("body".into(), Value::String(body.trim().to_string()));
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
