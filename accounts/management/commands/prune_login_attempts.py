from django.core.management.base import BaseCommand

from accounts import brute_force


class Command(BaseCommand):
    help = "Delete login attempts older than a day (no lockout rule looks that far back); run it daily."

    def handle(self, *args, **options):
        deleted = brute_force.prune()
        self.stdout.write(f"Deleted {deleted} old login attempts.")
