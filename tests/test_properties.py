"""Invariants over generated and mutated articles (hypothesis; bounded for CI).

A longer fuzz run: HYPOTHESIS_PROFILE=fuzz python -m pytest tests/test_properties.py
"""

import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.extract import extract
from pipeline.ingest import IngestError

settings.register_profile("ci", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Pieces of real news text, markup and hostile characters, recombined at random.
PIECES = ["AmazonがOpenAIに", "最大500億ドル", "約7.5兆円", "数十億ドル規模の出資", "CEO Andy Jassy氏",
          "ソフトバンクグループ", "株式会社カワセミ", "$1.3 Billion", "30億〜50億ドル", "1ドル=150円",
          "| 企業 | 金額 |\n|---|---|\n| 楽天 | 100億円 |\n", "<a href='https://x.jp/a'>", "</a>",
          "---\ntitle: x\n---\n", "。", "\n", " ", "\u200b", "\u202e", "😀", "ｶﾀｶﾅ", "e\u0301",
          "１２３", "億", "兆", "円", "ドル", "(", "）", "『", "\t", "\r\n"]

articles = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)),
                    max_size=30).map("".join)


def check_records(text):
    try:
        result = extract(text)
    except IngestError:
        return  # empty or binary-looking text: refused with a message, by design
    spans = []
    for record in result.entities + result.amounts:
        assert text[record.start:record.end] == record.text
        assert record.start < record.end
    for e in sorted(result.entities, key=lambda e: e.start):
        assert not spans or spans[-1] <= e.start, "entity spans overlap"
        spans.append(e.end)
    for deal in result.deals:
        if deal.start is not None and deal.source == "text":
            assert 0 <= deal.start < deal.end <= len(text)


@given(articles)
@example("0£A")  # an amount split off the only token used to leave no sentences at all
def test_generated_articles_keep_every_invariant(text):
    check_records(text)


@given(articles, st.data())
def test_mutated_articles_keep_every_invariant(text, data):
    """Cut, duplicate or insert at random places: offsets must still hold."""
    if text:
        i = data.draw(st.integers(0, len(text) - 1))
        j = data.draw(st.integers(i, len(text)))
        text = text[:i] + data.draw(st.sampled_from(PIECES)) + text[j:] + text[i:j]
    check_records(text)
