// Charts to embed (embed/<block>.html) and the treemap, in a real browser:
// accessible (axe-core), valid HTML, within their Content-Security-Policy,
// and working opened from the disk as inside an <iframe> on another site.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { harness, repository } from "./harness.js";

const require = createRequire(import.meta.url);
const site = harness();
const axe = () => readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

const embeds = () => readdirSync(join(site.root, "embed")).filter((f) => f.endsWith(".html")).sort();

// The treemap fixture, built into a folder of its own.
function treemapSite() {
  const root = join(mkdtempSync(join(tmpdir(), "budgetbook-treemap-")), "out");
  execFileSync(join(repository, "target/release/budgetbook"),
    ["build", join(repository, "tests/fixtures/valid/treemap"), "--dest", root, "--quiet"], { stdio: "inherit" });
  return root;
}

// axe-core's violations on `url`, in both widths and schemes.
async function violations(url) {
  const failures = [];
  const context = await site.browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(url);
  await page.addScriptTag({ content: axe() });
  for (const colorScheme of ["light", "dark"]) {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme });
      // With the table shown too.
      for (const open of [false, true]) {
        await page.evaluate((open) => document.querySelectorAll("details").forEach((d) => { d.open = open; }), open);
        const result = await page.evaluate((tags) => axe.run(document, { runOnly: { type: "tag", values: tags } }), tags);
        for (const v of result.violations) {
          failures.push(`${url.split("/").pop()} @${viewport.width}px ${colorScheme}${open ? " open" : ""}: ${v.id}: ${v.nodes[0].target}`);
        }
      }
    }
  }
  await context.close();
  return failures;
}

test("every embed page passes axe-core, light and dark, with the table shown or not", async () => {
  const failures = [];
  for (const file of embeds()) failures.push(...await violations(`${site.origin}/embed/${file}`));
  assert.deepEqual(failures, []);
});

test("the treemap's chapter page and embed page pass axe-core, and its parts take the focus", async () => {
  const root = treemapSite();
  const failures = [];
  for (const file of ["drift.html", "embed/driftbudget.html"]) {
    failures.push(...await violations(pathToFileURL(join(root, file)).href));
  }
  assert.deepEqual(failures, []);
  const context = await site.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(root, "embed/driftbudget.html")).href);
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement.querySelector("title")?.textContent);
  assert.equal(focused, "Barn- och ungdomsnämnden: 1\u00a0138\u00a0326 tkr (37,0\u00a0%)");
  await context.close();
});

test("an embed page works in an iframe from the disk, styled by its own sheet within its policy", async () => {
  const host = join(mkdtempSync(join(tmpdir(), "budgetbook-host-")), "article.html");
  const embed = pathToFileURL(join(site.root, "embed/driftbudget.html")).href;
  writeFileSync(host, `<!DOCTYPE html><html lang="sv"><title>Artikel</title><iframe src="${embed}" title="Driftbudget" width="400" height="800"></iframe>`);
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  await page.goto(pathToFileURL(host).href);
  const frame = page.frames().find((f) => f.url() === embed);
  assert.ok(frame, "the embed page is framed");
  await frame.locator("svg.chart").waitFor();
  // The style sheet applies: the table is behind its disclosure, hidden.
  assert.equal(await frame.locator("table.budget-table").isVisible(), false);
  await frame.locator("summary").click();
  assert.equal(await frame.locator("table.budget-table").isVisible(), true);
  // No header, sidebar or footer.
  assert.equal(await frame.locator("header, nav, footer").count(), 0);
  assert.match(await frame.locator(".embed-source").innerText(), /^Källa: Välfärden främst – 9\. Finansiella rapporter \(förslag\), Socialdemokraterna i Alingsås/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the embed pages are valid HTML (W3C Nu checker)", () => {
  const jar = join(require.resolve("vnu-jar/package.json"), "..", "build", "dist", "vnu.jar");
  let output;
  try {
    output = execFileSync("java", ["-jar", jar, "--errors-only", "--format", "json", ...embeds().map((f) => join(site.root, "embed", f))],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (failure) {
    output = failure.stderr || failure.stdout;
  }
  const messages = output.trim() ? JSON.parse(output).messages : [];
  assert.deepEqual(messages.map((m) => `${m.url.split("/").pop()}:${m.lastLine}: ${m.message}`), []);
});
