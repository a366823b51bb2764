#!/usr/bin/env python3
"""Builds Zola sites with Zola and with yiyong and compares what a visitor gets (issue 20).

    tools/zola_compare.py --zola /path/to/zola [--yiyong target/debug/yiyong] SITE...

SITE is `NAME=PATH` or `NAME=PATH=COMMIT` (or just PATH): the work tree of a theme's
repository or of any Zola site. The script fetches nothing and compiles nothing: it is given
both binaries and the checkouts. Each site is copied into a temporary folder (so neither
tool writes into the checkout) and built there by each tool into its own output folder. A
theme whose demo names itself in `theme = "x"` without a `themes/x` folder gets a copy of
its own repository there, as its README tells users to do.

One line per site:

    NAME  COMMIT  paths 97.3% (zola 150, yiyong 148, both 146)  text 91.0% (133 of 146)

- paths: the share of HTML files (below the output folder) that both tools write, of all
  the HTML files either writes;
- text: the share of all those HTML files that both tools write with the same visible text:
  tags, comments, `<script>`, `<style>`, `<template>` and `<noscript>` removed, a space
  where a block element (`<p>`, `<li>`, `<br>`…) starts or ends, entities decoded, runs of
  white space made one space.

`--migrate` first rewrites, in both copies alike, the config keys Zola 0.22 refuses that
older Zola versions took (what its changelog says to do): `generate_feed` and
`feed_filename` become `generate_feeds` and `feed_filenames`; the syntect highlighting keys
(`highlight_code`, `highlight_theme`, `highlight_themes_css`, `extra_syntaxes`,
`extra_syntaxes_and_themes`) are dropped, so code blocks are left plain by both tools. Most
themes' demos still carry them, and neither tool builds them as they are. Such a line ends
in `migrated`.

`--baseline` also builds each site with Zola a second time and adds `zola/zola X%`: the share
of pages whose text is the same in two Zola builds. Zola orders some things by hash (the pages
of a section without `sort_by`, `translations`, `config.languages`), so its own output changes
from build to build; this is the ceiling of the text score.

`--details N` also lists up to N paths only one tool wrote and N pages whose text differs
(with the first place they differ). Exit status 0; a build that fails is reported on its
line with the first lines of the tool's error output.
"""

import argparse
import html
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP_COPY = {".git", "public", "node_modules"}


