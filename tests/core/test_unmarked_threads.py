"""Comments found in unmarked text: the change from reporting to readers talking, in any
language the voice model knows, a text that is a thread from its title on, and articles
left alone; every decision carries its confidence, low ones listed as doubts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core import voice
from reader.core.model import LOW_CONFIDENCE
from reader.core.parse import parse_text

from .test_parse_properties import check_lossless, check_order, check_thread

REPORT = [
    "The ministry said on Tuesday that the new rules would take effect in March, "
    "according to a statement published by the agency.",
    "Officials told reporters that 40 percent of the region's farms had been affected "
    "by the drought, the worst since records began in 1950.",
    "The minister added that the government would consider further measures if the "
    "situation did not improve by the end of the summer.",
    "Opposition leaders announced they would hold a vote on the proposal next week, "
    "a spokesman for the party said in a statement.",
    "According to the agency, prices for water rose by 12 percent in the first quarter, "
    "while consumption fell by almost a fifth.",
]
RUSSIAN_COMMENTS = [
    "Я не понимаю, зачем вы это пишете, у нас всё совсем не так было.",
    "Ну да, конечно, а мне кажется, что вы просто не читали статью целиком.",
    "Спасибо за ссылку, я тоже об этом думал, но не знал, где найти данные.",
    "Вы серьёзно? Мой отец работал там двадцать лет и всегда говорил иначе.",
    "Ты прав, но мне кажется, что это ничего не изменит, как обычно у нас.",
    "Согласен с вами, я бы тоже так сделал, если бы мне дали такую возможность.",
]


def test_russian_comments_after_a_report_are_found_and_flagged():
    text = "Headline\n\n" + "\n\n".join(REPORT + RUSSIAN_COMMENTS) + "\n"
    doc = parse_text(text)
    assert [c.text for c in doc.comments] == RUSSIAN_COMMENTS
    start = next(d for d in doc.decisions if d.what == "comments start")
    assert start.confidence < LOW_CONFIDENCE  # a guess from the voice: shown as a doubt
    assert start in doc.doubts


def test_a_paragraph_naming_whom_it_answers_opens_the_reply_it_belongs_to():
    comments = RUSSIAN_COMMENTS[:3] + ["@Иван Петров", RUSSIAN_COMMENTS[3]] + RUSSIAN_COMMENTS[4:]
    text = "Headline\n\n" + "\n\n".join(REPORT + comments) + "\n"
    doc = parse_text(text)
    assert [c.text for c in doc.comments] == [
        *RUSSIAN_COMMENTS[:3],
        "@Иван Петров\n\n" + RUSSIAN_COMMENTS[3],
        *RUSSIAN_COMMENTS[4:],
    ]


def test_a_thread_from_its_title_on_is_a_thread():
    text = "Forum: water prices\n\n" + "\n\n".join(RUSSIAN_COMMENTS * 2) + "\n"
    doc = parse_text(text)
    assert len(doc.comments) == 2 * len(RUSSIAN_COMMENTS)
    assert any(
        d.what == "comments start" and d.detail == "the whole text reads as comments"
        for d in doc.doubts
    )


def test_a_report_alone_gets_no_comments():
    text = "Headline\n\n" + "\n\n".join(REPORT * 3) + "\n"
    assert parse_text(text).comments == ()


def test_a_report_that_quotes_people_gets_no_comments():
    quoted = [
        "“I have never seen anything like it,” said Maria Lopez, a farmer near the river.",
        "“You cannot water a field with promises,” she told reporters on Monday.",
    ]
    text = "Headline\n\n" + "\n\n".join(REPORT + quoted + REPORT) + "\n"
    assert parse_text(text).comments == ()


_PARAGRAPHS = st.lists(
    st.sampled_from(REPORT + RUSSIAN_COMMENTS + ["Why?", "Спасибо!", "lol", "> quoted"]),
    min_size=0,
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(_PARAGRAPHS)
def test_any_mix_of_reporting_and_talk_keeps_every_character(paragraphs):
    doc = parse_text("Title\n\n" + "\n\n".join(paragraphs) + "\n")
    check_lossless(doc)
    check_order(doc)
    check_thread(doc)
    for d in doc.decisions:
        assert 0.0 <= d.confidence <= 1.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=40))
def test_the_voice_searches_never_raise_and_stay_in_range(paragraphs):
    for found in (voice.split(paragraphs), voice.throughout(paragraphs)):
        assert found.start is None or 0 <= found.start < max(len(paragraphs), 1)
        assert 0.0 <= found.confidence <= 1.0
