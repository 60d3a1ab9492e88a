"""Command-line input checks shared by the ``python -m newscrawl …`` commands.

A bad input (a missing file, an option value that means nothing) is one line on stderr naming the input and
what is allowed, and exit status 2 — never a traceback, never a run that quietly ignores the value.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

USAGE_ERROR = 2


class InputError(Exception):
    """A bad command-line input; the message is the whole line shown."""


class Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (argparse prints the usage block first)."""

    def error(self, message: str) -> NoReturn:
        fail(f"{self.prog}: {message} (--help for usage)")


def fail(message: str) -> NoReturn:
    print(message, file=sys.stderr)
    raise SystemExit(USAGE_ERROR)


def read_input(path: str, limit: int) -> bytes:
    """The bytes of a file ('-': stdin), at most ``limit`` + 1 of them (so that /dev/zero or a huge file ends
    in the reader's size check, not in memory exhaustion); InputError for a missing, unreadable or
    whitespace-only one."""
    if path == "-":
        body = sys.stdin.buffer.read(limit + 1)
        name = "stdin"
    else:
        file = Path(path)
        if file.is_dir():
            raise InputError(f"{path} is a directory, not a saved page")
        if not file.exists():
            raise InputError(f"no such file: {path}")
        try:
            with file.open("rb") as stream:
                body = stream.read(limit + 1)
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
        name = path
    if body and not body.strip():
        raise InputError(f"{name} holds only whitespace, not a page")
    return body


def http_url(value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"{value!r} is not an http(s) URL with a host")
    return value.strip()


def iso_time(value: str) -> datetime:
    """An ISO 8601 time; one without offset is taken as UTC."""
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO 8601 time (e.g. 2026-11-27T09:30:00+03:00)") from None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def timezone_name(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an IANA timezone (e.g. Africa/Cairo, Asia/Riyadh, UTC)") from None
    return value


def encoding_label(value: str) -> str:
    from newscrawl.extract.encoding import known_charset

    if not known_charset(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not a known charset (e.g. utf-8, windows-1256)")
    return value
