"""Bad input: a one-line InputError with line:column, or nothing to lint — never a crash or silence."""

from __future__ import annotations

import os
import threading
import tracemalloc
from pathlib import Path

import pytest

from lexlint.errors import InputError
from lexlint.sources import ReadOptions, decode, read_bytes, read_file, read_text, readers


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "macros.json"
    path.write_text('{"macros": [\n  {"title": "A", "body": "x"},\n  {"title": "B" "body": "y"}\n]}\n')
    with pytest.raises(InputError) as err:
        read_text(str(path), read_file(str(path)))
    assert (err.value.line, err.value.column) == (3, 17)
    assert str(err.value).startswith(f"{path}:3:17: invalid JSON")


def test_malformed_yaml_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "macros.yaml"
    path.write_text("macros:\n  - title: A\n    body: [unclosed\n  - title: B\n")
    with pytest.raises(InputError) as err:
        read_text(str(path), read_file(str(path)))
    assert err.value.line == 4 and err.value.column is not None and "invalid YAML" in err.value.message


def test_malformed_jsonl_line(tmp_path: Path) -> None:
    path = tmp_path / "replies.jsonl"
    path.write_text('{"text": "fine"}\n{"text": "broken\n')
    with pytest.raises(InputError) as err:
        read_text(str(path), read_file(str(path)))
    assert err.value.line == 2


def test_json_without_text_fields_says_which_field_to_use(tmp_path: Path) -> None:
    path = tmp_path / "tickets.json"
    path.write_text('{"tickets": [{"id": 1, "status": "open"}]}')
    with pytest.raises(InputError, match=r"no text fields found.*--field"):
        read_text(str(path), read_file(str(path)))
    with pytest.raises(InputError, match="none of --field tickets\\[\\*\\]\\.body matched"):
        read_text(str(path), read_file(str(path)), ReadOptions(fields=("tickets[*].body",)))


def test_csv_without_the_column_lists_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id,agent\n1,Sam\n")
    with pytest.raises(InputError, match=r"columns are id, agent.*--column"):
        read_text(str(path), read_file(str(path)))


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"caf\xe9 ol\xe9\n"])
def test_binary_and_invalid_utf8(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "reply.txt"
    path.write_bytes(data)
    with pytest.raises(InputError):
        read_text(str(path), read_file(str(path)))


@pytest.mark.parametrize("name", sorted(readers()))
def test_empty_input_gives_no_segments(name: str) -> None:
    for text in ("", "\n  \n"):
        assert read_text("empty", text, ReadOptions(input_format=name)) == []


def test_fifty_megabytes_of_text_in_bounded_memory() -> None:
    text = "Thank you for waiting, we have refunded the order.\n" * 1_000_000  # ~51 MB
    tracemalloc.start()
    try:
        [seg] = read_text("big.txt", text, ReadOptions())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seg.text is text and seg.offsets.span(len(text) - 2, len(text) - 1) == (len(text) - 2, len(text) - 1)
    assert peak < 1_000_000  # no copy of the text, no per-character objects


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_file_that_grows_while_read_is_read_to_its_end(tmp_path: Path) -> None:
    """A named pipe reports size 0 and delivers its bytes in pieces: all of them are read, where a pipe is
    read at all (--context; a pipe among the files to lint is skipped)."""
    fifo = tmp_path / "reply.txt"
    os.mkfifo(fifo)
    text = "You owe $40.12 on this account.\n" * 20_000  # several pipe buffers

    def write() -> None:
        with open(fifo, "w", encoding="utf-8") as fh:
            fh.write(text)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert read_bytes(str(fifo), regular_only=False) == text.encode()
    finally:
        writer.join()


def test_a_byte_order_mark_is_dropped_once(tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbfNo problem.")
    assert decode(str(path), read_bytes(str(path))) == "\ufeffNo problem."  # as the utf-8-sig codec does
