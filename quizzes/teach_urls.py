"""The teacher pages, under /teach/."""

from django.urls import path

from quizzes.views import teach

app_name = "teach"

urlpatterns = [
    path("", teach.set_list, name="sets"),
    path("sets/new/", teach.set_new, name="set_new"),
    path("sets/<int:set_id>/", teach.set_page, name="set"),
    path("sets/<int:set_id>/edit/", teach.set_edit, name="set_edit"),
    path("sets/<int:set_id>/publish/", teach.set_publish, name="set_publish"),
    path("sets/<int:set_id>/delete/", teach.set_delete, name="set_delete"),
    path("sets/<int:set_id>/questions/new/<str:question_type>/", teach.question_new, name="question_new"),
    path("sets/<int:set_id>/copy/", teach.copy_questions, name="copy"),
    path("sets/<int:set_id>/import/", teach.import_questions, name="import"),
    path("sets/<int:set_id>/export/<str:file_format>/", teach.export_questions, name="export"),
    path("sets/<int:set_id>/results/", teach.results, name="results"),
    path("questions/<int:question_id>/edit/", teach.question_edit, name="question_edit"),
    path("questions/<int:question_id>/delete/", teach.question_delete, name="question_delete"),
]
