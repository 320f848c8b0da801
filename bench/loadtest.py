"""The load benchmark (`make loadtest`): the production server driven over HTTP by wrk.

For each data size (10,000 and 1,000,000 review log rows by default) it seeds a
template database once (bench/seed.py; again with --reseed), copies it to a fresh
working database, starts gunicorn on it exactly as `make serve` does (config/gunicorn.py,
DEBUG off) in its own process, and runs wrk from another: 16 connections, each one
a different user with their own token, first on GET /api/study/next/?set=ID, then on
POST /api/study/reviews/ with a new client_id per review. It prints requests/s and
p50/p95/p99 latency and writes them to bench/results/. A benchmark, not a test: it
takes a few minutes and fails only if the server answers with errors.

With --ratio (`make loadtest-ratio`) the server also mounts the yardstick (bench/yardstick.py:
bare views that send the same SQL and answer the same bytes) and each round measures the
real endpoint and its bare view in turn, on the same server: the ratio of their requests
per second is what the endpoints' Python costs, whatever else loads the machine.

`--setups direct,pgbouncer,pgbouncer+standby` measures each size in each setup, side by
side in the same rounds: through a real PgBouncer in transaction mode and/or with a real
streaming standby taking the GETs' reads (bench/engines.py), against the direct one.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from engines import PgBouncer, Standby
from seed import BENCH_USERS, ROOT, bench_token, database_url, ensure_seeded, recreate_database

RESULTS = ROOT / "bench" / "results"
WRK_SCRIPT = ROOT / "bench" / "wrk" / "study.lua"
SIZES = {"10k": (20, 10_000), "1m": (2000, 1_000_000)}  # label: (users, review rows)
TARGETS = {"next": (600, 30), "review": (400, 60)}  # endpoint: (requests/s at least, p95 ms at most)
RATIO_TARGET = 0.7  # real endpoint / bare view, requests per second in the same run (at least)
PATHS = {"real": "/api/study", "bare": "/bare/study"}  # the endpoints' prefix, and the yardstick's
FLIP_EVERY, WRONG_EVERY = 10, 5  # every 10th review a flip, every 5th a wrong answer
ENGINES = {"pgbouncer", "standby"}


def machine_description() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    system = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()} cores ({cpu}), {memory_kb / 1024**2:.0f} GiB, {system}"


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def wrong_answer(kind: str, answer):
    """An answer of the right shape that is wrong (a wrong shape would be a 400)."""
    if kind == "true_false":
        return not answer
    if kind in ("order", "match"):  # the choices in another order
        return list(reversed(answer))
    return "Not this one"


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_client_data(url: str, path: Path) -> None:
    """The bench users' tokens, their set and, per card, the review fields to send, as Lua."""
    connection = psycopg2.connect(url)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.id FROM accounts_user u WHERE u.username LIKE 'bench%%' ORDER BY u.username LIMIT %s",
            [BENCH_USERS],
        )
        users = [(user_id, bench_token(user_id)) for (user_id,) in cursor.fetchall()]
        lines = ["return {"]
        for user_id, token in users:
            cursor.execute(
                "SELECT c.id, c.question_set_id, q.type, q.answer FROM quizzes_card c "
                "JOIN quizzes_question q ON q.id = c.question_id WHERE c.user_id = %s ORDER BY c.id",
                [user_id],
            )
            cards = cursor.fetchall()
            entries = []
            for number, (card_id, _, question_type, answer) in enumerate(cards):
                if number % FLIP_EVERY == 0:
                    fields = '"rating":3'
                elif number % WRONG_EVERY == 0:
                    fields = '"answer":' + json.dumps(wrong_answer(question_type, answer))
                else:
                    fields = '"answer":' + json.dumps(answer)
                entries.append(f"{{id={card_id}, fields={lua_string(fields)}}}")
            lines.append(
                f"  {{token={lua_string(token)}, set={cards[0][1]}, cards={{{', '.join(entries)}}}}},"
            )
        lines.append("}")
    connection.close()
    if len(users) < BENCH_USERS:
        raise SystemExit(f"The database has {len(users)} bench users; {BENCH_USERS} are needed.")
    path.write_text("\n".join(lines) + "\n")


