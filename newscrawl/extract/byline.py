"""The byline resolver: the people who wrote the story, and apart from them the sources it is taken from.

People are looked for in order — JSON-LD author, the shown byline slot, meta author, a byline line of the body
("كتب: …", "بقلم …"), hidden schema.org authors (a vcard, a ``rel=author`` link titled "Posts by …"), then any
short shown element opening with a byline prefix — and the first place naming a person wins. A CMS login
("ashraf") gives way to the name shown for the same author page, or is dropped; words for the site and its
staff and the outlet's own name are never people. Sources are gathered from everywhere: credits in the byline,
at the end of the body or in a sources list, wire agencies in the dateline, schema.org Organization authors.
"""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from newscrawl.extract.authors import agency_name, split_byline
from newscrawl.extract.body import agency_credit
from newscrawl.extract.byline_candidates import (
    Candidate,
    author_links,
    jsonld_authors,
    meta_authors,
    microdata_authors,
    slug_name,
)
from newscrawl.extract.credits import dateline_agencies, source_credit, sources_list
from newscrawl.extract.lexicon import fold
from newscrawl.extract.metadata import PageMeta
from newscrawl.extract.nonnames import is_login_slug, is_non_name, is_own_name, own_names
from newscrawl.extract.visible import prefixed_byline, site_names, visible_byline

# meta author naming the web developer or a URL is not a byline
_DEVELOPER_RE = re.compile(r"https?:|www\.|\.(?:com|net|org)\b|developed|powered|designed", re.I)
_ARABIC_RE = re.compile("[\u0600-\u06ff]")


class _Resolver:
    def __init__(self, linked: list[Candidate], own: set[str]) -> None:
        self.own = own
        self.agencies: list[str] = []
        # author page -> the human-readable name shown for it (link text, link title, schema.org name)
        self.by_page: dict[str, str] = {}
        for c in linked:
            if c.page and c.page not in self.by_page and self._readable(c.name):
                self.by_page[c.page] = split_byline(c.name)[0][0]

    def _readable(self, name: str) -> bool:
        people = split_byline(name)[0]
        return bool(people) and not is_login_slug(name) and not any(is_non_name(p, self.own) for p in people)

    def add_agencies(self, names: list[str]) -> None:
        self.agencies.extend(n for n in names if n and n not in self.agencies)

    def people(self, candidates: list[Candidate]) -> list[str]:
        """The people a group of candidates names; credits and Organizations go to the agencies."""
        found: list[str] = []
        for c in candidates:
            credit = source_credit(c.name)
            if credit:
                self.add_agencies(credit)
                continue
            if c.organization:
                people, agencies = split_byline(c.name)
                self.add_agencies(agencies + [p for p in people if not is_own_name(p, self.own)])
                continue
            if is_login_slug(c.name) or c.name == c.page:
                # a login or a bare author-page slug: the name shown for that author page, if any
                shown = self.by_page.get(c.page or "") or self.by_page.get(c.name.lower())
                shown = shown or (slug_name(c.page) if c.page else None)
                found += [shown] if shown else []
                continue
            people, agencies = split_byline(c.name)
            self.add_agencies(agencies)
            found += [p for p in people if not is_non_name(p, self.own) and not is_login_slug(p)]
        return list(dict.fromkeys(found))


def _meta_candidates(page: PageMeta) -> list[Candidate]:
    # a Latin one-word handle on an Arabic page ("Akhbarelyom") is the site's account, not a person
    return [c for c in meta_authors(page) if not _DEVELOPER_RE.search(c.name)
            and (_ARABIC_RE.search(c.name) or len(c.name.split()) >= 2 or agency_name(c.name) or c.page
                 or is_login_slug(c.name))]


def _body_candidates(body_bylines: list[str], resolver: _Resolver) -> list[Candidate]:
    people = []
    for line in body_bylines:
        if re.match(r"(?i)\s*(?:role|تصوير)", line):
            continue
        credit = source_credit(line) or ([agency_credit(line) or ""] if agency_credit(line) else None)
        if credit:
            resolver.add_agencies([agency_name(c) or c for c in credit])
        else:
            people.append(Candidate(line))
    return people


def resolve_byline(page: PageMeta, tree: HtmlElement, body_bylines: list[str], headline: str | None = None,
                   site: Any | None = None, first_paragraph: str = "") -> tuple[list[str], list[str]]:
    """(authors, agencies) of one article page; ``site`` is its registry profile (the outlet's own names)."""
    microdata = microdata_authors(tree)
    links = author_links(tree)
    resolver = _Resolver(links + microdata, own_names(site, site_names(page, headline)))
    # sources credited anywhere count whoever signed the story
    body = _body_candidates(body_bylines, resolver)
    resolver.add_agencies(dateline_agencies(first_paragraph))
    resolver.add_agencies(sources_list(tree))
    groups = (
        lambda: jsonld_authors(page),
        lambda: [Candidate(text) for text in visible_byline(tree)],
        lambda: _meta_candidates(page),
        lambda: body,
        lambda: microdata + [c for c in links if c.rel_author],
        lambda: [Candidate(text) for text in prefixed_byline(tree)],
    )
    authors: list[str] = []
    for group in groups:
        authors = resolver.people(group())
        if authors:
            break
    taken = {fold(a) for a in resolver.agencies}
    return [a for a in authors if fold(a) not in taken], resolver.agencies
