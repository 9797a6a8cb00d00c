"""deals: who puts money into whom, read from table records and from sentences.

A deal (GUIDELINES.md, "Deals") is one named investor, one named investee and
an amount tied to the pair.  Two readers produce them:

* :func:`table_deals` reads the records of :mod:`pipeline.tables`: the columns
  (or, transposed, the rows) whose header names investors, investees and
  amounts.  A cell naming two investors gives one deal each.  A malformed row
  that still names an investee and an amount gives a deal with the missing
  side ``None`` and the row's note.
* :func:`text_deals` reads sentences token by token: a deal word (投資, 出資,
  買収, 資金調達, invest, raise, acquire ...) and, around it, the names whose
  neighbouring particles or prepositions say their part (``AmazonがOpenAIに``,
  ``AmazonからOpenAIへの``, ``raised $2 billion from Google``).  What is the
  investor for each part depends on the kind of deal word (``Xが出資`` vs
  ``Xが調達``) and is data, like the words themselves (``data/deals/``).

Both return deals deduplicated per (investor, investee, source), keeping the
statement with the most specific hedge.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter

from . import fx, lexicon
from .canonical import canonical_name
from .money import Amount, exact, format_decimal
from .nlp import detect_language
from .schema import COLUMNS, MONEY, ORG, PERSON
from .tables import Cell, Ent, Table, as_ents, cell_amount, ents_in, find_tables, strip_span
from .tokenize import doc_text

NAMES = (ORG, PERSON)


@dataclass
class Deal:
    doc_id: str
    investor: str | None  # canonical name; None only for a malformed table row
    investee: str | None
    amount: Amount
    source: str  # "text" or "table"
    sentence: str  # the sentence, or the table record as "a | b | c"
    start: int  # offsets of the sentence or record in the article
    end: int
    status: str | None = None  # e.g. "in_talks;reported" (order of data/deals/status.tsv)
    note: str | None = None
    malformed: bool = False  # from a broken table row (the note says how)
    usd: Decimal | None = None
    statements: int = field(default=1, compare=False)  # how many statements were merged

    def to_row(self) -> dict:
        a = self.amount
        return dict(zip(COLUMNS["deals"], (
            self.doc_id, self.investor, self.investee, a.currency, format_decimal(a.value),
            format_decimal(a.low), format_decimal(a.high), a.qualifier,
            format_decimal(self.usd), self.status, self.source, self.sentence, self.start,
            self.end, self.note)))


# --------------------------------------------------------------------------- amounts

@exact
def usd_value(amount: Amount, usd_jpy: Decimal | None) -> Decimal | None:
    """The amount's ``value`` in USD (None for ranges and vague amounts, as in fx).

    >>> from pipeline.money import normalize_amount as n
    >>> usd_value(n("7.5兆円"), Decimal(150)), usd_value(n("$3 billion"), None)
    (Decimal('50000000000'), Decimal('3000000000'))
    """
    if amount.currency == "USD":
        return amount.value
    return fx.convert(amount.value, amount.currency, usd_jpy)[0]


# Which statement of a pair to keep: a hedge says more than a bare restated figure, a
# vague 数十億 says least (GUIDELINES.md: "the most specific hedge of its statements").
_SPECIFICITY = {"vague": 0, "exact": 1}


def dedupe(deals: list[Deal]) -> list[Deal]:
    """One deal per (doc, investor, investee, source): the most specific statement (the
    first among equals), with the statuses of all statements.

    >>> from pipeline.money import normalize_amount as n
    >>> d = [Deal("d", "A", "B", n("500億ドル"), "text", "s1", 0, 2, "considering"),
    ...      Deal("d", "A", "B", n("最大500億ドル"), "text", "s2", 3, 5, "reported")]
    >>> [(x.amount.qualifier, x.sentence, x.status, x.statements) for x in dedupe(d)]
    [('up_to', 's2', 'considering;reported', 2)]
    """
    groups: dict[tuple, list[Deal]] = defaultdict(list)
    for d in deals:
        groups[d.doc_id, d.investor, d.investee, d.source].append(d)
    out = []
    for group in groups.values():
        best = max(group, key=lambda d: (_SPECIFICITY.get(d.amount.qualifier, 2),
                                         -group.index(d)))
        statuses = _join_status(s for d in group for s in (d.status or "").split(";"))
        notes = list(dict.fromkeys(d.note for d in group if d.note))
        out.append(replace(best, status=statuses, note="; ".join(notes) or None,
                           statements=sum(d.statements for d in group),
                           malformed=any(d.malformed for d in group)))
    return sorted(out, key=lambda d: (d.doc_id, d.source == "text", d.start))


# --------------------------------------------------------------------------- status

@lru_cache(maxsize=None)
def _status_words() -> tuple[tuple[str, str], ...]:
    return tuple((lexicon.nfkc(w).casefold(), s) for w, s in lexicon.read_tsv("deals/status.tsv"))


@lru_cache(maxsize=None)
def _status_order() -> dict[str, int]:
    return {s: i for i, s in enumerate(dict.fromkeys(s for _, s in _status_words()))}


def _join_status(statuses) -> str | None:
    found = {s for s in statuses if s}
    return ";".join(sorted(found, key=_status_order().get)) or None


def status_of(text: str) -> str | None:
    """Statuses a statement gives, in the data file's order.

    >>> status_of("500億ドルを投資する方向で交渉中と報じられました"), status_of("Foo raised $5M.")
    ('in_talks;reported', None)
    """
    folded = lexicon.nfkc(text).casefold()
    return _join_status(s for w, s in _status_words() if w in folded)


# --------------------------------------------------------------------------- names in cells

_SPLIT_NAMES = re.compile(r"\s*(?:/|／|、|,|，|&|＆|・|\band\b|と)\s*")
_PARENS = re.compile(r"[（(][^）)]*[）)]")
_LATIN_EDGE = re.compile(r"[A-Za-z0-9]")


def _find_surface(text: str, surface: str) -> int:
    """Where ``surface`` occurs in ``text`` as a whole word (Latin names), else -1."""
    start = text.find(surface)
    while start >= 0:
        end = start + len(surface)
        if not (_LATIN_EDGE.match(surface[0]) and start and _LATIN_EDGE.match(text[start - 1])
                or _LATIN_EDGE.match(surface[-1]) and end < len(text)
                and _LATIN_EDGE.match(text[end])):
            return start
        start = text.find(surface, start + 1)
    return -1


def known_names(ents: list[Ent]) -> list[tuple[str, str]]:
    """(folded surface, canonical name) of every name the article or the alias table
    knows, longest first: a cell the recogniser missed can still be read by them.  A
    product with a maker stands for it (``ChatGPT`` → OpenAI)."""
    names = {lexicon.nfkc(e.text).casefold(): e.canonical or e.text
             for e in ents if e.label in NAMES}
    for folded, alias in lexicon.alias_index().items():  # folded once per process
        if alias.kind in NAMES or alias.maker:
            names.setdefault(folded, alias.maker or alias.canonical)
    return sorted(names.items(), key=lambda n: -len(n[0]))


def cell_names(cell: Cell, ents: list[Ent], known, as_text: bool = False) -> list[str]:
    """Canonical names in a cell, in order: the recognised mentions; failing those, names
    the article or alias table knows, a product standing for its maker (``ChatGPT`` →
    OpenAI); and for a column headed as names (``as_text``), the cell's own words.
    """
    found = [e.canonical or e.text for e in ents_in(cell, ents)]
    if not found:
        found = _lookup(cell.plain, known)
    if not found and as_text and not cell.empty and not cell.amounts:
        bare = _PARENS.sub(" ", cell.plain)
        found = [canonical_name(p) for p in _SPLIT_NAMES.split(bare) if p.strip()]
    return list(dict.fromkeys(found))


def _lookup(text: str, known) -> list[str]:
    folded = lexicon.nfkc(text).casefold()
    hits = []
    for surface, name in known:
        at = _find_surface(folded, surface)
        if at >= 0 and not any(s <= at < e for s, e, _ in hits):
            hits.append((at, at + len(surface), name))
    return [name for _, _, name in sorted(hits)]


# --------------------------------------------------------------------------- table deals

def table_deals(tables: list[Table], ents, doc_id: str,
                usd_jpy: Decimal | None = None, subject: str | None = None) -> list[Deal]:
    """Deals of every table whose headers name an amount and investors or investees.

    ``ents`` are the article's mentions (:class:`~pipeline.tables.Ent` or tuples);
    ``usd_jpy`` (JPY per USD) fills ``usd`` for yen amounts; ``subject``
    (:func:`article_subject`) is the investee of a table of investors and amounts only.
    """
    deal_tables = [t for t in tables if t.columns("amount") and t.columns("investor")]
    if not deal_tables:
        return []
    ents = as_ents(ents)
    known = known_names(ents)
    deals = []
    for table in deal_tables:
        investor_cols, investee_cols = table.columns("investor"), table.columns("investee")
        # Without an investee column, each record's own name (its first cell, or the
        # column header of a transposed table) is what the investors put money into.
        subject_cols = investee_cols or [i for i in range(len(table.header))
                                         if table.roles.get(i) in (None, "label")][:1]
        for record in (r for r in table.records if not r.summary):
            deals += _record_deals(table, record, doc_id, ents, known, investor_cols,
                                   subject_cols, bool(investee_cols), usd_jpy,
                                   None if subject_cols else subject)
    return dedupe(deals)


def _record_deals(table, record, doc_id, ents, known, investor_cols, subject_cols,
                  named_investees, usd_jpy, subject=None) -> list[Deal]:
    amount = next((a for i in table.columns("amount")
                   if (c := record.cells[i]) and (a := cell_amount(table, i, c))), None)
    if amount is None:
        return []
    investees = [n for i in subject_cols if (c := record.cells[i])
                 for n in cell_names(c, ents, known, as_text=named_investees)] \
        or ([subject] if subject else [])
    investors = [n for i in investor_cols if (c := record.cells[i])
                 for n in cell_names(c, ents, known, as_text=True)]
    if not investees or not investors and not record.malformed:
        return []
    # Status words count in the cells that speak of the deal (not, say, 利用クラウド: AWS（想定）).
    roles = set(investor_cols + subject_cols + table.columns("amount") + table.columns("date")
                + table.columns("status"))
    status = status_of(" ".join(c.plain for i, c in enumerate(record.cells) if c and i in roles))
    start, end = record.span
    return [Deal(doc_id, investor, investee, amount, "table", record.text, start, end, status,
                 record.note, record.malformed, usd_value(amount, usd_jpy))
            for investee in investees for investor in (investors or [None])
            if investor != investee]


def article_deals(chunks, tables: list[Table], ents, doc_id: str,
                  usd_jpy: Decimal | None = None) -> list[Deal]:
    """Every deal of one article: ``chunks`` are ``(offset, Doc)`` pairs (the article's
    analysed chunks), ``tables`` from :func:`~pipeline.tables.find_tables` on the article
    text, ``ents`` the article's mentions in article offsets."""
    ents = as_ents(ents)
    skip = [(t.start, t.end) for t in tables]
    prose = dedupe([d for offset, doc in chunks for d in text_deals(
        doc, doc_id, offset=offset, ents=ents, skip=skip, usd_jpy=usd_jpy)])
    return prose + table_deals(tables, ents, doc_id, usd_jpy,
                               subject=article_subject(prose, ents, tables))


