"""Our Sudachi tokenizer gives exactly the tokens of spaCy's own Japanese tokenizer,
except names glued to the honorific 氏 or a title, which it splits, and kana in
brackets after kanji, which it does not take for a reading."""

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


@pytest.mark.parametrize("text, expected", [
    # Sudachi reads these as one rare name (岸氏 and 金氏 surnames, 一氏 a given name) ...
    ("岸氏は語った。", ["岸/人名-姓", "氏/接尾辞-名詞的-一般"]),
    ("金氏 が", ["金/人名-姓", "氏/接尾辞-名詞的-一般"]),
    ("伊藤穣一氏が", ["伊藤/人名-姓", "穣/人名-名", "一/人名-名", "氏/接尾辞-名詞的-一般"]),
    # ... and a famous name with its office (a title of two or more characters).
    ("トランプ大統領は", ["トランプ/人名-一般", "大統領/普通名詞-一般"]),
    # ... a name and the honorific already apart stay so; 足利尊氏 and 源氏 are no such names.
    ("佐藤氏は", ["佐藤/人名-姓", "氏/接尾辞-名詞的-一般"]),
    ("足利尊氏は", ["足利尊氏/人名-一般"]),
    ("源氏物語", ["源氏/人名-一般", "物語/普通名詞-一般"]),
])
def test_a_name_glued_to_the_honorific_or_a_title_is_split(text, expected):
    doc = shared_nlp("ja").make_doc(text)
    tokens = [f"{t.text}/{t.tag_.removeprefix('名詞-').removeprefix('固有名詞-')}" for t in doc]
    assert tokens[:len(expected)] == expected
    assert "".join(t.text_with_ws for t in doc) == text


@pytest.mark.parametrize("text, expected", [
    # Up to four kana in brackets after kanji are no reading glued to the last morpheme
    # (SudachiPy's IgnoreYomiganaPlugin) but the name's other form, tokens of their own.
    ("百度（バイドゥ）は", ["百", "度", "（", "バイドゥ", "）", "は"]),
    ("河蝉集団(カワセミ)が", ["河", "蝉", "集団", "(", "カワセミ", ")", "が"]),
    ("漢字（かんじ）", ["漢字", "（", "かんじ", "）"]),
])
def test_kana_in_brackets_after_kanji_are_tokens_of_their_own(text, expected):
    doc = shared_nlp("ja").make_doc(text)
    assert [t.text for t in doc] == expected
    assert len(spacy.blank("ja").make_doc(text)) < len(expected)  # SudachiPy's default glues them


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
