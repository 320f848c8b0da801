from django.core.management.base import BaseCommand, CommandError

from quizzes.models import Source
from quizzes.services import sources


class Command(BaseCommand):
    help = (
        "Generate (or refresh) the published question set of each bundled fact source (those "
        "load_facts loaded; teachers generate their own sources' sets themselves)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", metavar="SLUG", help="only this source")

    def handle(self, *args, source=None, **options):
        bundled = Source.objects.bundled().order_by("slug")
        if source:
            bundled = bundled.filter(slug=source)
            if not bundled.exists():
                raise CommandError(f'No fact source "{source}"; load it first with load_facts.')
        elif not bundled.exists():
            raise CommandError("No fact sources loaded; run load_facts FILE first.")
        for fact_source in bundled:
            self.stdout.write(f"Generating questions for {fact_source.slug}…")
            try:
                report = sources.generate_set(source=fact_source, progress=self.show_progress)
            except sources.InvalidSource as invalid:
                raise CommandError("\n".join(invalid.errors)) from None
            self.stdout.write(self.style.SUCCESS(report.summary()))
            self.stdout.write(f"  kept as edited by hand: {report.kept_edited}; excluded: {report.excluded}")
            for (kind, type_), count in sorted(report.by_kind_and_type.items()):
                self.stdout.write(f"  {kind:<7} {type_:<11} {count}")

    def show_progress(self, done: int, total: int) -> None:
        self.stdout.write(f"  {done}/{total} questions", ending="\r" if done < total else "\n")
        self.stdout.flush()
