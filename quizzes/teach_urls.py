app_name = "teach"

urlpatterns: list = []
