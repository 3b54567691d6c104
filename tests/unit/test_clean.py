from pathlib import Path

import pytest

from digest.text import noise
from digest.text.clean import clean_body, is_heading, split_dateline
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
    "Posted at 6:47am on 14 Jan 2008",
    "UPDATED: 8:49 am EST January 23, 2008",
    "20:00, Dec 31 2007",
    "E-mail to a friend | Printable version",
    "Post this story to:",
    "Reproduction in whole or in part without permission is prohibited.",
    "icNewcastle™ is a trade mark of NCJ Media Limited.",
    "Please read our Terms and Conditions and Privacy Statement before using this site.",
    "Associated Press - January 2, 2008 7:33 AM ET",
    "Posted by Paul on January 6, 2008 2:09 PM",
    "Talkbacks for this article: 18",
    "Write to Nick Wingfield at nick.wingfield@example.com",
    "NEWS.com.au is not responsible for the content of external sites.",
    "HEALTH | MOVIE & TV GUIDE |",
    "Previous story: Sports roundup Next story: Players in 'no-win situation'",
]
TEXT = [
    "Putin said the use of heavy weapons in residential areas is fraught, Reuters reported.",
    "Related coverage of the watchdog continued for a week.",
    "Watch the police chief explain the plan.",
    "Advertisers spent more than $5 billion on television ads in the campaign last year.",
    "By Monday, the storm had passed.",
    "By Monday, President Biden had signed the bill.",
    "On 14 Jan 2008 the bank failed.",
    "May 5 was the day the vote was held.",
    "Smith - who was born on May 5, 1960 - said no.",
    "Contact tracing began at 9:00 on Monday, officials said.",
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


def test_a_headline_glued_to_its_byline_or_first_sentence_is_the_title_only() -> None:
    title = "Sister of Thai king dies"
    body = (
        "Sister of Thai king dies Sister of Thai king dies Staff and agencies 01 January, 2008\n\n"
        "The king's elder sister died on Wednesday at the age of 84, the palace said.\n\n"
        "She had been ill for months."
    )
    cleaned = clean_body(body, title)
    assert cleaned.paragraphs[0].startswith("The king's elder sister")
    assert ("headline with its byline or date") in [rule for _, rule in cleaned.removed]
    glued = clean_body("Sister of Thai king dies The palace said she died at 84.", title)
    assert glued.paragraphs == ("The palace said she died at 84.",)


def test_other_stories_headlines_after_the_article_are_cut_but_a_list_of_its_own_stays() -> None:
    article = " ".join(f"The council met for the {n}th time and approved a plan." for n in range(9))
    teasers = [
        "Driver Arrested After Truck Carrying Asbestos Flips Over",
        "Police Make Arrest In Missing Woman Case",
        "A worker was rescued from a trench at a construction site on Monday.",
        "Investigators Return To Site Of Crane Accident",
    ]
    cleaned = clean_body("\n\n".join([article, *teasers]))
    assert cleaned.paragraphs == (article,)
    assert {rule for _, rule in cleaned.removed} == {"other stories' headlines"}
    tour = ["June 9 -- Coral Sky Amphitheatre, West Palm Beach", "June 10 -- Tampa Arena, Tampa"]
    tour += ["June 14 -- Ameris Bank Amphitheatre, Alpharetta"]
    kept = clean_body("\n\n".join([article, *tour]))
    assert kept.paragraphs == (article, *tour)


@pytest.mark.parametrize(
    ("paragraph", "credit", "rest"),
    [
        (
            "MIAMI (CNN) -- A storm hit the coast on Monday.",
            "CNN",
            "A storm hit the coast on Monday.",
        ),
        ("LONDON, England (Reuters) - Shares fell on Monday.", "Reuters", "Shares fell on Monday."),
        (
            "(AP) — Russian forces shelled the city overnight.",
            "AP",
            "Russian forces shelled the city overnight.",
        ),
    ],
)
def test_a_dateline_gives_its_credit(paragraph: str, credit: str, rest: str) -> None:
    assert split_dateline(paragraph) == (credit, rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Shares in Acme (ACME) - fell 5% on the news after the report.",
        "The mayor (left) - a former teacher - spoke first at the meeting.",
        "BRUSSELS 1996-08-22 The European Commission said on Thursday it disagreed.",
    ],
)
def test_no_dateline_no_credit(paragraph: str) -> None:
    assert split_dateline(paragraph) is None
