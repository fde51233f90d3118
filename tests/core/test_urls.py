"""``core.urls.object_url`` gives exactly what ``reverse`` gives, without resolving the patterns each time."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from omvarld.core.urls import object_url

NAMES = [
    "engagements:engagement_detail",
    "engagements:document_download",
    "jobs:job_detail",
    "organisation:unit_detail",
    "organisation:counterpart_detail",
    "imports:import_detail",
    "strategy:draft_detail",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("pk", [1, 7, 918273645, 10**12])
def test_an_object_s_address_is_the_one_reverse_gives(name: str, pk: int) -> None:
    assert object_url(name, pk) == reverse(name, args=[pk])
    assert object_url(name, pk) == reverse(name, args=[pk])  # and again, from what was kept


@pytest.mark.parametrize("name", NAMES)
def test_the_address_follows_the_script_prefix(name: str) -> None:
    object_url(name, 3)  # kept under the default prefix first
    set_script_prefix("/omvarld/")
    try:
        assert object_url(name, 3) == reverse(name, args=[3])
        assert object_url(name, 3).startswith("/omvarld/")
    finally:
        clear_script_prefix()
    assert object_url(name, 3) == reverse(name, args=[3])


def test_an_unknown_pattern_is_refused_as_reverse_refuses_it() -> None:
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        object_url("engagements:no_such_page", 1)


def test_another_url_configuration_is_not_served_from_what_was_kept() -> None:
    object_url("jobs:job_detail", 1)
    with override_settings(ROOT_URLCONF="tests.urls"):
        assert object_url("jobs:job_detail", 1) == reverse("jobs:job_detail", args=[1])
