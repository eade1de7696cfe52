// Converts world-atlas's TopoJSON country shapes (Natural Earth, via npm `world-atlas`) into
// ../world.json: one SVG path per country in an equirectangular projection (x = lon + 180,
// y = 90 - lat, viewBox 0 0 360 180), so the UI draws the map with no library and no network.
// Run once (`npm ci && npm run world`); the output is committed.
import { readFileSync, writeFileSync } from "node:fs";

const [src, out] = process.argv.slice(2);
const topo = JSON.parse(readFileSync(src, "utf8"));
const [sx, sy] = topo.transform.scale;
const [tx, ty] = topo.transform.translate;

// Arcs are delta-encoded quantized points; decode them to lon/lat once.
const arcs = topo.arcs.map((arc) => {
  let x = 0, y = 0;
  return arc.map(([dx, dy]) => {
    x += dx; y += dy;
    return [x * sx + tx, y * sy + ty];
  });
});

function ring(indices) {
  const pts = [];
  for (const i of indices) {
    const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
    // Consecutive arcs share their joining point.
    pts.push(...(pts.length ? a.slice(1) : a));
  }
  return pts;
}

const r = (v) => Math.round(v * 10) / 10;
function path(rings) {
  let d = "";
  for (const pts of rings) {
    let last = "";
    let prevLon = null;
    pts.forEach(([lon, lat], k) => {
      const p = `${r(lon + 180)},${r(90 - lat)}`;
      if (p === last) return;
      // A ring crossing the antimeridian jumps across the map: start a new piece instead.
      const jump = prevLon !== null && Math.abs(lon - prevLon) > 180;
      d += (k === 0 || jump ? "M" : "L") + p;
      last = p;
      prevLon = lon;
    });
    d += "Z";
  }
  return d;
}

const countries = [];
for (const g of topo.objects.countries.geometries) {
  let rings = [];
  if (g.type === "Polygon") rings = g.arcs.map(ring);
  else if (g.type === "MultiPolygon") rings = g.arcs.flatMap((poly) => poly.map(ring));
  else continue;
  countries.push({ id: g.id ?? null, name: g.properties?.name ?? "", d: path(rings) });
}

writeFileSync(
  out,
  JSON.stringify({
    source: "Natural Earth 1:110m admin 0 countries via npm world-atlas 2.0.2 (ISC); see README.md",
    viewBox: [0, 0, 360, 180],
    countries,
  }) + "\n",
);
console.log(`${countries.length} countries written to ${out}`);
