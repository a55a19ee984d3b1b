"""The render cache: what a rebuild need not do again, kept beside the package.

Each note's rendered fields, each diagram drawn and each notes file's cards (``file_cache``),
under the hash of everything that decides them (the card's text and place, its pictures, the
file's text and settings, ``fingerprint.tool_digest``). A rebuild reads only the files, and
renders only the notes, whose hash it has not seen. The cache can only save work: a missing,
stale or damaged cache means rendering again, and the package's bytes are the same either way.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from .fingerprint import tool_digest

T = TypeVar("T")

RENDER_FORMAT = 2  # 2: notes files' cards too


def render_cache_path(output: Path) -> Path:
    """Beside the package, like the up-to-date check's file: never among the notes, never shared."""
    return output.parent / f".{output.name}.render"


class RenderCache:
    """Rendered fields by card hash, drawn diagrams by name, and the cards read from a notes file by
    the file's hash, in an SQLite file beside the package.

    Each value is stored with its CRC-32: a damaged entry is a miss, a damaged file is started
    afresh. Only a build that would write the package writes the cache: fields a batch at a
    time as it renders (so a large deck's new entries are never all held at once), a notes
    file's cards as soon as it is parsed (kept even if the build then stops at another file's
    error: they are the file's, whatever happens next). A notes file being edited keeps only
    its hash until it stays as it is (``keeps_file``).
    """

    FLUSH = 2_000  # new entries written together

    def __init__(self, path: Path, write: bool) -> None:
        self.path = path
        self.write = write
        self.new: list[tuple[bytes, bytes, int]] = []  # (card hash, fields as UTF-8, CRC-32), not yet written
        self.wanted: set[bytes] = set()  # the hashes of this build's cards
        self.files_seen: set[str] = set()  # this build's notes files, by path
        self._file_rows: dict[str, bytes | None] = {}  # the hash the cache had for each path
        self._file_changing: list[tuple[str, bytes]] = []  # files edited since the build before
        self.pictures: dict[tuple[str, str | None], tuple[str, str]] = {}
        self.hits = 0  # notes whose fields it had
        self.files_reused = 0  # notes files whose cards it had
        self._db: sqlite3.Connection | None = None
        try:
            if path.is_file():
                db = sqlite3.connect(path)
                db.execute("PRAGMA synchronous = OFF")  # a cache: a crash costs it, never the deck
                meta = dict(db.execute("SELECT name, value FROM meta"))
                if meta.get("format") == str(RENDER_FORMAT) and meta.get("renderer") == tool_digest():
                    self._db = db
                    self.pictures = {(n, h or None): (svg, alt) for n, h, svg, alt, crc in
                                     db.execute("SELECT name, highlight, svg, alt, crc FROM pictures")
                                     if zlib.crc32(f"{svg}\x1f{alt}".encode()) == crc}
                else:
                    db.close()
        except (sqlite3.DatabaseError, OSError):
            self._db = None  # damaged, unreadable or not ours: rendered afresh, and replaced when written

    @property
    def useful(self) -> bool:
        """Whether there is anything to look up or to write: else cards need no keys at all."""
        return self._db is not None or self.write

    @staticmethod
    def key(parts: tuple[object, ...]) -> bytes:
        """The hash of everything that decides a card's fields: strings, numbers, booleans, None and
        tuples of them, whose ``repr`` is unambiguous."""
        return hashlib.blake2b(repr(parts).encode(), digest_size=16).digest()

    def lookup(self, keys: list[bytes]) -> dict[bytes, dict[str, str]]:
        """The cached fields of those ``keys`` it has, intact."""
        self.wanted.update(keys)
        found: dict[bytes, dict[str, str]] = {}
        if self._db is None:
            return found
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                rows = self._db.execute(f"SELECT key, value, crc FROM fields WHERE key IN ({','.join('?' * len(chunk))})",
                                        chunk)
                for key, value, crc in rows:
                    if not isinstance(value, bytes) or zlib.crc32(value) != crc:
                        continue
                    parts = value.decode().split("\x1f")
                    if len(parts) % 2 == 0:
                        found[key] = dict(zip(parts[::2], parts[1::2]))
        except (sqlite3.DatabaseError, UnicodeDecodeError):
            self.close()  # damaged: render everything, and start the cache afresh
            return {}
        self.hits += len(found)
        return found

    def file(self, path: str, key: bytes, decode: Callable[[bytes], T]) -> T | None:
        """What the notes file at ``path`` gave an earlier build (``reading``), decoded, if the cache
        has it for the file as it is now (``key``) and intact."""
        self.files_seen.add(path)
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT key, value, crc FROM files WHERE path = ?", (path,)).fetchone()
        except sqlite3.DatabaseError:
            self.close()  # damaged: read everything, and start the cache afresh
            return None
        self._file_rows[path] = row[0] if row is not None else None
        if row is None or row[0] != key or not isinstance(row[1], bytes) or zlib.crc32(row[1]) != row[2]:
            return None
        try:
            value = decode(row[1])
        except (ValueError, TypeError, KeyError, IndexError, RecursionError):
            return None  # not what this code wrote: read the file
        self.files_reused += 1
        return value

    def keeps_file(self, path: str, key: bytes) -> bool:
        """Whether to keep what the file gave this build: not while it is being edited (it changed
        since the build before, so its next build will most likely find it changed again), but once
        it stays as it is, or the first time it is seen. A file's entry can be megabytes to write."""
        if not self.write:
            return False
        before = self._file_rows.get(path)
        if before is not None and before != key:
            self._file_changing.append((path, key))  # remembered without its cards: changing
            return False
        return True

    def put_file(self, path: str, key: bytes, value: bytes) -> None:
        """Keep what a notes file gave this build: written at once (one file's cards can be megabytes)."""
        try:
            db = self._open()
            with db:
                db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", (path, key, value, zlib.crc32(value)))
        except (OSError, sqlite3.DatabaseError):
            self.write = False

    def put(self, key: bytes, fields: dict[str, str]) -> None:
        if self.write:
            value = "\x1f".join(x for pair in fields.items() for x in pair).encode()
            self.new.append((key, value, zlib.crc32(value)))
            if len(self.new) >= self.FLUSH:
                self._flush()

    def save(self, pictures: dict[tuple[str, str | None], tuple[str, str]]) -> None:
        """Write the rest, and the pictures; drop what no card needs once most entries are stale."""
        try:
            if self.write:
                self._flush()
                db = self._open()
                with db:
                    db.executemany("INSERT OR REPLACE INTO pictures VALUES (?, ?, ?, ?, ?)",
                                   [(n, h or "", svg, alt, zlib.crc32(f"{svg}\x1f{alt}".encode()))
                                    for (n, h), (svg, alt) in sorted(pictures.items(), key=str)])
                    # One row a notes file of this build: a file being edited keeps only its hash.
                    db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, NULL, NULL)", self._file_changing)
                    db.execute("CREATE TEMP TABLE seen_files (path TEXT PRIMARY KEY)")
                    db.executemany("INSERT INTO seen_files VALUES (?)", ((p,) for p in self.files_seen))
                    db.execute("DELETE FROM files WHERE path NOT IN (SELECT path FROM seen_files)")
                    stored = db.execute("SELECT count(*) FROM fields").fetchone()[0]
                    if stored > 2 * len(self.wanted) + 1000:  # mostly notes that are gone: keep this build's
                        db.execute("CREATE TEMP TABLE wanted (key BLOB PRIMARY KEY)")
                        db.executemany("INSERT INTO wanted VALUES (?)", ((k,) for k in self.wanted))
                        db.execute("DELETE FROM fields WHERE key NOT IN (SELECT key FROM wanted)")
        except (OSError, sqlite3.DatabaseError):
            self.write = False  # a cache that cannot be written only costs the next build its time
        finally:
            self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _flush(self) -> None:
        if not self.new:
            return
        try:
            db = self._open()
            with db:
                db.executemany("INSERT OR REPLACE INTO fields VALUES (?, ?, ?)", self.new)
        except (OSError, sqlite3.DatabaseError):
            self.write = False
        self.new = []

    def _open(self) -> sqlite3.Connection:
        """The cache to write to: the one read, or a new one (none yet, or damaged)."""
        if self._db is not None:
            return self._db
        self.path.unlink(missing_ok=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = self._db = sqlite3.connect(self.path)
        db.execute("PRAGMA synchronous = OFF")  # a cache: a crash costs it, never the deck
        db.executescript("""
            CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE fields (key BLOB PRIMARY KEY, value BLOB, crc INTEGER);
            CREATE TABLE files (path TEXT PRIMARY KEY, key BLOB, value BLOB, crc INTEGER);
            CREATE TABLE pictures (name TEXT, highlight TEXT, svg TEXT, alt TEXT, crc INTEGER,
                                   PRIMARY KEY (name, highlight));
        """)
        with db:
            db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", str(RENDER_FORMAT)), ("renderer", tool_digest())])
        return db
