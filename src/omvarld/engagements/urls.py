from django.urls import path

from omvarld.engagements import views
from omvarld.engagements.followup import views as followup

app_name = "engagements"

urlpatterns = [
    path("", views.EngagementListView.as_view(), name="engagement_list"),
    path("new/", views.EngagementKindChoiceView.as_view(), name="engagement_kind_choice"),
    path("new/<str:kind>/", views.EngagementCreateView.as_view(), name="engagement_create"),
    path("assess/<str:kind>/", views.AssessmentPreviewView.as_view(), name="assessment_preview"),
    path("<int:pk>/", views.EngagementDetailView.as_view(), name="engagement_detail"),
    path("<int:pk>/edit/", views.EngagementUpdateView.as_view(), name="engagement_update"),
    path("<int:pk>/history/", views.EngagementHistoryView.as_view(), name="engagement_history"),
    path("<int:pk>/submit/", views.EngagementSubmitView.as_view(), name="engagement_submit"),
    path("<int:pk>/withdraw/", views.EngagementWithdrawView.as_view(), name="engagement_withdraw"),
    path("<int:pk>/follow/<str:step>/", views.EngagementFollowView.as_view(), name="engagement_follow"),
    path("<int:pk>/decide/", views.DecisionCreateView.as_view(), name="decision_create"),
    path("<int:pk>/documents/new/", views.DocumentCreateView.as_view(), name="document_create"),
    path("documents/<int:pk>/", views.DocumentDownloadView.as_view(), name="document_download"),
    path("export.<str:fmt>", views.EngagementExportView.as_view(), name="engagement_export"),
    path("queues/", views.QueueListView.as_view(), name="queue_list"),
    path("queues/<str:code>/", views.QueueView.as_view(), name="queue"),
    # Following up: travel reports, membership reviews, the dates due and their calendar feeds.
    path("<int:pk>/travel-report/", followup.TravelReportCreateView.as_view(), name="travel_report_create"),
    path("<int:pk>/review/", followup.MembershipReviewCreateView.as_view(), name="membership_review_create"),
    path("due/", followup.DueListView.as_view(), name="due_list"),
    path("calendar/", followup.CalendarFeedView.as_view(), name="calendar_feed"),
    path("calendar/issue/", followup.CalendarFeedIssueView.as_view(), name="calendar_feed_issue"),
    path("calendar/revoke/", followup.CalendarFeedRevokeView.as_view(), name="calendar_feed_revoke"),
    path("calendar/<str:token>.ics", followup.CalendarPersonalFeedView.as_view(), name="calendar_personal"),
    path(
        "calendar/<str:token>/<str:code>.ics", followup.CalendarUnitFeedView.as_view(), name="calendar_unit"
    ),
]
