#!/usr/bin/env python3
# Module graph of one crate's src/ (read-only). usage: modgraph.py SRC [--under DIR] [--edges] [--api]
# --under render: the graph of render/'s submodules (crate::render::X counts as X).
# Exit 1 if top-level modules form a cycle. Counts `crate::`/`super::` paths that leave a module.
import os, re, sys
from collections import defaultdict, Counter
SRC, ARGS = sys.argv[1], sys.argv[2:]
UNDER = ARGS[ARGS.index('--under') + 1] if '--under' in ARGS else None
def strip(t):  # blank comments, strings, char literals; keep newlines
    out, i, n = [], 0, len(t)
    while i < n:
        if t.startswith('//', i): j = t.find('\n', i); j = n if j < 0 else j
        elif t.startswith('/*', i):
            d, j = 1, i + 2
            while j < n and d: d += t.startswith('/*', j) - t.startswith('*/', j); j += 2 if t[j:j+2] in ('/*', '*/') else 1
        elif (m := re.match(r'b?r(#*)"', t[i:i+40])) and not (i and (t[i-1].isalnum() or t[i-1] == '_')):
            j = t.find('"' + m.group(1), i + m.end()); j = n if j < 0 else j + 1 + len(m.group(1))
        elif t[i] == '"':
            j = i + 1
            while j < n and t[j] != '"': j += 2 if t[j] == '\\' else 1
            j += 1
        elif m := re.match(r"'(\\(x..|u\{[0-9a-fA-F]+\}|.)|[^\\'])'", t[i:i+12]): j = i + m.end()
        else: out.append(t[i]); i += 1; continue
        out.append(re.sub(r'[^\n]', ' ', t[i:j])); i = j
    return ''.join(out)
def expand(p):  # a::{b, c::{d}} -> a::b, a::c::d
    if '{' not in p: return [p]
    s = p.index('{'); d = 0
    for k in range(s, len(p)):
        d += (p[k] == '{') - (p[k] == '}')
        if d == 0: break
    items, cur, d = [], '', 0
    for ch in p[s+1:k]:
        if ch == ',' and d == 0: items.append(cur); cur = ''; continue
        d += (ch == '{') - (ch == '}'); cur += ch
    return [r for it in items + [cur] if it.strip() for r in expand(p[:s] + re.sub(r'\s', '', it))]
mp = lambda f: [x for x in f[:-3].split('/') if x not in ('mod', 'lib')][bool(UNDER):]
files = sorted(os.path.relpath(os.path.join(d, f), SRC) for d, _, fs in os.walk(SRC) for f in fs if f.endswith('.rs') and f != 'main.rs')
files = [f for f in files if not UNDER or f.startswith(UNDER + '/')]
tops = {mp(f)[0] for f in files if mp(f)}
edges, api = defaultdict(list), defaultdict(Counter)
for rel in files:
    m_ = mp(rel); me = m_[0] if m_ else 'lib'
    lines = strip(open(os.path.join(SRC, rel), encoding='utf-8').read()).split('\n')
    test_from = next((k for k, l in enumerate(lines) if '#[cfg(test)]' in l), len(lines))
    for k, l in enumerate(lines[:test_from]):
        for kind, r in [('fn', r'\s*pub\s+(const\s+|unsafe\s+)*fn\s'), ('type', r'\s*pub\s+(struct|enum|trait|type)\s'), ('field', r'\s*pub\s+[a-z_][a-z0-9_]*\s*:(?!:)')]:
            api[me][kind] += bool(re.match(r, l))
    k = 0
    while k < test_from:
        s, j = lines[k], k
        if re.match(r'\s*(pub(\([^)]*\))?\s+)?use\s', s):
            while ';' not in s and j + 1 < len(lines): j += 1; s += ' ' + lines[j]
        for m in re.finditer(r'(?<![\w:])(crate|super)((?:::(?:\w+|\{[^;]*\}))+)', re.sub(r'\s+', ' ', s)):
            for p in expand(m.group(1) + m.group(2)):
                segs = [x for x in p.split('::') if x]
                if segs[0] == 'crate': full = segs[1:] if not UNDER else segs[2:] if segs[1:2] == [UNDER] else []
                else:
                    base = list(m_)
                    while segs and segs[0] == 'super': base, segs = base[:-1], segs[1:]
                    full = base + segs
                if full and full[0] in tops and full[0] != me: edges[(me, full[0])].append(f'{SRC}/{rel}:{k+1}')
        k = j + 1
g = defaultdict(set)
for a, b in edges: g[a].add(b)
if '--edges' in ARGS:
    for (a, b), ev in sorted(edges.items()): print(f'{a} -> {b}: ' + ', '.join(sorted(set(ev))))
if '--api' in ARGS:
    for m in sorted(api): print(f'{m}: pub fn {api[m]["fn"]}, pub types {api[m]["type"]}, pub fields {api[m]["field"]}')
cyc = set()
def dfs(start, v, path):
    for w in g[v]:
        if w == start: cyc.add(tuple(path))
        elif w > start and w not in path: dfs(start, w, path + [w])
for v in sorted(g): dfs(v, v, [v])
for p in sorted(cyc, key=lambda p: (len(p), p)):
    print('CYCLE ' + ' -> '.join(p + (p[0],)))
    if len(p) == 2:
        for a, b in [(p[0], p[1]), (p[1], p[0])]: print(f'    {a} -> {b}: ' + ', '.join(sorted(set(edges[(a, b)]))))
print(f'{len(cyc)} cycles among {len(tops)} top-level modules')
sys.exit(1 if cyc else 0)
