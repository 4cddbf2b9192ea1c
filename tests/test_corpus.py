from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from biasmeter.corpus import _UNCLOSED_QUOTE as UNCLOSED
from biasmeter.corpus import Record, iter_articles, iter_records, read_table
from biasmeter.errors import BiasmeterError
from conftest import shared_data

# The failure of a record that is a JSON array in JSON Lines.
ARRAY = (
    "expected a JSON object, got array (a JSON array is read as records only when the whole input is one "
    "array)"
)
COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    "": lambda data: data,
    ".gz": gzip.compress,
    ".xz": lzma.compress,
    ".bz2": bz2.compress,
}


def write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path``, compressed according to its suffix."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    suffix = next((suffix for suffix in (".gz", ".xz", ".bz2") if path.name.endswith(suffix)), "")
    path.write_bytes(COMPRESSORS[suffix](raw))
    return path


def read(*paths: Path | str, **options: Any) -> list[Record]:
    return list(iter_records(list(paths), **options))


JSONL = '{"id": "a", "text": "First."}\n\n{"text": "Second.", "title": "T", "extra": [1, 2]}\n'


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson", ".json"])
@pytest.mark.parametrize("compression", ["", ".gz", ".xz", ".bz2"])
def test_jsonl_formats(tmp_path: Path, suffix: str, compression: str) -> None:
    path = write(tmp_path / f"news{suffix}{compression}", JSONL)
    records = read(path)
    assert [(record.line, record.error) for record in records] == [(1, None), (3, None)]
    assert records[0].data == {"id": "a", "text": "First."}
    # All keys are kept; a missing id is "{file stem}:{line}", the stem without format and compression.
    assert records[1].data == {"text": "Second.", "title": "T", "extra": [1, 2], "id": "news:3"}
    assert all(record.origin == str(path) and record.ok for record in records)


CSV = 'id,title,text,url,lang\n1,One,"Plain text.",http://a.com/1,en\n\n2,Two,"Line one\nline ""two""",,en\n'


@pytest.mark.parametrize("compression", ["", ".gz", ".xz", ".bz2"])
@pytest.mark.parametrize(("suffix", "delimiter"), [(".csv", ","), (".tsv", "\t")])
def test_csv_and_tsv(tmp_path: Path, compression: str, suffix: str, delimiter: str) -> None:
    path = write(tmp_path / f"table{suffix}{compression}", CSV.replace(",", delimiter))
    records = read(path)
    assert [(record.line, record.error) for record in records] == [(2, None), (4, None)]
    assert records[0].data == {
        "id": "1",
        "title": "One",
        "text": "Plain text.",
        "url": "http://a.com/1",
        "lang": "en",
    }
    # A quoted field over two lines: the record starts on line 4 and keeps the line break.
    assert records[1].data is not None
    assert records[1].data["text"] == 'Line one\nline "two"'


@pytest.mark.parametrize("suffix", [".txt", ".md"])
@pytest.mark.parametrize("compression", ["", ".gz", ".xz", ".bz2"])
def test_text_files(tmp_path: Path, suffix: str, compression: str) -> None:
    path = write(tmp_path / f"my-article{suffix}{compression}", "Headline\n\nBody text.\n")
    (record,) = read(path)
    assert record == Record({"id": "my-article", "text": "Headline\n\nBody text.\n"}, str(path), 1, None)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"text": "unterminated', "malformed JSON: Unterminated string starting at column 10"),
        # The message for a trailing comma changed in Python 3.13.
        (
            '{"text": "a",}',
            "re:malformed JSON: (Illegal trailing comma|Expecting property name).* at column 1[34]",
        ),
        ("not json", "malformed JSON: Expecting value at column 1"),
        (
            '["text"]',
            "expected a JSON object, got array (a JSON array is read as records only when the whole input is "
            "one array)",
        ),
        ('"just a string"', "expected a JSON object, got string"),
        ("null", "expected a JSON object, got null"),
        ('{"title": "x"}', "no 'text' field (fields: title)"),
        ('{"text": null}', "'text' must be a string, got null"),
        ('{"text": 42}', "'text' must be a string, got number"),
        ('{"text": ["a"]}', "'text' must be a string, got array"),
        ("[" * 100_000 + "]" * 100_000, "malformed JSON: nested too deeply"),
    ],
)
def test_jsonl_errors_name_file_and_line(tmp_path: Path, line: str, reason: str) -> None:
    path = write(tmp_path / "bad.jsonl", '{"text": "good"}\n\n' + line + '\n{"text": "after"}\n')
    records = read(path)
    assert [record.line for record in records] == [1, 3, 4]
    assert [record.ok for record in records] == [True, False, True]
    assert records[1].error is not None
    pattern = reason.removeprefix("re:") if reason.startswith("re:") else re.escape(reason)
    assert re.fullmatch(re.escape(f"{path}:3: ") + pattern, records[1].error)


