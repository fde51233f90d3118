from django.urls import path

from omvarld.organisation import views

app_name = "organisation"

urlpatterns = [
    path("", views.UnitListView.as_view(), name="unit_list"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("counterparts/", views.CounterpartListView.as_view(), name="counterpart_list"),
    path("counterparts/new/", views.CounterpartCreateView.as_view(), name="counterpart_create"),
    path("counterparts/<int:pk>/", views.CounterpartDetailView.as_view(), name="counterpart_detail"),
    path("counterparts/<int:pk>/edit/", views.CounterpartUpdateView.as_view(), name="counterpart_update"),
    path("counterparts/<int:pk>/delete/", views.CounterpartDeleteView.as_view(), name="counterpart_delete"),
]