def article_subject(prose: list[Deal], ents: list[Ent], tables: list[Table]) -> str | None:
    """The company a table of investors and amounts only (出資者 | 金額) is about: the one
    investee of the article's prose deals, else the company its prose names most, if it
    names it more often than any other and at least twice (a funding story's startup).

    >>> ents = [Ent(0, 4, "ORG", "ハルカゼ", "ハルカゼ"), Ent(10, 14, "ORG", "ハルカゼ", "ハルカゼ"),
    ...         Ent(20, 24, "ORG", "カワセミ", "カワセミ")]
    >>> article_subject([], ents, [])
    'ハルカゼ'
    """
    investees = {d.investee for d in prose if d.investee}
    if len(investees) == 1:
        return investees.pop()
    counts = Counter(e.canonical or e.text for e in ents if e.label == ORG
                     and not any(t.start <= e.start < t.end for t in tables)).most_common(2)
    if counts and counts[0][1] >= 2 and (len(counts) == 1 or counts[0][1] > counts[1][1]):
        return counts[0][0]
    return None


# --------------------------------------------------------------------------- text deals

@lru_cache(maxsize=None)
def _triggers() -> dict[str, str]:
    return {lexicon.nfkc(w).casefold(): cls for w, cls in lexicon.read_tsv("deals/triggers.tsv")}


