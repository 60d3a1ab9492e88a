import pytest

from newscrawl.extract.authors import split_byline, strip_prefix

CASES = [
    ("كتب سيد الخلفاوى", ["سيد الخلفاوى"], []),
    ("كتبت: نورهان نبيل", ["نورهان نبيل"], []),
    ("بقلم: د. أحمد علي", ["د. أحمد علي"], []),
    ("إعداد - منى سالم", ["منى سالم"], []),
    ("تقرير: محمد عبد الله", ["محمد عبد الله"], []),
    ("حوار: آسيا العتروس", ["آسيا العتروس"], []),
    ("ترجمة: سامي خليل", ["سامي خليل"], []),
    ("Author, كايلا إبستين وأنجليكا كاساس", ["كايلا إبستين", "أنجليكا كاساس"], []),
    ("بقلم: أحمد علي، محمد حسن", ["أحمد علي", "محمد حسن"], []),
    ("إعداد: سارة محمود و منى علي", ["سارة محمود", "منى علي"], []),
    ("John Smith and Jane Doe", ["John Smith", "Jane Doe"], []),
    ("محمد وليد", ["محمد وليد"], []),  # a name starting with و is not a conjunction
    ("رويترز", [], ["رويترز"]),
    ("أ ف ب", [], ["أ ف ب"]),
    ("(أ.ف.ب)", [], ["أ ف ب"]),
    ("وكالات", [], ["وكالات"]),
    ("القاهرة - أ ش أ", [], ["أ ش أ"]),
    ("الرياض - واس", [], ["واس"]),
    ("أبوظبي - وام", [], ["وام"]),
    ("دمشق - سانا", [], ["سانا"]),
    ("تقرير: محمد عبد الله - وكالات", ["محمد عبد الله"], ["وكالات"]),
    ("(أبوظبي - البيان)", ["البيان"], []),
    ("كتب: خالد يوسف - رويترز", ["خالد يوسف"], ["رويترز"]),
]


@pytest.mark.parametrize(("byline", "people", "agencies"), CASES)
def test_byline_cleanup(byline: str, people: list[str], agencies: list[str]) -> None:
    assert split_byline(byline) == (people, agencies)


def test_list_input_and_duplicates() -> None:
    assert split_byline(["رويترز", "رويترز", "كتب أحمد محمود", "أحمد محمود"]) == (["أحمد محمود"], ["رويترز"])


def test_empty() -> None:
    assert split_byline(None) == ([], [])
    assert split_byline("") == ([], [])


def test_urls_and_long_strings_are_not_names() -> None:
    assert split_byline("https://example.com/author/ahmed") == ([], [])
    assert split_byline("هذا نص طويل جدا لا يمكن أن يكون اسما لكاتب لأنه جملة كاملة من الكلمات") == ([], [])


def test_strip_prefix_repeats() -> None:
    assert strip_prefix("بقلم الكاتب: علي حسن") == "علي حسن"
