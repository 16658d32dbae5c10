"""Mis-encoded inputs are read correctly or with a clear count of what could not be
(issue 12): no text is silently garbled."""

from __future__ import annotations

import pytest

from reader.core.source import source_from_bytes
from reader.core.textio import UnreadableFile, decode_bytes

# Ordinary sentences of the kind scraped news and comments hold, one language each.
WESTERN = {
    "French": "L’économie française a progressé de 0,5 % au troisième trimestre, selon l’Insee. "
    "« C’est une bonne surprise », a déclaré la ministre à Bercy.",
    "German": "Die Bürgerinnen und Bürger in Zürich stimmten über höhere Gebühren ab; "
    "„Das ist ärgerlich“, sagte ein Anwohner gegenüber der Zeitung.",
    "Spanish": "El Gobierno español anunció ayer que la reforma educativa entrará en vigor "
    "en otoño. «Es un día histórico», afirmó el señor ministro en Logroño.",
    "Portuguese": "A inflação em Portugal caiu para 2,1% em março, segundo o Instituto "
    "Nacional de Estatística. A população mostrou-se aliviada com a notícia.",
    "Italian": "Il presidente ha detto che l’Italia è pronta: «Non c’è più tempo da perdere», "
    "ha aggiunto, citando la crisi energetica e il costo dell’elettricità.",
    "Dutch": "De coalitie bereikte vrijdag een akkoord over het klimaatbeleid; critici "
    "noemen het “te weinig, te laat” en vragen om een ruimere financiële reserve van € 2 miljard.",
}
LATIN2 = {
    "Polish": "Rząd ogłosił w środę, że zwiększy wydatki na służbę zdrowia. Według ministra "
    "zmiany wejdą w życie już w przyszłym miesiącu, a szpitale dostaną więcej pieniędzy.",
    "Czech": "Vláda ve středu schválila návrh rozpočtu na příští rok. Podle ministra financí "
    "půjde více peněz do školství a zdravotnictví, řekl novinářům.",
}
CYRILLIC = {
    "Russian": "Правительство объявило в среду о новых мерах поддержки экономики. По словам "
    "министра, изменения вступят в силу уже в следующем месяце.",
    "Ukrainian": "Уряд оголосив у середу про нові заходи підтримки економіки. За словами "
    "міністра, зміни набудуть чинності вже наступного місяця.",
    "Bulgarian": "Правителството обяви в сряда нови мерки за подкрепа на икономиката. "
    "Според министъра промените ще влязат в сила следващия месец.",
}
JAPANESE = (
    "政府は水曜日、経済を支援するための新たな措置を発表した。大臣によると、変更は来月から"
    "施行される予定だという。記者会見では多くの質問が寄せられた。"
)


def _article(body: str) -> str:
    return f"Headline of the day\n\n{body}\n\n{body}\n"


@pytest.mark.parametrize("language", sorted(WESTERN))
def test_western_european_text_without_a_declaration_reads_as_windows_1252(language):
    text = _article(WESTERN[language])
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"
    assert decoded.problem() is None


def test_latin_1_text_reads_right():
    text = _article("Zürich, façade, naïve, señor, Ærø, Øresund, Ísland.")
    assert decode_bytes(text.encode("latin-1")).text == text


@pytest.mark.parametrize("language", sorted(LATIN2))
def test_central_european_text_reads_as_windows_1250(language):
    text = _article(LATIN2[language])
    assert decode_bytes(text.encode("cp1250")).text == text


@pytest.mark.parametrize("language", sorted(CYRILLIC))
def test_cyrillic_text_in_windows_1251_reads_right(language):
    text = _article(CYRILLIC[language])
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.text == text
    assert decoded.encoding == "cp1251"


def test_japanese_in_shift_jis_reads_right():
    text = _article(JAPANESE)
    decoded = decode_bytes(text.encode("shift_jis"))
    assert decoded.text == text
    assert decoded.encoding in ("shift_jis", "cp932")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "body",
    [WESTERN["German"], CYRILLIC["Russian"], JAPANESE],
    ids=["German", "Russian", "Japanese"],
)
def test_utf16_without_a_bom_reads_right(encoding, body):
    text = _article(body)
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding == encoding


