/* yiyong's elasticlunr.min.js: a small, first-party reader for the search index
 * (search_index.LANG.js) that yiyong writes with `build_search_index = true`. It is not the
 * elasticlunr.js library: it gives the part of that library's API Zola themes call.
 *
 *   elasticlunr.Index.load(window.searchIndex)  -> index
 *   index.search(query, {fields: {title: {boost: 2}, body: {boost: 1}}, bool: "AND"|"OR",
 *                        expand: true|false})   -> [{ref, score, doc}], best first
 *   index.documentStore.getDoc(ref) / .hasDoc(ref) / .docs[ref] / .length
 *   index.getFields(), index.pipeline.run(tokens)
 *   elasticlunr.tokenizer(text), .trimmer, .stopWordFilter, .stemmer (Porter, as the index
 *   was stemmed for English), elasticlunr.Pipeline.registerFunction(fn, name)
 *
 * Queries go through the pipeline the index names: for English the trimmer, the stop-word
 * filter and the Porter stemmer; another language's trimmer keeps letters and digits, and its
 * stop words and stemmer are used only when a script registered them under the index's
 * names (Pipeline.registerFunction), else words are matched as typed. Scores are TF-IDF with
 * the field's length norm and boost, as elasticlunr scores them. */
(function (global) {
  "use strict";

  var has = function (o, k) { return Object.prototype.hasOwnProperty.call(o, k); };

  var elasticlunr = {};
  elasticlunr.version = "0.9.5";
  elasticlunr.utils = { warn: function (m) { if (global.console) console.warn(m); } };

  /* Lowercased words, split at white space and hyphens (as the index's tokenizer). */
  elasticlunr.tokenizer = function (text) {
    if (text === null || text === undefined) return [];
    if (Array.isArray(text)) {
      return text.filter(function (t) { return t !== null && t !== undefined; })
        .map(function (t) { return String(t).trim().toLowerCase(); });
    }
    return String(text).trim().toLowerCase().split(elasticlunr.tokenizer.seperator)
      .filter(function (t) { return t.length > 0; });
  };
  elasticlunr.tokenizer.seperator = /[\s\-]+/;

  /* English trimmer: drops everything but ASCII letters, digits and _ at both ends. */
  elasticlunr.trimmer = function (token) {
    return token.replace(/^[^0-9A-Za-z_]+/, "").replace(/[^0-9A-Za-z_]+$/, "");
  };

  /* Other languages' trimmer: keeps letters, marks and digits of any script. */
  var unicodeTrimmer = function (token) {
    return token.replace(/^[^\p{L}\p{M}\p{N}]+/u, "").replace(/[^\p{L}\p{M}\p{N}]+$/u, "");
  };

  var STOP = ("a able about across after all almost also am among an and any are as at be " +
    "because been but by can cannot could dear did do does either else ever every for from " +
    "get got had has have he her hers him his how however i if in into is it its just least " +
    "let like likely may me might most must my neither no nor not of off often on only or " +
    "other our own rather said say says she should since so some than that the their them " +
    "then there these they this tis to too twas us wants was we were what when where which " +
    "while who whom why will with would yet you your").split(" ");
  elasticlunr.stopWordFilter = function (token) {
    if (token && elasticlunr.stopWordFilter.stopWords[token] !== true) return token;
    return undefined;
  };
  elasticlunr.stopWordFilter.stopWords = {};
  STOP.forEach(function (w) { elasticlunr.stopWordFilter.stopWords[w] = true; });

  /* Porter's stemmer (with the usual -bli and -logi rules of step 2), written from the
   * algorithm's description. Regular-expression helpers: C a run of consonants, V of vowels;
   * m(stem) counts the VC pairs. */
  var C = "[^aeiou][^aeiouy]*";
  var V = "[aeiouy][aeiou]*";
  var mGt0 = new RegExp("^(" + C + ")?" + V + C);
  var mEq1 = new RegExp("^(" + C + ")?" + V + C + "(" + V + ")?$");
  var mGt1 = new RegExp("^(" + C + ")?" + V + C + V + C);
  var hasVowel = new RegExp("^(" + C + ")?[aeiouy]");
  var cvc = new RegExp("^" + C + "[aeiouy][^aeiouwxy]$");
  var STEP2 = {
    ational: "ate", tional: "tion", enci: "ence", anci: "ance", izer: "ize", bli: "ble",
    alli: "al", entli: "ent", eli: "e", ousli: "ous", ization: "ize", ation: "ate",
    ator: "ate", alism: "al", iveness: "ive", fulness: "ful", ousness: "ous", aliti: "al",
    iviti: "ive", biliti: "ble", logi: "log"
  };
  var STEP3 = { icate: "ic", ative: "", alize: "al", iciti: "ic", ical: "ic", ful: "", ness: "" };
  var step2re = new RegExp("^(.+?)(" + Object.keys(STEP2).join("|") + ")$");
  var step3re = new RegExp("^(.+?)(" + Object.keys(STEP3).join("|") + ")$");
  var step4re = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;

  var utf8Length = function (s) {
    var n = 0;
    for (var ch of s) {
      var c = ch.codePointAt(0);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    }
    return n;
  };

  elasticlunr.stemmer = function (word) {
    var w = String(word);
    // The index was stemmed by a program that counts bytes here.
    if (utf8Length(w) < 3) return w;
    var leadingY = w.charAt(0) === "y";
    if (leadingY) w = "Y" + w.slice(1);
    var m;

    // 1a: sses -> ss, ies -> i, s -> (not after s).
    if ((m = /^(.+?)(ss|i)es$/.exec(w))) w = m[1] + m[2];
    else if ((m = /^(.+?)([^s])s$/.exec(w))) w = m[1] + m[2];

    // 1b: eed -> ee when m > 0; ed, ing dropped when the rest has a vowel, then tidied.
    if ((m = /^(.+?)eed$/.exec(w))) {
      if (mGt0.test(m[1])) w = w.slice(0, -1);
    } else if ((m = /^(.+?)(ed|ing)$/.exec(w))) {
      if (hasVowel.test(m[1])) {
        w = m[1];
        if (/(at|bl|iz)$/.test(w)) w += "e";
        else if (/([^aeiouylsz])\1$/.test(w)) w = w.slice(0, -1);
        else if (cvc.test(w)) w += "e";
      }
    }

    // 1c: y -> i after a consonant that is not the first letter.
    if ((m = /^(.+?[^aeiou])y$/.exec(w))) w = m[1] + "i";

    if ((m = step2re.exec(w)) && mGt0.test(m[1])) w = m[1] + STEP2[m[2]];
    if ((m = step3re.exec(w)) && mGt0.test(m[1])) w = m[1] + STEP3[m[2]];

    // 4: drop a suffix when m > 1 (ion only after s or t).
    if ((m = step4re.exec(w))) {
      if (mGt1.test(m[1])) w = m[1];
    } else if ((m = /^(.+?)(s|t)(ion)$/.exec(w))) {
      if (mGt1.test(m[1] + m[2])) w = m[1] + m[2];
    }

    // 5: a final e, and ll -> l.
    if ((m = /^(.+?)e$/.exec(w))) {
      var stem = m[1];
      if (mGt1.test(stem) || (mEq1.test(stem) && !cvc.test(stem))) w = stem;
    }
    if (/ll$/.test(w) && mGt1.test(w)) w = w.slice(0, -1);

    if (leadingY) w = "y" + w.slice(1);
    return w;
  };

  /* Pipelines: functions by the names the serialized index lists. */
  var registered = {};
  var Pipeline = function (fns) { this.fns = fns || []; };
  Pipeline.registerFunction = function (fn, name) {
    fn.label = name;
    registered[name] = fn;
  };
  Pipeline.getRegisteredFunction = function (name) {
    if (has(registered, name)) return registered[name];
    if (/^trimmer-/.test(name)) return unicodeTrimmer;
    // Another language's stop words or stemmer that no script registered: words as typed.
    if (/^(stopWordFilter|stemmer)-/.test(name)) return function (t) { return t; };
    return undefined;
  };
  Pipeline.load = function (names) {
    var fns = [];
    (names || []).forEach(function (name) {
      var fn = Pipeline.getRegisteredFunction(name);
      if (fn) fns.push(fn);
      else elasticlunr.utils.warn("elasticlunr: no pipeline function named " + name);
    });
    return new Pipeline(fns);
  };
  Pipeline.prototype.run = function (tokens) {
    var out = [];
    var fns = this.fns;
    tokens.forEach(function (token, i) {
      for (var k = 0; k < fns.length && token !== undefined && token !== null; k++) {
        token = fns[k](token, i, tokens);
      }
      if (token !== undefined && token !== null && token !== "") out.push(token);
    });
    return out;
  };
  Pipeline.prototype.add = function () {
    for (var i = 0; i < arguments.length; i++) this.fns.push(arguments[i]);
  };
  Pipeline.prototype.toJSON = function () {
    return this.fns.map(function (fn) { return fn.label; });
  };
  Pipeline.registerFunction(elasticlunr.trimmer, "trimmer");
  Pipeline.registerFunction(elasticlunr.stopWordFilter, "stopWordFilter");
  Pipeline.registerFunction(elasticlunr.stemmer, "stemmer");
  elasticlunr.Pipeline = Pipeline;

  /* The stored documents and each field's length in tokens. */
  var DocumentStore = function (data) {
    data = data || {};
    this.docs = data.docs || {};
    this.docInfo = data.docInfo || {};
    this.length = data.length !== undefined ? data.length : Object.keys(this.docs).length;
    this._save = data.save !== false;
  };
  DocumentStore.load = function (data) { return new DocumentStore(data); };
  DocumentStore.prototype.getDoc = function (ref) {
    return has(this.docs, ref) ? this.docs[ref] : null;
  };
  DocumentStore.prototype.hasDoc = function (ref) { return has(this.docs, ref); };
  DocumentStore.prototype.isDocStored = function () { return this._save; };
  DocumentStore.prototype.getFieldLength = function (ref, field) {
    var info = has(this.docInfo, ref) ? this.docInfo[ref] : null;
    return info && info[field] ? info[field] : 0;
  };
  DocumentStore.prototype.toJSON = function () {
    return { docs: this.docs, docInfo: this.docInfo, length: this.length, save: this._save };
  };
  elasticlunr.DocumentStore = DocumentStore;

  /* A field's inverted index: a tree of characters; a node has `docs` ({ref: {tf}}) and `df`
   * besides its children. */
  var InvertedIndex = function (root) { this.root = root || { docs: {}, df: 0 }; };
  InvertedIndex.load = function (data) { return new InvertedIndex(data && data.root); };
  InvertedIndex.prototype.node = function (token) {
    var node = this.root;
    for (var ch of token) {
      if (!node || !has(node, ch) || ch === "docs" || ch === "df") return null;
      node = node[ch];
    }
    return node;
  };
  InvertedIndex.prototype.getDocs = function (token) {
    var node = this.node(token);
    return node && node.docs ? node.docs : {};
  };
  InvertedIndex.prototype.getDocFreq = function (token) {
    var node = this.node(token);
    return node && node.df ? node.df : 0;
  };
  InvertedIndex.prototype.getTermFrequency = function (token, ref) {
    var docs = this.getDocs(token);
    return has(docs, ref) ? docs[ref].tf : 0;
  };
  /* Every token of the index that starts with `token` and is in a document. */
  InvertedIndex.prototype.expandToken = function (token) {
    var found = [];
    var walk = function (node, prefix) {
      if (node.df > 0) found.push(prefix);
      Object.keys(node).forEach(function (k) {
        if (k !== "docs" && k !== "df" && node[k] && typeof node[k] === "object") {
          walk(node[k], prefix + k);
        }
      });
    };
    var start = this.node(token);
    if (start) walk(start, token);
    return found;
  };
  elasticlunr.InvertedIndex = InvertedIndex;

  var Index = function () {
    this._fields = [];
    this._ref = "id";
    this.pipeline = new Pipeline();
    this.documentStore = new DocumentStore();
    this.index = {};
    this._idf = {};
  };
  Index.load = function (data) {
    if (typeof data === "string") data = JSON.parse(data);
    var idx = new Index();
    idx._fields = (data.fields || []).slice();
    idx._ref = data.ref || "id";
    idx.pipeline = Pipeline.load(data.pipeline);
    idx.documentStore = DocumentStore.load(data.documentStore);
    idx._fields.forEach(function (f) {
      idx.index[f] = InvertedIndex.load(data.index && data.index[f]);
    });
    return idx;
  };
  Index.prototype.getFields = function () { return this._fields.slice(); };

  Index.prototype.idf = function (term, field) {
    var key = field + "/" + term;
    if (!has(this._idf, key)) {
      var df = this.index[field].getDocFreq(term);
      this._idf[key] = 1 + Math.log(this.documentStore.length / (df + 1));
    }
    return this._idf[key];
  };

  /* The fields searched, each with its boost, bool and expand. */
  Index.prototype.searchConfig = function (user) {
    var fields = this._fields;
    user = user || {};
    if (typeof user === "string") {
      try { user = JSON.parse(user); } catch (e) { user = {}; }
    }
    var bool = user.bool || "OR";
    var expand = user.expand === true;
    var config = {};
    var add = function (field, fc) {
      fc = fc || {};
      config[field] = {
        boost: typeof fc.boost === "number" ? fc.boost : 1,
        bool: fc.bool || bool,
        expand: typeof fc.expand === "boolean" ? fc.expand : expand
      };
    };
    if (user.fields && typeof user.fields === "object") {
      Object.keys(user.fields).forEach(function (field) {
        if (fields.indexOf(field) >= 0) add(field, user.fields[field]);
        else elasticlunr.utils.warn("elasticlunr: the index has no field " + field);
      });
    } else {
      fields.forEach(function (field) { add(field); });
    }
    return config;
  };

  /* Scores of one field's documents for the query's tokens: {ref: score}. */
  Index.prototype.fieldScores = function (tokens, field, fc) {
    var self = this;
    var inverted = this.index[field];
    var scores = null;
    var matched = {}; // ref -> how many of the query's own tokens it has
    tokens.forEach(function (token) {
      var keys = fc.expand ? inverted.expandToken(token) : [token];
      var tokenScores = {};
      keys.forEach(function (key) {
        var docs = inverted.getDocs(key);
        var idf = self.idf(key, field);
        Object.keys(docs).forEach(function (ref) {
          if (scores && fc.bool === "AND" && !has(scores, ref)) return;
          if (key === token) matched[ref] = (matched[ref] || 0) + 1;
          var length = self.documentStore.getFieldLength(ref, field);
          var norm = length ? 1 / Math.sqrt(length) : 1;
          // A longer word found by prefix counts for less.
          var penalty = key === token ? 1 : 0.15 * (1 - (key.length - token.length) / key.length);
          var s = docs[ref].tf * idf * norm * penalty;
          tokenScores[ref] = (tokenScores[ref] || 0) + s;
        });
      });
      if (scores === null) {
        scores = tokenScores;
      } else if (fc.bool === "AND") {
        var both = {};
        Object.keys(tokenScores).forEach(function (ref) {
          if (has(scores, ref)) both[ref] = scores[ref] + tokenScores[ref];
        });
        scores = both;
      } else {
        Object.keys(tokenScores).forEach(function (ref) {
          scores[ref] = (scores[ref] || 0) + tokenScores[ref];
        });
      }
    });
    scores = scores || {};
    // Documents with more of the query's words rank higher.
    Object.keys(scores).forEach(function (ref) {
      if (matched[ref]) scores[ref] = scores[ref] * matched[ref] / tokens.length;
    });
    return scores;
  };

  Index.prototype.search = function (query, userConfig) {
    if (!query) return [];
    var config = this.searchConfig(userConfig);
    var tokens = this.pipeline.run(elasticlunr.tokenizer(query));
    if (tokens.length === 0) return [];
    var total = {};
    var self = this;
    Object.keys(config).forEach(function (field) {
      var fc = config[field];
      if (fc.boost === 0) return;
      var scores = self.fieldScores(tokens, field, fc);
      Object.keys(scores).forEach(function (ref) {
        total[ref] = (total[ref] || 0) + scores[ref] * fc.boost;
      });
    });
    var results = Object.keys(total).map(function (ref) {
      var r = { ref: ref, score: total[ref] };
      if (self.documentStore.hasDoc(ref)) r.doc = self.documentStore.getDoc(ref);
      return r;
    });
    results.sort(function (a, b) { return b.score - a.score; });
    return results;
  };
  elasticlunr.Index = Index;

  global.elasticlunr = elasticlunr;
  if (typeof module === "object" && module.exports) module.exports = elasticlunr;
})(typeof window !== "undefined" ? window : this);
