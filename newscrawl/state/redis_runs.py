"""The run log and file records of the Redis crawl state (part of ``RedisState``, newscrawl/state/redis_state.py).

Per worker: ``<prefix>:runs:<worker>`` maps each run of the worker to its start, end, outcome and manifest,
``<prefix>:run_files:<run>`` the files it wrote to. Written at once (a file before its first line). A run of
this worker still ``running`` when the worker starts again was killed: the worker's folder lock proves no
process of it is alive. The files a run records are kept in memory too, so that its manifest can still be
written when Redis is gone.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from newscrawl.state.entries import now_iso as _now


class RedisRunLog:
    p: str
    worker: str
    _own_files: dict[str, dict[str, str]]

    def key(self, *parts: str) -> str:  # provided by RedisState
        raise NotImplementedError

    def _roundtrip(self, *reads: Any) -> list[Any]:
        raise NotImplementedError

    def _script(self, name: str, args: list[Any]) -> Any:
        raise NotImplementedError

    def _runs(self) -> dict[str, dict[str, Any]]:
        [rows] = self._roundtrip(lambda pipe: pipe.hgetall(self.key("runs", self.worker)))
        return {run.decode(): json.loads(value) for run, value in rows.items()}

    def _set_runs(self, runs: dict[str, dict[str, Any]], *extra: Any) -> None:
        data = {run: json.dumps(entry, ensure_ascii=False) for run, entry in runs.items()}
        self._roundtrip(*([lambda pipe: pipe.hset(self.key("runs", self.worker), mapping=data)] if data else []),
                        *extra)

    def start_run(self, run_id: str, manifest_path: str) -> list[tuple[str, str]]:
        """Record a new run of this worker; return (run_id, manifest) of its earlier runs that never ended."""
        runs = self._runs()
        killed = sorted((run, entry) for run, entry in runs.items() if entry["outcome"] == "running")
        changed = {run: {**entry, "outcome": "killed"} for run, entry in killed}
        changed[run_id] = {"started": _now(), "ended": None, "outcome": "running", "manifest": manifest_path}
        self._set_runs(changed, *[lambda pipe, r=run: pipe.delete(self.key("alive", r)) for run, _ in killed])
        for run, _ in killed:  # killed before recording a file: nothing to recover, its claims go now
            if not self.files_of_run(run):
                self._roundtrip(self._script("RELEASE", [run]))
        return [(run, entry["manifest"]) for run, entry in killed]

    def killed_runs(self) -> list[tuple[str, str]]:
        return sorted((run, e["manifest"]) for run, e in self._runs().items() if e["outcome"] == "killed")

    def unrecovered_killed_files(self) -> list[tuple[str, str, str]]:
        runs = sorted(run for run, e in self._runs().items() if e["outcome"] == "killed" and e["ended"] is None)
        out = []
        for run in runs:
            out.extend((run, site, path) for site, path in self.files_of_run(run))
        return out

    def record_files(self, run_id: str, files: Iterable[tuple[str, str]]) -> None:
        mapping = {path: site for site, path in files}
        if not mapping:
            return
        self._own_files.setdefault(run_id, {}).update(mapping)
        self._roundtrip(lambda pipe: pipe.hset(self.key("run_files", run_id), mapping=mapping))

    def relocate_files(self, relocate: Callable[[str], str | None]) -> int:
        """Point the file records of this worker's runs where ``relocate`` says (newscrawl/formats/migrate.py);
        the number of records changed. Exported marks keep the path they were written with: only recovery
        after a kill reads file paths back, through the file records."""
        changed = 0
        for run_id in self._runs():
            sites = {path: site for site, path in self.files_of_run(run_id)}
            moved = {old: relocate(old) for old in sites}
            moved = {old: new for old, new in moved.items() if new and new != old}
            if not moved:
                continue
            mapping = {moved.get(path, path): site for path, site in sites.items()}
            self._roundtrip(lambda pipe, r=run_id, m=mapping: (pipe.delete(self.key("run_files", r)),
                                                              pipe.hset(self.key("run_files", r), mapping=m)))
            self._own_files.pop(run_id, None)
            changed += len(moved)
        return changed

    def files_of_run(self, run_id: str) -> list[tuple[str, str]]:
        if run_id in self._own_files:
            files = self._own_files[run_id]
        else:
            [rows] = self._roundtrip(lambda pipe: pipe.hgetall(self.key("run_files", run_id)))
            files = {path.decode(): site.decode() for path, site in rows.items()}
        return sorted(((site, path) for path, site in files.items()), key=lambda f: f[1])

    def _update_run(self, run_id: str, **changes: Any) -> None:
        runs = self._runs()
        entry = runs.get(run_id) or {"started": None, "ended": None, "outcome": "running", "manifest": None}
        self._set_runs({run_id: {**entry, **changes}}, self._script("RELEASE", [run_id]),
                       lambda pipe: pipe.delete(self.key("alive", run_id)))

    def mark_run_recovered(self, run_id: str) -> None:
        """A killed run whose files recovery made whole and marked: the claims it still held are released."""
        self._update_run(run_id, ended="recovered")

    def end_run(self, run_id: str, outcome: str) -> None:
        self._update_run(run_id, ended=_now(), outcome=outcome)
