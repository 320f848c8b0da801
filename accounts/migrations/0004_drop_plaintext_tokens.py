"""API tokens moved to django-rest-knox, which keeps only their digests: the old table of
DRF's tokens, in plain text, goes (everyone logs in again for a new token)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_login_attempts_and_case_insensitive_usernames"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", migrations.RunSQL.noop)]
