// End-to-end tests of the default book's site in a real browser (Chromium):
// what a citizen, a journalist and a screen-reader user do with it.
//
// Run by scripts/test. On its own: `npm test` in this folder, after
// `cargo build --release` in the repository (the site is built here).

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { harness } from "./harness.js";

const require = createRequire(import.meta.url);
const site = harness();

// Pages of the site in a browser; `viewport` as a second argument.
async function open(path, viewport = { width: 1280, height: 900 }, inject = false) {
  return site.open(path, { viewport, inject });
}

async function inViewport(page, id) {
  return page.evaluate((id) => {
    const box = document.getElementById(id).getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
  }, id);
}

test("a reader goes from the front page through the table of contents to chapter 9", async () => {
  const page = await open("index.html");
  await page.locator("#toc").getByRole("link", { name: "Finansiella rapporter" }).click();
  await page.waitForURL(/09-finansiella-rapporter\.html$/);
  assert.equal(await page.locator("h1").innerText(), "9. Finansiella rapporter#");
  const current = page.locator("#toc [aria-current=page]");
  assert.equal(await current.innerText(), "Finansiella rapporter");
  await page.context().close();
});

test("a deep link to a table row lands on the row, on a phone too", async () => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const page = await open("09-finansiella-rapporter.html#driftbudget.barn-och-ungdomsnamnden", viewport);
    assert.ok(await inViewport(page, "driftbudget.barn-och-ungdomsnamnden"), `row in view at ${viewport.width} px`);
    const row = await page.locator('[id="driftbudget.barn-och-ungdomsnamnden"]').innerText();
    assert.match(row, /Barn- och ungdomsnämnden\s+1\u00a0138\u00a0326/);
    await page.context().close();
  }
});

async function search(query, viewport) {
  const page = await open("search.html", viewport);
  await page.locator("#search-input").fill(query);
  await page.locator("#search-status").filter({ hasText: /\S/ }).waitFor({ timeout: 10000 });
  return page;
}

test("searching for a compound word part finds chapter 3", async () => {
  for (const query of ["fältsekreterare", "sekreterare"]) {
    const page = await search(query);
    const first = page.locator(".search-result h2 a").first();
    await first.click();
    await page.waitForURL(/03-budgetramar\.html/);
    await page.context().close();
  }
});

test("a word finds the compounds it ends: skola finds förskola and grundskola", async () => {
  const page = await search("skola");
  await page.locator(".search-result").first().waitFor({ timeout: 10000 });
  const marked = (await page.locator(".search-result mark").allInnerTexts()).map((m) => m.toLowerCase());
  assert.ok(marked.includes("förskola") && marked.includes("grundskola"), marked.join(" "));
  await page.context().close();
});

