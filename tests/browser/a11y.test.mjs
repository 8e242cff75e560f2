// Accessibility judged from outside: axe-core's WCAG 2.0, 2.1 and 2.2 A and
// AA rules on every page type, at phone and desktop width, in light and dark
// mode, and with search results on screen; and every page usable by
// keyboard with a focus a sighted reader can see.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { siteDir, serve, launch, pageTypes, typeInHeader } from "./support.mjs";

const axeSource = readFileSync(path.resolve("node_modules/axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

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

/** axe-core's violations on the page as it stands, one line per node:
 * `where: rule (impact) selector — summary`. */
async function violations(page, where) {
  // The site's CSP (`default-src 'self'`) refuses an injected script; the
  // context that runs axe bypasses it, and only that context.
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.addScriptTag({ content: axeSource });
  }
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), TAGS);
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${where}: ${v.id} (${v.impact}) ${n.target.join(" ")} — ${n.failureSummary.split("\n")[1]?.trim() ?? v.help}`),
  );
}

describe("axe-core, WCAG 2.2 A and AA", () => {
  for (const colorScheme of ["light", "dark"]) {
    for (const width of [390, 1280]) {
      test(`every page type, ${width}px, ${colorScheme}`, { timeout: 300_000 }, async () => {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, bypassCSP: true });
        const page = await context.newPage();
        const found = [];
        for (const [name, rel] of Object.entries(pageTypes())) {
          await page.goto(server.base + rel);
          await page.waitForLoadState("load");
          found.push(...(await violations(page, `${name} (${rel})`)));
        }
        // Search results on screen: the header box's list and the search page's.
        await page.goto(server.base + pageTypes().brief);
        await typeInHeader(page, "extradition");
        found.push(...(await violations(page, "header search results")));
        await page.goto(server.base + "search.html?q=transfer");
        await page.waitForSelector("#search-page-results .search-result");
        found.push(...(await violations(page, "search page results")));
        await context.close();
        assert.deepEqual(found, [], `${found.length} violations:\n${found.join("\n")}`);
      });
    }
  }

  test("axe-core reports a violation when there is one", { timeout: 60_000 }, async () => {
    // Guards the gate: an axe that never ran would report nothing.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(server.base + "index.html");
    await page.evaluate(() => {
      const img = document.createElement("img");
      img.src = "static/favicon.svg";
      document.querySelector("main").append(img);
    });
    const found = await violations(page, "home with an image without alt");
    assert.ok(found.some((v) => v.includes("image-alt")), found.join("\n"));
    await context.close();
  });
});

describe("keyboard", () => {
  /** What shows the focus on the focused element: its outline or box
   * shadow, or, for a checkbox hidden behind its label (a sidenote's), the
   * label's or the note's. */
  const focusMark = () => {
    const el = document.activeElement;
    const shows = (e) => {
      if (!e) return false;
      const s = getComputedStyle(e);
      const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
      return outline || s.boxShadow !== "none";
    };
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
    const who = [el, label, el.nextElementSibling].find(shows);
    const cls = typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "";
    return {
      what: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${cls} "${el.textContent.trim().slice(0, 30)}"`,
      visible: who !== undefined,
      body: el === document.body,
    };
  };

  for (const width of [390, 1280]) {
    test(`Tab reaches the controls of each page type with a visible focus, ${width}px`, { timeout: 300_000 }, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const unseen = [];
      for (const [name, rel] of Object.entries(pageTypes())) {
        // The print edition is every entry's text on one page: thousands of
        // links, all styled (and focused) as on the pages checked here, and
        // each checked to land by links.test.mjs.
        if (name === "print") continue;
        await page.goto(server.base + rel);
        await page.waitForLoadState("load");
        const expected = await page.evaluate(
          () =>
            // A closed <details> hides all but its summary from Tab (the
            // source reader's lists of places), though they keep boxes.
            [...document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")].filter(
              (e) =>
                e.tabIndex >= 0 &&
                !e.disabled &&
                e.getClientRects().length > 0 &&
                !e.closest("details:not([open]) > :not(summary)"),
            ).length,
        );
        let reached = 0;
        for (let i = 0; i < expected + 20; i++) {
          await page.keyboard.press("Tab");
          const f = await page.evaluate(focusMark);
          if (f.body) break;
          reached++;
          if (!f.visible) unseen.push(`${name} (${rel}): ${f.what}`);
        }
        assert.ok(reached > 0 && reached >= expected - 5, `${name}: Tab reached ${reached} of ${expected} controls`);
      }
      await context.close();
      assert.deepEqual(unseen, [], `focus not visible on:\n${unseen.join("\n")}`);
    });
  }
});
