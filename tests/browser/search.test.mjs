// Search as a reader uses it: typing into the built site's search box and
// search page, over http from 127.0.0.1 and from file://, under the site's
// Content-Security-Policy. Set BRIEFBOOK_SITE to test another build.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { siteDir, serve, fileBase, launch, watchedPage, typeInHeader, searchScripts, themeDir } from "./support.mjs";

// The binary the rebuild test runs (scripts/browser-test builds it).
const binary = path.resolve(process.env.BRIEFBOOK_BIN || "target/release/briefbook");

function headerResults(page) {
  return page.$$eval("#site-search-results .search-result", (els) =>
    els.map((e) => ({
      href: e.getAttribute("href"),
      kind: e.querySelector(".search-kind").textContent,
      title: e.querySelector(".search-title").textContent,
      date: e.querySelector(".search-date")?.textContent ?? "",
      marks: [...e.querySelectorAll("mark")].map((m) => m.textContent),
    })),
  );
}

const pageResults = (page) =>
  page.$$eval("#search-page-results .search-result", (els) =>
    els.map((e) => ({
      href: e.getAttribute("href"),
      kind: e.querySelector(".search-kind").textContent,
      date: e.querySelector(".search-date")?.textContent ?? "",
      marks: [...e.querySelectorAll("mark")].map((m) => m.textContent),
    })),
  );

/** Waits until the search page has answered for this query and filters. */
function pageSettled(page, q, f = {}) {
  const want = [q, f.kind, f.topic, f.actor, f.from, f.to].map((v) => v || "").join("|");
  return page.waitForFunction(
    (want) => document.getElementById("search-page-form").getAttribute("data-search-done") === want,
    want,
  );
}

