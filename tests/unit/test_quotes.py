"""Direct quotes and their speakers, on small hand-written articles."""

from __future__ import annotations

import pytest

from digest.models import Quote
from digest.summarizing.quotes import find_quotes


def speakers(*paragraphs: str, people: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(q.text, q.speaker) for q in find_quotes(paragraphs, people)]


@pytest.mark.parametrize(
    "paragraph, speaker",
    [
        ("“We will rebuild the bridge by June,” Mayor Anne Hidalgo said.", "Anne Hidalgo"),
        ("“We will rebuild the bridge by June,” said Anne Hidalgo.", "Anne Hidalgo"),
        ("Anne Hidalgo said: “We will rebuild the bridge by June”.", "Anne Hidalgo"),
        ("Anne Hidalgo told reporters, “We will rebuild the bridge by June”.", "Anne Hidalgo"),
        ('"We will rebuild the bridge by June," Hidalgo wrote on Twitter.', "Hidalgo"),
        ("“We will rebuild the bridge by June,” according to Anne Hidalgo.", "Anne Hidalgo"),
        ("Anne Hidalgo: “We will rebuild the bridge by June”.", "Anne Hidalgo"),
        ("“We will rebuild the bridge by June,” The Daily Planet reports.", "Daily Planet"),
        ("“We will rebuild the bridge by June,” she told the council.", "she"),
    ],
)
def test_the_attribution_before_or_after_names_the_speaker(paragraph: str, speaker: str) -> None:
    assert speakers(paragraph) == [("We will rebuild the bridge by June", speaker)]


def test_quote_broken_by_he_said_is_two_quotes_with_one_speaker() -> None:
    found = speakers(
        "Tom Baker runs the port.",
        "“We will win this fight,” he said. “And we will win it soon, whatever they say.”",
    )
    assert found == [
        ("We will win this fight", "Tom Baker"),
        ("And we will win it soon, whatever they say.", "Tom Baker"),
    ]


def test_pronouns_go_to_the_last_named_person_who_fits() -> None:
    found = speakers(
        "Mary Lopez met John Carter on Monday to discuss the budget.",
        "“The plan does not add up at all,” she said.",
        "“It adds up if you read all of it,” he replied.",
    )
    assert [s for _, s in found] == ["Mary Lopez", "John Carter"]


def test_a_pronoun_skips_names_inside_quotes() -> None:
    found = speakers(
        "Peter Hall spoke after the vote.",
        "“Nobody believes what Jane Smith says about the vote,” she said.",
        people=("Peter Hall", "Jane Smith"),
    )
    # "she" is not Peter, and Jane is only named inside the quote: no one fits but "she"
    assert found == [("Nobody believes what Jane Smith says about the vote", "she")]


@pytest.mark.parametrize(
    "paragraph, speaker",
    [
        ("“The strike goes ahead on Monday,” said union chairman Bob Crow.", "Bob Crow"),
        ("“The strike goes ahead on Monday,” Sen. Jim Jordan (R-Ohio) said.", "Jim Jordan"),
        (
            "Rep. Jim Jordan (R-Ohio), an oversight panel member, said “the strike goes ahead on Monday.”",
            "Jim Jordan",
        ),
        ("“The strike goes ahead on Monday,” the mayor said.", "the mayor"),
        (
            "“The strike goes ahead on Monday,” a spokeswoman for the ministry said.",
            "a spokeswoman for the ministry",
        ),
        (
            "Officials at Immigration and Customs Enforcement said “the strike goes ahead on Monday.”",
            "Officials at Immigration and Customs Enforcement",
        ),
    ],
)
def test_titles_and_descriptions(paragraph: str, speaker: str) -> None:
    assert [s for _, s in speakers(paragraph)] == [speaker]


def test_interview_transcript_names_the_speaker() -> None:
    found = speakers(
        '"HOST: Will you sign the harbour bill this week, Governor?',
        '"PENCE: I will sign it, and so will the whole council.',
    )
    assert [s for _, s in found] == ["Host", "Pence"]


def test_a_paragraph_after_said_colon_is_the_same_speakers() -> None:
    found = speakers(
        "Reyes continued:",
        "“The harbour plan is a good plan, but it needs far more money.”",
    )
    assert [s for _, s in found] == ["Reyes"]


def test_a_quote_over_two_paragraphs_takes_the_speaker_named_at_its_end() -> None:
    found = speakers(
        "“We have waited for this bridge for twenty long years.",
        "“Now it is finally here,” said Anne Hidalgo.",
    )
    assert [s for _, s in found] == ["Anne Hidalgo", "Anne Hidalgo"]


