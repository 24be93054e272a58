#!/usr/bin/env python3
"""Check a dyad gold file: every line parses, fields are well formed, and
count records per tag and asserted events per CAMEO root.

Usage: python3 testdata/gold/check.py testdata/gold/dev.jsonl [cameo_codes.csv]
The optional CSV (../shared/data/cameo/icews_cameo_codes.csv) checks that
every code exists; without it only the code shape is checked.
"""
import collections, csv, json, re, sys

MODS = {"asserted", "negated", "planned", "hypothetical", "denied"}


def main():
    path = sys.argv[1]
    known = None
    if len(sys.argv) > 2:
        with open(sys.argv[2], encoding="utf-8", errors="replace") as f:
            known = {r["code"] for r in csv.DictReader(f)}
    tags = collections.Counter()
    roots = collections.Counter()
    rootrecs = collections.Counter()
    mods = collections.Counter()
    ids = set()
    bad = 0
    n = 0
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                print(f"{path}:{ln}: bad JSON: {e}")
                bad += 1
                continue
            n += 1
            errs = []
            for k in ("id", "date", "text", "events", "tags"):
                if k not in r:
                    errs.append(f"missing {k}")
            if r.get("id") in ids:
                errs.append("duplicate id")
            ids.add(r.get("id"))
            if not re.fullmatch(r"20[0-2]\d-[01]\d-[0-3]\d", r.get("date", "")):
                errs.append("bad date")
            for e in r.get("events", []):
                c = e.get("code", "")
                if not re.fullmatch(r"\d{3,4}", c) or e.get("root") != c[:2]:
                    errs.append(f"bad code/root {c}/{e.get('root')}")
                if known is not None and c not in known:
                    errs.append(f"unknown CAMEO code {c}")
                if e.get("modality") not in MODS:
                    errs.append(f"bad modality {e.get('modality')}")
                if not re.fullmatch(r"[A-Z0-9]{3,}", e.get("source", "")) or not re.fullmatch(r"[A-Z0-9]{3,}", e.get("target", "")):
                    errs.append("bad actor code")
                mods[e.get("modality")] += 1
                if e.get("modality") == "asserted":
                    roots[e.get("root")] += 1
            if not r.get("events") and "no-event" not in r.get("tags", []):
                errs.append("empty events without no-event tag")
            for root in {e.get("root") for e in r.get("events", []) if e.get("modality") == "asserted"}:
                rootrecs[root] += 1
            for t in r.get("tags", []):
                tags[t] += 1
            for msg in errs:
                print(f"{path}:{ln}: {r.get('id')}: {msg}")
                bad += 1
    print(f"records: {n}, problems: {bad}")
    print("asserted events per root:", " ".join(f"{k}={roots[k]}" for k in sorted(roots)))
    print("records with an asserted event per root:", " ".join(f"{k}={rootrecs[k]}" for k in sorted(rootrecs)))
    print("events per modality:", dict(mods))
    print("records per tag:")
    for t, c in sorted(tags.items()):
        print(f"  {t}: {c}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
