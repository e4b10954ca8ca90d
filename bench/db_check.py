"""Look into a write server's database during the benchmark: rows, the newest id, duplicates.

Run with the project's venv from the project root (SQLite or PostgreSQL URL)::

    python -m bench.db_check count URL PROPOSITION_ID    # comments on a proposition
    python -m bench.db_check maxid URL                   # the largest comment id
    python -m bench.db_check dupes URL PROPOSITION_ID AFTER_ID

``dupes`` looks at the comments made after AFTER_ID (the largest id before the load)
and prints JSON: how many rows, and how many of them repeat a body another of them
already has (a write applied twice). Bodies are random, so any repeat is a duplicate.
"""

import json
import sys

import sqlalchemy as sa

COUNT = "SELECT count(*) FROM comments WHERE proposition_id = :proposition"
MAX_ID = "SELECT coalesce(max(id), 0) FROM comments"
DUPES = """
SELECT count(*), coalesce(sum(copies - 1), 0) FROM (
    SELECT count(*) AS copies FROM comments
    WHERE proposition_id = :proposition AND id > :after
    GROUP BY body
) AS bodies
"""


def engine_for(url: str) -> sa.Engine:
    """Make an engine for the URL, with psycopg 3 for PostgreSQL as the app uses."""
    if url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return sa.create_engine(url, poolclass=sa.NullPool)


def main(argv: list[str]) -> None:
    """Run one check and print its answer."""
    if len(argv) < 2 or argv[0] not in {"count", "maxid", "dupes"}:
        raise SystemExit(__doc__)
    command, engine = argv[0], engine_for(argv[1])
    with engine.connect() as connection:
        if command == "count":
            print(connection.scalar(sa.text(COUNT), {"proposition": int(argv[2])}))
        elif command == "maxid":
            print(connection.scalar(sa.text(MAX_ID)))
        else:
            params = {"proposition": int(argv[2]), "after": int(argv[3])}
            bodies, repeats = connection.execute(sa.text(DUPES), params).one()
            rows = connection.scalar(sa.text(COUNT + " AND id > :after"), params)
            # PostgreSQL sums to Decimal.
            found = {"rows": rows, "distinct_bodies": bodies, "duplicated": repeats}
            print(json.dumps({key: int(value) for key, value in found.items()}))
    engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1:])
