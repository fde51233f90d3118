"""The example files a user starts from: those in docs/examples are the ones the upload page offers."""

from __future__ import annotations

from pathlib import Path

from omvarld.imports.views import EXAMPLES as OFFERED
from omvarld.imports.views import example_names

DOCUMENTED = Path(__file__).resolve().parents[2] / "docs" / "examples"
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "anvandarguide.md"


def test_the_upload_page_offers_exactly_the_documented_example_files() -> None:
    documented = sorted(path.name for path in DOCUMENTED.iterdir())
    assert example_names() == documented
    for name in documented:
        assert (OFFERED / name).read_bytes() == (DOCUMENTED / name).read_bytes(), name


def test_the_user_guide_names_every_example_file() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for name in example_names():
        assert f"examples/{name}" in guide, name
