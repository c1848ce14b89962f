"""`stod ny` as a person uses it: in a terminal (a pseudo-terminal), answering one question at a
time. Each answer is checked when it is given, a list answer may be a number, an id or a name
written any way, and Ctrl-C ends the run with status 130 and nothing written."""

from __future__ import annotations

import os
import re
import select
import shutil
import sys
import time
from pathlib import Path

import pytest

from stodplattform.newdata import resolve_choice

from .conftest import EXAMPLE

pty = pytest.importorskip("pty", reason="pseudoterminaler finns bara på Linux och macOS")

STOD = Path(sys.executable).with_name("stod")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
WAIT = 30.0  # seconds; the machine may be busy with other tests


class Terminal:
    """stod in a pseudo-terminal of its own: what it writes is read back, answers are typed."""

    def __init__(self, *args: str, cwd: Path) -> None:
        if not STOD.exists():
            pytest.skip(f"{STOD} finns inte (stod är inte installerat i miljön)")
        env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"}
        pid, fd = pty.fork()
        if pid == 0:  # the child: stod, with the terminal as its own
            os.chdir(cwd)
            os.execve(str(STOD), [str(STOD), *args], env)
        self.pid, self.fd, self.text, self.read_to = pid, fd, "", 0
        self.code: int | None = None

    def _more(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 4096)
        except OSError:  # the other end closed: stod has ended
            chunk = b""
        if not chunk:
            return False
        self.text += ANSI.sub("", chunk.decode("utf-8", "replace")).replace("\r\n", "\n")
        return True

    def expect(self, wanted: str) -> str:
        """Wait until `wanted` is written after what was read before; what came in between."""
        end = time.monotonic() + WAIT
        while wanted not in self.text[self.read_to :]:
            if time.monotonic() > end or (not self._more(0.2) and self.ended()):
                raise AssertionError(f"väntade på {wanted!r}, fick:\n{self.text[self.read_to :]}")
        at = self.text.index(wanted, self.read_to) + len(wanted)
        between, self.read_to = self.text[self.read_to : at], at
        return between

    def answer(self, line: str) -> None:
        os.write(self.fd, line.encode("utf-8") + b"\r")

    def interrupt(self) -> None:
        os.write(self.fd, b"\x03")  # Ctrl-C: the terminal sends SIGINT to stod

    def ended(self) -> bool:
        if self.code is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.code = os.waitstatus_to_exitcode(status)
        return self.code is not None

    def wait(self) -> int:
        end = time.monotonic() + WAIT
        while not self.ended():
            self._more(0.1)
            assert time.monotonic() < end, self.text
        while self._more(0.05):
            pass
        os.close(self.fd)
        return self.code


@pytest.fixture
def repo(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "data")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_each_answer_is_checked_when_it_is_given(repo):
    before = (repo / "data" / "stod" / "2025.yaml").read_text("utf-8")
    t = Terminal("ny", "stod", cwd=repo)
    t.expect("Datum [")
    t.answer("2025-02-30")  # no such day: said at once, and asked again
    assert "februari 2025 har 28 dagar" in t.expect("Datum [")
    t.answer("2025-05-05")
    listing = t.expect("Företag (nummer, id eller namn): ")
    assert "luddes-hundcenter" in listing and "Luddes Hundcenter" in listing  # id and name
    assert "Väderbacken" in listing
    t.answer("luddes hundcentr")  # a slip: the near one is named, the question comes again
    assert "menade du 'luddes-hundcenter'?" in t.expect("Företag (nummer, id eller namn): ")
    t.answer("LUDDES HUNDCENTER")
    assert "→ luddes-hundcenter (Luddes Hundcenter)" in t.expect("Område (nummer, id eller namn): ")
    t.answer("Bokföring")
    assert "→ bokforing (Bokföring)" in t.expect("Timmar: ")
    t.answer("1,5")
    assert "decimalpunkt: 1.5" in t.expect("Timmar: ")
    t.answer("1.5")
    t.expect("Vad stödet gällde [inget]: ")
    t.answer("Genomgång av kassaflödet")
    assert "industrisparet" in t.expect("Insats (nummer, id eller namn) [stodplattformen]: ")
    t.answer("")  # Enter: the year's first effort, written as today (no insats)
    assert t.wait() == 0, t.text
    assert "Lade till stöd till luddes-hundcenter i data/stod/2025.yaml" in t.text
    after = (repo / "data" / "stod" / "2025.yaml").read_text("utf-8")
    assert after == before + (
        "- {datum: 2025-05-05, foretag: luddes-hundcenter, omrade: bokforing, timmar: 1.5, "
        "beskrivning: Genomgång av kassaflödet}\n"
    )


