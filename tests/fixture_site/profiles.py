"""Writing the outlets' newscrawl site profiles (registry TOML), one file per outlet.

The registry format is documented in ``newscrawl/registry.py``; tests load what is written here with
``newscrawl.registry.load_registry(folder)`` so the two never drift apart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import Outlet


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        # literal strings keep regular expressions readable; fall back to a basic (JSON-escaped) string
        return f"'{value}'" if "'" not in value and "\n" not in value else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def to_toml(data: dict[str, Any]) -> str:
    """A small TOML writer for site profiles: scalars and arrays first, then one [table] per dict."""
    lines = [f"{k} = {_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for key, table in data.items():
        if isinstance(table, dict):
            lines += ["", f"[{key}]", *(f"{k} = {_value(v)}" for k, v in table.items())]
    return "\n".join(lines) + "\n"


def site_profile(outlet: Outlet, render: str = "plain") -> dict[str, Any]:
    specific = outlet.profile()
    return {
        "key": outlet.key,
        "name": outlet.name,
        "name_en": outlet.name_en,
        "domains": [outlet.host],
        "allow_private_addresses": True,  # served on 127.0.0.1
        "country": outlet.country,
        "language": "ar",
        "timezone": outlet.timezone,
        "render": render,
        "enabled": True,
        "verified": "",
        "terms_url": outlet.url("/about/"),
        "notes": f"Fixture outlet served on 127.0.0.1 by tests/fixture_site ({type(outlet).__module__}).",
        "sources": specific["sources"],
        "articles": specific["articles"],
        **({"selectors": specific["selectors"]} if specific.get("selectors") else {}),
        "politeness": {"delay": 0.0, "concurrency": 8},
    }


def write_profiles(outlets: dict[str, Outlet], folder: Path, render: dict[str, str] | None = None,
                   keys: list[str] | None = None) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for key, outlet in outlets.items():
        if keys is not None and key not in keys:
            continue
        data = site_profile(outlet, (render or {}).get(key, outlet.profile().get("render", "plain")))
        (folder / f"{key}.toml").write_text(to_toml(data), encoding="utf-8")
    return folder
