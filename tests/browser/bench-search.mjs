// Search budget benchmark: for each query, many times over and each time in a
// fresh browser context (empty cache), opens the site's index.html, presses /
// (which loads search/meta.js), waits as a reader would before typing, puts
// the query in the header box and waits for the results to be on screen.
// Over http from 127.0.0.1 and from file://. Not a test: run it by hand.
//
//   node tests/browser/bench-search.mjs SITE_DIR [query ...]
//
// Environment: BENCH_RUNS (default 15) runs per query and mode; BENCH_MODES
// (default "http file"); BENCH_PAUSE_MS (default 300) between / and the
// query, 0 to type at once.
//
// Reports, per query and mode: the bytes of search/ files the first query
// loaded (meta.js included, uncompressed), the results count, and the
// median and 95th percentile of two times: *query*, from the query running
// (after the box's 40 ms typing pause) to the results being rendered, and
// *keystroke*, from the input event to the same moment (what the reader
// waits for, the pause included). Then the same over all queries.
import path from "node:path";
import { statSync } from "node:fs";
import { serve, launch, fileBase } from "./support.mjs";

const site = path.resolve(process.argv[2] || "site");
const queries = process.argv.length > 3 ? process.argv.slice(3) : [
  "garcia", "García Harfuch", "extrad", "sheinbaum tariffs", "37", "10,000", '"mass transfers"', "security", "sec", "MS-13",
  // The worst case on the dense synthetic site: a phrase of two words found
  // in nearly every entry, checked in a few of them.
  '"prisoner transfer"', "prisoner transfer",
];
const runs = Number(process.env.BENCH_RUNS || 15);
const modes = (process.env.BENCH_MODES || "http file").split(/\s+/).filter(Boolean);
const pause = Number(process.env.BENCH_PAUSE_MS ?? 300);

const server = await serve(site);
const browser = await launch();

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
// An older search.js reports no keystroke time: shown as "–".
const ms = (x) => (Number.isFinite(x) ? x.toFixed(1) : "–");

/** The size of the site file a request URL names (its query dropped). */
function bytesOf(url, base) {
  const u = new URL(url);
  u.search = "";
  const rel = decodeURIComponent(u.href.slice(base.length));
  if (!rel.startsWith("search/")) return 0;
  try {
    return statSync(path.join(site, rel)).size;
  } catch {
    return 0;
  }
}

async function once(base, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + "index.html");
  let bytes = 0;
  page.on("requestfinished", (r) => {
    bytes += bytesOf(r.url(), base);
  });
  if (pause > 0) {
    await page.keyboard.press("/");
    await page.waitForTimeout(pause);
  }
  await page.fill("#site-search-input", q);
  await page.waitForFunction(
    (q) => document.querySelector("form.site-search").getAttribute("data-search-done") === q,
    q,
  );
  const stats = await page.evaluate(() => window.briefbookSearch.stats);
  // Let late requests (none are expected) be counted too.
  await page.waitForTimeout(50);
  await context.close();
  return { bytes, ...stats };
}

const rows = [];
const all = {};
for (const mode of modes) {
  const base = mode === "http" ? server.base : fileBase(site);
  all[mode] = { query: [], keystroke: [] };
  for (const q of queries) {
    const r = [];
    for (let i = 0; i < runs; i++) r.push(await once(base, q));
    const query = r.map((x) => x.ms);
    const keystroke = r.map((x) => x.msFromInput ?? NaN);
    all[mode].query.push(...query);
    all[mode].keystroke.push(...keystroke);
    rows.push({
      mode,
      q,
      results: r[0].results < 0 ? "> 8 (counted later)" : String(r[0].results),
      kb: (Math.max(...r.map((x) => x.bytes)) / 1024).toFixed(1),
      query: `${ms(quantile(query, 0.5))} / ${ms(quantile(query, 0.95))}`,
      keystroke: `${ms(quantile(keystroke, 0.5))} / ${ms(quantile(keystroke, 0.95))}`,
    });
  }
}
await browser.close();
await server.close();

console.log(`${runs} runs per query and mode; times are median / p95 in ms`);
console.log("| mode | query | results | index KB, first query (max) | query ms | keystroke ms |");
console.log("|---|---|---:|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.mode} | \`${r.q}\` | ${r.results} | ${r.kb} | ${r.query} | ${r.keystroke} |`);
for (const mode of modes) {
  const a = all[mode];
  console.log(
    `| ${mode} | all ${a.query.length} | | | ${ms(quantile(a.query, 0.5))} / ${ms(quantile(a.query, 0.95))} | ${ms(quantile(a.keystroke, 0.5))} / ${ms(quantile(a.keystroke, 0.95))} |`,
  );
}
