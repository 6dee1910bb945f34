from django.http import HttpRequest, HttpResponse


def ticket_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def ticket_detail(request: HttpRequest, ticket_id: int) -> HttpResponse:
    return HttpResponse("ok")
