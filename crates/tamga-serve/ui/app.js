// tamga web UI: filters kept in the URL, a timeline, an actor network, a map, the alerts and
// their firings, an events table, an event view and a document view, all drawn from the JSON API of `tamga serve`.
// Article text is untrusted: every piece of data reaches the page through textContent or
// createTextNode, never as markup, and no data is ever used as a link target.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const FILTERS = ["actor", "type", "status", "since", "until", "text"];
const QUADS = ["neutral", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
const PALETTE = ["#4a6fa5", "#e07a5f", "#3d9970", "#f2cc8f", "#81b29a", "#b56576", "#6d597a",
  "#e09f3e", "#335c67", "#9e2a2b", "#5fa8d3", "#a7c957", "#bc6c25", "#7209b7", "#588157",
  "#ff8fab", "#6c757d", "#2a9d8f", "#e76f51", "#264653"];

// ---- DOM helpers: text only ----

function el(tag, cls, ...children) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  for (const c of children) append(e, c);
  return e;
}

function append(parent, child) {
  if (child === null || child === undefined) return;
  parent.appendChild(typeof child === "string" || typeof child === "number"
    ? document.createTextNode(String(child)) : child);
}

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  return e;
}

function svgTitle(parent, text) {
  const t = svg("title");
  t.textContent = text;
  parent.appendChild(t);
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

function $(sel) {
  return document.querySelector(sel);
}

function setStatus(text) {
  $("#status").textContent = text;
}

// ---- URL state ----

function params() {
  return new URLSearchParams(window.location.search);
}

function filterParams() {
  const p = params();
  const out = new URLSearchParams();
  for (const k of FILTERS) {
    const v = p.get(k);
    if (v) out.set(k, v);
  }
  return out;
}

function navigate(p, replace) {
  const q = p.toString();
  const url = window.location.pathname + (q ? "?" + q : "");
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

async function api(path, query) {
  const q = query && query.toString();
  const resp = await fetch(path + (q ? "?" + q : ""), { headers: { Accept: "application/json" } });
  const body = await resp.json().catch(() => ({}));
  if (!resp.ok) throw new Error(body.error || resp.statusText);
  return body;
}

function hashColor(s) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

function actorLabel(a) {
  if (!a) return "-";
  return a.code + (a.name ? " (" + a.name + ")" : a.text ? " (" + a.text + ")" : "");
}

function clip(s, n) {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > n ? one.slice(0, n - 1) + "…" : one;
}

// ---- filters bar ----

function fillForm() {
  const p = params();
  const form = $("#filters");
  for (const k of FILTERS) form.elements[k].value = p.get(k) || "";
}

function onSubmit(ev) {
  ev.preventDefault();
  const form = $("#filters");
  const p = new URLSearchParams();
  for (const k of FILTERS) {
    const v = form.elements[k].value.trim();
    if (v) p.set(k, v);
  }
  navigate(p);
}

// ---- timeline ----

function drawTimeline(data) {
  const box = $("#timeline");
  clear(box);
  const periods = [...new Set(data.buckets.map((b) => b.period))].sort();
  const types = [...new Set(data.buckets.map((b) => b.type))].sort();
  if (!periods.length) {
    box.appendChild(el("p", "empty", "No dated events."));
    return;
  }
  const totals = new Map();
  for (const b of data.buckets) totals.set(b.period, (totals.get(b.period) || 0) + b.events);
  const max = Math.max(...totals.values());
  const W = 900, H = 160, left = 30, bottom = 30;
  const bw = (W - left) / periods.length;
  const s = svg("svg", { viewBox: `0 0 ${W} ${H + bottom}`, id: "timeline-svg", role: "img" });
  s.appendChild(svg("line", { x1: left, y1: H, x2: W, y2: H, stroke: "#9aa3b2" }));
  const maxLabel = svg("text", { x: 0, y: 10 });
  maxLabel.textContent = String(max);
  s.appendChild(maxLabel);
  periods.forEach((p, i) => {
    let y = H;
    for (const t of types) {
      const b = data.buckets.find((x) => x.period === p && x.type === t);
      if (!b) continue;
      const h = (b.events / max) * (H - 10);
      y -= h;
      const r = svg("rect", { class: "bar", x: left + i * bw + 1, y, width: Math.max(bw - 2, 1), height: h, fill: hashColor(t) });
      svgTitle(r, `${p} ${t}: ${b.events}`);
      s.appendChild(r);
    }
    const every = Math.ceil(periods.length / 12);
    if (i % every === 0) {
      const label = svg("text", { x: left + i * bw + 1, y: H + 14 });
      label.textContent = p;
      s.appendChild(label);
    }
  });
  box.appendChild(s);
  const legend = el("div", "legend");
  for (const t of types) {
    legend.appendChild(el("span", null, swatchColored(hashColor(t)), t));
  }
  if (data.unplaced) legend.appendChild(el("span", null, `${data.unplaced} not within one month`));
  box.appendChild(legend);
}

function swatchColored(color) {
  const s = svg("svg", { width: 10, height: 10, class: "swatch" });
  s.appendChild(svg("rect", { width: 10, height: 10, fill: color }));
  return s;
}

// ---- actor network ----

function drawNetwork(net) {
  const box = $("#network");
  clear(box);
  if (!net.nodes.length) {
    box.appendChild(el("p", "empty", "No actors."));
    return;
  }
  const W = 440, H = 320;
  const idx = new Map(net.nodes.map((n, i) => [n.code, i]));
  // Fruchterman–Reingold from a circle, cooling linearly: deterministic, so the same data
  // draws the same picture.
  const n = net.nodes.length;
  const pos = net.nodes.map((_, i) => {
    const a = (2 * Math.PI * i) / n;
    return { x: W / 2 + (W / 4) * Math.cos(a), y: H / 2 + (H / 4) * Math.sin(a) };
  });
  const links = net.edges.filter((e) => idx.has(e.source) && idx.has(e.target) && e.source !== e.target);
  const k = 1.4 * Math.sqrt((W * H) / n);
  const steps = 200;
  for (let step = 0; step < steps; step++) {
    const temp = (W / 10) * (1 - step / steps);
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
        const d = Math.max(Math.hypot(dx, dy), 0.01);
        const f = (k * k) / d;
        disp[i].x += (dx / d) * f; disp[i].y += (dy / d) * f;
        disp[j].x -= (dx / d) * f; disp[j].y -= (dy / d) * f;
      }
    }
    for (const l of links) {
      const a = idx.get(l.source), b = idx.get(l.target);
      const dx = pos[a].x - pos[b].x, dy = pos[a].y - pos[b].y;
      const d = Math.max(Math.hypot(dx, dy), 0.01);
      const f = (d * d) / k;
      disp[a].x -= (dx / d) * f; disp[a].y -= (dy / d) * f;
      disp[b].x += (dx / d) * f; disp[b].y += (dy / d) * f;
    }
    pos.forEach((p, i) => {
      // A little gravity keeps unconnected actors on the canvas.
      disp[i].x += (W / 2 - p.x) * 0.05 * k / 10;
      disp[i].y += (H / 2 - p.y) * 0.05 * k / 10;
      const d = Math.max(Math.hypot(disp[i].x, disp[i].y), 0.01);
      p.x += (disp[i].x / d) * Math.min(d, temp);
      p.y += (disp[i].y / d) * Math.min(d, temp);
    });
  }
  // Fit the layout to the canvas.
  const xs = pos.map((p) => p.x), ys = pos.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  pos.forEach((p) => {
    p.x = 20 + ((p.x - x0) / Math.max(x1 - x0, 1)) * (W - 80);
    p.y = 14 + ((p.y - y0) / Math.max(y1 - y0, 1)) * (H - 28);
  });
  const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, id: "network-svg", role: "img" });
  const maxEdge = Math.max(1, ...links.map((l) => l.events));
  for (const l of links) {
    const a = pos[idx.get(l.source)], b = pos[idx.get(l.target)];
    const line = svg("line", { class: `edge q${l.quad_class}`, x1: a.x, y1: a.y, x2: b.x, y2: b.y,
      "stroke-width": 1 + (3 * l.events) / maxEdge, "data-quad": l.quad_class });
    svgTitle(line, `${l.source} → ${l.target}: ${l.type} ×${l.events} (${QUADS[l.quad_class] || l.quad_class})`);
    s.appendChild(line);
  }
  const maxNode = Math.max(1, ...net.nodes.map((n) => n.events));
  net.nodes.forEach((n, i) => {
    const g = svg("g", { class: "node", "data-code": n.code });
    const c = svg("circle", { cx: pos[i].x, cy: pos[i].y, r: 3 + 9 * Math.sqrt(n.events / maxNode) });
    svgTitle(c, `${n.code} ${n.name}: ${n.events} events`);
    g.appendChild(c);
    const t = svg("text", { x: pos[i].x + 8, y: pos[i].y + 3 });
    t.textContent = n.code;
    g.appendChild(t);
    g.addEventListener("click", () => {
      const p = filterParams();
      p.set("actor", n.code);
      navigate(p);
    });
    s.appendChild(g);
  });
  box.appendChild(s);
  box.appendChild(quadLegend());
}

