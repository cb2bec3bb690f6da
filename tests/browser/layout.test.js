// The default book's pages on every screen: nothing pushes the page
// sideways, tables are shown whole where there is room and scroll in their
// own box where there is not; the keyboard reaches the table of contents
// without passing every row; names are short; the dark scheme is complete.

import { test } from "node:test";
import assert from "node:assert/strict";
import { harness } from "./harness.js";

const site = harness();

// 320 px is a 1280 px window at 400 % zoom (WCAG 1.4.10).
const widths = [320, 390, 1280, 1600];

test("no page scrolls sideways, and tables fit wherever the window has room", async () => {
  const problems = [];
  const context = await site.browser.newContext();
  for (const file of site.pages()) {
    const page = await context.newPage();
    await page.goto(site.origin + "/" + file);
    for (const width of widths) {
      await page.setViewportSize({ width, height: 900 });
      const found = await page.evaluate(() => {
        const problems = [];
        const root = document.documentElement;
        if (root.scrollWidth > root.clientWidth) problems.push(`page is ${root.scrollWidth} px wide in ${root.clientWidth}`);
        for (const box of document.querySelectorAll(".table-scroll")) {
          const table = box.querySelector("table");
          const rect = box.getBoundingClientRect();
          if (rect.left < 0 || rect.right > root.clientWidth) problems.push(`${table.id}: its box leaves the window`);
          const column = box.closest(".budget-block").parentElement.getBoundingClientRect().width;
          const cut = box.scrollWidth > box.clientWidth;
          if (!cut) continue;
          // Where the table would fit the column, it must be shown whole.
          const natural = table.cloneNode(true);
          natural.removeAttribute("id");
          Object.assign(natural.style, { width: "max-content", position: "absolute", visibility: "hidden" });
          box.parentElement.append(natural);
          const wanted = natural.getBoundingClientRect().width;
          natural.remove();
          if (wanted <= column) problems.push(`${table.id}: cut off (${box.clientWidth} of ${box.scrollWidth} px) in a ${column} px column`);
          if (getComputedStyle(box).overflowX !== "auto") problems.push(`${table.id}: cut off and its box does not scroll`);
          const label = table.querySelector("tbody th");
          if (getComputedStyle(label).position !== "sticky") problems.push(`${table.id}: row labels scroll away`);
        }
        return problems;
      });
      problems.push(...found.map((p) => `${file} @${width}px: ${p}`));
    }
    await page.close();
  }
  await context.close();
  assert.deepEqual(problems, []);
});

test("on a wide screen the operating budget with its per-100 columns is shown whole", async () => {
  for (const width of [1280, 1600]) {
    const page = await site.open("09-finansiella-rapporter.html", { viewport: { width, height: 900 } });
    const box = page.locator('.table-scroll:has(> [id="driftbudget"])');
    const [scroll, client] = await box.evaluate((b) => [b.scrollWidth, b.clientWidth]);
    assert.ok(scroll <= client, `${width} px: ${client} of ${scroll} px shown`);
    const last = page.locator('[id="driftbudget"] thead th').last();
    assert.ok(await last.isVisible());
    await page.context().close();
  }
});

test("on a phone a wide table scrolls in its own box, keeping its row labels in view", async () => {
  const page = await site.open("09-finansiella-rapporter.html", { viewport: { width: 320, height: 800 } });
  const box = page.locator('.table-scroll:has(> [id="driftbudget"])');
  const label = page.locator('[id="driftbudget.socialnamnden"] th');
  const before = await label.boundingBox();
  await box.evaluate((b) => { b.scrollLeft = 200; });
  assert.ok(await box.evaluate((b) => b.scrollLeft) > 0, "the box scrolls");
  const after = await label.boundingBox();
  assert.equal(after.x, before.x, "the row label stays where it was");
  // The caption stays in view too, within the window.
  const caption = await page.locator('[id="driftbudget.caption"]').boundingBox();
  assert.ok(caption.x >= 0 && caption.x + caption.width <= 320, JSON.stringify(caption));
  await page.context().close();
});

test("the keyboard reaches the table of contents without passing every row", async () => {
  const page = await site.open("09-finansiella-rapporter.html");
  const rowLinks = await page.locator("#content .row-anchor").count();
  assert.ok(rowLinks > 30, `${rowLinks} row links`);
  let presses = 0;
  const inContents = () => page.evaluate(() => document.activeElement?.closest("#toc") !== null);
  // Tab to the skip link, follow it, and the next Tab is in the contents.
  while (presses < 5) {
    await page.keyboard.press("Tab");
    presses++;
    if ((await page.evaluate(() => document.activeElement?.getAttribute("href"))) === "#toc") {
      await page.keyboard.press("Enter");
      await page.keyboard.press("Tab");
      presses++;
      break;
    }
  }
  assert.ok(await inContents(), "focus is in the table of contents");
  assert.ok(presses <= 4, `${presses} presses`);
  // Row links stay links that the keyboard reaches.
  assert.equal(await page.locator('#content .row-anchor[tabindex="-1"]').count(), 0);
  await page.context().close();
});

test("tables and charts have short names, read once", async () => {
  const page = await site.open("09-finansiella-rapporter.html");
  for (const name of ["Driftbudget (tkr)", "Resultatbudget (mnkr)", "Investeringsplan (tkr)"]) {
    assert.equal(await page.getByRole("table", { name, exact: true }).count(), 1, name);
  }
  assert.equal(await page.getByRole("table", { name: /Länk till tabellen/ }).count(), 0);
  // The table's own link is still there, with its own name.
  assert.equal(await page.locator('[id="driftbudget.caption"]').getByRole("link", { name: "Länk till tabellen" }).count(), 1);
  // A chart's figure is named by its title alone; the description is the chart's.
  const figure = page.getByRole("figure", { name: "Resultatbudget (mnkr)", exact: true });
  assert.equal(await figure.count(), 1);
  await page.context().close();
});

test("the dark scheme darkens the page and defines every chart colour", async () => {
  const colours = {};
  for (const colorScheme of ["light", "dark"]) {
    const page = await site.open("09-finansiella-rapporter.html", { colorScheme });
    colours[colorScheme] = await page.evaluate(() => {
      const style = getComputedStyle(document.documentElement);
      const names = ["--chart-text", "--chart-muted", "--chart-axis", "--chart-grid", "--chart-background",
        ...Array.from({ length: 10 }, (_, i) => `--chart-series-${i + 1}`)];
      return {
        background: getComputedStyle(document.body).backgroundColor,
        chart: Object.fromEntries(names.map((n) => [n, style.getPropertyValue(n).trim()])),
      };
    });
    await page.context().close();
  }
  assert.equal(colours.light.background, "rgb(255, 255, 255)");
  assert.notEqual(colours.dark.background, colours.light.background);
  for (const [name, light] of Object.entries(colours.light.chart)) {
    assert.match(light, /^#[0-9a-f]{3,6}$/i, name);
    assert.match(colours.dark.chart[name], /^#[0-9a-f]{3,6}$/i, name);
  }
  assert.notEqual(colours.dark.chart["--chart-text"], colours.light.chart["--chart-text"]);
});
