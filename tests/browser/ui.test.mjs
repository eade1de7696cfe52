// Browser tests of the tamga web UI in headless Chromium (the system's, driven by
// playwright-core): a store built from the seed corpus by the real binary, served by
// `tamga serve` on a free loopback port. Screenshots go to a folder printed at the start.
//
// Environment: TAMGA_BIN (the tamga binary; default target/debug/tamga), TAMGA_SEEDS (the seed
// corpus; default ../shared/corpus/seeds beside the checkout), CHROMIUM (default
// /usr/bin/chromium), TAMGA_SCREENSHOTS (default a new temporary folder). Without Chromium the
// tests fail, unless TAMGA_NO_CHROMIUM=1 says it is knowingly absent (never set in CI).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const BIN = process.env.TAMGA_BIN || join(root, "target/debug/tamga");
const SEEDS = process.env.TAMGA_SEEDS || resolve(root, "../shared/corpus/seeds");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TOKEN = "browser-test-token-" + process.pid;
const skip = !existsSync(CHROMIUM) && process.env.TAMGA_NO_CHROMIUM === "1";
if (skip) console.log(`skipping the browser tests: TAMGA_NO_CHROMIUM=1 and no ${CHROMIUM}`);

const shots = process.env.TAMGA_SCREENSHOTS || mkdtempSync(join(tmpdir(), "tamga-ui-shots-"));
mkdirSync(shots, { recursive: true });
console.log(`screenshots: ${shots}`);

const ALERT_TEXT = `Russian Foreign Minister Sergei Lavrov met Kazakh officials in Astana on Monday <script>window.__xss='alert';alert(5)</script> <img src=x onerror="window.__xss='alert-img'"> to discuss security.`;

let server, base, browser, work;

before(async () => {
  if (skip) return;
  assert.ok(existsSync(BIN), `tamga binary missing at ${BIN} (set TAMGA_BIN)`);
  assert.ok(existsSync(SEEDS), `seed corpus missing at ${SEEDS} (set TAMGA_SEEDS)`);
  assert.ok(existsSync(CHROMIUM), `Chromium missing at ${CHROMIUM} (apt-get install chromium)`);
  work = mkdtempSync(join(tmpdir(), "tamga-ui-"));
  const db = join(work, "seeds.db");
  execFileSync(BIN, ["--db", db, "run", SEEDS], { stdio: ["ignore", "ignore", "inherit"] });
  // A saved alert, and a watch round over a folder with one new article (its text carrying
  // markup) that fires it, for the alerts panel.
  execFileSync(BIN, ["--db", db, "alerts", "add", "moscow-talks", "--query", "--actor RUS"],
    { stdio: ["ignore", "ignore", "inherit"] });
  const incoming = join(work, "incoming");
  mkdirSync(incoming);
  writeFileSync(join(incoming, "new.jsonl"), JSON.stringify({ id: "alert-article",
    uri: "https://news.example/alert-article", date: "2031-03-04", title: "Talks",
    text: ALERT_TEXT }) + "\n");
  writeFileSync(join(work, "sources.txt"), `folder ${incoming} incoming\n`);
  execFileSync(BIN, ["--db", db, "watch", "--once", "--sources", join(work, "sources.txt")],
    { stdio: ["ignore", "ignore", "inherit"] });
  writeFileSync(join(work, "token"), TOKEN + "\n");
  server = spawn(BIN, ["--db", db, "serve", "--addr", "127.0.0.1:0", "--token-file", join(work, "token")],
    { stdio: ["ignore", "pipe", "inherit"] });
  base = await new Promise((ok, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error("tamga serve did not start: " + out)), 30000);
    server.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    server.on("exit", (code) => fail(new Error(`tamga serve exited (${code}): ${out}`)));
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill("SIGTERM");
});

async function getJson(path) {
  const r = await fetch(base + path);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  return r.json();
}

async function open(page, path) {
  const resp = await page.goto(base + path);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
  return resp;
}

async function ready(page) {
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
}

async function newPage() {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  return { page, errors };
}