function quadLegend() {
  const legend = el("div", "legend");
  QUADS.forEach((q, i) => legend.appendChild(el("span", null, el("span", `swatch q${i}`), `${i} ${q}`)));
  return legend;
}

// ---- map ----

let world = null;

async function drawMap(data) {
  const box = $("#map");
  if (!world) world = await api("/world.json");
  clear(box);
  const s = svg("svg", { viewBox: mapView(data.places).join(" "), id: "map-svg", role: "img" });
  for (const c of world.countries) {
    const p = svg("path", { class: "country", d: c.d });
    svgTitle(p, c.name);
    s.appendChild(p);
  }
  const max = Math.max(1, ...data.places.map((p) => p.events));
  for (const pl of data.places) {
    const q = pl.quad_classes.indexOf(Math.max(...pl.quad_classes));
    const scale = Number(s.getAttribute("viewBox").split(" ")[2]) / 360;
    const c = svg("circle", { class: `place q${q}`, cx: pl.lon + 180, cy: 90 - pl.lat,
      r: (1.5 + 5 * Math.sqrt(pl.events / max)) * scale });
    svgTitle(c, `${pl.name}${pl.country ? " (" + pl.country + ")" : ""}: ${pl.events} events`);
    c.addEventListener("click", () => navigate(withPlace(pl.name)));
    s.appendChild(c);
  }
  box.appendChild(s);
  box.appendChild(el("div", "legend", `${data.places.length} places with coordinates`));
}

