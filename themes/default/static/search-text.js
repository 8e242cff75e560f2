/*
 * briefbook search, part 1 of 6: the text rules (base.html loads the parts
 * in order; search.js, the last, says how they fit together).
 *
 * Role: split a text into words and tokens, fold them and stem them, for
 * queries and for the snippets that highlight what matched.
 *
 * Invariant: fold, tokenize and stem are src/search/text.rs and
 * src/search/stem.rs rule for rule; tests/fixtures/search/*-vectors.tsv are
 * checked against both (tests/browser/vectors.test.mjs runs this file).
 */
(function (bs) {
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

  bs.text = {
    fold: fold,
    charCount: charCount,
    tokenize: tokenize,
    stem: stem
  };
})(globalThis.briefbookSearch || (globalThis.briefbookSearch = {}));