class Server:
    """gunicorn with the production settings (as `make serve` runs it), in its own process group."""

    def __init__(
        self,
        *,
        url: str,
        port: int,
        workers: int | None,
        threads: int | None,
        log: Path,
        yardstick: bool = False,
        more_env: dict | None = None,
    ):
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": url,
            "BIND": f"127.0.0.1:{port}",
            # Connections kept for the whole run (make serve: 60 s), so that the database
            # backends measured at the start of a round are the ones that serve it.
            "CONN_MAX_AGE": "600",
            **(more_env or {}),
        }
        if yardstick:  # production's settings and URLs, and the bare views beside them
            env["DJANGO_SETTINGS_MODULE"] = "bench.yardstick_settings"
        if workers:
            env["WEB_WORKERS"] = str(workers)
        if threads:
            env["WEB_THREADS"] = str(threads)
        self.base = f"http://127.0.0.1:{port}"
        self.log = log.open("w")
        gunicorn = Path(sys.executable).parent / "gunicorn"  # the virtualenv's running this
        command = [str(gunicorn), "--config", "config/gunicorn.py", "config.wsgi"]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.wait_until_ready()

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}; see {self.log.name}")
            try:
                urllib.request.urlopen(f"{self.base}/api/auth/me/", timeout=5)
                return
            except urllib.error.HTTPError:  # 401: up and answering
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s; see {self.log.name}")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def run_wrk(base: str, *, mode: str, data: Path, seconds: int, run_id: str, served: str = "real") -> dict:
    command = [
        "wrk", f"-t{BENCH_USERS}", f"-c{BENCH_USERS}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(WRK_SCRIPT), base, "--", mode, str(data), run_id, PATHS[served],
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = re.search(r"^RESULT (.*)$", output, re.MULTILINE)
    if not found:
        raise SystemExit(f"wrk printed no result:\n{output}")
    raw = json.loads(found.group(1))
    return {
        "requests": raw["requests"],
        "requests_per_s": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "errors": raw["non_2xx"] + raw["connect_errors"] + raw["read_errors"] + raw["write_errors"]
        + raw["timeouts"],
    }  # fmt: skip


def cpu_seconds(pids) -> dict[int, float]:
    """User + system CPU time used so far by each process (those gone are left out)."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return used


class CpuMeter:
    """CPU time the app (gunicorn) and the database (its backends) spend on a run.

    Divided by the requests, it is what a request costs whatever else the machine is
    doing; requests/s on a busy machine is not (docs/performance.md).
    """

    NAMES = ("app", "database", "standby", "pgbouncer")

    def __init__(self, target: "Target"):
        self.target = target

    def processes(self) -> dict[str, list[int]]:
        server = self.target.server.process.pid
        app = subprocess.run(["pgrep", "-P", str(server)], capture_output=True, text=True)
        return {
            "app": [server, *map(int, app.stdout.split())],
            "database": backends(self.target.url),
            "standby": backends(self.target.replica_url) if self.target.replica_url else [],
            "pgbouncer": [self.target.pgbouncer_pid] if self.target.pgbouncer_pid else [],
        }

    def __enter__(self):
        self.before = {name: cpu_seconds(pids) for name, pids in self.processes().items()}
        return self

    def __exit__(self, *exc):
        after = {name: cpu_seconds(pids) for name, pids in self.processes().items()}
        self.used = {
            name: sum(used - self.before[name].get(pid, 0.0) for pid, used in after[name].items())
            for name in self.NAMES
        }


def backends(url: str) -> list[int]:
    """The server processes serving the database of `url` (PgBouncer's pooled ones included)."""
    connection = psycopg2.connect(url)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [pid for (pid,) in cursor.fetchall()]
    connection.close()
    return pids


def count_reviews(url: str) -> int:
    connection = psycopg2.connect(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM quizzes_review")
        (total,) = cursor.fetchone()
    connection.close()
    return total


@dataclass
class Target:
    """One data size in one setup: its working database, its clients and its own server."""

    label: str
    setup: str
    database: str
    url: str  # the primary, directly (what is measured on it never goes through PgBouncer)
    data: Path
    server: "Server | None" = None
    replica_url: str | None = None
    pgbouncer_pid: int | None = None
    reviews_at_start: int = 0


def prepare(size: str, setup: str, options) -> Target:
    users, reviews = SIZES[size]
    template = f"{options.database_prefix}_{size}_seed"
    ensure_seeded(template, users=users, reviews=reviews, again=options.reseed)
    label = size if setup == "direct" else f"{size} {setup}"
    working = f"{options.database_prefix}_{size}" + (
        "" if setup == "direct" else "_" + setup.replace("+", "_")
    )
    print(f"{label}: copying {template} to {working}", flush=True)
    recreate_database(working, template=template)
    url = database_url(working)
    data = RESULTS / f"clients_{working}.lua"
    write_client_data(url, data)
    return Target(label=label, setup=setup, database=working, url=url, data=data)


def serve(target: Target, options, port: int, *, pgbouncer: PgBouncer | None, standby: Standby | None):
    """Starts the target's server, through PgBouncer and with the standby's reads as its setup says."""
    engines = set(target.setup.split("+"))
    more_env = {}
    if "pgbouncer" in engines:
        more_env.update(DATABASE_URL=pgbouncer.url(target.database), DATABASE_POOLED="1")
        target.pgbouncer_pid = pgbouncer.process.pid
    if "standby" in engines:
        target.replica_url = standby.url(target.database)
        more_env["DATABASE_REPLICA_URL"] = target.replica_url
    print(f"{target.label}: starting its server on port {port}", flush=True)
    target.server = Server(
        url=target.url,
        port=port,
        workers=options.workers,
        threads=options.threads,
        log=RESULTS / f"server_{target.database}.log",
        yardstick=options.ratio,
        more_env=more_env,
    )
    target.reviews_at_start = count_reviews(target.url)


def measure(target: Target, *, mode: str, seconds: int, run_id: str, served: str = "real") -> dict:
    """One wrk run, with the CPU time it cost the app, the database and wrk itself."""
    load_before = load_average()
    children_before = os.times()
    with CpuMeter(target) as cpu:
        measured = run_wrk(
            target.server.base, mode=mode, data=target.data, seconds=seconds, run_id=run_id, served=served
        )
    children_after = os.times()
    measured["cpu_s"] = {**cpu.used, "wrk": sum(children_after[2:4]) - sum(children_before[2:4])}
    measured["seconds"] = seconds
    measured["load_average_before"] = load_before
    return measured


def combined(runs: list[dict]) -> dict:
    """Rounds of one endpoint on one size: requests/s and CPU per request over all of them,
    each latency percentile the median of the rounds'."""
    requests = sum(run["requests"] for run in runs)
    middle = len(runs) // 2
    return {
        "requests": requests,
        "requests_per_s": round(requests / sum(run["seconds"] for run in runs), 1),
        **{key: sorted(run[key] for run in runs)[middle] for key in ("p50_ms", "p95_ms", "p99_ms")},
        "max_ms": max(run["max_ms"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "cpu_ms_per_request": {
            name: round(1000 * sum(run["cpu_s"][name] for run in runs) / max(requests, 1), 2)
            for name in runs[0]["cpu_s"]
        },
        "rounds": runs,
    }


def bench(options, run_id: str) -> dict:
    """Every size's server in every setup up at once, then the endpoints measured in rounds
    that take them in turn, so a change in the machine's load touches each alike. With
    --ratio, each round measures the real endpoint and the bare view one after the other (in
    turns: real first in one round, bare first in the next) on the same server."""
    served = ["real", "bare"] if options.ratio else ["real"]
    targets = [prepare(size, setup, options) for setup in options.setups for size in options.sizes.split(",")]
    engines = {engine for setup in options.setups for engine in setup.split("+")} & ENGINES
    pgbouncer = standby = None
    try:
        if "pgbouncer" in engines:
            pgbouncer = PgBouncer(pool_size=options.pool_size)
        if "standby" in engines:
            print("standby: base backup of the primary, then streaming", flush=True)
            standby = Standby().create()
            standby.catch_up(timeout=600)
        for offset, target in enumerate(targets):
            serve(target, options, options.port + offset, pgbouncer=pgbouncer, standby=standby)
        runs = {
            (target.label, mode, kind): []
            for target in targets
            for mode in options.endpoints
            for kind in served
        }
        for mode in options.endpoints:
            rounds = f"{options.rounds} rounds of {options.duration} s"
            print(f"\n{mode}: {options.warmup} s warm-up on each size, then {rounds}")
            for target in targets:
                for kind in served:
                    run_wrk(
                        target.server.base,
                        mode=mode,
                        data=target.data,
                        seconds=options.warmup,
                        run_id=f"{run_id}w{kind}",
                        served=kind,
                    )
            for number in range(options.rounds):
                for target in targets:
                    for kind in served if number % 2 == 0 else served[::-1]:
                        run = measure(
                            target,
                            mode=mode,
                            seconds=options.duration,
                            run_id=f"{run_id}r{number}{kind}",
                            served=kind,
                        )
                        runs[(target.label, mode, kind)].append(run)
                        shown = f"{target.label:>22} {kind if options.ratio else ''} round {number + 1}"
                        print(f"   {shown}: {summary_line(run)}", flush=True)
    finally:
        for target in targets:
            if target.server:
                target.server.stop()
        if pgbouncer:
            pgbouncer.stop()
        if standby:
            standby.destroy()
    results = {}
    for target in targets:
        result = results[target.label] = {
            "setup": target.setup,
            "reviews_at_start": target.reviews_at_start,
            "reviews_at_end": count_reviews(target.url),
            "endpoints": {mode: combined(runs[(target.label, mode, "real")]) for mode in options.endpoints},
        }
        if options.ratio:
            result["bare"] = {
                mode: combined(runs[(target.label, mode, "bare")]) for mode in options.endpoints
            }
            result["ratio"] = {
                mode: ratio_of(result["endpoints"][mode], result["bare"][mode]) for mode in options.endpoints
            }
    return results


def ratio_of(real: dict, bare: dict) -> dict:
    """Real requests/s over bare, over all rounds and round by round (each round's pair)."""
    return {
        "requests_per_s": round(real["requests_per_s"] / bare["requests_per_s"], 3),
        "rounds": [
            round(one["requests_per_s"] / other["requests_per_s"], 3)
            for one, other in zip(real["rounds"], bare["rounds"], strict=True)
        ],
        "app_cpu_ms_per_request": [real["cpu_ms_per_request"]["app"], bare["cpu_ms_per_request"]["app"]],
    }


def summary_line(measured: dict) -> str:
    cpu = measured["cpu_s"]
    per_request = "/".join(f"{1000 * cpu[name] / max(measured['requests'], 1):.2f}" for name in cpu)
    return (
        f"{measured['requests_per_s']:6.1f} req/s  p50 {measured['p50_ms']:6.1f}  "
        f"p95 {measured['p95_ms']:6.1f}  p99 {measured['p99_ms']:6.1f} ms  errors {measured['errors']}  "
        f"CPU ms/request app/primary/standby/pgbouncer/wrk {per_request}  "
        f"load {measured['load_average_before']}"
    )


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def report(results: dict) -> bool:
    """Prints the table and the targets; False if any request failed."""
    print(
        "\n| review rows | setup | endpoint | req/s | p50 ms | p95 ms | p99 ms | errors "
        "| CPU ms/req app, primary, standby, pgbouncer, wrk |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for result in results["sizes"].values():
        for kind in ("endpoints", "bare"):
            for mode, measured in result.get(kind, {}).items():
                cpu = ", ".join(f"{ms:.2f}" for ms in measured["cpu_ms_per_request"].values())
                name = mode if kind == "endpoints" else f"{mode} (bare)"
                print(
                    f"| {result['reviews_at_start']:,} | {result['setup']} | {name} | "
                    f"{measured['requests_per_s']:.0f} | "
                    f"{measured['p50_ms']:.1f} | {measured['p95_ms']:.1f} | {measured['p99_ms']:.1f} | "
                    f"{measured['errors']} | {cpu} |"
                )
    print()
    for mode, (rate, p95) in TARGETS.items():
        for label, result in results["sizes"].items():
            measured = result["endpoints"].get(mode)
            if measured:
                met = measured["requests_per_s"] >= rate and measured["p95_ms"] <= p95
                print(f"{mode} at {label}: ≥ {rate} req/s with p95 ≤ {p95} ms {verdict(met)}")
        small, large = (results["sizes"].get(size, {}).get("endpoints", {}).get(mode) for size in SIZES)
        if small and large:
            ratios = {p: large[f"{p}_ms"] / small[f"{p}_ms"] for p in ("p50", "p95")}
            shown = ", ".join(f"{p} {ratio:.2f}x" for p, ratio in ratios.items())
            print(f"{mode}, 1m against 10k: {shown}; within 1.2x {verdict(max(ratios.values()) <= 1.2)}")
    ratios = {
        (label, mode): ratio
        for label, result in results["sizes"].items()
        for mode, ratio in result.get("ratio", {}).items()
    }
    if ratios:
        print()
        for (label, mode), ratio in ratios.items():
            rounds = ", ".join(f"{value:.2f}" for value in ratio["rounds"])
            real_ms, bare_ms = ratio["app_cpu_ms_per_request"]
            print(
                f"{mode} at {label}: real / bare {ratio['requests_per_s']:.2f} (rounds {rounds}); "
                f"app CPU {real_ms:.2f} against {bare_ms:.2f} ms per request"
            )
        floor = min(ratio["requests_per_s"] for ratio in ratios.values())
        results["floor_ratio"] = floor
        print(f"floor ratio {floor:.2f}: ≥ {RATIO_TARGET} {verdict(floor >= RATIO_TARGET)}")
    return all(
        m["errors"] == 0
        for r in results["sizes"].values()
        for kind in ("endpoints", "bare")
        for m in r.get(kind, {}).values()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,1m", help="comma-separated, of: " + ", ".join(SIZES))
    parser.add_argument("--endpoints", default="next,review", help="comma-separated, of: next, review")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each measured round")
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds per endpoint and size")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up per endpoint and size")
    parser.add_argument(
        "--reseed", action="store_true", help="seed the template databases anew (else only when out of date)"
    )
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: config/gunicorn.py's)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: config/gunicorn.py's)")
    parser.add_argument(
        "--setups",
        default="direct",
        help="comma-separated: direct, pgbouncer, standby or pgbouncer+standby (bench/engines.py)",
    )
    parser.add_argument("--pool-size", type=int, default=8, help="PgBouncer's default_pool_size")
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument(
        "--ratio",
        action="store_true",
        help="measure the bare views too, in alternating rounds, and the ratio",
    )
    parser.add_argument(
        "--database-prefix",
        default=os.environ.get("BENCH_DATABASE_PREFIX", "quizzes_bench"),
        help="the databases' names: PREFIX_10k_seed (the template), PREFIX_10k (the run's copy), …",
    )
    options = parser.parse_args()
    options.endpoints = options.endpoints.split(",")
    options.setups = options.setups.split(",")
    for setup in options.setups:
        if setup != "direct" and not set(setup.split("+")) <= ENGINES:
            parser.error(f"unknown setup {setup!r}")
    RESULTS.mkdir(exist_ok=True)
    run_id = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    results = {
        "run": run_id,
        "machine": machine_description(),
        "setups": options.setups,
        "server": {
            "workers": options.workers or os.environ.get("WEB_WORKERS", "config/gunicorn.py's default"),
            "threads": options.threads or int(os.environ.get("WEB_THREADS", "1")),
        },
        "sizes": {},
    }
    print(f"{results['machine']}; load average {load_average()}")
    results["sizes"] = bench(options, run_id)
    results["load_average_after"] = load_average()
    ok = report(results)  # adds the floor ratio, with --ratio
    (RESULTS / f"loadtest-{run_id}.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nResults in bench/results/loadtest-{run_id}.json; load average now {load_average()}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
