"""evaluate: score entity records against gold files in the formats of GUIDELINES.md.

Pure functions over (start, end, label) spans, so that the bench scripts and anyone
who annotates their own articles score the same way:

- exact: a prediction is right when start, end and label all equal a gold span's;
- lenient: a prediction is right when it overlaps a gold span of its label (each
  gold span and each prediction is paired at most once);
- error kinds, per gold span not found exactly: ``boundary`` (an overlapping
  prediction of its label), ``label`` (same edges, other label), ``label+boundary``
  (overlapping, other label), ``missed`` (nothing overlaps); and per prediction that
  overlaps no gold span of any label: ``spurious``;
- canonical names: B-cubed over the mentions found exactly, clustered by gold
  canonical against predicted canonical (GUIDELINES.md: scoring checks that the
  mentions of one entity share one name and different entities do not, whatever the
  spelling).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

Span = tuple[int, int, str]  # (start, end, label)


def overlaps(a: Span, b: Span) -> bool:
    """Whether two spans share a character (end is exclusive).

    >>> overlaps((0, 5, "ORG"), (4, 9, "ORG")), overlaps((0, 5, "ORG"), (5, 9, "ORG"))
    (True, False)
    """
    return a[0] < b[1] and b[0] < a[1]


def error_kind(gold: Span, pred: set[Span]) -> str:
    """Why ``gold`` was not found exactly among ``pred``.

    >>> error_kind((0, 6, "ORG"), {(0, 4, "ORG")})
    'boundary'
    >>> error_kind((0, 6, "ORG"), {(0, 6, "PERSON")})
    'label'
    >>> error_kind((0, 6, "ORG"), {(2, 9, "PERSON")})
    'label+boundary'
    >>> error_kind((0, 6, "ORG"), {(7, 9, "ORG")})
    'missed'
    """
    near = [p for p in pred if overlaps(gold, p)]
    if any(p[2] == gold[2] for p in near):
        return "boundary"
    if any(p[:2] == gold[:2] for p in near):
        return "label"
    return "label+boundary" if near else "missed"


def lenient_pairs(gold: set[Span], pred: set[Span]) -> int:
    """How many (gold, prediction) pairs of one label overlap, each span used once;
    exact matches are paired first, then the rest left to right.

    >>> lenient_pairs({(0, 6, "ORG"), (10, 12, "ORG")}, {(0, 4, "ORG"), (3, 6, "ORG")})
    1
    """
    exact = gold & pred
    left = sorted(pred - exact)
    paired = len(exact)
    for g in sorted(gold - exact):
        hit = next((p for p in left if p[2] == g[2] and overlaps(g, p)), None)
        if hit:
            left.remove(hit)
            paired += 1
    return paired


@dataclass
class SpanScore:
    """Counts per label, summed over documents with :meth:`add`."""

    labels: tuple[str, ...]
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    lenient: Counter = field(default_factory=Counter)  # overlapping pairs
    kinds: Counter = field(default_factory=Counter)  # (label, kind)
    errors: list = field(default_factory=list)  # (doc_id, kind, label, surface, context)

    def add(self, gold: set[Span], pred: set[Span], text: str = "", doc_id: str = "") -> None:
        gold = {g for g in gold if g[2] in self.labels}
        pred = {p for p in pred if p[2] in self.labels}
        for label in self.labels:
            g = {x for x in gold if x[2] == label}
            p = {x for x in pred if x[2] == label}
            self.tp[label] += len(g & p)
            self.fp[label] += len(p - g)
            self.fn[label] += len(g - p)
            self.lenient[label] += lenient_pairs(g, p)
        for g in sorted(gold - pred):
            near = sorted(p for p in pred if overlaps(g, p))
            found = ", ".join(f"{text[s:e]}/{label}" for s, e, label in near)
            self._error(doc_id, error_kind(g, pred), g, text, found)
        for p in sorted(pred - gold):
            if not any(overlaps(p, g) for g in gold):
                self._error(doc_id, "spurious", p, text)

    def _error(self, doc_id: str, kind: str, span: Span, text: str, found: str = "") -> None:
        s, e, label = span
        self.kinds[label, kind] += 1
        ctx = (text[max(0, s - 12):s] + "[" + text[s:e] + "]" + text[e:e + 12]).replace("\n", "⏎")
        self.errors.append((doc_id, kind, label, text[s:e], ctx) + ((f"found {found}",) if found else ()))

    def merge(self, other: "SpanScore") -> None:
        for mine, theirs in ((self.tp, other.tp), (self.fp, other.fp), (self.fn, other.fn),
                             (self.lenient, other.lenient), (self.kinds, other.kinds)):
            mine.update(theirs)
        self.errors += other.errors

    def counts(self, label: str, lenient: bool = False) -> tuple[int, int, int]:
        """(right, predicted, gold) spans of ``label`` ("all": every label pooled)."""
        labels = self.labels if label == "all" else (label,)
        right = sum((self.lenient if lenient else self.tp)[x] for x in labels)
        return (right, sum(self.tp[x] + self.fp[x] for x in labels),
                sum(self.tp[x] + self.fn[x] for x in labels))

    def prf(self, label: str, lenient: bool = False) -> tuple[float, float, float]:
        """Precision, recall, F1 of ``label`` ("all": every label pooled)."""
        return prf(*self.counts(label, lenient))

    def table(self) -> str:
        """Markdown: exact and lenient P / R / F1 per label, then the error kinds."""
        rows = ["| label | gold | pred | exact P | R | F1 | lenient P | R | F1 |",
                "|---|---|---|---|---|---|---|---|---|"]
        for label in (*self.labels, "all"):
            _, pred, gold = self.counts(label)
            cells = [*self.prf(label), *self.prf(label, lenient=True)]
            rows.append(f"| {label} | {gold} | {pred} | " + " | ".join(f"{c:.3f}" for c in cells)
                        + " |")
        kinds = ("missed", "boundary", "label", "label+boundary", "spurious")
        rows += ["", "| errors | " + " | ".join(kinds) + " |", "|---" * (len(kinds) + 1) + "|"]
        rows += [f"| {label} | " + " | ".join(str(self.kinds[label, k]) for k in kinds) + " |"
                 for label in self.labels]
        return "\n".join(rows)


def prf(right: int, pred: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from the counts of right, predicted and gold spans.

    >>> prf(3, 4, 6)
    (0.75, 0.5, 0.6)
    """
    p = right / pred if pred else 0.0
    r = right / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of mentions given as (gold cluster, predicted
    cluster) pairs, e.g. (gold canonical, predicted canonical) of each mention found.

    >>> bcubed([("Amazon", "Amazon"), ("Amazon", "アマゾン"), ("AWS", "AWS")])
    (1.0, 0.6666666666666666, 0.8)
    >>> bcubed([("Amazon", "Amazon"), ("AWS", "Amazon")])
    (0.5, 1.0, 0.6666666666666666)
    """
    if not pairs:
        return 0.0, 0.0, 0.0
    by_gold, by_pred, both = Counter(), Counter(), Counter(pairs)
    for g, p in pairs:
        by_gold[g] += 1
        by_pred[p] += 1
    precision = sum(both[g, p] / by_pred[p] for g, p in pairs) / len(pairs)
    recall = sum(both[g, p] / by_gold[g] for g, p in pairs) / len(pairs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_gold_entities(path: str | Path) -> dict[str, list[dict]]:
    """doc_id -> the gold entities of a ``<set>.entities.jsonl`` file."""
    gold = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                gold[rec["doc_id"]] = rec["entities"]
            except (ValueError, KeyError) as exc:
                raise ValueError(f"{path}, line {n}: not a gold entities record ({exc})") from exc
    return gold


def canonical_pairs(gold: list[dict], pred: dict[Span, str | None], doc_id: str = ""
                    ) -> list[tuple[str, str]]:
    """(gold canonical, predicted canonical) of each ORG / PERSON mention found exactly;
    names are tied to ``doc_id`` only when one side has none."""
    pairs = []
    for e in gold:
        key = (e["start"], e["end"], e["label"])
        if e["label"] in ("ORG", "PERSON") and key in pred:
            pairs.append((e.get("canonical") or f"{doc_id}:{e['text']}",
                          pred[key] or f"{doc_id}:{e['text']}"))
    return pairs

