// The whole document printed by Chromium to PDF, as a reader's "Save as PDF"
// does it: A4, every page numbered, no page left nearly empty, and its links
// leading to places on the page. Reads the PDF with poppler-utils.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { harness } from "./harness.js";

const site = harness();

// A page holds at least this much text besides its running heads: a page
// with only a heading, a footer or the last two lines of a list is a
// mistake of the layout, not of the book.
const NEARLY_EMPTY = 150;

test("the whole document prints on numbered A4 pages, none nearly empty", async () => {
  const page = await site.open("print.html");
  const pdf = join(mkdtempSync(join(tmpdir(), "budgetbook-pdf-")), "print.pdf");
  await page.pdf({ path: pdf, preferCSSPageSize: true });
  const title = await page.locator("#print-title").innerText();
  await page.context().close();

  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  // A4 is 595.28 × 841.89 points; Chromium rounds to its own units.
  const [, width, height] = info.match(/^Page size:\s+([\d.]+) x ([\d.]+) pts/m).map(Number);
  assert.ok(Math.abs(width - 595.28) < 1 && Math.abs(height - 841.89) < 1, `${width} × ${height} pt`);
  const pages = Number(info.match(/^Pages:\s+(\d+)$/m)[1]);
  assert.ok(pages > 10, `${pages} pages`);

  const problems = [];
  for (let n = 1; n <= pages; n++) {
    const text = execFileSync("pdftotext", ["-f", String(n), "-l", String(n), "-layout", pdf, "-"], { encoding: "utf8" });
    const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
    const number = `${n} / ${pages}`;
    if (!lines.at(-1)?.endsWith(number)) problems.push(`page ${n}: no "${number}" at its foot`);
    // The title page shows the title in full; every other page in its head.
    if (n > 1 && !lines[0]?.startsWith(title)) problems.push(`page ${n}: no running head "${title}"`);
    const body = lines.slice(n > 1 ? 1 : 0, -1).join(" ");
    if (body.length < NEARLY_EMPTY) problems.push(`page ${n}: nearly empty (${body.length} characters): ${body}`);
  }
  assert.deepEqual(problems, []);
});

test("every link within the print page leads to a place on it", async () => {
  const page = await site.open("print.html");
  const missing = await page.evaluate(() =>
    [...document.querySelectorAll('main a[href^="#"]')]
      .map((a) => a.getAttribute("href"))
      .filter((href) => !document.getElementById(decodeURIComponent(href.slice(1)))));
  assert.deepEqual(missing, []);
  // Links to chapter pages became links within the page.
  const away = await page.evaluate(() =>
    [...document.querySelectorAll("main a[href]")]
      .map((a) => a.getAttribute("href"))
      .filter((href) => !href.includes(":") && /\.html(#|$)/.test(href)));
  assert.deepEqual(away, []);
  await page.context().close();
});
