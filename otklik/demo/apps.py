from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "otklik.demo"
    label = "demo"

    def banner_lines(self) -> list[str]:
        """``otklik run``'s banner lists the demo logins that exist in this desk (core/…/run.py asks)."""
        from django.contrib.auth import get_user_model

        from otklik.demo.people import DEMO_LOGINS, DEMO_PASSWORD

        present = set(get_user_model().objects.filter(username__in=DEMO_LOGINS).values_list("username", flat=True))
        if not present:
            return []
        return [f"Demo logins (password: {DEMO_PASSWORD}):"] + [
            f"  {username:<12} {description}" for username, description in DEMO_LOGINS.items() if username in present
        ]
