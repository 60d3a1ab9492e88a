"""Third-party posts and players embedded in an article: X, Instagram, Facebook, TikTok, Telegram, YouTube,
Vimeo and other oEmbed iframes, as ``{type, url, text, author}``.

Embeds are recognised by the markup their providers hand out (``blockquote.twitter-tweet``, ``div.fb-post``,
``script[data-telegram-post]``, player iframes, AMP components) and, for a tweet whose class a CMS stripped,
by its closing status link. ``is_embed`` lets the pruning take them out of the text.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml.html import HtmlElement

from newscrawl.extract.embed_posts import (
    clean_or_none,
    facebook,
    instagram,
    last_status_link,
    strip_query,
    tiktok,
    tweet,
)

_IFRAME_SRC = ("src", "data-src", "data-lazy-src", "data-original")
# iframes that are ads, trackers or page widgets (a like button, a page box), not something the story embeds
_NOT_EMBED_HOST_RE = re.compile(r"doubleclick|googlesyndication|googletagmanager|google\.com/recaptcha|adservice|"
                                r"amazon-adsystem|taboola|outbrain|criteo|facebook\.com/(?:v[\d.]+/)?plugins/"
                                r"(?:like|page|share_button|follow|comments)|"
                                r"twitter\.com/widgets/(?:tweet|follow)_button", re.I)
_GENERIC_TITLES = re.compile(r"^(?:youtube video player|vimeo video player|embedded content|iframe|video|player)$",
                             re.I)
_PROVIDERS = (  # iframe host pattern -> type, for players without a more specific rule below
    (re.compile(r"(?:^|\.)dailymotion\.com$|^geo\.dailymotion\.com$"), "dailymotion"),
    (re.compile(r"(?:^|\.)soundcloud\.com$"), "soundcloud"),
    (re.compile(r"(?:^|\.)spotify\.com$"), "spotify"),
)
AMP_KINDS = {"amp-twitter": "x", "amp-instagram": "instagram", "amp-facebook": "facebook", "amp-youtube": "youtube",
        "amp-vimeo": "vimeo", "amp-tiktok": "tiktok", "amp-iframe": "iframe"}
_CLASS_KINDS = (("twitter-tweet", "x"), ("twitter-video", "x"), ("instagram-media", "instagram"),
                ("tiktok-embed", "tiktok"), ("fb-post", "facebook"), ("fb-video", "facebook"))


def _classes(element: HtmlElement) -> list[str]:
    return (element.get("class") or "").split()


def _iframe_src(element: HtmlElement) -> str:
    for attr in _IFRAME_SRC:
        value = (element.get(attr) or "").strip()
        if value and not value.startswith(("about:", "data:", "javascript:")):
            return value
    return ""


def is_embed(element: HtmlElement) -> str | None:
    """The provider type when ``element`` is an embed's outermost element, else None (cheap: called on every
    element while pruning)."""
    tag = element.tag
    if tag == "blockquote":
        classes = _classes(element)
        for marker, kind in _CLASS_KINDS:
            if marker in classes:
                return kind
        if element.get("data-instgrm-permalink"):
            return "instagram"
        parent = element.getparent()
        if "fb-xfbml-parse-ignore" in classes and parent is not None and is_embed(parent):
            return None  # the fallback inside div.fb-post: the div is the embed
        return "x" if last_status_link(element) else None
    if tag == "div":
        if not element.get("data-href"):
            return None  # asked first: nearly no div has one, while every div has classes to split
        classes = _classes(element)
        return next((kind for marker, kind in _CLASS_KINDS if marker in classes), None)
    if tag == "script":
        return "telegram" if element.get("data-telegram-post") else None
    if tag == "iframe":
        src = _iframe_src(element)
        return _iframe_kind(src) if src.startswith(("http", "//")) and not _NOT_EMBED_HOST_RE.search(src) else None
    return AMP_KINDS.get(tag) if isinstance(tag, str) and tag.startswith("amp-") else None


def _iframe_kind(src: str) -> str:
    parts = urlsplit(src if not src.startswith("//") else "https:" + src)
    host, path = parts.netloc.lower(), parts.path
    if "youtube" in host and "/embed/" in path or host == "youtu.be":
        return "youtube"
    if host == "player.vimeo.com":
        return "vimeo"
    if "facebook.com" in host and "/plugins/" in path:
        return "facebook"
    if "instagram.com" in host:
        return "instagram"
    if host.endswith("twitter.com"):
        return "x"
    if "tiktok.com" in host:
        return "tiktok"
    if host == "t.me":
        return "telegram"
    return next((kind for pattern, kind in _PROVIDERS if pattern.search(host)), "iframe")


def _iframe(src: str, kind: str, title: str | None) -> str:
    parts = urlsplit(src if not src.startswith("//") else "https:" + src)
    if kind == "youtube":
        video = parts.path.rstrip("/").rsplit("/", 1)[-1]
        return f"https://www.youtube.com/watch?v={video}"
    if kind == "vimeo":
        return f"https://vimeo.com/{parts.path.rstrip('/').rsplit('/', 1)[-1]}"
    if kind == "facebook":
        return parse_qs(parts.query).get("href", [src])[0]
    if kind == "x" and parse_qs(parts.query).get("id"):
        return f"https://twitter.com/i/status/{parse_qs(parts.query)['id'][0]}"
    if kind in ("instagram", "telegram"):
        return strip_query(parts._replace(scheme=parts.scheme or "https").geturl()).removesuffix("/embed/")
    return parts._replace(scheme=parts.scheme or "https").geturl()


def _amp(element: HtmlElement, kind: str) -> str | None:
    get = element.get
    if kind == "x" and get("data-tweetid"):
        return f"https://twitter.com/i/status/{get('data-tweetid')}"
    if kind == "instagram" and get("data-shortcode"):
        return f"https://www.instagram.com/p/{get('data-shortcode')}/"
    if kind == "youtube" and get("data-videoid"):
        return f"https://www.youtube.com/watch?v={get('data-videoid')}"
    if kind == "vimeo" and get("data-videoid"):
        return f"https://vimeo.com/{get('data-videoid')}"
    return get("data-href") or get("data-src") or get("src")


def describe(element: HtmlElement, kind: str, base_url: str) -> dict[str, Any] | None:
    """``{type, url, text, author}`` of one embed element (see ``is_embed``), or None without a URL."""
    text = author = None
    if element.tag == "iframe":
        src = urljoin(base_url, _iframe_src(element))
        title = clean_or_none(element.get("title"))
        url, text = _iframe(src, kind, title), title if title and not _GENERIC_TITLES.match(title) else None
    elif element.tag == "script":
        url = f"https://t.me/{element.get('data-telegram-post')}"
    elif element.tag.startswith("amp-"):
        url = _amp(element, kind)
    elif kind == "x":
        url, text, author = tweet(element)
    elif kind == "instagram":
        url, text, author = instagram(element)
    elif kind == "facebook":
        url, text, author = facebook(element)
    else:
        url, text, author = tiktok(element)
    if not url:
        return None
    return {"type": kind, "url": urljoin(base_url, url), "text": text, "author": author}

