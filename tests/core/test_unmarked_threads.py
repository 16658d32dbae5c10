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


ESSAY = [
    "The question of how a scarce good should be allocated during an emergency has "
    "occupied economists for a long time, and the arguments on each side are well known "
    "to anyone who has followed the debates about rationing, price controls and the "
    "distribution of food and fuel in the years after the second world war in Europe.",
    "One side holds that prices carry information that no planner can gather, so that "
    "goods flow to those who value them most, while the other side answers that "
    "willingness to pay measures wealth as much as need, and that a market in a "
    "life-saving good will leave the poorest exposed for longer than anyone else.",
    "Both positions have a long record in the literature, and both have been tested in "
    "practice, with results that depend heavily on how quickly supply can respond, "
    "whether resale is allowed, and how much of the benefit of each unit spills over "
    "to people other than the buyer, which is the case for most vaccines and medicines.",
    "The present case differs from the textbook in two ways that matter a great deal, "
    "because supply is fixed for several months whatever the price, and because every "
    "dose given to a person who meets many others protects a whole chain of contacts, "
    "which a private buyer has no reason to take into account when deciding to buy it.",
    "A sensible policy would therefore combine a small market at the margin with a "
    "public allocation for the rest, auctioning a share of the early doses to firms "
    "whose workers cannot stay at home and using the proceeds to pay for the "
    "distribution of the remaining doses to the old, the sick and the frontline staff.",
    "That is not the policy that most governments have chosen, and the reasons for the "
    "choice deserve more attention than they have received so far, since they reveal "
    "how much weight the public places on fairness as opposed to speed, and how little "
    "trust there is in markets for anything that touches on health and on survival.",
]
FORMAL_COMMENTS = [
    "I think the externality argument deserves more weight than the post gives it, "
    "since most of the benefit goes to other people.",
    "The fairness objection is not only about wealth. It is also about trust in the "
    "institutions that run the programme.",
    "Resale would solve much of this. Why should a buyer not be allowed to pass a dose "
    "to someone who values it more?",
    "I agree with the general point, but supply in this case is fixed for months, so a "
    "higher price brings no extra doses.",
    "The auction idea is interesting. Has any country tried something similar with "
    "other medicines in short supply?",
    "With respect, the comparison with food rationing after the war ignores how "
    "different the risks are across age groups.",
]


def test_long_formal_comments_are_found_where_the_paragraphs_turn_short():
    # The voice alone barely tells these comments from the essay; their length does.
    text = "Who should get it first?\n\n" + "\n\n".join(ESSAY + FORMAL_COMMENTS) + "\n"
    doc = parse_text(text)
    assert [c.text for c in doc.comments] == FORMAL_COMMENTS
    start = next(d for d in doc.decisions if d.what == "comments start")
    assert start in doc.doubts


HOW_TO = [
    "Setting up wildcard certificates",
    "I've waited for this for ages, and here it is! The shortest guide I could write, "
    "so you don't have to dig through the docs yourself.",
    "Installing the tools",
    "Don't bother with the latest version from GitHub, you don't need it: I've tried "
    "both and the packaged one works fine.",
    "Add the extra repository first, then install the client and your DNS plugin. Easy, right?",
    "Creating the key file",
    "Log in to your dashboard, open your profile and copy your API key. Yes, the one "
    "they hide behind a captcha!",
    "Keep that file private! Anyone who has it can change your records, so don't put "
    "it anywhere others can read it.",
    "Requesting the certificate",
    "Run the client with your domain and the key file. Did it work? You'll see where "
    "it saved your certificate.",
    "Renewing it",
    "Add a line to your crontab so it checks your certificates every week. I restart "
    "my web server right after it, you might too.",
    "Conclusion",
    "It's simple, but you'll forget it, I always do. Bookmark this page and you won't "
    "have to search for the steps again!",
]


def test_a_how_to_written_to_you_in_headed_sections_stays_an_article():
    doc = parse_text("\n\n".join(HOW_TO) + "\n")
    assert doc.comments == ()


def test_a_comment_with_its_own_dash_list_stays_one_comment_among_the_others():
    listed = (
        "A few notes from the meeting, for whoever missed it:\n"
        "– the next session is in March, same room as before\n"
        "– bring your own laptop, the room has none to lend"
    )
    comments = [RUSSIAN_COMMENTS[0], listed, *RUSSIAN_COMMENTS[1:4]]
    text = "Headline\n\n" + "\n\n".join(REPORT + comments) + "\n"
    doc = parse_text(text)
    # Each comment found whole: its first line opens it, its last line ends it.
    assert [(c.text.split("\n")[0], c.text.split("\n")[-1]) for c in doc.comments] == [
        (c.split("\n")[0], c.split("\n")[-1]) for c in comments
    ]
