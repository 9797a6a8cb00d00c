"""pipeline/e5_ner.py: windows, tags, decoding and the component's own plumbing.

What the trained model finds is tested in tests/test_e5_ner_model.py; here the
model is untrained (a random tag layer), so only the mechanics are checked.
"""

import numpy
import pytest
import spacy

from pipeline.e5_ner import (
    E5EntityRecognizer,
    allowed_transitions,
    bio_tags,
    piece_tags,
    tag_spans,
    token_scores,
    viterbi,
    windows,
)
from pipeline.encoder import pretrained

TAGS = bio_tags(["ORG", "PERSON", "ORG_OTHER"])


@pytest.fixture(scope="module")
def tokenizer():
    return pretrained().tokenizer


@pytest.mark.parametrize("text,spans", [
    ("株式会社ハルカゼ工業の村瀬誠一社長", [(0, 10, "ORG"), (11, 15, "PERSON")]),
    ("Brightloom Robotics Inc.のCEO、Tobias Lindgren氏", [(0, 24, "ORG"), (29, 44, "PERSON")]),
    ("公正取引委員会は調査した。", [(0, 7, "ORG_OTHER")]),
    ("ＮＴＴドコモ（ドコモ）", [(0, 6, "ORG"), (7, 10, "ORG")]),
])
def test_gold_spans_come_back_from_their_piece_tags(tokenizer, text, spans):
    ids, offsets = tokenizer.encode(text)
    tagged = piece_tags(offsets, spans, TAGS)
    assert tagged[0] == 0 or TAGS[tagged[0]].startswith("B-")
    back = [(offsets[first][0] if offsets[first][0] < offsets[first][1] else offsets[first + 1][0],
             offsets[end - 1][1], label) for first, end, label in tag_spans(tagged, TAGS)]
    assert back == spans


def test_windows_cover_a_long_text_once_in_order(tokenizer):
    text = "".join(f"第{i}社の株式会社サンプル{i}は増資した。\n" for i in range(200))
    got = windows(text, tokenizer, 60)
    assert all(len(ids) == len(offsets) <= 60 for _, ids, offsets in got)
    offsets = [o for _, _, offs in got for o in offs]
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(offsets, offsets[1:]))
    assert {i for a, b in offsets for i in range(a, b)} >= {i for i, ch in enumerate(text) if not ch.isspace()}


def test_a_sentence_longer_than_a_window_is_cut(tokenizer):
    text = "ア" * 50 + "。"
    got = windows(text, tokenizer, 10)
    assert len(got) > 1 and all(len(ids) <= 10 for _, ids, _ in got)


def test_viterbi_never_continues_another_label():
    ok = allowed_transitions(TAGS)
    rng = numpy.random.default_rng(0)
    for _ in range(50):
        path = viterbi(numpy.log(rng.dirichlet(numpy.ones(len(TAGS)), size=12)), TAGS)
        assert not TAGS[path[0]].startswith("I-")
        assert all(ok[a, b] for a, b in zip(path, path[1:]))


def test_a_token_takes_its_first_pieces_scores():
    scores = numpy.arange(8.0).reshape(4, 2)
    # pieces: "ab" "c" | "de" ; a token with no piece (a space) scores zero
    out = token_scores([(0, 3), (3, 4), (4, 6)], [(0, 2), (2, 3), (4, 6), (6, 7)], scores)
    assert out.tolist() == [[0, 1], [0, 0], [4, 5]]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {
        "@tokenizers": "jnews.SudachiTokenizer.v1", "split_mode": "C"}}})
    nlp.add_pipe("jnews_e5_ner")
    return nlp


def test_entities_fall_on_tokens_and_pipe_equals_call(nlp):
    texts = ["株式会社ハルカゼ工業の村瀬誠一社長は語った。", "Brightloom Robotics Inc.と提携。", ""]
    one = [[(e.start, e.end, e.label_) for e in nlp(t).ents] for t in texts]
    many = [[(e.start, e.end, e.label_) for e in d.ents] for d in nlp.pipe(texts, batch_size=2)]
    assert one == many
    for doc in nlp.pipe(texts):
        assert all(not e[0].is_space and not e[-1].is_space for e in doc.ents)


