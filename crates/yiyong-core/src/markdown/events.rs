//! The event pass: rewrites pulldown-cmark events for headings, links, images, code blocks,
//! footnotes and the `<!-- more -->` marker, recording what the site needs to know.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::toc::FlatHeading;
use super::{escape_attr, escape_href, RenderContext};
use crate::config::AnchorLinks;
use crate::error::{tera_chain, Diagnostic, Lines};
use crate::links::is_external;
use crate::slug::slugify_anchors;

pub struct Output<'a> {
    pub events: Vec<Event<'a>>,
    pub summary_cut: Option<usize>,
    pub headings: Vec<FlatHeading>,
    pub extra_anchors: Vec<String>,
    pub internal_links: Vec<(String, Option<String>)>,
    pub external_links: Vec<String>,
    pub errors: Vec<Diagnostic>,
}

struct PendingHeading<'a> {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<String>,
    attrs: Vec<(String, Option<String>)>,
    inner: Vec<Event<'a>>,
    text: String,
}

pub fn transform<'a>(
    iter: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    source: &str,
    ctx: &RenderContext,
) -> Output<'a> {
    let md = &ctx.config.markdown;
    let mut out = Output {
        events: vec![],
        summary_cut: None,
        headings: vec![],
        extra_anchors: vec![],
        internal_links: vec![],
        external_links: vec![],
        errors: vec![],
    };
    let mut used_ids = HeadingIds::default();
    let mut heading: Option<PendingHeading> = None;
    let mut code: Option<(String, String)> = None;
    let mut custom_link_close: Vec<bool> = vec![];
    let mut image: Option<(String, String, String)> = None;
    let mut footnotes = Footnotes::default();
    let emoji = md.render_emoji.then(gh_emoji::Replacer::new);

    let mut lines = Lines::new(source);
    for (event, range) in iter {
        let mut line = || ctx.body_line + lines.at(range.start) - 1;
        if let Some((_, buf)) = code.as_mut() {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (fence, text) = code.take().unwrap();
                    match render_code(&fence, &text, ctx) {
                        Ok(html) => out.events.push(Event::Html(html.into())),
                        Err(msg) => out
                            .errors
                            .push(Diagnostic::in_file(ctx.file, msg).at_line(Some(line()))),
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Some((_, _, alt)) = image.as_mut() {
            match event {
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::End(TagEnd::Image) => {
                    let (src, title, alt) = image.take().unwrap();
                    let title = optional_attr("title", &title);
                    let html = format!(
                        "<img src=\"{}\" alt=\"{}\"{title} loading=\"lazy\" decoding=\"async\" />",
                        escape_href(&src),
                        escape_attr(&alt)
                    );
                    push(
                        &mut out,
                        &mut heading,
                        &mut footnotes,
                        Event::Html(html.into()),
                    );
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let fence = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((fence, String::new()));
                continue;
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some(PendingHeading {
                    level,
                    id: id.map(|s| s.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    attrs: attrs
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.as_ref().map(|v| v.to_string())))
                        .collect(),
                    inner: vec![],
                    text: String::new(),
                });
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    let html = finish_heading(h, ctx, &mut used_ids, &mut out, line());
                    push(
                        &mut out,
                        &mut heading,
                        &mut footnotes,
                        Event::Html(html.into()),
                    );
                }
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (ev, custom) =
                    link_start(link_type, dest_url, title, id, ctx, &mut out, line());
                custom_link_close.push(custom);
                ev
            }
            Event::End(TagEnd::Link) => {
                if custom_link_close.pop().unwrap_or(false) {
                    Event::Html("</a>".into())
                } else {
                    Event::End(TagEnd::Link)
                }
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if md.lazy_async_image => {
                image = Some((dest_url.to_string(), title.to_string(), String::new()));
                continue;
            }
            Event::Html(h) | Event::InlineHtml(h) if h.contains("<!-- more -->") => {
                if out.summary_cut.is_none() {
                    out.summary_cut = Some(out.events.len());
                }
                Event::Html(
                    h.replace("<!-- more -->", "<span id=\"continue-reading\"></span>")
                        .into(),
                )
            }
            Event::Text(t) => match &emoji {
                Some(r) => Event::Text(r.replace_all(&t).into_owned().into()),
                None => Event::Text(t),
            },
            other => other,
        };
        if let Some(h) = heading.as_mut() {
            if let Event::Text(t) | Event::Code(t) = &event {
                h.text.push_str(t);
            }
        }
        if md.bottom_footnotes {
            if let Some(ev) = footnotes.handle(event, &mut out) {
                push(&mut out, &mut heading, &mut footnotes, ev);
            }
        } else {
            push(&mut out, &mut heading, &mut footnotes, event);
        }
    }
    if md.bottom_footnotes {
        footnotes.finish(&mut out);
    }
    out
}

fn push<'a>(
    out: &mut Output<'a>,
    heading: &mut Option<PendingHeading<'a>>,
    footnotes: &mut Footnotes<'a>,
    ev: Event<'a>,
) {
    if let Some(h) = heading.as_mut() {
        h.inner.push(ev);
    } else if let Some(def) = footnotes.current.as_mut() {
        def.1.push(ev);
    } else {
        out.events.push(ev);
    }
}

