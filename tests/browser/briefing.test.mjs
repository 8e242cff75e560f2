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

/** In every group of citation numbers on the page, the glyphs left to
 * right: the brackets (drawn by ::before and ::after, so measured from the
 * group's edges), each number and each comma, as [label, left, right];
 * and the centres of the numbers' link boxes. */
async function citationGlyphs(page) {
  return page.evaluate(() => {
    const rect = (node, from, to) => {
      const range = document.createRange();
      range.setStart(node, from);
      range.setEnd(node, to);
      return range.getBoundingClientRect();
    };
    const width = (el, text) => {
      const ctx = document.createElement("canvas").getContext("2d");
      const s = getComputedStyle(el);
      ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      return ctx.measureText(text).width;
    };
    const groups = [];
    for (const sup of document.querySelectorAll("sup.cites")) {
      if (!sup.querySelector(".cite-sep") || !sup.getClientRects().length) continue;
      const glyphs = [];
      const box = sup.getBoundingClientRect();
      const open = getComputedStyle(sup, "::before").content;
      if (open !== "none") glyphs.push(["[", box.left, box.left + width(sup, "[")]);
      for (const el of sup.querySelectorAll(".cite-ref, .cite-sep")) {
        const text = el.firstChild;
        const t = text.textContent;
        // The separator's comma alone: its space is meant to be covered.
        const r = rect(text, 0, el.classList.contains("cite-sep") ? t.indexOf(",") + 1 : t.length);
        glyphs.push([t.trim(), r.left, r.right]);
      }
      if (open !== "none") glyphs.push(["]", box.right - width(sup, "]"), box.right]);
      const centres = [...sup.querySelectorAll(".cite-ref")].map((a) => {
        const r = a.getBoundingClientRect();
        return (r.left + r.right) / 2;
      });
      groups.push({ glyphs, centres });
    }
    return groups;
  });
}

test("grouped citation numbers never run into their commas or brackets, on screen and on paper", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pages = readdirSync(path.join(siteDir, "briefs"))
    .filter((f) => f !== "index.html")
    .map((f) => "briefs/" + f)
    .concat(["print.html"]);
  let twoDigits = 0;
  for (const media of ["screen", "print"]) {
    await page.emulateMedia({ media });
    for (const rel of pages) {
      await page.goto(fileBase(siteDir) + rel);
      for (const { glyphs, centres } of await citationGlyphs(page)) {
        const label = `${rel} (${media}): ${glyphs.map((g) => g[0]).join(" ")}`;
        twoDigits += glyphs.some((g) => /^\d\d+$/.test(g[0]));
        for (let i = 1; i < glyphs.length; i++) {
          const [a, , aRight] = glyphs[i - 1];
          const [b, bLeft] = glyphs[i];
          assert.ok(bLeft >= aRight - 0.25, `${label}: "${b}" overlaps "${a}" by ${(aRight - bLeft).toFixed(2)}px`);
        }
        if (media === "screen") {
          // WCAG 2.2 target size: neighbouring numbers' centres 24px apart.
          for (let i = 1; i < centres.length; i++) {
            assert.ok(centres[i] - centres[i - 1] >= 24, `${label}: centres ${centres[i] - centres[i - 1]}px apart`);
          }
        }
      }
    }
  }
  assert.ok(twoDigits > 0, "the briefing has a group with a two-digit number to test");
  await context.close();
});

