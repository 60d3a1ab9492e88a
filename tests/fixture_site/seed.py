"""The seed article (../shared/seed/expected.json), read at run time when present; never copied into the repo."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SUBHEADINGS = ("مراجعة الخطط الأمنية", "تعطيل القدرات الإرهابية")


def default_seed_dir() -> Path | None:
    """``<repo>/../shared/seed`` when it exists (tests, CI), else None (a user's clone)."""
    folder = REPO_ROOT.parent / "shared" / "seed"
    return folder if (folder / "expected.json").is_file() else None


@dataclass(frozen=True)
class Seed:
    title: str
    blocks: list[tuple[str, str]]  # ("p" | "h", text), the 18 body blocks in order
    boilerplate: list[str]  # the five lines a correct extraction leaves out

    @property
    def previous_title(self) -> str:
        return self.boilerplate[3].removeprefix("السابق").strip()

    @property
    def next_title(self) -> str:
        return self.boilerplate[4].removeprefix("التالى").strip()


def load_seed(folder: Path | None) -> Seed | None:
    if folder is None or not (Path(folder) / "expected.json").is_file():
        return None
    data = json.loads((Path(folder) / "expected.json").read_text(encoding="utf-8"))
    blocks = [("h" if text in SUBHEADINGS else "p", text) for text in data["paragraphs"]]
    return Seed(title=data["title"], blocks=blocks, boilerplate=list(data["boilerplate"]))
