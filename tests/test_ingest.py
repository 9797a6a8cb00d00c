"""ingest: decoding, front matter, skip regions, chunking, input discovery."""

import pytest

from pipeline.ingest import (
    SUDACHI_MAX_BYTES,
    IngestError,
    article_from_text,
    chunk_spans,
    decode,
    find_inputs,
    read_article,
    skip_regions,
)

SAMPLE = "ソフトバンクグループは米OpenAIに約4兆円を出資すると発表した。"


@pytest.mark.parametrize("encoding", ["utf-8", "cp932", "euc_jp", "utf-16", "utf-8-sig"])
def test_decode_japanese_encodings(encoding):
    text, found = decode(SAMPLE.encode(encoding))
    assert text == SAMPLE
    assert found == encoding or (encoding == "utf-16" and found == "utf-16")


def test_decode_shift_jis_only_characters():
    # ① and ㈱ exist in CP932 but not in plain Shift_JIS: still read.
    assert decode("①㈱カワセミ".encode("cp932")) == ("①㈱カワセミ", "cp932")


def test_undecodable_bytes_name_the_byte():
    with pytest.raises(IngestError, match=r"0x[0-9a-f]{2} at byte \d+"):
        decode(b"abc\xff\xfe\xfd\x80\x80")


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    ("  \n\t\n", "empty"),
    ("abc\x00def", "binary"),
    ("\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11", "binary"),
])
def test_unusable_text_is_refused(text, message):
    with pytest.raises(IngestError, match=message):
        article_from_text(text)


def test_front_matter_title_date_and_offsets():
    text = '---\ntitle: "AmazonがOpenAIへ"\ndate: 2026-01-30T00:00:00+09:00\n---\n本文です。'
    a = article_from_text(text)
    assert a.title == "AmazonがOpenAIへ"
    assert a.published.startswith("2026-01-30")
    assert a.text == text  # offsets point into the text as read, front matter kept
    # Keys and delimiters are markup; the title value stays visible.
    assert "title:" not in a.analysis_text and "AmazonがOpenAIへ" in a.analysis_text
    assert len(a.analysis_text) == len(text)


def test_broken_front_matter_is_a_warning_not_a_failure():
    a = article_from_text("---\ntitle: [unclosed\n---\n本文")
    assert a.title is None
    assert a.warnings and "front matter is not valid YAML" in a.warnings[0]


@pytest.mark.parametrize("text, skipped", [
    ('<a href="https://example.com/x">Amazonで探す</a>',
     ['<a href="https://example.com/x">', "</a>"]),
    ("詳細は https://example.com/amazon?x=1 を参照", ["https://example.com/amazon?x=1"]),
    ("[記事](https://example.com/openai)を読む", ["](https://example.com/openai)"]),
    ('  image: "/images/posts/2026-01-30-ef.png"', ["/images/posts/2026-01-30-ef.png"]),
    ("画像は ./img/amazon.png にある。売上高/営業利益と1/2", ["./img/amazon.png"]),
    ("<script>var x = '500億ドル';</script>本文", ["<script>var x = '500億ドル';</script>"]),
    ("コード `printf(\"1\\n\")` です", ['`printf("1\\n")`']),
])
def test_skip_regions(text, skipped):
    assert [text[s:e] for s, e in skip_regions(text)] == skipped


@pytest.mark.parametrize("text, max_bytes", [
    ("あいうえお。\n" * 5000, SUDACHI_MAX_BYTES),  # many lines
    ("長い一文。" * 20000, SUDACHI_MAX_BYTES),  # one line, sentence ends
    ("x" * 200_000, SUDACHI_MAX_BYTES),  # no boundary at all
    ("word " * 30_000, 1000),  # spaces only
    ("😀" * 5000, 1000),  # 4-byte characters
])
def test_chunks_cover_text_within_byte_limit(text, max_bytes):
    spans = chunk_spans(text, max_bytes)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))  # contiguous, no loss
    assert all(len(text[s:e].encode()) <= max_bytes for s, e in spans)


def test_chunks_prefer_line_and_sentence_boundaries():
    text = "一行目です。\n" + "二文目。" * 10 + "\n"
    for _, e in chunk_spans(text, max_bytes=60):
        assert text[e - 1] in "。\n"


def test_read_article_and_inputs(tmp_path):
    (tmp_path / "a.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_bytes(SAMPLE.encode("cp932"))
    (tmp_path / "notes.csv").write_text("x")
    files, problems = find_inputs([tmp_path, tmp_path / "missing.txt"])
    assert [f.name for f in files] == ["a.txt", "b.md"]
    assert problems == [(str(tmp_path / "missing.txt"), "file not found")]
    b = read_article(files[1])
    assert (b.doc_id, b.text, b.encoding) == ("b", SAMPLE, "cp932")


def test_symlink_loop_does_not_hang(tmp_path):
    (tmp_path / "a.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    files, _ = find_inputs([tmp_path])
    assert [f.name for f in files] == ["a.txt"]
