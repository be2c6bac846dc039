"""The roles table of the README is the table of ``accounts.permissions``, in words."""

from __future__ import annotations

from pathlib import Path

from helhedsplan.accounts.models import Role
from helhedsplan.accounts.permissions import TABLE

README = Path(__file__).resolve().parents[4] / "README.md"


def _readme_rows() -> dict[str, tuple[frozenset[Role], bool]]:
    """The README's table of actions: each action's roles and whether estates limit it."""
    section = README.read_text(encoding="utf-8").split("## Roles\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header[1:-1] == [
        "administrator",
        "secretariat head",
        "staff",
        "board",
        "working group",
        "police",
        "partner",
    ]
    rows = {}
    for line in lines[1:]:
        action, *marks, limited = (cell.strip() for cell in line.strip("|").split("|"))
        roles = frozenset(role for role, mark in zip(Role, marks, strict=True) if mark == "✓")
        rows[action] = (roles, limited == "yes")
    return rows


def test_the_readme_states_each_roles_actions_as_the_code_does() -> None:
    code = {rule.description: (rule.roles, rule.estate_limited) for rule in TABLE.values()}
    assert _readme_rows() == code
