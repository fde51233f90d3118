"""factory_boy factories for every model, so that a test makes the rows it needs in one line.

Factories write rows directly, as test set-up: they skip the services (and so write no audit entry),
except ``AuditEntryFactory``, which appends through ``audit_record`` so that the hash chain stays whole.
A test of a behaviour calls the service itself. ``tests/test_factories.py`` fails when a model has no
factory here, or when a factory makes a row its model would refuse.
"""

from __future__ import annotations

import datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory, Password
from tests.policy.drafts import draft_yaml
from tests.testapp.models import Matter

from omvarld.accounts.models import Role, RoleAssignment, User
from omvarld.audit.models import AuditChainHead, AuditEntry
from omvarld.audit.services import audit_record, snapshot
from omvarld.engagements.followup.selectors import feed_token, token_digest
from omvarld.engagements.models import (
    CalendarFeed,
    Decision,
    DecisionOutcome,
    Document,
    Engagement,
    Kind,
    Lesson,
    MembershipReview,
    PolicyTexts,
    RegistrationCounter,
    Reminder,
    ReminderKind,
    ReviewDecision,
    StoredAssessment,
    TravelReport,
)
from omvarld.imports.models import Import, ImportKey
from omvarld.jobs.models import Job, JobStatus
from omvarld.organisation.models import Counterpart, CounterpartType, Unit, UnitType
from omvarld.strategy.models import MatterCitations, PassageSet, PassageSetMember, PolicyDraft

TEST_PASSWORD = "ett-långt-testlösenord-2026"


class UnitFactory(DjangoModelFactory[Unit]):
    """A committee at the top of the organisation, in force since before the records begin."""

    class Meta:
        model = Unit

    code = factory.Sequence(lambda number: f"TEST-{number:04d}")
    name = factory.Sequence(lambda number: f"Testnämnd {number}")
    name_en = factory.Sequence(lambda number: f"Test Committee {number}")
    type = UnitType.COMMITTEE
    parent = None


class CounterpartFactory(DjangoModelFactory[Counterpart]):
    """A German organisation with no city (so nothing to resolve against GeoNames)."""

    class Meta:
        model = Counterpart

    name = factory.Sequence(lambda number: f"Partnerorganisation {number}")
    type = CounterpartType.ORGANISATION
    country = "DE"
    city = ""


class UserFactory(DjangoModelFactory[User]):
    """An account without a role; its password is ``TEST_PASSWORD``."""

    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda number: f"anvandare{number}")
    first_name = "Test"
    last_name = factory.Sequence(lambda number: f"Användare {number}")
    password = Password(TEST_PASSWORD)


class RoleAssignmentFactory(DjangoModelFactory[RoleAssignment]):
    """A city-wide reader; ``RoleAssignmentFactory(role=Role.OFFICER, unit=…)`` for a unit-bound role."""

    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.READER
    unit = None

    class Params:
        in_a_unit = factory.Trait(role=Role.OFFICER, unit=factory.SubFactory(UnitFactory))


class AuditEntryFactory(DjangoModelFactory[AuditEntry]):
    """An entry recording a change to ``obj`` (a new counterpart's, by default), appended to the chain.

    The entry is filed under the unit ``obj`` belongs to: ``AuditEntryFactory(obj=unit, event=
    "unit.updated")`` makes an entry an officer of that unit sees.
    """

    class Meta:
        model = AuditEntry

    obj = factory.SubFactory(CounterpartFactory)
    actor = None
    event = "counterpart.updated"

    @classmethod
    def _create(cls, model_class: type[AuditEntry], *args: Any, **kwargs: Any) -> AuditEntry:
        obj = kwargs["obj"]
        state = snapshot(obj)
        return audit_record(
            actor=kwargs["actor"],
            event=kwargs["event"],
            obj=obj,
            before={**state, "name": f"{state.get('name', '')} (förut)"},
            after=state,
        )


class AuditChainHeadFactory(DjangoModelFactory[AuditChainHead]):
    """The chain's one head row (there is never more than one)."""

    class Meta:
        model = AuditChainHead
        django_get_or_create = ("id",)

    id = 1


class MatterFactory(DjangoModelFactory[Matter]):
    """The test app's stand-in for a register matter: about a counterpart, in the unit given (a new
    committee by default)."""

    class Meta:
        model = Matter

    title = factory.Sequence(lambda number: f"Ärende {number}")
    unit = factory.SubFactory(UnitFactory)
    counterpart = factory.SubFactory(CounterpartFactory)


class EngagementFactory(DjangoModelFactory[Engagement]):
    """A draft invitation in a new committee, numbered in the test series ``FAB`` (never the register's),
    with nothing stated but its title: the engine will ask for the rest."""

    class Meta:
        model = Engagement

    series = "FAB"
    year = 2026
    number = factory.Sequence(lambda number: number + 1)
    registration_number = factory.LazyAttribute(
        lambda engagement: f"FAB-{engagement.number}/{engagement.year}"
    )
    kind = Kind.INVITATION
    title = factory.Sequence(lambda number: f"Inbjudan {number}")
    unit = factory.SubFactory(UnitFactory)


