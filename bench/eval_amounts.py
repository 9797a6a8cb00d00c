"""Score MONEY extraction and numeral parsing against the gold files in ../shared/eval.

    python bench/eval_amounts.py            # the table of figures
    python bench/eval_amounts.py -v         # plus every error
    python bench/eval_amounts.py --sudachi  # plus SudachiPy's normalized form on the numerals

Span figures: exact (start, end) matches; precision, recall, F1.  "norm" is, of
the matched spans, the share whose comparable fields are all right:

* seeds: currency, value, low, high and qualifier (GUIDELINES format), of the
  amounts ``jnews run`` writes for the article file (table header hedges such
  as "Approximate Amount" are applied by the pipeline, not by find_amounts).
* msrt-*-currency: value and, where upstream gives an ISO code, currency.
  Upstream has no qualifiers or bounds.  Skipped, because GUIDELINES differs:
  items with no value (a bare currency name such as "ドル" is no MONEY mention);
  units counted in cents/pence are compared after dividing by 100 (GUIDELINES
  counts whole currency units).
* msrt-ja-number and duckling-ja: parse_number(gold span) against the gold
  value, on items whose value upstream checks (ignore_resolution false); a
  second msrt-ja-number row adds the unchecked ones (noisier: a few are wrong).
  Skipped: fractions (分の, a/b) and dozens (ダース), which are not money numerals.
* msrt-ja-numberrange: the numerals inside each gold span, parsed with
  parse_number, against the interval's finite bounds.  The hedge words
  themselves are not scored: upstream bounds are open/closed intervals
  ("AからB" excludes B), GUIDELINES qualifiers are not.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))

from pipeline.extract import extract  # noqa: E402
from pipeline.money import find_amounts, format_decimal, parse_number  # noqa: E402

MINOR_UNITS = {"Cent", "Pence", "Penny"}
NOT_MONEY_NUMERALS = re.compile(r"分の|/|ダース")
NUMERAL_RUN = re.compile(r"[-−－]?[\d０-９,，.．・〇零一二三四五六七八九十百千万億兆]+")


def _jsonl(name: str) -> list[dict]:
    with open(EVAL / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _record(a) -> dict:
    """The GUIDELINES fields of an amount record (or of a find_amounts match's amount)."""
    return {"currency": a.currency, "value": format_decimal(a.value),
            "low": format_decimal(a.low), "high": format_decimal(a.high),
            "qualifier": a.qualifier}


def _amounts(text: str) -> list[SimpleNamespace]:
    """find_amounts, flattened to what an amounts.csv row holds (start, end, text, fields)."""
    return [SimpleNamespace(start=m.start, end=m.end, text=m.text, **asdict(m.amount))
            for m in find_amounts(text)]


def _score_spans(name, docs, fields_ok, errors, find=_amounts):
    """docs: (doc label, text, gold items with start/end); ``find``: text -> records with
    start, end, text and the amount fields. Returns a result row."""
    tp = n_pred = n_gold = norm_ok = 0
    for label, text, gold in docs:
        pred = {(m.start, m.end): m for m in find(text)}
        gold_by_span = {(g["start"], g["end"]): g for g in gold}
        n_pred += len(pred)
        n_gold += len(gold_by_span)
        for span, g in gold_by_span.items():
            if span not in pred:
                errors.append(f"{name} {label}: missed {g['text']!r} {span}")
                continue
            tp += 1
            problem = fields_ok(g, pred[span])
            if problem:
                errors.append(f"{name} {label}: {g['text']!r} {problem}")
            else:
                norm_ok += 1
        for span, m in pred.items():
            if span not in gold_by_span:
                errors.append(f"{name} {label}: spurious {m.text!r} {span}")
    return name, n_gold, *_prf(tp, n_pred, n_gold), norm_ok, tp


def _seed_fields(gold: dict, match) -> str | None:
    got = _record(match)
    bad = {k: (gold[k], got[k]) for k in got if gold[k] != got[k]}
    return f"gold/got {bad}" if bad else None


def _msrt_fields(gold: dict, a) -> str | None:
    value = Decimal(gold["value"])
    if gold["unit"] in MINOR_UNITS:
        value /= 100
    if a.value is None or a.value != value:
        return f"value gold {format_decimal(value)} got {format_decimal(a.value)}"
    if gold["iso"] and gold["iso"] != a.currency:
        return f"currency gold {gold['iso']} got {a.currency}"
    return None


def seeds(errors):
    docs = []
    for line in _jsonl("seeds.amounts.jsonl"):
        path = next((ROOT / "corpus").glob(line["doc_id"] + ".*"), None)
        if path is None:
            errors.append(f"seeds: no corpus file for {line['doc_id']}")
            continue
        docs.append((line["doc_id"], path.read_bytes().decode("utf-8"), line["amounts"]))
    return _score_spans("seeds", docs, _seed_fields, errors,
                        find=lambda text: extract(text).amounts)


def msrt_currency(lang: str, errors):
    docs, skipped = [], 0
    for i, rec in enumerate(_jsonl(f"msrt-{lang}-currency-dev.jsonl")):
        kept = [g for g in rec["expected"] if g["value"] is not None]
        skipped += len(rec["expected"]) - len(kept)
        docs.append((f"#{i}", rec["input"], kept))
    row = _score_spans(f"msrt-{lang}-currency", docs, _msrt_fields, errors)
    return row, skipped


def numbers(name: str, errors, parser=parse_number, unchecked=False):
    """(dataset, items scored, correct, skipped) for gold numeral values; ``unchecked``
    also scores values upstream does not check (some of those are wrong upstream)."""
    scored = correct = skipped = 0
    for rec in _jsonl(name):
        for g in rec["expected"]:
            if (rec.get("ignore_resolution") and not unchecked) or g["value"] is None \
                    or NOT_MONEY_NUMERALS.search(g["text"]):
                skipped += 1
                continue
            scored += 1
            got = parser(g["text"])
            if got is not None and got == Decimal(g["value"]):
                correct += 1
            else:
                errors.append(f"{name}: {g['text']!r} gold {g['value']} got {format_decimal(got)}")
    return name, scored, correct, skipped


def number_ranges(errors, parser=parse_number):
    scored = correct = skipped = 0
    for rec in _jsonl("msrt-ja-numberrange-dev.jsonl"):
        for g in rec["expected"]:
            if rec.get("ignore_resolution") or NOT_MONEY_NUMERALS.search(g["text"]):
                skipped += 1
                continue
            scored += 1
            gold = sorted({Decimal(g[k]) for k in ("min", "max") if g.get(k) is not None})
            got = sorted({v for v in map(parser, NUMERAL_RUN.findall(g["text"])) if v is not None})
            if got == gold:
                correct += 1
            else:
                errors.append(f"numberrange: {g['text']!r} gold {gold} got {got}")
    return "msrt-ja-numberrange", scored, correct, skipped


def sudachi_parser():
    """SudachiPy (mode C) normalized form as a numeral parser, for comparison."""
    from sudachipy import dictionary, tokenizer

    tok = dictionary.Dictionary().create()
    mode = tokenizer.Tokenizer.SplitMode.C

    def parse(text: str) -> Decimal | None:
        norm = "".join(m.normalized_form() for m in tok.tokenize(text, mode)).replace(",", "")
        return Decimal(norm) if re.fullmatch(r"-?\d+(\.\d+)?", norm) else None

    return parse


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="print every error")
    ap.add_argument("--sudachi", action="store_true",
                    help="also score SudachiPy's normalized form as the numeral parser")
    args = ap.parse_args(argv)
    if not EVAL.is_dir():
        print(f"no gold data at {EVAL}", file=sys.stderr)
        return 1
    errors: list[str] = []
    span_rows = [seeds(errors)]
    skipped_values = {}
    for lang in ("ja", "en"):
        row, skipped_values[row[0]] = msrt_currency(lang, errors)
        span_rows.append(row)
    print(f"{'MONEY spans':24} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6} {'norm':>12}")
    for name, n_gold, p, r, f1, ok, tp in span_rows:
        norm = f"{ok}/{tp} {ok / tp:.2f}" if tp else "-"
        print(f"{name:24} {n_gold:5d} {p:6.3f} {r:6.3f} {f1:6.3f} {norm:>12}")
    for name, n in skipped_values.items():
        print(f"  {name}: {n} gold items without a value skipped (bare currency names)")

    parsers = [("parse_number", parse_number)]
    if args.sudachi:
        parsers.append(("sudachi norm", sudachi_parser()))
    print(f"\n{'numeral values':24} {'parser':>13} {'scored':>6} {'right':>6} {'acc':>6} "
          f"{'skipped':>8}")
    for label, parser in parsers:
        errs = errors if label == "parse_number" else []
        rows = [numbers(n, errs, parser) for n in
                ("msrt-ja-number-dev.jsonl", "duckling-ja-dev.jsonl")]
        rows.append(number_ranges(errs, parser))
        name, *rest = numbers("msrt-ja-number-dev.jsonl", [], parser, unchecked=True)
        rows.append(("  incl. unchecked values", *rest))
        for name, scored, correct, skipped in rows:
            acc = correct / scored if scored else 0.0
            print(f"{name.removesuffix('.jsonl'):24} {label:>13} {scored:6d} {correct:6d} "
                  f"{acc:6.3f} {skipped:8d}")
    if args.verbose:
        print("\n" + "\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
