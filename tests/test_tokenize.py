"""Our Sudachi tokenizer gives exactly the tokens of spaCy's own Japanese tokenizer."""

import json
from pathlib import Path

import pytest
import spacy

from pipeline.nlp import shared_nlp

ROOT = Path(__file__).resolve().parents[1]
STOCKMARK = ROOT.parent / "shared" / "eval" / "stockmark-ner-dev.jsonl"

TEXTS = [
    "AmazonがOpenAIに最大500億ドルを投資する。",
    "AmazonのCEO Andy Jassyと孫正義氏、サム・アルトマン。",
    "a  b\n\n c \u3000d ",
    "AWS (Amazon Web Services) と\tGoogle\r\n",
    " 先頭の空白",
    "１兆２０００億円、二十億円、数十億ドル",
    "😀絵文字と\u200bゼロ幅スペース",
] + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]


def attrs(doc):
    return [(t.text, t.whitespace_, t.tag_, t.lemma_, t.norm_, t.pos_) for t in doc]


@pytest.fixture(scope="module")
def reference():
    return spacy.blank("ja", config={"nlp": {"tokenizer": {"split_mode": "C"}}})


@pytest.mark.parametrize("text", TEXTS)
def test_same_tokens_as_spacy_japanese_tokenizer(reference, text):
    assert attrs(shared_nlp("ja").make_doc(text)) == attrs(reference.make_doc(text))


@pytest.mark.skipif(not STOCKMARK.exists(), reason="../shared/eval not present")
def test_same_tokens_on_stockmark_sample(reference):
    rows = [json.loads(line)["text"] for line in STOCKMARK.open(encoding="utf-8")][:300]
    nlp = shared_nlp("ja")
    assert sum(attrs(nlp.make_doc(t)) != attrs(reference.make_doc(t)) for t in rows) == 0


def test_readings():
    doc = shared_nlp("ja").make_doc("投資する 。")
    assert [t._.jnews_reading for t in doc] == ["トウシ", "スル", "。"]


def test_tags_first_seen_in_a_closed_memory_zone_stay_readable():
    # The tokenizer caches tag hashes across docs; a tag first met inside a memory
    # zone must survive the zone (runs close one every ZONE_ARTICLES articles).
    nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {
        "@tokenizers": "jnews.SudachiTokenizer.v1", "split_mode": "C"}}})
    with nlp.memory_zone():
        first = [t.tag_ for t in nlp("えーと、トヨタの株価は上がった。")]
    assert [t.tag_ for t in nlp("えーと、トヨタの株価は上がった。")] == first
