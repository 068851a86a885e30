"""Write a new Alembic migration from the difference between the models and head.

    python scripts/new_migration.py "add the x column"

Review the generated file: autogenerate misses renames and data changes.
"""

import sys
import tempfile
from pathlib import Path

from alembic import command

from prepdesk.data import db


def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = db.open_engine(f"sqlite:///{Path(folder) / 'head.sqlite'}")
        db.upgrade(engine)
        with engine.begin() as connection:
            command.revision(db.alembic_config(connection), message=message, autogenerate=True)


if __name__ == "__main__":
    main(" ".join(sys.argv[1:]) or "change")
