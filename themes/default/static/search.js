/*
 * briefbook search: the search box on every page and the search page.
 *
 * Role: read the index that src/search/ wrote under search/, answer queries
 * in the browser, and show ranked results with highlighted snippets.
 *
 * Invariants:
 * - Index files are scripts added with <script src> and calling
 *   briefbookSearch.add(kind, key, data): no fetch, so it works from file://
 *   as over http, under Content-Security-Policy default-src 'self'. No inline
 *   style or script is ever written.
 * - fold, tokenize and stem are src/search/text.rs and src/search/stem.rs rule
 *   for rule; tests/fixtures/search/*-vectors.tsv are checked against both.
 * - A query loads only the shards of its words (see src/search/mod.rs).
 * - Every file but meta.js is asked for as FILE.js?v=VERSION, the version
 *   meta.js lists for it (a hash of its content), and every file says which
 *   version it is: only files of the index meta.js describes are used (a
 *   cached copy of another build's file has another URL), and a meta.js
 *   older than a file it meets is reloaded past any cache (StaleIndex). A
 *   rebuild changes the versions of the files it changes only, so a reader's
 *   cache keeps the others. Files already loaded keep answering from the
 *   index they belong to until a query needs a file of a newer one.
 */
(function () {
  "use strict";

  // ---- Text: mirrors src/search/text.rs -------------------------------

  var WORD_CHAR = /[\p{Alphabetic}\p{N}\p{M}]/u;
  var LETTER = /\p{Alphabetic}/u;
  var MARKS = /\p{M}/gu;
  var ASCII_DIGIT = /^[0-9]$/;
  var MAX_TOKEN_CHARS = 40;

  function fold(s) {
    // Decompose first: a compatibility character may decompose to a capital.
    return s.normalize("NFKD").toLowerCase().replace(MARKS, "");
  }

  function isHyphen(c) {
    return c === "-" || c === "\u2010" || c === "\u2011";
  }

  function isApostrophe(c) {
    return c === "'" || c === "\u2019";
  }

  function charCount(s) {
    var n = 0;
    for (var _ of s) n++; // eslint-disable-line no-unused-vars
    return n;
  }

  /* Words of a text, each a list of hyphen-separated parts with the UTF-16
   * offsets of the whole word, for highlighting. */
  function words(text) {
    var cs = [];
    var offsets = [];
    var at = 0;
    for (var ch of text) {
      cs.push(ch);
      offsets.push(at);
      at += ch.length;
    }
    offsets.push(at);
    function wordAt(i) {
      return i < cs.length && WORD_CHAR.test(cs[i]);
    }
    function letterAt(i) {
      return i < cs.length && LETTER.test(cs[i]);
    }
    function digitAt(i) {
      return i < cs.length && ASCII_DIGIT.test(cs[i]);
    }
    var out = [];
    var i = 0;
    while (i < cs.length) {
      if (!WORD_CHAR.test(cs[i])) {
        i++;
        continue;
      }
      var start = i;
      var parts = [];
      var current = "";
      var last = "";
      var piece = 0;
      for (;;) {
        while (wordAt(i)) {
          current += cs[i];
          last = cs[i];
          piece++;
          i++;
        }
        if (i >= cs.length) break;
        var c = cs[i];
        if (isHyphen(c) && wordAt(i + 1)) {
          parts.push(current);
          current = "";
          last = "";
          piece = 0;
          i++;
        } else if ((c === "," || c === ".") && ASCII_DIGIT.test(last) && digitAt(i + 1)) {
          if (c === ".") {
            current += ".";
            last = ".";
          }
          i++;
        } else if (isApostrophe(c) && LETTER.test(last) && letterAt(i + 1)) {
          if ((cs[i + 1] === "s" || cs[i + 1] === "S") && !wordAt(i + 2)) {
            i += 2;
            break;
          }
          i++;
        } else if (c === "." && piece === 1 && LETTER.test(last) && letterAt(i + 1) && !wordAt(i + 2)) {
          piece = 0;
          i++;
        } else {
          break;
        }
      }
      parts.push(current);
      out.push({ parts: parts, start: offsets[start], end: offsets[i] });
    }
    return out;
  }

  /* Folded tokens with positions; `word` numbers the word each came from.
   * Stop words (a Set) are dropped and take no position. */
  function tokenize(text, stopwords) {
    var tokens = [];
    var position = 0;
    var ws = words(text);
    for (var w = 0; w < ws.length; w++) {
      var parts = ws[w].parts;
      var first = position;
      var joined = "";
      for (var p = 0; p < parts.length; p++) {
        var folded = fold(parts[p]);
        joined += folded;
        if (folded === "" || charCount(folded) > MAX_TOKEN_CHARS || stopwords.has(folded)) continue;
        tokens.push({ text: folded, position: position, joined: false, word: w, start: ws[w].start, end: ws[w].end });
        position++;
      }
      if (parts.length > 1 && joined !== "" && charCount(joined) <= MAX_TOKEN_CHARS) {
        tokens.push({ text: joined, position: first, joined: true, word: w, start: ws[w].start, end: ws[w].end });
      }
    }
    return tokens;
  }

  // ---- Stemmer: mirrors src/search/stem.rs (Porter 1980) ---------------

  var STEP2 = {
    a: [["ational", "ate"], ["tional", "tion"]],
    c: [["enci", "ence"], ["anci", "ance"]],
    e: [["izer", "ize"]],
    l: [["bli", "ble"], ["alli", "al"], ["entli", "ent"], ["eli", "e"], ["ousli", "ous"]],
    o: [["ization", "ize"], ["ation", "ate"], ["ator", "ate"]],
    s: [["alism", "al"], ["iveness", "ive"], ["fulness", "ful"], ["ousness", "ous"]],
    t: [["aliti", "al"], ["iviti", "ive"], ["biliti", "ble"]],
    g: [["logi", "log"]]
  };
  var STEP3 = {
    e: [["icate", "ic"], ["ative", ""], ["alize", "al"]],
    i: [["iciti", "ic"]],
    l: [["ical", "ic"], ["ful", ""]],
    s: [["ness", ""]]
  };
  var stemCache = new Map();

  /* Snippets stem every word they show; most words repeat. */
  function stem(word) {
    var cached = stemCache.get(word);
    if (cached !== undefined) return cached;
    var result = porter(word);
    if (stemCache.size > 50000) stemCache.clear();
    stemCache.set(word, result);
    return result;
  }

  function porter(word) {
    if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
    var b = word.split("");
    var k = b.length - 1;
    var j = 0;

    function cons(i) {
      switch (b[i]) {
        case "a": case "e": case "i": case "o": case "u": return false;
        case "y": return i === 0 || !cons(i - 1);
        default: return true;
      }
    }
    function m() {
      var n = 0;
      var i = 0;
      for (;;) {
        if (i > j) return n;
        if (!cons(i)) break;
        i++;
      }
      i++;
      for (;;) {
        for (;;) {
          if (i > j) return n;
          if (cons(i)) break;
          i++;
        }
        i++;
        n++;
        for (;;) {
          if (i > j) return n;
          if (!cons(i)) break;
          i++;
        }
        i++;
      }
    }
    function vowelInStem() {
      for (var i = 0; i <= j; i++) if (!cons(i)) return true;
      return false;
    }
    function doubleConsonant(x) {
      return x >= 1 && b[x] === b[x - 1] && cons(x);
    }
    function cvc(i) {
      if (i < 2 || !cons(i) || cons(i - 1) || !cons(i - 2)) return false;
      return b[i] !== "w" && b[i] !== "x" && b[i] !== "y";
    }
    function ends(s) {
      var len = k + 1;
      if (s.length > len) return false;
      for (var x = 0; x < s.length; x++) if (b[len - s.length + x] !== s[x]) return false;
      j = k - s.length;
      return true;
    }
    function setTo(s) {
      b.length = j + 1;
      for (var x = 0; x < s.length; x++) b.push(s[x]);
      k = b.length - 1;
    }
    function firstRule(rules) {
      for (var r = 0; r < rules.length; r++) {
        if (ends(rules[r][0])) {
          if (m() > 0) setTo(rules[r][1]);
          return;
        }
      }
    }

    // Step 1ab
    if (b[k] === "s") {
      if (ends("sses")) k -= 2;
      else if (ends("ies")) setTo("i");
      else if (b[k - 1] !== "s") k -= 1;
    }
    if (ends("eed")) {
      if (m() > 0) k -= 1;
    } else if ((ends("ed") || ends("ing")) && vowelInStem()) {
      k = j;
      if (ends("at")) setTo("ate");
      else if (ends("bl")) setTo("ble");
      else if (ends("iz")) setTo("ize");
      else if (doubleConsonant(k)) {
        k -= 1;
        if (b[k] === "l" || b[k] === "s" || b[k] === "z") k += 1;
      } else if (m() === 1 && cvc(k)) {
        j = k;
        setTo("e");
      }
    }
    if (k > 0) {
      // Step 1c
      if (ends("y") && vowelInStem()) b[k] = "i";
      // Step 2
      firstRule(STEP2[b[k - 1]] || []);
      // Step 3
      firstRule(STEP3[b[k]] || []);
      // Step 4
      var matched;
      switch (b[k - 1]) {
        case "a": matched = ends("al"); break;
        case "c": matched = ends("ance") || ends("ence"); break;
        case "e": matched = ends("er"); break;
        case "i": matched = ends("ic"); break;
        case "l": matched = ends("able") || ends("ible"); break;
        case "n": matched = ends("ant") || ends("ement") || ends("ment") || ends("ent"); break;
        case "o": matched = (ends("ion") && j >= 0 && (b[j] === "s" || b[j] === "t")) || ends("ou"); break;
        case "s": matched = ends("ism"); break;
        case "t": matched = ends("ate") || ends("iti"); break;
        case "u": matched = ends("ous"); break;
        case "v": matched = ends("ive"); break;
        case "z": matched = ends("ize"); break;
        default: matched = false;
      }
      if (matched && m() > 1) k = j;
      // Step 5
      j = k;
      if (b[k] === "e") {
        var a = m();
        if (a > 1 || (a === 1 && !cvc(k - 1))) k -= 1;
      }
      if (b[k] === "l" && doubleConsonant(k) && m() > 1) k -= 1;
    }
    return b.slice(0, k + 1).join("");
  }

  // ---- Numbers: mirrors src/search/encode.rs -----------------------------

  var TERMINAL = "0123456789abcdefghijklmnopqrstuv";
  var CONTINUE = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz!~";
  var DIGIT = new Int8Array(128).fill(-1);
  var IS_LAST = new Uint8Array(128);
  for (var d = 0; d < 32; d++) {
    DIGIT[TERMINAL.charCodeAt(d)] = d;
    IS_LAST[TERMINAL.charCodeAt(d)] = 1;
    DIGIT[CONTINUE.charCodeAt(d)] = d;
  }

  function decodeVarints(s) {
    var out = [];
    var value = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      value = value * 32 + DIGIT[c];
      if (IS_LAST[c]) {
        out.push(value);
        value = 0;
      }
    }
    return out;
  }

  function decodeAscending(s) {
    var out = decodeVarints(s);
    for (var i = 1; i < out.length; i++) out[i] += out[i - 1];
    return out;
  }

  // ---- Loading index files ------------------------------------------------

  var registry = new Map();
  var loading = new Map();
  var base = null;
  var stats = { scripts: 0 };

  function siteRoot() {
    if (base) return base;
    var script = document.currentScript || document.querySelector("script[src$='static/search.js']");
    base = new URL("../", script.src).href;
    return base;
  }

  function add(kind, key, data, v) {
    registry.set(kind + ":" + key, { data: data, version: v });
  }

  /* A file of another build than meta.js: the site was rebuilt since. */
  function StaleIndex() {
    this.message = "the search index was rebuilt";
  }

  // Characters of a file's version (src/search/mod.rs, VERSION_CHARS).
  var VERSION_CHARS = 5;

  /* The n-th version of a family's list in meta.files ("" if none). */
  function nthVersion(list, n) {
    return (list || "").substr(n * VERSION_CHARS, VERSION_CHARS);
  }

  /* Loads search/PATH.js once; resolves to what it registered. `expected`
   * is the version meta.js lists for the file (null for meta.js itself, asked
   * for with `query`). */
  function load(kind, key, path, expected, query) {
    var id = kind + ":" + key;
    if (loading.has(id)) return loading.get(id);
    var promise = new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      el.src = siteRoot() + "search/" + path + ".js" + (expected === null ? query : "?v=" + expected);
      el.async = true;
      // Injected scripts default to low priority; a reader is waiting on these.
      el.fetchPriority = "high";
      el.onload = function () {
        el.remove();
        var entry = registry.get(id);
        if (!entry) {
          loading.delete(id);
          reject(new Error("the search index file " + el.src + " registered nothing"));
        } else if (expected !== null && entry.version !== expected) {
          reject(new StaleIndex());
        } else {
          stats.scripts++;
          resolve(entry.data);
        }
      };
      el.onerror = function () {
        el.remove();
        loading.delete(id);
        reject(new Error("could not load the search index file " + el.src));
      };
      document.head.appendChild(el);
    });
    loading.set(id, promise);
    return promise;
  }

  var metaPromise = null;
  var meta = null;
  var stopwords = new Set();
  var documentsFrom = [];
  // Set when a file of a newer build was met: meta.js is then asked for with
  // a query no cache has seen.
  var metaQuery = "";
  var reloads = 0;

  function loadMeta() {
    if (!metaPromise) {
      metaPromise = load("meta", 0, "meta", null, metaQuery).then(function (m) {
        meta = m;
        stopwords = new Set(m.stopwords);
        documentsFrom = decodeAscending(m.documents_from);
        return m;
      });
    }
    return metaPromise;
  }

  /* Forgets every loaded file, to start again from a fresh meta.js. */
  function resetIndex() {
    registry.clear();
    loading.clear();
    postingsCache.clear();
    chunkCache.clear();
    chunkReady.clear();
    metaPromise = null;
    meta = null;
    reloads++;
    metaQuery = "?r=" + Date.now().toString(36) + "-" + reloads;
  }

  /* Runs task (a function returning a promise); if it met a file of a newer
   * build, runs it once more against that build. */
  function withFreshIndex(task) {
    return task().catch(function (err) {
      if (!(err instanceof StaleIndex)) throw err;
      resetIndex();
      return task();
    });
  }

  /* The index of the shard holding token: the longest prefix it starts with. */
  function shardOf(prefixes, token) {
    var cps = Array.from(token);
    for (var n = cps.length; n >= 0; n--) {
      var i = binarySearch(prefixes, cps.slice(0, n).join(""));
      if (i >= 0) return i;
    }
    return -1;
  }

  /* Rust's str ordering is by UTF-8 bytes; for prefixes we only need
   * equality and the sort order of code points, which UTF-8 preserves. */
  function compare(a, b) {
    var ia = a[Symbol.iterator]();
    var ib = b[Symbol.iterator]();
    for (;;) {
      var x = ia.next();
      var y = ib.next();
      if (x.done || y.done) return x.done === y.done ? 0 : x.done ? -1 : 1;
      var cx = x.value.codePointAt(0);
      var cy = y.value.codePointAt(0);
      if (cx !== cy) return cx < cy ? -1 : 1;
    }
  }

  function binarySearch(list, value) {
    var lo = 0;
    var hi = list.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      var c = compare(list[mid], value);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /* Shards that may hold tokens starting with prefix: its own shard and
   * those of longer prefixes, at most `cap` of them. */
  function shardsFor(prefixes, prefix, cap) {
    var out = [];
    var own = shardOf(prefixes, prefix);
    if (own >= 0) out.push(own);
    for (var i = 0; i < prefixes.length && out.length < cap; i++) {
      if (prefixes[i].length > prefix.length && prefixes[i].startsWith(prefix)) out.push(i);
    }
    return out;
  }

  function lexiconShard(n) {
    return load("l", n, "l/" + n, nthVersion(meta.files.l, n));
  }

  var postingsCache = new Map();

  /* Postings of a key: {ids, masks, counts}, or null if it is not indexed. */
  function postingsOf(key) {
    if (postingsCache.has(key)) return postingsCache.get(key);
    var n = shardOf(meta.postings, key);
    var promise = n < 0 ? Promise.resolve(null) : load("p", n, "p/" + n, nthVersion(meta.files.p, n)).then(function (shard) {
      var s = Object.prototype.hasOwnProperty.call(shard, key) ? shard[key] : null;
      if (s === null) return null;
      var nums = decodeVarints(s);
      var ids = [];
      var masks = [];
      var counts = [];
      var id = 0;
      for (var i = 0; i < nums.length; i += 2) {
        id += nums[i];
        ids.push(id);
        masks.push(nums[i + 1] & 31);
        counts.push(nums[i + 1] >> 5);
      }
      return { ids: ids, masks: masks, counts: counts };
    });
    postingsCache.set(key, promise);
    return promise;
  }

  /* The order a key's positions are chunked in (src/search/mod.rs,
   * positions_order): {order: posting indices best first, rankOf: Map id ->
   * place in that order}, computed once per postings list with the integer
   * weights of meta.positions_order, exactly as the index sorted them. */
  function positionsOrder(postings) {
    if (postings.ranked) return postings.ranked;
    var w = meta.positions_order;
    var n = postings.ids.length;
    var keys = new Float64Array(n);
    var order = new Array(n);
    for (var i = 0; i < n; i++) {
      var mask = postings.masks[i];
      var key = mask & 3 ? TOP_ORDER : 0;
      for (var bit = 0; bit < 5; bit++) if (mask & (1 << bit)) key += w.fields[bit];
      if (mask & 8) key += w.body[Math.min(postings.counts[i], 31)];
      keys[i] = key;
      order[i] = i;
    }
    order.sort(function (a, b) {
      return keys[b] - keys[a] || postings.ids[b] - postings.ids[a];
    });
    var rankOf = new Map();
    for (var r = 0; r < n; r++) rankOf.set(postings.ids[order[r]], r);
    postings.ranked = { order: order, rankOf: rankOf };
    return postings.ranked;
  }

  // rank::TOP_ORDER: the title or aliases have the word.
  var TOP_ORDER = 1 << 24;

  // Positions come in chunks of meta.positions_chunk postings of a key.
  var chunkCache = new Map(); // key NUL chunk -> promise of the chunk
  var chunkReady = new Map(); // key NUL chunk -> Map id -> positions

  /* Starts loading chunk c of a key's positions; resolves to the file. */
  function positionsFile(key, c) {
    var n = shardOf(meta.positions, key);
    var file = n + "-" + c;
    return n < 0 ? Promise.resolve({}) : load("x", file, "x/" + file, nthVersion(meta.files.x[n], c));
  }

  function positionsChunk(key, postings, c) {
    var name = key + "\u0000" + c;
    if (chunkCache.has(name)) return chunkCache.get(name);
    var promise = positionsFile(key, c).then(function (shard) {
      var map = new Map();
      if (Object.prototype.hasOwnProperty.call(shard, key)) {
        var nums = decodeVarints(shard[key]);
        var order = positionsOrder(postings).order;
        var at = 0;
        var end = Math.min(postings.ids.length, (c + 1) * meta.positions_chunk);
        for (var i = c * meta.positions_chunk; i < end; i++) {
          var count = nums[at++];
          var list = [];
          var prev = 0;
          for (var k = 0; k < count; k++) {
            prev += nums[at++];
            list.push(prev);
          }
          map.set(postings.ids[order[i]], list);
        }
      }
      chunkReady.set(name, map);
      return map;
    });
    chunkCache.set(name, promise);
    return promise;
  }

  /* Whether a phrase's words (keys, with their postings lists) stand next
   * to each other in an entry: prepare(ids) loads the chunks of positions
   * those entries need, then matches(id) answers for each. */
  function phraseChecker(keys, lists) {
    var index = lists.map(function (p) { return positionsOrder(p).rankOf; });
    function chunkOf(t, id) {
      return Math.floor(index[t].get(id) / meta.positions_chunk);
    }
    return {
      prepare: function (ids) {
        var wanted = new Map();
        keys.forEach(function (key, t) {
          ids.forEach(function (id) {
            var c = chunkOf(t, id);
            var name = key + "\u0000" + c;
            if (!wanted.has(name)) wanted.set(name, positionsChunk(key, lists[t], c));
          });
        });
        return Promise.all(Array.from(wanted.values()));
      },
      matches: function (id) {
        var positions = keys.map(function (key, t) {
          return chunkReady.get(key + "\u0000" + chunkOf(t, id)).get(id) || [];
        });
        var rest = positions.slice(1).map(function (p) { return new Set(p); });
        return positions[0].some(function (p0) {
          for (var t = 0; t < rest.length; t++) if (!rest[t].has(p0 + t + 1)) return false;
          return true;
        });
      }
    };
  }

  /* Entry id, from the file of its group: the last group starting at or
   * before it. */
  function documentOf(id) {
    var lo = 0;
    var hi = documentsFrom.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (documentsFrom[mid] <= id) lo = mid;
      else hi = mid - 1;
    }
    return load("d", lo, "d/" + lo, nthVersion(meta.files.d, lo)).then(function (docs) {
      return docs[id - documentsFrom[lo]];
    });
  }

  // ---- Queries ------------------------------------------------------------

  /* Splits a query into clauses, all of which must match:
   * {terms: [t], phrase: false} a word, matched as written, stemmed, or as
   * the start of longer words; {terms: [...], phrase: true, joined} a quoted
   * phrase or a hyphenated word (which also matches its parts run together). */
  function parseQuery(q) {
    var clauses = [];
    var text = q.replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"');
    var segments = text.split('"');
    for (var s = 0; s < segments.length; s++) {
      var quoted = s % 2 === 1;
      var tokens = tokenize(segments[s], stopwords);
      if (quoted) {
        var parts = tokens.filter(function (t) { return !t.joined; }).map(function (t) { return t.text; });
        if (parts.length === 1) clauses.push({ terms: parts, phrase: false, prefix: false });
        else if (parts.length > 1) clauses.push({ terms: parts, phrase: true, joined: null });
        continue;
      }
      var byWord = new Map();
      tokens.forEach(function (t) {
        if (!byWord.has(t.word)) byWord.set(t.word, { parts: [], joined: null });
        if (t.joined) byWord.get(t.word).joined = t.text;
        else byWord.get(t.word).parts.push(t.text);
      });
      byWord.forEach(function (w) {
        if (w.parts.length > 1) clauses.push({ terms: w.parts, phrase: true, joined: w.joined });
        else if (w.parts.length === 1) clauses.push({ terms: w.parts, phrase: false, prefix: true });
        else if (w.joined) clauses.push({ terms: [w.joined], phrase: false, prefix: true });
      });
    }
    return clauses;
  }

  /* The keys a typed word matches: [{key, weight}] plus the words that
   * matched (for highlighting). */
  function resolveTerm(term, allowPrefix) {
    // The word is usually filed under itself or its stem: fetch those
    // postings now, alongside the lexicon, to save a round trip.
    postingsOf(term).catch(function () {});
    if (/^[a-z]+$/.test(term)) postingsOf(stem(term)).catch(function () {});
    var own = shardOf(meta.lexicon, term);
    var usePrefix = allowPrefix && charCount(term) >= meta.min_prefix;
    var shardIds = usePrefix ? shardsFor(meta.lexicon, term, 6) : own >= 0 ? [own] : [];
    return Promise.all(shardIds.map(lexiconShard)).then(function (shards) {
      var keys = new Map();
      var exact = own >= 0 ? shards[shardIds.indexOf(own)] : null;
      if (exact && Object.prototype.hasOwnProperty.call(exact, term)) {
        var entry = exact[term];
        keys.set(entry[0] === 0 ? term : entry[0], meta.rank.exact);
      } else if (/^[a-z]+$/.test(term)) {
        // A word the site never wrote may still share a stem with one it did.
        keys.set(stem(term), meta.rank.exact);
      }
      if (usePrefix) {
        var completions = [];
        shards.forEach(function (shard) {
          Object.keys(shard).forEach(function (surface) {
            if (surface !== term && surface.startsWith(term)) completions.push([surface, shard[surface]]);
          });
        });
        completions.sort(function (a, b) {
          return b[1][1] - a[1][1] || compare(a[0], b[0]);
        });
        for (var i = 0; i < completions.length && keys.size < 10; i++) {
          var key = completions[i][1][0] === 0 ? completions[i][0] : completions[i][1][0];
          if (!keys.has(key)) keys.set(key, meta.rank.prefix);
        }
      }
      return Array.from(keys, function (kv) { return { key: kv[0], weight: kv[1] }; });
    });
  }

  function fieldScore(mask, count) {
    var score = 0;
    for (var bit = 0; bit < 5; bit++) {
      if (mask & (1 << bit)) {
        score += (1 << bit) === 8 ? meta.rank.fields[bit] * (1 + Math.log(Math.max(count, 1))) : meta.rank.fields[bit];
      }
    }
    return score;
  }

  function idf(df) {
    return Math.log(1 + meta.documents / Math.max(df, 1));
  }

  /* Map id -> {score, mask} for one word. */
  function matchTerm(term, allowPrefix, keysOut) {
    return resolveTerm(term, allowPrefix).then(function (candidates) {
      return Promise.all(candidates.map(function (c) { return postingsOf(c.key); })).then(function (lists) {
        var hits = new Map();
        lists.forEach(function (p, n) {
          if (!p) return;
          keysOut.push(candidates[n].key);
          var weight = candidates[n].weight * idf(p.ids.length);
          for (var i = 0; i < p.ids.length; i++) {
            var score = weight * fieldScore(p.masks[i], p.counts[i]);
            var hit = hits.get(p.ids[i]);
            if (!hit) hits.set(p.ids[i], { score: score, mask: p.masks[i] });
            else {
              hit.score = Math.max(hit.score, score);
              hit.mask |= p.masks[i];
            }
          }
        });
        return hits;
      });
    });
  }

  /* Map id -> {score, mask, phrase} for words that must stand next to each
   * other: the entries with every word, each to be checked with
   * hit.phrase (a phraseChecker) before it is shown. */
  function matchPhrase(terms, keysOut) {
    return Promise.all(terms.map(function (t) { return resolveTerm(t, false); })).then(function (resolved) {
      var keys = resolved.map(function (r) { return r.length ? r[0].key : null; });
      if (keys.some(function (k) { return k === null; })) return new Map();
      return Promise.all(keys.map(postingsOf)).then(function (lists) {
        if (lists.some(function (p) { return !p; })) return new Map();
        keys.forEach(function (k) { keysOut.push(k); });
        var checker = phraseChecker(keys, lists);
        var candidates = new Map();
        lists[0].ids.forEach(function (id, i) {
          candidates.set(id, { score: idf(lists[0].ids.length) * fieldScore(lists[0].masks[i], lists[0].counts[i]), mask: lists[0].masks[i], phrase: checker });
        });
        for (var t = 1; t < lists.length; t++) {
          var next = new Map();
          var p = lists[t];
          for (var i = 0; i < p.ids.length; i++) {
            var c = candidates.get(p.ids[i]);
            if (c) next.set(p.ids[i], { score: c.score + idf(p.ids.length) * fieldScore(p.masks[i], p.counts[i]), mask: c.mask & p.masks[i], phrase: checker });
          }
          candidates = next;
        }
        return candidates;
      });
    });
  }

  /* The hits of a phrase checked now, in every entry. */
  function checkedPhrase(hits) {
    var ids = Array.from(hits.keys());
    if (!ids.length) return Promise.resolve(hits);
    var checker = hits.get(ids[0]).phrase;
    return checker.prepare(ids).then(function () {
      var out = new Map();
      hits.forEach(function (hit, id) {
        if (checker.matches(id)) out.set(id, { score: hit.score, mask: hit.mask, phrase: null });
      });
      return out;
    });
  }

  function matchClause(clause, keysOut) {
    if (!clause.phrase) return matchTerm(clause.terms[0], clause.prefix, keysOut);
    var phrase = matchPhrase(clause.terms, keysOut);
    if (!clause.joined) return phrase;
    // A hyphenated word matches its parts in order or run together, and an
    // entry's score is the better of the two: its parts are checked at once.
    phrase = phrase.then(checkedPhrase);
    return Promise.all([phrase, matchTerm(clause.joined, true, keysOut)]).then(function (r) {
      r[1].forEach(function (hit, id) {
        var have = r[0].get(id);
        if (!have || have.score < hit.score) r[0].set(id, hit);
      });
      return r[0];
    });
  }

  /* The set of ids allowed by the filters, or null for all. */
  function filterIds(filters) {
    var wanted = [];
    function facet(prefix, list, index) {
      if (index < 0 || !list[index]) return Promise.resolve(new Set());
      return load("f", prefix + index, "f/" + prefix + index, nthVersion(meta.files[prefix], index)).then(function (s) {
        return new Set(decodeAscending(s));
      });
    }
    var kind = filters.kind ? meta.kinds.indexOf(filters.kind) : null;
    if (kind !== null) wanted.push(facet("k", meta.facets.k, kind));
    var topic = filters.topic ? meta.topics.findIndex(function (t) { return t[0] === filters.topic; }) : null;
    if (topic !== null) wanted.push(facet("t", meta.facets.t, topic));
    var actor = filters.actor ? meta.actors.findIndex(function (a) { return a[0] === filters.actor; }) : null;
    if (actor !== null) wanted.push(facet("a", meta.facets.a, actor));
    if (filters.from || filters.to) {
      wanted.push(load("dates", 0, "dates", meta.files.dates).then(function (dates) {
        var lo = meta.dated_from;
        var hi = meta.documents - 1;
        if (filters.from) {
          var first = dates.find(function (d) { return d[0] >= filters.from; });
          lo = first ? first[1] : meta.documents;
        }
        if (filters.to) {
          var after = dates.find(function (d) { return d[0] > filters.to; });
          hi = after ? after[1] - 1 : meta.documents - 1;
        }
        return { lo: lo, hi: hi };
      }));
    }
    if (!wanted.length) return Promise.resolve(null);
    return Promise.all(wanted).then(function (parts) {
      var sets = parts.filter(function (p) { return p instanceof Set; });
      var range = parts.find(function (p) { return !(p instanceof Set); });
      var base;
      if (sets.length) {
        sets.sort(function (a, b) { return a.size - b.size; });
        base = Array.from(sets[0]);
      } else {
        base = [];
        for (var id = range.lo; id <= range.hi; id++) base.push(id);
      }
      return new Set(base.filter(function (id) {
        if (range && (id < range.lo || id > range.hi)) return false;
        return sets.every(function (s) { return s.has(id); });
      }));
    });
  }

  function hasFilters(filters) {
    return Boolean(filters.kind || filters.topic || filters.actor || filters.from || filters.to);
  }

  /* Answers a query: {results, terms, keys, ...}, a found set for
   * verifyUpTo and present. results are the candidates [{id, score, top,
   * checks}], ranked: entries whose every word is in the title or aliases
   * first, then by score, then newest first; checks are the phrases still to
   * be checked in that entry. */
  function search(q, filters) {
    filters = filters || {};
    return loadMeta().then(function () {
      var clauses = parseQuery(q || "");
      var keys = [];
      var terms = [];
      clauses.forEach(function (c) {
        c.terms.forEach(function (t) { terms.push(t); });
        if (c.joined) terms.push(c.joined);
      });
      if (!clauses.length && !hasFilters(filters)) return foundSet([], terms, keys);
      return Promise.all([Promise.all(clauses.map(function (c) { return matchClause(c, keys); })), filterIds(filters)]).then(function (r) {
        var perClause = r[0];
        var allowed = r[1];
        var results = [];
        if (!perClause.length) {
          allowed.forEach(function (id) { results.push({ id: id, score: 0, top: false, checks: [] }); });
        } else {
          perClause.sort(function (a, b) { return a.size - b.size; });
          perClause[0].forEach(function (hit, id) {
            if (allowed && !allowed.has(id)) return;
            var score = 0;
            var top = true;
            var checks = [];
            for (var c = 0; c < perClause.length; c++) {
              var h = perClause[c].get(id);
              if (!h) return;
              score += h.score;
              top = top && (h.mask & 3) !== 0;
              if (h.phrase) checks.push(h.phrase);
            }
            results.push({ id: id, score: score, top: top, checks: checks });
          });
        }
        results.sort(function (a, b) {
          return (b.top - a.top) || (b.score - a.score) || (b.id - a.id);
        });
        return foundSet(results, terms, keys);
      });
    });
  }

  function ignore() {}

  /* Starts loading what a query will need as soon as it is typed, while the
   * box waits for the typing to pause: the lexicon shards of its words, the
   * postings of the words they expand to and, for a phrase, the first chunk
   * of its words' positions, where its best-ranked entries are. */
  function prefetch(q) {
    loadMeta().then(function () {
      parseQuery(q).forEach(function (c) {
        var wanted = c.terms.map(function (t) { return [t, !c.phrase && c.prefix]; });
        if (c.joined) wanted.push([c.joined, true]);
        wanted.forEach(function (w, i) {
          var phrase = c.phrase && i < c.terms.length;
          // A phrase word is most often filed under its stem: its positions
          // are asked for with the lexicon, not after it.
          var guess = /^[a-z]+$/.test(w[0]) ? stem(w[0]) : w[0];
          if (phrase) positionsFile(guess, 0).catch(ignore);
          resolveTerm(w[0], w[1]).then(function (candidates) {
            candidates.forEach(function (x) { postingsOf(x.key).catch(ignore); });
            if (phrase && candidates.length && candidates[0].key !== guess) {
              var key = candidates[0].key;
              postingsOf(key).then(function (p) {
                if (p) return positionsFile(key, 0);
              }).catch(ignore);
            }
          }).catch(ignore);
        });
      });
    }).catch(ignore);
  }

  function foundSet(results, terms, keys) {
    var complete = results.every(function (r) { return !r.checks.length; });
    return {
      results: results,
      terms: terms,
      keys: keys,
      // The results known to match, in rank order: all of them once complete.
      verified: complete ? results : [],
      complete: complete,
      next: 0,
      batch: VERIFY_BATCH,
      queue: Promise.resolve()
    };
  }

  // The first batch checked: twice the results wanted, at least this many.
  // Positions are chunked in each word's rank order, so the best-ranked
  // entries are in the first chunks (prefetched while typing) and a later
  // batch mostly finds its chunks loaded: small batches cost no more loads.
  var VERIFY_BATCH = 16;

  /* Resolves once the first `count` matching results are known, or all of
   * them: phrases are checked in rank order, a batch of entries at a time,
   * so a phrase of common words loads the positions of the entries shown,
   * not of the whole site. */
  function verifyUpTo(found, count) {
    function step() {
      if (found.complete || found.verified.length >= count) return undefined;
      var need = count - found.verified.length;
      var size = Math.max(found.batch, need * 2);
      found.batch *= 2;
      var batch = found.results.slice(found.next, found.next + size);
      found.next += batch.length;
      var byChecker = new Map();
      batch.forEach(function (r) {
        r.checks.forEach(function (c) {
          if (!byChecker.has(c)) byChecker.set(c, []);
          byChecker.get(c).push(r.id);
        });
      });
      return Promise.all(Array.from(byChecker, function (kv) { return kv[0].prepare(kv[1]); })).then(function () {
        batch.forEach(function (r) {
          if (r.checks.every(function (c) { return c.matches(r.id); })) found.verified.push(r);
        });
        if (found.next >= found.results.length) found.complete = true;
        return step();
      });
    }
    found.queue = found.queue.then(step);
    return found.queue;
  }

  /* The number of results, or null while phrases are still to be checked. */
  function totalOf(found) {
    return found.complete ? found.verified.length : null;
  }

  // ---- Rendering ----------------------------------------------------------

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function matcher(found) {
    var keys = new Set(found.keys);
    var terms = found.terms;
    return function (token) {
      if (keys.has(token) || keys.has(stem(token))) return true;
      for (var i = 0; i < terms.length; i++) {
        if (token === terms[i] || (charCount(terms[i]) >= meta.min_prefix && token.startsWith(terms[i]))) return true;
      }
      return false;
    };
  }

  /* HTML of `text` with matched words in <mark>, from `from` to `to`. */
  function highlight(text, tokens, from, to, isMatch) {
    var out = "";
    var at = from;
    var marked = new Set();
    tokens.forEach(function (t) {
      if (t.start >= from && t.end <= to && !marked.has(t.start) && isMatch(t.text)) {
        marked.add(t.start);
        out += escapeHtml(text.slice(at, t.start)) + "<mark>" + escapeHtml(text.slice(t.start, t.end)) + "</mark>";
        at = t.end;
      }
    });
    return out + escapeHtml(text.slice(at, to));
  }

  var SNIPPET_BEFORE = 8;
  var SNIPPET_AFTER = 22;
  var SNIPPET_SCAN_CHARS = 20000;

  /* A highlighted passage around the densest cluster of matched words. */
  function snippet(doc, isMatch) {
    var texts = [doc.s || "", (doc.b || "").slice(0, SNIPPET_SCAN_CHARS)];
    for (var n = 0; n < texts.length; n++) {
      var text = texts[n];
      var tokens = tokenize(text, stopwords).filter(function (t) { return !t.joined; });
      var best = -1;
      var bestCount = 0;
      for (var i = 0; i < tokens.length; i++) {
        if (!isMatch(tokens[i].text)) continue;
        var seen = new Set();
        for (var x = Math.max(0, i - SNIPPET_BEFORE); x < Math.min(tokens.length, i + SNIPPET_AFTER); x++) {
          if (isMatch(tokens[x].text)) seen.add(tokens[x].text);
        }
        if (seen.size > bestCount) {
          best = i;
          bestCount = seen.size;
        }
      }
      if (best >= 0) {
        var first = Math.max(0, best - SNIPPET_BEFORE);
        var last = Math.min(tokens.length - 1, best + SNIPPET_AFTER);
        var from = first === 0 ? 0 : tokens[first].start;
        var to = last === tokens.length - 1 ? text.length : tokens[last].end;
        return (from > 0 ? "\u2026 " : "") + highlight(text, tokens, from, to, isMatch) + (to < text.length ? " \u2026" : "");
      }
    }
    var fallback = doc.s || (doc.b || "").slice(0, 200);
    return escapeHtml(fallback);
  }

  function kindLabel(kind) {
    return { brief: "Brief", actor: "Actor", event: "Event", source: "Source" }[kind] || kind;
  }

  /* Entry data ready to show: {id, url, kind, titleHtml, snippetHtml, date}. */
  function present(found, from, count) {
    var isMatch = matcher(found);
    var slice;
    return verifyUpTo(found, from + count).then(function () {
      slice = found.verified.slice(from, from + count);
      return Promise.all(slice.map(function (r) { return documentOf(r.id); }));
    }).then(function (docs) {
      return docs.map(function (doc, i) {
        var titleTokens = tokenize(doc.t, stopwords);
        return {
          id: slice[i].id,
          url: doc.u,
          kind: meta.kinds[doc.k],
          date: doc.d,
          titleHtml: highlight(doc.t, titleTokens, 0, doc.t.length, isMatch),
          snippetHtml: snippet(doc, isMatch)
        };
      });
    });
  }

  function resultHtml(item, root, tag, attrs) {
    return "<" + tag + attrs + ' href="' + escapeHtml(root + item.url) + '">' +
      '<span class="search-kind search-kind-' + escapeHtml(item.kind) + '">' + escapeHtml(kindLabel(item.kind)) + "</span> " +
      '<span class="search-title">' + item.titleHtml + "</span>" +
      (item.date ? ' <span class="search-date">' + escapeHtml(item.date) + "</span>" : "") +
      '<span class="search-snippet">' + item.snippetHtml + "</span></" + tag + ">";
  }

  // ---- The search box on every page (combobox) ----------------------------

  var DROPDOWN_RESULTS = 8;

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function reportError(err) {
    // Surfaces a broken index to whoever opens the console; the UI says so too.
    console.warn("briefbook search:", err && err.message ? err.message : err);
  }

  function initHeader(form) {
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector(".site-search-results");
    if (!input || !list) return;
    var root = form.getAttribute("data-root") || "";
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");

    var active = -1;
    var generation = 0;

    function options() {
      return list.querySelectorAll("[role=option]");
    }
    function setOpen(open) {
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) setActive(-1);
    }
    function setActive(n) {
      var opts = options();
      active = n;
      opts.forEach(function (o, i) {
        o.setAttribute("aria-selected", i === n ? "true" : "false");
        o.classList.toggle("is-active", i === n);
      });
      if (n >= 0 && opts[n]) {
        input.setAttribute("aria-activedescendant", opts[n].id);
        if (opts[n].scrollIntoView) opts[n].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    var run = debounce(function () {
      var q = input.value;
      var mine = ++generation;
      var started = performance.now();
      if (!q.trim()) {
        list.innerHTML = "";
        status.textContent = "";
        setOpen(false);
        return;
      }
      var typed = typedAt;
      withFreshIndex(function () {
        return search(q).then(function (found) {
          return present(found, 0, DROPDOWN_RESULTS).then(function (items) {
            return { found: found, items: items };
          });
        });
      }).then(function (r) {
        if (mine !== generation) return;
        var items = r.items;
        // Null while a phrase is checked only as far as the results shown.
        var total = totalOf(r.found);
        var all = root + "search.html?q=" + encodeURIComponent(q);
        var html = items.map(function (item, i) {
          return resultHtml(item, root, "a", ' role="option" id="site-search-option-' + i + '" class="search-result" aria-selected="false"');
        }).join("");
        if (!items.length) html = '<p class="search-empty">No results for \u201c' + escapeHtml(q) + "\u201d.</p>";
        html += '<a role="option" id="site-search-option-all" class="search-all" aria-selected="false" href="' + escapeHtml(all) + '">' +
          (total === null ? "All results" : total > items.length ? "All " + total + " results" : "Search page with filters") + " \u2192</a>";
        list.innerHTML = html;
        status.textContent = total === null ? "More than " + items.length + " results" : total === 1 ? "1 result" : total + " results";
        setActive(-1);
        setOpen(document.activeElement === input);
        var now = performance.now();
        api.stats = { query: q, ms: now - started, msFromInput: now - typed, results: total === null ? -1 : total, scripts: stats.scripts };
        form.setAttribute("data-search-done", q);
      }).catch(function (err) {
        if (mine !== generation) return;
        reportError(err);
        list.innerHTML = '<p class="search-empty">Search is unavailable: its index could not be loaded.</p>';
        setOpen(true);
      });
    }, 40);

    var typedAt = 0;
    input.addEventListener("input", function () {
      typedAt = performance.now();
      prefetch(input.value);
      run();
    });
    form.addEventListener("pointerenter", function () {
      loadMeta().catch(reportError);
    });
    input.addEventListener("focus", function () {
      loadMeta().catch(reportError);
      if (input.value.trim() && list.innerHTML) setOpen(true);
    });
    input.addEventListener("keydown", function (e) {
      var opts = options();
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (list.hidden && opts.length) setOpen(true);
        if (opts.length) setActive(active + 1 >= opts.length ? 0 : active + 1);
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        if (opts.length) setActive(active <= 0 ? opts.length - 1 : active - 1);
      } else if (e.key === "Enter") {
        if (active >= 0 && opts[active] && !list.hidden) {
          e.preventDefault();
          window.location.href = opts[active].href;
        }
      } else if (e.key === "Escape") {
        if (!list.hidden) {
          e.preventDefault();
          setOpen(false);
        } else if (input.value) {
          input.value = "";
          run();
        }
      }
    });
    list.addEventListener("mousedown", function (e) {
      // Keep focus in the box so the click reaches the link.
      e.preventDefault();
    });
    document.addEventListener("click", function (e) {
      if (!form.contains(e.target)) setOpen(false);
    });
  }

  // ---- The search page ------------------------------------------------------

  var PAGE_RESULTS = 20;

  function readParams() {
    var params = new URLSearchParams(window.location.search);
    return {
      q: params.get("q") || "",
      kind: params.get("kind") || "",
      topic: params.get("topic") || "",
      actor: params.get("actor") || "",
      from: params.get("from") || "",
      to: params.get("to") || ""
    };
  }

  function initPage(form) {
    var input = form.querySelector("#search-page-input");
    var results = document.getElementById("search-page-results");
    var status = document.getElementById("search-page-status");
    var more = document.getElementById("search-page-more");
    var fields = ["kind", "topic", "actor", "from", "to"];
    form.hidden = false;
    var params = readParams();
    input.value = params.q;
    fields.forEach(function (f) {
      if (form.elements[f]) form.elements[f].value = params[f];
    });
    var generation = 0;
    var current = null;
    var shown = 0;

    function filters() {
      var out = {};
      fields.forEach(function (f) {
        out[f] = form.elements[f] ? form.elements[f].value : "";
      });
      return out;
    }
    function remember(q, f) {
      var params = new URLSearchParams();
      if (q) params.set("q", q);
      fields.forEach(function (k) {
        if (f[k]) params.set(k, f[k]);
      });
      var query = params.toString();
      try {
        history.replaceState(null, "", query ? "?" + query : window.location.pathname);
      } catch (_) {
        // Some browsers refuse history changes on file://; the results stay.
      }
    }
    function itemsHtml(items) {
      return items.map(function (item) {
        return "<li>" + resultHtml(item, "", "a", ' class="search-result"') + "</li>";
      }).join("");
    }
    function showStatus(found) {
      var total = totalOf(found);
      status.textContent = total === null ? "Counting the results\u2026" : total === 0 ? "No results." : total === 1 ? "1 result" : total + " results";
      more.hidden = total !== null && shown >= total;
    }
    function showMore(found, mine) {
      return present(found, shown, PAGE_RESULTS).then(function (items) {
        if (mine !== generation) return;
        results.insertAdjacentHTML("beforeend", itemsHtml(items));
        shown += items.length;
        showStatus(found);
      });
    }
    var run = debounce(function () {
      var q = input.value;
      var f = filters();
      var mine = ++generation;
      var started = performance.now();
      remember(q, f);
      if (!q.trim() && !hasFilters(f)) {
        results.innerHTML = "";
        status.textContent = "Type to search the briefs, actors, events and sources.";
        more.hidden = true;
        return;
      }
      withFreshIndex(function () {
        return search(q, f).then(function (found) {
          return present(found, 0, PAGE_RESULTS).then(function (items) {
            return { found: found, items: items };
          });
        });
      }).then(function (r) {
        if (mine !== generation) return;
        var found = r.found;
        current = found;
        results.innerHTML = itemsHtml(r.items);
        shown = r.items.length;
        showStatus(found);
        var total = totalOf(found);
        api.stats = { query: q, ms: performance.now() - started, results: total === null ? -1 : total, scripts: stats.scripts };
        form.setAttribute("data-search-done", q + "|" + fields.map(function (k) { return f[k]; }).join("|"));
        // A phrase was checked as far as the first page: count the rest.
        if (total === null) {
          verifyUpTo(found, Infinity).then(function () {
            if (mine === generation) showStatus(found);
          }).catch(reportError);
        }
      }).catch(function (err) {
        reportError(err);
        status.textContent = "Search is unavailable: its index could not be loaded.";
      });
    }, 40);

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      run();
    });
    input.addEventListener("input", function () {
      prefetch(input.value);
      run();
    });
    fields.forEach(function (f) {
      if (!form.elements[f]) return;
      form.elements[f].addEventListener("change", run);
      form.elements[f].addEventListener("input", run);
    });
    more.addEventListener("click", function () {
      if (current) showMore(current, generation).catch(reportError);
    });
    run();
  }

  // ---- Wiring ---------------------------------------------------------------

  function isEditable(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  function init() {
    siteRoot();
    document.querySelectorAll("form.site-search").forEach(initHeader);
    var page = document.getElementById("search-page-form");
    if (page) initPage(page);
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || isEditable(document.activeElement)) return;
      var target = document.getElementById("search-page-input") || document.getElementById("site-search-input");
      if (target) {
        e.preventDefault();
        target.focus();
        target.select();
      }
    });
  }

  var api = {
    add: add,
    search: search,
    stats: null,
    fold: fold,
    tokenize: tokenize,
    stem: stem,
    decodeVarints: decodeVarints
  };

  if (typeof document !== "undefined") {
    window.briefbookSearch = api;
    init();
  } else if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
  }
})();