test("the page loads with the seeds' events, with a strict CSP", { skip }, async () => {
  const { page, errors } = await newPage();
  const resp = await open(page, "/");
  const csp = resp.headers()["content-security-policy"];
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(resp.headers()["x-content-type-options"], "nosniff");
  const api = await getJson("/api/events?limit=100");
  assert.ok(api.events.length > 0, "the seeds give events");
  const rows = await page.$$eval("#events tbody tr", (trs) => trs.map((tr) => tr.dataset.id));
  assert.deepEqual(rows, api.events.map((e) => e.id));
  await page.screenshot({ path: join(shots, "01-overview.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("timeline, network and map show the events", { skip }, async () => {
  const { page, errors } = await newPage();
  await open(page, "/");
  const tl = await getJson("/api/timeline");
  const bars = await page.$$eval("#timeline-svg rect.bar", (r) => r.length);
  assert.equal(bars, tl.buckets.length, "one bar piece per period and type");
  assert.ok(bars > 0);
  const net = await getJson("/api/actors");
  const nodes = await page.$$eval("#network-svg g.node", (g) => g.map((n) => n.dataset.code));
  assert.deepEqual(nodes, net.nodes.map((n) => n.code));
  const edges = await page.$$eval("#network-svg line.edge", (l) => l.map((e) => e.getAttribute("class")));
  assert.ok(edges.length > 0, "edges drawn");
  assert.ok(edges.every((c) => /^edge q[0-4]$/.test(c)), "edges colored by quad class");
  const places = await getJson("/api/places");
  assert.ok(places.places.length > 0, "the seeds have places with coordinates");
  const dots = await page.$$eval("#map-svg circle.place", (c) => c.length);
  assert.equal(dots, places.places.length);
  const countries = await page.$$eval("#map-svg path.country", (p) => p.length);
  assert.ok(countries > 150, `world shapes drawn (${countries})`);
  await page.locator("#overview").screenshot({ path: join(shots, "02-timeline-network-map.png") });
  assert.deepEqual(errors, []);
  await page.close();
});

test("clicking an event shows its sentence with the trigger highlighted", { skip }, async () => {
  const { page, errors } = await newPage();
  await open(page, "/");
  const first = page.locator("#events tbody tr").first();
  const id = await first.getAttribute("data-id");
  await first.click();
  await ready(page);
  assert.match(page.url(), new RegExp(`[?&]event=${id}`));
  const detail = await getJson("/api/events/" + id);
  const trigger = await page.textContent("#sentence mark.trigger");
  assert.equal(trigger, detail.event.explanation.trigger.text);
  const sentence = await page.textContent("#sentence");
  assert.equal(sentence, detail.event.sentence.text);
  assert.equal(await page.isVisible("#overview"), false, "the overview gives way to the event");
  const mentions = await page.$$eval("#mentions li", (li) => li.length);
  assert.equal(mentions, detail.mentions.length);
  await page.screenshot({ path: join(shots, "03-event.png"), fullPage: true });
  // Back to the list, then a mention's document.
  await page.goBack();
  await ready(page);
  assert.doesNotMatch(page.url(), /event=/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("filters change the table and the URL", { skip }, async () => {
  const { page, errors } = await newPage();
  await open(page, "/");
  const all = await page.$$eval("#events tbody tr", (t) => t.length);
  const types = (await getJson("/api/timeline")).buckets.map((b) => b.type);
  // The least frequent type, so the filter visibly narrows the table.
  const counts = {};
  for (const b of (await getJson("/api/timeline")).buckets) counts[b.type] = (counts[b.type] || 0) + b.events;
  const type = Object.keys(counts).sort((a, b) => counts[a] - counts[b])[0];
  assert.ok(types.length > 1);
  await page.fill('#filters input[name="type"]', type);
  await page.click('#filters button[type="submit"]');
  await page.waitForURL(new RegExp(`[?&]type=${type}`));
  await ready(page);
  const want = await getJson(`/api/events?limit=100&type=${type}`);
  const rows = await page.$$eval("#events tbody tr", (trs) => trs.map((tr) => tr.dataset.id));
  assert.deepEqual(rows, want.events.map((e) => e.id));
  assert.ok(rows.length > 0 && rows.length < all, `${rows.length} of ${all}`);
  const shown = await page.$$eval("#events tbody tr td:nth-child(2)", (td) => td.map((d) => d.textContent));
  assert.ok(shown.every((t) => t === type));
  // The URL alone restores the filter.
  const { page: again } = await newPage();
  await open(again, "/?type=" + type);
  assert.equal(await again.inputValue('#filters input[name="type"]'), type);
  assert.equal(await again.$$eval("#events tbody tr", (t) => t.length), rows.length);
  await page.screenshot({ path: join(shots, "04-filtered.png"), fullPage: true });
  // Clearing restores the whole table.
  await page.click("#clear");
  await ready(page);
  assert.equal(await page.$$eval("#events tbody tr", (t) => t.length), all);
  assert.deepEqual(errors, []);
  await again.close();
  await page.close();
});

test("an article carrying script, onerror and javascript: payloads shows them as text", { skip }, async () => {
  const title = `<script>window.__xss='title'</script><img src=x onerror="window.__xss='img';alert(1)"> <a href="javascript:window.__xss='a'">javascript:alert(1)</a>`;
  const text = `Kazakhstan's President Nursultan Nazarbayev met Russian President Vladimir Putin in Astana on Tuesday <script>window.__xss='text';alert(2)</script> <img src=x onerror="window.__xss='text-img'"> to discuss javascript:alert(3) oil exports.`;
  const record = { id: "xss-article", uri: "javascript:alert(4)", title, date: "2006-11-07", text };
  // Without the token, nothing is written.
  const refused = await fetch(base + "/api/ingest", { method: "POST", body: JSON.stringify(record) + "\n",
    headers: { "Content-Type": "application/x-ndjson" } });
  assert.equal(refused.status, 401);
  const resp = await fetch(base + "/api/ingest", { method: "POST", body: JSON.stringify(record) + "\n",
    headers: { "Content-Type": "application/x-ndjson", Authorization: "Bearer " + TOKEN } });
  assert.equal(resp.status, 202);
  const { job } = await resp.json();
  let status;
  for (let i = 0; i < 200; i++) {
    status = await getJson("/api/jobs/" + job);
    if (status.state === "done" || status.state === "failed") break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(status.state, "done", JSON.stringify(status));
  assert.equal(status.progress.stored, 1);
  assert.ok(status.progress.events > 0, "the article gives an event");

  const { page, errors } = await newPage();
  let dialogs = 0;
  page.on("dialog", async (d) => { dialogs++; await d.dismiss(); });
  const found = await getJson("/api/events?text=Astana&mentions=true");
  const ev = found.events.find((e) => e.doc_uri === "javascript:alert(4)");
  assert.ok(ev, "the ingested article's event is listed");
  await open(page, "/?text=Astana");
  const cell = await page.textContent(`#events tbody tr[data-id="${ev.id}"] td.sentence`);
  assert.match(cell, /<script>window.__xss='text';alert\(2\)<\/script>/);
  await page.screenshot({ path: join(shots, "05-xss-table.png"), fullPage: true });
  await open(page, "/?event=" + ev.id);
  assert.match(await page.textContent("#sentence"), /<img src=x onerror="window.__xss='text-img'">/);
  await page.screenshot({ path: join(shots, "06-xss-event.png"), fullPage: true });
  await open(page, "/?doc=" + ev.doc_id);
  assert.equal(await page.textContent("#doc-title"), title);
  assert.match(await page.textContent("#doc-text"), /<script>window.__xss='text';alert\(2\)<\/script>/);
  await page.screenshot({ path: join(shots, "07-xss-document.png"), fullPage: true });
  // Nothing ran: no flag, no dialog, no element made from the payloads, no link to javascript:.
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(dialogs, 0);
  assert.equal(await page.$$eval("img", (i) => i.length), 0);
  assert.deepEqual(await page.$$eval("script", (s) => s.map((x) => x.getAttribute("src"))), ["/app.js"]);
  assert.equal(await page.$$eval("a[href^='javascript:' i]", (a) => a.length), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the alerts panel lists saved alerts and firings that open their sentence", { skip }, async () => {
  const { page, errors } = await newPage();
  let dialogs = 0;
  page.on("dialog", async (d) => { dialogs++; await d.dismiss(); });
  await open(page, "/");
  assert.equal(await page.isVisible("#alerts-panel"), true);
  const api = await getJson("/api/alerts");
  const names = await page.$$eval("#alerts li.alert", (li) => li.map((l) => l.dataset.alert));
  assert.deepEqual(names, api.alerts.map((a) => a.name));
  assert.deepEqual(names, ["moscow-talks"]);
  assert.match(await page.textContent("#alerts li.alert"), /--actor RUS/);
  const firings = await page.$$eval("#firings li.firing", (li) => li.map((l) => l.dataset.cluster));
  assert.ok(api.firings.length > 0, "the watch round fired the alert");
  assert.deepEqual(firings, api.firings.map((f) => f.cluster));
  // The article's markup shows as text in the panel.
  const first = page.locator("#firings li.firing").first();
  assert.match(await first.textContent(), /<script>window.__xss='alert';alert\(5\)<\/script>/);
  await page.locator("#alerts-panel").screenshot({ path: join(shots, "08-alerts.png") });
  // A firing opens its event: the source sentence, highlighted, with the same text.
  await first.locator("button.sentence-link").click();
  await ready(page);
  const id = api.firings[0].event.id;
  assert.match(page.url(), new RegExp(`[?&]event=${id}`));
  assert.equal(await page.textContent("#sentence"), (await getJson("/api/events/" + id)).event.sentence.text);
  assert.ok((await page.textContent("#sentence mark.trigger")).length > 0);
  assert.equal(await page.isVisible("#alerts-panel"), false, "the panel gives way to the event");
  await page.screenshot({ path: join(shots, "09-alert-event.png"), fullPage: true });
  // And its document.
  await page.goBack();
  await ready(page);
  await page.locator("#firings li.firing").first().locator("button.doc-link").click();
  await ready(page);
  assert.match(page.url(), new RegExp(`[?&]doc=${api.firings[0].event.doc_id}`));
  assert.match(await page.textContent("#doc-text"), /<img src=x onerror="window.__xss='alert-img'">/);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(dialogs, 0);
  assert.equal(await page.$$eval("img", (i) => i.length), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
