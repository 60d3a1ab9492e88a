"""``make demo``: serve the fixture news site on 127.0.0.1 and crawl it with the real spider.

The demo starts clean each time (its own state file, the fixture sites' output folders emptied) so a
newcomer always sees the full export; extra arguments go to ``scrapy crawl news``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.fixture_site import FixtureNews

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    output = ROOT / "output"
    sites_dir = output / "demo-sites"
    state = output / "demo-state.sqlite3"
    with FixtureNews() as site:
        shutil.rmtree(sites_dir, ignore_errors=True)
        site.write_profiles(sites_dir)
        for key in site.outlets:
            shutil.rmtree(output / key, ignore_errors=True)
        for leftover in output.glob("demo-state.sqlite3*"):
            leftover.unlink()
        for outlet in site.outlets.values():
            print(f"serving {outlet.key:<8} {outlet.base_url}")
        cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-s", f"NEWSCRAWL_SITES_DIR={sites_dir}",
               "-s", f"NEWSCRAWL_STATE_PATH={state}", *argv]
        status = subprocess.call(cmd, cwd=ROOT)
    files = sorted(p.relative_to(ROOT) for key in site.outlets for p in (output / key).glob("*.*"))
    print("\nexported files:\n  " + "\n  ".join(map(str, files)) if files else "\nno files exported")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
