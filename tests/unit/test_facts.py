from digest.summarizing.facts import find_facts, find_numbers
from digest.summarizing.names import find_names

SENTENCES = [
    "Russian President Vladimir Putin on Friday said the casualties in Gaza were unacceptable.",
    "“Now the main thing is to stop the bloodshed,” Putin said, calling for a ceasefire.",
    '"It is also clear to us that innocent people should not be held responsible," said Putin.',
    "Israel ordered more than 1 million people to move within 24 hours.",
    "The group killed more than 1,000 people in 2023, the United Nations said.",
]


def test_quotes_have_speakers_named_in_full() -> None:
    quotes = find_facts("", SENTENCES, SENTENCES).quotes
    assert quotes[0].text == "Now the main thing is to stop the bloodshed"
    assert {q.speaker for q in quotes} == {"Vladimir Putin"}  # as the article names him


def test_numbers_with_units() -> None:
    numbers = find_numbers(SENTENCES)
    assert "24 hours" in numbers
    assert any("1,000 people" in n for n in numbers)
    assert not any(n == "2023" for n in numbers)


def test_entities() -> None:
    names = find_names(SENTENCES)
    assert [name for name, _ in names.people] == ["Vladimir Putin"]  # "Putin" is him too
    assert dict(names.people)["Vladimir Putin"] == 3
    places = [name for name, _ in names.places]
    assert "Gaza" in places and "Israel" in places
    assert "United Nations" in [name for name, _ in names.organizations]


def test_names_are_found_the_way_the_trouble_cases_read() -> None:
    text = [
        "SOCCER - JAPAN GET LUCKY WIN, CHINA IN SURPRISE DEFEAT.",
        "LONDON 1996-08-30",
        "Mick McCarthy, the manager of Manchester United, said the U.S. team was in Moldova.",
        "Police said on Friday that Jürgen Müller, the mayor of Köln, had left for Puerto Rico.",
        "McCarthy added that the club would sign a new player in July.",
    ]
    names = find_names(text)
    people = {name for name, _ in names.people}
    places = {name for name, _ in names.places}
    organizations = {name for name, _ in names.organizations}
    assert "Mick McCarthy" in people and "McCarthy" not in people  # the short form joins
    assert "Jürgen Müller" in people
    assert {"Japan", "London", "Moldova", "Puerto Rico"} <= places
    assert "Manchester United" in organizations
    found = people | places | organizations
    assert not found & {"Police", "Friday", "July", "SOCCER", "Soccer", "Lucky", "Win"}


def test_an_article_in_another_language_lists_no_names_rather_than_junk() -> None:
    text = ["Die Stadt Köln hat am Montag den Haushalt beschlossen, sagte Bürgermeister Müller."]
    assert find_names(text, language="de") == find_names([], language="en")


def test_numbers_say_what_they_count_and_never_phone_numbers_scores_or_ids() -> None:
    from digest.summarizing.facts import count_numbers

    found = dict(
        count_numbers(
            [
                "The company lost $5 billion last year, and 1.2 million people lost power.",
                "About 300 protesters marched 5 km; it covers 40 square miles.",
                "Call 687-1077 for tickets. Chelsea won 2-1 on 12 May 2024.",
                "Shares fell to $3.40, and 1.2 million people lost power again.",
            ]
        )
    )
    assert found == {
        "$5 billion": 1,
        "1.2 million people": 2,
        "About 300 protesters": 1,
        "5 km": 1,
        "40 square miles": 1,
        "$3.40": 1,
    }


def test_a_title_case_headline_and_section_headings_name_only_what_the_text_names() -> None:
    names = find_names(
        [
            "Putin Says Civilian Casualties In Gaza Would Be ‘Unacceptable’",
            "Topline",
            "Russian President Vladimir Putin said on Friday that the fighting in Gaza must end.",
            "Key Facts",
            "Putin spoke at a summit of leaders in the capital of Kyrgyzstan.",
        ]
    )
    found = {
        name for group in (names.people, names.places, names.organizations) for name, _ in group
    }
    assert {"Vladimir Putin", "Gaza", "Kyrgyzstan"} <= found
    assert not found & {"Unacceptable", "Civilian Casualties", "Topline", "Key Facts", "Says"}
