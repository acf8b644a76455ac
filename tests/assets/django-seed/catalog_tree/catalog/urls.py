from django.http import JsonResponse
from django.urls import path

app_name = "catalog"


def products(request):
    return JsonResponse({"products": ["tea"], "tenant": request.tenant})


urlpatterns = [path("products/", products, name="products")]
