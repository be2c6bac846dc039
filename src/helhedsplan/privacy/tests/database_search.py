"""A test helper: where in the whole database a string is stored.

Every table Django's introspection lists (history tables, the task queue, sessions and the
tables of third-party apps included), every column, read as text and case folded by the
database, on SQLite and PostgreSQL alike. Tests of erasure search before (to show the search
finds the person) and after (to show nothing is left).
"""

from __future__ import annotations

from django.db import connection


def tables_containing(text: str) -> list[tuple[str, str]]:
    """The (table, column) pairs where some row's value contains ``text``, in any case."""
    found = []
    quote = connection.ops.quote_name
    needle = f"%{text.lower()}%"
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                cursor.execute(
                    f"SELECT 1 FROM {quote(table)} "  # names from introspection
                    f"WHERE LOWER(CAST({quote(column.name)} AS TEXT)) LIKE %s LIMIT 1",
                    [needle],
                )
                if cursor.fetchone() is not None:
                    found.append((table, column.name))
    return found
