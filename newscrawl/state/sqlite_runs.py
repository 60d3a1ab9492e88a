"""The run log and file records of the SQLite crawl state (part of ``SqliteState``, newscrawl/state/sqlite.py).

Written at once, each its own transaction: a run is recorded when its state opens, so that the next run can
tell it was killed; a file is recorded before its first line, so that recovery finds it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from newscrawl.state.entries import now_iso as _now


class SqliteRunLog:
    db: sqlite3.Connection

    def _begin(self) -> None:  # provided by SqliteState
        raise NotImplementedError

    def _commit(self) -> None:
        raise NotImplementedError

    def start_run(self, run_id: str, manifest_path: str) -> list[tuple[str, str]]:
        """Record a new run; return (run_id, manifest) of earlier runs that never ended (killed)."""
        self._begin()
        killed = self.db.execute("SELECT run_id, manifest FROM runs WHERE outcome='running'").fetchall()
        for old_id, _ in killed:
            self.db.execute("UPDATE runs SET outcome='killed' WHERE run_id=?", (old_id,))
        self.db.execute(
            "INSERT INTO runs VALUES (?,?,?,?,?)", (run_id, _now(), None, "running", manifest_path)
        )
        self._commit()
        return [(r[0], r[1]) for r in killed]

    def unrecovered_killed_files(self) -> list[tuple[str, str, str]]:
        """(run_id, site, path) of every file written by a killed run not yet recovered (state/recovery.py)."""
        return self.db.execute(
            "SELECT f.run_id, f.site, f.path FROM run_files f JOIN runs r ON r.run_id = f.run_id "
            "WHERE r.outcome = 'killed' AND r.ended IS NULL ORDER BY f.run_id, f.path").fetchall()

    def killed_runs(self) -> list[tuple[str, str]]:
        """(run_id, manifest) of every run known to have been killed."""
        return self.db.execute("SELECT run_id, manifest FROM runs WHERE outcome='killed' ORDER BY run_id").fetchall()

    def record_files(self, run_id: str, files: Iterable[tuple[str, str]]) -> None:
        """Remember (site, path) of files this run is about to write, durably, before their first line.

        Commits the bookkeeping written so far with them (harmless: see the module docstring); never batch
        data, which is not in the open transaction (near-duplicate rows wait in memory)."""
        self._begin()
        self.db.executemany("INSERT OR IGNORE INTO run_files VALUES (?,?,?)",
                            [(run_id, site, path) for site, path in files])
        self._commit()

    def mark_run_recovered(self, run_id: str) -> None:
        """A killed run whose files recovery made whole and marked."""
        self._begin()
        self.db.execute("UPDATE runs SET ended = 'recovered' WHERE run_id = ? AND ended IS NULL", (run_id,))
        self._commit()

    def files_of_run(self, run_id: str) -> list[tuple[str, str]]:
        """(site, path) of every file a run wrote to."""
        return self.db.execute("SELECT site, path FROM run_files WHERE run_id=? ORDER BY path",
                               (run_id,)).fetchall()

    def end_run(self, run_id: str, outcome: str) -> None:
        self._begin()
        self.db.execute("UPDATE runs SET ended=?, outcome=? WHERE run_id=?", (_now(), outcome, run_id))
        self._commit()

    def relocate_files(self, relocate: Callable[[str], str | None]) -> int:
        """Point every file path the state holds (file records, exported marks) where ``relocate`` says, in one
        transaction, before the files move (newscrawl/formats/migrate.py); None or the same path keeps a row.
        Idempotent: a second call after a kill finds nothing left to move. The number of rows changed."""
        self._begin()
        changed = 0
        for table, column in (("run_files", "path"), ("exported", "file")):
            rows = self.db.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()
            for (old,) in rows:
                new = relocate(old)
                if new and new != old:
                    changed += self.db.execute(f"UPDATE OR IGNORE {table} SET {column}=? WHERE {column}=?",
                                               (new, old)).rowcount
        self._commit()
        return changed
