from django.urls import path

from omvarld.engagements import views

app_name = "engagements"

urlpatterns = [
    path("", views.EngagementListView.as_view(), name="engagement_list"),
    path("new/", views.EngagementKindChoiceView.as_view(), name="engagement_kind_choice"),
    path("new/<str:kind>/", views.EngagementCreateView.as_view(), name="engagement_create"),
    path("assess/<str:kind>/", views.AssessmentPreviewView.as_view(), name="assessment_preview"),
    path("<int:pk>/", views.EngagementDetailView.as_view(), name="engagement_detail"),
    path("<int:pk>/edit/", views.EngagementUpdateView.as_view(), name="engagement_update"),
    path("<int:pk>/submit/", views.EngagementSubmitView.as_view(), name="engagement_submit"),
    path("<int:pk>/withdraw/", views.EngagementWithdrawView.as_view(), name="engagement_withdraw"),
    path("<int:pk>/follow/<str:step>/", views.EngagementFollowView.as_view(), name="engagement_follow"),
    path("<int:pk>/decide/", views.DecisionCreateView.as_view(), name="decision_create"),
    path("<int:pk>/documents/new/", views.DocumentCreateView.as_view(), name="document_create"),
    path("documents/<int:pk>/", views.DocumentDownloadView.as_view(), name="document_download"),
    path("export.<str:fmt>", views.EngagementExportView.as_view(), name="engagement_export"),
    path("queues/", views.QueueListView.as_view(), name="queue_list"),
    path("queues/<str:code>/", views.QueueView.as_view(), name="queue"),
]
