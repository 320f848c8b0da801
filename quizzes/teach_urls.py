"""The teacher pages, under /teach/."""

from django.urls import path

from quizzes.views import assignments, classes, sources, teach

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
    path("sources/", sources.source_list, name="sources"),
    path("sources/new/", sources.source_new, name="source_new"),
    path("sources/upload/", sources.source_upload, name="source_upload"),
    path("sources/template.xlsx", sources.source_template, name="source_template"),
    path("sources/<int:source_id>/", sources.source_edit, name="source"),
    path("sources/<int:source_id>/upload/", sources.source_upload, name="source_upload_into"),
    path(
        "sources/<int:source_id>/download.<str:file_format>",
        sources.source_download,
        name="source_download",
    ),
    path("sources/<int:source_id>/generate/", sources.source_generate, name="source_generate"),
    path("sources/<int:source_id>/questions/", sources.source_preview, name="source_preview"),
    path(
        "sources/<int:source_id>/questions/<int:question_id>/exclude/",
        sources.source_exclude,
        name="source_exclude",
    ),
    path("sources/<int:source_id>/include/", sources.source_include, name="source_include"),
    path("sources/<int:source_id>/delete/", sources.source_delete, name="source_delete"),
    # Classes (views.classes).
    path("classes/", classes.class_list, name="classes"),
    path("classes/<int:class_id>/", classes.class_detail, name="class"),
    path("classes/<int:class_id>/rename/", classes.class_rename, name="class_rename"),
    path("classes/<int:class_id>/members/", classes.class_add_members, name="class_add_members"),
    path("classes/<int:class_id>/roster/", classes.class_roster, name="class_roster"),
    path(
        "classes/<int:class_id>/members/<int:user_id>/remove/",
        classes.class_remove_member,
        name="class_remove_member",
    ),
    path("classes/<int:class_id>/rotate/", classes.class_rotate, name="class_rotate"),
    path("classes/<int:class_id>/delete/", classes.class_delete, name="class_delete"),
    # Issue 14: assignments and the gradebook (the class pages themselves are in their own group)
    path("classes/<int:class_id>/assignments/", assignments.assignment_list, name="assignments"),
    path("classes/<int:class_id>/assignments/new/", assignments.assignment_new, name="assignment_new"),
    path("assignments/<int:assignment_id>/delete/", assignments.assignment_delete, name="assignment_delete"),
    path("classes/<int:class_id>/gradebook/", assignments.gradebook_page, name="gradebook"),
    path("classes/<int:class_id>/gradebook/file/", assignments.gradebook_file, name="gradebook_file"),
    path(
        "classes/<int:class_id>/gradebook/<int:user_id>/",
        assignments.student_history,
        name="student_history",
    ),
]
