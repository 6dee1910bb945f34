from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "otklik.demo"
    label = "demo"
