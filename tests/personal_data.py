"""What the erasure tests share: a scan of every text column of every table of the
database for values that would identify a person."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

TEXT_TYPES = ("char", "text", "json", "clob", "varchar")


def tables_holding(values: Iterable[str]) -> dict[str, list[str]]:
    """`{"table.column": [value, ...]}` for each text (or JSON) column of the database
    holding one of `values` anywhere in it (case-insensitive); empty when none does."""
    wanted = [v for v in values if v]
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                type_name = connection.introspection.get_field_type(column.type_code, column)
                raw = str(column.type_code).lower()
                if not any(t in type_name.lower() or t in raw for t in TEXT_TYPES):
                    continue
                name = connection.ops.quote_name(column.name)
                for value in wanted:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "
                        f"WHERE LOWER(CAST({name} AS TEXT)) LIKE %s",
                        [f"%{value.lower()}%"],
                    )
                    if cursor.fetchone()[0]:
                        found.setdefault(f"{table}.{column.name}", []).append(value)
    return found
