//! `yiyong init DIR`: a new, buildable site skeleton. Refuses to touch a non-empty folder.

use std::fs;
use std::path::Path;

use crate::error::{Diagnostic, Result};

const CONFIG: &str = r#"# 站点地址：发布前改成正式域名
base_url = "https://example.org"
title = "示例市见义勇为协会"
description = "弘扬见义勇为精神"
default_language = "zh"
compile_sass = false
generate_feeds = true
taxonomies = [
  { name = "tags", feed = true },
]

[markdown]
smart_punctuation = false

[extra]
"#;

const BASE: &str = r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
</head>
<body>
<header><a href="{{ config.base_url | safe }}/">{{ config.title }}</a></header>
<main>{% block content %}{% endblock content %}</main>
</body>
</html>
"#;

const INDEX: &str = r#"{% extends "base.html" %}
{% block content %}
<h1>{{ section.title | default(value=config.title) }}</h1>
{{ section.content | safe }}
<ul>{% for p in section.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a></li>{% endfor %}</ul>
{% endblock content %}
"#;

const PAGE: &str = r#"{% extends "base.html" %}
{% block title %}{{ page.title }} - {{ config.title }}{% endblock title %}
{% block content %}
<article><h1>{{ page.title }}</h1>
{% if page.date %}<time datetime="{{ page.date }}">{{ page.date | date(format="%Y年%-m月%-d日") }}</time>{% endif %}
{{ page.content | safe }}</article>
{% endblock content %}
"#;

const SECTION: &str = r#"{% extends "base.html" %}
{% block content %}
<h1>{{ section.title }}</h1>
<ul>{% for p in section.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a></li>{% endfor %}</ul>
{% endblock content %}
"#;

pub fn run(dir: &Path) -> Result<()> {
    if dir.exists()
        && fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(Diagnostic::new(format!("{} is not empty", dir.display()))
            .with_hint("choose a new folder name; init never overwrites existing files")
            .into());
    }
    let files: &[(&str, &str)] = &[
        ("config.toml", CONFIG),
        (
            "content/_index.md",
            "+++\ntitle = \"首页\"\nsort_by = \"date\"\n+++\n\n欢迎访问。\n",
        ),
        ("templates/base.html", BASE),
        ("templates/index.html", INDEX),
        ("templates/section.html", SECTION),
        ("templates/page.html", PAGE),
        ("static/.keep", ""),
        ("themes/.keep", ""),
        ("sass/.keep", ""),
    ];
    for (rel, text) in files {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().expect("files are below the site folder"))
            .and_then(|_| fs::write(&path, text))
            .map_err(|e| Diagnostic::in_file(&path, format!("cannot create: {e}")))?;
    }
    Ok(())
}
