#!/usr/bin/env python3
"""Turns tamga event JSONL (stdin) into the prediction lines a benchmark scorer reads.

usage: events_pred.py plover|petrarch < events.jsonl > predictions.jsonl

plover:   {"id": doc_uri, "type", "status", "source": {"code"}} (plover/score.py reads the
          type, reads planned status as PLOVER's future types, and the source country).
petrarch: {"id": doc_id, "source": source.code, "target": target.code or null, "cameo"}.
The event's own "id" is a hash, so the record id is taken from doc_uri/doc_id.
"""
import json
import sys


def code(actor):
    if isinstance(actor, dict):
        return actor.get("code") or None
    return None


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("plover", "petrarch"):
        sys.exit(__doc__)
    kind = sys.argv[1]
    out = sys.stdout
    for n, line in enumerate(sys.stdin, 1):
        line = line.strip()
        if not line:
            continue
        try:
            e = json.loads(line)
        except json.JSONDecodeError as err:
            sys.exit(f"error: event line {n}: not JSON ({err})")
        if kind == "plover":
            src = e.get("source") or {}
            rec = {
                "id": e.get("doc_uri") or e.get("doc_id"),
                "type": e.get("type"),
                "status": e.get("status"),
                "source": {"code": code(src), "country": src.get("country") if isinstance(src, dict) else None},
                "cameo": e.get("cameo"),
                "rule": (e.get("explanation") or {}).get("rule"),
            }
        else:
            rec = {
                "id": e.get("doc_id") or e.get("doc_uri"),
                "source": code(e.get("source")),
                "target": code(e.get("target")),
                "cameo": e.get("cameo"),
            }
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
