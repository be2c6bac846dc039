"""A person's roles as their home page names them: in the order of the roles, each with the
estates it is limited to."""

from __future__ import annotations

from conftest import World
from helhedsplan.accounts import queries, services
from helhedsplan.accounts.models import Role


def test_a_person_s_memberships_come_in_the_order_of_the_roles_with_their_estates(
    world: World,
) -> None:
    staff = world.user("staff")
    services.membership_grant(
        user=staff,
        programme=world.programme,
        role=Role.SECRETARIAT_HEAD,
        estates=[world.vapnagaard, world.nojsomhed],
    )

    found = queries.memberships_of(staff)

    assert [membership.role for membership in found] == [Role.SECRETARIAT_HEAD, Role.STAFF]
    assert [[e.name for e in m.estates.all()] for m in found] == [
        ["Nøjsomhed", "Vapnagaard"],
        ["Vapnagaard"],
    ]
    assert queries.memberships_of(world.user("outsider"))[0].programme == world.other_programme
