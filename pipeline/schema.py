"""The one definition of every output file, its columns and the entity labels.

Writers, readers, the report and the tests all import these names, so a
column is renamed (or, better, added) in exactly one place.  The columns are
the contract outside scorers read: extend, never rename.
"""

ORG = "ORG"
PERSON = "PERSON"
MONEY = "MONEY"
LABELS = (ORG, PERSON, MONEY)

QUALIFIERS = ("exact", "approx", "up_to", "at_least", "more_than", "less_than", "range", "vague")

COLUMNS = {
    "documents": ["doc_id", "path", "title", "published", "language", "encoding",
                  "chars", "tokens", "sentences"],
    "entities": ["doc_id", "start", "end", "label", "text", "canonical", "sentence"],
    "amounts": ["doc_id", "start", "end", "text", "currency", "value", "low", "high",
                "qualifier", "sentence", "usd", "jpy", "fx_rate", "fx_source"],
    "problems": ["doc_id", "path", "stage", "message"],
    "tables": ["doc_id", "table", "row", "col", "header", "text", "start", "end",
               "currency", "value", "low", "high", "qualifier", "entities", "note"],
    "deals": ["doc_id", "investor", "investee", "currency", "value", "low", "high", "qualifier",
              "usd", "status", "source", "sentence", "start", "end", "note"],
    "check": ["doc_id", "investor", "investee", "verdict", "table_amount", "text_amount",
              "difference", "table_row", "text_start", "text_end", "note"],
    "tokens": ["doc_id", "start", "end", "surface", "pos", "tag", "lemma", "reading", "norm"],
}

# Columns holding whole numbers (typed as integers in Parquet); all others are text,
# so decimal amounts keep every digit.
INT_COLUMNS = frozenset({"start", "end", "chars", "tokens", "sentences", "table", "row", "col",
                         "text_start", "text_end"})

# Files written on every run; tokens.csv only with --tokens.
ALWAYS_WRITTEN = ("documents", "entities", "amounts", "tables", "deals", "check", "problems")
