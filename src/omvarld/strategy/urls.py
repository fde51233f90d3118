from django.urls import path

from omvarld.strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.StrategyIndexView.as_view(), name="index"),
    path("guidelines/<str:passage>/", views.GuidelineView.as_view(), name="guideline"),
    path("text/", views.SourceTextView.as_view(), name="text"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("what-if/", views.WhatIfView.as_view(), name="whatif"),
    path("what-if/export.<str:fmt>", views.WhatIfExportView.as_view(), name="whatif_export"),
    path("drafts/", views.DraftListView.as_view(), name="draft_list"),
    path("drafts/new/", views.DraftCreateView.as_view(), name="draft_create"),
    path("drafts/<int:pk>/", views.DraftDetailView.as_view(), name="draft_detail"),
    path("drafts/<int:pk>/delete/", views.DraftDeleteView.as_view(), name="draft_delete"),
    path("priorities/", views.PriorityView.as_view(), name="priorities"),
]
