from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from omvarld.accounts.forms import LoginForm
from omvarld.core import views as core_views
from omvarld.core.api_docs import ApiDocsView
from omvarld.site import views as site_views

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error

urlpatterns = [
    path("", site_views.HomeView.as_view(), name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("organisation/", include("omvarld.organisation.urls")),
    path("register/", include("omvarld.engagements.urls")),
    path("strategy/", include("omvarld.strategy.urls")),
    path("imports/", include("omvarld.imports.urls")),
    path("audit/", include("omvarld.audit.urls")),
    path("jobs/", include("omvarld.jobs.urls")),
    path("api/docs/", ApiDocsView.as_view(), name="api-docs"),
    path("api/", include("omvarld.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("admin/", admin.site.urls),
]
