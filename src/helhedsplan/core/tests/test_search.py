"""The lists' search: every word in some field, in any case (æ, ø and å too), by the database."""

from __future__ import annotations

import pytest

from conftest import make_programme
from helhedsplan.core import search
from helhedsplan.programmes import services
from helhedsplan.programmes.models import Estate

pytestmark = pytest.mark.django_db


def _found(text: str) -> list[str]:
    rows = Estate.objects.filter(search.matching(text, ("name", "programme__name")))
    return sorted(rows.values_list("name", flat=True))


@pytest.fixture
def estates() -> None:
    programme = make_programme("Helsingør Syd")
    for name in ("Æblehaven", "Nøjsomhed", "Åbent Hus 50%", "Vapna_gaard"):
        services.estate_ensure(programme=programme, name=name, tenancies=100)
    services.estate_ensure(programme=make_programme("Korsløkken"), name="Solgården", tenancies=1)


def test_case_does_not_matter_for_danish_letters(estates) -> None:
    assert _found("æble") == ["Æblehaven"]
    assert _found("NØJSOM") == ["Nøjsomhed"]
    assert _found("åbent") == ["Åbent Hus 50%"]
    # "å" and "aa" are different letters to the search.
    assert _found("aabent") == []


def test_every_word_must_be_found_in_some_field(estates) -> None:
    assert _found("helsingør hus") == ["Åbent Hus 50%"]
    assert _found("korsløkken gården") == ["Solgården"]
    assert _found("korsløkken hus") == []


def test_wildcards_are_plain_characters(estates) -> None:
    assert _found("50%") == ["Åbent Hus 50%"]
    assert _found("%") == ["Åbent Hus 50%"]
    assert _found("a_g") == ["Vapna_gaard"]
    assert _found("_") == ["Vapna_gaard"]


def test_no_words_find_everything_and_words_beyond_the_limit_are_ignored(estates) -> None:
    assert len(_found("   ")) == 5
    assert search.terms("a b a c") == ["a", "b", "c"]
    many = " ".join(f"ord{n}" for n in range(search.MAX_TERMS + 3))
    assert len(search.terms(many)) == search.MAX_TERMS
