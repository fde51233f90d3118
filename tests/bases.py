"""Shared test bases for pages and API endpoints (as NetBox's ``ViewTestCases`` and ``APIViewTestCases``).

A model's page and endpoint tests are mostly declarations. A test class names the model, the roles
allowed each action (written out by hand: the specification, not read back from the rules it checks),
the roles whose reach is their own units, and the URLs and payloads; the mixins it inherits then check,
for every role and for a user without one:

* the page or endpoint answers when the role is allowed, and refuses with a Swedish 403 (a problem body
  in the API) when it is not — and a refused write changes nothing;
* a signed-out visitor is sent to the login page (the API answers with a problem body);
* for a role whose reach is its own units, an object in another unit is left out of lists and is a 404;
* every write leaves its typed audit entry (``<model>.created``, ``.updated``, ``.deleted``) with the
  channel it came through;
* an invalid payload gets a 400 with the declared Swedish message, and nothing is saved or audited;
* a list (or a detail page) runs the same number of queries for few rows as for many.

Each check runs once per role (``pytest_generate_tests`` in ``tests/conftest.py`` asks ``roles_for``);
a check that cannot apply to a declaration, such as the 404 of a resource nobody's reach limits, is left
out of the collection rather than skipped. A minimal declaration::

    class TestCounterpartPages(ListPageTests, DetailPageTests, CounterpartResource):
        list_url = "/organisation/counterparts/"

See CONTRIBUTING.md, "Adding a model".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

import pytest
from django.db import connection, models
from django.forms.models import model_to_dict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from tests.factories import FACTORIES

from omvarld.accounts.models import Role, User
from omvarld.audit.models import AuditEntry
from omvarld.core.permissions import Action
from omvarld.organisation.models import Unit

# A user signed in without any role is the last "role" every check is run for.
ROLES: tuple[Role | None, ...] = (*Role, None)
EVERYONE: frozenset[Role | None] = frozenset(ROLES)
ALL_ROLES: frozenset[Role | None] = frozenset(Role)

# Unit-bound roles are held in HOME_UNIT; OTHER_UNIT is a unit they have no reach into.
HOME_UNIT = "MHN"
OTHER_UNIT = "TN"

# The rows a list has before and after it grows, for the query-count checks.
FEW, MANY = 3, 40

# Marks a generated case that does not apply to its class; ``tests/conftest.py`` deselects it.
NOT_APPLICABLE = pytest.mark.omvarld_not_applicable

MakeUser = Callable[..., User]


def role_id(role: Role | None) -> str:
    return role.value if role is not None else "no-role"


def for_roles(select: Callable[[type[ResourceTests]], Iterable[Role | None]]) -> Callable[[Any], Any]:
    """Run the decorated check once for each role ``select`` picks from the test class's declarations."""

    def decorate(test: Any) -> Any:
        test.omvarld_roles = select
        return test

    return decorate


def every_role(cls: type[ResourceTests]) -> Iterable[Role | None]:
    return ROLES


def allowed_to(action: Action) -> Callable[[type[ResourceTests]], Iterable[Role | None]]:
    return lambda cls: [role for role in ROLES if role in cls.allowed.get(action, frozenset())]


def reach_limited(action: Action) -> Callable[[type[ResourceTests]], Iterable[Role | None]]:
    """The roles allowed ``action`` whose reach is their own units: they must not see another unit's."""
    return lambda cls: [
        role for role in ROLES if role in cls.allowed.get(action, frozenset()) and role in cls.unit_scoped
    ]


def creates_under_units(cls: type[ResourceTests]) -> Iterable[Role | None]:
    """The roles whose creating is limited to their units, for a create form whose URL names the unit's
    object it creates under (``CreatePageTests.create_url_for``)."""
    create_url_for = getattr(cls, "create_url_for", None)
    if create_url_for is None or create_url_for is CreatePageTests.create_url_for:
        return []
    return reach_limited(Action.CREATE)(cls)


