// briefbook's small progressive enhancements. Every page works without it.
// - Citation and preview cards stay inside the viewport, open on first tap
//   on touch screens (a second tap follows the link), close with Escape.
// - The timeline's topic and actor filters.
// - Live reload while `briefbook serve` runs, and a panel listing the
//   errors of a failed rebuild.
(function () {
  "use strict";

  // Keeps a card inside the viewport: centred over its link where there is
  // room, shifted sideways near an edge, and below the link near the top.
  // (Styles set through the CSSOM are allowed by the CSP.)
  function placeCard(card) {
    var link = card.previousElementSibling || card.parentElement;
    card.style.top = "";
    card.style.bottom = "";
    card.style.transform = "none";
    card.style.left = "0px";
    var origin = card.getBoundingClientRect();
    if (!origin.width) return;
    // A link that wraps over two lines has several boxes; centre on the last.
    var boxes = link.getClientRects();
    var h = boxes.length ? boxes[boxes.length - 1] : link.getBoundingClientRect();
    var margin = 8;
    var want = h.left + h.width / 2 - origin.width / 2;
    var left = Math.max(margin, Math.min(want, window.innerWidth - origin.width - margin));
    card.style.left = (left - origin.left) + "px";
    if (origin.top < margin) {
      card.style.bottom = "auto";
      card.style.top = "1.6em";
    }
  }

  function setupCards() {
    var holders = document.querySelectorAll(".cite, .xref-wrap");
    holders.forEach(function (holder) {
      var card = holder.querySelector(".card");
      var link = holder.querySelector("a");
      if (!card || !link) return;
      holder.addEventListener("mouseenter", function () { placeCard(card); });
      // Focus is already on the link when this runs, so the card is shown
      // (by :focus-within) and can be measured.
      link.addEventListener("focus", function () { placeCard(card); });
      link.addEventListener("touchend", function (ev) {
        if (!card.classList.contains("is-open")) {
          ev.preventDefault();
          document.querySelectorAll(".card.is-open").forEach(function (c) { c.classList.remove("is-open"); });
          card.classList.add("is-open");
          placeCard(card);
          link.focus();
        }
      });
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") {
        document.querySelectorAll(".card.is-open").forEach(function (c) { c.classList.remove("is-open"); });
      }
    });
    document.addEventListener("touchstart", function (ev) {
      if (!ev.target.closest || !ev.target.closest(".cite, .xref-wrap")) {
        document.querySelectorAll(".card.is-open").forEach(function (c) { c.classList.remove("is-open"); });
      }
    }, { passive: true });
  }

  function setupTimelineFilters() {
    var form = document.getElementById("timeline-filters");
    if (!form) return;
    form.hidden = false;
    var selects = form.querySelectorAll("select[data-filter]");
    var count = document.getElementById("filter-count");
    var params = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var v = params.get(s.getAttribute("data-filter").replace(/s$/, ""));
      if (v) s.value = v;
    });
    function apply() {
      var shown = 0;
      document.querySelectorAll(".tl-event").forEach(function (li) {
        var ok = true;
        selects.forEach(function (s) {
          if (s.value && (" " + li.getAttribute("data-" + s.getAttribute("data-filter")) + " ").indexOf(" " + s.value + " ") < 0) ok = false;
        });
        li.hidden = !ok;
        if (ok) shown++;
      });
      document.querySelectorAll(".timeline-page .month").forEach(function (m) {
        m.hidden = !m.querySelector(".tl-event:not([hidden])");
      });
      document.querySelectorAll(".timeline-page .year").forEach(function (y) {
        y.hidden = !y.querySelector(".tl-event:not([hidden])");
      });
      if (count) count.textContent = shown + " event" + (shown === 1 ? "" : "s") + " shown";
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    apply();
  }

  // Live reload, only on pages built by `briefbook serve`: the server
  // pushes "reload" after a good rebuild and "errors" (a JSON list) after a
  // failed one, also right away to a page opened while the build is failing.
  function setupLiveReload() {
    if (!document.querySelector("meta[name=briefbook-live-reload]")) return;
    if (!window.EventSource) return;
    var events = new EventSource("/__briefbook/events");
    events.addEventListener("reload", function () {
      events.close();
      location.reload();
    });
    events.addEventListener("errors", function (e) {
      var errors;
      try {
        errors = JSON.parse(e.data);
      } catch (err) {
        return;
      }
      showBuildErrors(errors);
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    // textContent only: messages quote the editor's own files.
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A fixed panel over the page listing every error of the failed rebuild;
  // the page under it is the last good build. Replaced by the next "errors"
  // event, gone with the reload that a good rebuild sends.
  function showBuildErrors(errors) {
    var old = document.getElementById("bb-build-errors");
    if (old) old.remove();
    var panel = el("section", "bb-build-errors");
    panel.id = "bb-build-errors";
    panel.setAttribute("role", "alertdialog");
    panel.setAttribute("aria-labelledby", "bb-build-errors-title");
    panel.setAttribute("aria-describedby", "bb-build-errors-note");
    panel.tabIndex = -1;
    var n = errors.length;
    var title = el("h2", null, "The rebuild failed: " + n + (n === 1 ? " error" : " errors"));
    title.id = "bb-build-errors-title";
    panel.appendChild(title);
    var note = el("p", "bb-build-errors-note",
      "This page shows the last good build. Fix the file and save: the page reloads by itself.");
    note.id = "bb-build-errors-note";
    panel.appendChild(note);
    var list = el("ol", "bb-build-errors-list");
    errors.forEach(function (d) {
      var item = el("li");
      var place = d.file + (d.line ? ":" + d.line + ":" + d.column : "");
      item.appendChild(el("code", "bb-error-place", place));
      item.appendChild(el("p", "bb-error-message", (d.code ? d.code + " " : "") + d.message));
      if (d.hint) item.appendChild(el("p", "bb-error-hint", "hint: " + d.hint));
      list.appendChild(item);
    });
    panel.appendChild(list);
    var hide = el("button", "bb-build-errors-hide", "Hide");
    hide.type = "button";
    function close() {
      panel.remove();
      document.removeEventListener("keydown", onKey);
    }
    function onKey(e) {
      if (e.key === "Escape") close();
    }
    hide.addEventListener("click", close);
    document.addEventListener("keydown", onKey);
    panel.appendChild(hide);
    document.body.appendChild(panel);
    panel.focus({ preventScroll: true });
  }

  function init() {
    setupCards();
    setupTimelineFilters();
    setupLiveReload();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
