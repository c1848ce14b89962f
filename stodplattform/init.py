"""`stod init`: a new data repository for another platform, valid from the first minute.

What is left to fill in is written as FYLL I, which `validera` reports as warnings.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .output import write_files
from .paths import KINDS
from .problems import StodError
from .yamltext import scalar

PLACEHOLDER = "FYLL I"

GITIGNORE = """\
# Gjorda dokument och låsfilen för 'stod ny' hör inte hemma i git
ut/
.stod.lock
"""

PRE_COMMIT = """\
# Kör 'stod validera' före varje incheckning (https://pre-commit.com).
# Kroken kör kommandot stod, som måste finnas i PATH: installera stod som program med
# 'uv tool install .' eller 'pipx install .' i stods mapp (inte bara i en venv). Installera
# pre-commit på samma sätt ('uv tool install pre-commit' eller 'pipx install pre-commit')
# och slå på kroken med 'pre-commit install' i det här repot.
repos:
  - repo: local
    hooks:
      - id: stod-validera
        name: stod validera
        entry: stod validera
        language: system
        pass_filenames: false
        files: ^data/
"""


def _plattform(namn: str | None, region: str | None, finansiar: str | None) -> str:
    region_text = region or PLACEHOLDER
    name = namn or f"Stödplattform för sociala företag i {region_text}"
    return f"""\
# Plattformen. Fyll i allt som står {PLACEHOLDER}; 'stod validera' visar var det står kvar.
# Fälten beskrivs i docs/dataformat.md i stod.
namn: {scalar(name)}
region: {scalar(region_text)}
kommuner: []
projektledare: {{namn: {PLACEHOLDER}}}
finansiar:
  namn: {scalar(finansiar or PLACEHOLDER)}
  kortnamn: Finsam
  adress: []
sokande:
  organisation: {PLACEHOLDER}
  ort: {PLACEHOLDER}
  undertecknare: {{namn: {PLACEHOLDER}, titel: {PLACEHOLDER}}}
parter:
  # Styrgruppen i den ordning den ska stå i ansökan; id används i möten och åtgärder.
  - {{id: samordningsforbundet, organisation: {scalar(finansiar or PLACEHOLDER)}, roll: Förbundschef}}
"""


def _year(year: int) -> str:
    return f"""\
# Verksamhetsåret {year}. Fyll i insatsernas belopp och budgetposter (posterna ska summera
# till 'sokt'), målen och ansökans texter.
ar: {year}
insatser:
  - id: stodplattformen
    namn: Stödplattform för sociala företag
    kortnamn: stödplattformen
    sokt: 0
    budget:
      - {{post: {PLACEHOLDER}, belopp: 0}}
mal: []
"""


def init(target: Path, year: int, namn=None, region=None, finansiar=None) -> list[str]:
    """Create the repository; returns what was done, for the user."""
    data = target / "data"
    if data.exists():
        raise StodError(f"{data} finns redan; stod init skriver aldrig över en datamapp")
    files = {
        data / "plattform.yaml": _plattform(namn, region, finansiar),
        data / "ar" / f"{year}.yaml": _year(year),
        target / ".gitignore": GITIGNORE,
        target / ".pre-commit-config.yaml": PRE_COMMIT,
    }
    for kind in KINDS:
        files.setdefault(data / kind / ".gitkeep", "")
    write_files(  # all or nothing: never half a repository
        (path, text.encode("utf-8"))
        for path, text in files.items()
        if not (path.parent == target and path.exists())  # the user's own .gitignore stays
    )
    done = [f"skapade {data}"]
    git = shutil.which("git")
    if git and not _in_git(git, target):
        subprocess.run([git, "init", "-q", str(target)], check=True, capture_output=True)
        done.append("skapade ett git-arkiv")
    return done


def _in_git(git: str, folder: Path) -> bool:
    done = subprocess.run(
        [git, "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode == 0 and done.stdout.strip() == "true"
