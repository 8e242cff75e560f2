// Browser tests of the briefing's pages (not search): citation and preview
// cards by keyboard and touch, sidenotes, the timeline's filters with and
// without JavaScript, the network drawing, print styles, and every page type
// loading with no console error, failed request or CSP violation, over http
// and file://.
// Screenshots of each page type at phone and desktop width go to
// tests/browser/out/ for a person to look at.
import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { siteDir, serve, fileBase, launch, watchedPage, pageTypes } from "./support.mjs";

const outDir = path.resolve("tests/browser/out");
mkdirSync(outDir, { recursive: true });

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

for (const mode of ["http", "file"]) {
  describe(`pages over ${mode}`, () => {
    const base = () => (mode === "http" ? server.base : fileBase(siteDir));

    test("every page type loads without console errors, failed requests or CSP violations", async () => {
      for (const width of [390, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        for (const [name, rel] of Object.entries(pageTypes())) {
          // The 404 page links from the site's base URL, which only an http
          // server at the root serves.
          if (name === "notfound" && mode === "file") continue;
          const { page, problems } = await watchedPage(context, base());
          await page.goto(base() + rel);
          await page.waitForLoadState("load");
          assert.deepEqual(problems, [], `${rel} at ${width}px`);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          assert.ok(overflow <= 1, `${rel} scrolls sideways at ${width}px by ${overflow}px`);
          if (mode === "http") {
            await page.screenshot({ path: path.join(outDir, `${name}-${width}.png`), fullPage: true });
          }
          await page.close();
        }
        await context.close();
      }
    });

    test("a citation's card opens on keyboard focus and names the source and quotation", async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const { page, problems } = await watchedPage(context, base());
      await page.goto(base() + pageTypes().brief);
      const ref = page.locator(".cite-ref").first();
      const card = page.locator(".cite .card").first();
      assert.equal(await card.isVisible(), false);
      await ref.focus();
      assert.equal(await card.isVisible(), true);
      const noteId = (await ref.getAttribute("href")).slice(1);
      const note = page.locator(`#${noteId}`);
      const sourceTitle = (await note.locator("a").first().textContent()).trim();
      assert.ok((await card.textContent()).includes(sourceTitle), "card names the note's source");
      await page.keyboard.press("Enter");
      assert.ok(page.url().endsWith(`#${noteId}`), "Enter follows the reference to its note");
      assert.deepEqual(problems, []);
      await context.close();
    });

    test("cards stay inside a phone's screen, wherever their link stands", async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
      const { page, problems } = await watchedPage(context, base());
      await page.goto(base() + pageTypes().brief);
      const refs = page.locator(".cite-ref, .xref-wrap > a");
      const n = Math.min(await refs.count(), 25);
      for (let i = 0; i < n; i++) {
        const ref = refs.nth(i);
        await ref.focus();
        await page.waitForTimeout(30);
        const card = page.locator(":focus + .card");
        if (!(await card.isVisible())) continue;
        const box = await card.boundingBox();
        assert.ok(box.x >= 0 && box.x + box.width <= 391, `card ${i} inside the screen: ${JSON.stringify(box)}`);
      }
      assert.deepEqual(problems, []);
      await context.close();
    });

    test("a mention's preview card opens on focus, and a tap opens it before following", async () => {
      const context = await browser.newContext({
        viewport: { width: 390, height: 800 },
        hasTouch: true,
        isMobile: true,
      });
      const { page, problems } = await watchedPage(context, base());
      await page.goto(base() + pageTypes().brief);
      const link = page.locator(".xref-wrap > a").first();
      const card = page.locator(".xref-wrap > .card").first();
      await link.focus();
      assert.equal(await card.isVisible(), true);
      const box = await card.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 390 + 1, `card inside the phone screen: ${JSON.stringify(box)}`);
      await page.locator("h1").focus();
      const before = page.url();
      await link.tap();
      assert.equal(page.url(), before, "the first tap does not navigate");
      assert.equal(await card.isVisible(), true);
      assert.deepEqual(problems, []);
      await context.close();
    });

    test("sidenotes sit in the margin on wide screens and open inline on phones", async () => {
      for (const width of [390, 1400]) {
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        const { page } = await watchedPage(context, base());
        let found = false;
        for (const rel of readdirSync(path.join(siteDir, "briefs")).filter((f) => f !== "index.html")) {
          await page.goto(base() + "briefs/" + rel);
          if ((await page.locator(".sidenote").count()) > 0) {
            found = true;
            break;
          }
        }
        assert.ok(found, "some brief has a sidenote");
        const note = page.locator(".sidenote").first();
        if (width < 1000) {
          assert.equal(await note.isVisible(), false, "hidden until asked for on a phone");
          await page.locator(".sidenote-number").first().click();
          assert.equal(await note.isVisible(), true, "the number opens it");
        } else {
          assert.equal(await note.isVisible(), true);
          const prose = await page.locator(".prose").first().boundingBox();
          const box = await note.boundingBox();
          assert.ok(box.x >= prose.x + prose.width - 1, "the note stands right of the text");
        }
        await context.close();
      }
    });

    test("the timeline filters by topic and actor, and updates its count", async () => {
      const context = await browser.newContext();
      const { page, problems } = await watchedPage(context, base());
      await page.goto(base() + "timeline.html");
      const all = await page.locator(".tl-event").count();
      assert.ok(all > 0);
      await assert.doesNotReject(page.locator("#timeline-filters").waitFor({ state: "visible" }));
      const topic = await page.locator("#filter-topic option").nth(1).getAttribute("value");
      await page.selectOption("#filter-topic", topic);
      const shown = await page.locator(".tl-event:visible").count();
      const expected = await page.locator(`.tl-event[data-topics~="${topic}"]`).count();
      assert.equal(shown, expected);
      assert.ok(shown < all, "a topic filter hides some events");
      assert.match(await page.locator("#filter-count").textContent(), new RegExp(`^${shown} event`));
      await page.selectOption("#filter-topic", "");
      const actor = await page.locator("#filter-actor option").nth(1).getAttribute("value");
      await page.selectOption("#filter-actor", actor);
      const byActor = await page.locator(".tl-event:visible").count();
      assert.equal(byActor, await page.locator(`.tl-event[data-actors~="${actor}"]`).count());
      assert.ok(byActor > 0);
      assert.deepEqual(problems, []);
      await context.close();
    });

    test("without JavaScript the timeline shows every event and no filter form", async () => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(base() + "timeline.html");
      const all = await page.locator(".tl-event").count();
      assert.equal(await page.locator(".tl-event:visible").count(), all);
      assert.equal(await page.locator("#timeline-filters").isVisible(), false);
      await context.close();
    });

    test("the network links every drawn actor to its page", async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
      const { page, problems } = await watchedPage(context, base());
      await page.goto(base() + "network.html");
      const nodes = page.locator("svg.network a.node");
      assert.ok((await nodes.count()) > 1);
      const href = await nodes.first().getAttribute("href");
      assert.match(href, /^actors\/[a-z0-9-]+\.html$/);
      await nodes.first().click();
      await page.waitForURL(new RegExp(href.replace(/[.]/g, "\\.") + "$"));
      assert.deepEqual(problems, []);
      await context.close();
    });
  });
}

