from pathlib import Path

import pytest

from digest.text import noise
from digest.text.clean import clean_body, is_heading
from digest.text.noise import is_noise_line

REPO = Path(__file__).resolve().parents[2]

NOISE = [
    "Getty Images",
    "AFP via Getty Images",
    "(Photo by Jane Doe/Getty Images)",
    "Follow me on Twitter or LinkedInSend me a secure tip",
    "Send me a secure tip",
    "Read More",
    "Read more: the previous story",
    "Zaļā Josta - Reklāma",
    "Advertisement",
    "Реклама",
    "Via Reuters |",
    "— Ignorance, the root and stem of all evil (@ivan_8848) October 27, 2023",
    "The spokesman responds, “The United States is not… pic.twitter.com/fIeBR4dbT4",
    "By Jane Doe",
    "BY JANE DOE, Associated Press",
    "By Jane Doe, Washington D.C.",
    "By Jane Doe, Assoc. Press",
]
TEXT = [
    "Putin said the use of heavy weapons in residential areas is fraught, Reuters reported.",
    "Related coverage of the watchdog continued for a week.",
    "Watch the police chief explain the plan.",
    "Advertisers spent more than $5 billion on television ads in the campaign last year.",
    "By Monday, the storm had passed.",
    "By Monday, President Biden had signed the bill.",
]


def test_noise_lines_are_recognised() -> None:
    assert [line for line in NOISE if not is_noise_line(line)] == []


def test_article_sentences_are_not_noise() -> None:
    assert [line for line in TEXT if is_noise_line(line)] == []


def test_headings() -> None:
    assert is_heading("Key Facts") and is_heading("Further Reading") and is_heading("Topline")
    assert not is_heading("In") and not is_heading("The vote was seven to two.")


def test_every_known_heading_is_a_heading() -> None:
    known = noise.KNOWN_HEADINGS | noise.LINK_LIST_HEADINGS
    forms = lambda k: (k, k.title() + ":", k.upper() + " :")  # noqa: E731
    assert [f for k in known for f in forms(k) if not is_heading(f)] == []


def test_patterns_are_combined_only_with_flags_that_can_be_scoped() -> None:
    import re

    verbose = re.compile(r"^a  # a comment to the end of the line", re.VERBOSE)
    assert noise._any_of((verbose, re.compile("^b"))).match("b")
    with pytest.raises(ValueError):
        noise._any_of((re.compile("^a", re.MULTILINE),))


def test_each_noise_pattern_counts_alone() -> None:
    # the patterns are matched as one regex, each with its own flags
    examples = {
        noise.PHOTO_CREDIT: "PHOTO BY JANE DOE",
        noise.CALL_TO_ACTION: "Sign up for our newsletter",
        noise.READ_MORE: "READ MORE",
        noise.TWEET_ATTRIBUTION: "— Jane (@jane) October 27, 2023",
        noise.VIA_FRAGMENT: "Via Reuters |",
        noise.BARE_URL: "https://example.com/a",
        noise.BYLINE: "By Jane Doe",
    }
    assert set(examples) == set(noise.NOISE_LINE_PATTERNS)
    for pattern, line in examples.items():
        assert pattern.match(line) and is_noise_line(line), line
    assert not is_noise_line("by the river the town slept")  # BYLINE is case-sensitive


def test_links_under_a_link_list_heading_are_dropped() -> None:
    for heading in ("Related Stories", "Read More:", "See also", "Further Reading"):
        text = (
            "The council approved the budget on Tuesday.\n\n"
            f"{heading}\n\n"
            "Mayor Says Fares Will Stay Frozen Next Year\n\n"
            "Night Buses Return To Five Routes In May\n\n"
            "Background\n\n"
            "The budget grew by four percent.\n"
        )
        cleaned = clean_body(text)
        assert cleaned.paragraphs == (
            "The council approved the budget on Tuesday.",
            "The budget grew by four percent.",
        ), heading


def test_broken_lines_are_rejoined() -> None:
    text = "In\nthe hours after the remarks, the Pentagon launched\nairstrikes in\nSyria (since 2015).\n"
    assert clean_body(text).paragraphs == (
        "In the hours after the remarks, the Pentagon launched airstrikes in Syria (since 2015).",
    )


def test_caption_before_credit_and_tweet_body_are_dropped() -> None:
    text = (
        "Lead sentence of the story is here and long enough.\n\nPutin spoke in Bishkek.\n\n"
        'Getty Images\n\nA journalist asks, "Why?"\n— Some One (@someone) October 27, 2023\n'
        "The story goes on with more facts.\n"
    )
    paragraphs = clean_body(text).paragraphs
    assert paragraphs == (
        "Lead sentence of the story is here and long enough.",
        "The story goes on with more facts.",
    )


def test_sample_article_has_no_noise_and_title_once() -> None:
    raw = (REPO / "seeds" / "000_6b2e10c6dedfae58.txt").read_text(encoding="utf-8")
    title = raw.split("\n")[0]
    cleaned = clean_body(raw, title)
    body = "\n".join(cleaned.paragraphs)
    for unwanted in (
        "Getty Images",
        "Follow me",
        "secure tip",
        "Read More",
        "Reklāma",
        "Further Reading",
        "(Forbes)",
        "Topline",
        "Key Facts",
        title,
    ):
        assert unwanted not in body
    assert "Key Facts" in cleaned.headings
    assert "absolutely unacceptable" in body
