"""The evaluation's scoring follows ../shared/realworld/README.md; the command runs with peers missing."""

import json
from pathlib import Path

from newscrawl.eval import main
from newscrawl.eval.runner import run_eval
from newscrawl.eval.scoring import (
    authors_match,
    leaked,
    normalize,
    prf,
    same_day,
    score_page,
    title_duplicated,
    title_exact,
)
from tests.unit.test_extract_pages import STORY, STORY_SUBHEADINGS, STORY_TITLE, portal_page


def test_normalization() -> None:
    # NFKC, tatweel and diacritics out, zero-width and bidi controls out, lower case
    assert normalize("كَتَبَ\u0640 \u200fABC\u200b ﻻ") == "كتب abc لا"


def test_token_multiset_prf() -> None:
    p, r, f = prf("أ ب ب ج", ["أ ب", "ج د"])
    assert (round(p, 2), round(r, 2), round(f, 2)) == (0.75, 0.75, 0.75)
    assert prf("", ["نص"]) == (0.0, 0.0, 0.0)
    assert prf("مُحمَّد قال", ["محمد قال"])[2] == 1.0


def test_leak_title_date_author() -> None:
    assert leaked("نص\nاشترك   فى النشرة البريدية\nنص", ["اشترك فى النشرة البريدية", "غير موجود"]) == [
        "اشترك فى النشرة البريدية"]
    assert title_duplicated("العنوان\n\nنص", "العنوان") and not title_duplicated("نص\nالعنوان", "العنوان")
    assert title_exact("العنوان  الكامل", "العنوان الكامل") and not title_exact(None, "ع")
    assert same_day("2024-05-13T06:00:00+03:00", "2024-05-13T06:00") is True
    assert same_day("2024-05-12T23:00:00+00:00", "2024-05-13") is False
    assert same_day("2024-05-13", None) is None
    assert authors_match(["سيد الخلفاوى"], ["سيد  الخلفاوى"]) and not authors_match([], ["أ"])


def test_authors_score_agencies_only_where_gold_credits_them() -> None:
    # a byline that is an agency or a source outlet: found in ``agencies``, it matches
    assert authors_match([], ["رويترز"], ["رويترز"])
    assert authors_match([], ["نيوز يمن"], ["نيوز يمن"])
    # a wire credit beside a signed story is no error; a missing or extra person is
    assert authors_match(["محمد علي"], ["محمد علي"], ["رويترز"])
    assert not authors_match([], ["محمد علي"], ["رويترز"])
    assert not authors_match(["محمد علي", "admin"], ["محمد علي"], [])
    # people never stand in for an agency the gold does not name
    assert not authors_match(["رويترز"], [], [])


def test_every_system_is_scored_on_authors() -> None:
    gold = {"paragraphs": ["نص"], "authors": []}
    text_only = score_page("p", "text-only", {"text": "نص"}, gold, 0.0)
    assert text_only.author_ok is True
    missed = score_page("p", "text-only", {"text": "نص"}, {**gold, "authors": ["محمد علي"]}, 0.0)
    assert missed.author_ok is False


def gold_dir(tmp_path: Path) -> Path:
    page = tmp_path / "portal-page"
    page.mkdir()
    (page / "source.html").write_text(portal_page(STORY_TITLE, STORY, STORY_SUBHEADINGS), encoding="utf-8")
    gold = {"id": "portal-page", "url": "https://portal.example/news/2024/5/13/1", "title": STORY_TITLE,
            "published": "2024-05-13T06:00", "authors": ["أحمد محمود"], "paragraphs": STORY,
            "boilerplate": ["اشترك فى النشرة البريدية لتحصل على اهم الاخبار بمجرد نشرها"]}
    (page / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_run_reports_missing_peers_without_crashing(tmp_path: Path) -> None:
    run = run_eval(gold_dir(tmp_path), ["newscrawl", "no-such-peer"], repeat=0)
    assert run.missing == ["no-such-peer"] and run.systems == ["newscrawl"]
    score = run.scores["newscrawl"][0]
    assert score.f1 == 1.0 and score.leaks == 0 and not score.title_dup
    assert score.title_ok and score.date_ok and score.author_ok


def test_command_prints_tables_and_writes_json(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.json"
    assert main([str(gold_dir(tmp_path)), "--systems", "newscrawl,trafilatura", "--repeat", "1",
                 "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "portal-page" in printed and "mean F1" in printed and "ratio" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["totals"]["newscrawl"]["mean_f1"] == 1.0
    assert data["speed"]["ratio"] > 0


def test_command_without_pages(tmp_path: Path) -> None:
    assert main([str(tmp_path / "absent")]) == 2


def test_command_refuses_an_unknown_system_in_one_line(tmp_path: Path, capsys) -> None:
    assert main([str(gold_dir(tmp_path)), "--systems", "newscrawl,bogus"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("unknown system(s) bogus: choose from newscrawl") and "\n" not in err