@pytest.mark.parametrize(
    "paragraph, text",
    [
        ("„Wir bauen die Brücke bis zum Sommer“, sagte Klara Weber.", "Wir bauen die"),
        ("„Wir bauen die Brücke bis zum Sommer”, sagte Klara Weber.", "Wir bauen die"),
        ("« Nous allons reconstruire le pont », a déclaré Anne Hidalgo.", "Nous allons"),
        ("«Nous allons reconstruire le pont», a déclaré Anne Hidalgo.", "Nous allons"),
        ("「私たちは橋を再建します、必ず」と市長は述べた。", "私たちは"),
        ("‘We will rebuild the bridge by June,’ said Anne Hidalgo.", "We will rebuild"),
    ],
)
def test_other_languages_quotation_marks(paragraph: str, text: str) -> None:
    found = find_quotes([paragraph])
    assert len(found) == 1
    assert found[0].text.startswith(text)
    assert found[0].text == found[0].text.strip(" \u00a0\u202f,")


def test_the_french_quote_has_no_inner_spaces_and_a_speaker() -> None:
    (quote,) = find_quotes(["« Nous allons reconstruire le pont », a déclaré Anne Hidalgo."])
    assert quote == Quote("Nous allons reconstruire le pont", "Anne Hidalgo")


def test_the_german_quote_has_its_speaker() -> None:
    (quote,) = find_quotes(["„Wir bauen die Brücke bis zum Sommer“, sagte Klara Weber am Montag."])
    assert quote == Quote("Wir bauen die Brücke bis zum Sommer", "Klara Weber")


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    found = speakers(
        "The so-called “experts” watched the film “Selma” at the festival in Cannes.",
        "Critics called it a “masterpiece” of the genre.",
    )
    assert found == []


def test_a_short_quote_with_a_speaker_is_kept() -> None:
    assert speakers("“Absolutely not,” said Anne Hidalgo.") == [("Absolutely not", "Anne Hidalgo")]


def test_apostrophes_are_not_single_quotes() -> None:
    found = speakers("It’s the voters’ choice, and the ’90s are over, Hidalgo’s aides say.")
    assert found == []


def test_a_surname_becomes_the_full_name_the_article_gives() -> None:
    found = speakers(
        "Donald Trump spoke in Ohio on Monday.",
        "“We are going to win this state easily,” Trump said.",
    )
    assert found == [("We are going to win this state easily", "Donald Trump")]


def test_people_given_expand_a_surname_and_resolve_a_pronoun() -> None:
    found = speakers(
        "Clinton spoke in Ohio on Monday.",
        "“We are going to win this state easily,” she said.",
        "“That is what they always say,” Clinton added.",
        people=("Hillary Clinton",),
    )
    assert [s for _, s in found] == ["Hillary Clinton", "Hillary Clinton"]


def test_quotes_come_in_text_order_as_quote_records() -> None:
    found = find_quotes(
        ["“First of the quotes in this text,” said Ann Lee. “Second of the quotes here.”"]
    )
    assert found == (
        Quote("First of the quotes in this text", "Ann Lee"),
        Quote("Second of the quotes here.", "Ann Lee"),
    )


def test_no_quotes_no_work() -> None:
    assert find_quotes([]) == ()
    assert find_quotes(["Nobody said anything worth quoting today."]) == ()


@pytest.mark.parametrize(
    "paragraph, speaker",
    [
        # a participle after a comma is the clause subject's, right after a name that name's
        (
            "During a speech in Ohio, Anne Hidalgo attacked the council, saying “the budget is a disgrace.”",
            "Anne Hidalgo",
        ),
        ("The film shows Tom Baker asking, “Why is the budget so late again?”", "Tom Baker"),
        # a second verb of the same subject
        (
            "Anne Hidalgo said she would wait but said “the budget is a disgrace to the city.”",
            "Anne Hidalgo",
        ),
        # appositions, ages and party codes between the name and the verb
        (
            "“The budget is a disgrace,” Bob Crow, the union leader, one of the strikers, said.",
            "Bob Crow",
        ),
        ("“The budget is a disgrace,” Sam Long, R-Ohio, said Tuesday.", "Sam Long"),
        ("“The budget is a disgrace,” Anne Hidalgo, 57, said.", "Anne Hidalgo"),
        # a sign-off after a dash, and a name cut off by a sentence-looking abbreviation
        ("“The budget is a disgrace to all of us.” ― Ada Brook", "Ada Brook"),
        ("“The budget is a disgrace,” said Rep. J.T. Brook (D-Maine).", "J.T. Brook"),
        ("“The budget is a disgrace,” Mr. Pope added.", "Pope"),
    ],
)
def test_harder_attributions(paragraph: str, speaker: str) -> None:
    assert [s for _, s in speakers(paragraph)] == [speaker]


