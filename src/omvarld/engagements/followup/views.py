"""The follow-up pages: filing a travel report, recording a membership review, the dates to follow up,
and the user's calendar link with the feeds it opens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from omvarld.accounts import permissions
from omvarld.accounts.permissions import Action, can, restrict
from omvarld.core.errors import ApplicationError
from omvarld.core.form_views import ServiceFormView
from omvarld.core.views import PermissionMixin
from omvarld.engagements.followup import calendar, selectors, services
from omvarld.engagements.followup.forms import MembershipReviewForm, TravelReportForm, report_values
from omvarld.engagements.models import (
    CalendarFeed,
    Engagement,
    MembershipReview,
    ReminderKind,
    TravelReport,
)
from omvarld.engagements.views import MatterFormMixin
from omvarld.organisation.models import Unit

# How far ahead the list of dates to follow up looks (the calendar feed shows every date).
DUE_LIST_DAYS = 90


class TravelReportCreateView(MatterFormMixin, ServiceFormView):
    """File the travel report of an approved journey: for those who may change the matter."""

    permission = (Action.CREATE, TravelReport)
    form_class = TravelReportForm
    template_name = "engagements/travel_report_form.html"

    def _check(self) -> None:
        permissions.require(self.request.user, Action.CREATE, TravelReport(engagement=self.engagement))
        if not selectors.travel_report_may_be_filed(self.engagement):
            raise ApplicationError(
                _("No travel report can be filed for %(number)s: it has one, or is not an approved journey.")
                % {"number": self.engagement.registration_number},
                code="conflict",
                status=409,
            )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._check()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        permissions.require(request.user, Action.CREATE, TravelReport(engagement=self.engagement))
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["engagement"] = self.engagement
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        decision = selectors.approved_decision(self.engagement)
        context["due_on"] = selectors.travel_report_due_on(
            self.engagement, decided_on=decision.decided_on if decision else None
        )
        return context

    def perform(self, data: dict[str, Any]) -> TravelReport:
        return services.travel_report_file(
            actor=self.request.user, engagement=self.engagement, **report_values(data)
        )

    def get_success_message(self, obj: TravelReport) -> tuple[int, str]:
        return messages.SUCCESS, _("The travel report on %(number)s was filed.") % {
            "number": self.engagement.registration_number
        }

    def get_success_url(self) -> str:
        return self.engagement.get_absolute_url() + "#travel-report-heading"


class MembershipReviewCreateView(MatterFormMixin, ServiceFormView):
    """Record the review of a membership: for the secretary of the body the policy names."""

    permission = (Action.CREATE, MembershipReview)
    form_class = MembershipReviewForm
    template_name = "engagements/membership_review_form.html"

    def _require(self) -> None:
        body = services.review_body(self.engagement)
        if body is None or not selectors.reviewable(self.engagement):
            raise ApplicationError(
                _("%(number)s is not a membership under way that can be reviewed.")
                % {"number": self.engagement.registration_number},
                code="conflict",
                status=409,
            )
        self.body = body
        permissions.require(
            self.request.user, Action.CREATE, MembershipReview(engagement=self.engagement, body=body)
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._require()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._require()
        return super().post(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        return {"reviewed_on": timezone.localdate(), "decision": "continue"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        decision = selectors.approved_decision(self.engagement)
        context["body"] = self.body
        context["schedule"] = selectors.review_schedule(
            self.engagement,
            today=timezone.localdate(),
            decided_on=decision.decided_on if decision else None,
            reviewed_on=selectors.last_review_of(self.engagement),
        )
        return context

    def perform(self, data: dict[str, Any]) -> MembershipReview:
        return services.membership_review_record(actor=self.request.user, engagement=self.engagement, **data)

    def get_success_message(self, obj: MembershipReview) -> tuple[int, str]:
        return messages.SUCCESS, _("The review of %(number)s was recorded.") % {
            "number": self.engagement.registration_number
        }

    def get_success_url(self) -> str:
        return self.engagement.get_absolute_url() + "#membership-review-heading"


class DueListView(PermissionMixin, TemplateView):
    """The dates to follow up in the matters the user may see: overdue first, then the coming ones."""

    permission = (Action.VIEW, Engagement)
    template_name = "engagements/due_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        kind = self.request.GET.get("kind", "")
        kind = kind if kind in ReminderKind.values else ""
        visible = restrict(Engagement.objects.all(), self.request.user, Action.VIEW)
        dates = [
            due
            for due in selectors.due_dates(visible, today=today)
            if (due.due_on - today).days <= DUE_LIST_DAYS and (not kind or due.kind == kind)
        ]
        context.update(
            today=today,
            overdue=[due for due in dates if due.due_on < today],
            coming=[due for due in dates if due.due_on >= today],
            kinds=ReminderKind.choices,
            kind=kind,
            days=DUE_LIST_DAYS,
            has_feed_page=can(self.request.user, Action.VIEW, CalendarFeed),
        )
        return context


class CalendarFeedView(PermissionMixin, TemplateView):
    """The user's secret calendar link, to see, copy, replace or revoke, and the unit feeds it opens."""

    permission = (Action.VIEW, CalendarFeed)
    template_name = "engagements/calendar_feed.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        feed = selectors.feed_of(user=self.request.user)
        context["feed"] = feed
        if feed is not None:
            token = selectors.feed_token(feed)
            build = self.request.build_absolute_uri
            context["personal_url"] = build(reverse("engagements:calendar_personal", args=[token]))
            context["unit_urls"] = [
                (unit, build(reverse("engagements:calendar_unit", args=[token, unit.code])))
                for unit in selectors.units_with_feeds(user=self.request.user)
            ]
        return context


