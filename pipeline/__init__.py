"""jnews: Japanese business and tech news to checked, structured records.

>>> from pipeline import extract
>>> result = extract("ソフトバンクグループは約30億円を出資した。")
>>> [(a.text, a.currency, a.qualifier) for a in result.amounts]
[('30億円', 'JPY', 'approx')]
"""

from .extract import Options, extract, extract_article
from .ingest import Article, IngestError, article_from_text, read_article
from .money import Amount, normalize_amount
from .nlp import build_nlp
from .records import Result
from .run import run

__all__ = ["Amount", "Article", "IngestError", "Options", "Result", "article_from_text",
           "build_nlp", "extract", "extract_article", "normalize_amount", "read_article", "run"]