def test_a_speech_verb_inside_a_word_is_no_cue() -> None:
    found = speakers("The so-called “experts in the field of budgets” met in Ohio.")
    assert found == [("experts in the field of budgets", "")]


def test_a_pronoun_prefers_the_person_right_before_said_over_a_modifier() -> None:
    found = speakers(
        "Hidalgo aide Lena Ortiz said the attacks were unfair.",
        "“You could call these attacks a campaign stunt,” she said.",
        people=("Anne Hidalgo", "Lena Ortiz"),
    )
    # "Hidalgo" comes first in the sentence, but the one who said it is Ortiz
    assert [s for _, s in found] == ["Lena Ortiz"]


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["‘a b c d " * 20_000],  # single marks that never close
        [" ".join(f"Ann{i} Lee{i} said “we will win this one.”" for i in range(5_000))],
        ["“a b c d,” " + "Bob, " * 20_000 + "said."],
    ],
)
def test_hostile_text_takes_linear_time(paragraphs: list[str]) -> None:
    import time

    started = time.perf_counter()
    find_quotes(paragraphs)
    assert time.perf_counter() - started < 2.0  # quadratic work here took tens of seconds


def test_a_surname_becomes_a_full_name_the_given_name_list_does_not_know() -> None:
    found = speakers(
        "Yuri Volkonsky withdrew from the race on Thursday.",
        "“My knee has not healed and I cannot run like this,” Volkonsky said.",
    )
    assert [s for _, s in found] == ["Yuri Volkonsky"]


def test_an_adverb_before_the_verb_is_no_part_of_the_speaker() -> None:
    found = speakers("“The bridge is on fire right now,” a female caller frantically said.")
    assert [s for _, s in found] == ["a female caller"]


def test_telling_quotes_prefer_named_speakers_of_readable_quotes_in_text_order() -> None:
    from digest.summarizing.quotes import telling_quotes

    quotes = (
        Quote("Yes", ""),
        Quote("We will rebuild the bridge before the winter comes to the city", "Anne Hidalgo"),
        Quote("The bridge was never safe for the people who used it every day", "he"),
        Quote("And we will do it without raising the taxes of anyone in Paris", "Anne Hidalgo"),
        Quote("It is a scandal that the city waited so long to fix this bridge", "Tom Baker"),
    )
    assert telling_quotes(quotes, 2) == (quotes[1], quotes[4])  # one per speaker first
    assert telling_quotes(quotes, 3) == (quotes[1], quotes[3], quotes[4])
    assert telling_quotes((), 3) == ()


def test_many_quotes_with_one_kind_of_closing_mark_take_linear_time() -> None:
    import time

    started = time.perf_counter()
    found = find_quotes(["“We will win this one,” he said. " * 20_000])
    assert len(found) == 20_000
    assert time.perf_counter() - started < 3.0


def test_a_quote_that_ends_a_paragraph_ends_its_sentence_for_pronouns() -> None:
    found = speakers(
        "Tom Baker called the vote “a great day for the whole city.”",
        "Former Gov. John Carter, who ran the city for a decade, disagreed.",
        "“The plan will fail within a year,” he said.",
    )
    # Carter opens a sentence of his own: "he" is the last sentence subject, not Baker
    assert found[-1] == ("The plan will fail within a year", "John Carter")


def test_a_pronoun_means_someone_named_before_it_not_later_in_its_sentence() -> None:
    found = speakers(
        "Tom Baker said the award from Mayor Peter Hall would not change his vote.",
        "He said Hall has “done more for this harbour than anyone in the last decade.”",
    )
    assert [s for _, s in found] == ["Tom Baker"]


def test_an_office_after_a_title_is_no_person() -> None:
    found = speakers(
        "Attorney General Ann Lee spoke on Monday.",
        "The Justice Department has faced criticism for months.",
        "“We will not be intimidated by anyone at all,” she said.",
    )
    # "Justice Department" is no woman a later "she" can mean
    assert [s for _, s in found] == ["Ann Lee"]


