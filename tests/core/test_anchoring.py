"""Re-anchoring: annotations find their passage again after the text changed.

Each test is a change a re-scrape or a corrected file really makes, and checks what the
user sees: the highlight covers the same words, or the annotation is listed as an orphan
rather than landing on the wrong sentence.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from reader.core.anchoring import (
    CONTEXT_LENGTH,
    Anchor,
    Placement,
    TextQuote,
    fold,
    make_anchor,
    make_anchors,
    reanchor,
)
from reader.core.model import Block, BlockKind, Comment, Document
from reader.core.parse import parse_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

ARTICLE = (
    "The city council met on Tuesday to discuss the new budget for the coming year.\n"
    "Councillor Maria Lopez said the plan would cut spending on roads by ten percent, "
    "a move that drew loud protests from residents of the northern districts.\n"
    'The mayor defended the budget. "We have to make hard choices," he told reporters '
    "outside the town hall, adding that the library would stay open on weekends.\n"
    "A final vote is expected next month, after a public consultation that opens on "
    "Friday and runs for three weeks.\n"
)


def document(article: str, comments: Sequence[tuple[str, str]] = ()) -> Document:
    """A document of ``article`` paragraphs followed by the comments ``(id, text)``."""
    parts = [article, "\nComments\n"]
    blocks, spans = [], []
    at = 0
    for line in article.splitlines(keepends=True):
        if line.strip():
            blocks.append(Block(BlockKind.PARAGRAPH, at, at + len(line) - 1, line[:-1]))
        at += len(line)
    at += len(parts[1])
    for cid, body in comments:
        spans.append(Comment(cid, None, 0, body, at, at + len(body)))
        parts.append(body + "\n\n")
        at += len(body) + 2
    return Document("".join(parts), "", None, None, tuple(blocks), tuple(spans), ())


def anchor_on(doc: Document, passage: str, occurrence: int = 0) -> Anchor:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(passage, start + 1)
    return make_anchor(doc, start, start + len(passage))


def placed_text(doc: Document, placement: Placement | None) -> str | None:
    return None if placement is None else doc.text[placement.start : placement.end]


def reanchor_one(anchor: Anchor, doc: Document) -> Placement | None:
    [placement] = reanchor([anchor], doc)
    return placement


# --- make_anchor -------------------------------------------------------------------


def test_an_anchor_keeps_the_quote_and_32_characters_either_side():
    doc = document(ARTICLE)
    anchor = anchor_on(doc, "hard choices")
    start = doc.text.index("hard choices")
    assert anchor.start == start and anchor.end == start + len("hard choices")
    assert anchor.quote.exact == "hard choices"
    assert anchor.quote.prefix == doc.text[start - CONTEXT_LENGTH : start]
    assert anchor.quote.suffix.startswith(',," he told reporters'[1:])
    assert len(anchor.quote.suffix) == CONTEXT_LENGTH
    assert anchor.comment_id is None


def test_an_anchor_at_the_very_start_has_a_short_prefix():
    doc = document(ARTICLE)
    anchor = make_anchor(doc, 4, 8)
    assert anchor.quote == TextQuote("city", "The ", doc.text[8 : 8 + CONTEXT_LENGTH])


def test_an_anchor_in_a_comment_records_the_comment():
    doc = document(ARTICLE, [("c1", "Roads matter more than libraries."), ("c2", "Agreed.")])
    assert anchor_on(doc, "more than libraries").comment_id == "c1"
    # A passage running from one comment into the next belongs to neither.
    start = doc.text.index("libraries.")
    assert make_anchor(doc, start, doc.text.index("Agreed") + 3).comment_id is None


def test_anchors_made_together_are_the_anchors_made_one_by_one():
    doc = document(ARTICLE, [("c1", "Roads matter more than libraries."), ("c2", "Agreed.")])
    spans = [(0, 8), (doc.text.index("Roads"), doc.text.index("Roads") + 5), (5, 200)]
    assert make_anchors(doc, spans) == [make_anchor(doc, s, e) for s, e in spans]
    assert [a.comment_id for a in make_anchors(doc, spans)] == [None, "c1", None]


@pytest.mark.parametrize("span", [(5, 5), (-1, 3), (10, 5), (0, 10_000)])
def test_an_empty_or_out_of_range_passage_is_refused(span):
    with pytest.raises(ValueError):
        make_anchor(document(ARTICLE), *span)


# --- re-anchoring scenarios --------------------------------------------------------


def test_unchanged_text_places_each_annotation_where_it_was():
    doc = document(ARTICLE)
    anchors = [anchor_on(doc, p) for p in ("city council", "ten percent", "A final vote")]
    placements = reanchor(anchors, doc)
    assert [(p.start, p.end) for p in placements] == [(a.start, a.end) for a in anchors]
    assert all(p.score == 1.0 and p.method == "position" for p in placements)


def test_text_inserted_before_moves_every_highlight_with_its_words():
    old = document(ARTICLE)
    passages = ["city council", "ten percent", "hard choices", "three weeks"]
    anchors = [anchor_on(old, p) for p in passages]
    new = document("UPDATE: this story has been updated with the mayor's comments.\n" + ARTICLE)
    placements = reanchor(anchors, new)
    assert [placed_text(new, p) for p in placements] == passages
    # The first is no longer at the very start of the text, so its context changed a bit.
    assert [p.score for p in placements[1:]] == [1.0] * 3 and placements[0].score > 0.9
    # After the first one, the others are found cheaply by following its shift.
    assert [p.method for p in placements[1:]] == ["shifted"] * 3


def test_words_changed_inside_and_around_the_quote_still_find_the_passage():
    old = document(ARTICLE)
    anchor = anchor_on(old, "the plan would cut spending on roads by ten percent")
    edited = ARTICLE.replace(
        "Councillor Maria Lopez said the plan would cut spending on roads by ten percent, a move",
        "Councillor María López stated the plan would cut spending on the roads by 10 "
        "percent, a decision",
    )
    new = document(edited)
    placement = reanchor_one(anchor, new)
    assert placement is not None and placement.method == "fuzzy"
    assert placed_text(new, placement) == "the plan would cut spending on the roads by 10 percent"
    assert 0.78 <= placement.score < 1.0


@pytest.mark.parametrize(
    "rewritten",
    [
        "The scheme would cut spending on roads by ten percent",
        "the plan would cut spending on roads by 10%",
        "the plan, he said, would cut spending on roads by ten percent",
        "the plan would cut spending on roads",
        "the plan would cut spending on roads and bridges by ten percent",
    ],
)
def test_a_rewritten_first_or_last_word_stays_inside_the_highlight(rewritten):
    old = document(ARTICLE)
    anchor = anchor_on(old, "the plan would cut spending on roads by ten percent")
    new = document(
        ARTICLE.replace("the plan would cut spending on roads by ten percent", rewritten)
    )
    assert placed_text(new, reanchor_one(anchor, new)) == rewritten


def test_a_repeated_quote_is_told_apart_by_its_context():
    article = (
        "The budget was approved. Critics said the budget was too small for the schools.\n"
        "Supporters said the budget was fair to every district in the city.\n"
        "In the end the budget was passed by seven votes to two.\n"
    )
    old = document(article)
    anchor = anchor_on(old, "the budget was", occurrence=1)  # "Supporters said ..."
    assert old.text[anchor.start - 16 : anchor.start] == "Supporters said "
    # The insertion is exactly as long as the distance between the first two repeats,
    # so another "the budget was" now sits at the stored position.
    first = old.text.index("the budget was")
    filler = "x" * (anchor.start - first - 1) + "\n"
    new = document(filler + article)
    assert new.text.startswith("the budget was", anchor.start)
    placement = reanchor_one(anchor, new)
    assert placement is not None
    assert new.text[placement.start - 16 : placement.end] == "Supporters said the budget was"


def test_a_reflowed_paragraph_keeps_its_highlights():
    old = document(ARTICLE)
    passages = ["loud protests from residents of the northern districts", "hard choices"]
    anchors = [anchor_on(old, p) for p in passages]
    # Hard-wrapped at about 40 characters, with doubled spaces after full stops.
    reflowed = []
    for paragraph in ARTICLE.splitlines():
        words, line = paragraph.replace(". ", ".  ").split(" "), ""
        out = []
        for word in words:
            if len(line) + len(word) > 40:
                out.append(line.rstrip(" "))
                line = ""
            line += word + " "
        out.append(line.rstrip(" "))
        reflowed.append("\n".join(out))
    new = document("\n\n".join(reflowed) + "\n")
    placements = reanchor(anchors, new)
    for passage, placement in zip(passages, placements, strict=True):
        assert " ".join(placed_text(new, placement).split()) == passage


def test_a_deleted_passage_becomes_an_orphan_not_a_look_alike_sentence():
    article = ARTICLE + (
        "Last year, Councillor Mark Chen said the plan would cut spending on parks by five "
        "percent, which the council rejected.\n"
    )
    old = document(article)
    anchor = anchor_on(old, "said the plan would cut spending on roads by ten percent")
    new = document(article.replace(old.blocks[1].text + "\n", ""))
    assert "roads by ten percent" not in new.text
    assert reanchor_one(anchor, new) is None


def test_a_deleted_article_sentence_quoted_in_a_comment_becomes_an_orphan():
    quoted = "the library would stay open on weekends"
    old = document(ARTICLE, [("c1", f"Good news: “{quoted}”. Finally!")])
    anchor = anchor_on(old, quoted)
    assert anchor.comment_id is None
    new = document(
        ARTICLE.replace(", adding that the library would stay open on weekends", ""),
        [("c1", f"Good news: “{quoted}”. Finally!")],
    )
    assert reanchor_one(anchor, new) is None


def test_a_document_grown_tenfold_still_places_every_annotation():
    old = document(ARTICLE)
    passages = ["city council", "ten percent", "hard choices", "three weeks", "The mayor"]
    anchors = [anchor_on(old, p) for p in passages]
    other = (SEEDS / "000_2c329435d1fa70bd.txt").read_text(encoding="utf-8")
    paragraphs = ARTICLE.splitlines(keepends=True)
    # Five seed articles' worth of text before, and more between every paragraph.
    grown = other * 3 + "".join(p + other[: 2000 * (i + 1)] for i, p in enumerate(paragraphs))
    new = document(grown)
    assert len(new.text) > 10 * len(old.text)
    placements = reanchor(anchors, new)
    assert [placed_text(new, p) for p in placements] == passages


def test_a_paragraph_moved_within_the_article_keeps_its_highlights():
    old = document(ARTICLE)
    passages = ["The mayor defended the budget.", "hard choices", "library would stay open"]
    anchors = [anchor_on(old, p) for p in passages]
    paragraphs = ARTICLE.splitlines(keepends=True)
    moved = paragraphs[2]  # the mayor's paragraph goes to the end
    new = document("".join(paragraphs[:2] + paragraphs[3:] + [moved]))
    placements = reanchor(anchors, new)
    assert [placed_text(new, p) for p in placements] == passages
    assert all(p.start > new.text.index("A final vote") for p in placements)


def test_curly_and_straight_quotes_dashes_and_odd_spaces_are_the_same_text():
    old = document(ARTICLE)
    anchor = anchor_on(old, '"We have to make hard choices," he told reporters')
    typeset = (
        ARTICLE.replace('"We', "“We")
        .replace(',"', ",”")
        .replace("The mayor defended", "The mayor\u00a0– visibly tired –\u2009defended")
        .replace(" he told", "\u00a0he told")
    )
    new = document(typeset)
    placement = reanchor_one(anchor, new)
    assert placed_text(new, placement) == "“We have to make hard choices,”\u00a0he told reporters"
    assert placement is not None and placement.score > 0.9


def test_typographic_changes_inside_the_context_do_not_count_as_changes():
    assert fold("“It’s — so\u00a0\u2009 odd…”") == '"It\'s - so odd..."'


def test_emoji_before_the_passage_do_not_shift_it():
    old = document(ARTICLE)
    passages = ["city council", "hard choices"]
    anchors = [anchor_on(old, p) for p in passages]
    new = document("🗳️👩\u200d👩\u200d👧 Breaking 🇫🇷🇩🇪: " + ARTICLE.replace("mayor", "mayor 😡"))
    placements = reanchor(anchors, new)
    assert [placed_text(new, p) for p in placements] == passages


def test_a_passage_in_a_comment_follows_its_comment_to_another_place_in_the_thread():
    comments = [
        ("c-roads", "I agree with this. Roads in the north are a disgrace."),
        ("c-library", "Keep the library open!"),
        ("c-vote", "I agree with this. The consultation is too short."),
        ("c-mayor", "The mayor should resign."),
    ]
    old = document(ARTICLE, comments)
    anchor = anchor_on(old, "I agree with this.", occurrence=1)  # in c-vote
    assert anchor.comment_id == "c-vote"
    # The re-scrape sorts the thread differently: c-vote comes first, and the other
    # "I agree with this." now sits near the old position.
    new = document(ARTICLE, [comments[2], comments[1], comments[0], comments[3]])
    placement = reanchor_one(anchor, new)
    assert placement is not None and placed_text(new, placement) == "I agree with this."
    assert new.comment_at(placement.start).id == "c-vote"


def test_a_scraped_page_whose_thread_was_reordered_keeps_comment_highlights():
    """With the real parser: the first comment moves to the end of the thread."""
    text = (SEEDS / "000_2c329435d1fa70bd.txt").read_text(encoding="utf-8")
    old = parse_text(text)
    first, last = old.comments[0], old.comments[-1]
    passage = "calls itself an ally of Armenia"
    start = text.index(passage)
    anchor = make_anchor(old, start, start + len(passage))
    assert anchor.comment_id == first.id
    lines = text[first.start : last.end].split("\n")
    reordered = text[: first.start] + "\n".join(lines[1:] + lines[:1]) + text[last.end :]
    new = parse_text(reordered)
    assert new.comment(first.id) is not None  # ids come from the words, not the place
    placement = reanchor_one(anchor, new)
    assert placed_text(new, placement) == passage
    assert new.comment_at(placement.start).id == first.id
    assert placement.start > new.comment(last.id).start


def test_a_whole_comment_moved_in_the_thread_is_found_by_its_id():
    comments = [
        ("c1", "Short one."),
        ("c2", "The consultation is far too short for a budget of this size."),
        ("c3", "Why three weeks?"),
    ]
    old = document(ARTICLE, comments)
    whole = next(c for c in old.comments if c.id == "c2")
    anchor = make_anchor(old, whole.start, whole.end)
    new = document(ARTICLE, [comments[2], ("c0", "A new comment."), comments[0], comments[1]])
    placement = reanchor_one(anchor, new)
    assert placed_text(new, placement) == comments[1][1]
    assert new.comment_at(placement.start).id == "c2"


def test_a_comment_edited_in_the_rescrape_is_still_found_by_its_words():
    old = document(ARTICLE, [("c1", "The consultation is far too short for a budget this size.")])
    anchor = anchor_on(old, "far too short")
    new = document(
        ARTICLE, [("c9", "Edit: The consultation is far too short for a budget this big.")]
    )
    placement = reanchor_one(anchor, new)
    assert placed_text(new, placement) == "far too short"


def test_a_passage_in_a_removed_comment_does_not_jump_into_a_reply_quoting_it():
    passage = "hiding the real cost of the library project"
    comments = [
        ("c1", f"The mayor is {passage} from everyone, as usual."),
        ("c2", f"> {passage}\nNonsense, the figures are on the council website."),
    ]
    old = document(ARTICLE, comments)
    anchor = anchor_on(old, passage)
    assert anchor.comment_id == "c1"
    new = document(ARTICLE, comments[1:])  # c1 was removed by a moderator
    assert reanchor_one(anchor, new) is None


def test_a_short_quote_whose_sentence_was_rewritten_becomes_an_orphan():
    old = document(ARTICLE)
    anchor = anchor_on(old, "roads")
    new = document(
        ARTICLE.replace(
            "Councillor Maria Lopez said the plan would cut spending on roads by ten percent, "
            "a move that drew loud protests from residents of the northern districts.",
            "Several councillors questioned whether any of the roads projects were needed.",
        )
    )
    assert reanchor_one(anchor, new) is None


def test_a_quote_without_a_position_is_found_by_its_words_and_context():
    """As a W3C file's quote selector alone is: start = end = 0."""
    doc = document(ARTICLE)
    stored = anchor_on(doc, "hard choices")
    quote_only = Anchor(0, 0, stored.quote)
    assert placed_text(doc, reanchor_one(quote_only, doc)) == "hard choices"
    stale = Anchor(50_000, 50_012, stored.quote)  # a position beyond the new text
    assert placed_text(doc, reanchor_one(stale, doc)) == "hard choices"


