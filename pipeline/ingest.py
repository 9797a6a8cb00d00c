"""Ingest: bytes on disk -> :class:`Article` (text, front matter, skip mask, chunks).

This stage knows encodings, YAML front matter, HTML and Markdown markup and
SudachiPy's input limit.  It knows nothing of spaCy.

Offsets everywhere are ``str`` indices into ``Article.text``: the file decoded
exactly as read (a byte-order mark is the only thing dropped, because it is
an encoding detail and not text).  Markup that must not be annotated (HTML
tags and attribute values, URLs, code, front-matter keys) is never removed;
instead :attr:`Article.analysis_text` is a copy of the text with those regions
blanked to spaces, so it has the same length and every offset stays valid.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

# SudachiPy refuses an input longer than this many UTF-8 bytes.
SUDACHI_MAX_BYTES = 49_149


class IngestError(Exception):
    """An article that cannot be read; the message names the problem."""


@dataclass
class Article:
    doc_id: str
    path: str
    text: str
    encoding: str = "utf-8"
    title: str | None = None
    published: str | None = None
    front_matter: dict = field(default_factory=dict)
    # (start, end) regions of ``text`` that are markup, not prose.
    skip: list[tuple[int, int]] = field(default_factory=list)
    # Problems that did not stop the article (e.g. broken front matter).
    warnings: list[str] = field(default_factory=list)

    @property
    def analysis_text(self) -> str:
        """``text`` with every skip region blanked (same length, same offsets)."""
        return blank_regions(self.text, self.skip)

    def chunks(self, max_bytes: int = SUDACHI_MAX_BYTES) -> list[tuple[int, int]]:
        return chunk_spans(self.text, max_bytes)


# --------------------------------------------------------------------------- decoding

_JA_CHAR = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]")
# Japanese script plus the symbols Japanese text uses (①, ㈱, ㍉, full-width forms, ○×※).
_JA_TEXT_CHAR = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef\u2460-\u24ff"
                           r"\u3200-\u33ff\u2010-\u2030\u2190-\u22ff\u25a0-\u26ff\u00a7\u00b4"
                           r"\u00a8\u00b0\u00b1\u00b6\u00d7\u00f7\u0391-\u03c9\u0401-\u0451]")
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _japanese_score(text: str) -> int:
    """How Japanese a decoding looks; mis-decoded EUC/SJIS turns into half-width kana."""
    return len(_JA_CHAR.findall(text)) - 2 * len(_HALFWIDTH_KANA.findall(text))


def _plausible_japanese(text: str) -> bool:
    """Most non-ASCII characters of a legacy decoding must be Japanese script; random
    bytes (Latin-1, binary) decode as CP932 too, but into private-use and rare symbols."""
    non_ascii = sum(1 for c in text if ord(c) > 0x7f)
    return non_ascii == 0 or len(_JA_TEXT_CHAR.findall(text)) >= 0.8 * non_ascii


def decode(data: bytes) -> tuple[str, str]:
    """Decode article bytes: BOM, then UTF-8, then the likelier of CP932 and EUC-JP.

    >>> decode("資金調達".encode("cp932"))
    ('資金調達', 'cp932')
    >>> decode("資金調達".encode("euc_jp"))
    ('資金調達', 'euc_jp')
    >>> decode(b"\\xef\\xbb\\xbfAWS")
    ('AWS', 'utf-8-sig')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise IngestError("binary data (NUL bytes); not a text article")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    candidates = []
    for encoding in ("cp932", "euc_jp"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible_japanese(text):
            candidates.append((_japanese_score(text), encoding, text))
    if not candidates:
        raise IngestError(
            f"not UTF-8, Shift_JIS/CP932 or EUC-JP (invalid byte 0x{data[utf8_error.start]:02x} "
            f"at byte {utf8_error.start}); pass --encoding if you know it")
    # Highest score wins; on a tie the earlier (more common) encoding.
    candidates.sort(key=lambda c: -c[0])
    _, encoding, text = candidates[0]
    return text, encoding


def check_text(text: str) -> None:
    """Refuse text that is empty or is really binary data."""
    if not text.strip():
        raise IngestError("empty article (no text)")
    if "\x00" in text:
        raise IngestError("binary data (NUL bytes); not a text article")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise IngestError(f"binary data ({controls} control characters); not a text article")


# --------------------------------------------------------------------------- front matter

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(\r?\n|\Z)", re.S)
_YAML_KEY = re.compile(r"^[ \t]*(?:- )?[\w-]+:", re.M)


def split_front_matter(text: str) -> tuple[dict, tuple[int, int] | None, str | None]:
    """Return (fields, (start, end) of the front-matter block or None, error or None).

    >>> split_front_matter('---\\ntitle: "AWSの発表"\\n---\\n本文')[0]
    {'title': 'AWSの発表'}
    >>> split_front_matter("本文だけ")
    ({}, None, None)
    """
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, None, None
    try:
        fields = yaml.safe_load(m.group(1) or "") or {}
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return {}, (m.start(), m.end()), f"front matter is not valid YAML ({first}); read as text"
    if not isinstance(fields, dict):
        return {}, (m.start(), m.end()), "front matter is not a YAML mapping; read as text"
    return fields, (m.start(), m.end()), None


def _as_date(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------- skip regions

_SKIP_PATTERNS = [
    re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I),  # never prose
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"</?[A-Za-z][^<>]*>"),  # tags with their attribute values
    re.compile(r"^```.*?^```[^\n]*$", re.S | re.M),  # fenced code
    re.compile(r"`[^`\n]+`"),  # inline code
    re.compile(r"\]\([^)\s]*\)"),  # Markdown link target: [text](url)
    re.compile(r"(?:https?|ftp)://[^\s<>\"'）)\]]+|www\.[A-Za-z0-9-]+\.[^\s<>\"'）)\]]+"),
    # a site path of two or more parts (front matter's image: "/images/posts/x.png");
    # not a slash between words (売上高/営業利益)
    re.compile(r"(?<![^\s\"'(（=:])\.{0,2}/[\w.%-]+(?:/[\w.%-]+)+/?"),
]