def test_an_enterprise_gets_what_its_file_needs(repo):
    t = Terminal("ny", "foretag", cwd=repo)
    t.expect("Namn: ")
    t.answer("Sömnadsateljén")
    t.expect("Kommun (Ludvika, Smedjebacken): ")
    t.answer("smedjebacken")
    t.expect("Verksamhet [inget]: ")
    t.answer("Syr och lagar kläder")
    assert "ekonomisk_forening  Ekonomisk förening" in t.expect("Associationsform")
    t.answer("Ekonomisk förening")
    assert "→ ekonomisk_forening" in t.expect("Status (nummer, id eller namn) [aktiv]: ")
    t.answer("")
    t.expect("Startår [inget]: ")
    t.answer("tjugotjugofyra")
    assert "ska vara ett årtal" in t.expect("Startår [inget]: ")
    t.answer("2024")
    assert "asf_skola" in t.expect("Behov, med komma emellan [inga]: ")
    t.answer("Rådgivning, 3")
    assert "→ radgivning, mentorer" in t.expect("Skrev")
    assert t.wait() == 0, t.text
    assert (repo / "data" / "foretag" / "somnadsateljen.yaml").read_text("utf-8") == (
        "namn: Sömnadsateljén\nkommun: Smedjebacken\nverksamhet: Syr och lagar kläder\n"
        "associationsform: ekonomisk_forening\nstatus: aktiv\nstartar: 2024\n"
        "behov: [radgivning, mentorer]\n"
    )


@pytest.mark.parametrize("questions_answered", [0, 3])
def test_ctrl_c_ends_quietly_with_130_and_nothing_written(repo, questions_answered):
    before = snapshot(repo)
    t = Terminal("ny", "mote", cwd=repo)
    t.expect("Datum [")
    for answer, next_question in [
        ("2027-01-20", "Typ (nummer, id eller namn): "),
        ("styrgruppsmöte", "Rubrik: "),
        ("Årets första", "Status (nummer, id eller namn) [planerat]: "),
    ][:questions_answered]:
        t.answer(answer)
        t.expect(next_question)
    t.interrupt()
    assert t.wait() == 130, t.text
    rest = t.text[t.read_to :]
    assert "Traceback" not in t.text and "Avbrutet" not in rest and "fel" not in rest, rest
    assert snapshot(repo) == before


def test_enter_at_the_end_of_the_input_names_the_option(repo):
    t = Terminal("ny", "deltagare", cwd=repo)
    t.expect("Startmånad (ÅÅÅÅ-MM) [")
    t.answer("2026-10")
    assert "industrisparet" in t.expect("Insats (nummer, id eller namn): ")
    os.write(t.fd, b"\x04")  # Ctrl-D: the input ends
    assert t.wait() == 1, t.text
    assert "fel: insats saknas; ange --insats" in t.text


# The rule for answers from a list, without a terminal.

OMRADEN = {"bokforing": "Bokföring", "hr": "HR och personalfrågor", "natverk": "Nätverk"}


@pytest.mark.parametrize(
    "answer, code",
    [("bokforing", "bokforing"), ("Bokföring", "bokforing"), ("BOKFÖRING", "bokforing"),
     (" 2 ", "hr"), ("hr och personalfrågor", "hr"), ("nätverk", "natverk"), ("personal", "hr")],
)  # fmt: skip
def test_an_answer_from_a_list(answer, code):
    assert resolve_choice(answer, OMRADEN, "omrade") == code


def test_an_answer_that_is_not_in_the_list():
    from stodplattform.fields import Invalid

    with pytest.raises(Invalid, match="menade du 'bokforing'"):
        resolve_choice("bokfring", OMRADEN, "omrade")
    with pytest.raises(Invalid, match="tillåtna värden: bokforing, hr, natverk"):
        resolve_choice("4", OMRADEN, "omrade")
    with pytest.raises(Invalid, match="passar in på flera: a-ame, b-ame"):
        resolve_choice("kommun", {"a-ame": "A kommun", "b-ame": "B kommun"}, "part")
