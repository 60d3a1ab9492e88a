"""The site registry: one TOML file per outlet, loaded and validated once, at start.

A site file is data (Fundus/alltheplaces style). Outlets on the same CMS share a base profile
(``extends = "wordpress"`` picks ``sites/_bases/wordpress.toml``); the site's own keys win, tables
are merged key by key. Any problem raises :class:`RegistryError` naming the file and the field, so a
bad file stops the crawl before the first request.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from newscrawl.registry.profile import RegistryError, SiteProfile
from newscrawl.registry.schema import parse_site

# importlib.resources, not __file__: Scrapyd runs the project from a zipped egg.
BUNDLED_SITES_DIR: Any = resources.files("newscrawl") / "sites"
BASES_DIRNAME = "_bases"


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for k, v in override.items():
        if isinstance(v, dict) and isinstance(merged.get(k), dict):
            merged[k] = _merge(merged[k], v)
        else:
            merged[k] = v
    return merged


_BASE_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise RegistryError(f"{path}: not UTF-8 text (site files are UTF-8 TOML)") from None
    except IsADirectoryError:
        raise RegistryError(f"{path}: a folder, not a site file") from None
    except FileNotFoundError:
        raise RegistryError(f"{path}: cannot be read (a broken symbolic link?)") from None
    except OSError as exc:
        raise RegistryError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def load_site_file(path: Path, bases_dirs: list[Path] | None = None) -> SiteProfile:
    """Load one site file, applying its ``extends`` base profile."""
    data = _read_toml(path)
    base_name = data.pop("extends", None)
    if base_name is not None:
        # a base is a name in _bases, never a path: a site file cannot pull in a file from elsewhere
        if not isinstance(base_name, str) or not _BASE_NAME_RE.match(base_name):
            raise RegistryError(f"{path}: field 'extends': {base_name!r} must be the name of a base profile in "
                                f"{BASES_DIRNAME}/ (lowercase letters, digits, - and _), not a path")
        search = bases_dirs or [path.parent / BASES_DIRNAME, BUNDLED_SITES_DIR / BASES_DIRNAME]
        base_path = next((d / f"{base_name}.toml" for d in search if (d / f"{base_name}.toml").is_file()), None)
        if base_path is None:
            raise RegistryError(f"{path}: field 'extends': no base profile {base_name!r} in {search[0]}")
        base = _read_toml(base_path)
        base.pop("extends", None)
        data = _merge(base, data)
        if "cms" not in data:
            data["cms"] = base_name
    return parse_site(path, data)


def load_registry(sites_dir: str | Path | None = None) -> dict[str, SiteProfile]:
    """All site files of a folder (the bundled registry by default), keyed by site key."""
    folder = Path(sites_dir) if sites_dir else BUNDLED_SITES_DIR
    if not folder.is_dir():
        raise RegistryError(f"{folder}: sites folder does not exist")
    sites: dict[str, SiteProfile] = {}
    for path in sorted((p for p in folder.iterdir() if p.name.endswith(".toml")), key=lambda p: p.name):
        site = load_site_file(path)
        if site.key in sites:
            raise RegistryError(f"{path}: field 'key': {site.key!r} already defined in {sites[site.key].path}")
        sites[site.key] = site
    if not sites:
        raise RegistryError(f"{folder}: no site files (*.toml) found")
    return sites


def select_sites(registry: dict[str, SiteProfile], keys: str | list[str] | None) -> list[SiteProfile]:
    """The sites a crawl runs: all enabled ones, or the named subset (unknown keys raise)."""
    if not keys:
        return [s for s in registry.values() if s.enabled]
    wanted = [k.strip() for k in (keys.split(",") if isinstance(keys, str) else keys) if k.strip()]
    unknown = [k for k in wanted if k not in registry]
    if unknown:
        raise RegistryError(
            f"unknown site key(s): {', '.join(unknown)}; known keys: {', '.join(sorted(registry))}"
        )
    return [registry[k] for k in wanted]


def site_for_url(registry: dict[str, SiteProfile], url: str) -> SiteProfile | None:
    """The site owning a URL, if any (longest domain wins)."""
    owners = [s for s in registry.values() if s.owns_url(url)]
    return max(owners, key=lambda s: max(len(d) for d in s.domains), default=None)