for (const mode of ["http", "file"]) {
  describe(`search over ${mode}`, () => {
    let browser;
    let server;
    let base;
    let context;

    before(async () => {
      browser = await launch();
      if (mode === "http") {
        server = await serve(siteDir);
        base = server.base;
      } else {
        base = fileBase(siteDir);
      }
      context = await browser.newContext();
    });

    after(async () => {
      await context?.close();
      await browser?.close();
      await server?.close();
    });

    /** Opens a page of the site; the returned check() fails on any console
     * error, CSP violation or request leaving the site. */
    async function open(rel) {
      const { page, problems } = await watchedPage(context, base);
      await page.goto(base + rel);
      return {
        page,
        check: async () => {
          await page.close();
          assert.deepEqual(problems, [], "no console error, CSP violation or outside request");
        },
      };
    }

    test("a name typed without accents finds the accented name, title first", async () => {
      const { page, check } = await open("briefs/extraditions-and-transfers.html");
      await typeInHeader(page, "garcia harfuch");
      const results = await headerResults(page);
      assert.equal(results[0].href, "../actors/omar-garcia-harfuch.html");
      assert.equal(results[0].kind, "Actor");
      assert.ok(results[0].marks.includes("García"), JSON.stringify(results[0]));
      assert.ok(results.length > 3);
      for (const r of results) assert.ok(r.marks.length > 0, `highlighted: ${r.title}`);
      await check();
    });

    test("the accented name finds the same entries", async () => {
      const { page, check } = await open("index.html");
      await typeInHeader(page, "garcia harfuch");
      const plain = (await headerResults(page)).map((r) => r.href);
      await typeInHeader(page, "GARCÍA Harfuch");
      assert.deepEqual((await headerResults(page)).map((r) => r.href), plain);
      await check();
    });

    test("results update as each letter is typed", async () => {
      const { page, check } = await open("index.html");
      await page.locator("#site-search-input").pressSequentially("sheinb", { delay: 30 });
      await page.waitForFunction(() => document.querySelector("form.site-search").getAttribute("data-search-done") === "sheinb");
      const results = await headerResults(page);
      assert.equal(results[0].href, "actors/claudia-sheinbaum.html");
      assert.ok(results.every((r) => r.marks.some((m) => /^sheinbaum/i.test(m))));
      await check();
    });

    test("the start of a word finds the whole word and its inflections", async () => {
      const { page, check } = await open("index.html");
      await typeInHeader(page, "extrad");
      const results = await headerResults(page);
      assert.match(results[0].title, /Extraditions/);
      const marked = results.flatMap((r) => r.marks.map((m) => m.toLowerCase()));
      assert.ok(marked.includes("extradition") && marked.includes("extraditions"), marked.join(","));
      await check();
    });

    test("an inflection the site never wrote is found through its stem", async () => {
      const { page, check } = await open("index.html");
      await typeInHeader(page, "extraditing");
      assert.ok((await headerResults(page)).some((r) => r.href === "briefs/extraditions-and-transfers.html"));
      await check();
    });

    test("a quoted phrase matches its words in order only", async () => {
      const { page, check } = await open("index.html");
      await typeInHeader(page, '"Caro Quintero"');
      const results = await headerResults(page);
      assert.equal(results[0].href, "actors/rafael-caro-quintero.html");
      await typeInHeader(page, '"Quintero Caro"');
      assert.deepEqual(await headerResults(page), []);
      assert.match(await page.textContent("#site-search-results"), /No results/);
      await check();
    });

    test("numbers are found as written, thousands separators or not", async () => {
      const { page, check } = await open("index.html");
      await typeInHeader(page, "37");
      let results = await headerResults(page);
      assert.match(results[0].title, /\b37\b/);
      assert.ok(results.every((r) => r.marks.includes("37")));
      await typeInHeader(page, "29");
      assert.match((await headerResults(page))[0].title, /\b29\b/);
      await typeInHeader(page, "92");
      assert.ok((await headerResults(page)).some((r) => r.marks.includes("92")));
      await typeInHeader(page, "10,000");
      results = await headerResults(page);
      assert.match(results[0].title, /10,000/);
      assert.ok(results[0].marks.includes("10,000"));
      await typeInHeader(page, "10000");
      assert.equal((await headerResults(page))[0].href, results[0].href);
      await check();
    });

    test("a hyphenated name is found whole", async () => {
      const { page, check } = await open("index.html");
      await typeInHeader(page, "MS-13");
      const results = await headerResults(page);
      assert.equal(results[0].href, "actors/ms-13.html");
      assert.ok(results[0].marks.includes("MS-13"), JSON.stringify(results[0]));
      await check();
    });

    test("Spanish names are kept intact, with or without accents", async () => {
      const { page, check } = await open("index.html");
      await typeInHeader(page, "Lopez Obrador");
      assert.equal((await headerResults(page))[0].href, "actors/andres-manuel-lopez-obrador.html");
      await typeInHeader(page, "Guzmán");
      const results = await headerResults(page);
      assert.ok(results.some((r) => r.href === "actors/joaquin-guzman-loera.html"));
      assert.ok(results.every((r) => r.marks.some((m) => m.startsWith("Guzm"))));
      await check();
    });

    test("every result says what kind of entry it is", async () => {
      const { page, check } = await open("index.html");
      await typeInHeader(page, "sinaloa");
      const kinds = new Set((await headerResults(page)).map((r) => r.kind));
      assert.ok([...kinds].every((k) => ["Brief", "Actor", "Event", "Source"].includes(k)), [...kinds].join());
      assert.ok(kinds.size >= 2);
      await check();
    });

    test("the keyboard alone reaches a result: / focuses, arrows move, Enter opens", async () => {
      const { page, check } = await open("timeline.html");
      const input = page.locator("#site-search-input");
      await page.locator("body").press("/");
      assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input");
      assert.equal(await input.getAttribute("role"), "combobox");
      assert.equal(await page.getAttribute("#site-search-results", "role"), "listbox");
      await page.keyboard.type("garcia harfuch");
      await page.waitForFunction(() => document.querySelector("form.site-search").getAttribute("data-search-done") === "garcia harfuch");
      assert.equal(await input.getAttribute("aria-expanded"), "true");
      assert.match(await page.textContent(".site-search [role=status]"), /\d+ results?/);
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      assert.equal(await input.getAttribute("aria-activedescendant"), "site-search-option-1");
      await page.keyboard.press("ArrowUp");
      assert.equal(await input.getAttribute("aria-activedescendant"), "site-search-option-0");
      assert.equal(await page.getAttribute("#site-search-option-0", "aria-selected"), "true");
      await page.keyboard.press("Escape");
      assert.equal(await input.getAttribute("aria-expanded"), "false");
      assert.equal(await page.isHidden("#site-search-results"), true);
      await page.keyboard.press("ArrowDown");
      assert.equal(await input.getAttribute("aria-activedescendant"), "site-search-option-0");
      await Promise.all([page.waitForURL(/actors\/omar-garcia-harfuch\.html$/), page.keyboard.press("Enter")]);
      await check();
    });

    test("Enter without a chosen result opens the search page with the query", async () => {
      const { page, check } = await open("briefs/index.html");
      await typeInHeader(page, "tariff");
      await Promise.all([page.waitForURL(/search\.html\?q=tariff$/), page.keyboard.press("Enter")]);
      await pageSettled(page, "tariff");
      assert.equal(await page.inputValue("#search-page-input"), "tariff");
      assert.ok((await pageResults(page)).length > 3);
      await check();
    });

    test("the search page filters by kind", async () => {
      const { page, check } = await open("search.html?q=garcia");
      await pageSettled(page, "garcia");
      const all = await pageResults(page);
      assert.ok(new Set(all.map((r) => r.kind)).size > 1);
      await page.selectOption("#search-filter-kind", "actor");
      await pageSettled(page, "garcia", { kind: "actor" });
      const actors = await pageResults(page);
      assert.ok(actors.length > 0 && actors.length < all.length);
      assert.ok(actors.every((r) => r.kind === "Actor"));
      await check();
    });

    test("the search page filters by topic", async () => {
      const { page, check } = await open("search.html?q=mexico&topic=tariffs");
      await pageSettled(page, "mexico", { topic: "tariffs" });
      assert.equal(await page.inputValue("#search-filter-topic"), "tariffs");
      const hrefs = (await pageResults(page)).map((r) => r.href);
      assert.ok(hrefs.includes("briefs/tariff-negotiations.html"), hrefs.join());
      assert.ok(!hrefs.includes("briefs/extraditions-and-transfers.html"));
      await check();
    });

    test("the search page filters by actor, even with no words typed", async () => {
      const { page, check } = await open("search.html");
      await page.selectOption("#search-filter-actor", "omar-garcia-harfuch");
      await pageSettled(page, "", { actor: "omar-garcia-harfuch" });
      const hrefs = (await pageResults(page)).map((r) => r.href);
      assert.ok(hrefs.includes("events/2025-02-mexican-ministers-talks-in-washington.html"), hrefs.join());
      assert.ok(!hrefs.includes("events/1848-cession-of-territory.html"));
      await check();
    });

    test("each filter's label stands on the same line as its control, on a phone and a desktop", async () => {
      for (const width of [390, 1280]) {
        const sized = await browser.newContext({ viewport: { width, height: 900 } });
        const { page, problems } = await watchedPage(sized, base);
        await page.goto(base + "search.html");
        const pairs = await page.$$eval(".search-filters label", (labels) =>
          labels.map((l) => {
            const box = (e) => {
              const { top, bottom, left, right } = e.getBoundingClientRect();
              return { top, bottom, left, right };
            };
            return { name: l.textContent, label: box(l), control: box(document.getElementById(l.htmlFor)) };
          }),
        );
        assert.equal(pairs.length, 5, "kind, topic, actor, from, to");
        for (const { name, label, control } of pairs) {
          const middle = (label.top + label.bottom) / 2;
          assert.ok(
            middle > control.top && middle < control.bottom && label.right <= control.left,
            `${name} at ${width}px: label ${JSON.stringify(label)}, control ${JSON.stringify(control)}`,
          );
        }
        assert.deepEqual(problems, []);
        await sized.close();
      }
    });

    test("a result's date is never broken across lines, on the search page and in the header, on a phone", async () => {
      for (const width of [320, 390]) {
        const sized = await browser.newContext({ viewport: { width, height: 900 } });
        const { page, problems } = await watchedPage(sized, base);
        await page.goto(base + "search.html?q=transfer");
        await pageSettled(page, "transfer");
        await typeInHeader(page, "sheinbaum");
        const dates = await page.$$eval(".search-date", (els) =>
          els.map((e) => ({ text: e.textContent, lines: e.getClientRects().length })),
        );
        assert.ok(dates.length > 5, `${width}px: only ${dates.length} dated results`);
        const broken = dates.filter((d) => d.lines !== 1);
        assert.deepEqual(broken, [], `${width}px: dates on more than one line`);
        assert.deepEqual(problems, []);
        await sized.close();
      }
    });

    test("the search page filters by date range", async () => {
      const { page, check } = await open("search.html?q=prisoners");
      await pageSettled(page, "prisoners");
      const all = await pageResults(page);
      await page.fill("#search-filter-from", "2025-02-01");
      await page.fill("#search-filter-to", "2025-02-28");
      await pageSettled(page, "prisoners", { from: "2025-02-01", to: "2025-02-28" });
      const february = await pageResults(page);
      assert.ok(february.length > 0 && february.length < all.length);
      assert.ok(february.every((r) => r.date.startsWith("2025-02")), february.map((r) => r.date).join());
      await check();
    });

    test("a page opened without JavaScript says search needs it and links to the indexes", async () => {
      const noJs = await browser.newContext({ javaScriptEnabled: false });
      const page = await noJs.newPage();
      await page.goto(base + "search.html?q=garcia");
      const message = page.locator(".search-nojs");
      assert.ok(await message.isVisible());
      assert.match(await message.textContent(), /Search needs JavaScript/);
      const links = await message.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      assert.deepEqual(links, ["briefs/index.html", "actors/index.html", "events/index.html", "sources/index.html", "timeline.html"]);
      assert.equal(await page.isHidden("#search-page-form"), true);
      await noJs.close();
    });
  });
}

