"""The register's pages: the shared checks for every role, and what registering a matter looks like."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from tests.bases import (
    ALL_ROLES,
    CreatePageTests,
    DetailPageTests,
    ListEndpointTests,
    ListPageTests,
    ResourceTests,
    RetrieveEndpointTests,
    UpdatePageTests,
)
from tests.factories import AuditEntryFactory, CounterpartFactory, EngagementFactory

from omvarld.accounts.models import Role
from omvarld.audit.models import AuditEntry
from omvarld.core.permissions import Action
from omvarld.engagements.models import Engagement, Kind, Status, StoredAssessment
from omvarld.engagements.services import (
    document_file,
    engagement_register,
    engagement_submit,
    engagement_update,
)
from omvarld.engagements.views import EngagementListView
from omvarld.organisation.models import Counterpart, Unit

WORKERS = frozenset({Role.OFFICER, Role.SECRETARY, Role.COORDINATOR, Role.ADMINISTRATOR})


class EngagementResource(ResourceTests):
    """Officers and secretaries see and change their own units' matters; readers only read; nobody
    deletes a matter (it is withdrawn, and keeps its number)."""

    model = Engagement
    unit_field = "unit"
    allowed: ClassVar = {
        Action.VIEW: ALL_ROLES,
        Action.CREATE: WORKERS,
        Action.CHANGE: WORKERS,
        Action.DELETE: frozenset(),
    }
    unit_scoped = frozenset({Role.OFFICER, Role.SECRETARY})

    def grow(self, obj: models.Model, count: int) -> None:
        # A matter's page shows its history.
        AuditEntryFactory.create_batch(count, obj=obj, event="engagement.updated")

    def row_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Engagement)
        return obj.title


class TestEngagementPages(
    ListPageTests, DetailPageTests, CreatePageTests, UpdatePageTests, EngagementResource
):
    list_url = "/register/"
    create_url = "/register/new/invitation/"
    invalid_message = "Det här fältet är obligatoriskt."

    def valid_data(self) -> dict[str, Any]:
        return {"title": "Inbjudan till Eurocities årsmöte", "unit": self.unit("MHN").pk}

    def invalid_data(self) -> dict[str, Any]:
        return {"title": "", "unit": self.unit("MHN").pk}

    def update_url(self, obj: models.Model) -> str:
        return f"/register/{obj.pk}/edit/"

    def changed_data(self, obj: models.Model) -> dict[str, Any]:
        assert isinstance(obj, Engagement)
        return {"title": f"{obj.title} (ändrad)", "unit": obj.unit_id, "lock_version": obj.lock_version}

    def invalid_change(self, obj: models.Model) -> dict[str, Any]:
        assert isinstance(obj, Engagement)
        return {"title": "", "unit": obj.unit_id, "lock_version": obj.lock_version}


class TestEngagementEndpoints(ListEndpointTests, RetrieveEndpointTests, EngagementResource):
    api_url = "/api/engagements/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _register(units: dict[str, Unit], unit: str = "MHN", **values: Any) -> Engagement:
    values.setdefault("kind", Kind.INVITATION)
    values.setdefault("title", "Inbjudan till klimatkonferens i Riga")
    return engagement_register(actor=None, unit=units[unit], **values)


def test_registering_begins_with_the_kind_of_engagement(make_user) -> None:
    page = _client(make_user(Role.OFFICER, "MHN")).get("/register/new/").text
    for kind in Kind.values:
        assert f'href="/register/new/{kind}/"' in page
    assert "Tjänsteresa" in page


def test_the_form_asks_only_what_concerns_the_kind(make_user) -> None:
    client = _client(make_user(Role.OFFICER, "MHN"))
    invitation = client.get("/register/new/invitation/").text
    membership = client.get("/register/new/membership/").text
    assert 'name="travel_paid_by"' in invitation
    assert 'name="travel_paid_by"' not in membership
    assert 'name="participation"' in membership
    assert 'name="participation"' not in invitation


def test_an_unknown_kind_is_a_404(make_user) -> None:
    assert _client(make_user(Role.OFFICER, "MHN")).get("/register/new/planet/").status_code == 404


def test_an_officer_chooses_among_their_own_units_only(make_user) -> None:
    page = _client(make_user(Role.OFFICER, "KS")).get("/register/new/invitation/").text
    options = re.findall(
        r'<option value="\d+"[^>]*>([^<]+)</option>', page.split('name="unit"')[1].split("</select>")[0]
    )
    assert "Kommunstyrelsen" in options
    assert "Internationella beredningen" in options  # a unit below KS
    assert "Trafiknämnden" not in options


def test_an_officer_registers_an_invitation_and_is_responsible_for_it(units, make_user) -> None:
    officer = make_user(Role.OFFICER, "MHN")
    client = _client(officer)
    response = client.post(
        "/register/new/invitation/",
        {
            "title": "Inbjudan till C40:s klimatmöte",
            "unit": units["MHN"].pk,
            "travel_paid_by": "inviter",
            "goals": ["attraktiv", "kostnadseffektiv"],
            "hospitality_offered": "true",
            "funding_city": "2000",
            "funding_inviter": "15000",
            "cost_sek": "17000",
        },
    )
    engagement = Engagement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == engagement.get_absolute_url()
    assert (engagement.responsible, engagement.registered_by) == (officer, officer)
    assert engagement.goals == ["attraktiv", "kostnadseffektiv"]
    assert engagement.funding == {"city": 2000, "inviter": 15000}
    assert engagement.hospitality_offered is True
    page = client.get(response["Location"]).text
    assert f"{engagement.registration_number} registrerades som utkast." in page


def test_the_detail_page_shows_the_assessment_with_its_quoted_passages_and_questions(
    units, make_user
) -> None:
    engagement = _register(units, travel_paid_by="inviter")
    page = _client(make_user(Role.OFFICER, "MHN")).get(engagement.get_absolute_url()).text
    assert "Bedömning mot strategin" in page
    assert "Frågor att besvara" in page
    assert '<blockquote class="citation">' in page
    # A question links to the field of the form that answers it.
    assert re.search(rf'<a href="/register/{engagement.pk}/edit/#id_\w+">', page)
    assert "bedömningen sparas när ärendet lämnas för beslut" in page


def test_in_english_the_assessments_labels_are_english_and_its_reasons_the_engines_swedish(
    units, make_user
) -> None:
    engagement = _register(units, travel_paid_by="inviter")
    engagement_submit(actor=None, engagement=engagement)
    client = _client(make_user(Role.OFFICER, "MHN"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(engagement.get_absolute_url()).text
    assert 'lang="en"' in page
    for swedish in ("Strider mot strategin", "Ofullständigt underlag", "Inte uppfyllt", "Uppgifter saknas"):
        assert swedish not in page
    assert ("Against the strategy" in page) or ("Incomplete: information is missing" in page)
    assert "Not fulfilled" in page or "Information missing" in page
    # What the strategy says stays as it is written: the quoted passages are Swedish.
    assert '<blockquote class="citation">' in page


def test_the_matters_page_shows_what_is_registered_for_its_kind(units, make_user) -> None:
    engagement = _register(
        units,
        travel_paid_by="inviter",
        special_reasons="Staden håller huvudanförandet.",
        funding={"city": 2000, "inviter": 18000},
        cost_sek=20000,
        goals=["attraktiv"],
    )
    page = _client(make_user(Role.READER)).get(engagement.get_absolute_url()).text
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td[^>]*>(.*?)</td></tr>', page))
    assert rows["Finansiering: Staden (kr)"] == "2000"
    assert rows["Finansiering: Den som bjuder in (kr)"] == "18000"
    assert rows["Resan betalas av"] == "Den som bjuder in"
    assert rows["Synnerliga skäl"] == "Staden håller huvudanförandet."
    assert rows["Inriktningsmål"] != "attraktiv"  # the goal by its label, not its code
    assert "Finansiering: EU (kr)" not in rows  # nothing stated is not listed


def test_a_reader_sees_the_matter_but_no_way_to_change_it(units, make_user) -> None:
    engagement = _register(units)
    page = _client(make_user(Role.READER)).get(engagement.get_absolute_url()).text
    assert "Lämna för beslut" not in page
    assert f'href="/register/{engagement.pk}/edit/"' not in page


def test_submitting_from_the_page_keeps_the_assessment_with_the_matter(units, make_user) -> None:
    client = _client(make_user(Role.OFFICER, "MHN"))
    engagement = _register(units)
    response = client.post(f"/register/{engagement.pk}/submit/")
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.status == Status.SUBMITTED
    stored = StoredAssessment.objects.get(engagement=engagement)
    page = client.get(engagement.get_absolute_url()).text
    assert "lämnades för beslut" in page
    assert f"Sparad bedömning enligt {stored.policy_version}" in page
    assert "Lämna för beslut" not in page


def test_a_reader_may_not_submit(units, make_user) -> None:
    engagement = _register(units)
    response = _client(make_user(Role.READER)).post(f"/register/{engagement.pk}/submit/")
    assert response.status_code == 403
    engagement.refresh_from_db()
    assert engagement.status == Status.DRAFT


def test_the_second_of_two_editors_keeps_what_they_typed_and_is_told_why(units, make_user) -> None:
    engagement = _register(units)
    first, second = _client(make_user(Role.OFFICER, "MHN")), _client(make_user(Role.OFFICER, "MHN"))
    # Both open the form at version 1; the first saves.
    for client in (first, second):
        assert 'name="lock_version" value="1"' in client.get(f"/register/{engagement.pk}/edit/").text
    saved = first.post(
        f"/register/{engagement.pk}/edit/",
        {"title": "Förstas rubrik", "unit": units["MHN"].pk, "lock_version": "1"},
    )
    assert saved.status_code == 302
    refused = second.post(
        f"/register/{engagement.pk}/edit/",
        {"title": "Andras rubrik", "unit": units["MHN"].pk, "lock_version": "1"},
    )
    assert refused.status_code == 409
    assert "Någon annan sparade" in refused.text
    assert 'value="Andras rubrik"' in refused.text  # what the second typed is still on the page
    engagement.refresh_from_db()
    assert engagement.title == "Förstas rubrik"
    # The page shows what was saved beside what the second typed, and starts from the saved version:
    # having compared, the second saves over it.
    panel = refused.text.split('id="saved-meanwhile-heading"')[1].split("</section>")[0]
    assert re.search(r"<th scope=\"row\">Rubrik</th><td>Förstas rubrik</td><td>Andras rubrik</td>", panel)
    assert "Ägande enhet" not in panel  # the fields both hold alike are not listed
    assert 'name="lock_version" value="2"' in refused.text
    again = second.post(
        f"/register/{engagement.pk}/edit/",
        {"title": "Andras rubrik", "unit": units["MHN"].pk, "lock_version": "2"},
    )
    assert again.status_code == 302
    engagement.refresh_from_db()
    assert engagement.title == "Andras rubrik"


@pytest.mark.parametrize("lock_version", [None, "", "abc"])
def test_a_change_that_does_not_say_which_version_it_started_from_is_refused(
    units, make_user, lock_version
) -> None:
    engagement = _register(units)
    sent = {"title": "Ny rubrik", "unit": units["MHN"].pk}
    if lock_version is not None:
        sent["lock_version"] = lock_version
    refused = _client(make_user(Role.OFFICER, "MHN")).post(f"/register/{engagement.pk}/edit/", sent)
    assert refused.status_code == 400
    assert "vilken version av ärendet" in refused.text
    assert 'value="Ny rubrik"' in refused.text
    engagement.refresh_from_db()
    assert engagement.title != "Ny rubrik"


def test_a_decided_matter_offers_no_change(units, make_user) -> None:
    engagement = EngagementFactory(unit=units["MHN"], status=Status.DECIDED)
    page = _client(make_user(Role.OFFICER, "MHN")).get(engagement.get_absolute_url()).text
    assert f'href="/register/{engagement.pk}/edit/"' not in page


def test_the_list_filters_by_kind_and_finds_by_number(units, make_user) -> None:
    trip = _register(units, kind=Kind.TRIP, title="Studieresa till Oslo")
    _register(units, kind=Kind.MEMBERSHIP, title="Medlemskap i Eurocities")
    client = _client(make_user(Role.READER))
    trips = client.get("/register/", {"kind": "trip"}).text
    assert "Studieresa till Oslo" in trips
    assert "Medlemskap i Eurocities" not in trips
    found = client.get("/register/", {"q": trip.registration_number}).text
    assert "Studieresa till Oslo" in found
    assert "Medlemskap i Eurocities" not in found


def test_the_list_shows_the_outcome_of_a_submitted_matter(units, make_user) -> None:
    engagement = _register(units)
    engagement_submit(actor=None, engagement=engagement)
    page = _client(make_user(Role.READER)).get("/register/").text
    assert "Inte inlämnat" not in page
    assert re.search(r'<span class="outcome outcome--(approve|reject|incomplete)">', page)


# --- A counterpart added on the spot ---

OSLO = {
    "new_counterpart_name": "Oslo kommune",
    "new_counterpart_type": "city",
    "new_counterpart_country": "Norge",
    "new_counterpart_city": "Oslo",
}


def test_an_officer_adds_the_counterpart_with_the_engagement_and_its_place_is_resolved(
    units, make_user
) -> None:
    client = _client(make_user(Role.OFFICER, "MHN"))

    response = client.post(
        "/register/new/agreement/", {"title": "Avtal om klimatsamarbete", "unit": units["MHN"].pk, **OSLO}
    )

    assert response.status_code == 302
    engagement = Engagement.objects.get()
    oslo = engagement.counterpart
    assert (oslo.name, oslo.country, oslo.city_name, oslo.is_capital) == ("Oslo kommune", "NO", "Oslo", True)
    assert set(AuditEntry.objects.values_list("event", flat=True)) >= {
        "counterpart.created",
        "engagement.created",
    }


def test_a_counterpart_already_in_the_register_is_used_not_doubled(units, make_user) -> None:
    existing = CounterpartFactory(name="Oslo kommune", country="NO")
    client = _client(make_user(Role.OFFICER, "MHN"))

    client.post("/register/new/agreement/", {"title": "Avtal", "unit": units["MHN"].pk, **OSLO})

    assert Engagement.objects.get().counterpart == existing
    assert Counterpart.objects.filter(name="Oslo kommune").count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"new_counterpart_type": ""}, "new_counterpart_type", "Okänd typ"),
        ({"new_counterpart_country": "Atlantis"}, "new_counterpart_country", "Atlantis"),
        ({"new_counterpart_name": ""}, "new_counterpart_name", "Ange ett namn."),
    ],
)
def test_a_new_counterpart_that_cannot_be_saved_saves_nothing(
    units, make_user, change, field, message
) -> None:
    client = _client(make_user(Role.OFFICER, "MHN"))
    entries = AuditEntry.objects.count()

    response = client.post(
        "/register/new/agreement/", {"title": "Avtal", "unit": units["MHN"].pk, **OSLO, **change}
    )

    assert response.status_code == 400
    assert message in response.text
    assert re.search(
        f'<[^>]*aria-invalid="true"[^>]*id="id_{field}"|<[^>]*id="id_{field}"[^>]*aria-invalid', response.text
    )
    assert not Engagement.objects.exists()
    assert not Counterpart.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_a_counterpart_is_chosen_or_added_not_both(units, make_user) -> None:
    chosen = CounterpartFactory()
    client = _client(make_user(Role.OFFICER, "MHN"))

    response = client.post(
        "/register/new/agreement/",
        {"title": "Avtal", "unit": units["MHN"].pk, "counterpart": chosen.pk, **OSLO},
    )

    assert response.status_code == 400
    assert "Välj en motpart i listan eller lägg till en ny, inte båda." in response.text
    assert not Engagement.objects.exists()


def test_the_live_assessment_reads_the_counterpart_being_added(units, make_user) -> None:
    client = _client(make_user(Role.OFFICER, "MHN"))
    base = {"title": "Avtal om klimatsamarbete", "unit": units["MHN"].pk, "agreement_type": "cooperation"}

    capital = client.post("/register/assess/agreement/", {**base, **OSLO}).text
    not_capital = client.post(
        "/register/assess/agreement/", {**base, **OSLO, "new_counterpart_city": "Bergen"}
    ).text

    assert "outcome--reject" in not_capital
    assert "outcome--reject" not in capital
    assert not Counterpart.objects.exists()


def _rows(page: str) -> list[str]:
    """The titles in the register table, in the order shown."""
    return re.findall(r'<td class="wrap-anywhere"><a href="/register/\d+/">([^<]*)</a>', page)


def test_the_list_filters_by_outcome_deciding_body_country_and_counterpart(units, make_user) -> None:
    oslo = CounterpartFactory(name="Oslo kommune", country="NO")
    berlin = CounterpartFactory(name="Senatsverwaltung Berlin", country="DE")
    submitted = _register(units, title="Inbjudan från Oslo", counterpart=oslo)
    engagement_submit(actor=None, engagement=submitted)
    _register(units, title="Inbjudan från Berlin", counterpart=berlin)
    client = _client(make_user(Role.READER))

    def shown(**filters: str) -> list[str]:
        return _rows(client.get("/register/", filters).text)

    submitted.refresh_from_db()
    assert shown(outcome=submitted.latest_outcome) == ["Inbjudan från Oslo"]
    assert shown(decided_by=submitted.deciding_body.code) == ["Inbjudan från Oslo"]
    assert shown(country="Norge") == ["Inbjudan från Oslo"]
    assert shown(country="DE") == ["Inbjudan från Berlin"]
    assert shown(counterpart="senatsverw") == ["Inbjudan från Berlin"]


def test_the_list_is_sorted_as_asked(units, make_user) -> None:
    for title in ["Bergen", "Aalborg", "Cork"]:
        _register(units, title=title)
    client = _client(make_user(Role.READER))
    assert _rows(client.get("/register/").text) == ["Cork", "Aalborg", "Bergen"]
    assert _rows(client.get("/register/", {"sort": "title"}).text) == ["Aalborg", "Bergen", "Cork"]
    assert _rows(client.get("/register/", {"sort": "-title"}).text) == ["Cork", "Bergen", "Aalborg"]
    assert _rows(client.get("/register/", {"sort": "number"}).text) == ["Bergen", "Aalborg", "Cork"]


def test_an_unknown_order_is_refused_by_the_filter_form(units, make_user) -> None:
    _register(units, title="Bergen")
    page = _client(make_user(Role.READER)).get("/register/", {"sort": "registered_at"}).text
    assert "Välj ett giltigt alternativ" in page


def test_the_list_pages_forwards_and_back_and_counts_what_matches(units, make_user, monkeypatch) -> None:
    monkeypatch.setattr(EngagementListView, "page_size", 2)
    for number in range(5):
        _register(units, title=f"Resa {number}", kind=Kind.TRIP)
    _register(units, title="Medlemskap", kind=Kind.MEMBERSHIP)
    client = _client(make_user(Role.READER))

    seen, page = [], client.get("/register/", {"kind": "trip", "sort": "title"}).text
    assert "5 ärenden matchar." in page
    while True:
        seen.append(_rows(page))
        following = re.search(r'href="\?([^"]*)" rel="next"', page)
        if following is None:
            break
        page = client.get("/register/?" + following.group(1).replace("&amp;", "&")).text
    assert seen == [["Resa 0", "Resa 1"], ["Resa 2", "Resa 3"], ["Resa 4"]]

    earlier = re.search(r'href="\?([^"]*)" rel="prev"', page)
    assert earlier is not None
    back = client.get("/register/?" + earlier.group(1).replace("&amp;", "&")).text
    assert _rows(back) == ["Resa 2", "Resa 3"]


def test_the_api_pages_by_keyset_with_next_and_previous_links(units, make_user) -> None:
    for number in range(5):
        _register(units, title=f"Resa {number}", kind=Kind.TRIP)
    client = _client(make_user(Role.READER))

    titles, url = [], "/api/engagements/?limit=2&sort=title"
    while url:
        page = client.get(url).json()
        assert (page["count"], page["count_is_capped"]) == (5, False)
        titles.append([row["title"] for row in page["results"]])
        url = page["next"]
    assert titles == [["Resa 0", "Resa 1"], ["Resa 2", "Resa 3"], ["Resa 4"]]

    back = client.get(page["previous"]).json()
    assert [row["title"] for row in back["results"]] == ["Resa 2", "Resa 3"]


def test_a_broken_cursor_in_the_api_is_a_404_problem(units, make_user) -> None:
    response = _client(make_user(Role.READER)).get("/api/engagements/", {"after": "W10"})
    assert response.status_code == 404
    assert response.json()["code"] == "invalid_cursor"
    assert response.json()["title"].startswith("Länken till den här sidan av listan är ogiltig")


def test_a_broken_page_link_gets_a_swedish_message(units, make_user) -> None:
    _register(units)
    response = _client(make_user(Role.READER)).get("/register/", {"after": "inte-en-sida"})
    assert response.status_code == 404
    assert "Länken till den här sidan av listan är ogiltig" in response.text


# --- The live assessment ---


def test_the_form_shows_the_assessment_of_what_it_holds(make_user) -> None:
    page = _client(make_user(Role.OFFICER, "MHN")).get("/register/new/invitation/").text
    assert 'id="live-assessment"' in page
    assert "Bedömning mot strategin" in page
    assert 'hx-post="/register/assess/invitation/"' in page
    # A question links to its field on the same page.
    assert re.search(r'<a href="#id_\w+">', page)


def test_the_live_assessment_follows_what_is_typed_and_saves_nothing(units, make_user) -> None:
    client = _client(make_user(Role.OFFICER, "MHN"))
    base = {"title": "Inbjudan till Riga", "unit": units["MHN"].pk}
    entries = AuditEntry.objects.count()
    inviter = client.post("/register/assess/invitation/", {**base, "travel_paid_by": "inviter"})
    city = client.post("/register/assess/invitation/", {**base, "travel_paid_by": "city"})
    assert inviter.status_code == city.status_code == 200
    assert "<html" not in inviter.text  # a fragment, for the form's aside
    assert "Har en mutbedömning gjorts" in inviter.text  # the inviter pays: a bribery check is needed
    assert "Har en mutbedömning gjorts" not in city.text
    assert not Engagement.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_the_live_assessment_reads_what_it_can_of_a_form_with_errors(units, make_user) -> None:
    response = _client(make_user(Role.OFFICER, "MHN")).post(
        "/register/assess/invitation/",
        {"title": "x" * 500, "unit": "inte-ett-id", "cost_sek": "många", "travel_paid_by": "inviter"},
    )
    assert response.status_code == 200
    assert "Har en mutbedömning gjorts" in response.text


def test_a_reader_gets_no_live_assessment(make_user) -> None:
    response = _client(make_user(Role.READER)).post("/register/assess/invitation/", {"title": "x"})
    assert response.status_code == 403


def test_the_live_assessment_of_an_unknown_kind_is_a_404(make_user) -> None:
    assert _client(make_user(Role.OFFICER, "MHN")).post("/register/assess/planet/", {}).status_code == 404


def test_an_officer_finds_their_own_matters(units, make_user) -> None:
    officer, colleague = make_user(Role.OFFICER, "MHN"), make_user(Role.OFFICER, "MHN")
    engagement_register(
        actor=officer, kind=Kind.TRIP, title="Min resa", unit=units["MHN"], responsible=officer
    )
    engagement_register(
        actor=colleague, kind=Kind.TRIP, title="Kollegans resa", unit=units["MHN"], responsible=colleague
    )
    client = _client(officer)
    mine = client.get("/register/", {"mine": "true"}).text
    assert "Min resa" in mine
    assert "Kollegans resa" not in mine
    start = client.get("/").text
    assert "Mina öppna ärenden: 1" in start
    assert 'href="/register/?mine=true"' in start


def test_a_secretary_sees_the_queue_of_their_body_on_the_start_page(units, make_user) -> None:
    engagement = engagement_register(
        actor=None,
        kind=Kind.TRIP,
        title="Studieresa",
        unit=units["MHN"],
        goals=["attraktiv"],
        benefit="Lärdomar",
        travel_paid_by="city",
    )
    engagement_submit(actor=None, engagement=engagement)
    engagement.refresh_from_db()
    assert engagement.deciding_body is not None
    code = engagement.deciding_body.code
    secretary = make_user(Role.SECRETARY, code)
    start = _client(secretary).get("/").text
    assert f'href="/register/queues/{code}/"' in start
    assert "1 ärende väntar på beslut" in start
    other = _client(make_user(Role.SECRETARY, "TN")).get("/").text
    assert "Inget ärende väntar på beslut." in other


def test_the_list_reads_the_units_once_for_both_of_its_unit_filters(units, make_user) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(make_user(Role.READER))
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/register/", {"unit": "MHN", "decided_by": "KS"})
    assert page.status_code == 200
    unit_lists = [
        q
        for q in queries.captured_queries
        if 'FROM "organisation_unit"' in q["sql"]
        and '"organisation_unit"."name"' in q["sql"]
        and "WHERE" not in q["sql"].split("FROM")[1]
    ]
    assert len(unit_lists) == 1
    assert page.text.count('<option value="MHN"') == 2


# --- The matter's history ---


def test_the_history_holds_what_was_recorded_with_the_matter_and_hides_a_secret_document(
    units, make_user
) -> None:
    engagement = _register(units)
    document_file(
        actor=None,
        engagement=engagement,
        upload=SimpleUploadedFile("program.txt", b"Program"),
        title="Program",
    )
    document_file(
        actor=None,
        engagement=engagement,
        upload=SimpleUploadedFile("hemligt.txt", b"Hemligt"),
        title="Hemligt",
        secret=True,
        secrecy_ground_text="15 kap. 1 § OSL",
    )
    officer = _client(make_user(Role.OFFICER, "MHN")).get(engagement.get_absolute_url()).text
    history = officer.split('id="history-heading"')[1]
    assert history.count("Handling diarieförd") == 2  # the unit's officer may see the secret one
    assert "Ärende registrerat" in history
    reader = _client(make_user(Role.READER)).get(engagement.get_absolute_url()).text
    assert reader.split('id="history-heading"')[1].count("Handling diarieförd") == 1


def test_a_long_history_is_read_whole_on_its_own_page_newest_first(units, make_user) -> None:
    engagement = _register(units)
    for number in range(1, 26):
        engagement_update(actor=None, engagement=engagement, title=f"Inbjudan nr {number}")
    client = _client(make_user(Role.OFFICER, "MHN"))
    detail = client.get(engagement.get_absolute_url()).text
    assert f'href="/register/{engagement.pk}/history/"' in detail
    assert detail.split('id="history-heading"')[1].count("Ärende ändrat") == 20

    first = client.get(f"/register/{engagement.pk}/history/")
    assert first.status_code == 200
    assert first.text.count("Ärende ändrat") == 25
    assert "Ärende registrerat" in first.text
    assert first.text.index("Inbjudan nr 25") < first.text.index("Inbjudan nr 1<")


def test_the_history_page_of_a_matter_the_user_may_not_see_is_a_404(units, make_user) -> None:
    engagement = _register(units, unit="KS")
    assert (
        _client(make_user(Role.OFFICER, "MHN")).get(f"/register/{engagement.pk}/history/").status_code == 404
    )