class CalendarFeedIssueView(PermissionMixin, View):
    """Create the calendar link, or replace it (POST only): the old link stops working."""

    permission = (Action.CREATE, CalendarFeed)

    def post(self, request: HttpRequest) -> HttpResponse:
        had_one = selectors.feed_of(user=request.user) is not None
        services.calendar_feed_issue(actor=request.user)
        messages.success(
            request,
            _("Your calendar link was replaced; the old one no longer works.")
            if had_one
            else _("Your calendar link was created."),
        )
        return HttpResponseRedirect(reverse("engagements:calendar_feed"))


class CalendarFeedRevokeView(PermissionMixin, View):
    """Revoke the calendar link (POST only)."""

    permission = (Action.DELETE, CalendarFeed)

    def post(self, request: HttpRequest) -> HttpResponse:
        services.calendar_feed_revoke(actor=request.user)
        messages.success(request, _("Your calendar link was revoked; it no longer works."))
        return HttpResponseRedirect(reverse("engagements:calendar_feed"))


def _calendar_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # The URL is the secret: kept by no shared cache, nor sent on to another site.
    response["Cache-Control"] = "private, no-store"
    return response


class CalendarPersonalFeedView(View):
    """The feed of the dates its owner is reminded of, opened by the token alone (a calendar program cannot
    sign in). An unknown or revoked token is a 404, as is any error in it."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        owner = selectors.feed_owner(token)
        if owner is None or not can(owner, Action.VIEW, CalendarFeed):
            raise Http404
        dates = selectors.due_dates_for_user(user=owner, today=timezone.localdate())
        name = _("Omvärld: %(name)s") % {"name": owner.get_full_name() or owner.get_username()}
        return _calendar_response(calendar.calendar_of(dates, name=name), "omvarld.ics")


class CalendarUnitFeedView(View):
    """The feed of a unit's dates (and those of the units below it), of the matters the token's owner may
    see; a unit outside their reach has no feed for them (404)."""

    def get(self, request: HttpRequest, token: str, code: str) -> HttpResponse:
        owner = selectors.feed_owner(token)
        unit = Unit.objects.filter(code=code).first()
        if owner is None or unit is None or not can(owner, Action.VIEW, CalendarFeed):
            raise Http404
        dates = selectors.due_dates_for_unit(user=owner, unit=unit, today=timezone.localdate())
        if dates is None:
            raise Http404
        name = _("Omvärld: %(unit)s") % {"unit": unit.name}
        return _calendar_response(calendar.calendar_of(dates, name=name), f"omvarld-{unit.code}.ics")