@lru_cache(maxsize=None)
def _cues() -> dict[tuple[str, str], dict[str, str]]:
    """(lang, side) -> {cue: part}."""
    out: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for row in lexicon.read_tsv("deals/cues.tsv"):
        lang, side, cue = row[:3]
        out[lang, side][lexicon.nfkc(cue).casefold()] = row[3] if len(row) > 3 else ""
    return out


@lru_cache(maxsize=None)
def _roles() -> dict[tuple[str, str], dict[str, str]]:
    """(lang, class) -> {part: role}; a language's own rows override the ``*`` rows."""
    rows = lexicon.read_tsv("deals/roles.tsv")
    out: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for lang in ("ja", "en"):
        for wanted in ("*", lang):
            for row_lang, cls, part, role in rows:
                if row_lang == wanted:
                    out[lang, cls][part] = role
    return out


def ents_from_doc(doc, offset: int = 0) -> list[Ent]:
    """A spaCy Doc's entities as :class:`~pipeline.tables.Ent` (offsets + ``offset``)."""
    return [Ent(offset + e.start_char, offset + e.end_char, e.label_, e.text,
                getattr(e._, "jnews_canonical", None),
                getattr(e._, "jnews_amount", None) if e.label_ == MONEY else None)
            for e in doc.ents]


