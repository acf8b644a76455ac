from django.http import HttpRequest, JsonResponse
from django.urls import path


def ping(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"module": "notes", "tenant": request.tenant})


urlpatterns = [path("ping", ping, name="ping")]