class ResourceTests:
    """The declarations every base reads. ``make`` and ``make_many`` may be overridden."""

    model: ClassVar[type[models.Model]]
    # For each action, the roles that may do it (None: a signed-in user without a role).
    allowed: ClassVar[Mapping[Action, frozenset[Role | None]]]
    # The roles whose reach is the units they hold them in (and those below and merged into them).
    unit_scoped: ClassVar[frozenset[Role]] = frozenset()
    # The field that files an object under a unit, for the default ``make``.
    unit_field: ClassVar[str | None] = None
    # Whether a role that may not see an object is told that it does not exist (a 404, as for a secret
    # document, whose existence is itself secret) rather than that it is not allowed (a 403).
    refusal_hides: ClassVar[bool] = False

    @classmethod
    def roles_for(cls, test: Any) -> list[Role | None]:
        select = getattr(test, "omvarld_roles", None)
        return list(select(cls)) if select else []

    # --- Objects ---

    def make(self, unit: Unit) -> models.Model:
        """One object, filed under ``unit`` when the model belongs to units."""
        factory = FACTORIES[self.model]
        return factory(**({self.unit_field: unit} if self.unit_field else {}))

    def make_many(self, count: int, unit: Unit) -> None:
        for _ in range(count):
            self.make(unit)

    def grow(self, obj: models.Model, count: int) -> None:
        """Add ``count`` rows that ``obj``'s own page shows (its history, say); by default, more objects."""
        self.make_many(count, self.unit(HOME_UNIT))

    def row_text(self, obj: models.Model) -> str:
        """What a list or page shows of ``obj``, to tell whether it is there."""
        return str(obj)

    def state(self, obj: models.Model) -> dict[str, Any]:
        """What is stored of ``obj`` now (to prove a refused write changed nothing)."""
        return model_to_dict(type(obj)._default_manager.get(pk=obj.pk))

    @staticmethod
    def unit(code: str) -> Unit:
        return Unit.objects.get(code=code)

    # --- Users ---

    @staticmethod
    def user(make_user: MakeUser, role: Role | None) -> User:
        """A user in ``role``; a unit-bound role is held in ``HOME_UNIT``.

        A resource each user sees only their own of (a background job) overrides this to remember the user
        and ``make`` to file objects as theirs: the checks that show a user an object make the user first."""
        return make_user(role, HOME_UNIT if role in Role.unit_bound() else None)

    def may(self, role: Role | None, action: Action) -> bool:
        return role in self.allowed.get(action, frozenset())

    # --- The audit log ---

    def event(self, verb: str) -> str:
        return f"{self.model._meta.model_name}.{verb}"

    @staticmethod
    def entry_count() -> int:
        return AuditEntry.objects.count()

    def assert_audited(self, verb: str, obj_pk: Any, channel: str) -> None:
        entries = AuditEntry.objects.filter(
            object_type=self.model._meta.label_lower, object_id=str(obj_pk), event=self.event(verb)
        )
        assert [entry.channel for entry in entries] == [channel], (
            f"expected one {self.event(verb)} entry through {channel} for {obj_pk}"
        )


# --- Pages ---