test("print hides navigation and shows sidenotes inline", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  let rel = null;
  for (const f of readdirSync(path.join(siteDir, "briefs")).filter((f) => f !== "index.html")) {
    await page.goto(fileBase(siteDir) + "briefs/" + f);
    if ((await page.locator(".sidenote").count()) > 0) {
      rel = f;
      break;
    }
  }
  assert.ok(rel);
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".site-nav").isVisible(), false);
  assert.equal(await page.locator(".site-search").isVisible(), false);
  assert.equal(await page.locator(".sidenote").first().isVisible(), true);
  assert.equal(await page.locator(".notes").isVisible(), true);
  await context.close();
});

test("a missing file is reported as a failed request, over http and file://", async () => {
  // Guards the page-type test above: it is only as good as what
  // watchedPage notices.
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const root = mkdtempSync(path.join(tmpdir(), "missing-"));
  writeFileSync(path.join(root, "index.html"), '<!doctype html><link rel="stylesheet" href="gone.css"><p>x</p>');
  const local = await serve(root);
  const context = await browser.newContext();
  for (const base of [local.base, fileBase(root)]) {
    const { page, problems } = await watchedPage(context, base);
    await page.goto(base + "index.html");
    await page.waitForLoadState("load");
    assert.ok(problems.some((p) => /gone\.css/.test(p)), `${base}: ${problems.join("\n")}`);
    await page.close();
  }
  await context.close();
  await local.close();
});
