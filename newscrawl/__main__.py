"""``python -m newscrawl <command>``: extract | eval | sites | reextract | report | migrate-output | merge | seed."""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "extract": ("newscrawl.extract.cli", "extract one saved page and print the item as JSON"),
    "eval": ("newscrawl.eval", "score newscrawl and peer extractors on gold pages"),
    "sites": ("newscrawl.registry.cli", "list the registry or check sites live"),
    "reextract": ("newscrawl.warc.reextract", "re-run extraction over WARC archives"),
    "report": ("newscrawl.report.cli", "rebuild the latest run's HTML report from the run manifests"),
    "migrate-output": ("newscrawl.formats.migrate", "move an output folder of the earlier layout"),
    "merge": ("newscrawl.distributed.merge", "merge the output folders of a distributed crawl's workers"),
    "seed": ("newscrawl.distributed.seed", "queue a distributed crawl's sources in Redis without crawling"),
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
        print(f"python -m newscrawl: unknown command {argv[0]!r}; commands: {', '.join(COMMANDS)}", file=sys.stderr)
        return 2
    if not argv or argv[0] in ("-h", "--help"):
        out = sys.stdout if argv else sys.stderr  # no command at all is a usage error
        print("usage: python -m newscrawl {" + ",".join(COMMANDS) + "} ...\n", file=out)
        for name, (_, help_text) in COMMANDS.items():
            print(f"  {name:<14} {help_text}", file=out)
        return 0 if argv else 2
    module = importlib.import_module(COMMANDS[argv[0]][0])
    return int(module.main(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main())
