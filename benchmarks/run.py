"""Measure stod against the naive baseline, side by side, and write benchmarks/RESULTS.md.

    python benchmarks/run.py [--scales plattform,lan,nationell] [--repeat 3]

The baseline loads every YAML file of a repository with `yaml.load(f, Loader=yaml.CSafeLoader)`
in one process. Each figure is the median of --repeat runs, each in a fresh process; peak
memory is the process's maximum resident set size. stod keeps its cache in a folder of its own
for these runs ($STOD_CACHE_DIR, under --work), emptied before each cold run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from functools import partial
from itertools import count
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

BASELINE = """
import pathlib, sys, yaml
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    with open(p, encoding="utf-8") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
"""
MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
t = time.perf_counter() - t
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(t, use.ru_maxrss, done.returncode, use.ru_utime + use.ru_stime)
"""
GOALS = {
    "help": "stod --help inom 150 ms från python -c pass",
    "documents": "stod rapport ÅR på exempeldata ≤ 1,0 s (md) och ≤ 1,5 s (docx), stod ansokan ÅR ≤ 0,8 s",
    "example": "stod validera på exempeldata under 0,3 s",
    "cold": "kall validera ≤ 0,5 × baslinjen (län, nationell)",
    "warm": "varm validera ≤ 0,1 × baslinjen (län, nationell)",
    "rapport": "kall rapport ≤ 0,7 × baslinjen, minne ≤ baslinjens (nationell)",
}


def measure(command: list[str], repeat: int, cwd: Path, before=None) -> tuple[float, float]:
    """Median seconds and median peak memory (MB) of `command`."""
    return timings(command, repeat, cwd, before)[:2]