def test_unicode_line_separators_inside_json_strings_do_not_split_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "sep.jsonl", '{"text": "a\u2028b\u0085c"}\n{"text": "d"}\n')
    first, second = read(path)
    assert first.data == {"text": "a\u2028b\u0085c", "id": "sep:1"}
    assert second.line == 2


def test_records_with_a_usable_structure_keep_their_data(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.jsonl", '{"title": "x"}\n{"text": 5, "id": "k"}\n[1]\n')
    records = read(path)
    assert [record.data for record in records] == [
        {"title": "x", "id": "bad:1"},
        {"text": 5, "id": "k"},
        None,
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # pandas' to_json(orient="records") writes one line; json.dump(indent=2) one value per line.
        ('[{"text": "a"}, {"text": "b", "id": "k"}]', [(1, "a:1", None), (1, "k", None)]),
        ('\n[\n  {"text": "a"},\n  {\n    "text": "b"\n  }\n]\n', [(3, "a:1", None), (4, "a:2", None)]),
        ("[]", []),
        ('[{"Text": "a", "ID": 7}]', [(1, 7, None)]),
        (
            '[{"text": "a"}, [1], "x"]',
            [
                (1, "a:1", None),
                (1, None, "expected a JSON object, got array"),
                (1, None, "expected a JSON object, got string"),
            ],
        ),
        ('[{"title": "t"}]', [(1, "a:1", "no 'text' field (fields: title)")]),
        # A broken array ends where it breaks, saying so; the elements before it are kept.
        (
            '[{"text": "a"},\n {"text": "b}]',
            [
                (1, "a:1", None),
                (
                    2,
                    None,
                    "malformed JSON: Unterminated string starting on line 2; element 2 and those after it "
                    "were not read",
                ),
            ],
        ),
        (
            '[{"text": "a"} {"text": "b"}]',
            [
                (1, "a:1", None),
                (
                    1,
                    None,
                    "malformed JSON: expected ',' or ']' after element 1 of the array; the rest was not read",
                ),
            ],
        ),
        (
            '[\n{"text": "a"}\n]\n{"text": "b"}\n',
            [
                (2, "a:1", None),
                (4, None, "malformed JSON: more after the array's closing ']' (an input holds one array)"),
            ],
        ),
        (
            '[{"text": "a"},\n[' + "[" * 100_000 + "]" * 100_000 + '],\n{"text": "b"}]',
            [
                (1, "a:1", None),
                (2, None, "malformed JSON: nested too deeply; element 2 and those after it were not read"),
            ],
        ),
        # JSON Lines as before, line by line: an array on a later line, or a whole one on the first line
        # with more lines after it, is no list of records.
        ('{"text": "a"}\n[{"text": "b"}]\n', [(1, "a:1", None), (2, None, ARRAY)]),
        ('[{"text": "a"}]\n{"text": "b"}\n', [(1, None, ARRAY), (2, "a:2", None)]),
        ('["id", "text"]\n["1", "Rain"]\n', [(1, None, ARRAY), (2, None, ARRAY)]),
    ],
)
def test_json_arrays(tmp_path: Path, content: str, expected: list[tuple[int, Any, str | None]]) -> None:
    path = write(tmp_path / "a.json", content)
    records = read(path)
    assert [(record.line, record.data and record.data["id"], record.error) for record in records] == [
        (line, identifier, None if reason is None else f"{path}:{line}: {reason}")
        for line, identifier, reason in expected
    ]


