"""URL canonicalization: one article, one key, whatever URL it was reached under.

courlan does the generic part of scheme, host and path (case, punycode, default port, ``/../``); the query is
ours: only the parameters in ``_NOISE_PARAMS`` (``utm_*``, ``fbclid`` ...) are dropped, because courlan's own
tracker list also drops ids such as ``cid``/``uid``/``ref*``. Percent-encoding is normalised byte for byte, so
raw, ``%d9%85`` and ``%D9%85`` Arabic are one spelling while non-UTF-8 slugs (windows-1256 on old ASP/PHP
sites) keep their bytes. On top of it: fragments dropped, AMP twins folded onto the main URL, and
``www.``/``m.`` twins given the same dedup key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus, unquote_to_bytes, urljoin, urlsplit, urlunsplit

from courlan import normalize_url

# Query parameters that never change which article a URL shows.
_NOISE_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|yclid|igshid|mc_[ce]id|_ga|ref|ref_src|src|source|share|"
    r"amp|amp_js_v|usqp|outputtype|output|from|via|cmpid|ocid|at_\w+|ito|xtor)$",
    re.IGNORECASE,
)
_AMP_PARAM_VALUES = {"outputtype": "amp", "output": "amp"}
_AMP_PREFIX = re.compile(r"^/amp(?=/)", re.IGNORECASE)  # /amp/news/1 -> /news/1
_AMP_SUFFIX = re.compile(r"/amp/?$", re.IGNORECASE)  # /slug/amp/ -> /slug/ (WordPress keeps the slash)
_AMP_EXT = re.compile(r"\.amp(?=$|\.html?$)", re.IGNORECASE)  # /a-1.amp.html -> /a-1.html
_TWIN_HOST = re.compile(r"^(www\d?|m|mobile|amp)\.", re.IGNORECASE)
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


def _requote_path(path: str) -> str:
    # Bytes, not text: raw Arabic, %d9%85 and %D9%85 get one spelling, while bytes that are not UTF-8
    # (a windows-1256 slug) stay as they were instead of becoming U+FFFD. %2F stays encoded.
    safe = _PATH_SAFE.replace("/", "")
    return "/".join(quote(unquote_to_bytes(seg), safe=safe) for seg in path.split("/")) or "/"


def _unquote_plus(text: str) -> bytes:
    return unquote_to_bytes(text.replace("+", " "))


def _query_params(query: str) -> list[tuple[bytes, bytes, bool]]:
    """(name, value, has '=') per parameter, as bytes so that non-UTF-8 values survive; '+' means space."""
    params = []
    for piece in query.split("&"):
        if piece:
            name, equals, value = piece.partition("=")
            params.append((_unquote_plus(name), _unquote_plus(value), bool(equals)))
    return params


def _encode_query(params: list[tuple[bytes, bytes, bool]]) -> str:
    # A bare ``?12345`` stays bare: the server reads it as the article id, ``?12345=`` may not be the same URL.
    return "&".join(
        quote_plus(name, safe="") + (f"={quote_plus(value, safe='')}" if equals else "")
        for name, value, equals in sorted(params)
    )


def canonicalize(url: str, base: str | None = None, *, fold_amp: bool = True) -> str:
    """The canonical form of an article URL: a real URL (keeps its host as given).

    ``fold_amp=False`` keeps AMP paths and parameters: the URL to *request* (a site whose AMP twin is not its
    URL plus ``/amp/`` must not be sent to a URL that does not exist); the default gives the article's URL.
    """
    if base:
        url = urljoin(base, url.strip())
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {url!r}")
    # Only the double-escaped ``&amp;`` is folded: courlan's html.unescape also read ``&region=`` as ``®ion=``.
    query = parts.query.replace("&amp;", "&")
    try:
        # courlan gets no query (its tracker list drops ids: cid, uid, ref*, bare ?12345) and a parsed URL
        # (a string would be html-unescaped).
        url = normalize_url(parts._replace(path=parts.path.replace("&amp;", "&"), query="", fragment=""))
    except (ValueError, AttributeError):
        pass  # courlan rejects some odd URLs; our own rules below still apply
    parts = urlsplit(url)
    params = []
    for name, value, equals in _query_params(query):
        key, text = name.decode("utf-8", "replace"), value.decode("utf-8", "replace")
        if _NOISE_PARAMS.match(key) and (fold_amp or not key.lower().startswith(("amp", "output"))):
            continue
        if fold_amp and _AMP_PARAM_VALUES.get(key.lower()) == text.lower():
            continue
        params.append((name, value, equals))
    path = _requote_path(parts.path)
    host = parts.netloc.lower()
    if fold_amp:
        path = _AMP_EXT.sub("", _AMP_SUFFIX.sub("/", _AMP_PREFIX.sub("", path))) or "/"
        host = host[4:] if host.startswith("amp.") else host
    return urlunsplit((parts.scheme.lower(), host, path, _encode_query(params), ""))


def request_url(url: str, base: str | None = None) -> str:
    """The URL to request for a discovered link: tracking parameters and fragment gone, AMP kept."""
    return canonicalize(url, base, fold_amp=False)


def url_key(url: str) -> str:
    """Dedup key: the canonical URL without scheme and with www./m./amp. twins folded together."""
    parts = urlsplit(canonicalize(url))
    host = _TWIN_HOST.sub("", parts.netloc)
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def is_same_site(url: str, other: str) -> bool:
    """True when two URLs are on the same host, ignoring www./m. twins."""
    host = _TWIN_HOST.sub("", (urlsplit(url).hostname or "").lower())
    return host == _TWIN_HOST.sub("", (urlsplit(other).hostname or "").lower())


def alias_keys(canonical: str, urls: Iterable[str | None]) -> set[str]:
    """URL keys of ``urls`` other than the canonical URL's own (unparseable URLs left out)."""
    own = url_key(canonical)
    keys = set()
    for url in urls:
        if not url:
            continue
        try:
            key = url_key(url)
        except ValueError:
            continue
        if key != own:
            keys.add(key)
    return keys
