"""``python -m newscrawl …`` on bad input: one line on stderr and exit 2; a page without article: exit 1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
URL = "https://example.com/news/2026/11/1/story"
STORY = "".join(f"<p>{s}</p>" for s in [
    "أعلنت وزارة الصحة اليوم عن إطلاق حملة وطنية للتطعيم ضد الإنفلونزا الموسمية في جميع المحافظات.",
    "وقال المتحدث باسم الوزارة إن الحملة تستهدف كبار السن والأطفال والعاملين في القطاع الصحي أولا."])
ARTICLE = (f'<html><head><meta charset="utf-8"><title>حملة التطعيم ضد الإنفلونزا تبدأ اليوم</title></head>'
           f"<body><article><h1>حملة التطعيم ضد الإنفلونزا تبدأ اليوم</h1>{STORY}</article></body></html>")


def newscrawl(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newscrawl", *args], cwd=ROOT, input=stdin.decode("latin-1"),
                          capture_output=True, text=True, timeout=120, encoding="utf-8", errors="replace")


def assert_usage_error(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    for word in words:
        assert word in done.stderr


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_a_good_page_prints_its_record(article: Path) -> None:
    done = newscrawl("extract", str(article), "--url", URL, "--fetched-at", "2026-11-01T10:00:00+03:00",
                     "--timezone", "Africa/Cairo", "--encoding", "windows-1256", "--no-blocks")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["title"] == "حملة التطعيم ضد الإنفلونزا تبدأ اليوم" and record["word_count"] > 20
    assert "rejected" not in record and "blocks" not in record


def test_missing_file(tmp_path: Path) -> None:
    assert_usage_error(newscrawl("extract", str(tmp_path / "nothing.html"), "--url", URL), "no such file")


def test_directory(tmp_path: Path) -> None:
    assert_usage_error(newscrawl("extract", str(tmp_path), "--url", URL), "is a directory")


def test_unreadable_file(tmp_path: Path) -> None:
    if Path("/proc/self/mem").exists():  # reading it at offset 0 fails, even as root
        assert_usage_error(newscrawl("extract", "/proc/self/mem", "--url", URL), "cannot read")
    if os.geteuid() != 0:  # root reads any file whatever its mode
        locked = tmp_path / "locked.html"
        locked.write_text(ARTICLE, encoding="utf-8")
        locked.chmod(0)
        assert_usage_error(newscrawl("extract", str(locked), "--url", URL), "cannot read")


def test_whitespace_only_input(tmp_path: Path) -> None:
    blank = tmp_path / "blank.html"
    blank.write_bytes(b"  \n\t\r\n  ")
    assert_usage_error(newscrawl("extract", str(blank), "--url", URL), "only whitespace")
    assert_usage_error(newscrawl("extract", "-", "--url", URL, stdin=b"\n\n"), "only whitespace")


@pytest.mark.parametrize("option,value,words", [
    ("--fetched-at", "garbage", ["--fetched-at", "ISO 8601"]),
    ("--timezone", "Mars/Olympus_Mons", ["--timezone", "IANA"]),
    ("--encoding", "no-such-charset", ["--encoding", "charset"]),
    ("--url", "not a url", ["--url", "http"]),
    ("--url", "ftp://example.com/a", ["--url", "http"]),
    ("--site", "no-such-site", ["unknown site key", "known:"]),
])
def test_bad_option_values(article: Path, option: str, value: str, words: list[str]) -> None:
    args = ["extract", str(article), "--url", URL, option, value]
    assert_usage_error(newscrawl(*args), *words)


def test_missing_url_option(article: Path) -> None:
    assert_usage_error(newscrawl("extract", str(article)), "--url")


@pytest.mark.parametrize("content,reason", [
    (b"", "empty_body"),
    (bytes(range(256)) * 40, "not_html"),
    (b"<!-- nothing here -->", "empty_body"),
    (b"<html><head><title>x</title></head><body></body></html>", "missing_text"),
])
def test_a_page_without_article_exits_1_with_its_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(content)
    done = newscrawl("extract", str(page), "--url", URL)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [done.stderr.strip()] and reason in done.stderr
    assert "Traceback" not in done.stderr


def test_an_endless_input_is_read_only_up_to_the_size_limit() -> None:
    done = newscrawl("extract", "/dev/zero", "--url", URL)
    assert done.returncode == 1 and "too_large" in done.stderr


def test_unknown_command_and_no_command() -> None:
    assert_usage_error(newscrawl("extrakt"), "unknown command", "extract")
    done = newscrawl()
    assert done.returncode == 2 and "usage" in done.stderr and "Traceback" not in done.stderr


def test_reextract_refuses_what_is_not_a_warc(article: Path, tmp_path: Path) -> None:
    assert_usage_error(newscrawl("reextract", str(tmp_path / "none.warc.gz"), "--out", str(tmp_path / "o")),
                       "no such WARC file")
    assert_usage_error(newscrawl("reextract", str(article), "--out", str(tmp_path / "o")), "not a WARC file")
    assert not (tmp_path / "o").exists()


def test_eval_and_sites_refuse_a_missing_folder(tmp_path: Path) -> None:
    assert_usage_error(newscrawl("eval", str(tmp_path / "none")), "no such folder")
    assert_usage_error(newscrawl("sites", "list", "--sites-dir", str(tmp_path / "none")), "does not exist")


@pytest.mark.parametrize(("module", "argv", "words"), [
    ("newscrawl.warc.reextract", [], ("required", "warc")),
    ("newscrawl.report.cli", ["--last", "x"], ("--last", "invalid int")),
    ("newscrawl.formats.migrate", ["--zzz"], ("unrecognized", "--zzz")),
    ("newscrawl.distributed.merge", ["--nope"], ("required",)),
    ("newscrawl.eval", ["--repeat", "q"], ("--repeat",)),
])
def test_every_command_refuses_bad_options_in_one_line(module, argv, words, capsys):
    import importlib

    with pytest.raises(SystemExit) as stopped:
        importlib.import_module(module).main(argv)
    err = capsys.readouterr().err.strip()
    assert stopped.value.code == 2 and "\n" not in err and "usage:" not in err
    assert all(word in err for word in words), err
