from django.urls import path

from otklik.workforce import views

app_name = "workforce"
urlpatterns = [
    path("", views.calculator, name="calculator"),
    path("plan/", views.plan, name="plan"),
    path("structure/", views.structure, name="structure"),
]