def test_a_json_array_on_standard_input_and_undecodable_bytes_in_one_element(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "bytes.json.gz", b'[{"text": "ok"},\n{"text": "caf\xe9"}, {"text": "fine"}]')
    good, bad, fine = read(path)
    assert good.ok
    assert fine.ok
    assert bad.error == f"{path}:2: undecodable bytes at byte offset 30 (not UTF-8)"
    assert bad.data == {"text": "caf\ufffd", "id": "bytes:2"}
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'\xef\xbb\xbf [{"text": "a"}]')))
    (record,) = read("-")
    assert record.data == {"text": "a", "id": "stdin:1"}


def test_json_file_hint(tmp_path: Path) -> None:
    # One object spread over lines is neither JSON Lines nor an array: every line fails, the first saying why.
    records = read(write(tmp_path / "object.json", '{\n  "text": "a"\n}\n'))
    assert [record.line for record in records] == [1, 2, 3]
    assert records[0].error is not None
    assert records[0].error.endswith(
        "(.json files are read as one JSON array of objects, or as one object per line)"
    )


def test_undecodable_bytes_give_the_byte_offset(tmp_path: Path) -> None:
    path = write(tmp_path / "latin.jsonl", b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    good, bad = read(path)
    assert good.ok
    # Line 2 starts at byte 15; the bad byte is the 14th of the line.
    assert bad.error == f"{path}:2: undecodable bytes at byte offset 28 (not UTF-8)"
    assert bad.data == {"text": "caf\ufffd", "id": "latin:2"}


def test_undecodable_bytes_in_csv_and_text(tmp_path: Path) -> None:
    csv_path = write(tmp_path / "t.csv", b"text,id\nfine,1\ncaf\xe9,2\n")
    fine, bad = read(csv_path)
    assert fine.ok
    assert fine.line == 2
    # "text,id\n" and "fine,1\n" are 15 bytes, "caf" 3 more.
    assert bad.error == f"{csv_path}:3: undecodable bytes at byte offset 18 (not UTF-8)"
    assert bad.data == {"text": "caf\ufffd", "id": "2"}
    text_path = write(tmp_path / "t.txt", b"abc\xff")
    (record,) = read(text_path)
    assert record.error == f"{text_path}:1: undecodable bytes at byte offset 3 (not UTF-8)"


@pytest.mark.parametrize("name", ["a.txt", "a.jsonl", "a.csv"])
def test_a_utf16_file_is_named_as_such(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, "text\nAn article.\n".encode("utf-16"))
    first = read(path)[0]
    assert first.error is not None
    assert first.error.endswith(
        "undecodable bytes at byte offset 0 "
        "(not UTF-8: it starts with a UTF-16 byte order mark; save it as UTF-8)"
    )


def test_only_a_utf16_byte_order_mark_is_named_utf16(tmp_path: Path) -> None:
    # A Windows-1252 article opening with a curly quote is bad from its first byte too.
    (record,) = read(write(tmp_path / "a.txt", b"\x93Quoted lead,\x94 the senator said.\n"))
    assert record.error == f"{tmp_path / 'a.txt'}:1: undecodable bytes at byte offset 0 (not UTF-8)"


def test_a_bad_byte_in_a_header_cell_not_asked_for_fails_nothing(tmp_path: Path) -> None:
    (record,) = read(write(tmp_path / "h.csv", b"text,no\xfftes\nHello world article,1\n"))
    assert record.ok
    assert record.data["text"] == "Hello world article"


def test_byte_order_marks_are_ignored(tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf"
    assert read(write(tmp_path / "a.jsonl", bom + b'{"text": "x"}\n'))[0].ok
    (row,) = read(write(tmp_path / "a.csv", bom + b"text,id\nx,1\n"))
    assert row.data == {"text": "x", "id": "1"}
    (text,) = read(write(tmp_path / "a.txt", bom + b"x"))
    assert text.data == {"id": "a", "text": "x"}


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("text,id\na,1\nb,2,extra\n", [(2, None), (3, "expected 2 fields as in the header, got 3")]),
        ("text,id\na\n", [(2, "expected 2 fields as in the header, got 1")]),
        ("title,id\na,1\n", [(2, "no 'text' field (fields: title, id)")]),
        ("text,id\n,1\n", [(2, None)]),
        ("\n\ntext,id\n\na,1\n", [(5, None)]),
        ('text,id\n"a\n\nb",1\nc,2\n', [(2, None), (5, None)]),
        ('text,id\n"a\n\nb",1\nc,2', [(2, None), (5, None)]),
        ("text,id\na,1", [(2, None)]),
        ('text,id\na "b" c,1\nd,2\n', [(2, None), (3, None)]),
        # A stray quotation mark swallows the rows after it: that is said, not passed off as one article.
        ('text,id\n"a,1\nb,2\nc,3\n', [(2, UNCLOSED.format(line=4))]),
        ('text,id\na,1\nb,"2\nc,3', [(2, None), (3, UNCLOSED.format(line=4))]),
        ('"text,id\na,1\n', [(1, UNCLOSED.format(line=2))]),
    ],
)
def test_csv_rows(tmp_path: Path, content: str, expected: list[tuple[int, str | None]]) -> None:
    path = write(tmp_path / "rows.csv", content)
    records = read(path)
    assert [(record.line, record.error) for record in records] == [
        (line, None if reason is None else f"{path}:{line}: {reason}") for line, reason in expected
    ]


