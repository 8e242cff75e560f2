/*
 * briefbook search, part 3 of 6: reading a query.
 *
 * Role: split what was typed into clauses (words, quoted phrases,
 * hyphenated words), find the index keys each word matches in the lexicon,
 * and start loading what a query will need while it is still being typed.
 */
(function (bs) {
  "use strict";

  var tokenize = bs.text.tokenize;
  var stem = bs.text.stem;
  var charCount = bs.text.charCount;
  var index = bs.index;
  var loadMeta = index.loadMeta;
  var shardOf = index.shardOf;
  var shardsFor = index.shardsFor;
  var compare = index.compare;
  var lexiconShard = index.lexiconShard;
  var postingsOf = index.postingsOf;
  var positionsFile = index.positionsFile;

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
      var tokens = tokenize(segments[s], index.stopwords);
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
    var own = shardOf(index.meta.lexicon, term);
    var usePrefix = allowPrefix && charCount(term) >= index.meta.min_prefix;
    var shardIds = usePrefix ? shardsFor(index.meta.lexicon, term, 6) : own >= 0 ? [own] : [];
    return Promise.all(shardIds.map(lexiconShard)).then(function (shards) {
      var keys = new Map();
      var exact = own >= 0 ? shards[shardIds.indexOf(own)] : null;
      if (exact && Object.prototype.hasOwnProperty.call(exact, term)) {
        var entry = exact[term];
        keys.set(entry[0] === 0 ? term : entry[0], index.meta.rank.exact);
      } else if (/^[a-z]+$/.test(term)) {
        // A word the site never wrote may still share a stem with one it did.
        keys.set(stem(term), index.meta.rank.exact);
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
          if (!keys.has(key)) keys.set(key, index.meta.rank.prefix);
        }
      }
      return Array.from(keys, function (kv) { return { key: kv[0], weight: kv[1] }; });
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

  bs.query = {
    parseQuery: parseQuery,
    resolveTerm: resolveTerm,
    prefetch: prefetch
  };
})(globalThis.briefbookSearch || (globalThis.briefbookSearch = {}));
