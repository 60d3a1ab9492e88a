"""URL canonicalization: one article, one key, whatever URL it was reached under.

courlan does the generic part (scheme/host case, tracking parameters such as ``utm_*``/``fbclid``,
percent-encoding, sorted query). On top of it: fragments dropped, Arabic slugs unified whether raw or
percent-encoded (any hex case), AMP twins folded onto the main URL, and ``www.``/``m.`` twins given the
same dedup key.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

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
    # unquote+quote gives one spelling for raw Arabic, %d9%85 and %D9%85 alike; %2F stays encoded.
    parts = [quote(unquote(seg), safe=_PATH_SAFE.replace("/", "")) for seg in path.split("/")]
    return "/".join(parts) or "/"


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
    try:
        url = normalize_url(urlunsplit(parts._replace(fragment="")))
    except (ValueError, AttributeError):
        pass  # courlan rejects some odd URLs; our own rules below still apply
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not (_NOISE_PARAMS.match(k) and (fold_amp or not k.lower().startswith(("amp", "output"))))
        and not (fold_amp and _AMP_PARAM_VALUES.get(k.lower()) == v.lower())
    ]
    path = _requote_path(parts.path)
    host = parts.netloc.lower()
    if fold_amp:
        path = _AMP_EXT.sub("", _AMP_SUFFIX.sub("/", _AMP_PREFIX.sub("", path))) or "/"
        host = host[4:] if host.startswith("amp.") else host
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(sorted(query)), ""))


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