/// ` name="value"`, or nothing when the value is empty.
fn optional_attr(name: &str, value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else {
        format!(" {name}=\"{}\"", escape_attr(value))
    }
}

fn render_code(fence: &str, text: &str, ctx: &RenderContext) -> Result<String, String> {
    if let Some(h) = ctx.highlighter {
        return h.highlight(text, fence);
    }
    let lang = fence.split(',').next().unwrap_or("").trim();
    let mut code_text = String::new();
    pulldown_cmark_escape::escape_html_body_text(&mut code_text, text).expect("String write");
    Ok(if lang.is_empty() {
        format!("<pre><code>{code_text}</code></pre>\n")
    } else {
        let l = escape_attr(lang);
        format!("<pre><code class=\"language-{l}\" data-lang=\"{l}\">{code_text}</code></pre>\n")
    })
}

fn finish_heading(
    h: PendingHeading,
    ctx: &RenderContext,
    used: &mut HeadingIds,
    out: &mut Output,
    line: usize,
) -> String {
    let base =
        h.id.clone()
            .unwrap_or_else(|| slugify_anchors(&h.text, ctx.config.slugify.anchors));
    let id = if h.id.is_some() {
        base
    } else {
        used.unique(base)
    };
    used.taken.insert(id.clone());
    let level = h.level as u32;
    let mut inner = String::new();
    pulldown_cmark::html::push_html(&mut inner, h.inner.into_iter());
    let mut attrs = format!(" id=\"{}\"", escape_attr(&id));
    if !h.classes.is_empty() {
        attrs.push_str(&format!(" class=\"{}\"", escape_attr(&h.classes.join(" "))));
    }
    for (k, v) in &h.attrs {
        match v {
            Some(v) => attrs.push_str(&format!(" {}=\"{}\"", escape_attr(k), escape_attr(v))),
            None => attrs.push_str(&format!(" {}", escape_attr(k))),
        }
    }
    let mut anchor = |heading_html: Option<&str>| -> String {
        let mut c = tera::Context::new();
        c.insert("id", &id);
        c.insert("level", &level);
        c.insert("lang", ctx.lang);
        if let Some(hh) = heading_html {
            c.insert("heading", hh);
        }
        crate::templates::guard::render(ctx.tera, "anchor-link.html", &c).unwrap_or_else(|e| {
            out.errors.push(
                Diagnostic::in_file(
                    ctx.file,
                    format!("anchor-link.html failed: {}", tera_chain(&e)),
                )
                .at_line(Some(line)),
            );
            String::new()
        })
    };
    let body = match ctx.insert_anchor_links {
        AnchorLinks::None => inner,
        AnchorLinks::Left => format!("{}{inner}", anchor(None)),
        AnchorLinks::Right => format!("{inner}{}", anchor(None)),
        AnchorLinks::Heading => anchor(Some(&inner)),
    };
    out.headings.push(FlatHeading {
        level,
        id,
        title: h.text.trim().to_string(),
    });
    format!("<h{level}{attrs}>{body}</h{level}>\n")
}

/// The heading ids of a page so far, for making each new one unique as Zola does: the
/// slug, else the slug with the first free `-1`, `-2`, ... suffix.
#[derive(Default)]
struct HeadingIds {
    taken: HashSet<String>,
    /// Per slug, the suffix after the last one given. Ids are only ever added, so every
    /// suffix up to it is still taken and the search resumes there: 20,000 identical headings
    /// took 34 s when each search started again at `-1`.
    next_suffix: HashMap<String, usize>,
}

impl HeadingIds {
    fn unique(&mut self, base: String) -> String {
        if !self.taken.contains(&base) {
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if !self.taken.contains(&candidate) {
                return candidate;
            }
        }
    }
}

