from django.core.management.base import BaseCommand, CommandError

from quizzes.generation.sync import generate_questions
from quizzes.models import Source


class Command(BaseCommand):
    help = "Generate (or refresh) the published question set of each fact source."

    def add_arguments(self, parser):
        parser.add_argument("--source", metavar="SLUG", help="only this source")

    def handle(self, *args, source=None, **options):
        sources = Source.objects.order_by("slug")
        if source:
            sources = sources.filter(slug=source)
            if not sources.exists():
                raise CommandError(f'No fact source "{source}"; load it first with load_facts.')
        elif not sources.exists():
            raise CommandError("No fact sources loaded; run load_facts FILE first.")
        for fact_source in sources:
            self.stdout.write(f"Generating questions for {fact_source.slug}…")
            report = generate_questions(source=fact_source, progress=self.show_progress)
            self.stdout.write(self.style.SUCCESS(report.summary()))
            for (kind, type_), count in sorted(report.by_kind_and_type.items()):
                self.stdout.write(f"  {kind:<7} {type_:<11} {count}")

    def show_progress(self, done: int, total: int) -> None:
        self.stdout.write(f"  {done}/{total} questions", ending="\r" if done < total else "\n")
        self.stdout.flush()
