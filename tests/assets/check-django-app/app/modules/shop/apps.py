from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "app.modules.shop"
