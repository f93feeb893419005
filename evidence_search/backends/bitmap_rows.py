"""Writing stored bitmap chunks (``IndexBitmap`` rows), shared by the embedded index's writer
and its cache of exact results."""
from django.db import connection

from ..models import IndexBitmap


def upsert_bitmap_rows(rows: list[tuple[str, int, bytes]]) -> None:
    """INSERT … ON CONFLICT DO UPDATE (SQLite ≥ 3.24 and PostgreSQL share the syntax)."""
    q = connection.ops.quote_name
    table, key, chunk, bits = q(IndexBitmap._meta.db_table), q("key"), q("chunk"), q("bits")
    sql = (f"INSERT INTO {table} ({key}, {chunk}, {bits}) VALUES (%s, %s, %s) "
           f"ON CONFLICT ({key}, {chunk}) DO UPDATE SET {bits} = excluded.{bits}")
    with connection.cursor() as cur:
        for i in range(0, len(rows), 5000):
            cur.executemany(sql, rows[i:i + 5000])