def test_csv_keeps_extra_fields_duplicate_and_blank_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "wide.csv", "text,note,note,\nx,a,b,c,d\n")
    (record,) = read(path)
    assert record.data == {
        "text": "x",
        "note": "a",
        "note.1": "b",
        "column_4": "c",
        "_extra": ["d"],
        "id": "wide:2",
    }
    assert not record.ok


def test_csv_fields_longer_than_the_default_limit(tmp_path: Path) -> None:
    long_text = "word " * 40_000  # 200 kB, above the csv module's default 128 kB
    path = write(tmp_path / "long.csv", f'text\n"{long_text}"\n')
    (record,) = read(path)
    assert record.ok
    assert record.data is not None
    assert record.data["text"] == long_text


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ID,URL,Title,Text,Source", {"id": "7", "url": "u", "title": "t", "text": "x", "Source": "s"}),
        # A record with the exact name keeps it; the other spelling is one more field.
        ("id,ID,url,Title,text", {"id": "7", "ID": "u", "url": "t", "title": "x", "text": "s"}),
    ],
)
def test_article_fields_are_found_whatever_their_case(
    tmp_path: Path, header: str, expected: dict[str, str]
) -> None:
    path = write(tmp_path / "export.csv", f"{header}\n7,u,t,x,s\n")
    (record,) = read(path)
    assert record.ok
    assert record.data is not None
    assert {key: record.data[key] for key in expected} == expected


def test_text_field_option(tmp_path: Path) -> None:
    path = write(tmp_path / "body.jsonl", '{"body": "x"}\n{"text": "y"}\n')
    first, second = read(path, text_field="body")
    assert first.ok
    assert second.error == f"{path}:2: no 'body' field (fields: text)"
    (text_file,) = read(write(tmp_path / "a.txt", "z"), text_field="body")
    assert text_file.data == {"id": "a", "body": "z"}


