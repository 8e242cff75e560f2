// briefbook's small progressive enhancements. Every page works without it.
// - Citation and preview cards stay inside the viewport, open on first tap
//   on touch screens (a second tap follows the link), close with Escape.
// - The timeline's topic and actor filters.
// - Live reload while `briefbook serve` runs.
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

  function setupLiveReload() {
    if (!document.querySelector("meta[name=briefbook-live-reload]")) return;
    var known = null;
    function poll() {
      fetch("/__briefbook/generation", { cache: "no-store" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (g) {
          if (g === null) return;
          if (known !== null && g !== known) location.reload();
          known = g;
          setTimeout(poll, 1000);
        })
        .catch(function () {});
    }
    poll();
  }

  function init() {
    setupCards();
    setupTimelineFilters();
    setupLiveReload();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