class RegistrationCounterFactory(DjangoModelFactory[RegistrationCounter]):
    class Meta:
        model = RegistrationCounter

    series = factory.Sequence(lambda number: f"S{number}")
    year = 2026
    last_number = 0


class StoredAssessmentFactory(DjangoModelFactory[StoredAssessment]):
    """An assessment as the engine made it of a new engagement (through the real engine)."""

    class Meta:
        model = StoredAssessment

    engagement = factory.SubFactory(EngagementFactory)

    @classmethod
    def _create(cls, model_class: type[StoredAssessment], *args: Any, **kwargs: Any) -> StoredAssessment:
        from omvarld.engagements.services import assessment_store

        return assessment_store(engagement=kwargs["engagement"])


class PolicyTextsFactory(DjangoModelFactory[PolicyTexts]):
    """The words of a policy version's passages under a content hash of the sequence (as an earlier file of
    the shipped version would have had them)."""

    class Meta:
        model = PolicyTexts

    policy_hash = factory.Sequence(lambda number: f"{number + 1:064x}")
    policy_version = "stockholm-2008"
    passages = factory.LazyFunction(
        lambda: {"strategi.principer.malkoppling": {"section": "Bilaga 2", "quote": "Den tidigare lydelsen."}}
    )


class DecisionFactory(DjangoModelFactory[Decision]):
    """An approval by the matter's own unit, on an assessment of it, minuted."""

    class Meta:
        model = Decision

    assessment = factory.SubFactory(StoredAssessmentFactory)
    engagement = factory.SelfAttribute("assessment.engagement")
    body = factory.SelfAttribute("engagement.unit")
    expected_body = factory.SelfAttribute("engagement.unit")
    outcome = DecisionOutcome.APPROVED
    decided_on = datetime.date(2026, 11, 20)
    minutes_reference = factory.Sequence(lambda number: f"Protokoll 2026:{number + 1}, § 4")


# The smallest PDF a reader opens: what a filed document's file holds unless a test says otherwise.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class DocumentFactory(DjangoModelFactory[Document]):
    """A PDF filed with a matter through the service (so its file is really stored), not secret."""

    class Meta:
        model = Document

    engagement = factory.SubFactory(EngagementFactory)
    title = factory.Sequence(lambda number: f"Inbjudningsbrev {number}")
    secret = False
    secrecy_ground = ""

    @classmethod
    def _create(cls, model_class: type[Document], *args: Any, **kwargs: Any) -> Document:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from omvarld.engagements.services import document_file

        upload = SimpleUploadedFile("inbjudan.pdf", PDF_BYTES, content_type="application/pdf")
        return document_file(
            actor=None,
            engagement=kwargs["engagement"],
            upload=upload,
            title=kwargs["title"],
            secret=kwargs["secret"],
            secrecy_ground_text=kwargs["secrecy_ground"],
        )


class TravelReportFactory(DjangoModelFactory[TravelReport]):
    """A report on a trip, with what it achieved and what it cost the city."""

    class Meta:
        model = TravelReport

    engagement = factory.SubFactory(EngagementFactory, kind=Kind.TRIP)
    benefit_achieved = "Erfarenheter av skyfallsplanering som används i stadens dagvattenstrategi."
    actual_costs = factory.LazyFunction(lambda: {"city": 18400})
    filed_on = datetime.date(2026, 11, 20)


class LessonFactory(DjangoModelFactory[Lesson]):
    class Meta:
        model = Lesson

    engagement = factory.SubFactory(EngagementFactory, kind=Kind.TRIP)
    text = factory.Sequence(lambda number: f"Lärdom {number}: gröna tak fördröjer dagvatten.")


class MembershipReviewFactory(DjangoModelFactory[MembershipReview]):
    """A review by the membership's own unit to continue, minuted."""

    class Meta:
        model = MembershipReview

    engagement = factory.SubFactory(EngagementFactory, kind=Kind.MEMBERSHIP)
    body = factory.SelfAttribute("engagement.unit")
    reviewed_on = datetime.date(2026, 3, 12)
    benefit_seen = "Jämförelser av kollektivtrafikens kostnader med andra huvudstäder."
    contribution_made = "Staden leder arbetsgruppen för klimatanpassning."
    fee_sek = 45000
    decision = ReviewDecision.CONTINUE
    minutes_reference = factory.Sequence(lambda number: f"Protokoll 2026:{number + 1}, § 9")
    next_review_on = datetime.date(2030, 3, 12)


class ReminderFactory(DjangoModelFactory[Reminder]):
    class Meta:
        model = Reminder

    kind = ReminderKind.TRAVEL_REPORT
    engagement = factory.SubFactory(EngagementFactory, kind=Kind.TRIP)
    due_on = factory.Sequence(lambda number: datetime.date(2026, 1, 1) + datetime.timedelta(days=number))
    recipients = factory.LazyFunction(lambda: ["hanna.handlaggare@stockholm.example"])


