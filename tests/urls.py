"""The test suite's URLs: Omvärld's own, and the test app's pages and endpoint before them."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter
from tests.testapp import views

from omvarld.urls import handler400, handler403, handler404, handler500
from omvarld.urls import urlpatterns as omvarld_urlpatterns

router = SimpleRouter()
router.register("matters", views.MatterViewSet, basename="matter")

urlpatterns = [
    path("test/matters/", views.MatterListView.as_view(), name="matter_list"),
    path("test/matters/<int:pk>/", views.MatterDetailView.as_view(), name="matter_detail"),
    path("api/test/", include(router.urls)),
    *omvarld_urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
