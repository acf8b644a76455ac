"""modstack's engines: an in-memory SQLite database is one connection, shared by every
thread, whose transactions must take turns."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from modstack.db import create_engine, write_transaction


def test_threads_writing_to_an_in_memory_database_take_turns() -> None:
    engine = create_engine("sqlite://")
    with write_transaction(engine) as connection:
        connection.execute(sa.text("CREATE TABLE counts (n INTEGER)"))
    failures: list[BaseException] = []

    def write(count: int) -> None:
        try:
            for number in range(count):
                with write_transaction(engine) as connection:
                    connection.execute(sa.text("INSERT INTO counts VALUES (:n)"), {"n": number})
                with engine.connect() as connection:
                    connection.execute(sa.text("SELECT count(*) FROM counts")).scalar_one()
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=write, args=(200,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM counts")).scalar_one() == 800
