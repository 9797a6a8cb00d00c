"""Deal precision/recall against a gold deals file, and what the table reader saw.

    python bench/eval_deals.py [--corpus corpus] [--gold ../shared/eval/seeds.deals.jsonl]

Deals match on (investor, investee, source) through the gold entity clusters
(GUIDELINES.md: spelling of canonical names is free; a predicted name is mapped
to the gold canonical of the gold mentions it coincides with), then on the
amount fields (currency, value, low, high, qualifier).  The eval files are read
where they are, never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.check import check, summary  # noqa: E402
from pipeline.deals import article_deals, ents_from_doc  # noqa: E402
from pipeline.ingest import read_article  # noqa: E402
from pipeline.nlp import analyze  # noqa: E402
from pipeline.schema import MONEY  # noqa: E402
from pipeline.tables import find_tables  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
AMOUNT_FIELDS = ("currency", "value", "low", "high", "qualifier")


def read_jsonl(path: Path) -> dict[str, dict]:
    with open(path, encoding="utf-8") as fh:
        return {d["doc_id"]: d for d in map(json.loads, filter(str.strip, fh))}


def run_article(path: Path):
    """(article, tables, ents, deals) wired as the per-article runner wires them."""
    article = read_article(path)
    chunks, _ = analyze(article)
    tables = find_tables(article.text)
    ents = [e for c in chunks for e in ents_from_doc(c.doc, c.start)]
    deals = article_deals([(c.start, c.doc) for c in chunks], tables, ents, article.doc_id)
    return article, tables, ents, deals


def name_map(ents, gold_entities) -> dict[str, str]:
    """Predicted canonical -> the gold canonical its mentions share most often."""
    gold = {(g["start"], g["end"]): g.get("canonical") for g in gold_entities
            if g.get("canonical")}
    votes: dict[str, Counter] = defaultdict(Counter)
    for e in ents:
        if e.label != MONEY and (e.start, e.end) in gold:
            votes[e.canonical or e.text][gold[e.start, e.end]] += 1
    return {name: c.most_common(1)[0][0] for name, c in votes.items()}


def deal_key(d: dict) -> tuple:
    return d["investor"], d["investee"], d["source"]


def amount_of(d: dict) -> tuple:
    return tuple(d.get(f) for f in AMOUNT_FIELDS)


def score(pred: list[dict], gold: list[dict]):
    """(pair matches, full matches, misses, false alarms, amount errors)."""
    gold_by = {deal_key(g): g for g in gold}
    pairs = full = 0
    wrong, extra = [], []
    for p in pred:
        g = gold_by.pop(deal_key(p), None)
        if g is None:
            extra.append(p)
            continue
        pairs += 1
        if amount_of(p) == amount_of(g):
            full += 1
        else:
            wrong.append((p, g))
    return pairs, full, list(gold_by.values()), extra, wrong


def prf(hit: int, n_pred: int, n_gold: int) -> str:
    p = hit / n_pred if n_pred else 0.0
    r = hit / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  ({hit}/{n_pred} predicted, {hit}/{n_gold} gold)"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--gold", type=Path, default=EVAL / "seeds.deals.jsonl")
    ap.add_argument("--entities", type=Path, default=None,
                    help="gold entities for name matching (default: beside --gold)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every deal and verdict")
    args = ap.parse_args(argv)
    if not args.gold.exists():
        print(f"no gold file at {args.gold}; nothing to score")
        return 0
    entities_path = args.entities or args.gold.with_name(
        args.gold.name.replace(".deals.", ".entities."))
    gold_docs = read_jsonl(args.gold)
    gold_ents = read_jsonl(entities_path) if entities_path.exists() else {}

    totals = Counter()
    by_source = defaultdict(Counter)
    verdicts = Counter()
    for doc_id, gold in sorted(gold_docs.items()):
        path = next((p for p in args.corpus.glob(f"{doc_id}.*")), None)
        if path is None:
            print(f"{doc_id}: article not in {args.corpus}; skipped")
            continue
        article, tables, ents, deals = run_article(path)
        names = name_map(ents, gold_ents.get(doc_id, {}).get("entities", []))
        pred = []
        for d in deals:
            row = d.to_row()
            row["investor"] = names.get(row["investor"], row["investor"])
            row["investee"] = names.get(row["investee"], row["investee"])
            pred.append(row)
        gold_deals = [{k: g.get(k) for k in ("investor", "investee", "source") + AMOUNT_FIELDS}
                      for g in gold["deals"]]
        pairs, full, misses, extra, wrong = score(pred, gold_deals)
        totals.update(pred=len(pred), gold=len(gold_deals), pairs=pairs, full=full)
        for source in ("text", "table"):
            s = score([p for p in pred if p["source"] == source],
                      [g for g in gold_deals if g["source"] == source])
            by_source[source].update(pred=sum(p["source"] == source for p in pred),
                                     gold=sum(g["source"] == source for g in gold_deals),
                                     pairs=s[0], full=s[1])
        vs = check(deals)
        verdicts.update(summary(vs))

        print(f"\n== {doc_id}: {len(tables)} table(s), {len(pred)} deals, gold {len(gold_deals)}")
        for t in tables:
            broken = [r for r in t.records if r.malformed]
            print(f"  table {t.index}: {t.kind}, {t.orientation}, {len(t.records)} records, "
                  f"roles {sorted(set(t.roles.values()))}, {len(broken)} malformed")
            for r in broken:
                print(f"    {r.label}: {r.note}")
        for g in misses:
            print(f"  MISS  {g['source']:5} {g['investor']} -> {g['investee']} "
                  f"{amount_of(g)}")
        for p in extra:
            print(f"  EXTRA {p['source']:5} {p['investor']} -> {p['investee']} "
                  f"{amount_of(p)}  « {p['sentence'][:70]} »")
        for p, g in wrong:
            print(f"  AMOUNT {p['source']:5} {p['investor']} -> {p['investee']}: "
                  f"got {amount_of(p)}, gold {amount_of(g)}")
        if args.verbose:
            for p in pred:
                print(f"  deal  {p['source']:5} {p['investor']} -> {p['investee']} "
                      f"{amount_of(p)} status={p['status']}")
            for v in vs:
                r = v.to_row()
                print(f"  check {r['verdict']:10} {r['investor']} -> {r['investee']}: "
                      f"{r['table_amount']} | {r['text_amount']} | {r['note'] or ''}")

    print("\n== deals")
    n_pred, n_gold = totals["pred"], totals["gold"]
    print(f"  pair (investor, investee, source): {prf(totals['pairs'], n_pred, n_gold)}")
    print(f"  pair + amount:                     {prf(totals['full'], n_pred, n_gold)}")
    for source, c in by_source.items():
        print(f"  {source:5} pair + amount:               {prf(c['full'], c['pred'], c['gold'])}")
    print(f"  amount accuracy on matched pairs:  "
          f"{totals['full'] / totals['pairs'] if totals['pairs'] else 0:.3f}")
    print("== check verdicts: " + ", ".join(f"{k} {n}" for k, n in verdicts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
