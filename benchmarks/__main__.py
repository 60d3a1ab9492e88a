"""``python -m benchmarks [NAME [ARGS...]]``: run every benchmark module (or one, with its arguments)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def available() -> list[str]:
    folder = Path(__file__).parent
    return sorted(m.name for m in pkgutil.iter_modules([str(folder)]) if not m.name.startswith("_"))


def run(name: str, argv: list[str]) -> int:
    module = importlib.import_module(f"benchmarks.{name}")
    if not hasattr(module, "main"):
        print(f"benchmarks.{name} has no main(argv)", file=sys.stderr)
        return 2
    print(f"== {name}", flush=True)
    started = time.perf_counter()
    status = int(module.main(argv) or 0)
    print(f"== {name}: {'ok' if status == 0 else f'exit {status}'} in {time.perf_counter() - started:.1f} s\n",
          flush=True)
    return status


def main(argv: list[str]) -> int:
    names = available()
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__ + "\nbenchmarks: " + ", ".join(names))
        return 0
    if argv:
        if argv[0] not in names:
            print(f"unknown benchmark {argv[0]!r}; available: {', '.join(names)}", file=sys.stderr)
            return 2
        return run(argv[0], argv[1:])
    return max((run(name, []) for name in names), default=0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
