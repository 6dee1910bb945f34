from django.contrib.auth import views as auth_views
from django.urls import path

from otklik.accounts.forms import LoginForm
from otklik.web import views

app_name = "web"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.switch_language, name="language"),
    path("", views.ticket_list, name="ticket-list"),
    path("tickets/<int:ticket_id>/", views.ticket_detail, name="ticket-detail"),
    path("tickets/<int:ticket_id>/<slug:action>/", views.ticket_action, name="ticket-action"),
    path(
        "tickets/<int:ticket_id>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "tickets/<int:ticket_id>/messages/<int:message_id>/images/",
        views.message_images,
        name="message-images",
    ),
]
