"""Text and author of embedded social posts, read from the fallback markup their embed code carries (what a
reader without the provider's script sees): a tweet's paragraph and "— name (@handle)", an Instagram caption
and "shared by", a Facebook post's paragraph and page, a TikTok caption and account."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from newscrawl.extract.text import clean_block

_STATUS_RE = re.compile(r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(\w+|i)/(?:web/)?status/(\d+)", re.I)
_INSTAGRAM_POST_RE = re.compile(r"^(?:https?:)?//(?:www\.)?instagram\.com/(?:[\w.]+/)?(?:p|reel|tv)/[\w-]+/?", re.I)
_INSTAGRAM_PROFILE_RE = re.compile(r"^(?:https?:)?//(?:www\.)?instagram\.com/[\w.]+/?$")
Post = tuple[str | None, str | None, str | None]  # url, text, author


def last_status_link(element: HtmlElement) -> str | None:
    """The href of the element's last link when it is a tweet's status URL (how a tweet's markup ends)."""
    links = [a.get("href") or "" for a in element.iter("a")]
    return links[-1] if links and _STATUS_RE.match(links[-1]) else None


def strip_query(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0]


def clean_or_none(value: str | None) -> str | None:
    cleaned = clean_block(value or "")
    return cleaned or None


def tweet(element: HtmlElement) -> Post:
    link = last_status_link(element)
    paragraph = element.find(".//p")
    text = clean_or_none(paragraph.text_content()) if paragraph is not None else None
    # "— name (@handle) <a>date</a>" after the tweet's paragraph
    rest = clean_block(element.text_content())
    if text and rest.startswith(text):
        rest = rest[len(text):]
    dated = element.findall(".//a")
    if dated and rest.endswith(clean_block(dated[-1].text_content())):
        rest = rest[: len(rest) - len(clean_block(dated[-1].text_content()))]
    author = clean_or_none(rest.strip(" \u2014\u2013-"))
    match = _STATUS_RE.match(link or "")
    url = match.group(0) if match else None
    return url, text, author


def instagram(element: HtmlElement) -> Post:
    permalink = element.get("data-instgrm-permalink") or next(
        (a.get("href") for a in element.iter("a") if _INSTAGRAM_POST_RE.match(a.get("href") or "")), None)
    text = author = None
    for paragraph in element.iter("p"):
        profile = next((a for a in paragraph.iter("a")
                        if _INSTAGRAM_PROFILE_RE.match(a.get("href") or "")), None)
        if profile is not None:
            handle = (profile.get("href") or "").rstrip("/").rsplit("/", 1)[-1]
            name = clean_block(profile.text_content())
            author = f"{name} (@{handle})" if name and name.lstrip("@") != handle else f"@{handle}"
        elif text is None:
            text = clean_or_none(paragraph.text_content())
    return (strip_query(permalink) if permalink else None), text, author


def facebook(element: HtmlElement) -> Post:
    url = element.get("data-href") or element.get("cite")
    paragraph = element.find(".//p")
    page = next((a for a in element.iter("a") if (a.get("href") or "").rstrip("/") != (url or "").rstrip("/")
                 and "facebook.com/" in (a.get("href") or "")), None)
    return url, clean_or_none(paragraph.text_content()) if paragraph is not None else None, (
        clean_or_none(page.text_content()) if page is not None else None)


def tiktok(element: HtmlElement) -> Post:
    author = None
    pieces: list[str] = []
    section = element.find(".//section")
    box = section if section is not None else element
    pieces.append(box.text or "")
    for child in box:
        label = clean_block(child.text_content()) if isinstance(child.tag, str) else ""
        if child.tag == "a" and label.startswith("@") and author is None:
            author = label  # the account
        elif child.tag == "a" and label.startswith("♬"):
            pass  # the sound credit
        else:
            pieces.append(label)
        pieces.append(child.tail or "")
    return element.get("cite"), clean_or_none(" ".join(pieces)), author
