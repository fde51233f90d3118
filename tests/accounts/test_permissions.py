"""The permission point, proven role by role and action by action.

The expected matrix is written out here as the specification; it is not derived from the rules table,
so a change to either one that the other does not share makes this test fail.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from tests.factories import EngagementFactory, PolicyDraftFactory

from omvarld.accounts.models import Role, RoleAssignment, User
from omvarld.accounts.permissions import Action, can, restrict
from omvarld.audit.models import AuditAction, AuditEntry
from omvarld.audit.services import audit_record
from omvarld.engagements.models import (
    CalendarFeed,
    Decision,
    Lesson,
    MembershipReview,
    Reminder,
    StoredAssessment,
    TravelReport,
)
from omvarld.imports.models import Import
from omvarld.jobs.models import Job
from omvarld.organisation.models import Counterpart, Unit
from omvarld.organisation.services import counterpart_create
from omvarld.strategy.resources import GUIDELINES, WHAT_IF

V, C, U, D = Action.VIEW, Action.CREATE, Action.CHANGE, Action.DELETE
OFFICER, SECRETARY, COORDINATOR, READER, ADMIN = (
    Role.OFFICER,
    Role.SECRETARY,
    Role.COORDINATOR,
    Role.READER,
    Role.ADMINISTRATOR,
)

# (target, action) -> the roles that may do it. Unit-bound users hold their role in MHN.
MATRIX: dict[tuple[str, Action], set[Role]] = {
    ("unit", V): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("unit", C): {ADMIN},
    ("unit", U): {ADMIN},
    ("unit", D): {ADMIN},
    ("counterpart", V): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("counterpart", C): {OFFICER, SECRETARY, COORDINATOR, ADMIN},
    ("counterpart", U): {OFFICER, SECRETARY, COORDINATOR, ADMIN},
    ("counterpart", D): {COORDINATOR, ADMIN},
    ("other_user", V): {ADMIN},
    ("other_user", C): {ADMIN},
    ("other_user", U): {ADMIN},
    ("other_user", D): {ADMIN},
    ("self", V): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("self", U): {ADMIN},
    ("self", D): {ADMIN},
    ("role_assignment", V): {READER, ADMIN},
    ("role_assignment", C): {ADMIN},
    ("role_assignment", U): {ADMIN},
    ("role_assignment", D): {ADMIN},
    ("audit_own_unit", V): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("audit_own_unit", C): set(),
    ("audit_own_unit", U): set(),
    ("audit_own_unit", D): set(),
    ("audit_other_unit", V): {COORDINATOR, READER, ADMIN},
    ("audit_other_unit", C): set(),
    ("audit_other_unit", U): set(),
    ("audit_other_unit", D): set(),
    # The register: officers and secretaries work in their own units' matters; nobody deletes one.
    ("engagement_own_unit", V): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("engagement_own_unit", C): {OFFICER, SECRETARY, COORDINATOR, ADMIN},
    ("engagement_own_unit", U): {OFFICER, SECRETARY, COORDINATOR, ADMIN},
    ("engagement_own_unit", D): set(),
    ("engagement_other_unit", V): {COORDINATOR, READER, ADMIN},
    ("engagement_other_unit", C): {COORDINATOR, ADMIN},
    ("engagement_other_unit", U): {COORDINATOR, ADMIN},
    ("engagement_other_unit", D): set(),
    # Decisions: a secretary records those of their own body.
    ("decision_own_body", V): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("decision_own_body", C): {SECRETARY, COORDINATOR, ADMIN},
    ("decision_own_body", U): set(),
    ("decision_own_body", D): set(),
    ("decision_other_body", V): {COORDINATOR, READER, ADMIN},
    ("decision_other_body", C): {COORDINATOR, ADMIN},
    ("decision_other_body", U): set(),
    ("decision_other_body", D): set(),
    # Imports: an officer imports into their own units, a coordinator anywhere (or city-wide, each row
    # naming its unit); readers and administrators see what was imported; an import is never deleted.
    ("import_own_unit", V): {OFFICER, COORDINATOR, READER, ADMIN},
    ("import_own_unit", C): {OFFICER, COORDINATOR},
    ("import_own_unit", U): {OFFICER, COORDINATOR},
    ("import_own_unit", D): set(),
    ("import_other_unit", V): {COORDINATOR, READER, ADMIN},
    ("import_other_unit", C): {COORDINATOR},
    ("import_other_unit", U): {COORDINATOR},
    ("import_other_unit", D): set(),
    ("import_citywide", V): {COORDINATOR, READER, ADMIN},
    ("import_citywide", C): {COORDINATOR},
    ("import_citywide", U): {COORDINATOR},
    ("import_citywide", D): set(),
    # Follow-up: a matter's travel report and lessons are filed by those who may change it.
    ("travel_report_own_unit", V): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("travel_report_own_unit", C): {OFFICER, SECRETARY, COORDINATOR, ADMIN},
    ("travel_report_own_unit", U): set(),
    ("travel_report_own_unit", D): set(),
    ("travel_report_other_unit", V): {COORDINATOR, READER, ADMIN},
    ("travel_report_other_unit", C): {COORDINATOR, ADMIN},
    ("travel_report_other_unit", U): set(),
    ("travel_report_other_unit", D): set(),
    ("lesson_own_unit", V): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("lesson_own_unit", C): {OFFICER, SECRETARY, COORDINATOR, ADMIN},
    ("lesson_own_unit", U): set(),
    ("lesson_own_unit", D): set(),
    ("lesson_other_unit", V): {COORDINATOR, READER, ADMIN},
    ("lesson_other_unit", C): {COORDINATOR, ADMIN},
    # A membership review is recorded by the secretary of the body the policy names, as a decision.
    ("review_own_body", V): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("review_own_body", C): {SECRETARY, COORDINATOR, ADMIN},
    ("review_own_body", U): set(),
    ("review_own_body", D): set(),
    ("review_other_body", V): {COORDINATOR, READER, ADMIN},
    ("review_other_body", C): {COORDINATOR, ADMIN},
    ("review_other_body", U): set(),
    ("review_other_body", D): set(),
    # Reminders are sent by the system only.
    ("reminder_own_unit", V): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("reminder_own_unit", C): set(),
    ("reminder_own_unit", U): set(),
    ("reminder_own_unit", D): set(),
    ("reminder_other_unit", V): {COORDINATOR, READER, ADMIN},
    ("reminder_other_unit", C): set(),
    # A calendar link is its owner's alone, whatever the role; nobody sees or touches another's.
    ("own_calendar_feed", V): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("own_calendar_feed", C): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("own_calendar_feed", U): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("own_calendar_feed", D): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("other_calendar_feed", V): set(),
    ("other_calendar_feed", C): set(),
    ("other_calendar_feed", U): set(),
    ("other_calendar_feed", D): set(),
    # Assessments stored anew across the register (the re-assessment job): the city-wide roles that run it.
    ("stored_assessment", V): set(),
    ("stored_assessment", C): {COORDINATOR, ADMIN},
    ("stored_assessment", U): set(),
    ("stored_assessment", D): set(),
    # Background jobs: everyone starts and sees their own; the coordinator and the administrator see
    # everyone's. Nobody changes or deletes one (services write them).
    ("own_job", V): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("own_job", C): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("own_job", U): set(),
    ("own_job", D): set(),
    ("others_job", V): {COORDINATOR, ADMIN},
    ("others_job", C): set(),
    ("others_job", U): set(),
    ("others_job", D): set(),
    # The strategy: its study material for everyone; a what-if across the register and its drafts for the
    # city-wide roles, drafts uploaded and deleted by those who coordinate; a draft is never changed.
    ("guidelines", V): {OFFICER, SECRETARY, COORDINATOR, READER, ADMIN},
    ("guidelines", C): set(),
    ("guidelines", U): set(),
    ("guidelines", D): set(),
    ("what_if", V): {COORDINATOR, READER, ADMIN},
    ("what_if", C): set(),
    ("what_if", U): set(),
    ("what_if", D): set(),
    ("policy_draft", V): {COORDINATOR, READER, ADMIN},
    ("policy_draft", C): {COORDINATOR, ADMIN},
    ("policy_draft", U): set(),
    ("policy_draft", D): {COORDINATOR, ADMIN},
}
# Targets that belong to the user who is asked about them (their own calendar link).
OWNED = {"own_calendar_feed"}


@pytest.fixture
def world(units: dict[str, Unit], make_user):
    users = {role: make_user(role, "MHN" if role in Role.unit_bound() else None) for role in Role}
    stranger = make_user(Role.OFFICER, "SBN", username="stranger")
    counterpart = counterpart_create(
        actor=None, name="Helsingfors stad", type="city", country="FI", city="Helsingfors"
    )
    own_entry = audit_record(
        actor=None, action=AuditAction.UPDATE, obj=units["MHN"], before={}, after={}, unit_id=units["MHN"].pk
    )
    other_entry = audit_record(
        actor=None, action=AuditAction.UPDATE, obj=units["SBN"], before={}, after={}, unit_id=units["SBN"].pk
    )
    own_matter = EngagementFactory(unit=units["MHN"])
    # Each user's own job, and one a stranger started (in the same unit: the reach is the starter, not it).
    own_jobs = {
        role: Job(kind="register.export", started_by=user, unit=units["MHN"]) for role, user in users.items()
    }
    other_matter = EngagementFactory(unit=units["SBN"])
    own_report, other_report = TravelReport(engagement=own_matter), TravelReport(engagement=other_matter)
    return {
        "users": users,
        "own_jobs": own_jobs,
        "targets": {
            "stored_assessment": StoredAssessment(engagement=own_matter),
            "others_job": Job(kind="register.export", started_by=stranger, unit=units["MHN"]),
            "engagement_own_unit": own_matter,
            "decision_own_body": Decision(engagement=own_matter, body=units["MHN"]),
            "decision_other_body": Decision(engagement=other_matter, body=units["SBN"]),
            "engagement_other_unit": other_matter,
            "unit": units["KS"],
            "counterpart": counterpart,
            "other_user": stranger,
            "role_assignment": RoleAssignment.objects.get(user=stranger),
            "audit_own_unit": own_entry,
            "audit_other_unit": other_entry,
            "import_own_unit": Import(unit=units["MHN"]),
            "import_other_unit": Import(unit=units["SBN"]),
            "import_citywide": Import(unit=None),
            "travel_report_own_unit": own_report,
            "travel_report_other_unit": other_report,
            "lesson_own_unit": Lesson(engagement=own_matter, travel_report=own_report),
            "lesson_other_unit": Lesson(engagement=other_matter, travel_report=other_report),
            "review_own_body": MembershipReview(engagement=own_matter, body=units["MHN"]),
            "review_other_body": MembershipReview(engagement=other_matter, body=units["SBN"]),
            "reminder_own_unit": Reminder(engagement=own_matter),
            "reminder_other_unit": Reminder(engagement=other_matter),
            "other_calendar_feed": CalendarFeed(user=stranger),
            "guidelines": GUIDELINES,
            "what_if": WHAT_IF,
            "policy_draft": PolicyDraftFactory(),
        },
    }


@pytest.mark.parametrize("role", list(Role))
def test_role_may_do_exactly_what_the_matrix_says(world, role: Role) -> None:
    user = world["users"][role]
    wrong = []
    for (target_name, action), allowed in MATRIX.items():
        if target_name == "self":
            target = user
        elif target_name in OWNED:
            target = CalendarFeed(user=user)
        elif target_name == "own_job":
            target = world["own_jobs"][role]
        else:
            target = world["targets"][target_name]
        expected = role in allowed
        if can(user, action, target) is not expected:
            wrong.append(f"{action} {target_name}: expected {'allowed' if expected else 'denied'}")
    assert not wrong, f"{role}: " + "; ".join(wrong)


@pytest.mark.parametrize("action", list(Action))
def test_anonymous_visitor_may_do_nothing(world, action: Action) -> None:
    for target in world["targets"].values():
        assert not can(AnonymousUser(), action, target)


def test_user_without_role_may_do_nothing(world, make_user) -> None:
    nobody = make_user(None)
    for target in world["targets"].values():
        for action in Action:
            assert not can(nobody, action, target)


def test_deactivated_user_loses_every_permission(world) -> None:
    admin = world["users"][ADMIN]
    User.objects.filter(pk=admin.pk).update(is_active=False)
    admin.refresh_from_db()
    assert not can(admin, V, world["targets"]["unit"])


def test_django_superuser_counts_as_administrator(world) -> None:
    root = User.objects.create(username="root", is_superuser=True, is_staff=True)
    assert can(root, D, world["targets"]["counterpart"])


def test_a_resource_that_is_no_model_is_asked_about_as_a_model_is(world) -> None:
    """A page across models (``core.permissions.Resource``) has its rules by its label, as a model has."""
    from omvarld.core.permissions import Resource

    assert can(world["users"][OFFICER], V, GUIDELINES)
    assert not can(world["users"][OFFICER], V, WHAT_IF)
    assert not can(world["users"][ADMIN], V, Resource("strategy.nothing_of_the_sort"))


def test_model_level_question_asks_whether_any_object_may_be_acted_on(world) -> None:
    assert can(world["users"][OFFICER], C, Counterpart)
    assert not can(world["users"][READER], C, Counterpart)
    assert can(world["users"][OFFICER], V, AuditEntry)
    assert not can(world["users"][OFFICER], C, Unit)


def test_restrict_shows_an_officer_only_their_units_history(world) -> None:
    visible = restrict(AuditEntry.objects.all(), world["users"][OFFICER], V)
    unit_codes = set(visible.values_list("unit__code", flat=True))
    assert unit_codes == {"MHN"}


def test_restrict_reaches_units_below_the_one_the_role_is_held_in(units, make_user) -> None:
    officer_at_office = make_user(OFFICER, "SLK")
    below = audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        obj=units["SLK-INT"],
        before={},
        after={},
        unit_id=units["SLK-INT"].pk,
    )
    beside = audit_record(
        actor=None, action=AuditAction.UPDATE, obj=units["MHN"], before={}, after={}, unit_id=units["MHN"].pk
    )
    visible = set(restrict(AuditEntry.objects.all(), officer_at_office, V))
    assert below in visible
    assert beside not in visible
    assert can(officer_at_office, V, below)
    assert not can(officer_at_office, V, beside)


def test_restrict_shows_a_user_the_jobs_they_started_and_the_coordinator_everyones(world) -> None:
    for job in world["own_jobs"].values():
        job.save()
    others = world["targets"]["others_job"]
    others.save()
    for role in (OFFICER, SECRETARY, READER):
        user = world["users"][role]
        assert list(restrict(Job.objects.all(), user, V)) == [world["own_jobs"][role]]
    for role in (COORDINATOR, ADMIN):
        assert restrict(Job.objects.all(), world["users"][role], V).count() == len(Role) + 1
    assert not restrict(Job.objects.all(), AnonymousUser(), V).exists()


def test_restrict_gives_city_wide_roles_everything(world) -> None:
    everything = AuditEntry.objects.count()
    for role in (COORDINATOR, READER, ADMIN):
        assert restrict(AuditEntry.objects.all(), world["users"][role], V).count() == everything


def test_restrict_gives_nothing_for_an_action_nobody_has(world) -> None:
    assert not restrict(AuditEntry.objects.all(), world["users"][ADMIN], D).exists()


def test_role_checks_are_cached_per_request_user(world, django_assert_num_queries) -> None:
    user = User.objects.get(pk=world["users"][READER].pk)
    with django_assert_num_queries(1):
        for _ in range(10):
            can(user, V, world["targets"]["counterpart"])


def test_restrict_gives_each_user_only_their_own_calendar_link(world, make_user) -> None:
    from tests.factories import CalendarFeedFactory

    officer, coordinator = world["users"][OFFICER], world["users"][COORDINATOR]
    own = CalendarFeedFactory(user=officer)
    CalendarFeedFactory(user=coordinator)
    assert list(restrict(CalendarFeed.objects.all(), officer, V)) == [own]
    assert not restrict(CalendarFeed.objects.all(), make_user(None), V).exists()