def skip_regions(text: str, front_matter: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """Regions of markup that later stages must not annotate, merged and sorted.

    >>> t = '<a href="https://x.com/amazon">Amazonで探す</a>'
    >>> [t[s:e] for s, e in skip_regions(t)]
    ['<a href="https://x.com/amazon">', '</a>']
    """
    spans = [(m.start(), m.end()) for p in _SKIP_PATTERNS for m in p.finditer(text)]
    if front_matter:
        start, end = front_matter
        block = text[start:end]
        # The delimiters and keys are markup; the values (title, description) are prose.
        spans += [(start, start + 3), (end - len(block) + block.rstrip().rfind("---"), end)]
        spans += [(start + m.start(), start + m.end()) for m in _YAML_KEY.finditer(block)]
    return merge_spans(spans)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort and merge overlapping or touching spans.

    >>> merge_spans([(5, 8), (0, 2), (1, 3), (8, 9)])
    [(0, 3), (5, 9)]
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def blank_regions(text: str, regions: list[tuple[int, int]]) -> str:
    """Replace each region by spaces, keeping newlines, so offsets do not move.

    >>> blank_regions("a<b>c\\n", [(1, 4)])
    'a   c\\n'
    """
    if not regions:
        return text
    parts, pos = [], 0
    for start, end in regions:
        parts.append(text[pos:start])
        parts.append(re.sub(r"[^\n]", " ", text[start:end]))
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


# --------------------------------------------------------------------------- chunking

_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)(?=\s)")


def chunk_spans(text: str, max_bytes: int = SUDACHI_MAX_BYTES) -> list[tuple[int, int]]:
    """Split ``text`` into (start, end) spans of at most ``max_bytes`` UTF-8 bytes.

    Cuts fall at line ends where possible, else at sentence ends, else at
    the last space (or any character) before the limit.

    >>> chunk_spans("あいう\\nえお\\n", max_bytes=12)
    [(0, 4), (4, 7)]
    >>> chunk_spans("")
    []
    """
    spans: list[tuple[int, int]] = []
    start = cur_bytes = 0
    pos = 0
    for piece_end in _pieces(text, max_bytes):
        piece_bytes = _nbytes(text[pos:piece_end])
        if cur_bytes and cur_bytes + piece_bytes > max_bytes:
            spans.append((start, pos))
            start, cur_bytes = pos, 0
        cur_bytes += piece_bytes
        pos = piece_end
    if pos > start:
        spans.append((start, pos))
    return spans