_OPEN, _CLOSE = "（(「『【[", "）)」』】]"


@dataclass
class _Name:
    ent: Ent  # offsets local to the Doc
    part: str | None  # what its cue says: subject, source, agent, goal, object, genitive
    cued: bool  # a cue of its own (not by position)
    group: int  # names joined by と/and share a group


def text_deals(doc, doc_id: str, *, offset: int = 0, ents=None, skip=None,
               usd_jpy: Decimal | None = None) -> list[Deal]:
    """Deals stated in the sentences of ``doc`` (a Doc of :func:`pipeline.nlp.build_nlp`).

    ``offset``: where the Doc starts in the article (a chunk's start); deal offsets are
    article offsets.  ``ents``: the article's mentions in article offsets (default: the
    Doc's own).  ``skip``: article spans not to read as prose, i.e. the tables (default:
    the tables :func:`~pipeline.tables.find_tables` finds in the Doc's text).
    """
    text = doc_text(doc)
    ents = as_ents(ents) if ents is not None else ents_from_doc(doc, offset)
    local = [replace(e, start=e.start - offset, end=e.end - offset) for e in ents
             if offset <= e.start and e.end <= offset + len(text)]
    spans = ([(t.start, t.end) for t in find_tables(text)] if skip is None
             else [(s - offset, e - offset) for s, e in skip])
    deals = []
    local.sort(key=attrgetter("start"))
    starts = [x.start for x in local]
    amounts = [x for x in local if x.label == MONEY and x.amount is not None]
    money_starts = [x.start for x in amounts]

    def has_money(s: int, e: int) -> bool:
        i = bisect_left(money_starts, s)
        return i < len(money_starts) and money_starts[i] < e

    for s, e, sent in _sentences(doc, text, has_money):
        if any(a < e and s < b for a, b in spans):
            continue
        inside = [x for x in local[bisect_left(starts, s):bisect_left(starts, e)] if x.end <= e]
        names = [x for x in inside if x.label in NAMES]
        money = [x for x in amounts[bisect_left(money_starts, s):bisect_left(money_starts, e)]
                 if x.end <= e]
        if not money or len({x.canonical or x.text for x in names}) < 2:
            continue
        # Token lists only for the few sentences that can hold a deal: building Token
        # objects for every sentence would cost more than the rest of this stage.
        sent = [t for t in sent if s <= t.idx < e]
        lang = detect_language(text[s:e])
        for investor, investee, amount in _sentence_deals(text, sent, names, money, lang):
            deals.append(Deal(doc_id, investor, investee, amount, "text", text[s:e],
                              offset + s, offset + e, status_of(text[s:e]),
                              usd=usd_value(amount, usd_jpy)))
    return dedupe(deals)


# An English sentence end inside a Japanese passage, which splits only at 。 and line ends
# ("…in Mistral AI. Google agreed…"): a period, space, capital, unless the word before the
# period is an initial or an abbreviation ("U.S. Steel", "Inc. said").
# The match starts where a word does: a sentence is one long run of \w in Japanese, and
# trying every position inside it would be quadratic.
_LATIN_SENTENCE_END = re.compile(r"(?<![\w.])([\w.]+)[.!?]\s+(?=[A-Z])")


