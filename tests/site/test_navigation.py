"""The main navigation: an entry shows to those who may use its page, and marks the page being shown."""

from __future__ import annotations

from django.test import Client

from omvarld.accounts.models import Role
from omvarld.site.navigation import navigation_for


def test_every_role_sees_the_pages_it_may_open(make_user) -> None:
    for role in Role:
        user = make_user(role, "MHN" if role in Role.unit_bound() else None)
        names = [item.url_name for item in navigation_for(user)]
        assert names == [
            "home",
            "engagements:engagement_list",
            "engagements:due_list",
            "strategy:index",
            "organisation:unit_list",
            "organisation:counterpart_list",
            "audit:entry_list",
            "jobs:job_list",
        ], role


def test_a_user_without_a_role_sees_only_the_start_page(make_user) -> None:
    assert [item.url_name for item in navigation_for(make_user(None))] == ["home"]


def test_the_current_page_is_marked_and_anonymous_pages_have_no_navigation(make_user, db) -> None:
    client = Client()
    assert "Huvudmeny" not in client.get("/login/").text
    client.force_login(make_user(Role.READER))
    page = client.get("/organisation/counterparts/").text
    assert '<a href="/organisation/counterparts/" aria-current="page">Motparter</a>' in page
    assert '<a href="/organisation/">Organisation</a>' in page