def web_client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def body_text(response: Any) -> str:
    """A response's body as text, whether it was sent at once or streamed (a file)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", errors="replace")
    text: str = response.text
    return text


def assert_web_refusal(response: Any) -> None:
    assert response.status_code == 403, response.status_code
    assert "behörighet" in response.text
    assert "Traceback" not in response.text


def assert_sent_to_login(response: Any) -> None:
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith("/login/")


def assert_same_queries(
    fetch: Callable[[], Any], grow: Callable[[], None], django_assert_num_queries: Any
) -> None:
    def read() -> None:
        response = fetch()
        assert response.status_code == 200
        body_text(response)  # a streamed body (a download) runs its queries as it is read

    read()  # once first: what a request caches is not the rows' doing
    with CaptureQueriesContext(connection) as few:
        read()
    grow()
    with django_assert_num_queries(len(few.captured_queries)):
        read()


class ListPageTests(ResourceTests):
    list_url: ClassVar[str]

    @for_roles(every_role)
    def test_the_list_page_answers_the_roles_allowed_and_refuses_the_others(self, make_user, role) -> None:
        response = web_client(self.user(make_user, role)).get(self.list_url)
        if self.may(role, Action.VIEW):
            assert response.status_code == 200
        else:
            assert_web_refusal(response)

    def test_the_list_page_sends_a_signed_out_visitor_to_login(self, db) -> None:
        assert_sent_to_login(Client().get(self.list_url))

    @for_roles(reach_limited(Action.VIEW))
    def test_the_list_page_leaves_out_what_lies_outside_the_users_units(self, make_user, role) -> None:
        own, other = self.make(self.unit(HOME_UNIT)), self.make(self.unit(OTHER_UNIT))
        text = body_text(web_client(self.user(make_user, role)).get(self.list_url))
        assert self.row_text(own) in text
        assert self.row_text(other) not in text

    @for_roles(allowed_to(Action.VIEW))
    def test_the_list_page_runs_as_many_queries_for_many_rows_as_for_few(
        self, make_user, role, django_assert_num_queries
    ) -> None:
        client, home = web_client(self.user(make_user, role)), self.unit(HOME_UNIT)
        self.make_many(FEW, home)
        assert_same_queries(
            lambda: client.get(self.list_url),
            lambda: self.make_many(MANY, home),
            django_assert_num_queries,
        )


class DetailPageTests(ResourceTests):
    def detail_url(self, obj: models.Model) -> str:
        url: str = obj.get_absolute_url()  # type: ignore[attr-defined]
        return url

    @for_roles(every_role)
    def test_the_detail_page_answers_the_roles_allowed_and_refuses_the_others(self, make_user, role) -> None:
        client = web_client(self.user(make_user, role))  # first: ``make`` may file the object as theirs
        obj = self.make(self.unit(HOME_UNIT))
        response = client.get(self.detail_url(obj))
        if self.may(role, Action.VIEW):
            assert response.status_code == 200
            assert self.row_text(obj) in body_text(response)
        elif self.refusal_hides:
            assert response.status_code == 404
            assert "Sidan finns inte" in response.text
        else:
            assert_web_refusal(response)

    def test_the_detail_page_sends_a_signed_out_visitor_to_login(self, db, units) -> None:
        assert_sent_to_login(Client().get(self.detail_url(self.make(self.unit(HOME_UNIT)))))

    @for_roles(reach_limited(Action.VIEW))
    def test_the_detail_page_of_an_object_outside_the_users_units_is_a_404(self, make_user, role) -> None:
        other = self.make(self.unit(OTHER_UNIT))
        response = web_client(self.user(make_user, role)).get(self.detail_url(other))
        assert response.status_code == 404
        assert "Sidan finns inte" in response.text

    @for_roles(allowed_to(Action.VIEW))
    def test_the_detail_page_runs_as_many_queries_however_much_it_shows(
        self, make_user, role, django_assert_num_queries
    ) -> None:
        client, obj = web_client(self.user(make_user, role)), self.make(self.unit(HOME_UNIT))
        self.grow(obj, FEW)
        assert_same_queries(
            lambda: client.get(self.detail_url(obj)), lambda: self.grow(obj, MANY), django_assert_num_queries
        )


class CreatePageTests(ResourceTests):
    """A create form. ``invalid_message`` is the Swedish error ``invalid_data`` must get."""

    create_url: ClassVar[str]
    invalid_message: ClassVar[str]

    def valid_data(self) -> dict[str, Any]:
        raise NotImplementedError

    def invalid_data(self) -> dict[str, Any]:
        raise NotImplementedError

    @for_roles(every_role)
    def test_creating_is_allowed_to_the_roles_allowed_and_audited(self, make_user, role) -> None:
        client = web_client(self.user(make_user, role))
        count, entries = self.model._default_manager.count(), self.entry_count()
        form = client.get(self.create_url)
        response = client.post(self.create_url, self.valid_data())
        if self.may(role, Action.CREATE):
            assert form.status_code == 200
            assert response.status_code == 302, response.status_code
            assert self.model._default_manager.count() == count + 1
            created = self.model._default_manager.latest("pk")
            self.assert_audited("created", created.pk, "web")
        else:
            assert_web_refusal(form)
            assert_web_refusal(response)
            assert self.model._default_manager.count() == count
            assert self.entry_count() == entries

    def create_url_for(self, unit: Unit) -> str | None:
        """The create form for an object under ``unit``, when the URL names where it is created (a
        document for a matter, a decision on one); None when the unit is chosen in the form."""
        return None

    @for_roles(creates_under_units)
    def test_creating_under_another_unit_is_refused_and_saves_nothing(self, make_user, role) -> None:
        url = self.create_url_for(self.unit(OTHER_UNIT))
        assert url is not None
        client = web_client(self.user(make_user, role))
        count, entries = self.model._default_manager.count(), self.entry_count()
        response = client.post(url, self.valid_data())
        assert response.status_code in (403, 404), response.status_code
        assert self.model._default_manager.count() == count
        assert self.entry_count() == entries

    def test_the_create_form_sends_a_signed_out_visitor_to_login(self, db, units) -> None:
        count = self.model._default_manager.count()
        assert_sent_to_login(Client().post(self.create_url, self.valid_data()))
        assert self.model._default_manager.count() == count

    @for_roles(allowed_to(Action.CREATE))
    def test_an_invalid_form_is_a_swedish_400_and_saves_nothing(self, make_user, role) -> None:
        client = web_client(self.user(make_user, role))
        count, entries = self.model._default_manager.count(), self.entry_count()
        response = client.post(self.create_url, self.invalid_data())
        assert response.status_code == 400
        assert self.invalid_message in response.text
        assert self.model._default_manager.count() == count
        assert self.entry_count() == entries


class UpdatePageTests(ResourceTests):
    """An edit form. ``changed_data(obj)`` changes something; ``invalid_change(obj)`` is refused."""

    invalid_message: ClassVar[str]

    def update_url(self, obj: models.Model) -> str:
        raise NotImplementedError

    def changed_data(self, obj: models.Model) -> dict[str, Any]:
        raise NotImplementedError

    def invalid_change(self, obj: models.Model) -> dict[str, Any]:
        raise NotImplementedError

    @for_roles(every_role)
    def test_editing_is_allowed_to_the_roles_allowed_and_audited(self, make_user, role) -> None:
        client, obj = web_client(self.user(make_user, role)), self.make(self.unit(HOME_UNIT))
        before, entries = self.state(obj), self.entry_count()
        form = client.get(self.update_url(obj))
        response = client.post(self.update_url(obj), self.changed_data(obj))
        if self.may(role, Action.CHANGE):
            assert form.status_code == 200
            assert response.status_code == 302, response.status_code
            assert self.state(obj) != before
            self.assert_audited("updated", obj.pk, "web")
        else:
            assert_web_refusal(form)
            assert_web_refusal(response)
            assert self.state(obj) == before
            assert self.entry_count() == entries

    @for_roles(reach_limited(Action.CHANGE))
    def test_the_edit_form_of_an_object_outside_the_users_units_is_a_404(self, make_user, role) -> None:
        client, other = web_client(self.user(make_user, role)), self.make(self.unit(OTHER_UNIT))
        before = self.state(other)
        assert client.get(self.update_url(other)).status_code == 404
        assert client.post(self.update_url(other), self.changed_data(other)).status_code == 404
        assert self.state(other) == before

    def test_the_edit_form_sends_a_signed_out_visitor_to_login(self, db, units) -> None:
        obj = self.make(self.unit(HOME_UNIT))
        before = self.state(obj)
        assert_sent_to_login(Client().post(self.update_url(obj), self.changed_data(obj)))
        assert self.state(obj) == before

    @for_roles(allowed_to(Action.CHANGE))
    def test_an_invalid_edit_is_a_swedish_400_and_changes_nothing(self, make_user, role) -> None:
        client, obj = web_client(self.user(make_user, role)), self.make(self.unit(HOME_UNIT))
        before, entries = self.state(obj), self.entry_count()
        response = client.post(self.update_url(obj), self.invalid_change(obj))
        assert response.status_code == 400
        assert self.invalid_message in response.text
        assert self.state(obj) == before
        assert self.entry_count() == entries


class DeletePageTests(ResourceTests):
    """A delete page: GET asks to confirm, POST deletes."""

    def delete_url(self, obj: models.Model) -> str:
        raise NotImplementedError

    def exists(self, obj: models.Model) -> bool:
        return type(obj)._default_manager.filter(pk=obj.pk).exists()

    @for_roles(every_role)
    def test_deleting_is_allowed_to_the_roles_allowed_and_audited(self, make_user, role) -> None:
        client, obj = web_client(self.user(make_user, role)), self.make(self.unit(HOME_UNIT))
        entries = self.entry_count()
        confirm = client.get(self.delete_url(obj))
        response = client.post(self.delete_url(obj))
        if self.may(role, Action.DELETE):
            assert confirm.status_code == 200
            assert response.status_code == 302, response.status_code
            assert not self.exists(obj)
            self.assert_audited("deleted", obj.pk, "web")
        else:
            assert_web_refusal(confirm)
            assert_web_refusal(response)
            assert self.exists(obj)
            assert self.entry_count() == entries

    @for_roles(reach_limited(Action.DELETE))
    def test_the_delete_page_of_an_object_outside_the_users_units_is_a_404(self, make_user, role) -> None:
        client, other = web_client(self.user(make_user, role)), self.make(self.unit(OTHER_UNIT))
        assert client.post(self.delete_url(other)).status_code == 404
        assert self.exists(other)

    def test_the_delete_page_sends_a_signed_out_visitor_to_login(self, db, units) -> None:
        obj = self.make(self.unit(HOME_UNIT))
        assert_sent_to_login(Client().post(self.delete_url(obj)))
        assert self.exists(obj)


# --- API endpoints ---


def api_client(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def assert_problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    if code is not None:
        assert body["code"] == code
    return body


def assert_api_refusal(response: Any) -> None:
    assert_problem(response, 403, "permission_denied")


def assert_api_needs_sign_in(response: Any) -> None:
    assert response.status_code in (401, 403), response.status_code
    assert response["Content-Type"] == "application/problem+json"


def ids_in(response: Any) -> set[Any]:
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    return {row["id"] for row in rows}


class EndpointTests(ResourceTests):
    """``api_url`` is the collection (``/api/counterparts/``); one object is at ``api_url + pk/``."""

    api_url: ClassVar[str]

    def api_detail_url(self, obj: models.Model) -> str:
        return f"{self.api_url}{obj.pk}/"

    def api_id(self, obj: models.Model) -> Any:
        """The ``id`` the API gives ``obj``."""
        return obj.pk


class ListEndpointTests(EndpointTests):
    @for_roles(every_role)
    def test_the_list_endpoint_answers_the_roles_allowed_and_refuses_the_others(
        self, make_user, role
    ) -> None:
        response = api_client(self.user(make_user, role)).get(self.api_url)
        if self.may(role, Action.VIEW):
            assert response.status_code == 200
        else:
            assert_api_refusal(response)

    def test_the_list_endpoint_asks_a_signed_out_client_to_sign_in(self, db) -> None:
        assert_api_needs_sign_in(APIClient().get(self.api_url))

    @for_roles(reach_limited(Action.VIEW))
    def test_the_list_endpoint_leaves_out_what_lies_outside_the_users_units(self, make_user, role) -> None:
        own, other = self.make(self.unit(HOME_UNIT)), self.make(self.unit(OTHER_UNIT))
        listed = ids_in(api_client(self.user(make_user, role)).get(self.api_url))
        assert self.api_id(own) in listed
        assert self.api_id(other) not in listed

    @for_roles(allowed_to(Action.VIEW))
    def test_the_list_endpoint_runs_as_many_queries_for_many_rows_as_for_few(
        self, make_user, role, django_assert_num_queries
    ) -> None:
        client, home = api_client(self.user(make_user, role)), self.unit(HOME_UNIT)
        self.make_many(FEW, home)
        assert_same_queries(
            lambda: client.get(self.api_url), lambda: self.make_many(MANY, home), django_assert_num_queries
        )


class RetrieveEndpointTests(EndpointTests):
    @for_roles(every_role)
    def test_one_object_is_read_by_the_roles_allowed_and_refused_to_the_others(self, make_user, role) -> None:
        obj = self.make(self.unit(HOME_UNIT))
        response = api_client(self.user(make_user, role)).get(self.api_detail_url(obj))
        if self.may(role, Action.VIEW):
            assert response.status_code == 200
            assert response.json()["id"] == self.api_id(obj)
        else:
            assert_api_refusal(response)

    @for_roles(reach_limited(Action.VIEW))
    def test_an_object_outside_the_users_units_is_a_404_problem(self, make_user, role) -> None:
        other = self.make(self.unit(OTHER_UNIT))
        assert_problem(api_client(self.user(make_user, role)).get(self.api_detail_url(other)), 404)


class CreateEndpointTests(EndpointTests):
    """POST to the collection. ``invalid_field`` is the field ``invalid_payload`` is refused by."""

    invalid_field: ClassVar[str]
    invalid_message: ClassVar[str]

    def valid_payload(self) -> dict[str, Any]:
        raise NotImplementedError

    def invalid_payload(self) -> dict[str, Any]:
        raise NotImplementedError

    @for_roles(every_role)
    def test_creating_through_the_api_is_allowed_to_the_roles_allowed_and_audited(
        self, make_user, role
    ) -> None:
        client = api_client(self.user(make_user, role))
        count, entries = self.model._default_manager.count(), self.entry_count()
        response = client.post(self.api_url, self.valid_payload(), format="json")
        if self.may(role, Action.CREATE):
            assert response.status_code == 201, response.content
            self.assert_audited("created", response.json()["id"], "api")
        else:
            assert_api_refusal(response)
            assert self.model._default_manager.count() == count
            assert self.entry_count() == entries

    def test_creating_through_the_api_needs_sign_in(self, db) -> None:
        count = self.model._default_manager.count()
        assert_api_needs_sign_in(APIClient().post(self.api_url, self.valid_payload(), format="json"))
        assert self.model._default_manager.count() == count

    @for_roles(allowed_to(Action.CREATE))
    def test_an_invalid_payload_is_a_400_problem_in_swedish_and_saves_nothing(self, make_user, role) -> None:
        client = api_client(self.user(make_user, role))
        count, entries = self.model._default_manager.count(), self.entry_count()
        response = client.post(self.api_url, self.invalid_payload(), format="json")
        body = assert_problem(response, 400)
        assert {"field": self.invalid_field, "message": self.invalid_message} in [
            {"field": error.get("field"), "message": error.get("message")} for error in body["errors"]
        ]
        assert self.model._default_manager.count() == count
        assert self.entry_count() == entries


class UpdateEndpointTests(EndpointTests):
    """PATCH to one object."""

    invalid_change_field: ClassVar[str]
    invalid_change_message: ClassVar[str]

    def changed_payload(self, obj: models.Model) -> dict[str, Any]:
        raise NotImplementedError

    def invalid_change_payload(self, obj: models.Model) -> dict[str, Any]:
        raise NotImplementedError

    @for_roles(every_role)
    def test_changing_through_the_api_is_allowed_to_the_roles_allowed_and_audited(
        self, make_user, role
    ) -> None:
        obj = self.make(self.unit(HOME_UNIT))
        client = api_client(self.user(make_user, role))
        before, entries = self.state(obj), self.entry_count()
        response = client.patch(self.api_detail_url(obj), self.changed_payload(obj), format="json")
        if self.may(role, Action.CHANGE):
            assert response.status_code == 200, response.content
            assert self.state(obj) != before
            self.assert_audited("updated", obj.pk, "api")
        else:
            assert_api_refusal(response)
            assert self.state(obj) == before
            assert self.entry_count() == entries

    @for_roles(reach_limited(Action.CHANGE))
    def test_changing_an_object_outside_the_users_units_is_a_404_problem(self, make_user, role) -> None:
        other = self.make(self.unit(OTHER_UNIT))
        before = self.state(other)
        client = api_client(self.user(make_user, role))
        assert_problem(
            client.patch(self.api_detail_url(other), self.changed_payload(other), format="json"), 404
        )
        assert self.state(other) == before

    @for_roles(allowed_to(Action.CHANGE))
    def test_an_invalid_change_is_a_400_problem_in_swedish_and_changes_nothing(self, make_user, role) -> None:
        obj = self.make(self.unit(HOME_UNIT))
        client = api_client(self.user(make_user, role))
        before, entries = self.state(obj), self.entry_count()
        response = client.patch(self.api_detail_url(obj), self.invalid_change_payload(obj), format="json")
        body = assert_problem(response, 400)
        assert {"field": self.invalid_change_field, "message": self.invalid_change_message} in [
            {"field": error.get("field"), "message": error.get("message")} for error in body["errors"]
        ]
        assert self.state(obj) == before
        assert self.entry_count() == entries


class DeleteEndpointTests(EndpointTests):
    @for_roles(every_role)
    def test_deleting_through_the_api_is_allowed_to_the_roles_allowed_and_audited(
        self, make_user, role
    ) -> None:
        obj = self.make(self.unit(HOME_UNIT))
        client = api_client(self.user(make_user, role))
        entries = self.entry_count()
        response = client.delete(self.api_detail_url(obj))
        exists = type(obj)._default_manager.filter(pk=obj.pk).exists()
        if self.may(role, Action.DELETE):
            assert response.status_code == 204, response.content
            assert not exists
            self.assert_audited("deleted", obj.pk, "api")
        else:
            assert_api_refusal(response)
            assert exists
            assert self.entry_count() == entries

    @for_roles(reach_limited(Action.DELETE))
    def test_deleting_an_object_outside_the_users_units_is_a_404_problem(self, make_user, role) -> None:
        other = self.make(self.unit(OTHER_UNIT))
        assert_problem(api_client(self.user(make_user, role)).delete(self.api_detail_url(other)), 404)
        assert type(other)._default_manager.filter(pk=other.pk).exists()
