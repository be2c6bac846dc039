from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conftest import World
from helhedsplan.accounts import access


def test_programme_with_access_lets_in_whom_the_rule_allows(world: World) -> None:
    board = world.user("board")
    found = access.programme_with_access(board, world.programme.slug, access.may_view_programme)
    assert found == world.programme


def test_programme_with_access_refuses_whom_the_rule_keeps_out(world: World) -> None:
    with pytest.raises(PermissionDenied):
        access.programme_with_access(
            world.user("police"), world.programme.slug, access.may_view_programme
        )


def test_programme_with_access_knows_no_unknown_programme(world: World) -> None:
    with pytest.raises(Http404):
        access.programme_with_access(world.user("board"), "korsbaek", access.may_view_programme)