// The part of the world around the places (2:1, at least 60 degrees wide), or all of it.
function mapView(places) {
  if (!places.length) return world.viewBox;
  const xs = places.map((p) => p.lon + 180), ys = places.map((p) => 90 - p.lat);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2, cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  let w = Math.max(60, (Math.max(...xs) - Math.min(...xs)) * 1.3, (Math.max(...ys) - Math.min(...ys)) * 2.6);
  w = Math.min(w, 360);
  const h = w / 2;
  const x = Math.min(Math.max(cx - w / 2, 0), 360 - w), y = Math.min(Math.max(cy - h / 2, 0), 180 - h);
  return [x, y, w, h].map((v) => Math.round(v * 10) / 10);
}

function withPlace(name) {
  // The filters bar has no place field; a place click searches its name in the sentences.
  const p = filterParams();
  p.set("text", name);
  return p;
}

// ---- events table ----

let nextCursor = null;

function eventRow(e) {
  const tr = el("tr", "event-row",
    el("td", null, e.date || "-"),
    el("td", null, e.type),
    el("td", null, e.status),
    el("td", null, actorLabel(e.source)),
    el("td", null, actorLabel(e.target)),
    el("td", null, e.location ? e.location.name : "-"),
    el("td", null, e.mentions),
    el("td", "sentence", clip(e.sentence.text, 160)));
  tr.dataset.id = e.id;
  tr.addEventListener("click", () => openEvent(e.id));
  return tr;
}

function openEvent(id) {
  const p = filterParams();
  p.set("event", id);
  navigate(p);
}

function openDoc(id) {
  const p = filterParams();
  p.set("doc", id);
  navigate(p);
}

async function loadEvents(more) {
  const q = filterParams();
  q.set("limit", "100");
  if (more && nextCursor) q.set("cursor", nextCursor);
  const page = await api("/api/events", q);
  const body = $("#events tbody");
  if (!more) clear(body);
  for (const e of page.events) body.appendChild(eventRow(e));
  nextCursor = page.next;
  $("#more").hidden = !nextCursor;
  $("#count").textContent = `${body.children.length}${nextCursor ? "+" : ""} events`;
}

// ---- event view ----

function field(dl, name, value) {
  dl.appendChild(el("dt", null, name));
  dl.appendChild(el("dd", null, value === null || value === undefined || value === "" ? "-" : value));
}

function evidence(ev) {
  return ev ? `"${ev.text}"` : null;
}