@lru_cache(maxsize=None)
def _abbreviations() -> frozenset[str]:
    return frozenset(row[0] for row in lexicon.read_tsv("deals/abbreviations.tsv"))


def _sentences(doc, text: str, wanted):
    """(start, end, sentence Span) of each sentence for which ``wanted(start, end)``
    holds, stripped; English sentence ends inside are split (after the test: cheaper)."""
    for sent in doc.sents:
        s, e = strip_span(text, sent.start_char, sent.end_char)
        if not wanted(s, e):
            continue
        cuts = [s + m.end() for m in _LATIN_SENTENCE_END.finditer(text[s:e])
                if not re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", m.group(1))
                and m.group(1) not in _abbreviations()]
        for a, b in zip([s] + cuts, cuts + [e]):
            a, b = strip_span(text, a, b)
            if a < b:
                yield a, b, sent


def _sentence_deals(text, tokens, names, money, lang):
    """(investor, investee, amount) triples of one sentence, one per deal word that has
    a named investor, a named investee and an amount within its reach."""
    triggers = _find_triggers(tokens, names + money)
    if not triggers:
        return []
    parsed = _parts(text, tokens, names, lang, triggers)
    amounts = _own_amounts(text, money)
    chosen = [(token, cls, _choose(parsed, token, cls, lang)) for token, cls in triggers
              if cls != "holding"]
    out = []
    for token, _, roles in chosen:
        if "investor" in roles and "investee" not in roles:
            roles["investee"] = _raiser_before(token, chosen, roles, tokens, names,
                                               names + money, lang)
        if not roles.get("investor") or not roles.get("investee"):
            continue
        amount = _amount_for(roles, token, amounts, names)
        if amount is None:
            continue
        for investor in roles["investor"]:
            for investee in roles["investee"]:
                a, b = investor.ent.canonical or investor.ent.text, \
                    investee.ent.canonical or investee.ent.text
                if a != b:
                    out.append((a, b, amount.amount))
    return out


def _raiser_before(token, chosen, roles, tokens, names, mentions, lang) -> list[_Name]:
    """For a deal word with an investor and no named investee: the one raising money in
    an earlier clause (OpenAIは…資金調達を計画し、Amazonは最大500億ドルを出資する), unless
    the deal word has an unnamed goal of its own (…データセンターに500億ドルを投資).
    """
    raisers = [r["investee"] for t, cls, r in chosen
               if cls == "raise" and "investee" in r and t.idx < token.idx]
    if not raisers:
        return []
    # Japanese puts the goal (Xに) before the deal word, English (in X) after it.
    start = max(p.ent.end for p in roles["investor"])
    end = token.idx if lang == "ja" else tokens[-1].idx + 1
    words = [t for t in tokens if not t.is_space]
    goals = {c for c, part in _cues()[lang, "after" if lang == "ja" else "before"].items()
             if part == "goal"}
    for prev, t, after in zip(words, words[1:], words[2:] + [None]):
        # A goal that is a name is the investee we lack; "up to $50 billion" is no goal.
        named = (any(n.end == prev.idx + len(prev.text) for n in names) if lang == "ja"
                 else after is not None and any(n.start == after.idx for n in mentions))
        if start <= t.idx < end and lexicon.nfkc(t.text).casefold() in goals and not named:
            return []
    return raisers[-1]


def _choose(parsed, token, cls, lang) -> dict[str, list[_Name]]:
    """{role: names} for one deal word: per role the best-ranked name and the names
    joined to it."""
    if any(p.part == "agent" for p in parsed):
        cls = "passive"
    roles = _roles()[lang, cls]
    chosen = {}
    for role in ("investor", "investee"):
        fits = [p for p in parsed if roles.get(_part_at(p, token, lang)) == role
                and (role == "investor" or p.ent.label == ORG)]
        if fits:
            best = min(fits, key=lambda p: _rank(p, token, lang))
            chosen[role] = [p for p in parsed if p.group == best.group
                            and _part_at(p, token, lang) == _part_at(best, token, lang)]
    return chosen


def _forms(token) -> set[str]:
    return {lexicon.nfkc(f).casefold() for f in (token.text, token.lemma_, token.norm_) if f}


