"""A student's own FSRS parameters: each fit of them, how it predicted, and whether it was adopted."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q


class SchedulerFit(models.Model):
    """One fit of a student's FSRS parameters to their review log (quizzes/fitting.py): queued
    when they cross the threshold (or FSRS_REFIT_EVERY_REVIEWS after the last fit), run by the
    job `fit_scheduler`. The log losses and RMSEs are measured on reviews held out of the fit;
    the student's parameters themselves live on the user (`User.fsrs_parameters`)."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    PENDING = (Status.QUEUED, Status.RUNNING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scheduler_fits", db_index=False
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The reviews in the log when the fit was asked for, then those it read: the next fit
    # comes FSRS_REFIT_EVERY_REVIEWS after this.
    reviews = models.PositiveIntegerField()
    train_reviews = models.PositiveIntegerField(null=True, blank=True)
    held_out_reviews = models.PositiveIntegerField(null=True, blank=True)
    parameters = ArrayField(models.FloatField(), size=21, null=True, blank=True)
    default_log_loss = models.FloatField(null=True, blank=True)
    fitted_log_loss = models.FloatField(null=True, blank=True)
    default_rmse = models.FloatField(null=True, blank=True)
    fitted_rmse = models.FloatField(null=True, blank=True)
    adopted = models.BooleanField(default=False)
    seconds = models.FloatField(null=True, blank=True, help_text="How long fitting and judging took.")

    class Meta:
        constraints = [
            # Two requests at once (two tabs, the nightly command) queue one fit, not two.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status__in=["queued", "running"]),
                name="one_pending_fit_per_user",
            ),
            # The adoption rule (fitting.Fit.adopted), kept by the database too.
            models.CheckConstraint(
                condition=Q(adopted=False) | Q(fitted_log_loss__lt=F("default_log_loss")),
                name="adopted_fit_predicts_better",
            ),
        ]
        indexes = [models.Index(fields=["user", "requested_at"], name="scheduler_fit_user_time")]

    def __str__(self) -> str:
        return f"{self.user} · fit {self.requested_at:%Y-%m-%d %H:%M} · {self.status}"

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING

    @property
    def log_loss_better_percent(self) -> float | None:
        """How much lower the fitted parameters' log loss is than the defaults', in percent of theirs."""
        return better_percent(self.default_log_loss, self.fitted_log_loss)

    @property
    def rmse_better_percent(self) -> float | None:
        return better_percent(self.default_rmse, self.fitted_rmse)

    @property
    def log_loss_compared(self) -> str:
        return compared(self.log_loss_better_percent)

    @property
    def rmse_compared(self) -> str:
        return compared(self.rmse_better_percent)


def better_percent(default: float | None, fitted: float | None) -> float | None:
    if default is None or fitted is None or default == 0:
        return None
    return 100 * (1 - fitted / default)


def compared(percent: float | None) -> str:
    """ "5.7% better", "1.0% worse" or "the same", for the page."""
    if percent is None:
        return ""
    if round(percent, 1) == 0:
        return "the same"
    return f"{abs(percent):.1f}% {'better' if percent > 0 else 'worse'}"
