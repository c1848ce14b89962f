"""`stod mallar`: the built-in templates copied out to be changed, never over a file already
there; and the templates shipped inside the wheel, found from an installed package."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from stodplattform.paths import builtin_templates

from .conftest import EXAMPLE, ROOT, run, show

NAMES = [
    "uppfoljning.md.j2",
    "ansokan.md.j2",
    "kallelse.md.j2",
    "protokoll.md.j2",
    "stil.css",
    "referens.docx",
    "webb/sida.html.j2",
    "webb/index.html.j2",
    "webb/foretag.html.j2",
    "webb/stil.css",
]
WRITTEN = [f"Skrev mallar/{name}" for name in NAMES]
PER = "2026-02-15"


@pytest.fixture
def example(in_tmp):
    shutil.copytree(EXAMPLE, in_tmp / "data")
    return in_tmp


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_copies_the_builtin_templates_beside_the_data(example):
    result = run("mallar")
    assert result.exit_code == 0, show(result)
    assert result.stdout == "", show(result)
    assert result.stderr.splitlines() == WRITTEN, show(result)
    copied = _files(example / "mallar")
    assert sorted(copied) == sorted(NAMES)
    for name in NAMES:
        assert copied[name] == (builtin_templates() / name).read_bytes(), name


def test_the_data_folder_is_found_as_elsewhere(example, monkeypatch):
    (example / "data").rename(example / "annan")
    assert run("mallar").exit_code == 1
    result = run("mallar", "--data", "annan")
    assert result.exit_code == 0, show(result)
    assert sorted(_files(example / "mallar")) == sorted(NAMES)
    shutil.rmtree(example / "mallar")
    monkeypatch.setenv("STOD_DATA", "annan")
    assert run("mallar").exit_code == 0
    assert sorted(_files(example / "mallar")) == sorted(NAMES)


def test_ut_names_the_folder(in_tmp):
    result = run("mallar", "--ut", "egna/mallar")  # no data folder needed
    assert result.exit_code == 0, show(result)
    assert result.stderr.splitlines() == [f"Skrev egna/mallar/{name}" for name in NAMES]
    assert sorted(_files(in_tmp / "egna" / "mallar")) == sorted(NAMES)
    assert not (in_tmp / "mallar").exists()


def test_without_a_data_folder_says_so(in_tmp):
    result = run("mallar")
    assert result.exit_code == 1, show(result)
    assert result.stderr.startswith("fel: datamappen 'data' finns inte"), show(result)
    assert not (in_tmp / "mallar").exists()


def test_the_terminal_is_no_folder(example):
    result = run("mallar", "--ut", "-")
    assert result.exit_code == 1, show(result)
    assert "fel: mallarna kan inte skrivas till terminalen" in result.stderr, show(result)
    assert not (example / "-").exists()


def test_an_existing_file_is_never_written_over(example):
    (example / "mallar").mkdir()
    (example / "mallar" / "stil.css").write_text("h1 { color: teal; }\n", encoding="utf-8")
    (example / "mallar" / "ansokan.md.j2").write_text("# Min ansökan\n", encoding="utf-8")
    result = run("mallar")
    assert result.exit_code == 1, show(result)
    assert result.stdout == ""
    assert result.stderr == (
        "fel: mallar/ansokan.md.j2 och mallar/stil.css finns redan; inget skrevs. Med "
        "--skriv-over ersätts de av de inbyggda, eller välj en annan mapp med --ut\n"
    ), show(result)
    assert _files(example / "mallar") == {  # nothing written, not even the missing ones
        "ansokan.md.j2": "# Min ansökan\n".encode(),
        "stil.css": b"h1 { color: teal; }\n",
    }
    again = run("mallar")
    assert again.stderr == result.stderr, show(again)


def test_one_existing_file_is_named_alone(example):
    (example / "mallar").mkdir()
    (example / "mallar" / "uppfoljning.md.j2").write_text("# Min\n", encoding="utf-8")
    result = run("mallar")
    assert result.exit_code == 1, show(result)
    assert result.stderr.startswith(
        "fel: mallar/uppfoljning.md.j2 finns redan; inget skrevs. Med --skriv-over ersätts "
        "den av den inbyggda,"
    ), show(result)


def test_skriv_over_replaces_them(example):
    (example / "mallar").mkdir()
    (example / "mallar" / "stil.css").write_text("h1 { color: teal; }\n", encoding="utf-8")
    (example / "mallar" / "egen.j2").write_text("{{ 1 }}\n", encoding="utf-8")
    result = run("mallar", "--skriv-over")
    assert result.exit_code == 0, show(result)
    assert result.stderr.splitlines() == WRITTEN, show(result)
    copied = _files(example / "mallar")
    assert copied["stil.css"] == (builtin_templates() / "stil.css").read_bytes()
    assert copied["egen.j2"] == b"{{ 1 }}\n"  # a file of the user's own is left alone


def _documents(args: list[str]) -> dict[str, bytes]:
    out = {}
    for doc, fmt in [("rapport", "md"), ("rapport", "html"), ("ansokan", "md")]:
        result = run(doc, *args, "--per", PER, "--format", fmt, "--ut", "-")
        assert result.exit_code == 0, show(result)
        out[f"{doc}.{fmt}"] = result.stdout_bytes
    result = run("rapport", *args, "--per", PER, "--format", "docx", "--ut", "r.docx")
    assert result.exit_code == 0, show(result)
    out["rapport.docx"] = Path("r.docx").read_bytes()
    os.unlink("r.docx")
    return out


def test_the_copy_makes_the_same_documents(example):
    before = _documents(["2025"])
    result = run("mallar")
    assert result.exit_code == 0, show(result)
    after = _documents(["2025"])
    assert after == before
    # …and the copy is what is used: a change in it shows
    path = example / "mallar" / "uppfoljning.md.j2"
    path.write_text("# Min egen rapport\n" + path.read_text("utf-8"), encoding="utf-8")
    changed = run("rapport", "2025", "--per", PER, "--ut", "-")
    assert changed.stdout.startswith("# Min egen rapport"), show(changed)


# -- the wheel ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel as `pip install stodplattform` would get it, built with hatchling's own
    builder (as pip's build step does, without the subprocess)."""
    from hatchling.builders.wheel import WheelBuilder

    folder = tmp_path_factory.mktemp("hjul")
    (path,) = WheelBuilder(str(ROOT)).build(directory=str(folder), versions=["standard"])
    return Path(path)


