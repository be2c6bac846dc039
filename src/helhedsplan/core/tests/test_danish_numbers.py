from __future__ import annotations

import pytest

from helhedsplan.core.danish import ARTICLE_ONES, NUMBER_WORDS


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("én", 1),
        ("ét", 1),
        ("ni", 9),
        ("ti", 10),
        ("nitten", 19),
        ("tyve", 20),
        ("enogtyve", 21),
        ("femogtyve", 25),
        ("halvtreds", 50),
        ("niogtres", 69),
        ("halvfems", 90),
        ("nioghalvfems", 99),
    ],
)
def test_number_words_read_as_danes_say_them(word: str, value: int) -> None:
    assert NUMBER_WORDS[word] == value


def test_every_number_up_to_ninety_nine_has_one_unambiguous_word() -> None:
    assert sorted(set(NUMBER_WORDS.values())) == list(range(1, 100))
    # "en" and "et" are also the indefinite article: a parser opts into them.
    assert not ARTICLE_ONES.keys() & NUMBER_WORDS.keys()
    assert "etogtyve" not in NUMBER_WORDS
