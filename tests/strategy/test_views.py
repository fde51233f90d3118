"""The strategy's pages: the shared checks for every role, and what each page shows."""

from __future__ import annotations

import io
import itertools
from typing import Any, ClassVar

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.bases import (
    ALL_ROLES,
    CreatePageTests,
    DeletePageTests,
    DetailPageTests,
    ListPageTests,
    ResourceTests,
    body_text,
)
from tests.factories import DRAFT_YAML, LessonFactory, PolicyDraftFactory
from tests.strategy.matters import agreement, motion, submitted

from omvarld.accounts.models import Role
from omvarld.core.permissions import Action
from omvarld.engagements.models import Engagement, Kind
from omvarld.jobs.models import Job
from omvarld.organisation.models import Unit
from omvarld.strategy.models import PolicyDraft

CITY_WIDE = frozenset({Role.COORDINATOR, Role.READER, Role.ADMINISTRATOR})
UNIT_BOUND = frozenset({Role.OFFICER, Role.SECRETARY})
_numbers = itertools.count(1)


class ChangedMatters(ResourceTests):
    """Matters that the reservation would judge otherwise: agreements with a city that is no capital."""

    model = Engagement
    unit_field = "unit"

    def make(self, unit: Unit) -> models.Model:
        return agreement(unit, "hamburg", title=f"Samarbetsavtal nr {next(_numbers)} med Hamburg")

    def row_text(self, obj: models.Model) -> str:
        assert isinstance(obj, Engagement)
        return obj.title


class TestGuidelinePage(ListPageTests, ChangedMatters):
    """A guideline's page lists the matters whose assessment cites its passage: those the user may see."""

    list_url = "/strategy/guidelines/strategi.verksamhet.samarbetsavtal/"
    allowed: ClassVar = {Action.VIEW: ALL_ROLES}
    unit_scoped = UNIT_BOUND


class TestWhatIfPage(ListPageTests, ChangedMatters):
    """The form, filled in by a link; the comparison itself is a job (``compared`` below)."""

    list_url = "/strategy/what-if/?a=stockholm-2008&b=reservation-2008&scope=all"
    allowed: ClassVar = {Action.VIEW: CITY_WIDE}


COMPARISON = {"a": "stockholm-2008", "b": "reservation-2008", "scope": "all"}


def compared(client: Client, **params: str) -> Any:
    """Start a what-if from its form, and follow it to the page of its job (run at once in the tests)."""
    return client.post("/strategy/what-if/", {**COMPARISON, **params}, follow=True)


class TestWhatIfExport(ListPageTests, ChangedMatters):
    list_url = "/strategy/what-if/export.csv?a=stockholm-2008&b=reservation-2008&scope=all"
    allowed: ClassVar = {Action.VIEW: CITY_WIDE}


class TestPriorityPage(ListPageTests, ChangedMatters):
    """What awaits a decision, ranked: for every role, each within its reach."""

    list_url = "/strategy/priorities/"
    allowed: ClassVar = {Action.VIEW: ALL_ROLES}
    unit_scoped = UNIT_BOUND


class StudyPages(ResourceTests):
    """The study material lists no matter; its query count stays the same however large the register."""

    model = Engagement
    unit_field = "unit"
    allowed: ClassVar = {Action.VIEW: ALL_ROLES}


class TestStrategyIndexPage(ListPageTests, StudyPages):
    list_url = "/strategy/"


class TestSourceTextPage(ListPageTests, StudyPages):
    list_url = "/strategy/text/"


class TestSearchPage(ListPageTests, StudyPages):
    list_url = "/strategy/search/?q=huvudst%C3%A4der"