def test_the_wheel_holds_the_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in NAMES:
        assert f"stodplattform/mallar/{name}" in names, sorted(names)
    assert "stodplattform/formats/sakerhet.lua" in names  # code, beside its module
    assert not [n for n in names if n.startswith("mallar/")], sorted(names)


def test_an_installed_wheel_finds_its_templates(wheel, example):
    """Unpacked, a wheel is an installed package: no source tree beside it to fall back on."""
    site = example / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import sys\n"
        "import stodplattform\n"
        "print(stodplattform.__file__, file=sys.stderr)\n"
        "sys.argv = ['stod', *sys.argv[1:]]\n"
        "from stodplattform.start import main\n"
        "main()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}

    def installed(*args: str):
        done = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, cwd=example, env=env
        )
        assert done.returncode == 0, done.stderr.decode()
        where, *rest = done.stderr.decode().splitlines()
        assert where == str(site / "stodplattform" / "__init__.py")
        return done.stdout, rest

    args = ["rapport", "2025", "--per", PER, "--ut", "-"]
    assert installed(*args)[0] == run(*args).stdout_bytes
    assert installed("mallar")[1] == WRITTEN
    for name in NAMES:
        assert (example / "mallar" / name).read_bytes() == (ROOT / "mallar" / name).read_bytes()