def _find_triggers(tokens, mentions):
    """(token, class) of every deal word outside the mentions (one to three tokens:
    子会社化, tender offer).  An invest word next to a receive word (出資を受ける,
    received ... investment) is read by the receive word; a deal word followed by a
    passive ending (買収される) reads ``passive_verb``."""
    found, i = [], 0
    while i < len(tokens):
        size, cls = _trigger_at(tokens, i)
        if cls and not any(m.start <= tokens[i].idx < m.end for m in mentions):
            found.append((tokens[i], cls))
        i += size
    receives = [t.i for t, c in found if c == "receive"]
    passives = [t.i for t, c in found if c == "passive_voice"]
    out = []
    for t, c in found:
        if c == "passive_voice" or c == "invest" and any(abs(t.i - r) <= 4 for r in receives):
            continue
        if any(0 < p - t.i <= 2 for p in passives):
            c = "passive_verb"
        out.append((t, "raise" if c == "receive" else c))
    return out


def _trigger_at(tokens, i) -> tuple[int, str | None]:
    """(tokens used, class) of the longest deal word starting at token ``i``."""
    for size in (3, 2):
        texts = [lexicon.nfkc(t.text).casefold() for t in tokens[i:i + size]]
        if len(texts) == size:
            for joined in ("".join(texts), " ".join(t for t in texts if t.strip())):
                if joined in _triggers():
                    return size, _triggers()[joined]
    cls = next((_triggers()[f] for f in _forms(tokens[i]) if f in _triggers()), None)
    return 1, cls


_SUBJECTS = ("subject", "agent", "source")


def _parts(text, tokens, names, lang, triggers) -> list[_Name]:
    """Each name with the part its cue gives it, and groups of names joined by と/and."""
    cues_after, cues_before = _cues()[lang, "after"], _cues()[lang, "before"]
    joins = _cues()[lang, "joins"]
    parsed = []
    for i, ent in enumerate(sorted(names, key=lambda x: x.start)):
        ent = _acting_for(ent, names, text)
        part = _cue_after(text, tokens, ent.end, cues_after)
        if part is None and lang == "en":
            part = cues_before.get(_cue_word_before(tokens, ent.start, cues_before))
        if part == "genitive" and _target(ent, tokens, triggers, names):
            part = "target"
        parsed.append(_Name(ent, part, part is not None, i))
    # Japanese marks the last of joined names (AとBが): earlier ones take its part;
    # English marks the first (from A and B): later ones take its part.
    pairs = list(zip(parsed, parsed[1:]))
    for a, b in (reversed(pairs) if lang == "ja" else pairs):
        between = lexicon.nfkc(_PARENS.sub("", text[a.ent.end:b.ent.start])).casefold().strip()
        if lang == "en":  # "SBI Investment and London-based Fernhollow": the join is "and"
            between = _DESCRIBED.sub("", between)
        if between not in joins or (a.cued if lang == "ja" else b.cued):
            continue
        if lang == "ja" and joins[between] and b.part not in _SUBJECTS:
            a.part, a.cued = joins[between], True  # 見出し "X、Yに出資": X is the topic
        elif lang == "ja":
            a.part, a.cued, a.group = b.part, b.cued, b.group
        else:
            b.part, b.cued, b.group = a.part, a.cued, a.group
    return [p for p in parsed if p.part != "none"]


def _acting_for(ent: Ent, names, text) -> Ent:
    """A person introduced by company and title (AmazonのCEO Andy Jassy氏は…投資した)
    speaks for the company: the deal is the company's."""
    if ent.label != PERSON:
        return ent
    for org in names:
        if org.label == ORG and org.end <= ent.start:
            title = lexicon.nfkc(text[org.end:ent.start]).strip().removeprefix("の").strip()
            if title in lexicon.person_cues()["before"]:
                return replace(ent, label=ORG, canonical=org.canonical or org.text)
    return ent


def _target(ent: Ent, tokens, triggers, names) -> bool:
    """A genitive whose noun is a fund-raising or shareholding word: xAIの資金調達,
    Hugging Face's $235 million Series D, Anthropicの株式 (the next deal word, a few
    tokens on, no other name between)."""
    after = sorted(((t, c) for t, c in triggers if t.idx >= ent.end), key=lambda tc: tc[0].idx)
    if not after or after[0][1] not in ("raise", "holding"):
        return False
    word = after[0][0]
    gap = [t for t in tokens if ent.end <= t.idx < word.idx and not t.is_space]
    return len(gap) <= _TARGET_GAP and not any(ent.end <= n.start < word.idx for n in names)


