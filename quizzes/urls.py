from django.urls import path

from quizzes.views import assignments, classes, jobs, practice, progress, quizzes, study

urlpatterns = [
    path("", study.dashboard, name="dashboard"),
    path("sets/<int:set_id>/", study.set_page, name="set"),
    path("sets/<int:set_id>/study/", study.study_page, name="study"),
    path("sets/<int:set_id>/quiz/", quizzes.quiz_new, name="quiz_new"),
    path("quizzes/<int:attempt_id>/", quizzes.quiz, name="quiz"),
    path("quizzes/<int:attempt_id>/answers/<int:question_id>/", quizzes.quiz_answer, name="quiz_answer"),
    path("quizzes/<int:attempt_id>/submit/", quizzes.quiz_submit, name="quiz_submit"),
    path("quizzes/<int:attempt_id>/study-missed/", quizzes.quiz_study_missed, name="quiz_study_missed"),
    path("progress/", progress.progress, name="progress"),
    path("jobs/<uuid:job_id>/", jobs.job_page, name="job"),
    path("jobs/<uuid:job_id>/file/", jobs.job_file, name="job_file"),
    path("sets/<int:set_id>/match/", practice.match, name="practice_match"),
    path("sets/<int:set_id>/match/check/", practice.match_check, name="practice_match_check"),
    path("sets/<int:set_id>/timeline/", practice.timeline, name="practice_timeline"),
    # Classes (views.classes).
    path("classes/", classes.my_classes, name="classes"),
    path("classes/<int:class_id>/leave/", classes.leave, name="class_leave"),
    path("join/<str:join_code>/", classes.join_link, name="join"),
    # Issue 14: assignments
    path("assignments/<int:assignment_id>/quiz/", assignments.assigned_quiz, name="assigned_quiz"),
]
