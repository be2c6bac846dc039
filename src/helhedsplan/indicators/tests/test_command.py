from __future__ import annotations

import io
import json

from django.core.management import call_command


def test_parse_criterion_prints_the_proposal_as_json() -> None:
    out = io.StringIO()
    call_command(
        "parse_criterion",
        "Fire kulturelle arrangementer om året i Vapnagaard og to i Nøjsomhed",
        "--areas",
        "Nøjsomhed,Vapnagaard",
        "--json",
        stdout=out,
    )
    proposal = json.loads(out.getvalue())
    assert proposal["kind"] == "count"
    assert proposal["period"] == "year"
    assert proposal["targets_by_area"] == {"Vapnagaard": 4, "Nøjsomhed": 2}
