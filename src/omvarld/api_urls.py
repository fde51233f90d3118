"""The API's routes, one router for every app."""

from rest_framework.routers import DefaultRouter

from omvarld.engagements.api import EngagementViewSet
from omvarld.organisation.api import CounterpartViewSet, UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("counterparts", CounterpartViewSet, basename="counterpart")
router.register("engagements", EngagementViewSet, basename="engagement")

urlpatterns = router.urls