# Tokens allowed between a genitive and its noun ('s $ 235 million Series).
_TARGET_GAP = 6


def _cue_after(text, tokens, end, cues) -> str | None:
    """The part given by the longest run of whole tokens after ``end`` that is a cue
    (a bracketed aside right after the name is skipped: Anthropic（Claude）に; so is the
    bracket a name in brackets ends: エヌスケール（Nscale）に)."""
    following = [t for t in tokens if t.idx + len(t.text) > end and not t.is_space]
    if following and following[0].idx == end and following[0].text in _CLOSE:
        following = following[1:]
    # A title or honorific (孫正義氏は, Jassy CEOが) stands between a person and the particle.
    while following and following[0].idx >= end and \
            following[0].text in lexicon.person_cues()["after"]:
        following = following[1:]
    if following and following[0].text in _OPEN:
        depth = 0
        for k, t in enumerate(following):
            depth += (t.text in _OPEN) - (t.text in _CLOSE)
            if depth == 0:
                following = following[k + 1:]
                break
        else:
            following = []  # the aside never closes
    pieces = [t.text[max(0, end - t.idx):] for t in following[:4]]
    best = None
    for n in range(1, len(pieces) + 1):
        run = lexicon.nfkc("".join(pieces[:n])).casefold()
        if run in cues:
            best = cues[run]
    if best is None and text[end:end + 2] in ("'s", "’s"):
        best = cues.get("'s")
    return best


_DESCRIBING = 4  # words an English name's description may hold: "by U.S. venture firm"
_DESCRIBED = re.compile(r"(?:\s+(?:[\w.]+-based|\w+['’]s|u\.s\.))+$")


def _cue_word_before(tokens, start, cues) -> str:
    """The word right before an English name, or the cue before the words that describe
    it (a round led by U.S. venture firm Northbeam; participation from Japan's SBI
    Investment; from London-based Fernhollow): lower-case words, a place's possessive or
    -based, U.S.; not across other punctuation or a number."""
    before = [t for t in tokens if t.idx + len(t.text) <= start and not t.is_space]
    if not before:
        return ""
    for t in reversed(before[-_DESCRIBING - 1:]):
        word = t.text.casefold()
        if word in cues:
            return word
        if not (t.text.isalpha() and t.text.islower() or t.text in ("'s", "’s", "U.S.", "-")
                or t.text[:1].isupper() and t.nbor().text in ("'s", "’s", "-")):
            break
    return before[-1].text.casefold()


def _part_at(p: _Name, trigger, lang) -> str | None:
    """An English name with no cue is the subject before the deal word, the object after."""
    if p.part is not None or lang != "en":
        return p.part
    return "subject" if p.ent.end <= trigger.idx else "object"


def _rank(p: _Name, trigger, lang) -> tuple:
    """Which of several names fits a role best: a genitive (AmazonのX, Microsoft's X) may
    belong to another noun than the deal word, so it comes last; in Japanese the parties
    stand before the (clause-final) deal word, so a name after it comes next to last;
    then the nearest."""
    after = lang == "ja" and p.ent.start > trigger.idx
    return p.part == "genitive", after, _distance(p.ent, trigger)


def _distance(ent: Ent, token) -> int:
    return token.idx - ent.end if ent.end <= token.idx else ent.start - token.idx


def _own_amounts(text, money: list[Ent]) -> list[Ent]:
    """The amounts that are not a conversion of the one before them (（約7.5兆円）)."""
    keep = money[:1]
    for prev, cur in zip(money, money[1:]):
        if not fx.is_conversion(text[prev.end:cur.start]):
            keep.append(cur)
    return keep


def _amount_for(chosen, trigger, amounts, names):
    """The amount nearest the deal word among those that lie between the parties and the
    deal word, or outside them with no other name in between (acquired Y for $N;
    30億円を、XはYに出資した)."""
    ends = [p.ent for ps in chosen.values() for p in ps]
    lo = min([e.start for e in ends] + [trigger.idx])
    hi = max([e.end for e in ends] + [trigger.idx + len(trigger.text)])
    fits = [m for m in amounts
            if not any(m.end <= n.start < lo or hi <= n.start < m.start for n in names)]
    if not fits:
        return None
    return min(fits, key=lambda m: _distance(m, trigger))