describe("search after a rebuild", () => {
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

  test("index files are asked for with the versions meta.js lists for them", async () => {
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context, server.base);
    const asked = [];
    page.on("request", (r) => asked.push(new URL(r.url())));
    await page.goto(server.base + "index.html");
    await typeInHeader(page, "garcia harfuch");
    const index = asked.filter((u) => u.pathname.startsWith("/search/"));
    const meta = index.filter((u) => u.pathname === "/search/meta.js");
    assert.equal(meta.length, 1);
    assert.equal(meta[0].search, "");
    const files = index.filter((u) => u !== meta[0]);
    assert.ok(files.length >= 3, files.join());
    for (const u of files) {
      // Each file's own version: the one at the end of the file itself.
      const text = readFileSync(path.join(siteDir, u.pathname));
      const own = String(text).match(/,"([0-9a-v]{5})"\);\n$/)[1];
      assert.equal(u.searchParams.get("v"), own, u.pathname);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });

  // A browser may keep meta.js of the previous build in its cache while the
  // server has the new files: the first file of the new build it meets says
  // so, and meta.js is asked for again, past the cache.
  test("a stale meta.js is noticed and reloaded, and the query answered", async () => {
    const context = await browser.newContext();
    const { page } = await watchedPage(context, server.base);
    const metaAsked = [];
    await page.route("**/search/meta.js*", async (route) => {
      const url = new URL(route.request().url());
      metaAsked.push(url.search);
      const response = await route.fetch();
      let body = await response.text();
      // The meta.js of an older index: every lexicon shard it lists has
      // another version than the files on the server.
      if (url.search === "") body = body.replace(/"l":"([0-9a-v]*)"/, (_, l) => `"l":"${"0".repeat(l.length)}"`);
      await route.fulfill({ response, body });
    });
    await page.goto(server.base + "index.html");
    await typeInHeader(page, "garcia harfuch");
    const results = await headerResults(page);
    assert.equal(results[0].href, "actors/omar-garcia-harfuch.html");
    assert.equal(metaAsked.length, 2);
    assert.equal(metaAsked[0], "");
    assert.match(metaAsked[1], /^\?r=[0-9a-z]+-\d+$/);
    await context.close();
  });

  // The preview rebuilds while a page is open: the page holds the meta.js of
  // the index before the edit (its search box was focused), the server the
  // index after it. A word only the new index has is found, from the new
  // index's files: the first file asked for with the old meta.js's version
  // says it is another, and meta.js is reloaded. And the edit changed a few
  // of the index files, not all. (Files a page already loaded keep answering
  // from the index they belong to, never mixed with another's.)
  test("a page that loaded meta.js before a rebuild answers from the rebuilt index", async () => {
    const project = mkdtempSync(path.join(os.tmpdir(), "briefbook-search-rebuild-"));
    const out = path.join(project, "site");
    const build = () => {
      const r = spawnSync(binary, ["build", "--root", project, "-o", out, "--archive", path.resolve("../shared/seeds"), "-q"], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
    };
    const indexFiles = () => {
      const files = new Map();
      const walk = (dir) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else files.set(path.relative(out, p), String(readFileSync(p)));
        }
      };
      walk(path.join(out, "search"));
      return files;
    };
    for (const part of ["content", "themes", "briefbook.toml"]) cpSync(part, path.join(project, part), { recursive: true });
    build();
    const before = indexFiles();
    const rebuilt = await serve(out);
    const context = await browser.newContext();
    try {
      const { page, problems } = await watchedPage(context, rebuilt.base);
      const metaAsked = [];
      page.on("request", (r) => {
        const url = new URL(r.url());
        if (url.pathname === "/search/meta.js") metaAsked.push(url.search);
      });
      await page.goto(rebuilt.base + "index.html");
      const metaLoaded = page.waitForResponse((r) => new URL(r.url()).pathname === "/search/meta.js");
      await page.focus("#site-search-input");
      await metaLoaded;
      assert.deepEqual(metaAsked, [""]);

      const brief = path.join(project, "content/briefs/extraditions-and-transfers.md");
      writeFileSync(brief, readFileSync(brief, "utf8") + "\nA zanzibarite paragraph added by the editor.\n");
      build();
      const after = indexFiles();
      const changed = [...after.keys()].filter((p) => before.get(p) !== after.get(p));
      assert.ok(changed.includes("search/meta.js"), changed.join());
      assert.ok(changed.length < after.size / 2, `${changed.length} of ${after.size} index files changed`);

      await typeInHeader(page, "zanzibarite");
      const results = await headerResults(page);
      assert.deepEqual(results.map((r) => r.href), ["briefs/extraditions-and-transfers.html"]);
      assert.equal(metaAsked.length, 2, metaAsked.join());
      assert.match(metaAsked[1], /^\?r=/);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
      await rebuilt.close();
      rmSync(project, { recursive: true, force: true });
    }
  });
});

