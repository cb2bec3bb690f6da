// What every browser test file needs: the default book built into a
// temporary folder, served over HTTP, and one headless Chromium.
//
// Each test file calls `harness()` once at its top; `before` and `after`
// hooks build, serve and close.

import { before, after } from "node:test";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, resolve, sep } from "node:path";
import { chromium } from "playwright-core";

export const repository = resolve(import.meta.dirname, "../..");

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".csv": "text/csv; charset=utf-8",
  ".png": "image/png", ".xml": "application/xml", ".txt": "text/plain",
};

// The flags a headless Chromium needs in a container, and those that keep
// it from reaching the network on its own.
const flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export function harness() {
  const state = {
    root: join(mkdtempSync(join(tmpdir(), "budgetbook-site-")), "out"),
    origin: "",
    browser: null,
    // Content-Security-Policy violations seen on any page.
    violations: [],
  };
  let server;

  before(async () => {
    // BUDGETBOOK_SITE: test a site built beforehand (of another revision, to
    // see a test fail) instead of building the book.
    if (process.env.BUDGETBOOK_SITE) state.root = resolve(process.env.BUDGETBOOK_SITE);
    else execFileSync(join(repository, "target/release/budgetbook"), ["build", repository, "--dest", state.root, "--quiet"],
      { stdio: "inherit" });
    server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
      const file = resolve(state.root, "." + (path.endsWith("/") ? path + "index.html" : path));
      if (!file.startsWith(state.root + sep)) { response.writeHead(403).end(); return; }
      try {
        const body = readFileSync(file);
        response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
      } catch {
        response.writeHead(404, { "content-type": types[".html"] }).end(readFileSync(join(state.root, "404.html")));
      }
    });
    await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
    state.origin = `http://127.0.0.1:${server.address().port}`;
    // Playwright adds --headless and a fresh user-data-dir of its own.
    state.browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: flags });
  });

  after(async () => {
    await state.browser?.close();
    server?.close();
  });

  // The site's HTML pages at its root, in order.
  state.pages = () =>
    readdirSync(state.root).filter((f) => f.endsWith(".html") && statSync(join(state.root, f)).isFile()).sort();

  // A page in a new browser context. `inject`: the test adds its own script
  // (axe-core), which the site's policy rightly refuses; such pages bypass
  // the policy and their violations are not counted.
  state.open = async (path, { viewport = { width: 1280, height: 900 }, colorScheme = "light", inject = false } = {}) => {
    const context = await state.browser.newContext({ viewport, colorScheme, acceptDownloads: true, bypassCSP: inject });
    const page = await context.newPage();
    page.on("console", (message) => {
      if (!inject && message.text().includes("Content Security Policy")) state.violations.push(`${path}: ${message.text()}`);
    });
    await page.goto(state.origin + "/" + path);
    return page;
  };

  return state;
}
