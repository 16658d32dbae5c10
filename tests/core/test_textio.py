"""Reading files into normalised text: every offset in Reader counts in this text."""

import codecs

import pytest

from reader.core.textio import MAX_FILE_BYTES, UnreadableFile, decode_bytes, read_text_file

ARMENIAN = "Երևան “quoted” — Artsakh’s café 🇦🇲"


@pytest.mark.parametrize(
    "data",
    [
        ARMENIAN.encode("utf-8"),
        codecs.BOM_UTF8 + ARMENIAN.encode("utf-8"),
        codecs.BOM_UTF16_LE + ARMENIAN.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + ARMENIAN.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16-le with BOM", "utf-16-be with BOM"],
)
def test_unicode_encodings_decode_to_the_same_text(data):
    assert decode_bytes(data).text == ARMENIAN


def test_legacy_single_byte_encoding_is_recognised():
    text = "Azərbaycan? No: Ереван — столица Армении, и это длинный русский текст. " * 5
    decoded = decode_bytes(text.encode("cp1251", errors="ignore"))
    assert "Ереван — столица Армении" in decoded.text


def test_line_ends_fold_to_lf_and_text_is_nfc():
    decoded = decode_bytes("Cafe\u0301\r\nline two\rline three\n".encode())
    assert decoded.text == "Café\nline two\nline three\n"
    assert len(decoded.text.split("\n")[0]) == 4  # composed é is one code point


def test_nul_bytes_inside_text_are_dropped():
    assert decode_bytes(b"plain\x00 text " * 3 + b"more" * 200).text.startswith("plain text")


def test_binary_data_is_refused_with_a_reason():
    with pytest.raises(UnreadableFile, match="binary"):
        decode_bytes(bytes(range(256)) * 20)


def test_missing_file_and_folder_are_refused(tmp_path):
    with pytest.raises(UnreadableFile, match="no such file"):
        read_text_file(tmp_path / "missing.txt")
    with pytest.raises(UnreadableFile, match="folder"):
        read_text_file(tmp_path)


def test_oversized_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(UnreadableFile, match="MB"):
        read_text_file(big)


def test_utf16_without_bom_is_recognised():
    text = "Stepanakert under fire, civilians in shelters. " * 10
    assert decode_bytes(text.encode("utf-16-le")).text == text