test("a result links to the section where the words are, with them marked", async () => {
  const page = await search("fria måltider", { width: 390, height: 844 });
  const first = page.locator(".search-result").first();
  assert.match(await first.locator("h2 a").getAttribute("href"), /^03-budgetramar\.html$/);
  const sections = await first.locator("ul a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  assert.ok(sections.some((href) => /^03-budgetramar\.html#[^#]+$/.test(href)), sections.join(" "));
  const marked = await first.locator("mark").allInnerTexts();
  assert.ok(marked.some((m) => /^fria$/i.test(m)) && marked.some((m) => /^måltider$/i.test(m)), marked.join(" "));
  // The address holds the query, so the search can be linked to.
  assert.match(page.url(), /search\.html\?q=fria%20m%C3%A5ltider$/);
  await page.context().close();
});

test("a search for a committee leads to its row in the operating budget", async () => {
  const page = await search("socialnämnden driftbudget");
  await page.locator(".search-result").first().waitFor({ timeout: 10000 });
  const links = await page.locator(".search-result ul a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(links.includes("09-finansiella-rapporter.html#driftbudget.socialnamnden"), links.join(" "));
  await page.locator('a[href="09-finansiella-rapporter.html#driftbudget.socialnamnden"]').first().click();
  await page.waitForURL(/#driftbudget\.socialnamnden$/);
  assert.ok(await inViewport(page, "driftbudget.socialnamnden"));
  await page.context().close();
});

test("a query finds other forms of its words, and a linked search runs at once", async () => {
  // "budgetramarna" is in no chapter; its stem "budgetram" is.
  const page = await open("search.html?q=budgetramarna");
  await page.locator(".search-result").first().waitFor({ timeout: 10000 });
  assert.match(await page.locator("#search-status").innerText(), /^\d+ sid(a|or) med träffar$/);
  await page.context().close();
  const none = await search("xyzzyqq");
  assert.equal(await none.locator("#search-status").innerText(), "Inga träffar för ”xyzzyqq”.");
  assert.equal(await none.locator(".search-result").count(), 0);
  await none.context().close();
});

test("the investment plan downloads as CSV whose rows add up to the total", async () => {
  const page = await open("09-finansiella-rapporter.html");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.locator('a[href="data/investeringsplan.csv"]').click(),
  ]);
  const text = readFileSync(await download.path(), "utf8");
  const rows = text.trim().split("\r\n").map((line) => line.split(","));
  const total = rows.find((r) => r[2] === "sum");
  for (let column = 4; column < rows[0].length; column++) {
    const sum = rows.filter((r) => r[2] === "stated").reduce((s, r) => s + Number(r[column]), 0);
    assert.equal(sum, Number(total[column]), rows[0][column]);
  }
  assert.equal(total[4], "610999");
  await page.context().close();
});

test("every page passes axe-core at WCAG 2.2 AA and best practice, light and dark", async () => {
  const axe = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
  const failures = [];
  const context = await site.browser.newContext({ bypassCSP: true });
  // Every page, and the search page with results shown. Each page is loaded
  // once and checked in every width and scheme: the markup is the same, the
  // style (and so contrast, target sizes, what is shown) is not.
  for (const file of [...site.pages(), "search.html?q=budget"]) {
    const page = await context.newPage();
    await page.goto(site.origin + "/" + file);
    if (file.includes("?q=")) await page.locator(".search-result").first().waitFor({ timeout: 10000 });
    await page.addScriptTag({ content: axe });
    for (const colorScheme of ["light", "dark"]) {
      for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme });
        const result = await page.evaluate((tags) => axe.run(document, { runOnly: { type: "tag", values: tags } }), tags);
        for (const violation of result.violations) {
          failures.push(`${file} @${viewport.width}px ${colorScheme}: ${violation.id} (${violation.nodes.length}): ${violation.nodes[0].target}`);
        }
      }
    }
    await page.close();
  }
  await context.close();
  assert.deepEqual(failures, []);
});

test("the site's own scripts and styles satisfy its Content-Security-Policy", async () => {
  for (const file of site.pages()) {
    const page = await open(file);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    assert.match(policy, /default-src 'self'/, file);
    await page.context().close();
  }
  // Search runs a script and fetches its index: the policy must allow them.
  const page = await search("budget");
  await page.locator(".search-result").first().waitFor({ timeout: 10000 });
  await page.context().close();
  assert.deepEqual(site.violations, []);
});

test("every page is valid HTML (W3C Nu checker)", () => {
  const root = site.root;
  const jar = join(require.resolve("vnu-jar/package.json"), "..", "build", "dist", "vnu.jar");
  let output;
  try {
    output = execFileSync("java", ["-jar", jar, "--errors-only", "--format", "json", ...site.pages().map((f) => join(root, f))],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (failure) {
    output = failure.stderr || failure.stdout;
  }
  const messages = output.trim() ? JSON.parse(output).messages : [];
  assert.deepEqual(messages.map((m) => `${m.url.split("/").pop()}:${m.lastLine}: ${m.message}`), []);
});