def test_an_earlier_quote_in_the_sentence_does_not_hide_the_clause_subject() -> None:
    found = speakers(
        "Ann Lee praised the “Harbour First” plan backed by Tom Baker and said: "
        "“This is the best budget the city has seen in years.”"
    )
    assert found[-1] == ("This is the best budget the city has seen in years.", "Ann Lee")


def test_a_headline_in_capitals_is_no_speaker() -> None:
    found = speakers(
        "THE COUNCIL GRILLED HIM — the plan earned Baker a hearing, where he defended it, "
        "saying that the harbour was “the best investment the city could make.”"
    )
    assert len(found) == 1 and found[0][1] != "HIM"  # the headline is no clause subject


def test_a_name_after_a_sentence_end_belongs_to_the_next_sentence() -> None:
    found = speakers(
        "“The vote is lost,” council leader Tom Baker said Tuesday.",
        "Budget chief John Carter, R-Ohio, despite his doubts, backed the plan anyway.",
        "“I do think the money is there for it,” he said.",
    )
    # "Tuesday. Budget chief John Carter" is no name, and "R-Ohio., despite" ends nothing
    assert found[-1] == ("I do think the money is there for it", "John Carter")


def test_a_paragraph_that_opens_with_mr_opens_a_sentence() -> None:
    found = speakers(
        "John Carter once taught Tom Baker at the law school.",
        "Mr. Baker dismissed the attack as the work of Mr. Carter's clients.",
        "“You know, I still like him a lot,” he said.",
    )
    assert found[-1][1] == "Tom Baker"  # not Carter, the first named in that paragraph


@pytest.mark.parametrize(
    "paragraph, speaker",
    [
        # a speech verb's spelling used as a noun is no cue
        (
            "Ann Lee's lawyer said that was untrue and dismissed those reports as "
            "“old and misread claims about the marriage.”",
            "Lee's lawyer",
        ),
        (
            "“We will keep the harbour open,” Mayor Ann Lee said before Tom Baker's comments. "
            "“And we will keep it open for years.”",
            "Ann Lee",
        ),
        # what a relative clause says is not the quote: the telling is
        (
            "Ann Lee told a voter who suggested that people may stay home that "
            "“staying home is not a plan for anyone.”",
            "Ann Lee",
        ),
        ("Ann Lee, who chairs the board, said “staying home is not a plan.”", "Ann Lee"),
        (
            "The harbour is “a public good for everyone,” as a council report put it.",
            "a council report",
        ),
        # the name after the last title
        (
            "“Staying home is not a plan for us,” Italian Prime Minister Dino Ferro said.",
            "Dino Ferro",
        ),
    ],
)
def test_cues_that_are_nouns_relative_clauses_and_titles(paragraph: str, speaker: str) -> None:
    assert [s for _, s in speakers(paragraph)][-1] == speaker


@pytest.mark.parametrize(
    "paragraph",
    [
        # after the quote, a clause of its own leads into the next quote
        "Ann Lee said the footage did not give “clear proof of anything at all” but he said "
        "that the other evidence “supports what we were told.”",
        "Ann Lee called it “a threat to the whole region.” Tom Baker insisted that the port "
        "“stop its dangerous games.”",
    ],
)
def test_a_clause_after_a_quote_that_introduces_the_next_one_is_not_its_attribution(
    paragraph: str,
) -> None:
    assert speakers(paragraph)[0][1] == "Ann Lee"


@pytest.mark.parametrize(
    "paragraph",
    [
        "Mayor Ann Lee on Friday said the cuts would be “simply unacceptable,” according to "
        "the Daily Planet.",
        "Ann Lee said the cuts are “a disaster for every family in the city,” the Daily Planet "
        "reported.",
    ],
)
def test_the_speaker_of_the_verb_before_beats_the_outlet_that_reported_it(paragraph: str) -> None:
    assert [s for _, s in speakers(paragraph)] == ["Ann Lee"]


def test_telling_quotes_prefer_a_named_speakers_sentence_to_a_fragment() -> None:
    from digest.summarizing.quotes import telling_quotes

    quotes = (
        Quote("simply unacceptable", "Daily Planet"),
        Quote("The cuts will hurt every family in this city", "Ann Lee"),
        Quote("We will fight them in the council and in court", "Ann Lee"),
    )
    assert telling_quotes(quotes, 2) == (quotes[1], quotes[2])
    assert telling_quotes(quotes, 2) == telling_quotes(quotes, 2)  # the same every time