def _nbytes(s: str) -> int:
    return len(s.encode("utf-8", errors="surrogatepass"))


def _pieces(text: str, max_bytes: int):
    """Yield end offsets of pieces (lines, or smaller) each within ``max_bytes``."""
    pos = 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line)
        if _nbytes(line) <= max_bytes:
            yield end
        else:
            yield from _split_long(text, pos, end, max_bytes)
        pos = end


def _split_long(text: str, start: int, end: int, max_bytes: int):
    cuts = [m.start() + start for m in _SENTENCE_END.finditer(text[start:end])] + [end]
    pos = start
    prev = start
    for cut in cuts:
        if cut <= pos:
            continue
        if _nbytes(text[pos:cut]) <= max_bytes:
            prev = cut
            continue
        if prev > pos:
            yield prev
            pos = prev
        while _nbytes(text[pos:cut]) > max_bytes:
            pos = _hard_cut(text, pos, cut, max_bytes)
            yield pos
        prev = cut
    if end > pos:
        yield end


def _hard_cut(text: str, start: int, end: int, max_bytes: int) -> int:
    """The furthest offset after ``start`` within ``max_bytes``, backing off to a space."""
    limit, size = start, 0
    while limit < end:
        size += _nbytes(text[limit])
        if size > max_bytes:
            break
        limit += 1
    space = text.rfind(" ", start + 1, limit)
    return space + 1 if space > start + (limit - start) // 2 else max(limit, start + 1)


# --------------------------------------------------------------------------- files

def read_article(path: str | os.PathLike, encoding: str | None = None) -> Article:
    """Read one file into an :class:`Article`; raise :class:`IngestError` if unusable.

    ``encoding``: decode with this codec instead of detecting UTF-8/CP932/EUC-JP."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise IngestError("file not found") from None
    except IsADirectoryError:
        raise IngestError("is a directory, not an article") from None
    except OSError as exc:
        raise IngestError(f"cannot read file ({exc.strerror or exc})") from None
    if encoding:
        text = decode_as(data, encoding)
    else:
        text, encoding = decode(data)
    return article_from_text(text, doc_id=p.stem, path=str(path), encoding=encoding)


def decode_as(data: bytes, encoding: str) -> str:
    """Decode with a codec the user named.

    >>> decode_as("ウォン".encode("euc_kr"), "euc_kr")
    'ウォン'
    """
    try:
        return data.decode(encoding)
    except LookupError:
        raise IngestError(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        raise IngestError(f"not valid {encoding} (invalid byte 0x{data[exc.start]:02x} at byte "
                          f"{exc.start})") from None


def article_from_text(text: str, doc_id: str = "text", path: str = "",
                      encoding: str = "utf-8") -> Article:
    """Build an :class:`Article` from text already in memory (no disk access).

    >>> a = article_from_text('---\\ntitle: T\\ndate: 2026-01-30\\n---\\n<p>本文</p>')
    >>> a.title, a.published, a.analysis_text[-9:]
    ('T', '2026-01-30', '   本文    ')
    """
    check_text(text)
    fields, fm_span, fm_error = split_front_matter(text)
    title = fields.get("title")
    return Article(
        doc_id=doc_id,
        path=path,
        text=text,
        encoding=encoding,
        title=str(title) if title is not None else None,
        published=_as_date(fields.get("date") or fields.get("published")),
        front_matter=fields,
        skip=skip_regions(text, fm_span),
        warnings=[fm_error] if fm_error else [],
    )


def find_inputs(paths) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand files and folders (recursively) into article files.

    Returns (files, problems) where each problem is (path, message).  Symlinked
    folders are not followed, so a link loop cannot hang the walk.
    """
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = []
            for dirpath, dirnames, filenames in os.walk(p, followlinks=False):
                dirnames.sort()
                found += [Path(dirpath) / f for f in filenames
                          if f.lower().endswith(ARTICLE_SUFFIXES)]
            files += sorted(found)
        elif p.exists() or p.is_symlink():
            files.append(p)
        else:
            problems.append((str(p), "file not found"))
    return files, problems
