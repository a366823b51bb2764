#!/usr/bin/env python3
"""Writes the starting corpus of each fuzz target into fuzz/corpus/<target>/: the demo site's
content, the association documents in /work/shared/seeds (when present), the after-dark Zola
theme's content (when a mirror is present) and hand-written hostile cases. Run from fuzz/."""
import hashlib, os, pathlib, subprocess, sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fuzz" / "corpus"
SHARED = pathlib.Path("/work/shared/seeds")
AFTER_DARK = pathlib.Path("/work/.mirror/getzola+after-dark/repo")
MAX = {"front_matter": 64 << 10, "shortcodes": 64 << 10, "markdown": 64 << 10,
       "privacy_lint": 64 << 10, "http_request": 48 << 10}


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    data = data[: MAX[target]]
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def body(text):
    for delim in ("+++", "---"):
        if text.lstrip().startswith(delim):
            parts = text.split("\n" + delim, 2)
            if len(parts) == 2:
                return parts[1].split("\n", 1)[-1]
    return text


pages = [p.read_text() for p in sorted((ROOT / "content").rglob("*.md"))]
if AFTER_DARK.exists():
    git = ["git", f"--git-dir={AFTER_DARK}"]
    names = subprocess.run(git + ["ls-tree", "-r", "--name-only", "HEAD"],
                           capture_output=True, text=True).stdout.split()
    for n in names:
        if n.startswith("content/") and n.endswith(".md"):
            pages.append(subprocess.run(git + ["show", f"HEAD:{n}"],
                                        capture_output=True, text=True).stdout)
docs = [p.read_text() for p in sorted(SHARED.glob("*.txt"))] if SHARED.exists() else []

for p in pages:
    put("front_matter", p)
    put("shortcodes", body(p))
    put("markdown", body(p))
    put("privacy_lint", p)
for d in docs:
    put("privacy_lint", d)
    put("markdown", d[:16384])

# -- hostile front matter
deep_toml = "+++\nx = " + "[" * 5000 + "]" * 5000 + "\n+++\n"
deep_yaml = "---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n"
laughs = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
    for i in range(8)) + "---\n"
for s in [
    "+++\ntitle = \"a\"\n+++\nbody\n",
    "\ufeff  \n+++\r\ntitle = \"a\"\r\n+++\r\n",
    "---\ntitle: a\ndate: 2024-07-21\nextra:\n  hero:\n    name: 魏燕生\n---\nbody",
    "+++\ntitle = \"a\"\ndate = 2024-02-30\n+++\n",
    "+++\ndate = 1979-05-27T07:32:00Z\nupdated = \"２０２４-07-21\"\n+++\n",
    "+++\ntitle = \"a\"\ncolour = 1\n+++\n",
    "+++\n[extra]\nlist = [1, 2.5, \"x\", 2024-01-01, { at = 07:32:00 }, inf, nan]\n+++\n",
    "+++\nslug = \"../../etc\"\npath = \"a/./b\"\n+++\n",
    "+++\npath = \"C:/x\"\naliases = [\"/ok/\", \"..\\\\x\"]\n+++\n",
    "+++\ntitle = \"unclosed\n+++\n",
    "+++\n[taxonomies]\ntags = [\"a\", 1]\n+++\n",
    "+++\nweight = -1\n+++\n",
    "+++\nweight = 99999999999999999999\n+++\n",
    "+++\ntitle = '''\nmulti\n+++\n'''\n+++\n",
    "+++ \ntitle = \"x\"\n+++ \t\n",
    "+++",
    "---",
    "+++\n",
    "---\n: :\n- a\n---\n",
    "---\n!!binary aGVsbG8=\n---\n",
    "---\n? [a, b]\n: c\n---\n",
    "+++\nsort_by = \"date\"\npaginate_by = 0\npaginate_path = \"../p\"\ninsert_anchor_links = \"left\"\n+++\n",
    deep_toml, deep_yaml, laughs,
    "+++\ntitle = \"" + "长" * 20000 + "\"\n+++\n",
    "+++\n" + "a = 1\n" * 5000 + "+++\n",
]:
    put("front_matter", s)
put("front_matter", b"+++\ntitle = \"\xff\xfe\"\n+++\n\xc3(")

# -- hostile shortcodes
for s in [
    "{{ youtube(id=\"abc\") }}\n\n{{ youtube(id='x', autoplay=true) }}",
    "{% note() %}\n**bold** text\n{% end %}",
    "{% quote(text=\"q\") %}body{% end %} and {{ quote(text=`t`) }}",
    "{{/* youtube(id=\"x\") */}} {%/* note() */%}",
    "{{/*/}}", "{%/*/%}", "{{", "{%", "{{ }}", "{{ a( }}",
    "{{ args(a=" + "[" * 40 + "]" * 40 + ") }}",
    "{{ args(a=" + "[" * 5000 + ") }}",
    "{{ args(a=[1, -2.5e3, +7, true, false, \"s\", 'q', `b`]) }}",
    "{{ unknown() }}\nline 2 {{ also_unknown(x=1) }}",
    "{% note() %}" * 2000,
    "{{/*" * 2000,
    "{{ args(a=\"" * 2000,
    "{% note() %}{% note() %}inner{% end %}{% end %}",
    "{% note() %}{%end%}{% end  %}{%   end%}",
    "\ue0000\ue001 {{ youtube(id=\"x\") }} \ue0001\ue001",
    "{{ youtube(id=\"１２３\") }} 全角",
    "{{ 1bad() }} {{ _ok() }} {{ a-b() }}",
]:
    put("shortcodes", s)
    put("markdown", s)

