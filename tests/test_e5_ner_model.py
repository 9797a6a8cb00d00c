"""The shipped NER (pipeline/models/e5ner) loads and finds ORG / PERSON spans.

Sentences are written for this test (not taken from the seed articles or the
Stockmark data); names are invented. Spans must exclude titles and honorifics
(氏, 社長, CEO) and include legal forms (株式会社).
"""

import pytest
import spacy

from pipeline.nlp import NER_MODEL


@pytest.fixture(scope="module")
def nlp():
    assert (NER_MODEL / "config.cfg").is_file(), f"no model at {NER_MODEL}"
    return spacy.load(NER_MODEL)


def ents(nlp, text):
    return {(e.text, e.label_) for e in nlp(text).ents}


def test_model_is_self_contained(nlp):
    assert nlp.pipe_names == ["jnews_e5_ner"]
    assert set(nlp.get_pipe("jnews_e5_ner").labels) == {"ORG", "PERSON", "ORG_OTHER"}
    assert nlp.meta["jnews_training"]["heldout_fold"] is None  # the shipped one saw all folds
    # the pipeline's tokenizer: SudachiPy mode C, Sudachi POS in tag_
    assert nlp.tokenizer.split_mode == "C"


@pytest.mark.parametrize("text, expected", [
    ("Daniela Ortiz氏は、東京で開かれた説明会で新しい戦略を語った。", {("Daniela Ortiz", "PERSON")}),
    ("株式会社ハルカゼ工業の村瀬誠一社長は、来年度に新工場を建設すると発表した。",
     {("株式会社ハルカゼ工業", "ORG"), ("村瀬誠一", "PERSON")}),
    ("Brightloom Robotics Inc.のCEO、Tobias Lindgren氏は提携を発表した。",
     {("Brightloom Robotics Inc.", "ORG"), ("Tobias Lindgren", "PERSON")}),
    ("ソラマメ商事は、ミズナラ銀行から50億円を借り入れた。", {("ソラマメ商事", "ORG"), ("ミズナラ銀行", "ORG")}),
])
def test_finds_invented_companies_and_people(nlp, text, expected):
    found = ents(nlp, text)
    assert expected <= found
    assert not any(word in name for name, _ in found for word in ("氏", "社長", "CEO"))


def test_a_regulator_is_not_a_company(nlp):
    doc = nlp("公正取引委員会は、株式会社ハルカゼ工業に立ち入り検査を行った。")
    assert not any(e.text == "公正取引委員会" and e.label_ == "ORG" for e in doc.ents)
