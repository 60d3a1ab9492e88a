"""Moving an output folder of the earlier layout (``<output>/<site>/<day>.<ext>``) to one folder per format.

Runs by itself when a crawl or a re-extraction opens its output (the export pipeline, before the recovery of
killed runs), and as ``python -m newscrawl migrate-output``. Every file keeps its bytes (a rename); nothing is
rewritten, so what the state marks exported stays exactly what the JSONL holds. The order makes a kill at any
point safe to run again:

1. every target is checked free (a file of the new layout that would be overwritten stops the migration
   with one line naming both files, before anything changed);
2. the state's file records and exported marks are pointed at the new paths in one transaction
   (``CrawlState.relocate_files``);
3. the files are renamed, JSONL first, and the folders fsynced; emptied site folders are removed;
4. the run manifests' file lists are rewritten to the new paths.

A kill after step 2 leaves state rows naming files still in the old place: the next start finds the old files,
step 2 changes nothing, step 3 moves them. Recovery of killed runs and the derived-file refresh run after the
migration, so they only ever see the new layout.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from newscrawl.cli_args import Parser
from newscrawl.formats.layout import legacy_files, legacy_path
from newscrawl.state.protocol import CrawlState

logger = logging.getLogger(__name__)


class MigrationConflict(RuntimeError):
    """A file of the earlier layout whose new place is taken by a different file."""


def relocated(path: str) -> str | None:
    """The new path of a stored path of the earlier layout, in the same form (relative or absolute)."""
    target = legacy_path(Path(path))
    return str(target) if target is not None else None


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _rewrite_paths(value: Any) -> Any:
    if isinstance(value, str):
        return relocated(value) or value
    if isinstance(value, list):
        return [_rewrite_paths(v) for v in value]
    if isinstance(value, dict):
        return {k: _rewrite_paths(v) for k, v in value.items()}
    return value


def rewrite_manifests(root: Path) -> int:
    """Rewrite paths of the earlier layout inside the run manifests (``runs/*.json``); manifests changed."""
    changed = 0
    for path in sorted((root / "runs").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        new = _rewrite_paths(data)
        if new != data:
            tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
            tmp.write_text(json.dumps(new, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, path)
            changed += 1
    return changed


def migrate_output(root: str | Path, state: CrawlState) -> int:
    """Move every file of the earlier layout under ``root``; the number of files moved."""
    root = Path(root)
    files = legacy_files(root)
    if not files:
        return 0
    moves = [(old, legacy_path(old)) for old in files]
    for old, new in moves:
        if new.exists() and new.read_bytes() != old.read_bytes():
            raise MigrationConflict(f"cannot move {old} to {new}: a different file is already there; "
                                    "move one of them away and start again")
    state.relocate_files(relocated)
    folders = set()
    for old, new in moves:
        new.parent.mkdir(parents=True, exist_ok=True)
        os.replace(old, new)
        folders.update((old.parent, new.parent))
    for folder in sorted(folders):
        if folder.exists():
            _fsync_dir(folder)
    for folder in sorted({old.parent for old, _ in moves}):
        if folder.exists() and not any(folder.iterdir()):
            folder.rmdir()
    manifests = rewrite_manifests(root)
    logger.warning("moved %d file(s) of the earlier output layout (<output>/<site>/<day>.<ext>) to "
                   "<output>/<format>/site=<site>/ under %s; %d run manifest(s) updated", len(moves), root, manifests)
    return len(moves)


def main(argv: list[str] | None = None) -> int:
    parser = Parser(prog="python -m newscrawl migrate-output",
                                     description="Move an output folder of the earlier layout to one folder per "
                                                 "format (done by itself at the start of every crawl).")
    parser.add_argument("--output", default="output", help="the output folder (default: output)")
    parser.add_argument("--state", help="the crawl state (default: <output>/state.sqlite3)")
    args = parser.parse_args(argv)
    from newscrawl.state.sqlite import SqliteState  # the command opens the state a crawl would open

    root = Path(args.output)
    if not root.is_dir():
        print(f"migrate-output: {root} is not a folder")
        return 2
    try:
        with SqliteState(args.state or root / "state.sqlite3") as state:
            moved = migrate_output(root, state)
    except (MigrationConflict, RuntimeError) as exc:
        print(f"migrate-output: {exc}")
        return 1
    print(f"moved {moved} file(s) under {root}" if moved else f"{root} is already in the current layout")
    return 0
