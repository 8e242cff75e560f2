// Search budget benchmark: for each query, a fresh browser context opens the
// site's index.html, types the query into the header box and waits for the
// results. Reports the bytes of search/ files served for that first query
// (meta.js included) and the time from the query running (after the 40 ms
// typing pause) to the results being on screen. Not a test: run it by hand.
//
//   node tests/browser/bench-search.mjs SITE_DIR [query ...]
import path from "node:path";
import { serve, launch, typeInHeader } from "./support.mjs";

const site = path.resolve(process.argv[2] || "site");
const queries = process.argv.length > 3 ? process.argv.slice(3) : [
  "garcia", "García Harfuch", "extrad", "sheinbaum tariffs", "37", "10,000", '"mass transfers"', "security", "sec", "MS-13",
];
const runs = 5;
// BENCH_FOCUS_FIRST=1: focus the box 300 ms before the query arrives.
const focusFirst = process.env.BENCH_FOCUS_FIRST === "1";

const server = await serve(site);
const browser = await launch();
const rows = [];
for (const q of queries) {
  const bytes = [];
  const times = [];
  const warm = [];
  let results = 0;
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.base + "index.html");
    server.sent.clear();
    if (focusFirst) {
      // The reader presses / (or clicks the box), which loads meta.js, and
      // starts typing a moment later.
      await page.keyboard.press("/");
      await page.waitForTimeout(300);
    }
    await typeInHeader(page, q);
    const stats = await page.evaluate(() => window.briefbookSearch.stats);
    let total = 0;
    for (const [p, n] of server.sent) if (p.startsWith("/search/")) total += n;
    bytes.push(total);
    times.push(stats.ms);
    results = stats.results;
    // The same query again, index files now loaded.
    await page.evaluate(() => document.querySelector("form.site-search").removeAttribute("data-search-done"));
    await page.fill("#site-search-input", q + " ");
    await typeInHeader(page, q);
    warm.push((await page.evaluate(() => window.briefbookSearch.stats)).ms);
    await context.close();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  rows.push({ query: q, results, kb: (bytes[0] / 1024).toFixed(1), first_ms: median(times).toFixed(1), max_first_ms: Math.max(...times).toFixed(1), warm_ms: median(warm).toFixed(1) });
}
await browser.close();
await server.close();
console.log("| query | results | index KB, first query | first query ms (median of 5) | worst of 5 | repeat ms |");
console.log("|---|---:|---:|---:|---:|---:|");
for (const r of rows) console.log(`| \`${r.query}\` | ${r.results} | ${r.kb} | ${r.first_ms} | ${r.max_first_ms} | ${r.warm_ms} |`);
