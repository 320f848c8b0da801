"""Settings, all read from the environment (see README: Configuration).

Development defaults are safe to run locally; `DEBUG=0` switches on the production
hardening that `manage.py check --deploy` asks for.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-set-SECRET_KEY-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/quizzes"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Each test run gets its own database, so two runs on one server never collide.
DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
SILENCED_SYSTEM_CHECKS = []
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The SQLite fallback builds the card index without its included column (a PostgreSQL
    # speed-up for the study counts); nothing to warn a newcomer about.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
# Behind PgBouncer in transaction mode a connection is not ours between transactions:
# no server-side cursors (they outlive a transaction). See docs/scaling.md.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DATABASE_POOLED", False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A read replica, off unless DATABASE_REPLICA_URL is set: GETs read from it, except a
# client's reads for REPLICA_PIN_SECONDS after they wrote (config/replicas.py).
# Reads go to the primary while the replica lags more than REPLICA_MAX_LAG_SECONDS or does
# not answer, checked every REPLICA_CHECK_SECONDS; the pin must outlast both.
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", "5"))
REPLICA_CHECK_SECONDS = int(os.environ.get("REPLICA_CHECK_SECONDS", "2"))
if replica_url := os.environ.get("DATABASE_REPLICA_URL"):
    replica = dj_database_url.parse(
        replica_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    DATABASES["replica"] = {
        **replica,
        # A replica whose host is gone costs a request 2 s at most, then the primary serves.
        "OPTIONS": {"connect_timeout": 2, **replica.get("OPTIONS", {})},
        "DISABLE_SERVER_SIDE_CURSORS": DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"],
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["config.replicas.PrimaryReplicaRouter"]

# A cache shared by every process (the register throttle, the replica pins): Redis when
# REDIS_URL is set, else each process's memory (fine for one process).
if redis_url := os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "quizzes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Production serves its static files itself (hashed names, cached for a year,
    # precompressed); in development runserver does.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    "config.security_headers.ContentSecurityPolicyMiddleware",
    "config.request_limits.RequestLimitsMiddleware",
    *(["config.replicas.ReplicaReadsMiddleware"] if "replica" in DATABASES else []),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks the browser of every successful login as a known device (accounts/brute_force.py).
    "accounts.known_devices.KnownDeviceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.server_errors.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
# The only backend: every password check (API, pages, admin) goes through the brute-force rules.
AUTHENTICATION_BACKENDS = ["accounts.backends.ThrottledModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# `collectstatic` (`make serve` runs it) makes the hashed and compressed copies WhiteNoise serves.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "config.api_negotiation.RememberedNegotiation",
    # The API speaks JSON; only the import takes a file (multipart), and says so itself.
    "DEFAULT_PARSER_CLASSES": ["config.api_parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "quizzes.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # How many proxies of ours sit in front and append to X-Forwarded-For (accounts/rate_limits.py):
    # 0 trusts no header. Behind one, every client would otherwise share the proxy's address.
    "NUM_PROXIES": int(os.environ.get("TRUSTED_PROXY_COUNT", "0")),
    "DEFAULT_THROTTLE_RATES": {
        "register": "20/hour",
        "password_reset": "10/hour",
        "quiz_start": os.environ.get("QUIZ_START_RATE", "60/hour"),
        "source_draft": os.environ.get("SOURCE_DRAFT_RATE", "30/hour"),
        "source_generate": os.environ.get("SOURCE_GENERATE_RATE", "60/hour"),
        "class_join": os.environ.get("CLASS_JOIN_RATE", "20/hour"),
        "class_join_address": os.environ.get("CLASS_JOIN_ADDRESS_RATE", "60/hour"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api_errors.exception_handler",
}

# API tokens (accounts/tokens.py): hashed in the database, one per device, expiring.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=int(os.environ.get("TOKEN_TTL_HOURS", str(30 * 24)))),
    "AUTO_REFRESH": False,  # a write per request otherwise; a client logs in again when told to
}

# Background jobs (docs/scaling.md, "Background work"): queued in PostgreSQL itself, in the
# same database and transaction as the write that queues them, and run by
# `manage.py db_worker` (`make run` starts one). A job that fails is queued again up to
# TASK_RETRIES times, each later than the last; the admin lists every job and its error.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TASK_RETRIES = int(os.environ.get("TASK_RETRIES", "3"))
TASK_RETRY_DELAY_SECONDS = int(os.environ.get("TASK_RETRY_DELAY_SECONDS", "60"))
# Housekeeping (services.jobs.tidy, hourly): a job running this long was left by a worker
# that died, and is queued again; finished jobs are forgotten after TASK_KEEP_DAYS.
TASK_STALE_SECONDS = int(os.environ.get("TASK_STALE_SECONDS", "900"))
TASK_KEEP_DAYS = int(os.environ.get("TASK_KEEP_DAYS", "7"))
# A job's progress is written on a connection of its own, so its waiting page sees it while
# the job's work is one open transaction (services.jobs.Progress).
DATABASES["progress"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}

# A student's own FSRS parameters (docs/scaling.md, "Fitting each student's scheduler"):
# fitted once their log holds FSRS_FIT_MIN_REVIEWS reviews, as Anki advises for its optimiser
# (with fewer, the held-out part is too small to tell a better fit from luck), and again
# after each FSRS_REFIT_EVERY_REVIEWS more.
FSRS_FIT_MIN_REVIEWS = int(os.environ.get("FSRS_FIT_MIN_REVIEWS", "400"))
FSRS_REFIT_EVERY_REVIEWS = int(os.environ.get("FSRS_REFIT_EVERY_REVIEWS", "500"))

# Study (quizzes/selectors/study_queue.py): when nothing is due, learning cards coming due
# within this many minutes are shown early, as Anki's learn-ahead limit (its default, 20).
LEARN_AHEAD_MINUTES = int(os.environ.get("LEARN_AHEAD_MINUTES", "20"))

# Mail (password resets): printed to the console in development; SMTP when EMAIL_HOST is set.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Quizzes <noreply@localhost>")
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(3 * 3600)))

SPECTACULAR_SETTINGS = {
    "TITLE": "Quizzes API",
    "DESCRIPTION": "History flashcards (FSRS) and quizzes generated from facts.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_errors.document_framework_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "QuestionKindEnum": "quizzes.models.questions.Question.Kind",
        "QuestionTypeEnum": "quizzes.models.questions.Question.Type",
        "AssignmentStatusEnum": ["not_started", "in_progress", "done", "late"],
        "JobStatusEnum": "quizzes.models.jobs.Job.Status",
        "JobKindEnum": "quizzes.models.jobs.Job.Kind",
    },
}

# Security headers, in every mode, so tests and development see what production sends.
# The pages use only their own static files: no inline script or style, no eval.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Request size limits: bodies over MAX_REQUEST_BODY_BYTES (file uploads included) are
# refused with 413 before they are read; JSON and form fields over 1 MiB are 413 too.
MAX_REQUEST_BODY_BYTES = int(os.environ.get("MAX_REQUEST_BODY_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# The fact source editor sends every field of every record: about 11,500 at the sources'
# limits (services.sources.MAX_RECORDS), 2,400 for the bundled article.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 15_000

# Production hardening: on whenever DEBUG is off (`check --deploy` is clean then).
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    if not SECURE_SSL_REDIRECT:
        # Switched off on purpose: the TLS proxy in front redirects to HTTPS (or, for
        # `make serve` on a laptop, there is no TLS at all).
        SILENCED_SYSTEM_CHECKS.append("security.W008")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
