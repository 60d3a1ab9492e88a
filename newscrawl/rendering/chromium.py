"""Finding a Chromium to render JavaScript sites with, at run time, only when a site needs one.

Order: an explicit ``NEWSCRAWL_BROWSER_PATH``; Playwright's own Chromium when ``playwright install chromium``
put it there; a system Chromium (Debian's ``/usr/lib/chromium/chromium``, ``/usr/bin/chromium``,
``chromium-browser``/``chromium`` on PATH). Nothing here imports Playwright or starts a process: the
search is a few ``stat`` calls, so a crawl whose sites need no browser never pays for one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Where distributions put Chromium. Bare names are looked up on PATH.
SYSTEM_CHROMIUM = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "chromium-browser", "chromium")

# Headless, and nothing that phones home: on a closed network Chromium's background connections (component
# updates, sync, field trials) are refused and slow start-up down. --no-sandbox only where it is required
# (root, e.g. CI containers), since the sandbox is what keeps a hostile page in its box.
CHROMIUM_ARGS = (
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # small /dev/shm in containers makes pages crash
)

INSTALL_HINT = (
    "install one: `apt-get install chromium` (Debian/Ubuntu), or `.venv/bin/playwright install chromium`, "
    "or point NEWSCRAWL_BROWSER_PATH at a Chromium/Chrome executable"
)


class BrowserNotFoundError(RuntimeError):
    """No Chromium could be found; the message says where we looked and what to install."""


class RunStoppingError(RuntimeError):
    """The run is stopping and its Chromium is gone: none is launched again, the page is left for the next run
    (newscrawl/rendering/provider.py)."""


@dataclass(frozen=True)
class FoundBrowser:
    path: str  # the executable
    origin: str  # "setting", "playwright" or "system"


def _executable(path: str) -> str | None:
    if os.sep not in path:
        return shutil.which(path)
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


def find_browser(explicit: str | None = None, playwright_path: str | None = None,
                 candidates: Iterable[str] = SYSTEM_CHROMIUM) -> FoundBrowser:
    """The Chromium to launch, or BrowserNotFoundError naming every place searched.

    ``playwright_path`` is where Playwright expects its own Chromium (``BrowserType.executable_path``);
    it is used when it exists, so a ``playwright install`` wins over the system package.
    """
    if explicit:
        found = _executable(explicit)
        if found:
            return FoundBrowser(found, "setting")
        raise BrowserNotFoundError(f"NEWSCRAWL_BROWSER_PATH={explicit!r} is not an executable file; {INSTALL_HINT}")
    looked: list[str] = []
    if playwright_path:
        if _executable(playwright_path):
            return FoundBrowser(playwright_path, "playwright")
        looked.append(f"Playwright's own ({playwright_path})")
    for candidate in candidates:
        found = _executable(candidate)
        if found:
            return FoundBrowser(found, "system")
        looked.append(candidate if os.sep in candidate else f"{candidate} on PATH")
    raise BrowserNotFoundError(
        "no Chromium found for the sites that need JavaScript rendering; looked for "
        f"{', '.join(looked) or 'nothing (empty search list)'}; {INSTALL_HINT}"
    )


def launch_options(found: FoundBrowser, extra_args: Sequence[str] = (), headless: bool = True) -> dict:
    """Keyword arguments for Playwright's ``BrowserType.launch``."""
    args = list(CHROMIUM_ARGS) + list(extra_args)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox on
    return {"executable_path": found.path, "headless": headless, "args": args}