class TestDraftPages(ListPageTests, DetailPageTests, CreatePageTests, DeletePageTests):
    model = PolicyDraft
    allowed: ClassVar = {
        Action.VIEW: CITY_WIDE,
        Action.CREATE: frozenset({Role.COORDINATOR, Role.ADMINISTRATOR}),
        Action.DELETE: frozenset({Role.COORDINATOR, Role.ADMINISTRATOR}),
    }
    list_url = "/strategy/drafts/"
    create_url = "/strategy/drafts/new/"
    invalid_message = "ogiltig YAML på rad 2, kolumn 1"

    def make(self, unit: Unit) -> models.Model:
        return PolicyDraftFactory()

    def row_text(self, obj: models.Model) -> str:
        assert isinstance(obj, PolicyDraft)
        return obj.policy_id

    def valid_data(self) -> dict[str, Any]:
        content = DRAFT_YAML.format(id=f"webbutkast-{next(_numbers)}").encode()
        return {"file": SimpleUploadedFile("utkast.yaml", content, content_type="text/yaml")}

    def invalid_data(self) -> dict[str, Any]:
        return {"file": SimpleUploadedFile("utkast.yaml", b"id: [unclosed\n", content_type="text/yaml")}

    def delete_url(self, obj: models.Model) -> str:
        return f"/strategy/drafts/{obj.pk}/delete/"


# --- What the pages show ---------------------------------------------------------------------------------


def client_for(make_user, role: Role = Role.COORDINATOR, unit: str | None = None) -> Client:
    client = Client()
    client.force_login(make_user(role, unit or ("MHN" if role in UNIT_BOUND else None)))
    return client


def test_a_guideline_shows_its_passage_its_rules_its_cases_and_its_matters(make_user, units) -> None:
    cites = agreement(units["KS"], "hamburg")
    other = submitted(units["KS"], Kind.VISIT, "Besök från Tallinn", travel_paid_by="none")
    page = client_for(make_user).get("/strategy/guidelines/strategi.verksamhet.samarbetsavtal/").text
    assert "I enstaka fall tecknar Stockholms stad samarbetsavtal med andra huvudstäder" in page
    assert "Samarbetsavtal bara med andra huvudstäder" in page  # agreement.capitals_only
    assert "(agreement.capitals_only)" in page
    assert "general_subject_words" in page  # a parameter value whose source it is
    assert "Samarbetsavtal med Greater London Authority" in page  # an example case
    assert cites.title in page
    assert other.title not in page
    assert 'href="/strategy/text/#p' in page


def test_a_guideline_shows_the_lessons_learnt_in_the_matters_that_cite_it(make_user, units) -> None:
    cites = agreement(units["KS"], "hamburg")
    mhn = agreement(units["MHN"], "hamburg", title="Samarbetsavtal med Hamburg om miljö")
    other = submitted(units["KS"], Kind.VISIT, "Besök från Tallinn", travel_paid_by="none")
    LessonFactory(engagement=cites, text="Hamburgs hamn delar gärna sina data.", subject_area="hamnar")
    LessonFactory(engagement=mhn, text="Gröna tak i Hamburg fördröjer dagvatten.")
    LessonFactory(engagement=other, text="Ett besök utan avtal lär oss inget om avtal.")
    url = "/strategy/guidelines/strategi.verksamhet.samarbetsavtal/"

    page = client_for(make_user, Role.COORDINATOR).get(url).text
    lessons = page.split('id="lessons-heading"')[1]
    assert "Hamburgs hamn delar gärna sina data." in lessons
    assert (
        f'href="{cites.get_absolute_url()}">{cites.registration_number} {cites.title}</a> – hamnar' in lessons
    )
    assert "Gröna tak i Hamburg fördröjer dagvatten." in lessons
    assert "Ett besök utan avtal" not in lessons  # its matter does not cite the passage

    officer = client_for(make_user, Role.OFFICER).get(url).text.split('id="lessons-heading"')[1]
    assert "Gröna tak i Hamburg" in officer  # MHN's own
    assert "Hamburgs hamn" not in officer  # KS's matter, which an officer of MHN may not see


