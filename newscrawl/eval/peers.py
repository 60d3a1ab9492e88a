"""The open-source extractors newscrawl is compared with, each run with its defaults.

Every peer is a function (html bytes, url) -> dict with ``text`` and, when the peer has them, ``title``,
``published`` and ``authors``. A peer whose package is not installed is reported as missing.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

Peer = Callable[[bytes, str], dict[str, Any]]


def _html_to_text(fragment: str) -> str:
    import lxml.html

    tree = lxml.html.fromstring(fragment or "<div></div>")
    for br in tree.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = []
    for element in tree.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "td", "div"):
        if element.tag == "div" and element.find(".//p") is not None:
            continue
        text = (element.text or "") + "".join(
            lxml.html.tostring(c, method="text", encoding="unicode") for c in element
        ) if element.tag == "div" else element.text_content()
        if text.strip():
            blocks.append(text.strip())
    return "\n".join(blocks) if blocks else tree.text_content()


def _text(html: bytes) -> str:
    # the same charset rules newscrawl uses, so a windows-1256 page is not a handicap for peers taking str
    from newscrawl.extract.encoding import decode_html

    return decode_html(html)[0]


def _iso(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def trafilatura_peer(precision: bool) -> Peer:
    def run(html: bytes, url: str) -> dict[str, Any]:
        import trafilatura

        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_precision=precision)
        if doc is None:
            return {"text": "", "title": None, "published": None, "authors": []}
        authors = [a.strip() for a in re.split(r";", doc.author or "") if a.strip()]
        return {"text": doc.text or "", "title": doc.title, "published": doc.date, "authors": authors}

    return run


def readability_peer(html: bytes, url: str) -> dict[str, Any]:
    from readability import Document

    doc = Document(html, url=url)
    return {"text": _html_to_text(doc.summary(html_partial=True)), "title": doc.short_title()}


def justext_peer(html: bytes, url: str) -> dict[str, Any]:
    import justext

    paragraphs = justext.justext(html, justext.get_stoplist("Arabic"))
    return {"text": "\n".join(p.text for p in paragraphs if not p.is_boilerplate)}


def newspaper_peer(html: bytes, url: str) -> dict[str, Any]:
    from newspaper import Article

    # told the language: with its default (English) stopwords newspaper4k finds no Arabic text at all;
    # the URL percent-encoded, as a browser sends it (raw Arabic in it makes newspaper4k fail to encode it)
    article = Article(quote(url, safe=":/?#[]@!$&'()*+,;=%~"), language="ar")
    article.download(input_html=_text(html))
    article.parse()
    return {"text": article.text or "", "title": article.title, "published": _iso(article.publish_date),
            "authors": list(article.authors or [])}


def goose_peer(html: bytes, url: str) -> dict[str, Any]:
    from goose3 import Goose

    with Goose() as goose:
        article = goose.extract(url=None, raw_html=_text(html))
    return {"text": article.cleaned_text or "", "title": article.title, "published": _iso(article.publish_date),
            "authors": list(article.authors or [])}


def resiliparse_peer(html: bytes, url: str) -> dict[str, Any]:
    from resiliparse.extract.html2text import extract_plain_text

    return {"text": extract_plain_text(_text(html), main_content=True,
                                       preserve_formatting=True)}


# name -> (module that must be importable, runner)
PEERS: dict[str, tuple[str, Peer]] = {
    "trafilatura": ("trafilatura", trafilatura_peer(False)),
    "trafilatura-precision": ("trafilatura", trafilatura_peer(True)),
    "readability-lxml": ("readability", readability_peer),
    "justext": ("justext", justext_peer),
    "newspaper4k": ("newspaper", newspaper_peer),
    "goose3": ("goose3", goose_peer),
    "resiliparse": ("resiliparse", resiliparse_peer),
}


def available(name: str) -> bool:
    try:
        return importlib.util.find_spec(PEERS[name][0]) is not None
    except (ImportError, ValueError):
        return False
