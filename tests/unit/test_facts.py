from digest.summarizing.facts import find_entities, find_numbers, find_quotes

SENTENCES = [
    "Russian President Vladimir Putin on Friday said the casualties in Gaza were unacceptable.",
    "“Now the main thing is to stop the bloodshed,” Putin said, calling for a ceasefire.",
    '"It is also clear to us that innocent people should not be held responsible," said Putin.',
    "Israel ordered more than 1 million people to move within 24 hours.",
    "The group killed more than 1,000 people in 2023, the United Nations said.",
]


def test_quotes_have_speakers() -> None:
    quotes = find_quotes(SENTENCES)
    assert quotes[0].text == "Now the main thing is to stop the bloodshed"
    assert {q.speaker for q in quotes} == {"Putin"}


def test_numbers_with_units() -> None:
    numbers = find_numbers(SENTENCES)
    assert "24 hours" in numbers
    assert any("1,000 people" in n for n in numbers)
    assert not any(n == "2023" for n in numbers)


def test_entities() -> None:
    people, places, organizations = find_entities(SENTENCES)
    assert "Vladimir Putin" in people
    assert "Gaza" in places and "Israel" in places
    assert "United Nations" in organizations