def test_iter_articles_renames_the_text_field_and_keeps_a_text_beside_it(tmp_path: Path) -> None:
    path = write(tmp_path / "body.jsonl", '{"body": "x", "text": "t", "input_text": "i"}\n{"text": "y"}\n')
    first, second = iter_articles([path], text_field="body")
    assert first.data == {"text": "x", "input_input_text": "t", "input_text": "i", "id": "body:1"}
    assert second.error == f"{path}:2: no 'body' field (fields: text)"
    assert second.data == {"text": "y", "id": "body:2"}


def test_empty_text_file_is_a_record_for_scoring_to_judge(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.md", "  \n")
    (record,) = read(path)
    assert record.error is None
    assert record.data is not None
    assert record.data["text"] == "  \n"


def test_directories_are_read_recursively_in_order(tmp_path: Path) -> None:
    write(tmp_path / "b.jsonl", '{"text": "b1"}\n{"text": "b2"}\n')
    write(tmp_path / "a.txt", "a")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "c.csv.gz", "text\nc\n")
    write(tmp_path / "notes.docx", "ignored: unknown suffix")
    write(tmp_path / "README", "ignored: no suffix")
    (tmp_path / ".hidden").mkdir()
    write(tmp_path / ".hidden" / "d.txt", "ignored: hidden")
    write(tmp_path / "sub" / "photo.PNG", "ignored: unknown suffix")
    write(tmp_path / "sub" / "page.html", "<html><p>e</p></html>")
    notes: list[str] = []
    records = iter_records(tmp_path, log=notes.append)
    # The note comes at the call, before anything is read, as errors about the paths do.
    assert notes == [f"{tmp_path}: left out 4 files of other kinds (1 hidden, 1 no suffix, 1 .docx, 1 .png)"]
    read_back = [(record.data["id"], record.data["text"]) for record in records if record.data is not None]
    assert read_back == [
        ("a", "a"),
        ("b:1", "b1"),
        ("b:2", "b2"),
        ("sub/c:2", "c"),
        ("sub/page", "<html><p>e</p></html>"),
    ]


def test_files_of_one_name_in_two_subfolders_get_two_ids(tmp_path: Path) -> None:
    for day in ("2024-10-01", "2024-10-02"):
        (tmp_path / day).mkdir()
        write(tmp_path / day / "index.txt", day)
    ids = [record.data["id"] for record in iter_records(tmp_path) if record.data is not None]
    assert ids == ["2024-10-01/index", "2024-10-02/index"]


def test_a_folder_of_article_files_only_gives_no_note(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "a")
    notes: list[str] = []
    assert len(list(iter_records(tmp_path, log=notes.append))) == 1
    assert notes == []


@pytest.mark.parametrize("name", ["page.html", "page.HTM", "page.html.gz"])
def test_a_saved_web_page_is_one_article(tmp_path: Path, name: str) -> None:
    page = "<html><head><title>T</title></head><body><p>Line one.</p>\n<p>Line two.</p></body></html>\n"
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(page.encode("utf-8")))
    else:
        write(path, page)
    (record,) = read(path)
    assert record.error is None
    assert record.data == {"id": "page", "text": page}


