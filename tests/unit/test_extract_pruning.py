"""Structural pruning: which elements leave the tree before the body extractor sees it."""

from __future__ import annotations

import lxml.html

from newscrawl.extract.prune import prune_tree

LONG = " ".join(["كلمة"] * 41)


def _kept(body: str) -> list[str]:
    tree = lxml.html.document_fromstring(f"<html><body>{body}</body></html>")
    prune_tree(tree)
    return [e.text.strip() for e in tree.body.iter() if isinstance(e.tag, str) and (e.text or "").strip()]


def test_each_way_of_marking_an_element_hidden_or_a_caption_takes_it_out() -> None:
    kept = _kept(
        '<p hidden>by-attribute</p><p style="DISPLAY : none">by-style</p><p style="color:red">red</p>'
        '<p style="visibility:hidden" class="story">style-and-class</p>'
        '<figure><img src="a.jpg"><figcaption>figcaption</figcaption></figure>'
        '<div class="Visually-Hidden">by-class</div><div class="hidden-xs">not-a-hidden-token</div>'
        '<span id="photo-credit">by-id</span>'
        '<div class="gallery-box"><img src="b.jpg"><span>media-caption</span></div>'
        '<div class="gallery-box"><span>media-box-without-picture</span></div>'
    )
    assert kept == ["red", "not-a-hidden-token", "media-box-without-picture"]


def test_a_caption_class_seen_before_is_still_judged_by_the_box_text() -> None:
    # the class list decides the kind of box; the length of its text decides each time
    kept = _kept(f'<div class="caption">short</div><div class="caption">{LONG}</div><div class="caption">again</div>')
    assert kept == [LONG]


def test_an_icon_is_told_by_class_or_src_in_any_case_and_keeps_the_line_beside_it() -> None:
    kept = _kept('<p><img src="/p/1.jpg"><span>caption</span></p>'
                 '<p><img src="/i/Site-LOGO.png"><span>logo-line</span></p>'
                 '<p><img class="ſmiley" src="/e/1.png"><span>smiley-line</span></p>'
                 '<p><img src="/i/İCON-ع.png"><span>icon-line</span></p>'
                 '<p><img src="/e/émoji.png"><span>accented-caption</span></p>')  # "é" is not "e"
    assert kept == ["logo-line", "smiley-line", "icon-line"]
