"""Both database backends the suite offers work through SQLAlchemy."""

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select


def test_create_insert_select(db_url: str) -> None:
    metadata = MetaData()
    citizens = Table(
        "citizens", metadata,
        Column("id", Integer, primary_key=True),
        Column("name", String(100), nullable=False),
    )
    engine = create_engine(db_url)
    try:
        metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(insert(citizens), [{"name": "Søren Ærø"}, {"name": "Åse"}])
        with engine.connect() as connection:
            names = connection.scalars(select(citizens.c.name).order_by(citizens.c.id)).all()
            if engine.dialect.name == "postgresql":
                assert connection.dialect.server_version_info >= (15,)
    finally:
        engine.dispose()
    assert names == ["Søren Ærø", "Åse"]


def test_each_test_gets_an_empty_database(db_url: str) -> None:
    """The table made by the test above must not be here."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            assert metadata.tables == {}
    finally:
        engine.dispose()