def test_a_guideline_shows_the_latest_lessons_in_a_fixed_number_of_queries(
    make_user, units, django_assert_num_queries
) -> None:
    cites = agreement(units["KS"], "hamburg")
    client = client_for(make_user, Role.COORDINATOR)
    url = "/strategy/guidelines/strategi.verksamhet.samarbetsavtal/"
    LessonFactory(engagement=cites)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    LessonFactory.create_batch(25, engagement=cites)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).text
    assert len(many) == len(few)
    assert page.split('id="lessons-heading"')[1].count("<li>") == 20
    assert "De senaste 20 lärdomarna" in page


def test_an_unknown_guideline_is_a_404(make_user) -> None:
    response = client_for(make_user).get("/strategy/guidelines/strategi.finns_inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.text


def test_every_citation_on_a_matters_page_links_to_its_guideline(make_user, units) -> None:
    matter = motion(units["KS"])
    page = client_for(make_user).get(matter.get_absolute_url()).text
    assert 'href="/strategy/guidelines/strategi.verksamhet.samarbetsavtal/"' in page
    assert 'href="/strategy/guidelines/strategi.principer.bistand/"' in page


def test_the_live_assessment_links_its_citations_too(make_user) -> None:
    response = client_for(make_user, Role.OFFICER).post(
        "/register/assess/agreement/", {"title": "Avtal", "agreement_type": "twin_city"}
    )
    assert 'href="/strategy/guidelines/strategi.verksamhet.vanort/"' in response.text


def test_the_index_lists_every_guideline_and_offers_the_what_if_only_to_the_city_wide_roles(
    make_user,
) -> None:
    page = client_for(make_user).get("/strategy/").text
    assert 'href="/strategy/guidelines/strategi.syfte.prioriteringar/"' in page
    assert 'href="/strategy/guidelines/reservation.medfinansiering/"' in page
    assert 'href="/strategy/what-if/"' in page
    officer_page = client_for(make_user, Role.OFFICER).get("/strategy/").text
    assert 'href="/strategy/what-if/"' not in officer_page
    assert 'href="/strategy/priorities/"' in officer_page


def test_the_text_marks_each_guidelines_passage_with_a_link(make_user) -> None:
    page = client_for(make_user, Role.READER).get("/strategy/text/").text
    assert 'id="p1"' in page
    assert 'href="/strategy/guidelines/strategi.principer.bistand/"' in page
    assert "<h2" in page
    assert "Bilaga 2 › Syfte" in page


def test_search_marks_the_words_found_and_links_to_the_text_and_the_guideline(make_user) -> None:
    page = (
        client_for(make_user, Role.OFFICER).get("/strategy/search/", {"q": "samarbetsavtal huvudstäder"}).text
    )
    assert "<mark>samarbetsavtal</mark>" in page
    assert "<mark>huvudstäder</mark>" in page
    assert 'href="/strategy/guidelines/strategi.verksamhet.samarbetsavtal/"' in page
    assert "1 stycke innehåller ”samarbetsavtal huvudstäder”." in page


def test_search_escapes_what_it_shows(make_user) -> None:
    page = client_for(make_user, Role.OFFICER).get("/strategy/search/", {"q": "<script>"}).text
    assert "<script>" not in page.split("</header>", 1)[1]
    assert "0 stycken innehåller" in page


def test_a_search_too_long_is_refused_with_a_swedish_message(make_user) -> None:
    response = client_for(make_user, Role.OFFICER).get("/strategy/search/", {"q": "x" * 201})
    assert response.status_code == 400
    assert "har som mest 200 tecken" in response.text


def test_the_what_if_form_starts_from_the_version_in_force_and_the_reservation(make_user) -> None:
    page = client_for(make_user).get("/strategy/what-if/").text
    assert '<option value="stockholm-2008" selected>' in page
    assert '<option value="reservation-2008" selected>' in page
    assert "ärenden jämförda" not in page


def test_the_what_if_shows_the_changes_grouped_with_both_passages(make_user, units) -> None:
    agreement(units["KS"], "hamburg")
    motion(units["KS"])
    agreement(units["KS"], "london", title="Samarbetsavtal med London")
    response = compared(client_for(make_user))
    assert response.redirect_chain[0][0].startswith("/strategy/what-if/?job=")
    page = response.text
    assert "3 ärenden jämförda." in page
    assert "2 får ett annat utfall eller beslutande organ." in page
    assert "Motion (2001:71)" in page
    assert "Samarbetsavtal med London" not in page
    assert "I enstaka fall tecknar Stockholms stad samarbetsavtal med andra huvudstäder" in page
    assert "bidrag till finansiering eller medfinansiering" in page
    assert "Versionen har ingen sådan regel." in page
    assert 'href="/strategy/guidelines/reservation.medfinansiering/"' in page
    assert "UTKAST" not in page


def test_a_group_of_the_what_if_shows_its_matters_only(make_user, units) -> None:
    agreement(units["KS"], "hamburg")
    motion(units["KS"])
    client = client_for(make_user)
    response = compared(client)
    page = response.text
    groups = [line for line in page.splitlines() if "&amp;group=" in line]
    assert groups
    motion_group = client.get(response.redirect_chain[0][0] + "&group=1").text
    assert "Motion (2001:71)" in motion_group
    assert "med Hamburg om hamnutveckling</a></h3>" not in motion_group


def test_a_draft_is_marked_on_the_what_if(make_user, units) -> None:
    agreement(units["KS"], "hamburg")
    draft = PolicyDraftFactory()
    page = (
        client_for(make_user).get(f"/strategy/what-if/?a=stockholm-2008&b={draft.reference}&scope=all").text
    )
    assert "UTKAST" in page
    assert "inget ärende bedöms någonsin under det" in page


def test_wrong_what_if_parameters_are_a_swedish_400(make_user) -> None:
    client = client_for(make_user)
    same = compared(client, b="stockholm-2008")
    assert same.status_code == 400
    assert "Välj två olika policyversioner att jämföra." in same.text
    unknown = compared(client, b="draft:404")
    assert unknown.status_code == 400
    export = client.get("/strategy/what-if/export.csv?a=stockholm-2008&b=nej")
    assert export.status_code == 400
    assert "Välj en av policyversionerna i listan." in export.text
    assert client.get("/strategy/what-if/export.pdf?a=stockholm-2008&b=reservation-2008").status_code == 404


def test_the_what_if_export_has_a_row_per_finding_with_both_sides_formulas_neutralised(
    make_user, units
) -> None:
    agreement(units["KS"], "hamburg", title='=HYPERLINK("http://x")')
    csv = body_text(
        client_for(make_user).get(TestWhatIfPage.list_url.replace("/what-if/?", "/what-if/export.csv?"))
    )
    lines = csv.splitlines()
    assert lines[0].startswith(
        "Diarienummer,Rubrik,Ärendeslag,Enhet,Status,Bedömningsdag,Utfall (stockholm-2008)"
    )
    assert "'=HYPERLINK" in csv
    assert "agreement.capitals_only,Inte uppfyllt" in csv
    assert "Gäller inte" in csv


def test_the_what_if_export_as_a_workbook(make_user, units) -> None:
    from openpyxl import load_workbook

    agreement(units["KS"], "hamburg")
    response = client_for(make_user).get("/strategy/what-if/export.xlsx?a=stockholm-2008&b=reservation-2008")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Diarienummer"
    assert {row[10] for row in rows[1:]} >= {"agreement.capitals_only"}


def test_a_broken_draft_shows_every_problem_by_the_file_field(make_user) -> None:
    content = DRAFT_YAML.format(id="trasig").replace("status: alternative", "status: kanske")
    content = content.replace("  - communication.brand", "  - finns.inte")
    response = client_for(make_user).post(
        "/strategy/drafts/new/", {"file": SimpleUploadedFile("trasig.yaml", content.encode())}
    )
    assert response.status_code == 400
    assert "status måste vara in_force, alternative eller historical" in response.text
    assert "grundversionen har ingen regel &#x27;finns.inte&#x27;" in response.text
    assert not PolicyDraft.objects.exists()


def test_a_kept_draft_leads_to_its_what_if_and_its_page_shows_what_it_changes(make_user) -> None:
    client = client_for(make_user)
    response = client.post(
        "/strategy/drafts/new/",
        {"file": SimpleUploadedFile("utkast.yaml", DRAFT_YAML.format(id="utan-varumarke").encode())},
    )
    draft = PolicyDraft.objects.get()
    assert response["Location"] == f"/strategy/what-if/?a=stockholm-2008&b=draft%3A{draft.pk}&scope=all"
    page = client.get(draft.get_absolute_url()).text
    assert "UTKAST" in page
    assert "Borttagen:" in page
    assert "(communication.brand)" in page
    assert "remove_rules:" in page  # the file itself


def test_the_prioritisation_ranks_what_awaits_a_decision_term_by_term(make_user, units) -> None:
    london = agreement(units["KS"], "london", title="Samarbetsavtal med London")
    hamburg = agreement(units["KS"], "hamburg")
    page = client_for(make_user).get("/strategy/priorities/").text
    assert page.index(london.title) < page.index(hamburg.title)  # approved before rejected
    assert "Kommunfullmäktiges inriktningsmål" in page
    assert "Vikt × värde" in page
    assert "Strategin ska kunna användas för prioriteringar" in page


def test_the_prioritisation_filters_requests_from_others_and_the_units_own_initiatives(
    make_user, units
) -> None:
    own = agreement(units["KS"], "london", title="Samarbetsavtal med London")
    request = submitted(
        units["KS"],
        Kind.REQUEST,
        "Förfrågan från Vilnius om samarbete",
        origin="external",
        requested_kind=Kind.AGREEMENT,
    )
    client = client_for(make_user)
    requests = client.get("/strategy/priorities/", {"origin": "requests"}).text
    assert request.title in requests
    assert own.title not in requests
    initiatives = client.get("/strategy/priorities/", {"origin": "initiatives"}).text
    assert own.title in initiatives
    assert request.title not in initiatives
    by_unit = client.get("/strategy/priorities/", {"unit": "MHN"}).text
    assert own.title not in by_unit


@pytest.mark.parametrize("role", [Role.OFFICER, Role.READER])
def test_the_navigation_offers_the_strategy_to_every_role(make_user, role: Role) -> None:
    page = client_for(make_user, role).get("/").text
    assert '<a href="/strategy/">Strategi</a>' in page


def test_a_what_if_job_is_shown_and_exported_from_its_kept_result_to_those_who_see_the_job(
    make_user, units
) -> None:
    agreement(units["KS"], "hamburg")
    reader = client_for(make_user, Role.READER)
    response = compared(reader)
    job_url = response.redirect_chain[0][0]
    assert "1 får ett annat utfall eller beslutande organ." in response.text
    # Read from the job, not compared again: a matter added since is not in it.
    agreement(units["KS"], "hamburg", title="Samarbetsavtal nr 2 med Hamburg")
    export = body_text(reader.get(job_url.replace("/what-if/?", "/what-if/export.csv?")))
    assert "Samarbetsavtal nr 2" not in export
    assert "agreement.capitals_only" in export
    # The job's page leads back to the result on the what-if page.
    job = Job.objects.get(kind="strategy.whatif")
    job_page = reader.get(f"/jobs/{job.pk}/").text
    assert f'<a href="/strategy/what-if/?job={job.pk}">Jämförelsen på sidan Vad händer om</a>' in job_page
    # A reader sees their own jobs only: another reader's comparison is not found.
    other = client_for(make_user, Role.READER)
    assert other.get(job_url).status_code == 404
    assert other.get(job_url.replace("/what-if/?", "/what-if/export.csv?")).status_code == 404
