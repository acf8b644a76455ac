from . import views

routes = [views.index]
