"""canonical: the ``jnews_canonical`` component, one name per real-world entity.

For each ORG/PERSON span, in order:

1. the alias table (``data/entities/aliases.tsv``) across scripts: アマゾン,
   Amazon.com → ``Amazon``; AWS → ``Amazon Web Services``;
2. within the document, a short form takes the canonical of the full name it
   abbreviates: ``Jassy`` after ``Andy Jassy``, ``日産`` after ``日産自動車``;
3. within the document, a katakana name whose Sudachi normalized form equals
   that of a Latin-script mention is that mention (Sudachi normalizes both
   ``Amazon`` and ``アマゾン`` to アマゾン);
4. otherwise the NFKC-normalized surface (GUIDELINES.md).

:func:`canonical_name` is the pure, spaCy-free part for one surface.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import lexicon
from .entities import ACRONYM, BLOCK, Candidate, bracketed, is_reading, kanji_reading, mentions, other_forms
from .schema import ORG, PERSON
from .tokenize import doc_text

if not Span.has_extension("jnews_canonical"):
    Span.set_extension("jnews_canonical", default=None)

_LATIN = re.compile(r"[A-Za-z]")
_LATIN_ONLY = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .,&'+-]*")
_SPACES = re.compile(r"\s+")


def canonical_name(surface: str) -> str:
    """The canonical name from the alias table, else the NFKC surface.

    >>> canonical_name("アマゾン・ドット・コム"), canonical_name("AWS"), canonical_name("ＡＢＣ銀行")
    ('Amazon', 'Amazon Web Services', 'ABC銀行')
    >>> canonical_name("NVIDIA社"), canonical_name("新聞社")
    ('NVIDIA', '新聞社')
    >>> canonical_name("SoftBank Group Corp."), canonical_name("株式会社メルカリ"), canonical_name("Acme Inc.")
    ('SoftBank Group', 'Mercari', 'Acme Inc.')
    """
    key = _SPACES.sub(" ", lexicon.nfkc(surface)).strip()
    index = lexicon.alias_index()
    alias = index.get(key.casefold())
    if not alias:  # a legal form, or 社 ("the company"), is no part of a known name
        bare = lexicon.without_legal_form(key)
        alias = index.get(bare.casefold()) if bare != key else None
    return alias.canonical if alias else key


def _short_form_of(short: str, full: str, label: str) -> bool:
    """'Jassy' of 'Andy Jassy' and フアン of ジェンスン・フアン (a person's last word);
    '日産' of '日産自動車' (a prefix); a Latin company name of one written on in
    Japanese (Nexaflow of Nexaflow社); a company's name without its legal form.

    >>> _short_form_of("Jassy", "Andy Jassy", "PERSON"), _short_form_of("日産", "日産自動車", "ORG")
    (True, True)
    >>> _short_form_of("フアン", "ジェンスン・フアン", "PERSON"), _short_form_of("フアン", "ジェンスン・フアン", "ORG")
    (True, False)
    >>> [_short_form_of(s, f, "ORG") for s, f in [("Open", "OpenAI"), ("Acme", "Acme Labs"),
    ...                                             ("Acme", "Acme社"), ("カワセミ", "（株）カワセミ")]]
    [False, True, True, True]
    """
    if short == full or len(short) >= len(full):
        return False
    if label == ORG and short == lexicon.without_legal_form(full):
        return True  # ツキカゲスタジオ of （株）ツキカゲスタジオ
    if _LATIN.search(short):
        words = full.split(" ")
        return label == PERSON and short in (words[0], words[-1]) and len(words) > 1 \
            or label == ORG and full.startswith(short) \
            and (full[len(short)] == " " or not full[len(short)].isascii())
    parts = full.split("・")
    return full.startswith(short) or label == PERSON and len(parts) > 1 and short == parts[-1]


def link_mentions(mentions: list[tuple[str, str, str]]) -> list[str]:
    """Canonical names for a document's (surface, label, sudachi_norm) mentions, in order.

    >>> link_mentions([("Andy Jassy", "PERSON", ""), ("Jassy", "PERSON", ""),
    ...                ("Amazon", "ORG", "アマゾン"), ("アマゾン", "ORG", "アマゾン")])
    ['Andy Jassy', 'Andy Jassy', 'Amazon', 'Amazon']
    >>> link_mentions([("株式会社カワセミ", "ORG", ""), ("（株）カワセミ", "ORG", "")])
    ['株式会社カワセミ', '株式会社カワセミ']
    """
    names = [canonical_name(surface) for surface, _, _ in mentions]
    known = {lexicon.nfkc(s).casefold() for s, _, _ in mentions} & set(lexicon.alias_index())
    # Full names (the longest surface of each label) absorb their short forms.
    by_length = sorted(range(len(mentions)), key=lambda i: -len(mentions[i][0]))
    negative_lengths = [-len(mentions[i][0]) for i in by_length]  # ascending
    latin_by_norm = {norm: names[i] for i, (s, _, norm) in enumerate(mentions)
                     if norm and _LATIN.search(s)}
    for i, (surface, label, norm) in enumerate(mentions):
        if lexicon.nfkc(surface).casefold() in known:
            continue
        # Only longer names have short forms, and by_length puts them first.
        for j in by_length[:bisect_left(negative_lengths, -len(surface))]:
            full, full_label, _ = mentions[j]
            if full_label == label and _short_form_of(surface, full, label):
                names[i] = names[j]
                break
        else:
            if norm and not _LATIN.search(surface) and norm in latin_by_norm:
                names[i] = latin_by_norm[norm]
    # one company, whichever legal form it is written with: （株）カワセミ, 株式会社カワセミ
    first: dict[str, str] = {}
    for i, (_, label, _) in enumerate(mentions):
        if label == ORG:
            names[i] = first.setdefault(lexicon.without_legal_form(names[i]), names[i])
    return names


def bracket_names(text: str, spans: list[tuple[int, int, str]]) -> dict[str, int]:
    """{name in brackets: index of the name it stands for}: right after a name, its
    reading in the other script (ELYZA（イライザ）, サム・アルトマン（Sam Altman）), or, after a
    company, a capital-letter acronym (Safe Superintelligence（SSI）, Thinking Machines
    Lab (TML)), as GUIDELINES.md has AWS for Amazon Web Services.

    >>> text = "Safe Superintelligence（SSI）によれば、SSIは"
    >>> bracket_names(text, [(0, 22, "ORG"), (23, 26, "ORG"), (32, 35, "ORG")])
    {'SSI': 0}
    >>> bracket_names("ELYZA（イライザ）", [(0, 5, "ORG"), (6, 10, "ORG")])
    {'イライザ': 0}
    """
    found = {}
    for i in bracketed(text, spans):
        (start, end, label), (start2, end2, label2) = spans[i], spans[i + 1]
        short = text[start2:end2]
        name = text[start:end]
        if label == label2 and (
                is_reading(name, short) or kanji_reading(name, short, label)
                or label == ORG and ACRONYM.fullmatch(short)):
            found.setdefault(short, i)
    return found


@Language.factory("jnews_canonical")
def make_canonical_component(nlp: Language, name: str):
    """Sets ``span._.jnews_canonical`` on every ORG and PERSON entity."""
    return CanonicalLinker()


class CanonicalLinker:
    def __call__(self, doc: Doc) -> Doc:
        ents = [e for e in doc.ents if e.label_ in (ORG, PERSON)]
        mentions = [(e.text, e.label_, "".join(t.norm_ for t in e)) for e in ents]
        names = link_mentions(mentions)
        spans = [(e.start_char, e.end_char, e.label_) for e in ents]
        brackets = bracket_names(doc_text(doc), spans)
        # A name the alias table knows stands for itself (MUFG); a name it does not know
        # before one it knows is that entity (比亜迪（BYD）).
        known = {short for short in brackets if lexicon.alias_of(short)}
        expanded = {short: names[full] for short, full in brackets.items() if short not in known}
        adopted = {names[full]: canonical_name(short) for short, full in brackets.items()
                   if short in known and not lexicon.alias_of(ents[full].text)}
        # GUIDELINES.md: the usual Latin form where there is one, so a Latin reading in
        # brackets names an entity the alias table does not know (京東集団（JD.com）).
        latin = {names[full]: short for short, full in brackets.items()
                 if _LATIN_ONLY.fullmatch(short) and not ACRONYM.fullmatch(short)
                 and not _LATIN.search(ents[full].text)
                 and names[full] == canonical_name(ents[full].text)}
        for ent, name in zip(ents, names):
            name = adopted.get(name, expanded.get(ent.text, name))
            ent._.jnews_canonical = latin.get(name, name)
        return doc


def spread_across(docs: list[Doc]) -> None:
    """One article in several docs (its chunks, its English and Japanese passages): each
    name a doc found, and its other forms, is a mention at its free occurrences in the
    others too, with the same canonical name (Hanamizuki in an English quote after
    ハナミズキ（Hanamizuki Inc.））; and a short form in one doc of a name another doc
    holds takes that name's canonical (和泉 after 和泉 千尋).  Sets ``doc.ents`` and
    canonical names in place."""
    if len(docs) < 2:
        return
    ents = [e for doc in docs for e in doc.ents if e.label_ in (ORG, PERSON)]
    canonical = {e.text: e._.jnews_canonical or e.text for e in reversed(ents)}
    names = other_forms([(e.text, e.label_) for e in ents])
    for doc in docs:
        text = doc_text(doc)
        taken = [Candidate(e.start_char, e.end_char, BLOCK, 0) for e in doc.ents]
        new = [doc.char_span(c.start, c.end, label=c.label) for c in mentions(text, names, taken)]
        new = [span for span in new if span is not None]
        for span in new:
            span._.jnews_canonical = canonical[names[span.text][1]]
        if new:
            doc.ents = sorted([*doc.ents, *new], key=lambda e: e.start)
    # Distinct names, longest first, with the docs they are in: an article repeats its
    # names, so this is far shorter than its mentions.
    where: dict[tuple[str, str], tuple[str, set[int]]] = {}
    for k, doc in enumerate(docs):
        for e in doc.ents:
            if e.label_ in (ORG, PERSON):
                where.setdefault((e.text, e.label_), (e._.jnews_canonical, set()))[1].add(k)
    longest_first = sorted(where, key=lambda name: -len(name[0]))
    linked: dict[tuple[str, str, int], str | None] = {}
    for k, doc in enumerate(docs):
        for ent in doc.ents:
            key = (ent.text, ent.label_, k)
            if ent.label_ not in (ORG, PERSON) or ent._.jnews_canonical != canonical_name(ent.text) \
                    or lexicon.alias_of(ent.text):
                continue  # linked in its own doc, or a name the alias table knows
            if key not in linked:
                full = next((name for name in longest_first if len(name[0]) > len(ent.text)
                             and name[1] == ent.label_ and where[name][1] - {k}
                             and _short_form_of(ent.text, name[0], ent.label_)), None)
                linked[key] = where[full][0] if full else None
            if linked[key]:
                ent._.jnews_canonical = linked[key]
