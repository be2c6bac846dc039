"""The versions awaiting the board, as the home pages of the board and the secretariat list
them."""

from __future__ import annotations

from conftest import World
from helhedsplan.agreements import queries, services
from helhedsplan.agreements.tests.factories import seed_agreement


def test_the_versions_awaiting_approval_are_the_proposed_ones_of_the_programmes(
    world: World,
) -> None:
    head = world.user("secretariat_head")
    agreement = seed_agreement(world.programme)
    draft = services.version_start_draft(agreement=agreement, user=head)
    assert queries.versions_awaiting_approval(programmes=[world.programme]) == []

    proposed = services.version_propose(version=draft, user=head)

    assert queries.versions_awaiting_approval(programmes=[world.programme]) == [proposed]
    assert queries.versions_awaiting_approval(programmes=[world.other_programme]) == []
