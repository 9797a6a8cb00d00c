"""extract: one article -> :class:`~pipeline.records.Result`, without touching the disk.

This is the library entry point (``pipeline.extract(text)``) and the unit of
work every engine maps over a corpus.  It runs the spaCy pipeline over the
article's chunks, then turns the Docs into plain records with offsets into
the article text.  A failure in one chunk becomes a :class:`Problem`; the
other chunks' records are kept.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

import numpy
from spacy.attrs import IS_SPACE

from . import fx
from .canonical import canonical_name
from .check import check
from .deals import article_deals, ents_from_doc
from .ingest import Article, article_from_text
from .money import AmountMatch, apply_hedge
from .nlp import analyze, detect_language, memory_zone
from .records import AmountRecord, DocumentRecord, EntityRecord, Problem, Result, TokenRecord
from .schema import MONEY, ORG
from .tables import Ent, amount_hedges, find_tables, table_rows, unnamed_companies
from .tokenize import doc_text


@dataclass(frozen=True)
class Options:
    """What a run may change: currency conversion, token output and per-article limits."""
    fx_date: str | None = None
    fx_rate: Decimal | None = None  # JPY per USD, overrides every other rate
    fx_file: str | None = None
    tokens: bool = False
    encoding: str | None = None  # decode every article with this codec (default: detect)
    fast: bool = False  # rules only, no statistical NER: many times faster, lower recall
    ner: str = "e5"  # the statistical NER (pipeline.nlp.NER_MODELS): "e5", or "cnn" (faster, less accurate)
    max_mb: float = 5.0  # an article file larger than this is reported and skipped
    max_seconds: float = 120.0  # an article taking longer than this is reported and skipped


def extract(text: str, doc_id: str = "text", options: Options = Options()) -> Result:
    """Records for one text held in memory.

    >>> r = extract("AmazonのCEO Andy Jassy氏は最大500億ドルを投資する。")
    >>> [(e.label, e.text, e.canonical) for e in r.entities]
    [('ORG', 'Amazon', 'Amazon'), ('PERSON', 'Andy Jassy', 'Andy Jassy'), ('MONEY', '500億ドル', None)]
    >>> a = r.amounts[0]; (a.currency, str(a.high), a.qualifier)
    ('USD', '50000000000', 'up_to')
    """
    return extract_article(article_from_text(text, doc_id=doc_id), options)


def extract_article(article: Article, options: Options = Options()) -> Result:
    """Records for one :class:`Article`."""
    with memory_zone():
        return _records(article, options)


def _records(article: Article, options: Options) -> Result:
    result = Result()
    result.problems += [Problem(article.doc_id, article.path, "ingest", w)
                        for w in article.warnings]
    chunks, errors = analyze(article, ner=None if options.fast else options.ner)
    result.problems += [Problem(article.doc_id, article.path, "nlp", e) for e in errors]

    tables = find_tables(article.text)  # the text as read: HTML tags delimit tables
    hedges = amount_hedges(tables)
    n_tokens = n_sentences = 0
    money = []
    for chunk in chunks:
        doc, base = chunk.doc, chunk.start
        spaces = doc.to_array(IS_SPACE)
        n_tokens += len(doc) - int(spaces.sum())
        bounds = chunk.sentence_bounds()
        text = doc_text(doc)
        sentences = [text[s:e].strip() for s, e in zip(bounds, bounds[1:] + [len(text)])]
        n_sentences += sum(1 for s in sentences if s)
        for ent in doc.ents:
            start, end = base + ent.start_char, base + ent.end_char
            sentence = sentences[bisect_right(bounds, ent.start_char) - 1]
            result.entities.append(EntityRecord(
                article.doc_id, start, end, ent.label_, article.text[start:end],
                ent._.jnews_canonical, sentence))
            if ent.label_ == MONEY:
                amount = ent._.jnews_amount
                for hedge in hedges.get(start, ()):  # Approximate Amount, 推定投資額
                    amount = apply_hedge(amount, hedge)
                money.append((AmountMatch(start, end, article.text[start:end], amount), sentence))
        if options.tokens:
            result.tokens += [_token_record(article.doc_id, base, doc[int(i)])
                              for i in numpy.flatnonzero(spaces == 0)]

    conversions = fx.convert_all([m for m, _ in money], article.text, article.published,
                                 fx_date=options.fx_date, override=options.fx_rate,
                                 rates_file=options.fx_file)
    usd_jpy = conversions[0].fx_rate if conversions else None
    for (match, sentence), conv in zip(money, conversions):
        a = match.amount
        result.amounts.append(AmountRecord(
            article.doc_id, match.start, match.end, match.text, a.currency, a.value, a.low,
            a.high, a.qualifier, sentence, conv.usd, conv.jpy, conv.fx_rate, conv.fx_source))

    ents = [e for c in chunks for e in ents_from_doc(c.doc, c.start)]
    # a company only a table names (カラクリ | 20億円 | …): its column says what it is
    text = article.text
    for cell in unnamed_companies(tables, ents):
        canonical = canonical_name(cell.text)
        row_end = text.find("\n", cell.end)
        row = text[text.rfind("\n", 0, cell.start) + 1:row_end if row_end >= 0 else None].strip()
        result.entities.append(EntityRecord(article.doc_id, cell.start, cell.end, ORG, cell.text,
                                            canonical, row))
        ents.append(Ent(cell.start, cell.end, ORG, cell.text, canonical))
    result.entities.sort(key=attrgetter("start"))
    result.tables += table_rows(tables, ents, article.doc_id)
    result.deals += article_deals([(c.start, c.doc) for c in chunks], tables, ents,
                                  article.doc_id, usd_jpy=usd_jpy)
    result.check += check(result.deals, usd_jpy=usd_jpy)

    result.documents.append(DocumentRecord(
        article.doc_id, article.path, article.title, article.published,
        detect_language(article.text), article.encoding, len(article.text), n_tokens,
        n_sentences))
    return result


def _token_record(doc_id: str, base: int, t) -> TokenRecord:
    return TokenRecord(doc_id, base + t.idx, base + t.idx + len(t.text), t.text, t.pos_,
                       t.tag_, t.lemma_, t._.jnews_reading, t.norm_)