def test_files_and_directories_mixed_keep_argument_order(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    write(folder / "x.txt", "x")
    single = write(tmp_path / "y.txt", "y")
    assert [record.data["id"] for record in read(single, folder) if record.data] == ["y", "x"]
    # A single path instead of a list is accepted too.
    assert [record.data["id"] for record in iter_records(single) if record.data] == ["y"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.jsonl", "missing.jsonl: no such file or directory"),
        (
            "articles.docx",
            "articles.docx: unknown file type; supported: .jsonl, .ndjson, .json, .csv, .tsv, .txt",
        ),
        ("articles.gz", "articles.gz: unknown file type"),
        ("empty-dir", "empty-dir: directory has no article files"),
        # Longer than any file system allows a name to be: the check itself fails.
        ("a" * 300 + ".jsonl", "a" * 300 + ".jsonl: cannot read: "),
    ],
)
def test_path_errors(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "articles.docx").write_text("x")
    (tmp_path / "articles.gz").write_bytes(gzip.compress(b"x"))
    (tmp_path / "empty-dir").mkdir()
    good = write(tmp_path / "good.jsonl", '{"text": "x"}\n')
    with pytest.raises(BiasmeterError, match="^" + str(tmp_path / message).replace(".", r"\.")):
        # The error comes at the call, before the good file is read.
        iter_records([good, tmp_path / name])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_is_read_as_a_stream(tmp_path: Path) -> None:
    pipe = tmp_path / "feed.jsonl"
    os.mkfifo(pipe)
    writer = threading.Thread(target=pipe.write_text, args=('{"text": "piped"}\n',))
    writer.start()
    records = read(pipe)
    writer.join()
    assert [record.data for record in records] == [{"text": "piped", "id": "feed:1"}]


def test_a_file_gone_before_its_turn_gives_a_record_and_the_next_file_is_read(tmp_path: Path) -> None:
    gone = write(tmp_path / "gone.jsonl", '{"text": "x"}\n')
    after = write(tmp_path / "after.txt", "after")
    records = iter_records([gone, after])  # the paths are checked here
    gone.unlink()
    failed, following = records
    assert failed == Record(None, str(gone), 1, f"{gone}:1: cannot open: No such file or directory")
    assert following.ok


def test_truncated_compressed_file_reports_where_it_stopped(tmp_path: Path) -> None:
    whole = gzip.compress(b"".join(b'{"text": "line %d"}\n' % number for number in range(2000)))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    after = write(tmp_path / "next.jsonl", '{"text": "next file"}\n')
    records = read(path, after)
    *good, broken, following = records
    assert good
    assert all(record.ok for record in good)
    assert broken.data is None
    assert broken.line == good[-1].line + 1
    assert broken.error is not None
    assert broken.error.startswith(f"{path}:{broken.line}: cannot read past this point")
    assert following.ok
    assert following.origin == str(after)


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b'{"text": "from a pipe"}\n{bad\n'))
    good, bad = read("-")
    assert good == Record({"text": "from a pipe", "id": "stdin:1"}, "<stdin>", 1, None)
    assert bad.error is not None
    assert bad.error.startswith("<stdin>:2: malformed JSON")
    assert bad.error.endswith(
        "(standard input is read as JSON Lines; for a plain-text article: --stdin-format txt)"
    )


def test_stdin_without_a_byte_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"text": "é"}\n'))
    (record,) = read("-")
    assert record.data == {"text": "é", "id": "stdin:1"}