def test_a_decomposed_quote_from_another_tool_finds_the_composed_text():
    text = ARTICLE.replace("Maria Lopez", "María López")
    doc = document(text)
    quote = TextQuote(unicodedata.normalize("NFD", "María López said"), "", "")
    assert quote.exact != "María López said"
    placement = reanchor_one(Anchor(0, 0, quote), doc)
    assert placed_text(doc, placement) == "María López said"


def test_anchors_are_answered_in_the_order_given():
    old = document(ARTICLE)
    anchors = [anchor_on(old, p) for p in ("three weeks", "city council", "ten percent")]
    placements = reanchor(anchors, document("New first line.\n" + ARTICLE))
    assert [placed_text(document("New first line.\n" + ARTICLE), p) for p in placements] == [
        "three weeks",
        "city council",
        "ten percent",
    ]


def test_an_anchor_whose_quote_is_found_nowhere_is_an_orphan_and_others_are_unaffected():
    old = document(ARTICLE)
    ghost = Anchor(10, 20, TextQuote("words that were never in this text at all"))
    real = anchor_on(old, "hard choices")
    placements = reanchor([ghost, real], old)
    assert placements[0] is None
    assert placed_text(old, placements[1]) == "hard choices"


# --- properties --------------------------------------------------------------------

SEED_TEXT = (SEEDS / "001_975b6114f2d3a020.txt").read_text(encoding="utf-8")


