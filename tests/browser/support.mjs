// Shared by the browser tests and the search benchmark: a static file server
// on 127.0.0.1 for the built site, and Debian's headless Chromium driven by
// playwright-core (never a browser downloaded by playwright).
import http from "node:http";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

export const siteDir = path.resolve(process.env.BRIEFBOOK_SITE || "site");

/** The default theme's folder in this checkout. */
export const themeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../themes/default");

/** The search scripts base.html loads, in its order (static/search.js
 * last): read from the template, so that a test that runs them runs what
 * the pages run. */
export function searchScripts() {
  const base = readFileSync(path.join(themeDir, "templates/base.html"), "utf8");
  return [...base.matchAll(/<script src="\{\{ root \}\}static\/(search[\w-]*\.js)\?/g)].map((m) => m[1]);
}

/** Every HTML file of the site, relative to it, with `/` separators, sorted. */
export function htmlFiles(root = siteDir) {
  return readdirSync(root, { recursive: true })
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => f.endsWith(".html"))
    .sort();
}

/** The first entry page of a kind, e.g. `briefs/x.html`. */
function firstOf(folder) {
  const name = readdirSync(path.join(siteDir, folder))
    .filter((f) => f.endsWith(".html") && f !== "index.html")
    .sort()[0];
  if (!name) throw new Error(`site has no ${folder}`);
  return `${folder}/${name}`;
}

/** The first source page that publishes its text (the source reader), if
 * any: the shipped briefing publishes none (its sources are under
 * copyright), a site built with `publish_text` does. */
function firstReader() {
  const name = readdirSync(path.join(siteDir, "sources"))
    .filter((f) => f.endsWith(".html") && f !== "index.html")
    .sort()
    .find((f) => readFileSync(path.join(siteDir, "sources", f), "utf8").includes('<section class="reader"'));
  return name ? { reader: `sources/${name}` } : {};
}

/** Pages only some builds have: the source reader, and the internal
 * edition's coverage page for editors. */
function optionalPages() {
  const coverage = existsSync(path.join(siteDir, "coverage.html")) ? { coverage: "coverage.html" } : {};
  return { ...firstReader(), ...coverage };
}

/** One page of each type the site has, by name. */
export const pageTypes = () => ({
  ...optionalPages(),
  home: "index.html",
  brief: firstOf("briefs"),
  actor: firstOf("actors"),
  event: firstOf("events"),
  source: firstOf("sources"),
  briefs: "briefs/index.html",
  actors: "actors/index.html",
  events: "events/index.html",
  sources: "sources/index.html",
  timeline: "timeline.html",
  network: "network.html",
  search: "search.html",
  notfound: "404.html",
  print: "print.html",
  changes: "changes.html",
});

export const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

// The machine may have no network: keep Chromium from trying to reach one.
export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

/** Serves `root` on 127.0.0.1 at a random port. `sent` counts the bytes of
 * each path served, for the benchmark. */
export async function serve(root) {
  const sent = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(root, path.normalize(rel).replace(/^(\.\.[/\\])+/, ""));
    let body;
    try {
      body = file.startsWith(root) && statSync(file).isFile() ? readFileSync(file) : null;
    } catch {
      body = null;
    }
    if (!body) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    sent.set(rel, (sent.get(rel) || 0) + body.length);
    res.writeHead(200, {
      "content-type": types[path.extname(file)] || "application/octet-stream",
      "content-length": body.length,
      "cache-control": "no-store",
    });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    base: `http://127.0.0.1:${port}/`,
    sent,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export function fileBase(root) {
  return pathToFileURL(root + path.sep).href;
}

export function launch() {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/** A page that records console errors, uncaught exceptions, CSP violations,
 * failed requests (a missing file over file://, an HTTP error status) and
 * requests that leave `base`. */
export async function watchedPage(context, base) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() !== "error" && m.type() !== "warning") return;
    // Chromium asks an http server for /favicon.ico on its own; a site with
    // no favicon answers 404, which says nothing about the page.
    if (new URL(m.location().url || "about:blank", "http://x/").pathname === "/favicon.ico") return;
    problems.push(`console ${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => {
    if (!r.url().startsWith(base)) problems.push(`request outside the site: ${r.url()}`);
  });
  page.on("requestfailed", (r) => {
    // A reload or navigation cancels what is still loading (serve's event
    // stream, for one): ERR_ABORTED says nothing about the site. A missing
    // file is ERR_FILE_NOT_FOUND over file:// and an error status over http.
    if (r.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname !== "/favicon.ico") {
      problems.push(`HTTP ${r.status()}: ${r.url()}`);
    }
  });
  // Injected by the driver, not by the page, so the policy does not apply.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
  return { page, problems };
}

/** Types `q` into the header box and waits for its results. */
export async function typeInHeader(page, q) {
  await page.fill("#site-search-input", q);
  await page.waitForFunction(
    (q) => document.querySelector("form.site-search").getAttribute("data-search-done") === q,
    q,
  );
}