class CalendarFeedFactory(DjangoModelFactory[CalendarFeed]):
    """A user's calendar link, with a key of its own and the digest of the token it gives."""

    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)
    feed_key = factory.Sequence(lambda number: f"{number:064x}")
    token_digest = factory.LazyAttribute(lambda feed: token_digest(feed_token(feed)))  # type: ignore[arg-type]


# A register of two memberships, as an officer might keep it in Excel: what an import's file holds unless a
# test says otherwise.
IMPORT_CSV = (
    "Id;Rubrik;Ärendeslag;Årsavgift (kr);Registrerad\n"
    "M-1;Medlemskap i Eurocities;Medlemskap;120000;2020-01-15\n"
    "M-2;Medlemskap i Union of the Baltic Cities;Medlemskap;25000;2021-02-01\n"
)


class ImportFactory(DjangoModelFactory[Import]):
    """A CSV file uploaded through the service, for the rows of a committee; not yet tried."""

    class Meta:
        model = Import

    unit = factory.SubFactory(UnitFactory)
    file_name = factory.Sequence(lambda number: f"medlemskap-{number}.csv")
    kind = ""

    @classmethod
    def _create(cls, model_class: type[Import], *args: Any, **kwargs: Any) -> Import:
        from omvarld.imports.services import import_upload

        return import_upload(
            actor=None,
            file_name=kwargs["file_name"],
            content=IMPORT_CSV.encode(),
            unit=kwargs["unit"],
            kind=kwargs["kind"],
        )


class ImportKeyFactory(DjangoModelFactory[ImportKey]):
    class Meta:
        model = ImportKey

    key = factory.Sequence(lambda number: f"ID-{number}")
    engagement = factory.SubFactory(EngagementFactory)
    first_import = None


class JobFactory(DjangoModelFactory[Job]):
    """A finished background job of the tests' own kind (``tests/testapp/jobs.py``), started by the
    system unless a test names who started it."""

    class Meta:
        model = Job

    kind = "test.counterparts"
    title = factory.Sequence(lambda number: f"Bakgrundsjobb {number}")
    params = factory.LazyFunction(lambda: {"count": 0, "fail": False, "refuse": False})
    status = JobStatus.SUCCEEDED
    summary = "0 motparter skapades."
    result = factory.LazyFunction(lambda: {"created": 0})


# A draft policy version: the strategy without the rule on brand, under an id of its own (``{id}``).
DRAFT_YAML = draft_yaml("{id}", "Strategin utan kravet på varumärket", "communication.brand")


class PolicyDraftFactory(DjangoModelFactory[PolicyDraft]):
    """A draft policy version uploaded through the service (so the engine's loader has checked it)."""

    class Meta:
        model = PolicyDraft

    policy_id = factory.Sequence(lambda number: f"utkast-{number + 1}")

    @classmethod
    def _create(cls, model_class: type[PolicyDraft], *args: Any, **kwargs: Any) -> PolicyDraft:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from omvarld.strategy.services import policy_draft_upload

        content = kwargs.get("content") or DRAFT_YAML.format(id=kwargs["policy_id"])
        upload = SimpleUploadedFile(f"{kwargs['policy_id']}.yaml", content.encode(), content_type="text/yaml")
        return policy_draft_upload(actor=kwargs.get("uploaded_by"), upload=upload)


class PassageSetFactory(DjangoModelFactory[PassageSet]):
    """A set of cited passages (its fingerprint made from the sequence, its members added separately)."""

    class Meta:
        model = PassageSet

    fingerprint = factory.Sequence(lambda number: f"{number + 1:064x}")


class PassageSetMemberFactory(DjangoModelFactory[PassageSetMember]):
    class Meta:
        model = PassageSetMember

    passage_set = factory.SubFactory(PassageSetFactory)
    passage = factory.Sequence(lambda number: f"test.passage.{number + 1}")


class MatterCitationsFactory(DjangoModelFactory[MatterCitations]):
    """The passages a matter's stored assessment cites. Storing an assessment indexes its matter already
    (``strategy.receivers``), so this finds that row rather than making a second one."""

    class Meta:
        model = MatterCitations
        django_get_or_create = ("engagement",)

    assessment = factory.SubFactory(StoredAssessmentFactory)
    engagement = factory.SelfAttribute("assessment.engagement")
    passage_set = factory.SubFactory(PassageSetFactory)


FACTORIES: dict[type[Any], type[DjangoModelFactory[Any]]] = {
    factory_class._meta.model: factory_class
    for factory_class in (
        UnitFactory,
        CounterpartFactory,
        UserFactory,
        RoleAssignmentFactory,
        AuditEntryFactory,
        AuditChainHeadFactory,
        MatterFactory,
        EngagementFactory,
        RegistrationCounterFactory,
        StoredAssessmentFactory,
        PolicyTextsFactory,
        DecisionFactory,
        DocumentFactory,
        TravelReportFactory,
        LessonFactory,
        MembershipReviewFactory,
        ReminderFactory,
        CalendarFeedFactory,
        JobFactory,
        ImportFactory,
        ImportKeyFactory,
        PolicyDraftFactory,
        PassageSetFactory,
        PassageSetMemberFactory,
        MatterCitationsFactory,
    )
}
