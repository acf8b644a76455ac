from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path


def page(request: HttpRequest) -> HttpResponse:
    return render(request, "notes/hello.html", {"who": "<world>"})


urlpatterns = [path("notes", page, name="page")]
