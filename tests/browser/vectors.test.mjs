// The browser's tokenizer and stemmer against the vectors the Rust index
// builder is tested with (src/search/text.rs, src/search/stem.rs): if either
// side changes alone, one of the two test suites fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";
import path from "node:path";
import { searchScripts, themeDir } from "./support.mjs";

const repo = path.resolve(themeDir, "../..");
const search = loadSearchScripts();

/** Runs the search scripts in base.html's order in a context of their own
 * with no document (so none of them starts the search box) and returns
 * briefbookSearch, what they leave behind. */
function loadSearchScripts() {
  const names = searchScripts();
  assert.equal(names.at(-1), "search.js", `base.html loads ${names.join(", ")}`);
  const context = vm.createContext({ console });
  for (const name of names) {
    const file = path.join(themeDir, "static", name);
    vm.runInContext(readFileSync(file, "utf8"), context, { filename: file });
  }
  return context.briefbookSearch;
}

function vectorLines(name) {
  return readFileSync(path.join(repo, "tests/fixtures/search", name), "utf8")
    .split("\n")
    .filter((l) => l !== "");
}

test("stems match the shared vectors", () => {
  let checked = 0;
  for (const line of vectorLines("stem-vectors.tsv")) {
    if (line.startsWith("#")) continue;
    const [word, expected] = line.split("\t");
    assert.equal(search.stem(word), expected, `stem(${word})`);
    checked++;
  }
  assert.ok(checked > 100);
});

test("tokens match the shared vectors", () => {
  let stopwords = null;
  let checked = 0;
  for (const line of vectorLines("tokenize-vectors.tsv")) {
    if (line.startsWith("#stopwords\t")) {
      stopwords = new Set(line.split("\t")[1].split(" "));
      continue;
    }
    if (line.startsWith("#")) continue;
    const [raw, expected] = line.split("\t");
    const input = raw.replaceAll("\\t", "\t").replaceAll("\\n", "\n");
    const got = search
      .tokenize(input, stopwords)
      .map((t) => `${t.joined ? "+" : ""}${t.text}@${t.position}`)
      .join(" ");
    assert.equal(got, expected, `tokenize(${JSON.stringify(input)})`);
    checked++;
  }
  assert.ok(checked >= 20);
});

test("folding removes accents and case", () => {
  assert.equal(search.fold("García"), "garcia");
  assert.equal(search.fold("PEÑA"), "pena");
});

test("varints decode what the Rust encoder writes", () => {
  // encode([0, 5, 31, 32, 1023, 1024]) in src/search/encode.rs
  // Copied into this context's Array: the scripts' have their context's.
  assert.deepEqual(Array.from(search.decodeVarints("05vB0~vBA0")), [0, 5, 31, 32, 1023, 1024]);
});