test("a tap anywhere in a citation number's 24px box opens it, not only on its digits, and on no other link; its focus style frames the digits", async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
  const page = await context.newPage();
  let checked = 0;
  for (const rel of readdirSync(path.join(siteDir, "briefs")).filter((f) => f !== "index.html")) {
    await page.goto(fileBase(siteDir) + "briefs/" + rel);
    const misses = await page.evaluate(() => {
      const out = [];
      let checked = 0;
      for (const a of document.querySelectorAll("a.cite-ref")) {
        if (!a.getClientRects().length) continue;
        a.scrollIntoView({ block: "center" });
        const digits = document.createRange();
        digits.selectNodeContents(a);
        const d = digits.getBoundingClientRect();
        const box = a.getBoundingClientRect();
        const x = (d.left + d.right) / 2;
        const y = (d.top + d.bottom) / 2;
        // The box's left and right edges, and 11px above and below the
        // digits' middle: a 24px target around them.
        const probes = { left: [box.left + 1, y], right: [box.right - 1, y], above: [x, y - 11], below: [x, y + 11] };
        checked++;
        // The focus style (a background and an outline around the box)
        // must frame the digits, not draw a bar through them.
        if (box.top > d.top + 3 || box.bottom < d.bottom - 3) {
          out.push(`${a.textContent}: its box (${box.top.toFixed(1)} to ${box.bottom.toFixed(1)}) does not frame its digits (${d.top.toFixed(1)} to ${d.bottom.toFixed(1)})`);
        }
        for (const [where, [px, py]] of Object.entries(probes)) {
          const hit = document.elementFromPoint(px, py);
          if (hit !== a && !a.contains(hit)) {
            out.push(`${a.textContent} (${where}): ${hit?.tagName}.${hit?.className}, box ${box.width.toFixed(1)}x${box.height.toFixed(1)}`);
          }
        }
      }
      // Nor does the target reach over a link on the line above or below.
      for (const link of document.querySelectorAll("a:not(.cite-ref)")) {
        if (!link.getClientRects().length) continue;
        link.scrollIntoView({ block: "center" });
        for (const r of link.getClientRects()) {
          const edges = [[r.left + 1, r.top + 2], [r.right - 1, r.top + 2], [r.left + 1, r.bottom - 2], [r.right - 1, r.bottom - 2]];
          for (const [px, py] of edges) {
            const hit = document.elementFromPoint(px, py)?.closest(".cite-ref");
            if (hit) out.push(`"${link.textContent.slice(0, 40)}" is covered by citation ${hit.textContent}`);
          }
        }
      }
      return { out, checked };
    });
    checked += misses.checked;
    assert.deepEqual(misses.out, [], `briefs/${rel}`);
  }
  assert.ok(checked > 100, `only ${checked} citation numbers were checked`);
  await context.close();
});

test("a citation never starts a line: it stays with the word before it, at phone and desktop widths", async () => {
  const pages = ["briefs", "actors", "events"].flatMap((folder) =>
    readdirSync(path.join(siteDir, folder))
      .filter((f) => f !== "index.html")
      .map((f) => `${folder}/${f}`),
  );
  let checked = 0;
  for (const width of [320, 390, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    for (const rel of pages) {
      await page.goto(fileBase(siteDir) + rel);
      const apart = await page.evaluate(() => {
        const out = [];
        let checked = 0;
        for (const sup of document.querySelectorAll("main sup.cites")) {
          const marks = sup.getClientRects();
          const before = sup.previousSibling;
          if (!marks.length || !before) continue;
          // The last glyph before the marks: a word's last letter (past
          // the no-break space) or the end of a name's link.
          let last;
          if (before.nodeType === Node.TEXT_NODE) {
            const text = before.textContent.replace(/[\s\u00a0]+$/, "");
            if (!text || /\n[\s\u00a0]*$/.test(before.textContent)) continue;
            const range = document.createRange();
            range.setStart(before, text.length - 1);
            range.setEnd(before, text.length);
            last = range.getBoundingClientRect();
          } else {
            const rects = before.getClientRects();
            if (!rects.length) continue;
            last = rects[rects.length - 1];
          }
          checked++;
          const first = marks[0];
          if (first.top >= last.bottom || first.bottom <= last.top) {
            const word = (before.textContent.trim().split(/\s+/).pop() || "").slice(-30);
            const numbers = [...sup.querySelectorAll(".cite-ref")].map((a) => a.textContent).join(", ");
            out.push(`"${word}" ends a line and its citation [${numbers}] starts the next`);
          }
        }
        return { out, checked };
      });
      checked += apart.checked;
      assert.deepEqual(apart.out, [], `${rel} at ${width}px`);
    }
    await context.close();
  }
  assert.ok(checked > 500, `only ${checked} citations were checked`);
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
