// Every internal link of the built site resolves: each `href` and `src` of
// every HTML page names a file in site/, and each `#anchor` an id in the
// page it points to. Read from the files, not a browser, so every page is
// checked, not one of each type.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { siteDir, htmlFiles } from "./support.mjs";

const ATTR = /\s(?:href|src)="([^"]*)"/g;
const ID = /\sid="([^"]*)"/g;

/** Ids of a page, cached. Attribute values are HTML-escaped in the file as
 * in the link, so the two compare as written. */
const idCache = new Map();
function idsOf(file) {
  if (!idCache.has(file)) {
    idCache.set(file, new Set([...readFileSync(file, "utf8").matchAll(ID)].map((m) => m[1])));
  }
  return idCache.get(file);
}

/** The broken internal links of `rel` (a page relative to `root`), as
 * `page: link (why)`. */
export function brokenLinks(root, rel) {
  const page = path.join(root, rel);
  const html = readFileSync(page, "utf8");
  const broken = [];
  for (const [, raw] of html.matchAll(ATTR)) {
    const link = raw.replaceAll("&amp;", "&");
    // Outside links (any scheme, or protocol-relative) are not ours to check.
    if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith("//")) continue;
    const [beforeHash, anchor] = link.split("#", 2);
    const target = beforeHash.split("?")[0];
    let file = page;
    if (target !== "") {
      // A link from the site's root (the 404 page uses the base URL) or
      // relative to the page: both must stay inside site/.
      file = target.startsWith("/")
        ? path.join(root, decodeURIComponent(target))
        : path.resolve(path.dirname(page), decodeURIComponent(target));
      if (file.endsWith(path.sep) || (existsSync(file) && statSync(file).isDirectory())) {
        file = path.join(file, "index.html");
      }
      if (path.relative(root, file).startsWith("..")) {
        broken.push(`${rel}: ${raw} (outside the site)`);
        continue;
      }
      if (!existsSync(file)) {
        broken.push(`${rel}: ${raw} (no such file)`);
        continue;
      }
    }
    if (anchor !== undefined && anchor !== "" && file.endsWith(".html")) {
      if (!idsOf(file).has(decodeURIComponent(anchor))) broken.push(`${rel}: ${raw} (no id "${anchor}")`);
    }
  }
  return broken;
}

test("every internal href, src and #anchor of every page resolves", () => {
  const pages = htmlFiles();
  assert.ok(pages.length > 10);
  const broken = pages.flatMap((rel) => brokenLinks(siteDir, rel));
  assert.deepEqual(broken, [], `${broken.length} broken links:\n${broken.join("\n")}`);
});

test("a broken file, anchor or escape names the page and the link", async () => {
  const { mkdtempSync, writeFileSync, mkdirSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const root = mkdtempSync(path.join(tmpdir(), "links-"));
  mkdirSync(path.join(root, "briefs"));
  writeFileSync(path.join(root, "briefs/b.html"), '<h2 id="here">x</h2>');
  writeFileSync(
    path.join(root, "index.html"),
    '<a href="briefs/b.html#here">ok</a><a href="https://example.org/x">outside</a><a href="#top">self</a>' +
      '<a href="briefs/missing.html">gone</a><a href="briefs/b.html#nowhere">anchor</a>' +
      '<img src="../../etc/passwd"><a id="top" href="static/app.js?v=1">script</a>',
  );
  assert.deepEqual(brokenLinks(root, "index.html"), [
    "index.html: briefs/missing.html (no such file)",
    'index.html: briefs/b.html#nowhere (no id "nowhere")',
    "index.html: ../../etc/passwd (outside the site)",
    "index.html: static/app.js?v=1 (no such file)",
  ]);
});