@st.composite
def spans(draw, text: str, min_size: int = 3, max_size: int = 200) -> tuple[int, int]:
    start = draw(st.integers(0, len(text) - min_size))
    length = draw(st.integers(min_size, min(max_size, len(text) - start)))
    return start, start + length


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(spans(SEED_TEXT), min_size=1, max_size=200))
def test_unchanged_text_places_many_annotations_exactly_where_they_were(span_list):
    doc = document(SEED_TEXT)
    anchors = [make_anchor(doc, s, e) for s, e in span_list]
    placements = reanchor(anchors, doc)
    assert [(p.start, p.end) for p in placements] == span_list


@settings(max_examples=40, deadline=None)
@given(
    st.lists(spans(SEED_TEXT, min_size=8), min_size=1, max_size=50),
    st.integers(0, len(SEED_TEXT)),
    st.text(alphabet=st.sampled_from("abc xyz.\n😀é"), min_size=1, max_size=300),
)
def test_an_insertion_moves_every_untouched_annotation_by_its_length(span_list, at, inserted):
    doc = document(SEED_TEXT)
    new = document(SEED_TEXT[:at] + inserted + SEED_TEXT[at:])
    untouched = [(s, e) for s, e in span_list if e <= at or s >= at]
    anchors = [make_anchor(doc, s, e) for s, e in untouched]
    placements = reanchor(anchors, new)
    moved = [(s, e) if e <= at else (s + len(inserted), e + len(inserted)) for s, e in untouched]
    assert [placed_text(new, p) for p in placements] == [new.text[s:e] for s, e in moved]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(spans(SEED_TEXT, min_size=12), min_size=1, max_size=50),
    spans(SEED_TEXT, min_size=1, max_size=2000),
    st.sampled_from(["", "A new sentence was written here. ", "\n\nUpdate: more words.\n\n"]),
)
def test_a_rewritten_stretch_moves_untouched_annotations_and_never_misplaces_others(
    span_list, cut, replacement
):
    """A stretch of text deleted or replaced: annotations outside it land exactly on
    their moved words; those inside are orphans or land on text much like their quote."""
    cut_start, cut_end = cut
    doc = document(SEED_TEXT)
    new = document(SEED_TEXT[:cut_start] + replacement + SEED_TEXT[cut_end:])
    anchors = [make_anchor(doc, s, e) for s, e in span_list]
    placements = reanchor(anchors, new)
    delta = len(replacement) - (cut_end - cut_start)
    for (s, e), anchor, placement in zip(span_list, anchors, placements, strict=True):
        if e <= cut_start or s >= cut_end:
            moved = (s, e) if e <= cut_start else (s + delta, e + delta)
            assert placed_text(new, placement) == new.text[slice(*moved)]
        elif placement is not None:
            found = fold(placed_text(new, placement))
            assert Indel.normalized_similarity(found, fold(anchor.quote.exact)) >= 0.75


