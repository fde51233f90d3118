"""The admin leaks nothing: no list filters on a secret field, and no admin page writes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib import admin
from django.db import models
from django.db.models import ForeignObjectRel
from django.test import Client

from omvarld.accounts.models import Role, User
from omvarld.core.sensitive import SECRET_FIELD_NAMES


def _secret_paths(model: type[models.Model], depth: int = 3, prefix: str = "") -> Iterator[str]:
    """Every lookup path from ``model`` to a secret field, through forward and reverse relations."""
    for field in model._meta.get_fields():
        name = field.field.related_query_name() if isinstance(field, ForeignObjectRel) else field.name
        if field.name in SECRET_FIELD_NAMES:
            yield prefix + field.name
        elif field.is_relation and field.related_model is not None and depth > 1:
            yield from _secret_paths(field.related_model, depth - 1, f"{prefix}{name}__")


ADMIN_LISTS = [(model, path) for model in admin.site._registry for path in sorted(set(_secret_paths(model)))]


def test_the_probe_finds_the_paths_it_must_try() -> None:
    tried = {f"{model._meta.label_lower}:{path}" for model, path in ADMIN_LISTS}
    assert "accounts.user:password" in tried
    assert "audit.auditentry:actor__password" in tried
    assert "auth.group:user__password" in tried


@pytest.fixture
def superuser_client(make_user) -> Client:
    user = make_user(Role.ADMINISTRATOR, username="admin")
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    return client


def test_the_password_hash_cannot_be_filtered_on_in_the_user_list(superuser_client) -> None:
    hash_prefix = User.objects.get(username="admin").password[:7]
    allowed = superuser_client.get("/admin/accounts/user/", {"is_active__exact": "1"})
    assert allowed.status_code == 200
    probe = superuser_client.get("/admin/accounts/user/", {"password__startswith": hash_prefix})
    assert probe.status_code == 400
    assert "result_list" not in probe.text


@pytest.mark.parametrize(
    ("model", "path"), ADMIN_LISTS, ids=[f"{m._meta.label_lower}:{p}" for m, p in ADMIN_LISTS]
)
@pytest.mark.parametrize("lookup", ["", "__startswith", "__regex", "__gt", "__contains"])
def test_no_admin_list_accepts_a_lookup_on_a_secret_field(superuser_client, model, path, lookup) -> None:
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    assert superuser_client.get(url).status_code == 200
    response = superuser_client.get(url, {f"{path}{lookup}": "a"})
    assert response.status_code == 400
    assert "result_list" not in response.text


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label_lower)
def test_no_admin_page_offers_to_add_change_or_delete(superuser_client, model) -> None:
    model_admin = admin.site._registry[model]
    request = superuser_client.get("/admin/").wsgi_request
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_lockout_records_cannot_be_deleted_through_the_admin(superuser_client) -> None:
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.create(
        username="hanna", ip_address="10.0.0.1", user_agent="", failures_since_start=5
    )
    response = superuser_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


# --- Branded, Swedish, and no password change behind the audited services ---------------------------------


def test_the_admin_is_omvarlds_and_swedish(superuser_client) -> None:
    page = superuser_client.get("/admin/").text
    assert "Omvärld – administration" in page
    assert "Django" not in page
    assert "Inloggningsförsök" in page  # django-axes' records, under a Swedish name
    for english in ("Access attempts", "Access failures", "Access logs", "Axes"):
        assert english not in page


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label_lower)
def test_every_admin_model_and_its_fields_are_named_in_swedish(model) -> None:
    from django.utils import translation

    def names() -> list[str]:
        fields = [f for f in model._meta.get_fields() if hasattr(f, "verbose_name") and not f.auto_created]
        return [
            str(model._meta.verbose_name_plural),
            str(model._meta.app_config.verbose_name),
            *(str(f.verbose_name) for f in fields),
        ]

    with translation.override("en"):
        english = names()
    with translation.override("sv"):
        swedish = names()
    same = {e for e, s in zip(english, swedish, strict=True) if e == s and e.lower() not in SAME_IN_BOTH}
    assert not same, f"{model._meta.label} is not translated: {sorted(same)}"


# Words spelled alike in English and Swedish.
SAME_IN_BOTH = {"organisation", "id", "http accept", "hash", "status"}


def test_the_admin_offers_no_password_change(superuser_client) -> None:
    user = User.objects.get(username="admin")
    assert "password_change" not in superuser_client.get("/admin/").text
    answer = superuser_client.post(
        "/admin/password_change/",
        {
            "old_password": "x",
            "new_password1": "ett-nytt-lösenord-2027",
            "new_password2": "ett-nytt-lösenord-2027",
        },
    )
    assert answer.status_code == 403
    assert "omvarld user password" in answer.text
    assert User.objects.get(pk=user.pk).password == user.password