async function showEvent(id) {
  const view = $("#event-view");
  clear(view);
  view.hidden = false;
  const d = await api("/api/events/" + encodeURIComponent(id));
  const e = d.event;
  const back = el("button", "link", "← back to the list");
  back.addEventListener("click", () => navigate(filterParams()));
  view.appendChild(back);
  view.appendChild(el("h2", null, `${e.type}${e.mode ? " (" + e.mode + ")" : ""} — ${actorLabel(e.source)} → ${actorLabel(e.target)}`));
  const box = el("div", "sentence-box");
  box.id = "sentence";
  for (const seg of d.sentence.segments) {
    if (seg.mark) {
      const m = el("mark", seg.mark, seg.text);
      m.dataset.mark = seg.mark;
      m.title = seg.mark;
      box.appendChild(m);
    } else {
      box.appendChild(document.createTextNode(seg.text));
    }
  }
  view.appendChild(box);
  const legend = el("div", "legend");
  for (const m of ["trigger", "source", "target", "cue", "time", "place"]) legend.appendChild(el("mark", m, m));
  view.appendChild(legend);

  const x = d.explanation;
  const dl = el("dl", "fields");
  field(dl, "Status", e.status + (x.cue ? ` (cue ${evidence(x.cue)})` : ""));
  const basis = { text: "from the text", publication: "from the publication date only", none: "nothing dates it" }[e.date_basis] || e.date_basis;
  field(dl, "Date", `${e.date || "none"}${e.date_precision ? " (" + e.date_precision + ")" : ""}, ${basis}${x.time ? " " + evidence(x.time) : ""}`);
  field(dl, "CAMEO", `${e.cameo} (root ${e.cameo_root}), quad class ${e.quad_class} ${QUADS[e.quad_class] || ""}, Goldstein ${e.goldstein}`);
  field(dl, "Place", e.location ? `${e.location.name}${e.location.country ? ", " + e.location.country : ""}${e.location.lat !== null && e.location.lat !== undefined ? ` (${e.location.lat}, ${e.location.lon})` : ""}` : null);
  field(dl, "Quantities", e.quantities.length ? e.quantities.map((q) => `${q.value}${q.unit ? " " + q.unit : ""} ("${q.text}")`).join("; ") : null);
  field(dl, "Quote", e.quote ? `${e.quote.indirect ? "reported speech" : "quotation"} by "${e.quote.speaker}"${e.quote.code ? " (" + e.quote.code + ")" : ""}` : null);
  field(dl, "Trigger", `${evidence(x.trigger)}${x.passive ? ", passive voice" : ""}`);
  field(dl, "Pattern", x.pattern);
  field(dl, "Rule", x.rule);
  field(dl, "Source", `${actorLabel(e.source)}${x.source ? " " + evidence(x.source) : ""}`);
  field(dl, "Target", `${actorLabel(e.target)}${x.target ? " " + evidence(x.target) : ""}`);
  field(dl, "Event id", e.id);
  view.appendChild(dl);

  const docs = new Map(d.documents.map((doc) => [doc.id, doc]));
  view.appendChild(el("h3", null, `Mentions of this event (${d.mentions.length})` +
    (d.cluster ? `, ${d.cluster.first_date || "?"} – ${d.cluster.last_date || "?"}, sources: ${d.cluster.sources.join(", ")}` : "")));
  const ul = el("ul", "mentions");
  ul.id = "mentions";
  for (const m of d.mentions) {
    const doc = docs.get(m.doc_id);
    const link = el("button", "link", doc ? (doc.title || doc.name) : m.doc_id);
    link.addEventListener("click", () => openDoc(m.doc_id));
    const mention = el("button", "link", m.id === e.id ? "(this mention)" : "open");
    mention.addEventListener("click", () => openEvent(m.id));
    ul.appendChild(el("li", null, `${m.date || "-"} `, link, ": ", clip(m.sentence.text, 200), " ", mention));
  }
  view.appendChild(ul);
  view.scrollIntoView();
}

// ---- document view ----

async function showDoc(id) {
  const view = $("#doc-view");
  clear(view);
  view.hidden = false;
  const d = await api("/api/documents/" + encodeURIComponent(id));
  const doc = d.document;
  const back = el("button", "link", "← back to the list");
  back.addEventListener("click", () => navigate(filterParams()));
  view.appendChild(back);
  const h = el("h2", null, doc.title || doc.name);
  h.id = "doc-title";
  view.appendChild(h);
  const dl = el("dl", "fields");
  // The uri is shown as text only: it is never made a link.
  field(dl, "URI", doc.uri);
  field(dl, "Source", doc.source);
  field(dl, "Published", doc.published);
  field(dl, "Authors", doc.authors.join(", "));
  field(dl, "Language", doc.lang);
  field(dl, "Events", d.events.length);
  view.appendChild(dl);
  const text = el("div", "doc-text");
  text.id = "doc-text";
  for (const seg of d.segments) {
    if (seg.events.length) {
      const m = el("mark", "event-sentence", seg.text);
      m.title = `${seg.events.length} event(s)`;
      m.addEventListener("click", () => openEvent(seg.events[0]));
      text.appendChild(m);
    } else {
      text.appendChild(document.createTextNode(seg.text));
    }
  }
  view.appendChild(text);
  view.scrollIntoView();
}

