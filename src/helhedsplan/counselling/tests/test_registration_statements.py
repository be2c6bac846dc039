"""What a registration costs the database: each row written once, nothing read back.

On PostgreSQL every statement is a round trip to the server, which shares the machine with
the application: a registration that read its links back for the audit trail, looked its
idempotency key up before writing it, and wrapped the key and the inquiry in savepoints of
their own cost six times the least a one-row write costs (``bench/counselling_load.py``).
"""

from __future__ import annotations

import re
from collections import Counter

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import World
from helhedsplan.counselling.models import Inquiry
from helhedsplan.counselling.tests.helpers import referral, topic
from helhedsplan.counselling.tests.test_registration_retries import create_url, rendered_form

STATEMENT = re.compile(r"^(SELECT|INSERT INTO|UPDATE|DELETE FROM|SAVEPOINT|RELEASE SAVEPOINT)")
TABLE = re.compile(r'(?:FROM|INTO|UPDATE) "(\w+)"')
# The rows of one registration with two topics and one bridged-to place, each written once.
WRITES = Counter(
    {
        ("INSERT INTO", "core_idempotencykey"): 1,
        ("INSERT INTO", "counselling_inquiry"): 1,
        ("INSERT INTO", "counselling_inquiry_topics"): 1,
        ("INSERT INTO", "counselling_inquiry_bridged_to"): 1,
        ("INSERT INTO", "counselling_historicalinquiry"): 1,
        ("INSERT INTO", "counselling_historicalinquiry_topics"): 1,
        ("INSERT INTO", "counselling_historicalinquiry_bridged_to"): 1,
        # The key's record gets the answer once the write has one.
        ("UPDATE", "core_idempotencykey"): 1,
    }
)


def statements(captured: CaptureQueriesContext) -> list[tuple[str, str]]:
    """Each statement as (kind, first table named)."""
    found = []
    for query in captured.captured_queries:
        sql = query["sql"]
        kind = STATEMENT.match(sql)
        assert kind, sql
        table = TABLE.search(sql)
        found.append((kind.group(1), table.group(1) if table else ""))
    return found


def test_a_registration_writes_each_row_once_and_reads_nothing_back(client, world: World) -> None:
    client.force_login(world.user("staff"))
    data = {
        **rendered_form(client, world),
        "topics": [topic(world.programme, "Boligstøtte").pk, topic(world.programme, "Kost").pk],
        "bridged_to": [referral(world.programme, "Jobcenter").pk],
    }
    with CaptureQueriesContext(connection) as captured:
        response = client.post(create_url(world), data)
    assert response.status_code == 302
    assert Inquiry.objects.get().history.get().topics.count() == 2
    done = statements(captured)
    first_write = next(n for n, (kind, _table) in enumerate(done) if kind != "SELECT")
    reads, write = done[:first_write], done[first_write:]
    # The checks read what they must (session, person, roles, estate, categories), each once,
    # and the key is not looked up before it is written: writing it is the lookup.
    assert len(reads) == len(set(reads)), reads
    assert ("SELECT", "core_idempotencykey") not in reads
    # The write is one transaction (the test's own transaction makes it a savepoint), with
    # no savepoints inside it and nothing read back.
    assert write[0][0] == "SAVEPOINT" and write[-1][0] == "RELEASE SAVEPOINT", write
    assert Counter(write[1:-1]) == WRITES, write
