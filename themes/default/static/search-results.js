/*
 * briefbook search, part 5 of 6: showing results.
 *
 * Role: turn ranked results into what a reader sees: each entry's kind,
 * title and date, and a snippet around the words that matched, in <mark>.
 *
 * Invariant: every text from the index is escaped before it is put in
 * HTML, and no inline style or script is ever written (the pages' CSP is
 * default-src 'self').
 */
(function (bs) {
  "use strict";

  var tokenize = bs.text.tokenize;
  var stem = bs.text.stem;
  var charCount = bs.text.charCount;
  var index = bs.index;
  var documentOf = index.documentOf;
  var verifyUpTo = bs.rank.verifyUpTo;

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
        if (token === terms[i] || (charCount(terms[i]) >= index.meta.min_prefix && token.startsWith(terms[i]))) return true;
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
      var tokens = tokenize(text, index.stopwords).filter(function (t) { return !t.joined; });
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
        var titleTokens = tokenize(doc.t, index.stopwords);
        return {
          id: slice[i].id,
          url: doc.u,
          kind: index.meta.kinds[doc.k],
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

  bs.results = {
    escapeHtml: escapeHtml,
    present: present,
    resultHtml: resultHtml
  };
})(globalThis.briefbookSearch || (globalThis.briefbookSearch = {}));