// ---- alerts ----

// The saved alerts and their newest firings; each firing opens its event (the source
// sentence, highlighted) or its document.
function drawAlerts(data) {
  const list = $("#alerts");
  const firings = $("#firings");
  clear(list);
  clear(firings);
  $("#alerts-count").textContent = data.alerts.length
    ? `${data.alerts.length} saved, newest firings first` : "";
  if (!data.alerts.length) {
    list.appendChild(el("li", "muted", "No saved alerts: add one with tamga alerts add NAME --query \"...\"."));
  }
  for (const a of data.alerts) {
    const li = el("li", "alert", el("strong", null, a.name), " ", el("code", null, a.query),
      ` — fired ${a.fired} time${a.fired === 1 ? "" : "s"}` + (a.last_fired ? `, last ${a.last_fired}` : ""));
    li.dataset.alert = a.name;
    list.appendChild(li);
  }
  for (const f of data.firings) {
    const e = f.event;
    const li = el("li", "firing", el("strong", null, f.alert), ` ${f.fired_at} · `,
      `${e.type || "?"} ${e.date || "-"} ${e.source || "?"}${e.target ? " → " + e.target : ""}`,
      e.mentions ? ` (${e.mentions} mention${e.mentions === 1 ? "" : "s"})` : "", ": ");
    li.dataset.cluster = f.cluster;
    if (e.id) {
      const open = el("button", "link sentence-link", clip(e.sentence || e.id, 160));
      open.addEventListener("click", () => openEvent(e.id));
      li.appendChild(open);
    } else {
      li.appendChild(document.createTextNode(clip(e.sentence || f.cluster, 160)));
    }
    if (e.doc_id) {
      const doc = el("button", "link doc-link", "document");
      doc.addEventListener("click", () => openDoc(e.doc_id));
      li.append(" ", doc);
    }
    if (f.error) li.appendChild(el("span", "muted", ` (delivery failed: ${f.error})`));
    firings.appendChild(li);
  }
}

// ---- page ----

async function render() {
  fillForm();
  const p = params();
  const f = filterParams();
  $("#event-view").hidden = true;
  $("#doc-view").hidden = true;
  document.body.dataset.ready = "0";
  setStatus("loading…");
  try {
    if (p.get("event")) {
      $("#overview").hidden = true;
      $("#alerts-panel").hidden = true;
      $("#table-panel").hidden = true;
      await showEvent(p.get("event"));
    } else if (p.get("doc")) {
      $("#overview").hidden = true;
      $("#alerts-panel").hidden = true;
      $("#table-panel").hidden = true;
      await showDoc(p.get("doc"));
    } else {
      $("#overview").hidden = false;
      $("#alerts-panel").hidden = false;
      $("#table-panel").hidden = false;
      const [tl, net, places, alerts] = await Promise.all([
        api("/api/timeline", f), api("/api/actors", f), api("/api/places", f), api("/api/alerts"),
        loadEvents(false),
      ]);
      drawAlerts(alerts);
      drawTimeline(tl);
      drawNetwork(net);
      await drawMap(places);
      const types = $("#types");
      if (!types.children.length) {
        for (const t of [...new Set(tl.buckets.map((b) => b.type))].sort()) {
          const o = document.createElement("option");
          o.value = t;
          types.appendChild(o);
        }
      }
    }
    setStatus(f.toString() ? "filters: " + [...f.entries()].map(([k, v]) => `${k}=${v}`).join(", ") : "");
    document.body.dataset.ready = "1";
  } catch (err) {
    setStatus("error: " + err.message);
    document.body.dataset.ready = "error";
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("#filters").addEventListener("submit", onSubmit);
  $("#clear").addEventListener("click", () => navigate(new URLSearchParams()));
  $("#more").addEventListener("click", () => loadEvents(true).catch((e) => setStatus("error: " + e.message)));
  $("#home").addEventListener("click", (ev) => {
    ev.preventDefault();
    navigate(new URLSearchParams());
  });
  window.addEventListener("popstate", render);
  render();
});