// search.js is six scripts (base.html loads them in order); a site that
// overrides the theme's files must still get a working search box or be
// told what is missing.
describe("a site's own search scripts", () => {
  let browser;

  before(async () => {
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
  });

  /** Builds a copy of the briefing with `files` (path under the project ->
   * text) added, serves it and opens its home page. */
  async function openProjectWith(files) {
    const project = mkdtempSync(path.join(os.tmpdir(), "briefbook-search-own-"));
    for (const part of ["content", "themes", "briefbook.toml"]) cpSync(part, path.join(project, part), { recursive: true });
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(project, rel)), { recursive: true });
      writeFileSync(path.join(project, rel), text);
    }
    const out = path.join(project, "site");
    const r = spawnSync(binary, ["build", "--root", project, "-o", out, "--archive", path.resolve("../shared/seeds"), "-q"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const server = await serve(out);
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context, server.base);
    await page.goto(server.base + "index.html");
    const close = async () => {
      await context.close();
      await server.close();
      rmSync(project, { recursive: true, force: true });
    };
    return { page, problems, close };
  }

  // A site's static/search.js that does everything itself, as the theme's
  // did in one file before it was split (here: the parts run together),
  // answers; the parts base.html loads beside it are left unused.
  test("a static/search.js of the site's own that does everything answers", async () => {
    const parts = searchScripts().map((name) => readFileSync(path.join(themeDir, "static", name), "utf8"));
    const own = parts.join("\n") + "\nwindow.briefbookSearch.own = true;\n";
    const { page, problems, close } = await openProjectWith({ "static/search.js": own });
    try {
      await typeInHeader(page, "garcia harfuch");
      const results = await headerResults(page);
      assert.equal(results[0].href, "actors/omar-garcia-harfuch.html");
      assert.equal(await page.evaluate(() => window.briefbookSearch.own), true);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  // A site's own base.html written for the theme before the split loads
  // search.js alone: the console says which files to add.
  test("a base.html that loads search.js alone is told which parts it lacks", async () => {
    const base = readFileSync(path.join(themeDir, "templates/base.html"), "utf8")
      .split("\n")
      .filter((line) => !/static\/search-[\w]+\.js/.test(line))
      .join("\n");
    const { page, problems, close } = await openProjectWith({ "templates/base.html": base });
    try {
      await page.waitForLoadState("load");
      assert.deepEqual(problems.map((p) => p.replace(/ \(http[^)]*\)$/, "")), [
        "console error: briefbook search: load static/search-text.js, static/search-index.js, static/search-query.js, " +
          "static/search-rank.js, static/search-results.js before static/search.js, in that order (see the theme's base.html)",
      ]);
      // The box is left as the HTML has it: a plain form to search.html.
      assert.equal(await page.getAttribute("#site-search-input", "role"), null);
    } finally {
      await close();
    }
  });
});
