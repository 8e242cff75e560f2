// Every HTML page of the built site is valid HTML by the Nu Html Checker
// (npm `vnu-jar`, run on the machine's Java): an outside judge of the
// markup, so a template or renderer change that breaks it cannot land
// unseen. Errors only; the checker's warnings are advice.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { siteDir, htmlFiles } from "./support.mjs";

const run = promisify(execFile);
const vnuJar = path.resolve("node_modules/vnu-jar/build/dist/vnu.jar");

// One JVM start costs about a second; one run over the whole site would
// make a huge command line on a site of thousands of pages.
const BATCH = 200;

/** The checker's messages for `files`. It exits 1 when it finds errors and
 * still prints its JSON report on stderr. */
async function check(files) {
  let stderr;
  try {
    ({ stderr } = await run("java", ["-jar", vnuJar, "--format", "json", "--errors-only", ...files], {
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (e) {
    if (e.code === "ENOENT") throw new Error("java not found: scripts/browser-test installs default-jre-headless");
    stderr = e.stderr;
  }
  return JSON.parse(stderr).messages;
}

test("the Nu Html Checker finds no error on any page of the site", { timeout: 600_000 }, async () => {
  const files = htmlFiles();
  assert.ok(files.length > 10, `the site has pages (${files.length})`);
  const problems = [];
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = files.slice(i, i + BATCH).map((f) => path.join(siteDir, f));
    for (const m of await check(batch)) {
      const page = m.url?.startsWith("file:") ? path.relative(siteDir, fileURLToPath(m.url)) : m.url;
      problems.push(`${page}:${m.lastLine ?? "?"}:${m.firstColumn ?? "?"}: ${m.message} [${(m.extract || "").trim()}]`);
    }
  }
  assert.deepEqual(problems, [], `${problems.length} HTML errors:\n${problems.join("\n")}`);
});

test("the checker itself reports an invalid page", { timeout: 120_000 }, async () => {
  // Guards the gate: a checker that reported nothing whatever it was given
  // would pass every site.
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(path.join(tmpdir(), "vnu-"));
  const bad = path.join(dir, "bad.html");
  writeFileSync(
    bad,
    '<!doctype html><html lang="en"><title>x</title><time datetime="2025-04..2026-01">x</time>' +
      '<label for="a" aria-label="y">1</label><input id="a" type="checkbox">',
  );
  const messages = await check([bad]);
  assert.equal(messages.length, 2, JSON.stringify(messages));
});
