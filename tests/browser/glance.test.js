// The budget at a glance: the front page passes axe on a phone and a wide
// screen, its key figures lead to their rows, a row's citation appears
// when the row is the target, and "your tax" computes any income as the
// table does, from disk too.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { harness, repository } from "./harness.js";

const require = createRequire(import.meta.url);
const site = harness();
const phone = { width: 390, height: 844 };
const wide = { width: 1280, height: 900 };

test("the front page passes axe-core at 390 and 1280 px, light and dark", async () => {
  const axe = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
  const failures = [];
  const page = await site.open("index.html", { inject: true });
  await page.addScriptTag({ content: axe });
  for (const colorScheme of ["light", "dark"]) {
    for (const viewport of [wide, phone]) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme });
      const result = await page.evaluate((tags) => axe.run(document, { runOnly: { type: "tag", values: tags } }), tags);
      for (const violation of result.violations) {
        failures.push(`@${viewport.width}px ${colorScheme}: ${violation.id} (${violation.nodes.length}): ${violation.nodes[0].target}`);
      }
    }
  }
  await page.context().close();
  assert.deepEqual(failures, []);
});

test("a key figure leads to its row, whose citation then shows", async () => {
  for (const viewport of [phone, wide]) {
    const page = await site.open("index.html", { viewport });
    const figure = page.locator(".key-figure-value").first();
    assert.equal(await figure.textContent(), "143\u00a0mnkr");
    await figure.click();
    await page.waitForURL(/09-finansiella-rapporter\.html#resultatbudget\.arets-resultat$/);
    const row = page.locator('[id="resultatbudget.arets-resultat"]');
    assert.ok(await row.isVisible());
    const citation = page.locator('[id="resultatbudget.arets-resultat"] + tr.row-citation');
    assert.ok(await citation.isVisible(), `citation @${viewport.width}px`);
    assert.match(await citation.textContent(), /Resultatbudget, Årets resultat: 143\u00a0mnkr \(Budget 2026\)/);
    // Only the target's citation shows, and the page does not scroll sideways.
    assert.equal(await page.locator("tr.row-citation:visible").count(), 1);
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.ok(scroll <= client, `${scroll} > ${client} @${viewport.width}px`);
    await page.context().close();
  }
});

test("the operating budget's per-100 figures add up to 100 as shown", async () => {
  const page = await site.open("09-finansiella-rapporter.html", { viewport: phone });
  const sums = await page.evaluate(() => {
    const rows = [...document.querySelectorAll('#driftbudget tbody tr[id]:not(.sum)')];
    return [0, 1, 2].map((c) => rows.reduce((s, r) => s + Math.round(10 * Number(r.querySelectorAll("td.per-100")[c].textContent.replace(",", "."))), 0));
  });
  assert.deepEqual(sums, [1000, 1000, 1000]);
  await page.context().close();
});

test("your tax: the field computes any income as the table does, opened from disk", async () => {
  const out = join(mkdtempSync(join(tmpdir(), "budgetbook-tax-")), "site");
  execFileSync(join(repository, "target/release/budgetbook"),
    ["build", join(repository, "tests/fixtures/valid/tax-rate"), "--dest", out, "--quiet"], { stdio: "inherit" });
  const context = await site.browser.newContext({ viewport: phone });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(pathToFileURL(join(out, "drift.html")).href);
  const field = page.getByLabel("Din beskattningsbara inkomst per år, i kronor");
  assert.ok(await field.isVisible(), "the script shows the field");
  const column = (index) => page.evaluate((index) =>
    [...document.querySelectorAll(".tax-table tbody tr")].map((r) => r.children[index].textContent), index);
  // An example income gives the example's figures.
  await field.fill("400 000");
  assert.deepEqual(await column(4), await column(2));
  // Any income: the rows add up to the tax, which is the rate of it.
  await field.fill("123456");
  const own = (await column(4)).map((t) => Number(t.replace(/\D/g, "")));
  assert.equal(own.at(-1), 26370);
  assert.equal(own.slice(0, -1).reduce((s, v) => s + v, 0), 26370);
  await field.fill("abc");
  assert.deepEqual(await column(4), ["", "", "", "", ""]);
  assert.deepEqual(errors, []);
  await context.close();
});
