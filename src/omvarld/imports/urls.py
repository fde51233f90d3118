from django.urls import path

from omvarld.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.ImportListView.as_view(), name="import_list"),
    path("new/", views.ImportCreateView.as_view(), name="import_create"),
    path("examples/<str:name>", views.ImportExampleView.as_view(), name="import_example"),
    path("<int:pk>/", views.ImportDetailView.as_view(), name="import_detail"),
    path("<int:pk>/run/", views.ImportRunView.as_view(), name="import_run"),
    path("<int:pk>/errors.csv", views.ImportErrorsView.as_view(), name="import_errors"),
]
