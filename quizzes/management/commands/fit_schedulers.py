from django.core.management.base import BaseCommand
from django.utils import timezone

from quizzes.services import scheduler_fits


class Command(BaseCommand):
    help = (
        "Queue a fit of their own FSRS parameters for every student due one: FSRS_FIT_MIN_REVIEWS "
        "reviews, then FSRS_REFIT_EVERY_REVIEWS more since the last fit (the workers fit them, and "
        "do this daily by themselves). --now fits them here instead (docs/scaling.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Fit in this process, not by the workers.")

    def handle(self, *args, now=False, **options):
        queued = scheduler_fits.queue_due_fits(now=timezone.now())
        if now:
            for user in queued:
                self.stdout.write(f"{user.username}: {describe(scheduler_fits.run_fit(user_id=user.pk))}")
        self.stdout.write(
            f"{len(queued)} fit{'s' if len(queued) != 1 else ''} {'done' if now else 'queued'}."
        )


def describe(fit) -> str:
    if fit is None:
        return "taken by a worker meanwhile."
    verdict = "adopted" if fit.adopted else "kept the defaults"
    return (
        f"{verdict}; held-out log loss {fit.default_log_loss or 0:.4f} (defaults) vs "
        f"{fit.fitted_log_loss or 0:.4f} (fitted) on {fit.held_out_reviews} reviews, {fit.seconds:.2f} s"
    )