# -- hostile Markdown
for s in [
    "# Title\n\n# Title\n\n## Title\n\n# Title-1\n\n# Title {#custom}\n\n# Title {#custom}\n",
    "# 标题 {.class data-x=1 #id}\n\ntext\n\n<!-- more -->\n\n## After\n",
    "Intro *open **strong\n\n<!-- more -->\n\nrest",
    "```rust,linenos,hl_lines=1 3-4,linenostart=10\nfn main() {}\nlet x = 1;\n```\n",
    "```python,hide_lines=1-2\nimport os\nimport sys\nprint(1)\n```\n",
    "```nonexistent-lang\ncode\n```\n", "```\nunclosed fence\n",
    "> " * 3000 + "deep quote\n",
    "".join("  " * i + "- item\n" for i in range(1000)),
    "*a **a " * 3000,
    "[" * 5000 + "x" + "]" * 5000,
    "[a](@/blog/a.md#anchor) [b](@/missing.md) [c](https://example.com) [d](//cdn.example.com/x)",
    "Text[^1] and[^2].\n\n[^1]: One.\n[^2]: Two [^1].\n",
    "| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 |\n",
    "> [!NOTE]\n> note\n\n> [!WARNING]\n> warn\n",
    "Term\n: Definition\n\n- [ ] task\n- [x] done\n~~strike~~ \"smart\" -- dashes... :smile: :不存在:",
    "x" * 60000,
    "<div>\n\n*raw* html\n\n</div>\n<span><p></span></p>",
    "![img](a.png \"title\")\n\n<https://autolink.example>",
    "#" * 7 + " not a heading\n\n###### h6\n\nSetext\n===\n",
    "１２３４５ full-width digits ＃ heading?\n",
]:
    put("markdown", s)
put("markdown", b"# \xff\xfe invalid utf-8\n\n\xc3(")

# -- privacy lint
for s in [
    "身份证号 11010519491231002X，手机 13912345678，电话 0595-12345678",
    "手机：139 1234 5678、+86 139-1234-5678、0086 13912345678、＋８６１３９１２３４５６７８",
    "全角：１１０１０５１９４９１２３１００２Ｘ 与 １３９１２３４５６７８",
    "旧身份证 110105491231002，银行卡 6222 0212 3456 7890 128",
    "住址：幸福路12号3栋2单元501室；户型3室2厅；5号楼1203室",
    "订单 A1391234567890 abc13912345678 13912345678abc https://x.cn/v/13912345678",
    "+++\ntitle = \"x\"\n[extra.privacy]\nallow = [\"13912345678\", \"mobile-phone\", \"幸福路12号\"]\nreason = \"家属同意公开\"\n+++\n手机 13912345678\n",
    "+++\n[extra.privacy]\nallow = [\"id-number\"]\nreason = \"x\"\n+++\n",
    "+++\n[extra.privacy]\nallow = \"13912345678\"\n+++\n",
    "+++\n[extra.privacy]\nallow = [\"12345\", \"0086 139\"]\nreason = \" \"\n+++\n",
    "---\nextra:\n  privacy: {allow: [\"bank-card\"], reason: ok, other: 1}\n---\n6222021234567890128",
    "1" * 20000,
    "1 " * 20000,
    "１－" * 10000,
    "1\u30001\u30001" * 3000,
]:
    put("privacy_lint", s)
put("privacy_lint", b"\xff13912345678\xe3\x80\x80\xef\xbc\x91")

# -- HTTP request heads
for s in [
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1:1111\r\n\r\n",
    b"GET /a?b#c HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Upgrade\r\n\r\nGET /next HTTP/1.1\r\n",
    b"HEAD /__yiyong/events HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
    b"POST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
    b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"GET / HTTP/1.1\nHost: x\n\n",
    b"GET /a\x00b HTTP/1.1\r\n\r\n",
    b"GET / HTTP/1.1\r\nbad header\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 70 + b"\r\n",
    b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + b"X-Long: " + b"b" * 33000 + b"\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: \xe4\xb8\xad\r\n\r\n",
    b"GET /%E4%B8%AD%E6%96%87/ HTTP/1.1\r\n\r\n",
    b"\r\n\r\nGET / HTTP/1.1\r\n\r\n",
    b"GET / HTTP/2.0\r\n\r\n", b"GET", b"",
]:
    put("http_request", s)
