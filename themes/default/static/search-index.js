/*
 * briefbook search, part 2 of 6: loading the index.
 *
 * Role: load the files src/search/ wrote under search/ as a query needs
 * them, and decode them: the lexicon, postings and positions shards, the
 * entries to show, the facets.
 *
 * Invariants:
 * - Index files are scripts added with <script src> and calling
 *   briefbookSearch.add(kind, key, data): no fetch, so it works from file://
 *   as over http, under Content-Security-Policy default-src 'self'.
 * - decodeVarints is src/search/encode.rs's decode.
 * - A query loads only the shards of its words (see src/search/mod.rs).
 * - Every file but meta.js is asked for as FILE.js?v=VERSION, the version
 *   meta.js lists for it (a hash of its content), and every file says which
 *   version it is: only files of the index meta.js describes are used (a
 *   cached copy of another build's file has another URL), and a meta.js
 *   older than a file it meets is reloaded past any cache (StaleIndex). A
 *   rebuild changes the versions of the files it changes only, so a reader's
 *   cache keeps the others. Files already loaded keep answering from the
 *   index they belong to until a query needs a file of a newer one.
 * - index.meta and index.stopwords are those of the meta.js loaded last
 *   (meta is null until it is, and again after a reset): the other parts
 *   read them from here each time, never keep a copy.
 */
(function (bs) {
  "use strict";

  var index = (bs.index = {
    meta: null,
    stopwords: new Set(),
    // The index files loaded so far, reported with each query's timing.
    stats: { scripts: 0 }
  });

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
          index.stats.scripts++;
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
  var documentsFrom = [];
  // Set when a file of a newer build was met: meta.js is then asked for with
  // a query no cache has seen.
  var metaQuery = "";
  var reloads = 0;

  function loadMeta() {
    if (!metaPromise) {
      metaPromise = load("meta", 0, "meta", null, metaQuery).then(function (m) {
        index.meta = m;
        index.stopwords = new Set(m.stopwords);
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
    index.meta = null;
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
    return load("l", n, "l/" + n, nthVersion(index.meta.files.l, n));
  }

  var postingsCache = new Map();

  /* Postings of a key: {ids, masks, counts}, or null if it is not indexed. */
  function postingsOf(key) {
    if (postingsCache.has(key)) return postingsCache.get(key);
    var n = shardOf(index.meta.postings, key);
    var promise = n < 0 ? Promise.resolve(null) : load("p", n, "p/" + n, nthVersion(index.meta.files.p, n)).then(function (shard) {
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
    var w = index.meta.positions_order;
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
    var n = shardOf(index.meta.positions, key);
    var file = n + "-" + c;
    return n < 0 ? Promise.resolve({}) : load("x", file, "x/" + file, nthVersion(index.meta.files.x[n], c));
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
        var end = Math.min(postings.ids.length, (c + 1) * index.meta.positions_chunk);
        for (var i = c * index.meta.positions_chunk; i < end; i++) {
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
    var rankOf = lists.map(function (p) { return positionsOrder(p).rankOf; });
    function chunkOf(t, id) {
      return Math.floor(rankOf[t].get(id) / index.meta.positions_chunk);
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
    return load("d", lo, "d/" + lo, nthVersion(index.meta.files.d, lo)).then(function (docs) {
      return docs[id - documentsFrom[lo]];
    });
  }

  index.decodeVarints = decodeVarints;
  index.decodeAscending = decodeAscending;
  index.siteRoot = siteRoot;
  index.add = add;
  index.load = load;
  index.nthVersion = nthVersion;
  index.loadMeta = loadMeta;
  index.withFreshIndex = withFreshIndex;
  index.shardOf = shardOf;
  index.shardsFor = shardsFor;
  index.compare = compare;
  index.lexiconShard = lexiconShard;
  index.postingsOf = postingsOf;
  index.positionsFile = positionsFile;
  index.phraseChecker = phraseChecker;
  index.documentOf = documentOf;
})(globalThis.briefbookSearch || (globalThis.briefbookSearch = {}));
