import pytest

from digest.text.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith arrived. He left.", ["Mr. Smith arrived.", "He left."]),
        ("The U.S. economy grew. It slowed later.", ["The U.S. economy grew.", "It slowed later."]),
        (
            "He lives in the U.S. The weather is fine.",
            ["He lives in the U.S.", "The weather is fine."],
        ),
        (
            "It happened on Oct. 7 in Gaza. Then more.",
            ["It happened on Oct. 7 in Gaza.", "Then more."],
        ),
        (
            "George W. Bush met J.K. Rowling. They talked.",
            ["George W. Bush met J.K. Rowling.", "They talked."],
        ),
        (
            "Prices rose 3.5% to $1,000.50 today. Analysts shrugged.",
            ["Prices rose 3.5% to $1,000.50 today.", "Analysts shrugged."],
        ),
        (
            '"Stop the bloodshed," he said. "Now." She agreed.',
            ['"Stop the bloodshed," he said.', '"Now."', "She agreed."],
        ),
        ("He said “it is over.” Then he left.", ["He said “it is over.”", "Then he left."]),
        ("Wait... Then it ended!", ["Wait...", "Then it ended!"]),
        (
            'She said, "It will spread. It could spill over." Then silence.',
            ['She said, "It will spread. It could spill over."', "Then silence."],
        ),
        ("市政府今天宣布了。新的计划！好", ["市政府今天宣布了。", "新的计划！", "好"]),
        ("no punctuation at all", ["no punctuation at all"]),
        ("", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_split_keeps_every_word() -> None:
    text = "Dr. No met Mrs. Y at 5 p.m. The U.N. met. Sen. X voted."
    assert " ".join(split_sentences(text)).split() == text.split()


def test_the_articles_language_brings_its_abbreviations_and_ordinals() -> None:
    text = "Die Brücke wurde am 3. Oktober eröffnet. Sie kostete ca. 4 Mio. Euro. Das ist gut."
    assert split_sentences(text, "de") == [
        "Die Brücke wurde am 3. Oktober eröffnet.",
        "Sie kostete ca. 4 Mio. Euro.",
        "Das ist gut.",
    ]
    # without the language, "3." before a German month is the end of a sentence
    assert split_sentences(text)[0] == "Die Brücke wurde am 3."
    assert split_sentences("Llegó la Sra. Pérez. Habló.", "es") == [
        "Llegó la Sra. Pérez.",
        "Habló.",
    ]
