"""``python -m newscrawl.eval [DIR]``: score newscrawl and peer extractors on gold pages.

DIR defaults to ../shared/realworld beside the repository. See docs/scoring.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from newscrawl.cli_args import Parser

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = REPO_ROOT.parent / "shared" / "realworld"


def main(argv: list[str] | None = None) -> int:
    from newscrawl.eval.peers import PEERS
    from newscrawl.eval.report import as_json, render
    from newscrawl.eval.runner import NEWSCRAWL, run_eval

    parser = Parser(prog="python -m newscrawl.eval", description=__doc__)
    parser.add_argument("dir", nargs="?", default=str(DEFAULT_DIR), help="folder of <page>/source.html+gold.json")
    parser.add_argument("--json", dest="json_out", help="also write the results as JSON to this file")
    parser.add_argument("--systems", help="comma-separated subset (newscrawl,trafilatura,...)")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs for the speed ratio (0: skip)")
    parser.add_argument("--no-registry", action="store_true",
                        help="run newscrawl without site profiles (dates without offset read as UTC)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)

    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"no such folder: {folder}", file=sys.stderr)
        return 2
    systems = [s.strip() for s in args.systems.split(",")] if args.systems else None
    known = [NEWSCRAWL, *PEERS]
    unknown = [s for s in systems or [] if s not in known]
    if unknown:
        print(f"unknown system(s) {', '.join(unknown)}: choose from {', '.join(known)}", file=sys.stderr)
        return 2
    run = run_eval(folder, systems, args.repeat, use_registry=not args.no_registry)
    if not run.pages:
        print(f"no gold pages (*/gold.json + source.html) in {folder}", file=sys.stderr)
        return 2
    print(render(run))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(as_json(run), ensure_ascii=False, indent=1), encoding="utf-8")
    return 0
