"""The production settings with the yardstick's bare views mounted (bench/yardstick.py):
for the benchmark only, never in production's URLs."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.yardstick_urls"