def timings(command: list[str], repeat: int, cwd: Path, before=None) -> tuple[float, float, float]:
    """Median seconds, median peak memory (MB) and median processor seconds of `command`:
    on a machine shared with other work the processor time moves less than the clock."""
    times, memory, cpu = [], [], []
    for _ in range(repeat):
        if before:
            before()
        out = subprocess.run(
            [sys.executable, "-c", MEASURE, *command],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        if out[2] not in ("0", "1"):
            raise SystemExit(f"{' '.join(command)} avslutades med {out[2]}")
        times.append(float(out[0]))
        memory.append(int(out[1]) / 1024)
        cpu.append(float(out[3]))
    return statistics.median(times), statistics.median(memory), statistics.median(cpu)


EDITS = count(1)


def changed(path: Path, original: bytes) -> None:
    """The file saved with new content, a comment line more: the cache answers for the rest."""
    path.write_bytes(original + f"# ändrad {next(EDITS)}\n".encode())


def removed(path: Path, original: bytes, validera: list[str], cwd: Path) -> None:
    """Set up the first run after the file went: put back, one run with it, taken away."""
    path.write_bytes(original)
    measure(validera, 1, cwd)
    path.unlink()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} kärnor, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="plattform,lan,nationell")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "stod-bench")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    cache_dir = args.work / "cache"
    os.environ["STOD_CACHE_DIR"] = str(cache_dir)  # the runs below inherit it
    os.environ.pop("STOD_CACHE", None)
    # A user's installation has its modules compiled (pip compiles them when it installs,
    # Python writes __pycache__ on the first run). Where PYTHONDONTWRITEBYTECODE is set, stod's
    # own modules would be compiled anew in every run (0,03–0,05 s); the runs keep their
    # compiled files in a folder of their own instead, made by the first run of each command.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(args.work / "pycache")

    def clear() -> None:  # a cold run: the cache folder gone, so stod starts a new one
        shutil.rmtree(cache_dir, ignore_errors=True)

    stod = shutil.which("stod") or str(Path(sys.executable).parent / "stod")
    py = sys.executable
    rows: list[tuple[str, str, str, str]] = []

    pass_t, _, pass_c = timings([py, "-c", "pass"], args.repeat * 3, ROOT)
    measure([stod, "--help"], 1, ROOT)
    help_t, _, help_c = timings([stod, "--help"], args.repeat * 3, ROOT)
    rows.append(("stod --help", f"{help_t * 1000:.0f} ms (processor +{(help_c - pass_c) * 1000:.0f} ms)",
                 f"+{(help_t - pass_t) * 1000:.0f} ms mot python -c pass",
                 "ja" if help_t - pass_t <= 0.150 else "nej"))  # fmt: skip
    # The documents on the example data, as a user runs them: once with an empty cache (the
    # charts drawn), then again (the parse cache and the drawn charts kept).
    out = args.work / "exempel"
    per = ["--data", str(ROOT / "data"), "--per", "2026-02-15", "--skriv-over"]
    documents = {
        "stod rapport 2025, md": ([stod, "rapport", "2025", *per, "--ut", str(out / "r.md")], 1.0),
        "stod rapport 2025, docx": ([stod, "rapport", "2025", *per, "--format", "docx",
                                     "--ut", str(out / "r.docx")], 1.5),
        "stod ansokan 2026, md": ([stod, "ansokan", "2026", *per, "--ut", str(out / "a.md")], 0.8),
    }  # fmt: skip
    for label, (command, goal) in documents.items():
        for when, before in (("tom cache", clear), ("igen", None)):
            measure(command, 1, ROOT)
            t, m, c = timings(command, args.repeat * 3, ROOT, before)
            rows.append((f"{label}, exempeldata, {when}", f"{t:.2f} s (processor {c:.2f} s)",
                         f"{m:.0f} MB; python -c pass {pass_t * 1000:.0f} ms",
                         "ja" if t <= goal else "nej"))  # fmt: skip
    example = [stod, "validera", "--data", str(ROOT / "data")]
    for label, before in (("kall", clear), ("varm", None)):
        t, m = measure(example, args.repeat * 3, ROOT, before)
        rows.append((f"stod validera, exempeldata, {label}", f"{t:.2f} s", f"{m:.0f} MB",
                     "ja" if t < 0.3 else "nej"))  # fmt: skip

    for scale in args.scales.split(","):
        target = args.work / scale
        if not (target / "data").is_dir():
            generate(scale, target)
        data = target / "data"
        goals = scale != "plattform"  # the issue sets the goals for län and nationell
        rapport_goal = scale == "nationell"
        meeting = sorted((data / "moten").iterdir())[-1]
        company = sorted((data / "foretag").iterdir())[0]
        saved = {p: p.read_bytes() for p in (meeting, company)}

        def verdict(ok: bool, applies: bool = goals) -> str:
            return ("ja" if ok else "nej") if applies else "–"

        base_t, base_m = measure([py, "-c", BASELINE, str(data)], args.repeat, target)
        rows.append((f"{scale}: baslinje", f"{base_t:.2f} s", f"{base_m:.0f} MB", ""))
        validera = [stod, "validera", "--data", str(data)]
        cold_t, cold_m = measure(validera, args.repeat, target, clear)
        rows.append((f"{scale}: validera kall", f"{cold_t:.2f} s ({cold_t / base_t:.2f} ×)", f"{cold_m:.0f} MB",
                     verdict(cold_t <= 0.5 * base_t)))  # fmt: skip
        measure(validera, 1, target)
        warm_t, warm_m = measure(validera, args.repeat, target)
        rows.append((f"{scale}: validera varm", f"{warm_t:.2f} s ({warm_t / base_t:.2f} ×)", f"{warm_m:.0f} MB",
                     verdict(warm_t <= 0.1 * base_t)))  # fmt: skip
        change = partial(changed, meeting, saved[meeting])
        one_t, one_m = measure(validera, args.repeat, target, change)
        meeting.write_bytes(saved[meeting])
        rows.append((f"{scale}: validera, en fil ändrad", f"{one_t:.2f} s ({one_t / base_t:.2f} ×)",
                     f"{one_m:.0f} MB", ""))  # fmt: skip
        gone = partial(removed, company, saved[company], validera, target)
        gone_t, gone_m = measure(validera, args.repeat, target, gone)
        company.write_bytes(saved[company])
        rows.append((f"{scale}: validera, en företagsfil borttagen, varm",
                     f"{gone_t:.2f} s ({gone_t / base_t:.2f} ×)", f"{gone_m:.0f} MB", ""))  # fmt: skip
        year = sorted(int(p.stem) for p in (data / "ar").glob("*.yaml"))[-2]
        report = [stod, "rapport", str(year), "--data", str(data), "--per", f"{year + 1}-03-01",
                  "--ut", str(target / "ut" / "rapport.md"), "--skriv-over"]  # fmt: skip
        rep_t, rep_m = measure(report, args.repeat, target, clear)
        ok = rep_t <= 0.7 * base_t and rep_m <= base_m
        rows.append((f"{scale}: rapport kall", f"{rep_t:.2f} s ({rep_t / base_t:.2f} ×)",
                     f"{rep_m:.0f} MB ({rep_m / base_m:.2f} ×)", verdict(ok, rapport_goal)))  # fmt: skip
        # The other commands, with the parse cache as a user has it after the first run.
        measure(validera, 1, target)
        per = ["--data", str(data), "--per", f"{year + 1}-03-01"]
        others = {
            "rapport": [stod, "rapport", str(year), *per, "--ut", str(target / "ut" / "r.md"),
                        "--skriv-over"],
            "ansokan": [stod, "ansokan", str(year + 1), *per, "--ut", str(target / "ut" / "a.md"),
                        "--skriv-over"],
            "oversikt": [stod, "oversikt", str(year), *per],
            "export": [stod, "export", str(year), *per, "--ut", str(target / "ut" / "e.xlsx"),
                       "--skriv-over"],
        }  # fmt: skip
        for name, command in others.items():
            t, m = measure(command, args.repeat, target)
            rows.append((f"{scale}: {name} varm", f"{t:.2f} s ({t / base_t:.2f} ×)",
                         f"{m:.0f} MB ({m / base_m:.2f} ×)", ""))  # fmt: skip

    width = max(len(r[0]) for r in rows)
    for r in rows:
        print(f"{r[0]:<{width}}  {r[1]:>22}  {r[2]:>30}  {r[3]}")
    lines = [
        "# Mätresultat",
        "",
        f"Maskin: {machine()}.",
        "",
        "Gjort med `python benchmarks/run.py` (median av "
        f"{args.repeat} körningar, var och en i en ny process). Baslinjen läser varje fil med "
        "`yaml.load(f, Loader=yaml.CSafeLoader)` i en process. stods cache ligger i en egen mapp "
        "för mätningen (`STOD_CACHE_DIR`). Kall = tom cache; varm = inget ändrat sedan förra "
        "körningen (det sparade svaret); en fil ändrad = ett möte sparat med en rad till, så att "
        "tolkningscachen svarar för resten; en företagsfil borttagen = första körningen efter att "
        "ett företags fil tagits bort, med tolkningscachen varm: stödraderna och mötena som "
        "nämner företaget får fel, utpekade med rad och kolumn ur cachen. Målen gäller län och nationell, rapportens mål "
        "nationell; – = inget mål på den skalan.",
        "",
        "| mätning | tid | minne | mål nått |",
        "|---|--:|--:|:-:|",
        *[f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} |" for r in rows],
        "",
        "Målen: " + "; ".join(GOALS.values()) + ".",
        "",
    ]
    args.results.write_text("\n".join(lines), encoding="utf-8")
    print(f"Skrev {args.results}")


if __name__ == "__main__":
    main()
