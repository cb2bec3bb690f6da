// The default book's charts and search in a real browser (Chromium): chart
// text large enough on a phone and readable in the dark scheme, and search
// that works from the disk (file://) as well as over HTTP.
//
// Run by scripts/test. On its own: `npm test` in this folder, after
// `cargo build --release` in the repository (the site is built here).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const repository = resolve(import.meta.dirname, "../..");
const root = join(mkdtempSync(join(tmpdir(), "budgetbook-charts-search-")), "out");
const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml",
};
const PHONE = { width: 390, height: 844 };

let server, origin, browser;

before(async () => {
  execFileSync(join(repository, "target/release/budgetbook"), ["build", repository, "--dest", root, "--quiet"], { stdio: "inherit" });
  server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    const file = resolve(root, "." + path);
    if (!file.startsWith(root + sep)) { response.writeHead(403).end(); return; }
    try {
      const body = readFileSync(file);
      response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

// The pages with charts.
function chartPages() {
  return readdirSync(root)
    .filter((f) => f.endsWith(".html") && f !== "print.html")
    .filter((f) => readFileSync(join(root, f), "utf8").includes('<svg xmlns="http://www.w3.org/2000/svg"'))
    .sort();
}

// A page, from the server or (`url` given) any address; Content-Security-
// Policy violations are collected in `page.violations`.
async function open(url, { viewport = { width: 1280, height: 900 }, colorScheme = "light" } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  page.violations = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) page.violations.push(message.text());
  });
  await page.goto(url.includes(":") ? url : `${origin}/${url}`);
  return page;
}

test("chart text is at least 12 px high on a phone 390 px wide, in every chart", async () => {
  const files = chartPages();
  assert.ok(files.length >= 2, `charts on ${files}`);
  let checked = 0;
  for (const file of files) {
    const page = await open(file, { viewport: PHONE });
    const small = await page.evaluate(() => {
      const found = [];
      for (const svg of document.querySelectorAll("svg.chart")) {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        for (const text of svg.querySelectorAll("text")) {
          const size = parseFloat(getComputedStyle(text).fontSize) * scale;
          const height = text.getBoundingClientRect().height;
          if (size < 12 || height < 12) found.push(`${svg.id || svg.getAttribute("aria-labelledby")}: "${text.textContent}" ${size.toFixed(1)} px (box ${height.toFixed(1)} px)`);
        }
      }
      return { found, count: document.querySelectorAll("svg.chart text").length };
    });
    assert.deepEqual(small.found, [], file);
    checked += small.count;
    await page.context().close();
  }
  assert.ok(checked > 100, `only ${checked} chart texts`);
});

// WCAG contrast of two computed colours `rgb(r, g, b)`.
function contrast(a, b) {
  const luminance = (colour) => {
    const [r, g, b] = colour.match(/\d+(\.\d+)?/g).slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

test("charts are readable in the light and the dark scheme", async () => {
  const backgrounds = {};
  for (const colorScheme of ["light", "dark"]) {
    const page = await open("09-finansiella-rapporter.html", { colorScheme });
    const colours = await page.evaluate(() => [...document.querySelectorAll("svg.chart")].map((svg) => ({
      background: getComputedStyle(svg.querySelector(".c-bg")).fill,
      text: getComputedStyle(svg.querySelector("text:not([class])")).fill,
      series: [...svg.querySelectorAll("rect[class^='c-s']")].map((r) => getComputedStyle(r).fill),
    })));
    assert.ok(colours.length >= 3);
    for (const chart of colours) {
      assert.ok(contrast(chart.text, chart.background) >= 4.5, `${colorScheme} text ${chart.text} on ${chart.background}`);
      for (const fill of new Set(chart.series)) {
        assert.ok(contrast(fill, chart.background) >= 3, `${colorScheme} ${fill} on ${chart.background}`);
      }
    }
    backgrounds[colorScheme] = colours[0].background;
    assert.deepEqual(page.violations, []);
    await page.context().close();
  }
  assert.notEqual(backgrounds.light, backgrounds.dark, "the dark scheme colours the charts");
});

// The search page at `url` once its status says something.
async function searched(url, options) {
  const page = await open(url, options);
  await page.locator("#search-status").filter({ hasText: /\S/ }).waitFor({ timeout: 10000 });
  return page;
}

test("search works from the disk (file://): a committee is found", async () => {
  const url = pathToFileURL(join(root, "search.html")).href + "?q=socialn%C3%A4mnden";
  const page = await searched(url, { viewport: PHONE });
  assert.match(await page.locator("#search-status").innerText(), /^\d+ sid(a|or) med träffar$/);
  const links = await page.locator(".search-result ul a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(links.includes("09-finansiella-rapporter.html#driftbudget.socialnamnden"), links.join("\n"));
  // A result's page opens from the disk as well.
  await page.locator('.search-result a[href$="#driftbudget.socialnamnden"]').click();
  await page.waitForURL(/^file:.*09-finansiella-rapporter\.html#driftbudget\.socialnamnden$/);
  assert.deepEqual(page.violations, []);
  await page.context().close();
});

test("a word typed without å, ä and ö finds it written with them", async () => {
  for (const base of [origin + "/search.html", pathToFileURL(join(root, "search.html")).href]) {
    const page = await searched(base + "?q=skatteintakter");
    await page.locator(".search-result").first().waitFor({ timeout: 10000 });
    const marked = (await page.locator(".search-result mark").allInnerTexts()).map((m) => m.toLowerCase());
    assert.ok(marked.length > 0 && marked.every((m) => m === "skatteintäkter"), `${base}: ${marked}`);
    assert.deepEqual(page.violations, [], base);
    await page.context().close();
  }
});

test("the words as typed come first: a word found as written is not widened", async () => {
  const page = await searched("search.html?q=%C3%A5r");
  const marked = new Set((await page.locator(".search-result mark").allInnerTexts()).map((m) => m.toLowerCase()));
  assert.ok(marked.size > 0 && [...marked].every((m) => m.startsWith("år")), [...marked].join(", "));
  await page.context().close();
});

test("an excerpt keeps a table's note number apart from the figure", async () => {
  const page = await searched("search.html?q=%C3%A5rets+resultat");
  const row = page.locator('.search-result li:has(a[href$="#resultatbudget.arets-resultat"])');
  await row.first().waitFor({ timeout: 10000 });
  const text = await row.first().locator("p").innerText();
  // The row's figures 143, 122 and 110 each carry a note on the page.
  assert.match(text, /143\s122\s110/, text);
  assert.doesNotMatch(text, /1431|1222|1103/, text);
  await page.context().close();
});
