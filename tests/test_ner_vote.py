"""The vote between NER models trained with other seeds (pipeline/ner.py)."""

import pytest
import spacy
from spacy.tokens import Span

import pipeline.ner  # noqa: F401 - registers the factories (entry points do too)
from pipeline.nlp import build_nlp


def doc_with_votes(nlp, text, votes):
    """A Doc whose stashed model spans are ``votes``: one list of (start, end, label) token
    spans per model."""
    doc = nlp.make_doc(text)
    for k, spans in enumerate(votes):
        doc.spans[f"jnews_ner_{k}"] = [Span(doc, s, e, label=label) for s, e, label in spans]
    return doc


@pytest.mark.parametrize("votes, min_votes, expected", [
    # two of three agree on the span and its label: kept; one alone: dropped
    ([[(0, 1, "ORG")], [(0, 1, "ORG")], [(2, 3, "PERSON")]], 2, [("Amazon", "ORG")]),
    # the same span with other labels is no agreement
    ([[(0, 1, "ORG")], [(0, 1, "PERSON")], []], 2, []),
    # a different edge is no agreement either
    ([[(0, 2, "ORG")], [(0, 1, "ORG")], [(0, 2, "ORG")]], 2, [("Amazon and", "ORG")]),
    # min_votes 1: every span any model found (overlaps: the longest)
    ([[(0, 1, "ORG")], [(2, 3, "PERSON")], [(0, 2, "ORG")]], 1,
     [("Amazon and", "ORG"), ("Jassy", "PERSON")]),
])
def test_vote_keeps_the_spans_enough_models_agree_on(votes, min_votes, expected):
    nlp = spacy.blank("en")
    vote = nlp.add_pipe("jnews_ner_vote", config={
        "keys": [f"jnews_ner_{k}" for k in range(3)], "min_votes": min_votes})
    doc = vote(doc_with_votes(nlp, "Amazon and Jassy", votes))
    assert [(e.text, e.label_) for e in doc.ents] == expected
    assert not doc.spans  # the stashed groups are gone


@pytest.mark.parametrize("text, lone, dictionary_vote, expected", [
    # one model's company span that IPAdic reads as an organization's name: kept
    ("施工は大林組が担当した。", "大林組", True, ["大林組"]),
    ("興行系統は松竹の六番館であった。", "松竹", True, ["松竹"]),
    # without the dictionary's vote, one model is no majority
    ("施工は大林組が担当した。", "大林組", False, []),
    # a word IPAdic does not know as an organization gets no vote
    ("施工はゾルブラックスが担当した。", "ゾルブラックス", True, []),
    # organization words and nothing else: 映画 is a common noun to it
    ("製作は東宝映画が担当した。", "東宝映画", True, []),
])
def test_the_dictionary_votes_for_a_company_it_knows(text, lone, dictionary_vote, expected):
    nlp = spacy.blank("ja")
    vote = nlp.add_pipe("jnews_ner_vote", config={
        "keys": [f"jnews_ner_{k}" for k in range(3)], "min_votes": 2, "dictionary_vote": dictionary_vote})
    doc = nlp.make_doc(text)
    start = text.index(lone)
    span = doc.char_span(start, start + len(lone), label="ORG")
    assert span is not None, [t.text for t in doc]
    doc.spans["jnews_ner_0"] = [span]
    assert [e.text for e in vote(doc).ents] == expected


def test_stash_moves_the_entities_and_clears_them():
    nlp = spacy.blank("en")
    stash = nlp.add_pipe("jnews_ner_stash", config={"key": "jnews_ner_1"})
    doc = nlp.make_doc("Amazon and Jassy")
    doc.ents = [Span(doc, 0, 1, label="ORG")]
    doc = stash(doc)
    assert list(doc.ents) == [] and [s.text for s in doc.spans["jnews_ner_1"]] == ["Amazon"]


def test_every_model_folder_asked_for_must_exist(tmp_path):
    with pytest.raises(FileNotFoundError, match="no NER model"):
        build_nlp("ja", ner_model=[tmp_path, tmp_path / "missing"])


def test_a_vote_is_not_voted_again():
    from pipeline.ner import load_ner
    from pipeline.nlp import NER_MODELS

    with pytest.raises(ValueError, match="not one NER model"):
        load_ner([NER_MODELS["cnn"], NER_MODELS["cnn"]])
    with pytest.raises(ValueError, match="not one NER model"):  # nor e5 and a CNN mixed
        load_ner([NER_MODELS["e5"], NER_MODELS["cnn"]])


def test_the_dictionary_feature_architecture_embeds_every_token():
    """jnews.DictHashEmbed.v1 (train/train_ner.py --dict-features) resolves by name and
    gives one vector per token, IPAdic's column among its inputs."""
    from spacy.util import registry

    make = registry.architectures.get("jnews.DictHashEmbed.v1")
    model = make(width=16, attrs=["NORM", "TAG"], rows=[50, 50], dict_rows=20, include_static_vectors=False)
    doc = spacy.blank("ja").make_doc("施工は大林組が担当した。")
    model.initialize(X=[doc])
    (vectors,) = model.predict([doc])
    assert vectors.shape == (len(doc), 16)
