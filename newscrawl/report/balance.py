"""Every article request ends in exactly one accounted outcome: the balance the run manifest checks per site.

What comes in: the article links discovery found (``discovered``) and the URLs the retry queue asked for
again (``retried``). What goes out, each request once: ``exported``; ``dropped/<reason>`` (the page or its
item); ``errors/<kind>`` (the request failed or was refused); ``skipped/seen``, ``skipped/dropped``,
``skipped/duplicate_request``. A twin's canonical page and a browser re-fetch continue the same request, so
they are neither; a twin exported because its canonical page failed (``twin/kept``) ended twice (an error and
an export) and is taken off once. ``unaccounted`` is what came in minus what went out: 0 for a run that ran
to its end; requests still in flight when a run was stopped early show here.
"""

from __future__ import annotations

from collections.abc import Mapping

IN = ("discovered", "retried")
OUT_PREFIXES = ("dropped/", "errors/")
OUT = ("exported", "skipped/seen", "skipped/dropped", "skipped/duplicate_request")


def unaccounted(counts: Mapping[str, int]) -> int:
    """Article requests of one site (its counters, names as in docs/stats.md) that ended nowhere."""
    came_in = sum(counts.get(name, 0) for name in IN)
    if not came_in:  # no crawl of this site (re-extraction reads an archive: nothing was discovered)
        return 0
    went_out = sum(counts.get(name, 0) for name in OUT)
    went_out += sum(v for k, v in counts.items() if k.startswith(OUT_PREFIXES))
    return came_in - went_out + counts.get("twin/kept", 0)
