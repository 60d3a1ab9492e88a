"""Rendering pages that need JavaScript: finding Chromium, scrapy-playwright's handler, page actions, and the
per-site policy deciding which requests go through the browser (docs/rendering.md)."""
