"""train/e5_torch.py (training, PyTorch) and pipeline/e5_ner.py (prediction, NumPy) are
one network: the same weights give the same tag scores, and training moves them."""

import numpy
import pytest
import spacy

torch = pytest.importorskip("torch")  # the test extra installs it; the pipeline does not need it

from pipeline.e5_ner import E5EntityRecognizer, batch_arrays, log_softmax  # noqa: E402
from train.e5_torch import Tagger  # noqa: E402


@pytest.fixture(scope="module")
def component():
    return E5EntityRecognizer("jnews_e5_ner")


def test_torch_and_numpy_give_the_same_scores(component):
    c = component.config
    texts = ("株式会社ハルカゼ工業の村瀬誠一社長", "Brightloom Robotics Inc.")
    seqs = [component.tokenizer.encode(t)[0] for t in texts]
    ids, attention = batch_arrays(seqs, c.bos, c.eos, c.pad)
    model = Tagger(c, component.pretrained.word_q4, len(component.tags)).load_numpy(component.members[0]).eval()
    with torch.no_grad():
        ours = log_softmax(model(torch.from_numpy(ids), torch.from_numpy(attention)).numpy())
    theirs = component.tag_scores(ids, attention)
    assert numpy.allclose(ours[attention], theirs[attention], atol=1e-3)


def test_weights_round_trip_by_name(component):
    weights = component.initial_weights()
    model = Tagger(component.config, component.pretrained.word_q4, len(component.tags))
    state = model.load_numpy(weights).numpy_state()
    assert state.keys() == weights.keys()
    assert all(numpy.array_equal(state[k], weights[k]) for k in state)


def test_a_few_steps_of_training_learn_a_name():
    from train.train_e5ner import examples, fine_tune

    component = E5EntityRecognizer("jnews_e5_ner", o_bias=0.0)  # a few steps learn little odds
    records = [{"text": f"{name}は新製品を発表した。", "entities": [{"start": 0, "end": len(name), "label": "ORG"}]}
               for name in ("ソラマメ商事", "ミズナラ銀行", "ハルカゼ工業", "クスノキ電機")] * 4
    losses = []
    trained = fine_tune(component, examples(component, records), epochs=10, lr=3e-4, seed=0,
                        log=lambda line: losses.append(float(line.split("loss ")[1].split()[0])))
    assert losses[-1] < losses[0]
    assert not numpy.array_equal(component.initial_weights()["layers.11.fo.weight"], trained["layers.11.fo.weight"])
    component.members = [trained]
    doc = component(spacy.blank("ja").make_doc("クスノキ電機は新製品を発表した。"))
    assert [(e.text, e.label_) for e in doc.ents] == [("クスノキ電機", "ORG")]
