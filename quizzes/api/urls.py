from django.urls import path

from quizzes.api import (
    assignments,
    authoring,
    classes,
    jobs,
    quizzes,
    scheduler,
    sources,
    sources_draft,
    study,
)

urlpatterns = [
    # First: what a studying student requests over and over (docs/performance.md).
    path("study/next/", study.NextCardView.as_view(), name="study-next"),
    path("study/reviews/", study.ReviewView.as_view(), name="study-reviews"),
    path("sets/", authoring.QuestionSetListView.as_view(), name="set-list"),
    path("sets/<int:pk>/", authoring.QuestionSetDetailView.as_view(), name="set-detail"),
    path("sets/<int:pk>/export/", authoring.QuestionSetExportView.as_view(), name="set-export"),
    path("sets/<int:pk>/import/", authoring.QuestionSetImportView.as_view(), name="set-import"),
    path("sets/<int:pk>/copy/", authoring.CopyQuestionsView.as_view(), name="set-copy"),
    path("sets/<int:pk>/results/", authoring.QuestionSetResultsView.as_view(), name="set-results"),
    path("sets/<int:pk>/leaderboard/", study.LeaderboardView.as_view(), name="set-leaderboard"),
    path("questions/", authoring.QuestionListView.as_view(), name="question-list"),
    path("questions/<int:pk>/", authoring.QuestionDetailView.as_view(), name="question-detail"),
    path("sources/", sources.SourceListView.as_view(), name="source-list"),
    path("sources/draft/", sources_draft.SourceDraftView.as_view(), name="source-draft"),
    path("sources/template.xlsx", sources_draft.SourceTemplateView.as_view(), name="source-template"),
    path("sources/<int:pk>/", sources.SourceDetailView.as_view(), name="source-detail"),
    path("sources/<int:pk>/generate/", sources.SourceGenerateView.as_view(), name="source-generate"),
    path("sources/<int:pk>/exclusions/", sources.SourceExclusionListView.as_view(), name="source-exclusions"),
    path(
        "sources/<int:pk>/exclusions/<int:exclusion_id>/",
        sources.SourceExclusionDetailView.as_view(),
        name="source-exclusion",
    ),
    path("quizzes/", quizzes.QuizListView.as_view(), name="quiz-list"),
    path("quizzes/<int:pk>/", quizzes.QuizDetailView.as_view(), name="quiz-detail"),
    path("quizzes/<int:pk>/answers/<int:question_id>/", quizzes.QuizAnswerView.as_view(), name="quiz-answer"),
    path("quizzes/<int:pk>/submit/", quizzes.QuizSubmitView.as_view(), name="quiz-submit"),
    path("study/stats/", study.StudyStatsView.as_view(), name="study-stats"),
    path("study/scheduler/", scheduler.SchedulerView.as_view(), name="study-scheduler"),
    path("scores/me/", study.MyScoresView.as_view(), name="scores-me"),
    # Classes and their members (services.classes).
    path("classes/", classes.ClassListView.as_view(), name="class-list"),
    path("classes/join/", classes.ClassJoinView.as_view(), name="class-join"),
    path("classes/<int:pk>/", classes.ClassDetailView.as_view(), name="class-detail"),
    path("classes/<int:pk>/rotate-code/", classes.ClassRotateCodeView.as_view(), name="class-rotate-code"),
    path("classes/<int:pk>/leave/", classes.ClassLeaveView.as_view(), name="class-leave"),
    path("classes/<int:pk>/members/", classes.ClassMembersView.as_view(), name="class-members"),
    path("classes/<int:pk>/roster/", classes.ClassRosterView.as_view(), name="class-roster"),
    path(
        "classes/<int:pk>/members/<int:user_id>/",
        classes.ClassMemberDetailView.as_view(),
        name="class-member",
    ),
    # Issue 14: assignments, the gradebook, a class's leaderboard (the classes themselves are
    # in their own group).
    path("assignments/", assignments.MyAssignmentListView.as_view(), name="my-assignments"),
    path("assignments/<int:pk>/", assignments.AssignmentDetailView.as_view(), name="assignment-detail"),
    path(
        "classes/<int:pk>/assignments/",
        assignments.ClassAssignmentListView.as_view(),
        name="class-assignments",
    ),
    path("classes/<int:pk>/gradebook/", assignments.GradebookView.as_view(), name="class-gradebook"),
    path(
        "classes/<int:pk>/gradebook/<int:user_id>/",
        assignments.StudentHistoryView.as_view(),
        name="class-student-history",
    ),
    path(
        "classes/<int:pk>/leaderboard/", assignments.ClassLeaderboardView.as_view(), name="class-leaderboard"
    ),
    path("classes/<int:pk>/weakest/", assignments.WeakestView.as_view(), name="class-weakest"),
    # Issue 15: background jobs (generate and draft with `Prefer: respond-async`, gradebook files).
    path(
        "classes/<int:pk>/gradebook/exports/",
        assignments.GradebookExportView.as_view(),
        name="class-gradebook-export",
    ),
    path("jobs/<uuid:job_id>/", jobs.JobView.as_view(), name="api-job"),
    path("jobs/<uuid:job_id>/file/", jobs.JobFileView.as_view(), name="api-job-file"),
]
