"""The site registry: one data file per outlet (newscrawl/sites/), loaded and validated once, at start.

``loader`` reads and selects site files, ``schema`` validates them, ``profile`` is the typed result,
``cli`` is ``python -m newscrawl sites`` and ``health`` its live check.
"""

from newscrawl.registry.loader import (
    BUNDLED_SITES_DIR,
    load_registry,
    load_site_file,
    select_sites,
    site_for_url,
)
from newscrawl.registry.profile import RegistryError, Selectors, SiteProfile, Source

__all__ = ["BUNDLED_SITES_DIR", "RegistryError", "Selectors", "SiteProfile", "Source", "load_registry",
           "load_site_file", "select_sites", "site_for_url"]