def test_saved_weights_load_back(nlp, tmp_path):
    text = "株式会社ハルカゼ工業の村瀬誠一社長は語った。"
    before = nlp.get_pipe("jnews_e5_ner").piece_scores([text])[0][1]
    nlp.to_disk(tmp_path / "m")
    assert (tmp_path / "m" / "jnews_e5_ner" / "weights-0.npz").stat().st_size < 50_000_000
    after = spacy.load(tmp_path / "m").get_pipe("jnews_e5_ner").piece_scores([text])[0][1]
    assert numpy.array_equal(before, after)  # float16 in memory as on disk


def test_weights_for_other_labels_are_refused(nlp, tmp_path):
    nlp.get_pipe("jnews_e5_ner").to_disk(tmp_path / "c")
    with pytest.raises(ValueError, match="trained for labels"):
        E5EntityRecognizer("x", labels=["ORG"]).from_disk(tmp_path / "c")


def test_members_average_their_probabilities(nlp, tmp_path):
    component = E5EntityRecognizer("x")
    first = component.initial_weights()
    second = {**first, "out.bias": first["out.bias"] + numpy.arange(len(first["out.bias"]), dtype="float32")}
    ids, attention = numpy.array([[0, 100, 200, 2]]), numpy.ones((1, 4), dtype=bool)
    scores = []
    for members in ([first], [second], [first, second]):
        component.members = members
        scores.append(numpy.exp(component.tag_scores(ids, attention)))
    assert numpy.allclose(scores[2], (scores[0] + scores[1]) / 2, atol=1e-5)
    component.to_disk(tmp_path / "two")
    assert len(E5EntityRecognizer("y").from_disk(tmp_path / "two").members) == 2


def test_several_model_folders_load_as_one_component_of_all_their_members(nlp, tmp_path):
    from pipeline.ner import load_ner

    component = nlp.get_pipe("jnews_e5_ner")
    first = component.members[0]
    component.members = [first, {**first, "out.bias": first["out.bias"] + 1}]
    nlp.to_disk(tmp_path / "a")
    component.members = [first]
    nlp.to_disk(tmp_path / "b")
    pooled = load_ner([tmp_path / "a", tmp_path / "b"])
    assert pooled.pipe_names == ["jnews_e5_ner"]
    members = pooled.get_pipe("jnews_e5_ner").members
    assert [m["out.bias"][0] - first["out.bias"][0] for m in members] == [0, 1, 0]


def test_models_of_the_same_data_join_and_others_are_refused(nlp, tmp_path):
    from train.join_e5ner import join

    data = {"heldout_fold": 0, "stockmark_train": 2194, "generated": 2500, "drop_labels": ["ORG_OTHER"]}
    recipe = {"epochs": 4, "lr": 1e-4, "threads": 1}
    for name, extra in (("s0", {"seeds": [0]}), ("s1", {"seeds": [1]}), ("s1b", {"seeds": [1]}),
                        ("ld0", {"seeds": [0], "lr": 1.5e-4, "layer_decay": 0.85}),
                        ("f1", {"seeds": [2], "heldout_fold": 1})):
        nlp.meta["jnews_training"] = {**data, **recipe, "train_seconds": 10.0, **extra}
        nlp.to_disk(tmp_path / name)
    members = join([tmp_path / "s0", tmp_path / "ld0"], tmp_path / "joined")
    assert [(m["seed"], m["lr"], m.get("layer_decay")) for m in members] == [(0, 1e-4, None), (0, 1.5e-4, 0.85)]
    joined = spacy.load(tmp_path / "joined")
    assert len(joined.get_pipe("jnews_e5_ner").members) == 2
    record = joined.meta["jnews_training"]
    assert {k: record[k] for k in data} == data
    assert [m["lr"] for m in record["members"]] == pytest.approx([1e-4, 1.5e-4])  # JSON's floats
    # a joined model joins again, its members listed one by one
    assert len(join([tmp_path / "joined", tmp_path / "s1"], tmp_path / "three")) == 3
    with pytest.raises(SystemExit, match="heldout_fold"):  # a member saw the fold scored
        join([tmp_path / "s0", tmp_path / "f1"], tmp_path / "bad")
    with pytest.raises(SystemExit, match="twice"):
        join([tmp_path / "s1", tmp_path / "s1b"], tmp_path / "bad")


