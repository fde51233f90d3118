"""The locked-out user is told when to try again, and how to get back to the sign-in page."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone, translation
from tests.conftest import TEST_PASSWORD

from omvarld.accounts.lockout import when_to_try_again
from omvarld.accounts.models import Role


def _login(client: Client, username: str, password: str, address: str = "10.0.0.1", path: str = "/login/"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def _shown_time(text: str) -> str:
    match = re.search(r'<time datetime="([^"]+)">(\d\d:\d\d)</time>', text)
    assert match, text
    return match.group(2)


def test_the_lockout_page_says_when_to_try_again_and_links_back(make_user) -> None:
    make_user(Role.OFFICER, "MHN", username="hanna")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "hanna", "gissning").status_code == 200
    before = timezone.now()
    locked = _login(client, "hanna", "gissning", path="/login/?next=/audit/")

    assert locked.status_code == 429
    text = locked.text
    assert "För många misslyckade inloggningsförsök" in text
    # The lock ends a cool-off period after the failure that locked it, told in Stockholm's time.
    expected = timezone.localtime(before + settings.AXES_COOLOFF_TIME)
    assert _shown_time(text) in {
        expected.strftime("%H:%M"),
        (expected + timedelta(minutes=1)).strftime("%H:%M"),
    }
    assert "om 15 minuter" in text
    assert "Varje nytt försök innan dess" in text
    assert 14 * 60 <= int(locked["Retry-After"]) <= 15 * 60
    assert 'href="/login/?next=/audit/"' in text
    assert "Tillbaka till inloggningen" in text


def test_a_lock_held_by_several_records_ends_when_the_oldest_one_needed_ages_out(make_user) -> None:
    """An address locked by ten failures over several names is free once enough of them are forgotten."""
    make_user(Role.OFFICER, "MHN", username="sara")
    now = timezone.now()
    for name, failures, minutes_ago in (("anna", 2, 14), ("bo", 5, 12), ("cecilia", 4, 5)):
        attempt = AccessAttempt.objects.create(
            username=name, ip_address="10.0.0.1", user_agent="", failures_since_start=failures
        )
        # attempt_time is set on creation; the records are made older afterwards.
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=now - timedelta(minutes=minutes_ago))
    # 11 failures from the address: locked, and sara's try is refused and counted too (12). Counting back
    # from the newest, sara's 1, cecilia's 4 and bo's 5 reach the limit of ten: the lock ends when bo's
    # record ages out, 12 minutes ago + 15 = in 3 minutes, although anna's is forgotten a little earlier.
    locked = _login(Client(), "sara", TEST_PASSWORD)

    assert locked.status_code == 429
    expected = timezone.localtime(now + settings.AXES_COOLOFF_TIME - timedelta(minutes=12))
    assert _shown_time(locked.text) == expected.strftime("%H:%M")
    assert "om 3 minuter" in locked.text
    assert 2 * 60 <= int(locked["Retry-After"]) <= 3 * 60


def test_the_admins_sign_in_page_links_back_to_itself(make_user) -> None:
    make_user(Role.ADMINISTRATOR, username="anna")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = _login(Client(), "anna", "gissning", path="/admin/login/?next=/admin/")
    assert locked.status_code == 429
    assert 'href="/admin/login/?next=/admin/"' in locked.text


STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize(
    ("now", "until", "wording"),
    [
        (
            datetime(2026, 11, 26, 14, 0, tzinfo=STOCKHOLM),
            datetime(2026, 11, 26, 14, 15, tzinfo=STOCKHOLM),
            "Du kan försöka igen kl. 14:15, om 15 minuter.",
        ),
        # A lock that runs past midnight says so: "kl. 00:05" alone would read as a time already past.
        (
            datetime(2026, 11, 26, 23, 50, tzinfo=STOCKHOLM),
            datetime(2026, 11, 27, 0, 5, tzinfo=STOCKHOLM),
            "Du kan försöka igen i morgon kl. 00:05, om 15 minuter.",
        ),
        (
            datetime(2026, 11, 26, 23, 59, 30, tzinfo=STOCKHOLM),
            datetime(2026, 11, 27, 0, 0, 10, tzinfo=STOCKHOLM),
            "Du kan försöka igen i morgon kl. 00:00, om 1 minut.",
        ),
        (
            datetime(2026, 11, 26, 14, 0, tzinfo=STOCKHOLM),
            datetime(2026, 11, 28, 9, 30, tzinfo=STOCKHOLM),
            "Du kan försöka igen 28 november 2026 09:30.",
        ),
    ],
)
def test_the_end_of_a_lock_is_worded_by_the_day_it_falls_on(now, until, wording) -> None:
    context = {"login_url": "/login/", **when_to_try_again(until, now)}
    with translation.override("sv"):
        text = render_to_string("registration/locked_out.html", context)
    assert wording in re.sub(r"<[^>]+>", "", " ".join(text.split()))
