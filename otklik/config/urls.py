from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import URLPattern, URLResolver, include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from otklik.api.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staffing/", include("otklik.workforce.urls")),
    path("", include("otklik.web.urls")),
    # Pages without our <link rel="icon"> (the admin, the API docs) make browsers ask for this.
    path("favicon.ico", RedirectView.as_view(url=lazy(static_url, str)("web/favicon.svg"), permanent=True)),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
