from django.core.management.base import BaseCommand, CommandError

from quizzes.facts.loader import load_fact_source
from quizzes.facts.validator import read_fact_file


class Command(BaseCommand):
    help = "Validate a fact source (JSON, see fixtures/README.md) and load it in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the fact source JSON file")

    def handle(self, *args, file, **options):
        document, errors = read_fact_file(file)
        if errors:
            for error in errors:
                self.stderr.write(error)
            raise CommandError(f"{file}: {len(errors)} problem(s); nothing was loaded.")
        self.stdout.write(f"Loading {file}…")
        source, report = load_fact_source(document)
        self.stdout.write(self.style.SUCCESS(f"{source.slug}: {report.summary()}"))