def test_a_span_never_ends_in_a_particle(nlp):
    """A piece can cross from a name into the particle after it (…ス|の → "スの"); the
    tokens' tags then carry the name on, and the particle is cut off again."""
    component = nlp.get_pipe("jnews_e5_ner")
    doc = nlp.make_doc("SBIホールディングスの北尾吉孝会長")
    tokens = [(t.idx, t.idx + len(t)) for t in doc]
    tags = component.tags
    wanted = ["B-ORG"] + ["I-ORG"] * (len(doc) - 1)  # every token, の and the rest, "in"
    scores = numpy.full((len(doc), len(tags)), -9.0, dtype="float32")
    for row, tag in enumerate(wanted):
        scores[row, tags.index(tag)] = 0.0
    no_index = [t.text for t in doc].index("の")
    component.set_entities(doc, tokens[:no_index + 1], scores[:no_index + 1])
    assert [(e.text, e.label_) for e in doc.ents] == [("SBIホールディングス", "ORG")]


@pytest.mark.parametrize("text, pieces, found", [
    # a piece over two tokens (▁第一 over 第 + 一) begins one name, not two
    ("第一汽車の重役", [((0, 2), "B-ORG"), ((2, 4), "I-ORG"), ((4, 7), "O")], [("第一汽車", "ORG")]),
    # a piece that runs in from the particle before a name: the particle is cut off
    ("とホンダが", [((0, 2), "B-ORG"), ((2, 4), "I-ORG"), ((4, 5), "O")], [("ホンダ", "ORG")]),
    # a name run into the bracket after it: the bracket is cut off, the legal form stays
    ("鶴見工業（株）（横浜）に", [((0, 2), "B-ORG"), ((2, 4), "I-ORG"), ((4, 7), "I-ORG"), ((7, 8), "I-ORG"),
                         ((8, 10), "O"), ((10, 12), "O")], [("鶴見工業（株）", "ORG")]),
])
def test_a_token_inside_a_piece_goes_on_with_its_name(nlp, text, pieces, found):
    component = nlp.get_pipe("jnews_e5_ner")
    doc = nlp.make_doc(text)
    tags = component.tags
    scores = numpy.full((len(pieces), len(tags)), -9.0, dtype="float32")
    for row, (_, tag) in enumerate(pieces):
        scores[row, tags.index(tag)] = 0.0
    component.set_entities(doc, [span for span, _ in pieces], scores)
    assert [(e.text, e.label_) for e in doc.ents] == found


@pytest.mark.parametrize("o_bias, found", [(0.0, [("ハルカゼ", "ORG")]), (0.5, [])])
def test_o_bias_asks_a_name_for_better_odds_than_o(nlp, o_bias, found):
    """A name the model thinks 1.5 times as likely as O is one without the bias, and not
    with the shipped one (e^0.5 = 1.65)."""
    component = nlp.get_pipe("jnews_e5_ner")
    doc = nlp.make_doc("ハルカゼが")
    tags = component.tags
    scores = numpy.full((1, len(tags)), -9.0, dtype="float32")
    scores[0, tags.index("O")], scores[0, tags.index("B-ORG")] = numpy.log(0.4), numpy.log(0.6)
    old, component.o_bias = component.o_bias, o_bias
    try:
        component.set_entities(doc, [(0, 4)], scores)
    finally:
        component.o_bias = old
    assert [(e.text, e.label_) for e in doc.ents] == found


def test_token_scores_match_the_definition_on_random_layouts():
    """The binary search gives what the definition says: the first piece overlapping a token."""
    rng = numpy.random.default_rng(1)
    for _ in range(300):
        cuts = sorted(set(rng.integers(0, 40, 12).tolist()) | {0, 40})
        offsets = [o for a, b in zip(cuts, cuts[1:]) for o in ([(a, a)] if rng.random() < 0.15 else []) + [(a, b)]]
        marks = sorted(set(rng.integers(0, 43, 15).tolist()) | {0})
        tokens = list(zip(marks, marks[1:]))
        scores = rng.standard_normal((len(offsets), 3))
        expected = numpy.zeros((len(tokens), 3))
        for t, (a, b) in enumerate(tokens):
            first = next((i for i, (s, e) in enumerate(offsets) if s < b and e > a), None)
            if first is not None:
                expected[t] = scores[first]
        assert numpy.array_equal(token_scores(tokens, offsets, scores), expected)
