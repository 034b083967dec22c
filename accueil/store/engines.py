"""The two database engines behind the store: embedded DuckDB and PostgreSQL.

Store modules speak to either through a :class:`Tx` (one read or one write transaction): they
pass SQL with ``?`` parameters and get Python tuples, records or DataFrames back, never a
driver's cursor. The SQL is written once in the subset both engines read (``= ANY(?)`` for a
list, ``cardinality`` for its length, ``generate_series``, no ``GROUP BY ALL``, no ``QUALIFY``);
what differs is here: placeholders, bulk writes (DuckDB from a DataFrame, PostgreSQL ``COPY``),
how a DataFrame takes part in a query (a registered view, a temporary table), counts of changed
rows, and how connections are shared between threads. Nothing outside ``accueil/store`` imports
this module, and this module holds no SQL of the product's tables.
"""

from __future__ import annotations

import queue
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from typing import Any, Literal

import duckdb
import numpy as np
import pandas as pd

EngineName = Literal["duckdb", "postgres"]


class StoreError(Exception):
    """A store that cannot be used, with a French message for the user that says what to do."""


RESTORE_ADVICE = (
    "Pour repartir de la dernière sauvegarde : page « Données », section « Sauvegardes » (si "
    "la base ne s'ouvre plus, la page qui le dit propose ses sauvegardes), ou en ligne de "
    "commande `python -m accueil.services.backups restaurer FICHIER` (la liste : "
    "`python -m accueil.services.backups lister`).")


def explain_fault(location: str, detail: str, *, writing: bool) -> str | None:
    """The French message for an engine error that is the disk's or the file's fault (full,
    read-only, unreadable, damaged), or ``None`` for any other error (a bug: it keeps its own
    message for the log). ``location`` names the file (or the server) for the person."""
    text = detail.lower()
    undone = (" Rien n'a été enregistré à moitié : la base est revenue à son état d'avant "
              "cet enregistrement." if writing else "")
    if "file too large" in text or "no space left" in text or "disk full" in text \
            or "could not extend file" in text:
        return (f"L'enregistrement n'a pas abouti : le disque qui porte la base « {location} » "
                f"est plein (ou le fichier a atteint la taille permise).{undone} Libérez de la "
                "place (ou demandez-le à votre service informatique), puis recommencez.")
    if "read-only" in text or "permission denied" in text or "read only" in text:
        return (f"La base « {location} » ne peut pas être modifiée : son fichier ou son dossier "
                f"est en lecture seule.{undone} Donnez le droit d'écriture sur le dossier, ou "
                "copiez la base dans un dossier où vous pouvez écrire et indiquez-la avec la "
                "variable ACCUEIL_DB.")
    if "corrupt" in text or "checksum" in text or "could not read enough bytes" in text \
            or "not a valid duckdb database" in text:
        return (f"Le fichier de la base « {location} » est endommagé (tronqué ou abîmé) : "
                f"Accueil ne peut plus le lire.{undone} {RESTORE_ADVICE}")
    if "could not write file" in text or "could not read from file" in text \
            or "input/output error" in text or "i/o error" in text:
        return (f"Le disque n'a pas pu lire ou écrire la base « {location} » (erreur "
                f"d'entrée-sortie).{undone} Vérifiez le disque, puis recommencez ; si "
                f"l'erreur revient : {RESTORE_ADVICE}")
    return None


