"""Tables and JSON for an evaluation run."""

from __future__ import annotations

from statistics import mean
from typing import Any

from newscrawl.eval.runner import EvalRun
from newscrawl.eval.scoring import PageScore


def _count(scores: list[PageScore], attr: str) -> str:
    values = [getattr(s, attr) for s in scores]
    scored = [v for v in values if v is not None]
    if not scored:
        return "-"
    return f"{sum(1 for v in scored if v)}/{len(scored)}"


def totals(scores: list[PageScore]) -> dict[str, Any]:
    seconds = sum(s.seconds for s in scores)
    return {
        "pages": len(scores),
        "mean_f1": round(mean(s.f1 for s in scores), 4) if scores else 0.0,
        "min_f1": round(min(s.f1 for s in scores), 4) if scores else 0.0,
        "mean_precision": round(mean(s.precision for s in scores), 4) if scores else 0.0,
        "mean_recall": round(mean(s.recall for s in scores), 4) if scores else 0.0,
        "pages_leaking": sum(1 for s in scores if s.leaks),
        "pages_title_duplicated": sum(1 for s in scores if s.title_dup),
        "title_exact": _count(scores, "title_ok"),
        "date_day": _count(scores, "date_ok"),
        "authors": _count(scores, "author_ok"),
        "errors": sum(1 for s in scores if s.error),
        "pages_per_second": round(len(scores) / seconds, 2) if seconds else None,
    }


def as_json(run: EvalRun) -> dict[str, Any]:
    return {
        "pages": run.pages,
        "missing": run.missing,
        "totals": {name: totals(scores) for name, scores in run.scores.items()},
        "per_page": {name: [vars(s) for s in scores] for name, scores in run.scores.items()},
        "speed": run.speed,
    }


def _cell(score: PageScore) -> str:
    marks = ("L" + str(score.leaks) if score.leaks else "") + ("H" if score.title_dup else "")
    marks += "T" if score.title_ok is False else ""
    marks += "D" if score.date_ok is False else ""
    marks += "A" if score.author_ok is False else ""
    return f"{score.f1:.3f}{' ' + marks if marks else ''}" if not score.error else "ERROR"


def render(run: EvalRun) -> str:
    systems = run.systems
    width = max([len(p) for p in run.pages] + [10])
    col = max([len(s) for s in systems] + [12]) + 1
    lines = ["Per page: text F1 (L<n>: n boilerplate strings leaked, H: text starts with the headline, "
             "T: title wrong, D: date day wrong, A: authors wrong)", ""]
    lines.append("page".ljust(width) + "".join(s.rjust(col) for s in systems))
    for i, page in enumerate(run.pages):
        lines.append(page.ljust(width) + "".join(_cell(run.scores[s][i]).rjust(col) for s in systems))
    lines += ["", "Totals", ""]
    rows = [("mean F1", "mean_f1"), ("min F1", "min_f1"), ("mean precision", "mean_precision"),
            ("mean recall", "mean_recall"), ("pages leaking", "pages_leaking"),
            ("text starts w/ title", "pages_title_duplicated"), ("title exact", "title_exact"),
            ("date (day)", "date_day"), ("authors", "authors"), ("errors", "errors"),
            ("pages/s", "pages_per_second")]
    table = {s: totals(run.scores[s]) for s in systems}
    lines.append("".ljust(width) + "".join(s.rjust(col) for s in systems))
    for label, key in rows:
        lines.append(label.ljust(width) + "".join(str(table[s][key]).rjust(col) for s in systems))
    if run.missing:
        lines += ["", "missing (not installed): " + ", ".join(run.missing)]
    if run.speed:
        s = run.speed
        lines += ["", f"speed, best of runs over {len(run.pages)} pages: newscrawl {s['newscrawl']:.3f}s, "
                  f"bare trafilatura.bare_extraction {s['trafilatura.bare_extraction']:.3f}s, "
                  f"ratio {s['ratio']:.2f} (target <= 1.25)"]
    return "\n".join(lines)