@pytest.mark.parametrize(
    ("stdin_format", "data", "expected"),
    [
        ("csv", b"text,id\nx,7\n", {"text": "x", "id": "7"}),
        ("tsv", b"id\ttext\n7\tx\n", {"id": "7", "text": "x"}),
        ("txt", b"whole article", {"id": "stdin", "text": "whole article"}),
    ],
)
def test_stdin_formats(
    monkeypatch: pytest.MonkeyPatch, stdin_format: str, data: bytes, expected: dict[str, str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    (record,) = read("-", stdin_format=stdin_format)
    assert record.data == expected


@pytest.mark.parametrize("paths", [["-", "-"], ["-", "good.jsonl", "-"]])
def test_stdin_given_twice_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paths: list[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(b'{"text": "once"}\n'))
    write(tmp_path / "good.jsonl", '{"text": "x"}\n')
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BiasmeterError, match=re.escape("'-' (standard input) is given more than once")):
        iter_records(paths)


def test_unknown_stdin_format() -> None:
    with pytest.raises(BiasmeterError, match="stdin_format must be one of jsonl, csv, tsv, txt, got 'xml'"):
        iter_records(["-"], stdin_format="xml")


def test_reading_is_streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    class OneLineThenFail(io.BytesIO):
        def __iter__(self) -> Iterator[bytes]:
            yield b'{"text": "first"}\n'
            raise AssertionError("read past the first record")

    stdin = _Stdin(b"")
    stdin.buffer = OneLineThenFail()
    monkeypatch.setattr(sys, "stdin", stdin)
    records = iter_records(["-"])
    assert next(records).data == {"text": "first", "id": "stdin:1"}


def test_record_data_and_ok() -> None:
    assert Record(None, "x.jsonl", 3, "x.jsonl:3: malformed JSON").ok is False
    assert json.dumps(Record({"text": "a"}, "x", 1).data) == '{"text": "a"}'


# read_table


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("ratings.csv", "domain,pc1,other\nreuters.com,1,x\n\n example.com ,0.25,y\n"),
        ("ratings.tsv", "domain\tpc1\tother\nreuters.com\t1\tx\n example.com \t0.25\ty\n"),
        ("ratings.csv.gz", "domain,pc1\nreuters.com,1\nexample.com,0.25\n"),
        ("ratings.txt", "domain;pc1\nreuters.com;1\nexample.com;0.25\n"),
        ("ratings.dat", "domain\tpc1\nreuters.com\t1\nexample.com\t0.25\n"),
        ("bom.csv", "\ufeffdomain,pc1\nreuters.com,1\nexample.com,0.25\n,0.5\n"),
        # Quotation marks a spreadsheet would not write, read as the csv module reads them.
        ("loose.csv", 'domain,pc1\n"reuters.com" ,1\nexample.com,0.25\n'),
    ],
)
def test_read_table(tmp_path: Path, name: str, content: str) -> None:
    path = write(tmp_path / name, content)
    assert read_table(path, "domain", "pc1") == {"reuters.com": "1", "example.com": "0.25"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("domain,score\na.com,1\n", r"no column 'pc1'; columns found: domain, score"),
        ("site,score\na.com,1\n", r"no column 'domain', 'pc1'; columns found: site, score"),
        ("", r"empty file, expected a header row with 'domain' and 'pc1'"),
        ("domain,pc1\na.com,1\nb.com\n", r":3: expected 2 fields as in the header, got 1"),
        ("domain,pc1\na.com,1\na.com,0.5\n", r":3: domain 'a.com' has pc1 '0.5', but '1' on line 2"),
        ('domain,pc1\na.com,"1\nb.com,0.5\n', r":2: a quotation mark opened on this row is never closed"),
        ('"domain,pc1\na.com,1\n', r":1: a quotation mark opened on this row is never closed"),
    ],
)
def test_read_table_errors(tmp_path: Path, content: str, message: str) -> None:
    path = write(tmp_path / "ratings.csv", content)
    with pytest.raises(BiasmeterError, match=message):
        read_table(path, "domain", "pc1")


def test_read_table_missing_file_and_repeated_identical_rows(tmp_path: Path) -> None:
    with pytest.raises(BiasmeterError, match=r"nothing\.csv: no such file"):
        read_table(tmp_path / "nothing.csv", "domain", "pc1")
    path = write(tmp_path / "twice.csv", "domain,pc1\na.com,1\na.com,1\n")
    assert read_table(path, "domain", "pc1") == {"a.com": "1"}


def test_read_table_on_the_shared_ratings() -> None:
    pc1 = read_table(shared_data("media-ratings/lin-2023-domain-quality-pc1.csv"), "domain", "pc1")
    assert pc1["reuters.com"] == "1"
    mbfc = read_table(shared_data("media-ratings/mbfc-2018-2020.tsv"), "domain", "factuality")
    assert set(mbfc.values()) <= {"high", "mixed", "low"}