fn link_start<'a>(
    link_type: LinkType,
    dest: CowStr<'a>,
    title: CowStr<'a>,
    id: CowStr<'a>,
    ctx: &RenderContext,
    out: &mut Output,
    line: usize,
) -> (Event<'a>, bool) {
    let md = &ctx.config.markdown;
    if let Some(target) = dest.strip_prefix("@/") {
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (target, None),
        };
        let decoded = path.replace("%20", " ");
        let Some(permalink) = ctx.permalinks.permalink(&decoded) else {
            out.errors.push(
                Diagnostic::in_file(ctx.file, format!("broken internal link `{dest}`: there is no content/{decoded}"))
                    .at_line(Some(line))
                    .with_hint("internal links name a file below content/, e.g. @/news/meeting.md or @/heroes/_index.md"),
            );
            return (
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }),
                false,
            );
        };
        out.internal_links.push((decoded, anchor.clone()));
        let url = match anchor {
            Some(a) => format!("{permalink}#{a}"),
            None => permalink.to_string(),
        };
        return (
            Event::Start(Tag::Link {
                link_type,
                dest_url: url.into(),
                title,
                id,
            }),
            false,
        );
    }
    if is_external(&dest) {
        out.external_links.push(dest.to_string());
        if md.has_external_link_tweaks() {
            let mut rel = vec![];
            let mut target = "";
            if md.external_links_target_blank {
                rel.push("noopener");
                target = " target=\"_blank\"";
            }
            if md.external_links_no_follow {
                rel.push("nofollow");
            }
            if md.external_links_no_referrer {
                rel.push("noreferrer");
            }
            if md.external_links_external {
                rel.push("external");
            }
            let rel = if rel.is_empty() {
                String::new()
            } else {
                format!(" rel=\"{}\"", rel.join(" "))
            };
            let class = md
                .external_links_class
                .as_ref()
                .map(|c| format!(" class=\"{}\"", escape_attr(c)))
                .unwrap_or_default();
            let title = optional_attr("title", &title);
            let html = format!(
                "<a{class}{rel}{target}{title} href=\"{}\">",
                escape_href(&dest)
            );
            return (Event::Html(html.into()), true);
        }
    }
    (
        Event::Start(Tag::Link {
            link_type,
            dest_url: dest,
            title,
            id,
        }),
        false,
    )
}

/// GitHub-style footnotes: definitions collected and listed at the bottom, numbered in order
/// of first reference, with links back to each reference.
#[derive(Default)]
struct Footnotes<'a> {
    numbers: HashMap<String, usize>,
    ref_counts: HashMap<String, usize>,
    defs: Vec<(String, Vec<Event<'a>>)>,
    current: Option<(String, Vec<Event<'a>>)>,
}

impl<'a> Footnotes<'a> {
    fn number(&mut self, label: &str) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(label.to_string()).or_insert(next)
    }

    /// Returns the event to emit in place, or None when it was absorbed.
    fn handle(&mut self, ev: Event<'a>, out: &mut Output) -> Option<Event<'a>> {
        match ev {
            Event::FootnoteReference(label) => {
                let n = self.number(&label);
                let count = self.ref_counts.entry(label.to_string()).or_insert(0);
                *count += 1;
                let slug = slug::slugify(&*label);
                let html = format!(
                    "<sup class=\"footnote-reference\" id=\"fr-{slug}-{count}\"><a href=\"#fn-{slug}\">{n}</a></sup>"
                );
                out.extra_anchors.push(format!("fr-{slug}-{count}"));
                Some(Event::Html(html.into()))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.current = Some((label.to_string(), vec![]));
                None
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(def) = self.current.take() {
                    self.defs.push(def);
                }
                None
            }
            other => Some(other),
        }
    }

    fn finish(mut self, out: &mut Output<'a>) {
        let mut defs: Vec<(usize, String, Vec<Event<'a>>)> = std::mem::take(&mut self.defs)
            .into_iter()
            .filter_map(|(label, evs)| self.numbers.get(&label).map(|n| (*n, label, evs)))
            .collect();
        if defs.is_empty() {
            return;
        }
        defs.sort_by_key(|d| d.0);
        out.events.push(Event::Html(
            "<footer class=\"footnotes\">\n<ol class=\"footnotes-list\">\n".into(),
        ));
        for (_, label, evs) in defs {
            let slug = slug::slugify(&label);
            out.extra_anchors.push(format!("fn-{slug}"));
            let mut body = String::new();
            pulldown_cmark::html::push_html(&mut body, evs.into_iter());
            let backrefs: String = (1..=self.ref_counts.get(&label).copied().unwrap_or(1))
                .map(|i| format!(" <a href=\"#fr-{slug}-{i}\">↩</a>"))
                .collect();
            let body = match body.trim_end().strip_suffix("</p>") {
                Some(b) => format!("{b}{backrefs}</p>"),
                None => format!("{body}{backrefs}"),
            };
            out.events.push(Event::Html(
                format!("<li id=\"fn-{slug}\">\n{body}\n</li>\n").into(),
            ));
        }
        out.events.push(Event::Html("</ol>\n</footer>\n".into()));
    }
}