TYPOGRAPHIC = {"'": "’", '"': "“", "-": "–", " ": "\u00a0", "\n": "\u2028"}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(spans(SEED_TEXT, min_size=3), min_size=1, max_size=50),
    st.sets(st.integers(0, len(SEED_TEXT) - 1), max_size=400),
    st.randoms(use_true_random=False),
)
def test_typographic_changes_leave_every_annotation_where_it_was(span_list, where, rng):
    """Straight quotes made curly, hyphens made dashes, spaces made no-break and line
    breaks made line separators, one for one: every highlight stays on its span. Where
    the text already had a typographic character, it is made plain."""
    plain = {v: k for k, v in TYPOGRAPHIC.items()} | {"’": "'", "”": '"', "—": "-"}
    chars = list(SEED_TEXT)
    # Change whole runs around the drawn positions, so quotes and context both change.
    for at in where:
        for i in range(at, min(len(chars), at + rng.randint(1, 40))):
            chars[i] = TYPOGRAPHIC.get(chars[i]) or plain.get(chars[i]) or chars[i]
    doc = document(SEED_TEXT)
    new = document("".join(chars))
    anchors = [make_anchor(doc, s, e) for s, e in span_list]
    placements = reanchor(anchors, new)
    assert [(p.start, p.end) if p else None for p in placements] == span_list


