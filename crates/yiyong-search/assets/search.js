// The search page's script (yiyong-search). Reads the index the build wrote below search/ and
// shows results in the page; everything comes from this site, nothing is sent anywhere else.
// Written for the older WebViews inside WeChat: no framework, no Intl.Segmenter, no modules;
// it needs fetch and Promise, and says so when they are missing.
//
// How a query is answered (the build side is crates/yiyong-search/src):
// 1. Each space-separated word becomes index terms exactly as the build makes them (tokens.rs):
//    a Han run of one character is that character, a longer run its adjacent pairs; a run of
//    letters or digits is one word.
// 2. The shards holding those terms are fetched (search/s/N.json, N = FNV-1a hash % shards) and
//    their posting lists intersected: the candidates, ranked by field, then frequency, then
//    recency (a smaller document number is a newer page).
// 3. Candidates are checked in that order against their text: the short fields stored for them
//    (search/d/ID.json: title, name, place, district, honours, lead) and the body, read from the
//    page itself (the element the theme marks data-search-body), not from a second copy in the
//    index. Every word must be a substring of one field. So 落水 never finds a page with only
//    水落石出. A page that cannot be fetched is checked on its short fields alone. Results whose
//    words are exact terms or in their short fields are shown at once, their excerpts filled
//    from their pages as these come.
(function () {
  "use strict";
  var box = document.getElementById("yy-search");
  if (!box) return;
  var form = box.querySelector("form");
  var input = document.getElementById("yy-q");
  var typeSel = document.getElementById("yy-type");
  var districtSel = document.getElementById("yy-district");
  var status = document.getElementById("yy-status");
  var list = document.getElementById("yy-results");
  var more = document.getElementById("yy-more");
  if (!window.fetch || !window.Promise || !form || !input || !list) {
    if (status) status.textContent = "这个浏览器无法使用站内搜索，请从英雄谱或宣传阵地浏览。";
    return;
  }
  var base = box.getAttribute("data-index");
  var siteRoot = box.getAttribute("data-root");
  var PAGE = 10;
  var LAST = "0123456789abcdefghijklmnopqrstuv";
  var MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%()";

  var meta = null;
  var shards = {};
  var docs = {};
  var run = 0; // the current search; an older one that finishes late draws nothing

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  function loadMeta() {
    if (!meta) {
      meta = fetch(base + "meta.json", { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error("meta.json: " + r.status);
        return r.json();
      }).then(function (m) {
        fillTypes(m.types, m.labels || []);
        fillDistricts(m.districts);
        return m;
      });
      meta.catch(function () { meta = null; });
    }
    return meta;
  }

  // Numbers written as base-32 digits, every digit but a number's last from MORE (encode.rs).
  function readInts(s) {
    var out = [], n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charAt(i), d = LAST.indexOf(c);
      if (d >= 0) { out.push(n * 32 + d); n = 0; } else { n = n * 32 + MORE.indexOf(c); }
    }
    return out;
  }

  // FNV-1a over code points, as hash_key in encode.rs.
  function hashKey(key) {
    var h = 2166136261;
    var cps = codePoints(key);
    for (var i = 0; i < cps.length; i++) h = Math.imul(h ^ cps[i], 16777619) >>> 0;
    return h;
  }

  function codePoints(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d < 0xe000) { out.push((c - 0xd800) * 0x400 + d - 0xdc00 + 0x10000); i++; continue; }
      }
      out.push(c);
    }
    return out;
  }

  function isCjk(c) {
    return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xac00 && c <= 0xd7af) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3134f);
  }

  var alnum = null;
  try { alnum = new RegExp("^[\\p{Alphabetic}\\p{N}]$", "u"); } catch (e) { alnum = /^[A-Za-z0-9\u00c0-\u024f]$/; }

  // One character as the index reads it (normalize in tokens.rs): full-width ASCII as ASCII,
  // lower case when that is one character.
  function norm(c) {
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    if (c === 0x3000) c = 32;
    var s = String.fromCodePoint ? String.fromCodePoint(c) : String.fromCharCode(c);
    var l = s.toLowerCase();
    return codePoints(l).length === 1 ? l : s;
  }

  // Normalized text, same length in UTF-16 units as the original where it matters (offsets in
  // it are used to highlight the original).
  function normText(s) {
    var out = "";
    var cps = codePoints(s);
    for (var i = 0; i < cps.length; i++) out += norm(cps[i]);
    return out.length === s.length ? out : s.toLowerCase();
  }

  // A query word's index terms (for_each_term in tokens.rs, query side).
  function terms(word) {
    var keys = [], run = [], w = "";
    function flushRun() {
      if (run.length === 1) keys.push(run[0]);
      for (var i = 0; i + 1 < run.length; i++) keys.push(run[i] + run[i + 1]);
      run = [];
    }
    function flushWord() { if (w) keys.push(w); w = ""; }
    var cps = codePoints(word);
    for (var i = 0; i < cps.length; i++) {
      var ch = norm(cps[i]), cp = codePoints(ch)[0];
      if (isCjk(cp)) { flushWord(); run.push(ch); }
      else if (alnum.test(ch)) { flushRun(); w += ch; }
      else { flushRun(); flushWord(); }
    }
    flushRun(); flushWord();
    return keys;
  }

  function parseQuery(q) {
    var words = [];
    q.split(/[\s\u3000]+/).forEach(function (raw) {
      if (!raw) return;
      var keys = terms(raw);
      if (!keys.length) return;
      var needle = normText(raw);
      // One term that is the whole word: its posting list is the answer, nothing to check.
      var exact = keys.length === 1 && keys[0] === needle;
      if (words.every(function (w) { return w.needle !== needle; })) words.push({ keys: keys, needle: needle, exact: exact });
    });
    return words;
  }

  // Each document's type and district, fetched only when a filter is set.
  function loadFacets(m) {
    if (!m.facets) {
      m.facets = getJSON(base + "facets.json?v=" + m.version).then(function (f) {
        var ints = readInts(f.facets);
        m.typeOf = []; m.districtOf = [];
        for (var i = 0; i + 1 < ints.length; i += 2) {
          m.typeOf.push(m.types[ints[i]]);
          m.districtOf.push(ints[i + 1] ? m.districts[ints[i + 1] - 1] : "");
        }
        return m;
      });
      m.facets.catch(function () { m.facets = null; });
    }
    return m.facets;
  }

  function postings(m, key) {
    var n = hashKey(key) % m.shards;
    if (!shards[n]) {
      shards[n] = getJSON(base + "s/" + n + ".json?v=" + m.version);
      shards[n].catch(function () { delete shards[n]; });
    }
    return shards[n].then(function (shard) {
      var ints = readInts(shard[key] || ""), out = {}, id = 0;
      for (var i = 0; i + 1 < ints.length; i += 2) {
        id = i === 0 ? ints[0] : id + ints[i];
        out[id] = ints[i + 1];
      }
      return out;
    });
  }

  // Field rank from a posting's bits: title or name 3, place, district or honour 2, body 1
  // (4, set by the callers, for a hero's name typed whole).
  function rankOf(bits) { return bits & 3 ? 3 : bits & 28 ? 2 : 1; }

  // Candidates of the whole query: {id, rank, count}, best first.
  function candidates(m, words) {
    return Promise.all(words.map(function (w) {
      return Promise.all(w.keys.map(function (k) { return postings(m, k); })).then(function (lists) {
        var acc = {};
        Object.keys(lists[0]).forEach(function (id) {
          var bits = 31, count = 99;
          for (var j = 0; j < lists.length; j++) {
            var s = lists[j][id];
            if (s === undefined) return;
            bits &= s >> 4; count = Math.min(count, s & 15);
          }
          // The word's first term starts the hero's name and its last ends it: that very name.
          var whole = (lists[0][id] >> 4 & 32) && (lists[lists.length - 1][id] >> 4 & 64);
          acc[id] = { rank: whole ? 4 : rankOf(bits), count: count };
        });
        return acc;
      });
    })).then(function (perWord) {
      var out = [];
      Object.keys(perWord[0]).forEach(function (id) {
        var rank = 0, count = 0;
        for (var j = 0; j < perWord.length; j++) {
          var e = perWord[j][id];
          if (!e) return;
          rank += e.rank; count += e.count;
        }
        out.push({ id: +id, rank: rank, count: count });
      });
      out.sort(byRank);
      return out;
    });
  }

  function byRank(a, b) { return b.rank - a.rank || b.count - a.count || a.id - b.id; }

  // A document's stored fields: search/d/N.json holds those of documents N×per to
  // N×per+per−1 (m.per of them, in order), one request for a page of results.
  function loadDoc(m, id) {
    var n = Math.floor(id / m.per);
    if (!docs[n]) {
      docs[n] = getJSON(base + "d/" + n + ".json?v=" + m.version);
      docs[n].catch(function () { delete docs[n]; });
    }
    return docs[n].then(function (list) {
      var d = list[id % m.per];
      if (!d) throw new Error("search/d/" + n + ".json: no document " + id);
      return d;
    });
  }

  // A document's body: its stored lead, then its page's text (fetched once; "" when the page
  // cannot be had, so it is checked on its short fields alone).
  function bodyOf(d) {
    if (!d.body) {
      d.body = fetch(new URL(d.u, siteRoot).href, { credentials: "same-origin" }).then(function (r) {
        return r.ok ? r.text() : "";
      }).then(pageText, function () { return ""; }).then(function (t) { return d.f[5] + t; });
    }
    return d.body;
  }

  // A candidate checked: at once when every word is an exact term or is in its short fields
  // (the results show without waiting for pages), else against its page's text.
  function check(c, d, words, exact) {
    if (exact) return Promise.resolve({ rank: c.rank, count: c.count });
    var v = verify(d, words, d.f[5]);
    if (v) return Promise.resolve({ rank: v.rank, count: Math.max(v.count, c.count) });
    return bodyOf(d).then(function (b) { return verify(d, words, b); });
  }

  // As text.rs reads a page's Markdown: these tags' content is not text, and these end a block
  // (a space, so no term spans two blocks).
  var SKIP = /^(script|style|template|svg|noscript)$/;
  var BLOCK = /^(p|br|li|ul|ol|div|h[1-6]|tr|td|th|blockquote|pre|section|article|figcaption|dt|dd|table|hr)$/;

  // The text of a page's body as the index read it: the element marked data-search-body (the
  // page's content as the theme places it), else its article, main or body for other themes.
  function pageText(html) {
    // Only from the marked element on: the head and header need no parsing.
    var at = html.indexOf(" data-search-body");
    if (at > 0) html = html.slice(html.lastIndexOf("<", at));
    var d = new DOMParser().parseFromString(html, "text/html");
    var root = d.querySelector("[data-search-body]") || d.querySelector("article") || d.querySelector("main") || d.body;
    var out = [];
    (function walk(n) {
      for (var c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) { out.push(c.nodeValue); continue; }
        if (c.nodeType !== 1) continue;
        var t = c.nodeName.toLowerCase();
        if (SKIP.test(t)) continue;
        var block = BLOCK.test(t);
        if (block) out.push(" ");
        walk(c);
        if (block) out.push(" ");
      }
    })(root || d);
    return out.join("").replace(/\s+/g, " ").trim();
  }

  // Whether every word is in one field of the document, with the exact rank and frequency
  // (4: the word is the hero's whole name).
  function verify(doc, words, body) {
    var fields = doc.f.slice(0, 5).concat([body]).map(normText), rank = 0, count = 0;
    for (var i = 0; i < words.length; i++) {
      var n = words[i].needle, best = 0;
      for (var f = 0; f < fields.length; f++) {
        if (fields[f].indexOf(n) < 0) continue;
        best = Math.max(best, f === 1 && fields[1] === n ? 4 : f < 2 ? 3 : f < 5 ? 2 : 1);
      }
      if (!best) return null;
      rank += best; count += Math.min(15, occurrences(fields[5], n));
    }
    return { rank: rank, count: count };
  }

  function occurrences(text, n) {
    var c = 0, at = text.indexOf(n);
    while (at >= 0) { c++; at = text.indexOf(n, at + n.length); }
    return c;
  }

  // For other themes' pages and the benchmark (bench/search_quality.mjs): every document
  // number matching `q`, best first, each checked against its text unless the terms are exact.
  window.yiyongSearch = function (q) {
    var words = parseQuery(q);
    if (!words.length) return Promise.resolve([]);
    return loadMeta().then(function (m) {
      return candidates(m, words).then(function (found) {
        if (words.every(function (w) { return w.exact; })) return found.map(function (c) { return c.id; });
        var out = [];
        function next(from) {
          if (from >= found.length) return out;
          var part = found.slice(from, from + 50);
          return Promise.all(part.map(function (c) {
            return loadDoc(m, c.id).then(function (d) { return check(c, d, words, false); });
          })).then(function (vs) {
            vs.forEach(function (v, i) { if (v) out.push(part[i].id); });
            return next(from + 50);
          });
        }
        return next(0);
      });
    });
  };

  // ---- the page ----

  var state = null; // { q, words, list (candidates after filters), next, shown, exact, total }

  function readURL() {
    var p = new URLSearchParams(location.search);
    return { q: p.get("q") || "", type: p.get("type") || "", district: p.get("district") || "" };
  }

  function writeURL(push) {
    var p = new URLSearchParams();
    if (input.value.trim()) p.set("q", input.value.trim());
    if (typeSel && typeSel.value) p.set("type", typeSel.value);
    if (districtSel && districtSel.value) p.set("district", districtSel.value);
    // The hash is kept: `#elder` is 长辈模式 without script.
    var s = p.toString(), url = location.pathname + (s ? "?" + s : "") + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    history[push ? "pushState" : "replaceState"](null, "", url);
  }

  function hasOption(sel, value) {
    for (var i = 0; i < sel.options.length; i++) if (sel.options[i].value === value) return true;
    return false;
  }

  function addOption(sel, value, text) {
    if (hasOption(sel, value)) return;
    var o = document.createElement("option");
    o.value = value; o.textContent = text || value;
    sel.appendChild(o);
  }

  // The types and their names come with the index (meta.json), in its order, after 全部.
  function fillTypes(types, labels) {
    if (!typeSel) return;
    var want = typeSel.value || readURL().type;
    while (typeSel.options.length > 1) typeSel.remove(1);
    types.forEach(function (t, i) { addOption(typeSel, t, labels[i]); });
    typeSel.value = want;
  }

  function fillDistricts(names) {
    if (!districtSel) return;
    var want = readURL().district;
    names.forEach(function (d) { addOption(districtSel, d); });
    districtSel.value = want;
  }

  function say(text) { status.textContent = text; }

  function search() {
    var mine = ++run;
    var q = input.value.trim();
    var words = parseQuery(q);
    list.textContent = "";
    more.hidden = true;
    if (!words.length) { say(q ? "请输入要找的字词。" : ""); state = null; return; }
    say("正在搜索……");
    var type = typeSel ? typeSel.value : "", district = districtSel ? districtSel.value : "";
    loadMeta().then(function (m) {
      return Promise.all([candidates(m, words), type || district ? loadFacets(m) : null]).then(function (both) {
        var found = both[0];
        if (mine !== run) return;
        found = found.filter(function (c) {
          return (!type || m.typeOf[c.id] === type) && (!district || m.districtOf[c.id] === district);
        });
        var exact = words.every(function (w) { return w.exact; });
        state = { q: q, words: words, list: found, next: 0, shown: 0, exact: exact, m: m, mine: mine };
        return showMore(false);
      });
    }).catch(function () {
      if (mine === run) say("搜索出错了，请稍后再试，或从英雄谱、宣传阵地浏览。");
    });
  }

  // Checks candidates in order until PAGE more results are found, then shows them.
  function showMore(focus) {
    var s = state, batch = [];
    function step() {
      if (s.mine !== run) return null;
      if (batch.length >= PAGE || s.next >= s.list.length) return finish();
      var ids = s.list.slice(s.next, s.next + PAGE);
      s.next += ids.length;
      return Promise.all(ids.map(function (c) {
        return loadDoc(s.m, c.id).then(function (d) {
          return check(c, d, s.words, s.exact).then(function (v) {
            if (v) batch.push({ id: c.id, rank: v.rank, count: v.count, doc: d });
          });
        });
      })).then(step);
    }
    function finish() {
      if (s.mine !== run) return;
      batch.sort(byRank);
      var first = null;
      batch.forEach(function (r) {
        var li = render(r.doc, s.words);
        if (!first) first = li;
        list.appendChild(li);
      });
      s.shown += batch.length;
      var done = s.next >= s.list.length;
      more.hidden = done;
      if (!s.shown) say("没有找到包含「" + s.q + "」的内容。");
      else if (done || s.exact) say("找到 " + (done ? s.shown : s.list.length) + " 条结果" + (done ? "。" : "，已显示 " + s.shown + " 条。"));
      else say("找到约 " + s.list.length + " 条结果，已显示 " + s.shown + " 条。");
      if (focus && first) first.querySelector("a").focus();
    }
    return step();
  }

  // One result: type label, place and date, the title as a link, an excerpt; the query's words
  // marked. Built from text nodes only: nothing from the index is read as HTML.
  function render(doc, words) {
    var li = document.createElement("li");
    li.className = "search-result";
    var info = document.createElement("p");
    info.className = "meta";
    var label = document.createElement("span");
    label.className = "search-type";
    label.textContent = (state.m.labels || [])[doc.y] || "其他页面";
    info.appendChild(label);
    var rest = [doc.f[3].split(" ")[0], doc.a].filter(Boolean).join(" · ");
    if (rest) info.appendChild(document.createTextNode(" " + rest));
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = new URL(doc.u, siteRoot).href;
    mark(a, doc.f[0] || doc.u, words);
    h.appendChild(a);
    li.appendChild(h);
    li.appendChild(info);
    var ex = document.createElement("p");
    ex.className = "search-excerpt";
    var extra = doc.f[1] && doc.f[0].indexOf(doc.f[1]) < 0 ? "英雄：" + doc.f[1] + "。" : "";
    // The excerpt from the lead at once, then from the page when it has come.
    function fill(body) {
      ex.textContent = "";
      mark(ex, extra + excerpt(body, words), words);
    }
    fill(doc.f[5]);
    bodyOf(doc).then(function (b) { fill(b); ex.setAttribute("data-done", ""); });
    li.appendChild(ex);
    return li;
  }

  // About 90 characters of the body around the first word found (the start when none is).
  function excerpt(body, words) {
    var n = normText(body), at = -1;
    words.forEach(function (w) {
      var i = n.indexOf(w.needle);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    });
    var from = Math.max(0, at - 30), to = Math.min(body.length, from + 90);
    return (from > 0 ? "…" : "") + body.slice(from, to) + (to < body.length ? "…" : "");
  }

  function mark(el, text, words) {
    var n = normText(text), pos = 0;
    while (pos < text.length) {
      var at = -1, len = 0;
      words.forEach(function (w) {
        var i = n.indexOf(w.needle, pos);
        if (i >= 0 && (at < 0 || i < at)) { at = i; len = w.needle.length; }
      });
      if (at < 0) break;
      if (at > pos) el.appendChild(document.createTextNode(text.slice(pos, at)));
      var m = document.createElement("mark");
      m.textContent = text.slice(at, at + len);
      el.appendChild(m);
      pos = at + len;
    }
    if (pos < text.length) el.appendChild(document.createTextNode(text.slice(pos)));
  }

  function fromURL() {
    var u = readURL();
    input.value = u.q;
    if (typeSel) {
      // Until meta.json has filled the list, the type asked for is an option of its own.
      if (u.type) addOption(typeSel, u.type);
      typeSel.value = u.type;
    }
    if (districtSel) {
      if (u.district) addOption(districtSel, u.district);
      districtSel.value = u.district;
    }
    search();
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    writeURL(true);
    search();
  });
  [typeSel, districtSel].forEach(function (sel) {
    if (sel) sel.addEventListener("change", function () { writeURL(true); search(); });
  });
  more.addEventListener("click", function () { if (state) showMore(true); });
  window.addEventListener("popstate", fromURL);
  box.className += " search-ready";
  loadMeta().catch(function () {});
  fromURL();
})();