class TextOf(html.parser.HTMLParser):
    """Visible text: what is outside tags and outside script/style/template/noscript."""

    HIDDEN = {"script", "style", "template", "noscript"}
    # Tags that break a line where a browser shows them: a space is put there, and nowhere
    # else, so that `<span>fn</span><span>(</span>` reads `fn(` as it does on screen.
    BLOCKS = {"address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl",
              "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
              "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
              "summary", "table", "td", "th", "tr", "ul", "title", "img", "option"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        if tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        parser = TextOf()
        parser.feed(f.read())
        parser.close()
    return re.sub(r"\s+", " ", html.unescape("".join(parser.parts))).strip()


def html_files(root):
    found = set()
    for d, _, files in os.walk(root):
        for name in files:
            if name.endswith(".html"):
                found.add(os.path.relpath(os.path.join(d, name), root))
    return found


LEGACY = re.compile(r"^\s*(highlight_code|highlight_theme|highlight_themes_css|extra_syntaxes|"
                    r"extra_syntaxes_and_themes)\s*=.*$", re.M)


def migrate(config):
    """The config keys older Zola took and Zola 0.22 refuses, rewritten (see --migrate)."""
    text = open(config, encoding="utf-8").read()
    new = LEGACY.sub("", text)
    new = re.sub(r"^(\s*)generate_feed(\s*=)", r"\1generate_feeds\2", new, flags=re.M)
    new = re.sub(r'^(\s*)feed_filename\s*=\s*("[^"]*")', r"\1feed_filenames = [\2]", new,
                 flags=re.M)
    with open(config, "w", encoding="utf-8") as f:
        f.write(new)
    return new != text


def copy_site(src, dst, migrate_config=False):
    """Copies the site; returns whether its config was migrated."""
    ignore = lambda d, names: [n for n in names if n in SKIP_COPY]
    shutil.copytree(src, dst, symlinks=True, ignore=ignore)
    config = os.path.join(dst, "config.toml")
    if not os.path.exists(config):
        config = os.path.join(dst, "zola.toml")
    text = open(config, encoding="utf-8").read() if os.path.exists(config) else ""
    migrated = migrate_config and os.path.exists(config) and migrate(config)
    m = re.search(r'^\s*theme\s*=\s*"([^"]+)"', text, re.M)
    if m and not os.path.isdir(os.path.join(dst, "themes", m.group(1))):
        skip = SKIP_COPY | {"themes"}
        shutil.copytree(src, os.path.join(dst, "themes", m.group(1)), symlinks=True,
                        ignore=lambda d, names: [n for n in names if n in skip])
    return migrated


def build(cmd, site, out):
    run = subprocess.run(cmd + ["build", "-o", out], cwd=site, capture_output=True,
                         text=True, timeout=900)
    if run.returncode != 0:
        lines = [l for l in (run.stderr + run.stdout).splitlines() if l.strip()]
        return " / ".join(lines[:3])[:300] or f"exit {run.returncode}"
    return None


def first_difference(a, b):
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"zola …{a[max(0, i - 40):i + 60]!r} | yiyong …{b[max(0, i - 40):i + 60]!r}"


def same_text(a, b, paths):
    return [p for p in sorted(paths)
            if visible_text(os.path.join(a, p)) == visible_text(os.path.join(b, p))]


def compare(name, path, commit, zola, yiyong, details, migrate_config, baseline=False):
    with tempfile.TemporaryDirectory(prefix="zola-compare-") as tmp:
        outs = {}
        tools = [("zola", [zola]), ("yiyong", [yiyong])]
        if baseline:
            tools.append(("zola2", [zola]))
        for tool, cmd in tools:
            site = os.path.join(tmp, tool + "-site")
            migrated = copy_site(path, site, migrate_config)
            out = os.path.join(tmp, tool + "-public")
            failed = build(cmd, site, out)
            if failed:
                tag = " (migrated)" if migrated else ""
                return f"{name:24} {commit:12} {tool} build FAILED{tag}: {failed}", []
            outs[tool] = out
        z, y = html_files(outs["zola"]), html_files(outs["yiyong"])
        both = z & y
        same = same_text(outs["zola"], outs["yiyong"], both)
        union = len(z | y) or 1
        line = (f"{name:24} {commit:12} paths {100 * len(both) / union:5.1f}% "
                f"(zola {len(z)}, yiyong {len(y)}, both {len(both)})  "
                f"text {100 * len(same) / union:5.1f}% ({len(same)} of {len(z | y)})"
                + ("  migrated" if migrated else ""))
        if baseline:
            z2 = html_files(outs["zola2"])
            again = same_text(outs["zola"], outs["zola2"], z & z2)
            line += f"  zola/zola {100 * len(again) / (len(z | z2) or 1):5.1f}%"
        notes = []
        if details:
            notes += [f"    only zola:   {p}" for p in sorted(z - y)[:details]]
            notes += [f"    only yiyong: {p}" for p in sorted(y - z)[:details]]
            for p in [p for p in sorted(both) if p not in same][:details]:
                a = visible_text(os.path.join(outs["zola"], p))
                b = visible_text(os.path.join(outs["yiyong"], p))
                notes.append(f"    text differs: {p}: {first_difference(a, b)}")
        return line, notes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--zola", required=True, help="path of a Zola binary")
    ap.add_argument("--yiyong", default="yiyong", help="path of a yiyong binary")
    ap.add_argument("--details", type=int, default=0, metavar="N")
    ap.add_argument("--baseline", action="store_true",
                    help="also build with Zola twice and score Zola against itself")
    ap.add_argument("--migrate", action="store_true",
                    help="rewrite config keys Zola 0.22 refuses (see above) in both copies")
    ap.add_argument("sites", nargs="+", metavar="SITE")
    args = ap.parse_args()
    zola, yiyong = os.path.abspath(args.zola), args.yiyong
    if os.path.sep in yiyong:
        yiyong = os.path.abspath(yiyong)
    for spec in args.sites:
        parts = spec.split("=")
        path = parts[1] if len(parts) > 1 else parts[0]
        name = parts[0] if len(parts) > 1 else os.path.basename(os.path.normpath(path))
        commit = parts[2][:12] if len(parts) > 2 else "-"
        if not os.path.isdir(path):
            print(f"{name:24} {commit:12} no such folder: {path}")
            continue
        line, notes = compare(name, os.path.abspath(path), commit, zola, yiyong, args.details,
                              args.migrate, args.baseline)
        print(line, flush=True)
        for n in notes:
            print(n, flush=True)


if __name__ == "__main__":
    sys.exit(main())
