"""org_dictionary: IPAdic's organization words, a second opinion for the NER's vote.

Sudachi's dictionary has no category for organizations: 松竹, 大林組 and 東宝 are
plain proper nouns to it, as a product or a ship is.  IPAdic, the MeCab
dictionary (through fugashi), tags names of organizations 名詞-固有名詞-組織.  On
its own that tag is no company (teams, parties, schools and unknown Latin words
carry it too: of its words in the Stockmark dev split, fewer than a third are
gold companies); beside one NER model's company span with the same edges it
is the second vote the span lacked (README, Entities).
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

ORGANIZATION = "名詞-固有名詞-組織"


@lru_cache(maxsize=1)
def _tagger():
    import fugashi
    import ipadic

    return fugashi.GenericTagger(ipadic.MECAB_ARGS)


@lru_cache(maxsize=4)  # the vote and, with --dict-features, each model's features read one chunk
def ipadic_words(text: str) -> tuple[tuple[int, int, str], ...]:
    """IPAdic's words of ``text``: (start, end, part of speech), an unknown word's
    part of speech (MeCab's guess) marked ``?``.

    >>> ipadic_words("松竹の映画")
    ((0, 2, '名詞-固有名詞-組織'), (2, 3, '助詞-連体化-*'), (3, 5, '名詞-一般-*'))
    >>> ipadic_words("Zorblax社")[0]
    (0, 7, '?名詞-一般-*')
    """
    words, pos = [], 0
    for word in _tagger()(text):
        start = text.find(word.surface, pos)
        if start < 0:  # MeCab drops white space but never rewrites characters
            continue
        pos = start + len(word.surface)
        # a dictionary entry carries 9 fields, an unknown word 7
        known = len(word.feature) > 7
        words.append((start, pos, ("" if known else "?") + "-".join(word.feature[:3])))
    return tuple(words)


def is_organization(words: tuple[tuple[int, int, str], ...], start: int, end: int) -> bool:
    """Whether ``words`` (:func:`ipadic_words`) hold organization words from ``start``
    to ``end`` and nothing else: one word (大林組) or several (しんわ + ディーシーカード).

    >>> text = "施工は大林組が担当し、しんわディーシーカードとZorblaxが協力"
    >>> words = ipadic_words(text)
    >>> [is_organization(words, text.find(w), text.find(w) + len(w))
    ...  for w in ("大林組", "しんわディーシーカード", "大林", "Zorblax")]
    [True, True, False, False]
    """
    i = bisect_left(words, start, key=lambda w: w[0])  # words are in text order
    if i == len(words) or words[i][0] != start:
        return False  # no word starts there: the span cuts one
    j = bisect_left(words, end, lo=i, key=lambda w: w[0])
    return words[j - 1][1] == end and all(w[2] == ORGANIZATION for w in words[i:j])
