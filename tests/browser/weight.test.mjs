// Page weight: the bytes a browser loads to show one page of each type,
// HTML, CSS and JS apart (the search index apart: it loads on a query, see
// BENCHMARKS.md "Search"), measured from the network over http, against a
// budget per type. The budgets are in BENCHMARKS.md "Page weight" with the
// figures they were set from; a page that outgrows one fails here.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { siteDir, serve, launch, pageTypes } from "./support.mjs";

// Bytes, uncompressed. Today's figures plus about 25% room for content to
// grow; a theme change that adds a script or stylesheet everywhere does not
// fit.
const BUDGET = {
  home: { html: 48_000, css: 26_000, js: 70_000 },
  brief: { html: 96_000, css: 26_000, js: 70_000 },
  actor: { html: 26_000, css: 26_000, js: 70_000 },
  event: { html: 10_000, css: 26_000, js: 70_000 },
  source: { html: 40_000, css: 26_000, js: 70_000 },
  briefs: { html: 10_000, css: 26_000, js: 70_000 },
  actors: { html: 30_000, css: 26_000, js: 70_000 },
  events: { html: 24_000, css: 26_000, js: 70_000 },
  sources: { html: 8_000, css: 26_000, js: 70_000 },
  timeline: { html: 36_000, css: 26_000, js: 70_000 },
  network: { html: 100_000, css: 26_000, js: 70_000 },
  search: { html: 12_000, css: 26_000, js: 70_000 },
  notfound: { html: 4_000, css: 26_000, js: 70_000 },
  // "What changed": a sentence when there is no previous edition.
  changes: { html: 20_000, css: 26_000, js: 70_000 },
  // A source's page with its text published (only in builds that publish
  // one): the text grows with the document.
  reader: { html: 200_000, css: 30_000, js: 70_000 },
  // The internal edition's coverage page for editors: a table.
  coverage: { html: 30_000, css: 30_000, js: 70_000 },
  // The whole briefing on one page, for paper: no scripts.
  print: { html: 730_000, css: 32_000, js: 0 },
};

let browser;
let server;
before(async () => {
  browser = await launch();
  server = await serve(siteDir);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** The bytes of each kind a fresh load of `rel` fetched. */
async function weigh(context, rel) {
  const page = await context.newPage();
  const bytes = { html: 0, css: 0, js: 0, other: 0 };
  const pending = [];
  const onResponse = (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith("/search/") || url.pathname === "/favicon.ico") return;
    const ext = url.pathname.split(".").pop();
    const kind = { html: "html", css: "css", js: "js" }[ext] ?? "other";
    pending.push(r.body().then((b) => (bytes[kind] += b.length)));
  };
  page.on("response", onResponse);
  await page.goto(server.base + rel);
  await page.waitForLoadState("networkidle");
  // Stop listening before the bodies are awaited: a response event after
  // that would read a body while the page closes (an unhandled rejection).
  page.off("response", onResponse);
  await Promise.all(pending);
  await page.close();
  return bytes;
}

test("every page type loads within its budget of HTML, CSS and JS", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const over = [];
  const report = ["| page | HTML | CSS | JS |", "|---|---:|---:|---:|"];
  for (const [name, rel] of Object.entries(pageTypes())) {
    const got = await weigh(context, rel);
    assert.ok(got.html > 0, `${rel} was weighed`);
    report.push(`| ${name} | ${got.html} | ${got.css} | ${got.js} |`);
    for (const kind of ["html", "css", "js"]) {
      if (got[kind] > BUDGET[name][kind]) over.push(`${name} (${rel}): ${kind} ${got[kind]} B > budget ${BUDGET[name][kind]} B`);
    }
  }
  await context.close();
  console.log(report.join("\n"));
  assert.deepEqual(over, [], over.join("\n"));
});
