/*
 * briefbook search, part 4 of 6: matching and ranking.
 *
 * Role: answer a query with the entries that match every clause and the
 * filters, ranked; check phrases (their words side by side) in rank order,
 * only as far as the results shown need.
 *
 * Invariant: scores use the weights meta.js gives (src/search/rank.rs), so
 * that the order is the one the index was built for.
 */
(function (bs) {
  "use strict";

  var index = bs.index;
  var load = index.load;
  var loadMeta = index.loadMeta;
  var nthVersion = index.nthVersion;
  var decodeAscending = index.decodeAscending;
  var postingsOf = index.postingsOf;
  var phraseChecker = index.phraseChecker;
  var parseQuery = bs.query.parseQuery;
  var resolveTerm = bs.query.resolveTerm;

  function fieldScore(mask, count) {
    var score = 0;
    for (var bit = 0; bit < 5; bit++) {
      if (mask & (1 << bit)) {
        score += (1 << bit) === 8 ? index.meta.rank.fields[bit] * (1 + Math.log(Math.max(count, 1))) : index.meta.rank.fields[bit];
      }
    }
    return score;
  }

  function idf(df) {
    return Math.log(1 + index.meta.documents / Math.max(df, 1));
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
    function facet(prefix, list, n) {
      if (n < 0 || !list[n]) return Promise.resolve(new Set());
      return load("f", prefix + n, "f/" + prefix + n, nthVersion(index.meta.files[prefix], n)).then(function (s) {
        return new Set(decodeAscending(s));
      });
    }
    var kind = filters.kind ? index.meta.kinds.indexOf(filters.kind) : null;
    if (kind !== null) wanted.push(facet("k", index.meta.facets.k, kind));
    var topic = filters.topic ? index.meta.topics.findIndex(function (t) { return t[0] === filters.topic; }) : null;
    if (topic !== null) wanted.push(facet("t", index.meta.facets.t, topic));
    var actor = filters.actor ? index.meta.actors.findIndex(function (a) { return a[0] === filters.actor; }) : null;
    if (actor !== null) wanted.push(facet("a", index.meta.facets.a, actor));
    if (filters.from || filters.to) {
      wanted.push(load("dates", 0, "dates", index.meta.files.dates).then(function (dates) {
        var lo = index.meta.dated_from;
        var hi = index.meta.documents - 1;
        if (filters.from) {
          var first = dates.find(function (d) { return d[0] >= filters.from; });
          lo = first ? first[1] : index.meta.documents;
        }
        if (filters.to) {
          var after = dates.find(function (d) { return d[0] > filters.to; });
          hi = after ? after[1] - 1 : index.meta.documents - 1;
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

  bs.rank = {
    search: search,
    hasFilters: hasFilters,
    verifyUpTo: verifyUpTo,
    totalOf: totalOf
  };
})(globalThis.briefbookSearch || (globalThis.briefbookSearch = {}));
