from django.urls import path

from omvarld.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="job_list"),
    path("new/<str:kind>/", views.JobStartView.as_view(), name="job_start"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("<int:pk>/file/", views.JobFileView.as_view(), name="job_file"),
]
