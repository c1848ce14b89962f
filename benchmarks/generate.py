"""Synthetic but valid data repositories at three scales, the same for the same seed.

    python benchmarks/generate.py lan /tmp/bench-lan [--seed 1]

Scales: plattform (≈ 10 enterprises, 3 years, ≈ 100 files), lan (50 enterprises, 10 years,
1 000 meetings, 20 000 support entries, ≈ 5 MB), nationell (400 enterprises, 10 years,
10 000 meetings, 200 000 support entries, ≈ 50 MB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

SCALES = {
    "plattform": {"foretag": 10, "ar": 3, "moten": 60, "stod": 600, "deltagare": 25},
    "lan": {"foretag": 50, "ar": 10, "moten": 1000, "stod": 20000, "deltagare": 150},
    "nationell": {"foretag": 400, "ar": 10, "moten": 10000, "stod": 200000, "deltagare": 900},
}
FIRST_YEAR = 2016
OMRADEN = ["finansiering", "affarsutveckling", "administration", "bokforing", "hr",
           "handledarstod", "upphandling", "investeringskalkyl", "salj_marknadsforing"]  # fmt: skip
TYPER = ["plattformsmote", "verksamhetsledartraff", "styrgruppsmote", "studiebesok", "utbildning"]
PARTER = ["kommun-a", "kommun-b", "af", "finsam", "samordnare", "coompanion"]
ORD = ["Genomgång", "av", "bokslut", "och", "moms", "stöd", "till", "handledare", "plan", "för",
       "försäljning", "ny", "rutin", "kassa", "personal", "schema", "budget", "möte"]  # fmt: skip


def generate(scale: str, target: Path, seed: int = 1) -> Path:
    size = SCALES[scale]
    rng = random.Random(seed)
    data = target / "data"
    if target.exists():
        shutil.rmtree(target)
    for kind in ("foretag", "moten", "ar", "stod", "deltagare"):
        (data / kind).mkdir(parents=True)
    years = list(range(FIRST_YEAR, FIRST_YEAR + size["ar"]))
    parter = "\n".join(
        f"  - {{id: {p}, organisation: Organisation {p.upper()}, roll: Representant}}"
        for p in PARTER
    )
    (data / "plattform.yaml").write_text(
        "# Påhittad plattform för prestandamätning.\n"
        f"namn: Syntetisk plattform ({scale})\nregion: Provlänet\n"
        "finansiar: {namn: Provlänets samordningsförbund, kortnamn: Finsam}\n"
        "sokande:\n  organisation: Provkommunen\n  undertecknare: {namn: Test Testsson}\n"
        f"parter:\n{parter}\n",
        encoding="utf-8",
    )
    foretag = [f"foretag-{i:04d}" for i in range(size["foretag"])]
    for i, ident in enumerate(foretag):
        nyckeltal = "\n".join(
            f"  {y}: {{anstallda: {rng.randint(1, 20)}, arbetstranande: {rng.randint(0, 15)}, "
            f"omsattning: {rng.randint(2, 300) * 10000}}}"
            for y in years
        )
        (data / "foretag" / f"{ident}.yaml").write_text(
            f"namn: Socialt företag {i}\nkommun: Kommun {i % 12}\nverksamhet: Verksamhet {i}\n"
            f"status: aktiv\nstartar: {rng.randint(1995, 2015)}\nnyckeltal:\n{nyckeltal}\n",
            encoding="utf-8",
        )
    for y in years:
        posts = [rng.randint(5, 40) * 10000 for _ in range(4)]
        budget = "\n".join(
            f"      - {{post: Post {j}, belopp: {b}, utfall: {b + rng.randint(-20, 20) * 500}}}"
            for j, b in enumerate(posts)
        )
        (data / "ar" / f"{y}.yaml").write_text(
            f"ar: {y}\ninsatser:\n  - id: plattformen\n    namn: Plattformen\n"
            f"    sokt: {sum(posts)}\n    budget:\n{budget}\n  - id: sparet\n    namn: Spåret\n"
            "    sokt: 100000\n    budget:\n      - {post: Projektledare, belopp: 100000}\n"
            "mal:\n  - {id: moten, beskrivning: Sex möten, matt: plattformsmoten, malvarde: 6}\n"
            "  - {id: timmar, beskrivning: Stödtimmar, matt: stodtimmar, malvarde: 500}\n"
            "  - {id: deltagare, beskrivning: Deltagare, insats: sparet, matt: deltagare, malvarde: 20}\n"
            f"rapporter:\n  - {{typ: Årsrapport, senast: {y + 1}-02-28, inlamnad: {y + 1}-02-20}}\n"
            "texter:\n  bakgrund: |\n    Syntetisk text.\n",
            encoding="utf-8",
        )
    per_year = size["moten"] // len(years)
    for y in years:
        dates = sorted(rng.sample(range(365), min(per_year, 365)))
        for n in range(per_year):
            day = dt.date(y, 1, 1) + dt.timedelta(days=dates[n % len(dates)])
            narvaro = ", ".join(rng.sample(PARTER, rng.randint(2, 5)))
            (data / "moten" / f"{day.isoformat()}-mote-{n:04d}.yaml").write_text(
                f"datum: {day.isoformat()}\ntyp: {rng.choice(TYPER)}\nrubrik: Möte {n}\n"
                f"plats: Lokal {n % 7}\nnarvaro: [{narvaro}]\n"
                f"foretag: [{rng.choice(foretag)}]\n"
                "dagordning: [Rapport från stödresursen, Företagens läge, Ekonomi och budget, Övrigt]\n"
                f"beslut: [Protokollet från förra mötet läggs till handlingarna, Nästa möte om {rng.randint(3, 8)} veckor]\n"
                "atgarder:\n"
                f"  - {{vad: Följa upp punkt {n}, ansvarig: {rng.choice(PARTER)}, "
                f"senast: {(day + dt.timedelta(days=30)).isoformat()}, status: klar}}\n",
                encoding="utf-8",
            )
    entries = size["stod"] // len(years)
    for y in years:
        lines = [f"# Syntetisk stödlogg {y}\n"]
        for _ in range(entries):
            day = dt.date(y, 1, 1) + dt.timedelta(days=rng.randrange(365))
            text = " ".join(rng.choice(ORD) for _ in range(rng.randint(8, 22)))
            lines.append(
                f"- {{datum: {day.isoformat()}, foretag: {rng.choice(foretag)}, "
                f"omrade: {rng.choice(OMRADEN)}, timmar: {rng.choice([0.5, 1, 1.5, 2, 3, 4])}, "
                f"beskrivning: {text}}}\n"
            )
        (data / "stod" / f"{y}.yaml").write_text("".join(lines), encoding="utf-8")
    for y in years:
        lines = []
        for n in range(size["deltagare"]):
            start = rng.randint(1, 12)
            row = (
                f"- {{id: SP-{y}-{n + 1:03d}, insats: sparet, start: {y}-{start:02d}, "
                f"kon: {rng.choice(['kvinna', 'man'])}, aldersgrupp: {rng.choice(['16-24', '30-49', '50-64'])}"
            )
            if rng.random() < 0.7 or start > 9:
                end = rng.randint(start, 12)
                row += (
                    f", slut: {y}-{end:02d}, utfall: {rng.choice(['arbete', 'studier', 'annat'])}"
                )
            else:  # continues next year: ends there, same id
                row += ", slut: " + f"{y}-12, utfall: fortsatt_annan_insats"
            lines.append(row + "}\n")
        (data / "deltagare" / f"{y}.yaml").write_text("".join(lines), encoding="utf-8")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("scale", choices=list(SCALES))
    parser.add_argument("target", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    data = generate(args.scale, args.target, args.seed)
    files = sum(1 for p in data.rglob("*.yaml"))
    size = sum(p.stat().st_size for p in data.rglob("*.yaml"))
    print(f"{data}: {files} filer, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
