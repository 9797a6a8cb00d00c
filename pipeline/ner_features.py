"""ner_features: IPAdic's reading of each token as an NER feature (``jnews.DictHashEmbed.v1``).

A training option (``train/train_ner.py --dict-features``), measured and not in
the shipped model (README, Entities): the NER's embedding hashes, beside
spaCy's NORM, PREFIX, SUFFIX, SHAPE and Sudachi's TAG, IPAdic's part of speech
for the word covering the token's first character (it has 名詞-固有名詞-組織,
which Sudachi lacks) and whether that word starts and ends with the token.  A
model trained so needs this module to load.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import intify_attr
from spacy.ml.staticvectors import StaticVectors
from spacy.strings import hash_string
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array

from .org_dictionary import ipadic_words
from .tokenize import doc_text


def token_features(doc: Doc) -> list[str]:
    """One string per token: IPAdic's part of speech at the token's first character,
    with ``[`` if IPAdic's word starts there and ``]`` if one ends where the token ends.

    >>> from spacy.vocab import Vocab
    >>> token_features(Doc(Vocab(), words=["施工", "は", "大林", "組", "が"], spaces=[False] * 5))[2:]
    ['[名詞-固有名詞-組織', '名詞-固有名詞-組織]', '[助詞-格助詞-一般]']
    """
    words = ipadic_words(doc_text(doc))
    starts = [w[0] for w in words]
    ends = {w[1] for w in words}
    out = []
    for token in doc:
        i = bisect_right(starts, token.idx) - 1
        tag = words[i][2] if i >= 0 and words[i][1] > token.idx else "none"
        opened = "[" if i >= 0 and starts[i] == token.idx else ""
        closed = "]" if token.idx + len(token.text) in ends else ""
        out.append(f"{opened}{tag}{closed}")
    return out


def _features(attrs: list[str]) -> Model:
    """spaCy's hashed attributes plus the IPAdic column, one row per token."""
    ids = [intify_attr(a) for a in attrs]

    def forward(model, docs, is_train):
        out = []
        for doc in docs:
            base = doc.to_array(ids).reshape(len(doc), len(ids)).astype("uint64")
            extra = numpy.array([hash_string(f) for f in token_features(doc)], dtype="uint64")
            out.append(model.ops.asarray2i(numpy.hstack([base, extra.reshape(len(doc), 1)]), dtype="uint64"))
        return out, lambda d: []

    return Model("jnews_dict_features", forward)


@registry.architectures("jnews.DictHashEmbed.v1")
def dict_hash_embed(width: int, attrs: list[str], rows: list[int], dict_rows: int,
                    include_static_vectors: bool) -> Model:
    """spaCy's ``MultiHashEmbed.v2`` (same seeds and layers) with one more hashed column,
    :func:`token_features`."""
    tables = [HashEmbed(width, n, column=i, seed=8 + i, dropout=0.0) for i, n in enumerate([*rows, dict_rows])]
    hashed = chain(_features(attrs), list2ragged(), with_array(concatenate(*tables)))
    size = width * (len(tables) + include_static_vectors)
    embed = concatenate(hashed, StaticVectors(width, dropout=0.0)) if include_static_vectors else hashed
    return chain(embed, with_array(Maxout(width, size, nP=3, dropout=0.0, normalize=True)), ragged2list())