def test_one_invalid_byte_keeps_a_utf8_file_utf8_and_says_where():
    lines = [WESTERN["German"], CYRILLIC["Russian"], "A “curly” quote and 5 €."] * 4
    data = "\n".join(lines).encode("utf-8").replace(b"5 \xe2\x82\xac", b"5 \x80", 1)
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.unreadable == 1 and decoded.unreadable_lines == (3,)
    assert "Zürich" in decoded.text and "“curly”" in decoded.text
    assert "Правительство" in decoded.text
    assert decoded.text.count("\ufffd") == 1
    assert decoded.problem() == ("1 byte could not be read as UTF-8 (line 3)")


def test_three_bad_bytes_are_counted_with_their_lines():
    rows = [f"Line {n}: Zürich “quoted” café" for n in range(1, 21)]
    data = "\n".join(rows).encode("utf-8")
    for n in (12, 15):
        marker = f"Line {n}:".encode()
        data = data.replace(marker, marker + (b"\xff\xfe" if n == 12 else b"\xc0"))
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert decoded.unreadable == 3
    assert decoded.problem().startswith("3 bytes could not be read as UTF-8 (lines 12, 15)")


def test_a_chosen_encoding_is_used_whatever_the_guess():
    text = _article(WESTERN["French"])
    data = text.encode("cp1252")
    chosen = decode_bytes(data, "cp1251")
    assert chosen.chosen and chosen.encoding == "cp1251"
    assert chosen.text != text
    wrong_utf8 = decode_bytes(data, "utf-8")
    assert wrong_utf8.unreadable > 0 and "UTF-8" in wrong_utf8.problem()
    with pytest.raises(UnreadableFile, match="not an encoding"):
        decode_bytes(data, "no-such-encoding")


def test_terminal_colour_codes_are_text_not_binary():
    data = b"\x1b[1;31mBreaking:\x1b[0m talks resume\n\x1b(B\x1b[mok\x0f\n"
    assert decode_bytes(data).text == "Breaking: talks resume\nok\n"
    doc = source_from_bytes(data, "colours.txt").document
    assert "\x1b" not in doc.text


def test_an_empty_or_blank_file_is_refused_as_import_refuses_it():
    for data in (b"", b"  \n\n\t\n"):
        with pytest.raises(UnreadableFile, match="empty"):
            source_from_bytes(data, "empty.txt")


def test_a_utf16_file_cut_by_one_byte_reads_with_that_byte_counted():
    text = _article(WESTERN["German"])
    decoded = decode_bytes(text.encode("utf-16-le") + b"\x00")
    assert decoded.encoding == "utf-16-le"
    assert decoded.text == text + "\ufffd"
    assert decoded.unreadable == 1


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_utf32_without_a_bom_reads_right(encoding):
    text = _article(CYRILLIC["Russian"] + " " + JAPANESE)
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text and decoded.encoding == encoding


def test_iso_2022_jp_mail_text_reads_right_not_stripped_of_its_escapes():
    text = _article(JAPANESE)
    decoded = decode_bytes(text.encode("iso2022_jp"))
    assert decoded.text == text


def test_a_mostly_ascii_utf8_file_with_one_quote_and_two_bad_bytes_stays_utf8():
    data = "Headline\n\nShe said “no” and left.\n".encode() + b"Broken \xe9\xff here.\n"
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert "“no”" in decoded.text and decoded.unreadable == 2


def test_a_page_resaved_as_utf8_under_its_old_latin_1_declaration_reads_right():
    from reader.core.html.charset import decode_html

    body = "<p>Le café de Zürich était “plein”.</p>"
    page = f'<html><head><meta charset="iso-8859-1"></head><body>{body}</body></html>'
    assert body in decode_html(page.encode("utf-8")).text
    assert body in decode_html(page.encode("cp1252")).text  # as declared: still right
