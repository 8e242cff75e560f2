// Browser test of `briefbook serve`: live reload and the overlay of a failed
// rebuild's errors, in headless Chromium against the real binary.
//
// Runs target/release/briefbook (scripts/browser-test builds it first; set
// BRIEFBOOK_BIN to try another build) with `serve --port 0` on a copy of
// tests/fixtures/valid/basic in a temporary folder, then edits the copy as
// an editor would. Screenshots of the overlay at phone and desktop width, in
// light and dark mode, go to tests/browser/out/ for a person to look at.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { launch, watchedPage } from "./support.mjs";

const binary = path.resolve(process.env.BRIEFBOOK_BIN || "target/release/briefbook");
const fixture = path.resolve("tests/fixtures/valid/basic");
const outDir = path.resolve("tests/browser/out");
mkdirSync(outDir, { recursive: true });

const BRIEF = "content/briefs/transfers.md";
const PAGE = "briefs/transfers.html";
const EVENTS = "/__briefbook/events";

let project;
let server;
let browser;

/** Starts `briefbook serve --port 0` in `root`; resolves once it prints the
 * URL it listens on. */
function startServe(root) {
  const child = spawn(binary, ["serve", "--port", "0"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (d) => (output += d));
  const base = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${output}`)), 30000);
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
    child.stdout.on("data", (d) => {
      output += d;
      const m = output.match(/^serving (http:\/\/127\.0\.0\.1:\d+\/)/m);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return { child, base, output: () => output };
}

function edit(from, to) {
  const file = path.join(project, BRIEF);
  const text = readFileSync(file, "utf8");
  assert.ok(text.includes(from), `${BRIEF} has no ${from}`);
  writeFileSync(file, text.replace(from, to));
}

/** Waits for the page's live-reload stream to be open: a page that is not
 * listening yet would miss the change made next. */
function connected(page) {
  return page.waitForResponse((r) => new URL(r.url()).pathname === EVENTS, { timeout: 30000 });
}

/** The overlay as a reader (and a screen reader) gets it. */
function overlay(page) {
  return page.evaluate(() => {
    const panel = document.getElementById("bb-build-errors");
    if (!panel) return null;
    const style = getComputedStyle(panel);
    return {
      role: panel.getAttribute("role"),
      label: document.getElementById(panel.getAttribute("aria-labelledby"))?.textContent,
      focused: document.activeElement === panel,
      items: [...panel.querySelectorAll("li")].map((li) => li.innerText.replace(/\s+/g, " ").trim()),
      elements: [...panel.querySelectorAll("*")].map((e) => e.tagName.toLowerCase()),
      position: style.position,
      background: style.backgroundColor,
      color: style.color,
      fits: panel.getBoundingClientRect().width <= innerWidth &&
        document.documentElement.scrollWidth <= innerWidth,
    };
  });
}

before(async () => {
  project = mkdtempSync(path.join(os.tmpdir(), "briefbook-serve-"));
  cpSync(fixture, project, { recursive: true });
  server = startServe(project);
  server.base = await server.base;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.child.kill();
  if (project) rmSync(project, { recursive: true, force: true });
});

test("an edit reloads the page, a broken one shows its errors, the fix clears them", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await watchedPage(context, server.base);
  let listening = connected(page);
  await page.goto(server.base + PAGE);
  await listening;
  assert.equal(await page.textContent("h1"), "Transfers to the United States");
  // Gone when the page reloads.
  await page.evaluate(() => (window.notReloaded = true));

  listening = connected(page);
  edit("title: Transfers to the United States", "title: Transfers, revised");
  await listening;
  assert.equal(await page.evaluate(() => window.notReloaded), undefined, "the page reloaded");
  assert.equal(await page.textContent("h1"), "Transfers, revised");
  await page.evaluate(() => (window.notReloaded = true));

  // Two errors, one of them quoting markup that must show as text.
  edit("actors: [garcia-harfuch", "actors: [harfuch");
  const body = readFileSync(path.join(project, BRIEF), "utf8");
  writeFileSync(path.join(project, BRIEF), body + "\nSee [[<img src=x onerror=alert(1)>]] here.\n");
  await page.waitForSelector("#bb-build-errors", { state: "visible", timeout: 30000 });
  const shown = await overlay(page);
  assert.equal(shown.role, "alertdialog");
  assert.equal(shown.label, "The rebuild failed: 2 errors");
  assert.ok(shown.focused, "the panel takes the focus");
  assert.equal(shown.position, "fixed");
  assert.ok(shown.fits, "no sideways scrolling");
  const line = body.split("\n").length + 1;
  assert.deepEqual(shown.items, [
    "content/briefs/transfers.md:7:10 BB021 unknown actor `harfuch` hint: did you mean `garcia-harfuch`?",
    `content/briefs/transfers.md:${line}:5 BB025 link to unknown entry \`<img src=x onerror=alert(1)>\` ` +
      "hint: link to the id of a brief, actor, event or source (its file name without `.md`)",
  ]);
  assert.ok(!shown.elements.includes("img"), "the message is text, not markup");
  assert.equal(await page.evaluate(() => window.notReloaded), true, "no reload on errors");
  assert.equal(await page.textContent("h1"), "Transfers, revised", "the last good build");
  await page.screenshot({ path: path.join(outDir, "serve-errors-1280.png") });

  // Pages opened while the build is failing are shown the errors at once,
  // readable at phone width and in dark mode.
  const looks = {};
  for (const [width, colorScheme] of [[390, "light"], [390, "dark"], [1280, "dark"]]) {
    const other = await browser.newContext({ viewport: { width, height: 844 }, colorScheme });
    const { page: late, problems: lateProblems } = await watchedPage(other, server.base);
    await late.goto(server.base + PAGE);
    await late.waitForSelector("#bb-build-errors", { state: "visible", timeout: 30000 });
    const seen = await overlay(late);
    assert.equal(seen.items.length, 2);
    assert.ok(seen.fits, `no sideways scrolling at ${width} px`);
    looks[colorScheme] = seen;
    await late.screenshot({ path: path.join(outDir, `serve-errors-${width}-${colorScheme}.png`) });
    await other.close();
    assert.deepEqual(lateProblems, []);
  }
  assert.notEqual(looks.light.background, looks.dark.background, "the panel follows the colour scheme");
  assert.notEqual(looks.dark.color, looks.dark.background);

  listening = connected(page);
  writeFileSync(path.join(project, BRIEF), body.replace("actors: [harfuch", "actors: [garcia-harfuch"));
  await listening;
  assert.equal(await page.evaluate(() => window.notReloaded), undefined, "the page reloaded");
  assert.equal(await overlay(page), null, "the overlay is gone");
  assert.equal(await page.textContent("h1"), "Transfers, revised");

  await context.close();
  assert.deepEqual(problems, [], "no console errors or CSP violations");
  assert.match(server.output(), /content\/briefs\/transfers\.md:7:10: error\[BB021\]: unknown actor `harfuch`/);
});
