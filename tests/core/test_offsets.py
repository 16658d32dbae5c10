"""Code points ↔ UTF-16: the conversion at the Qt boundary.

The check that matters to a user: a highlight stored in code points selects the same
characters once converted to Qt's UTF-16 positions. ``text.encode("utf-16-le")`` is
exactly what Qt holds, so slicing it at converted positions must give the same text as
slicing the ``str`` by code points.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.offsets import Utf16Index, count_astral


def utf16_slice(text: str, start: int, end: int, errors: str = "strict") -> str:
    """What Qt shows for UTF-16 positions start..end of ``text`` (strict: a split
    surrogate pair is an error)."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le", errors)


def assert_every_span_selects_the_same_text(text: str) -> None:
    index = Utf16Index(text)
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            u_start, u_end = index.to_utf16_span(start, end)
            assert utf16_slice(text, u_start, u_end) == text[start:end]


WOMAN_FAMILY = "👩\u200d👩\u200d👧\u200d👦"  # one grapheme, 7 code points, 11 UTF-16 units
FLAG_FR = "🇫🇷"  # two regional indicators, each astral
Q_TILDE = "q\u0303"  # no precomposed form, so NFC keeps the combining mark separate


@pytest.mark.parametrize(
    "text",
    [
        "plain ASCII text",
        "emoji 😀 in the middle 😀😀 and at the end 🎉",
        f"a family {WOMAN_FAMILY} sat down",
        f"flags {FLAG_FR}🇩🇪 and more",
        f"combining {Q_TILDE} and e\u0301 marks",
        "עברית: שלום עולם 👋 and back to English",
        "العربية ‏مرحبا بالعالم 🌍 نص",
        "𝔐𝔞𝔱𝔥 letters and 𠜎 a CJK extension B character",
    ],
)
def test_every_code_point_span_selects_the_same_text_in_qt(text):
    assert_every_span_selects_the_same_text(text)


def test_emoji_before_a_passage_shifts_its_qt_position():
    text = f"😀 {WOMAN_FAMILY} {FLAG_FR} passage"
    start = text.index("passage")
    index = Utf16Index(text)
    # 1 + 4 (family: four astral persons) + 2 (flag) astral characters come before it
    assert index.to_utf16(start) == start + 7
    assert index.to_codepoint(start + 7) == start
    assert utf16_slice(text, index.to_utf16(start), index.utf16_length) == "passage"


def test_a_position_inside_a_surrogate_pair_maps_to_the_start_of_the_character():
    text = "a😀b"
    index = Utf16Index(text)
    assert index.utf16_length == 4
    assert [index.to_codepoint(u) for u in range(5)] == [0, 1, 1, 2, 3]


def test_a_span_ending_inside_a_surrogate_pair_still_covers_the_character():
    text = "a😀b"
    index = Utf16Index(text)
    assert index.to_codepoint_span(1, 2) == (1, 2)
    assert text[slice(*index.to_codepoint_span(1, 2))] == "😀"


def test_text_without_astral_characters_converts_as_the_identity():
    text = f"Hebrew שלום, Arabic مرحبا, combining {Q_TILDE}, NBSP\u00a0and – dashes"
    index = Utf16Index(text)
    assert index.is_identity
    assert all(index.to_utf16(i) == i == index.to_codepoint(i) for i in range(len(text) + 1))


def test_offsets_outside_the_text_are_refused():
    index = Utf16Index("a😀")
    with pytest.raises(ValueError):
        index.to_utf16(3)
    with pytest.raises(ValueError):
        index.to_utf16(-1)
    with pytest.raises(ValueError):
        index.to_codepoint(4)


def test_using_code_points_directly_as_qt_positions_would_select_the_wrong_text():
    """The bug the index exists to prevent (QualCoder PR #1482), shown on an emoji-rich
    text: most highlights after the first emoji select the wrong characters unless
    converted."""
    text = "".join(f"comment {i} 👍 great point {'🎉' * (i % 3)}\n" for i in range(200))
    index = Utf16Index(text)
    spans = [(m, m + len("great point")) for m in _find_all(text, "great point")]
    right_raw = sum(utf16_slice(text, s, e, "replace") == text[s:e] for s, e in spans)
    right_converted = sum(
        utf16_slice(text, *index.to_utf16_span(s, e)) == text[s:e] for s, e in spans
    )
    assert right_converted == len(spans) == 200
    assert right_raw < 10


def _find_all(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


# Text drawn from a mix of ASCII, BMP (RTL, combining marks, NBSP) and astral characters.
texts = st.text(
    alphabet=st.one_of(
        st.sampled_from("ab \n"),
        st.sampled_from("שלוםمرحبا\u0301\u0303\u200d\u200f\u00a0"),
        st.sampled_from("😀👩🇫🇷𝔐𠜎"),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=60,
)


@given(texts, st.data())
def test_code_point_offsets_round_trip_through_utf16(text, data):
    index = Utf16Index(text)
    cp = data.draw(st.integers(0, len(text)))
    assert index.to_codepoint(index.to_utf16(cp)) == cp
    assert index.utf16_length == len(text.encode("utf-16-le")) // 2


@given(texts, st.data())
def test_utf16_positions_map_back_to_the_character_that_holds_them(text, data):
    index = Utf16Index(text)
    u16 = data.draw(st.integers(0, index.utf16_length))
    cp = index.to_codepoint(u16)
    back = index.to_utf16(cp)
    # Either an exact round trip, or u16 was the second half of a surrogate pair.
    assert back == u16 or (back == u16 - 1 and ord(text[cp]) > 0xFFFF)


@given(texts, st.data())
def test_slicing_utf16_at_converted_positions_gives_the_code_point_substring(text, data):
    index = Utf16Index(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert utf16_slice(text, *index.to_utf16_span(start, end)) == text[start:end]
    assert index.to_codepoint_span(*index.to_utf16_span(start, end)) == (start, end)


@given(texts)
def test_utf16_length_counts_two_units_per_astral_character(text):
    assert Utf16Index(text).utf16_length == len(text) + count_astral(text)
