"""Headlines made from a topline: whole words of it, at most about twelve, never dangling."""

from __future__ import annotations

import pytest

from digest.summarizing.headline import HEADLINE_MAX_WORDS, headline_from

SAMPLE_TOPLINE = (
    "On the same day that a Hamas delegation made a rare visit to Moscow to discuss the "
    "crisis in Gaza, President Vladimir Putin warned in a speech that the conflict has the "
    "potential to spread well beyond the Middle East."
)


def test_the_framing_clause_and_the_speaker_make_way_for_what_was_said() -> None:
    assert headline_from(SAMPLE_TOPLINE) == (
        "Putin: The conflict has the potential to spread well beyond the Middle East"
    )


def test_a_short_sentence_is_its_own_headline_without_the_full_stop() -> None:
    assert headline_from("Floods close the main road to Riga.") == (
        "Floods close the main road to Riga"
    )


def test_a_closing_attribution_is_dropped() -> None:
    assert headline_from(
        "A magnitude 6.1 earthquake struck off northern Japan, the meteorological agency said."
    ) == ("A magnitude 6.1 earthquake struck off northern Japan")


@pytest.mark.parametrize(
    "sentence",
    [
        "Shares in Acme Corp fell 12% after the company cut its forecast for the year and "
        "said its chief executive would step down in March.",
        "The city council voted 7-2 on Tuesday to ban the sale of flavored tobacco products, "
        "which health officials say attract teenagers to smoking.",
        "Officials in the northern province of the country reported on Monday that the number "
        "of people displaced by the fighting had doubled.",
        SAMPLE_TOPLINE,
    ],
)
def test_a_long_sentence_is_cut_where_a_clause_ends(sentence: str) -> None:
    headline = headline_from(sentence)
    words = headline.split()
    assert 3 <= len(words) <= HEADLINE_MAX_WORDS + 1
    assert words[-1].lower() not in {"the", "of", "a", "and", "to", "in", "that", "which"}
    assert not headline.endswith(("…", ",", "."))
    source_words = sentence.replace(",", "").split()
    for word in words:  # extractive: every word is the sentence's own
        if not word.endswith(":"):
            assert word.strip(",”").lower() in {w.strip(",.”").lower() for w in source_words}


def test_the_cut_prefers_a_clause_boundary() -> None:
    assert headline_from(
        "Shares in Acme Corp fell 12% after the company cut its forecast for the year."
    ) == ("Shares in Acme Corp fell 12%")


def test_a_quote_cut_open_is_closed() -> None:
    headline = headline_from(
        "The minister called the plan “a reckless gamble with the savings of millions of "
        "ordinary families across the whole country” in parliament."
    )
    assert headline.count("“") == headline.count("”")


def test_nothing_gives_nothing() -> None:
    assert headline_from("   ") == ""


def test_a_title_cut_or_left_as_a_kicker_gives_way_to_the_topline() -> None:
    from digest.models import Article
    from digest.summarizing.brief import brief_headline

    topline = "Floods closed the main road to Riga on Monday, the police said."
    for title in ("New Socialist:", "Floods close the main road to…"):
        assert brief_headline(Article("a.txt", title, ()), topline) == (
            "Floods closed the main road to Riga on Monday"
        )
    assert brief_headline(Article("a.txt", "Floods in Latvia", ()), topline) == "Floods in Latvia"