class Tx(ABC):
    """One transaction (or one consistent read) on an engine; used by store modules only."""

    engine: EngineName

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement (or, without parameters, a script of several)."""

    @abstractmethod
    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Every row of a query, as tuples."""

    @abstractmethod
    def change(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run an INSERT, UPDATE or DELETE; how many rows it wrote or removed."""

    @abstractmethod
    def records(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Every row of a query, as a dict by column name."""

    @abstractmethod
    def frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """A query's rows as a DataFrame (dates and times as ``datetime64``)."""

    @abstractmethod
    def insert_frame(self, table: str, frame: pd.DataFrame) -> int:
        """Append ``frame``'s rows to ``table`` (its columns by name), the engine's fast way."""

    @abstractmethod
    @contextmanager
    def frame_table(self, name: str, frame: pd.DataFrame, *,
                    like: str | None = None) -> Iterator[None]:
        """Make ``frame`` readable as the table ``name`` for the duration of the block.

        ``like`` names a stored table whose columns' types a column of the same name takes
        (PostgreSQL needs a type even for a column of NULLs; DuckDB reads the DataFrame's)."""

    @contextmanager
    def bulk_rows(self) -> Iterator[None]:
        """Around the statements that read a DataFrame of many rows into a table: lets the
        engine read it the cheapest way (nothing to do but on DuckDB)."""
        yield

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        rows = self.all(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def next_ids(self, sequence: str, count: int) -> list[int]:
        """``count`` fresh values of ``sequence`` (a name from a migration, never user text)."""
        if count <= 0:
            return []
        if not re.fullmatch(r"[a-z_]+", sequence):
            raise ValueError(f"not a sequence name: {sequence!r}")
        rows = self.all(f"SELECT nextval('{sequence}') FROM generate_series(1, ?)", [count])
        return [int(r[0]) for r in rows]


# -- DuckDB -------------------------------------------------------------------------------------


class DuckTx(Tx):
    engine: EngineName = "duckdb"

    def __init__(self, cursor: duckdb.DuckDBPyConnection) -> None:
        self._cur = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._cur.execute(sql, list(params) if params else None)

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._cur.execute(sql, list(params) if params else None).fetchall()

    def change(self, sql: str, params: Sequence[Any] = ()) -> int:
        row = self._cur.execute(sql, list(params) if params else None).fetchone()
        return int(row[0]) if row else 0

    def records(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        self._cur.execute(sql, list(params) if params else None)
        names = [column[0] for column in self._cur.description or ()]
        return [dict(zip(names, row, strict=True)) for row in self._cur.fetchall()]

    def frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        return self._cur.execute(sql, list(params) if params else None).df()

    def insert_frame(self, table: str, frame: pd.DataFrame) -> int:
        if frame.empty:
            return 0
        names = ", ".join(str(c) for c in frame.columns)
        with self.bulk_rows(), self.frame_table("incoming_rows", frame):
            return self.change(f"INSERT INTO {table} ({names}) SELECT {names} FROM incoming_rows")

    def next_ids(self, sequence: str, count: int) -> list[int]:
        if count <= 0 or not re.fullmatch(r"[a-z_]+", sequence):
            return super().next_ids(sequence, count)
        # As columns, not as 100k tuples of one value each.
        ids: np.ndarray[Any, Any] = np.asarray(self._cur.execute(
            f"SELECT nextval('{sequence}') AS id FROM range(?)", [count]).fetchnumpy()["id"],
            dtype=np.int64)
        return [int(value) for value in ids.tolist()]

    @contextmanager
    def bulk_rows(self) -> Iterator[None]:
        """One DuckDB thread while a DataFrame is read: its Python strings are read under the
        GIL, so a second thread only waits for it, and the wait is CPU spent (measured on
        99 070 offers of 32 columns: 0,31 s of CPU with 2 threads, 0,20 s with one, and no
        slower by the clock). ``threads`` is a setting of the database, so reads of other
        sessions meanwhile run on one thread too; the setting is put back afterwards."""
        threads = self.scalar("SELECT current_setting('threads')")
        self._cur.execute("SET threads = 1")
        try:
            yield
        finally:
            self._cur.execute(f"SET threads = {int(threads)}")

    @contextmanager
    def frame_table(self, name: str, frame: pd.DataFrame, *,
                    like: str | None = None) -> Iterator[None]:
        self._cur.register(name, frame)
        try:
            yield
        finally:
            # In a transaction that failed (a damaged block, a full disk) unregistering fails
            # too and would hide the first error; the cursor is closed with the transaction.
            with suppress(duckdb.TransactionException):
                self._cur.unregister(name)


class DuckEngine:
    """One DuckDB connection per process, one cursor per transaction (DESIGN rule 4); writes
    are serialised in the process, as DuckDB's single writer would have them anyway."""

    name: EngineName = "duckdb"

    def __init__(self, connection: duckdb.DuckDBPyConnection,
                 reconnect: Callable[[], duckdb.DuckDBPyConnection] | None = None,
                 location: str = "") -> None:
        self._connection = connection
        self._write_lock = threading.RLock()
        self._reconnect = reconnect
        self.location = location

    def close(self) -> None:
        self._connection.close()

    def _recover(self, error: duckdb.Error, *, writing: bool) -> StoreError | None:
        """After a fatal error (a checkpoint that hit a full disk) DuckDB invalidates the
        connection for good: close it and open the file again, so that the next request
        works. Returns the French error to raise for faults of the disk or the file."""
        if isinstance(error, duckdb.FatalException) and self._reconnect is not None:
            with self._write_lock:
                with suppress(duckdb.Error):
                    self._connection.close()
                try:
                    self._connection = self._reconnect()
                except duckdb.Error as again:
                    message = explain_fault(self.location, str(again), writing=writing)
                    return StoreError(message or (
                        f"La base « {self.location} » n'a pas pu être rouverte après une "
                        f"erreur grave ({again}). {RESTORE_ADVICE}"))
        message = explain_fault(self.location, str(error), writing=writing)
        return None if message is None else StoreError(message)

    @contextmanager
    def quiesced(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """No write of this process can start while inside (the write lock is held), and the
        file holds every committed write (CHECKPOINT moves the WAL into it): the file can be
        copied as a consistent snapshot. Reads go on meanwhile."""
        with self._write_lock:
            cursor = self._connection.cursor()
            try:
                cursor.execute("CHECKPOINT")
                yield cursor
            finally:
                cursor.close()

    @contextmanager
    def swapping(self, reconnect: Any) -> Iterator[None]:
        """Close the connection while the caller replaces the file, then reconnect with
        ``reconnect()`` (even when the replacement failed), under the write lock."""
        with self._write_lock:
            self._connection.close()
            try:
                yield
            finally:
                self._connection = reconnect()

    @contextmanager
    def reading(self) -> Iterator[Tx]:
        try:
            cursor = self._connection.cursor()
            try:
                yield DuckTx(cursor)
            finally:
                cursor.close()
        except duckdb.Error as error:
            fault = self._recover(error, writing=False)
            if fault is None:
                raise
            raise fault from error

    @contextmanager
    def writing(self) -> Iterator[Tx]:
        with self._write_lock:
            try:
                cursor = self._connection.cursor()
                try:
                    cursor.begin()
                    try:
                        yield DuckTx(cursor)
                    except BaseException:
                        _quietly_rollback(cursor)
                        raise
                    cursor.commit()
                finally:
                    cursor.close()
            except duckdb.Error as error:
                fault = self._recover(error, writing=True)
                if fault is None:
                    raise
                raise fault from error


def _quietly_rollback(cursor: duckdb.DuckDBPyConnection) -> None:
    """Roll back; on an invalidated connection the rollback fails too, and the first error is
    the one worth telling."""
    with suppress(duckdb.Error):
        cursor.rollback()


# -- PostgreSQL ---------------------------------------------------------------------------------

_PARAM = re.compile(r"\?")


def pg_sql(sql: str) -> str:
    """The store's ``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled first)."""
    return _PARAM.sub("%s", sql.replace("%", "%%"))


def _pg_value(value: Any) -> Any:
    """Values of a DataFrame cell as psycopg takes them (numpy scalars, NaN, NaT, arrays)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, np.ndarray):
        return [_pg_value(v) for v in value.tolist()]
    if isinstance(value, list | tuple):
        return [_pg_value(v) for v in value]
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        return _pg_value(value.item())
    if isinstance(value, str) and "\x00" in value:
        # PostgreSQL text cannot hold NUL. The inputs already drop control characters
        # (accueil.io.text.clean_text); a NUL that reaches the store some other way is dropped
        # here rather than failing the whole write, and every output strips it anyway.
        return value.replace("\x00", "")
    return value


def _pg_type(series: pd.Series) -> str:
    """A PostgreSQL type for a DataFrame column (a temporary table's)."""
    kind = series.dtype
    if pd.api.types.is_bool_dtype(kind):
        return "BOOLEAN"
    if pd.api.types.is_integer_dtype(kind):
        return "BIGINT"
    if pd.api.types.is_float_dtype(kind):
        return "DOUBLE PRECISION"
    if pd.api.types.is_datetime64_any_dtype(kind):
        return "TIMESTAMP"
    for value in series:
        value = _pg_value(value)
        if value is None:
            continue
        if isinstance(value, bool):
            return "BOOLEAN"
        if isinstance(value, int):
            return "BIGINT"
        if isinstance(value, float):
            return "DOUBLE PRECISION"
        if isinstance(value, datetime):
            return "TIMESTAMP"
        if isinstance(value, date):
            return "DATE"
        if isinstance(value, list):
            return "TEXT[]"
        return "TEXT"
    return "TEXT"


class PgTx(Tx):
    engine: EngineName = "postgres"

    def __init__(self, connection: Any) -> None:
        self._conn = connection

    def _run(self, sql: str, params: Sequence[Any]) -> Any:
        if params:
            return self._conn.execute(pg_sql(sql), [_pg_value(p) for p in params])
        return self._conn.execute(sql)  # no parameters: psycopg reads no placeholder

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        if params:
            self._run(sql, params)
        else:
            self._conn.execute(sql)  # a migration script: several statements, no parameters

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = self._run(sql, params).fetchall()
        return rows

    def change(self, sql: str, params: Sequence[Any] = ()) -> int:
        return int(self._run(sql, params).rowcount)

    def records(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self._run(sql, params)
        names = [column.name for column in cur.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        cur = self._run(sql, params)
        names = [column.name for column in cur.description or ()]
        frame = pd.DataFrame.from_records(cur.fetchall(), columns=names)
        # As DuckDB's .df() gives them: dates and times as datetime64, integers with NULLs
        # as nullable integers rather than objects.
        for column in cur.description or ():
            series = frame[column.name]
            if column.type_code in _PG_DATES:
                frame[column.name] = pd.to_datetime(series)
            elif column.type_code in _PG_INTS and series.dtype == object:
                frame[column.name] = series.astype("Int64")
            elif column.type_code in _PG_FLOATS and series.dtype == object:
                frame[column.name] = series.astype("float64")
        return frame

    def _types(self, table: str) -> dict[str, str]:
        """Column name → type of a table (stored or temporary)."""
        rows = self._conn.execute(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
            "WHERE a.attrelid = CAST(%s AS regclass) AND a.attnum > 0 "
            "AND NOT a.attisdropped", [table]).fetchall()
        return {str(n): str(t) for n, t in rows}

    def insert_frame(self, table: str, frame: pd.DataFrame) -> int:
        """``COPY`` the rows in; a whole number that pandas holds as a float (an integer
        column with gaps) goes to an integer column as an integer."""
        if frame.empty:
            return 0
        types = self._types(table)
        whole = [types.get(str(c), "") in ("integer", "bigint", "smallint")
                 for c in frame.columns]
        names = ", ".join(str(c) for c in frame.columns)
        rows = frame.astype(object).to_numpy().tolist()
        with self._conn.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                values = [_pg_value(v) for v in row]
                for i, is_whole in enumerate(whole):
                    if is_whole and isinstance(values[i], float):
                        values[i] = int(values[i])
                copy.write_row(values)
        return len(rows)

    @contextmanager
    def frame_table(self, name: str, frame: pd.DataFrame, *,
                    like: str | None = None) -> Iterator[None]:
        known = self._types(like) if like is not None else {}
        columns = ", ".join(f"{c} {known.get(str(c)) or _pg_type(frame[c])}"
                            for c in frame.columns)
        self._conn.execute(f"CREATE TEMPORARY TABLE {name} ({columns})")
        try:
            self.insert_frame(name, frame)
            yield
        finally:
            self._conn.execute(f"DROP TABLE IF EXISTS {name}")


# Type oids of PostgreSQL (pg_type): date, timestamp, timestamptz; int2, int4, int8; float4/8.
_PG_DATES = {1082, 1114, 1184}
_PG_INTS = {20, 21, 23}
_PG_FLOATS = {700, 701}


class PgEngine:
    """A small pool of PostgreSQL connections, one per thread at a time, in autocommit mode
    with explicit transactions: a read is one transaction (a consistent snapshot), a write
    another. Any number of app processes can share the server."""

    name: EngineName = "postgres"

    def __init__(self, url: str, size: int = 8) -> None:
        import psycopg  # imported here: DuckDB installations never need it loaded

        self._psycopg = psycopg
        self.url = url
        self._idle: queue.LifoQueue[Any] = queue.LifoQueue()
        self._size = size
        self._closed = False
        self._idle.put(self._connect())  # fail now, with the server's message, if unreachable

    def _connect(self) -> Any:
        return self._psycopg.connect(self.url, autocommit=True)

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        try:
            conn = self._idle.get_nowait()
        except queue.Empty:
            conn = self._connect()
        try:
            yield conn
        finally:
            if conn.closed or conn.info.transaction_status != 0 or self._closed \
                    or self._idle.qsize() >= self._size:
                conn.close()
            else:
                self._idle.put(conn)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().close()
            except queue.Empty:
                return

    @contextmanager
    def session_lock(self, key: int) -> Iterator[None]:
        """Hold PostgreSQL's advisory lock ``key`` for the block (waits for other holders)."""
        with self._connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", [key])
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", [key])

    @contextmanager
    def reading(self) -> Iterator[Tx]:
        with self._faults(writing=False), self._connection() as conn, conn.transaction():
            yield PgTx(conn)

    @contextmanager
    def writing(self) -> Iterator[Tx]:
        with self._faults(writing=True), self._connection() as conn, conn.transaction():
            yield PgTx(conn)

    @contextmanager
    def _faults(self, *, writing: bool) -> Iterator[None]:
        """The server's disk full or the server gone: a French error (the transaction is
        rolled back, and a broken connection is not put back in the pool)."""
        try:
            yield
        except self._psycopg.OperationalError as error:
            shown = re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:•••@", self.url)
            message = explain_fault(shown, str(error), writing=writing)
            raise StoreError(message or (
                f"Le serveur PostgreSQL « {shown} » n'a pas répondu comme attendu : "
                f"{str(error).strip()}. Vérifiez qu'il est démarré, puis rechargez la page.")
            ) from error


Engine = DuckEngine | PgEngine