@settings(max_examples=40, deadline=None)
@given(
    st.lists(spans(SEED_TEXT, min_size=3), min_size=1, max_size=50),
    st.dictionaries(
        st.integers(0, len(SEED_TEXT) - 1),
        st.sampled_from([" ", "\n", "\u00ad", "\u200b", "  \u2009"]),
        max_size=300,
    ),
)
def test_spacing_and_invisible_characters_added_leave_every_highlight_on_its_words(
    span_list, additions
):
    """Extra spaces and line breaks next to existing spaces, soft hyphens and zero-width
    spaces inside words: the text gets longer, yet every highlight covers its own words
    (the folded copy of the text maps back to real offsets)."""
    pieces, new_at, length = [], [], 0
    for i, char in enumerate(SEED_TEXT):
        extra = additions.get(i, "")
        if extra.strip(" \n\u2009") == "" and not (char.isspace() or SEED_TEXT[i - 1].isspace()):
            extra = ""  # spaces only next to spaces, so no word is split
        pieces += (extra, char)
        new_at.append(length + len(extra))  # where old character i is now
        length += len(extra) + 1
    new_at.append(length)
    doc = document(SEED_TEXT)
    new = document("".join(pieces))
    anchors = [make_anchor(doc, s, e) for s, e in span_list]
    for (s, e), anchor, placement in zip(span_list, anchors, reanchor(anchors, new), strict=True):
        assert placement is not None
        assert fold(placed_text(new, placement)).strip() == fold(anchor.quote.exact).strip()
        # Its first and last visible characters are the quote's, moved.
        placed, quote = placed_text(new, placement), anchor.quote.exact
        blank = "".join({c for c in placed + quote if c.isspace()}) + "\u00ad\u200b"
        lead = len(quote) - len(quote.lstrip(blank))
        trail = len(quote) - len(quote.rstrip(blank))
        placed_lead = len(placed) - len(placed.lstrip(blank))
        placed_trail = len(placed) - len(placed.rstrip(blank))
        if quote.strip(blank):
            assert abs(placement.start + placed_lead - new_at[s + lead]) <= 1
            assert abs(placement.end - placed_trail - (new_at[e - trail - 1] + 1)) <= 1
