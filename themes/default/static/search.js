/*
 * briefbook search: the search box on every page and the search page.
 *
 * Role: read the index that src/search/ wrote under search/, answer queries
 * in the browser, and show ranked results with highlighted snippets.
 *
 * Six classic scripts (ES modules do not load from file://) that base.html
 * loads in order, deferred, sharing the object window.briefbookSearch: each
 * part adds its functions under its name and takes what it needs from the
 * parts before it.
 *
 *   search-text.js     text: words, tokens, fold, stem (as src/search/)
 *   search-index.js    index: loading and decoding the index files
 *   search-query.js    query: clauses, the lexicon keys a word matches
 *   search-rank.js     rank: matching, ranking, phrases checked
 *   search-results.js  results: HTML of the results, snippets
 *   search.js          this file: the search box and the search page
 *
 * Invariants:
 * - No inline style or script is ever written (CSP default-src 'self').
 * - This file sets what index files and tests use (add, search, stats,
 *   fold, tokenize, stem, decodeVarints): a site's own static/search.js
 *   that does everything itself still replaces it all.
 */(function (bs) {
  "use strict";

  var PARTS = ["text", "index", "query", "rank", "results"];
  var missing = PARTS.filter(function (part) { return !bs[part]; });
  if (missing.length) {
    // A template of the site's own that loads search.js alone.
    console.error("briefbook search: load static/search-" + missing.join(".js, static/search-") +
      ".js before static/search.js, in that order (see the theme's base.html)");
    return;
  }

  var index = bs.index;
  var stats = index.stats;
  var siteRoot = index.siteRoot;
  var loadMeta = index.loadMeta;
  var withFreshIndex = index.withFreshIndex;
  var prefetch = bs.query.prefetch;
  var search = bs.rank.search;
  var hasFilters = bs.rank.hasFilters;
  var verifyUpTo = bs.rank.verifyUpTo;
  var totalOf = bs.rank.totalOf;
  var present = bs.results.present;
  var resultHtml = bs.results.resultHtml;
  var escapeHtml = bs.results.escapeHtml;

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

  // What index files call (add) and what tests and benchmarks read.
  var api = bs;
  api.add = index.add;
  api.search = search;
  api.stats = null;
  api.fold = bs.text.fold;
  api.tokenize = bs.text.tokenize;
  api.stem = bs.text.stem;
  api.decodeVarints = index.decodeVarints;

  if (typeof document !== "undefined") init();
})(globalThis.briefbookSearch || (globalThis.briefbookSearch = {}));
