from django.core.management.base import BaseCommand, CommandError

from quizzes.models import Source
from quizzes.selectors.content_report import content_report


class Command(BaseCommand):
    help = "What each bundled source's generated questions ask, and what they leave out (docs/content.md)."

    def add_arguments(self, parser):
        parser.add_argument("--source", help="Only this source's slug.")

    def handle(self, *args, source=None, **options):
        sources = Source.objects.bundled().order_by("slug")
        if source:
            sources = sources.filter(slug=source)
            if not sources.exists():
                raise CommandError(f"No fact source with the slug {source!r}.")
        for fact_source in sources:
            for line in content_report(source=fact_source).lines():
                self.stdout.write(line)
            self.stdout.write("")
