"""The staffing pages: who gets in, the calculator, the plan, the structure what-if, the exports."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from otklik.accounts.models import Role
from tests.clients import login
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ISSUE = {"model": "erlang-c", "arrivals": 100, "interval": 1800, "aht": 180, "target_sl": 80, "target_seconds": 20,
         "max_occupancy": 85, "shrinkage": 30}  # fmt: skip
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGES = ["/staffing/", "/staffing/plan/", "/staffing/structure/"]


@pytest.fixture
def planner(supervisor):
    return login(supervisor)


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(BytesIO(response.content))


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_goes_to_login_and_agents_get_403(path, agent):
    response = Client().get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    denied = login(agent).get(path)
    assert denied.status_code == 403
    assert "доступно супервайзерам" in denied.content.decode()  # the agent's language: Russian by default


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_supervisors_and_admins_see_the_link_and_the_page(role):
    client = login(make_user(role))
    home = client.get("/").content.decode()
    assert 'href="/staffing/"' in home
    assert client.get("/staffing/").status_code == 200


def test_agents_do_not_see_the_link(agent):
    assert 'href="/staffing/"' not in login(agent).get("/").content.decode()


def test_first_visit_shows_a_worked_example(planner, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        html = planner.get("/staffing/").content.decode()
    assert "<svg" in html and 'class="chart chart-line"' in html
    assert 'class="chosen"' in html  # the chosen staffing is marked in the curve table


def test_calculator_computes_the_issue_case(planner):
    html = planner.get("/staffing/", {**ISSUE, "language": "en"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    figures = html.split('class="wf-figures"')[1].split("</dl>")[0]
    assert "14" in figures and "20" in figures  # agents, scheduled at 30 % shrinkage
    assert "88" in figures  # service level 88.8 %


@pytest.mark.parametrize(
    ("model", "extra", "text"),
    [
        ("erlang-a", {"patience": 120, "sl_basis": "offered"}, "abandon"),
        ("chat", {"chat_aht": "300, 390, 510"}, "/ 3"),
        ("deferred", {"per_day": 400, "aht": 300, "window_hours": 8, "open_hours": 9, "open_days": 5,
                      "arrival_hours": "always", "backlog": 0}, "1 050"),
    ],
)  # fmt: skip
def test_calculator_models(planner, model, extra, text):
    params = {**ISSUE, "model": model, **extra}
    response = planner.get("/staffing/", params)
    assert response.status_code == 200
    html = response.content.decode().replace("\xa0", " ")
    assert "wf-figures" in html
    if model != "erlang-a":
        assert text in html


def test_calculator_errors_are_shown_beside_the_field(planner):
    html = planner.get("/staffing/", {**ISSUE, "agents": 9}).content.decode()
    assert "form-error" in html and "wf-figures" not in html
    html = planner.get("/staffing/", {**ISSUE, "shrinkage": 100}).content.decode()
    assert "form-error" in html
    html = planner.get("/staffing/", {**ISSUE, "model": "chat", "chat_aht": "fast"}).content.decode()
    assert "form-error" in html


def test_calculator_xlsx(planner):
    book = workbook(planner.get("/staffing/", {**ISSUE, "export": "xlsx"}))
    sheet = book.worksheets[0]
    values = {sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value for r in range(1, 40)}
    assert 14 in values.values() and 20 in values.values()
    curve = book.worksheets[1]
    assert any(curve.cell(row=r, column=1).value == 14 for r in range(2, 30))


PROFILE = "weekday,start,arrivals\n1,09:00,100\n1,09:30,50\n2,09:00,80\n"


def plan_form(**changes):
    data = {"source": "csv", "weeks": 8, "interval_minutes": 30, "model": "erlang-c", "aht": 180, "chat_aht": "",
            "patience": "", "target_sl": 80, "target_seconds": 20, "max_occupancy": 100, "shrinkage": 30,
            "hours_per_fte": 40}  # fmt: skip
    data.update(changes)
    return data


def test_plan_from_an_uploaded_profile(planner):
    upload = SimpleUploadedFile("week.csv", PROFILE.encode(), content_type="text/csv")
    response = planner.post("/staffing/plan/", {**plan_form(), "profile": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="chart chart-columns"' in html
    assert html.count("<tr>") >= 4  # header and three intervals
    assert 'name="profile_text"' in html  # the export can be asked for without a new upload


def test_plan_export_reuses_the_uploaded_text(planner):
    book = workbook(planner.post("/staffing/plan/", {**plan_form(), "profile_text": PROFILE, "export": "xlsx"}))
    sheet = book.worksheets[0]
    # 100, 50 and 80 calls a half hour at 180 s: 10, 5 and 8 Erlangs → 14, 8 and 11 agents for 80/20.
    assert [sheet.cell(row=r, column=4).value for r in (2, 3, 4)] == [14, 8, 11]
    assert sheet._charts  # the native bar chart of agents per interval


def test_plan_from_history_with_few_queries(planner, team_l1, django_assert_max_num_queries):
    from tests.factories import open_ticket

    for _ in range(3):
        open_ticket(team_l1, channel="phone")
    with django_assert_max_num_queries(5):
        response = planner.post("/staffing/plan/", plan_form(source="history", channels=["phone"]))
    assert response.status_code == 200
    assert 'class="chart chart-columns"' in response.content.decode()


def test_plan_errors(planner):
    html = planner.post("/staffing/plan/", plan_form()).content.decode()
    assert "form-error" in html  # no file chosen
    bad = SimpleUploadedFile("week.csv", b"weekday,start,arrivals\n9,09:00,3\n", content_type="text/csv")
    html = planner.post("/staffing/plan/", {**plan_form(), "profile": bad}).content.decode()
    assert "form-error" in html and "Line 2" in html.replace("Строка", "Line")


def test_structure_example_and_upload(planner, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        html = planner.get("/staffing/structure/").content.decode()
    assert 'class="chart chart-bars"' in html
    assert "delta-down" in html  # the pizzeria's refunds scenario saves money
    upload = SimpleUploadedFile(
        "mine.yaml",
        b"lines:\n  - {id: L1, cost_per_fte: 1000}\ntopics:\n  - {id: A, channel: phone, volume_per_hour: 50, handle: {L1: 200}}\n",
    )
    html = planner.post("/staffing/structure/", {"example": "", "file": upload}).content.decode()
    assert "wf-table" in html and 'name="text"' in html


def test_structure_errors_name_the_field(planner):
    upload = SimpleUploadedFile(
        "bad.yaml", b"lines:\n  - {id: L1}\ntopics:\n  - {id: A, channel: fax, handle: {L1: 5}}\n"
    )
    html = planner.post("/staffing/structure/", {"file": upload}).content.decode()
    assert "topics[0].channel" in html


def test_structure_xlsx(planner):
    book = workbook(planner.get("/staffing/structure/", {"example": "bank", "export": "xlsx"}))
    assert len(book.sheetnames) == 4  # comparison, current structure, two scenarios
    summary = book.worksheets[0]
    assert summary.cell(row=2, column=1).value  # the current structure's row
    assert summary.cell(row=3, column=7).value is not None  # a scenario's Δ FTE


def test_pages_in_english_and_russian(planner):
    planner.post("/language/", {"language": "en", "next": "/staffing/"})
    english = planner.get("/staffing/structure/").content.decode()
    assert "Structure what-if" in english
    planner.post("/language/", {"language": "ru", "next": "/staffing/"})
    assert planner.get("/staffing/structure/").status_code == 200
