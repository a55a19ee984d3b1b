#!/usr/bin/env python3
"""Benchmark: notedeck against four other notes-to-Anki tools and two genanki baselines, same notes.

Not a test. Generates ``bench.py``'s deterministic notes (1,000, 10,000 and 100,000 cards), reads
them once with notedeck's own reader into (file, headings, term, definition) notes, and writes
those notes in each tool's input format. Then builds with every tool as a separate process, the
tools taking turns within each repeat, and prints a Markdown table: median wall time, the ratio
to notedeck, peak memory (the child's own ``VmHWM``, see ``peak_memory.py``), package size, and
the notes in the package, counted by opening it. Converting the notes is not timed.

The tools (versions pinned, each installed into its own virtual environment under
``--venv``, never into the project's; the environments are made on the first run and reused):

- notedeck: ``build_deck.py NOTES -o OUT --state STATE`` with a fresh state each run, as ``bench.py``;
- raw genanki: ``bench/raw_genanki.py`` (no Markdown at all), the floor;
- genanki + Markdown: ``markdown.markdown(definition)`` per note, what a user writes by hand;
- ankdown 0.7.1, md2anki 3.1.0, markdown2anki 0.2.0 and markdown-anki-decks 1.1.1.

A tool that crashes, runs past ``--timeout`` or puts the wrong number of notes in its package gets
a "failed: …" or "timeout" cell, and is not run at the larger sizes; the benchmark goes on.

    .venv/bin/python bench/peers.py                        # 1k and 10k ×3, 100k ×1 (about 20 minutes)
    .venv/bin/python bench/peers.py --quick                # 1k ×3 only
    .venv/bin/python bench/peers.py --sizes 10000 --repeat 5 --only ankdown,md2anki

Run it with the project's interpreter: the notes are read with ``notedeck.parse``.
"""

from __future__ import annotations

import argparse
import csv
import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # `from bench import` and `import notedeck` from any working folder

from bench import EPOCH, PEAK, ROOT, Run, generate, machine, median, run

BUILD = ROOT / "build_deck.py"
RAW = ROOT / "bench" / "raw_genanki.py"

# ----------------------------------------------------------------------------- the notes


@dataclass(frozen=True)
class Note:
    """One card of the generated notes, as notedeck reads it: markers such as `` [reverse]`` removed."""

    source: str  # the notes file's stem, ``topic_01``: tools with one input file per deck keep the split
    headings: tuple[str, ...]  # ``("Foundations", "Part 1")``
    term: str
    definition: str  # Markdown; continuation lines already dedented, blank lines between paragraphs kept


def read_notes(folder: Path) -> list[Note]:
    """Every card of a generated notes folder, read with notedeck's own reader (so every tool gets the same cards)."""
    from notedeck import parse as readers

    notes: list[Note] = []
    for path in sorted(folder.glob("*.txt")):
        reading = readers.read(path.read_text(encoding="utf-8"), str(path), path.suffix)
        notes += [Note(path.stem, tuple(e.headings), e.term, e.definition) for e in reading.entries]
    return notes


def by_source(notes: list[Note]) -> dict[str, list[Note]]:
    groups: dict[str, list[Note]] = {}
    for note in notes:
        groups.setdefault(note.source, []).append(note)
    return groups


def plain_lines(text: str, tool: str, forbidden: set[str]) -> str:
    """``text`` unchanged, after checking that no line of it is one of the tool's separators."""
    for line in text.split("\n"):
        if line.strip() in forbidden:
            raise ValueError(f"a line {line.strip()!r} would split a {tool} card")
    return text


# ----------------------------------------------------------------------------- converters
#
# Each converter writes the notes into ``folder`` in the tool's own input format and returns the
# paths the command needs. They keep what the tool can express (decks from headings, one file per
# notes file) and drop what it cannot, so each tool does the work its users' notes would ask of it.


def to_jsonl(notes: list[Note], folder: Path) -> list[Path]:
    """For the genanki + Markdown baseline: ``notes.jsonl``, one ``{"term", "definition"}`` object a line.

    JSON keeps each definition exactly as notedeck read it (paragraphs, lists, code fences), so the
    baseline's cost is Python-Markdown and genanki, not a parser of its own.
    """
    path = folder / "notes.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for note in notes:
            out.write(json.dumps({"term": note.term, "definition": note.definition}, ensure_ascii=False) + "\n")
    return [path]


def to_ankdown(notes: list[Note], folder: Path) -> list[Path]:
    """For ankdown: ``Benchmark/topic_NN.md``, cards as ``front`` / ``%`` / ``back`` / ``%`` / ``tags`` / ``---``.

    ankdown (``-r DIR``) reads every ``.md`` under DIR; a line ``%`` ends a field and ``---`` ends
    the card; front and back are Markdown (misaka), the optional third field is a plain "tags"
    field. Its deck is the name of the folder a file is in, without nesting, so every card goes
    into one deck, ``Benchmark``, and the headings go into the third field, comma-separated, as
    ankdown's README shows tags. Note ids come from folder, file and position.
    """
    deck = folder / "Benchmark"
    deck.mkdir()
    for source, group in by_source(notes).items():
        parts = []
        for n in group:
            term = plain_lines(n.term, "ankdown", {"%", "---"})
            definition = plain_lines(n.definition, "ankdown", {"%", "---"})
            parts.append(f"{term}\n\n%\n\n{definition}\n\n%\n\n{', '.join(n.headings)}\n\n---\n\n")
        (deck / f"{source}.md").write_text("".join(parts), encoding="utf-8")
    return [deck]


def md2anki_id(note: Note) -> str:
    return hashlib.blake2b(f"{note.source}\0{note.term}".encode(), digest_size=8).hexdigest()


def to_md2anki(notes: list[Note], folder: Path) -> list[Path]:
    """For md2anki: one ``topic_NN.md`` per notes file, headings as subdecks, each card a heading.

    md2anki reads a ``# Deck`` heading, ``## Subdeck: Name`` headings one level deeper for each
    subdeck, and a note as a heading one level below its deck: the heading is the question, the
    lines under it the answer (Markdown, ``$math$``). So a file is ``# topic_01``, ``## Subdeck:
    Foundations``, ``### Subdeck: Part 1``, then ``#### Term (id)`` and the definition. The ``(id)``
    is md2anki's own note-id syntax (it writes ids back the same way): without one, a term that
    ends in parentheses, ``Deep Learning (DL)``, would lose ``(DL)`` as its id, and every note would
    get a random GUID. Deck ids are left to md2anki: by default (no ``-o-md``) it writes the ids it
    gives back into the input files, as a user's every run does; the files are restored before
    each run so that every run does the same work.
    """
    files = []
    for source, group in by_source(notes).items():
        lines = [f"# {source}", ""]
        current: tuple[str, ...] = ()
        for n in group:
            if n.headings != current:
                same = 0
                while same < min(len(current), len(n.headings)) and current[same] == n.headings[same]:
                    same += 1
                for depth in range(same, len(n.headings)):
                    lines += [f"{'#' * (depth + 2)} Subdeck: {n.headings[depth]}", ""]
                current = n.headings
            definition = plain_lines(n.definition, "md2anki", {"---"})
            if any(line.startswith("#") for line in definition.split("\n")):
                raise ValueError("a definition line starting with # would be an md2anki heading")
            lines += [f"{'#' * (len(n.headings) + 2)} {n.term} ({md2anki_id(n)})", "", definition, ""]
        path = folder / f"{source}.md"
        path.write_text("\n".join(lines), encoding="utf-8")
        files.append(path)
    return files


def to_markdown2anki(notes: list[Note], folder: Path) -> list[Path]:
    """For markdown2anki: one ``cards.md``, cards between ``---`` lines, each a front tab and a back tab.

    markdown2anki reads a single input file (``-f``); a card is a ``## [Label]`` tab (front, left)
    and a ``## B [Label]`` tab (back), the text under a label being the tab's Markdown body; text
    before the first tab is a comment. So each card is ``## [Term]``, the term, ``## B
    [Definition]``, the definition, with the headings as the comment. It has no decks: it writes
    CSV files for Anki's importer, not a package.
    """
    path = folder / "cards.md"
    parts = []
    for n in notes:
        definition = plain_lines(n.definition, "markdown2anki", {"---", "----", "-----"})
        parts.append(f"{' / '.join(n.headings)}\n\n## [Term]\n{n.term}\n\n## B [Definition]\n{definition}\n\n---\n\n")
    path.write_text("".join(parts), encoding="utf-8")
    return [path]


def to_markdown_anki_decks(notes: list[Note], folder: Path) -> list[Path]:
    """For markdown-anki-decks: ``topic_NN.md``, ``# deck`` then ``## term`` and the definition.

    markdown-anki-decks converts every ``.md`` of a folder into its own ``.apkg``: the first
    ``h1`` names the deck, each ``h2`` is a question, and everything up to the next ``h2`` is the
    answer (the whole file is rendered by Python-Markdown first). There are no subdecks, so the
    headings are dropped and each notes file is one deck, ``Benchmark::topic_NN`` with ``--prefix``.
    """
    for source, group in by_source(notes).items():
        lines = [f"# {source}", ""]
        for n in group:
            if any(line.startswith("#") for line in n.definition.split("\n")):
                raise ValueError("a definition line starting with # would be a markdown-anki-decks heading")
            lines += [f"## {n.term}", "", n.definition, ""]
        (folder / f"{source}.md").write_text("\n".join(lines), encoding="utf-8")
    return [folder]


# The genanki + Markdown baseline, written into the work folder and run like raw_genanki.py.
GENANKI_MARKDOWN = '''\
"""Baseline: genanki with Python-Markdown on every definition, the deck builder a user writes by hand.

    python genanki_markdown.py NOTES.jsonl OUT.apkg
"""

import json
import sys

import genanki
import markdown

MODEL = genanki.Model(
    1_600_000_002, "genanki + Markdown baseline",
    fields=[{"name": "Term"}, {"name": "Definition"}],
    templates=[{"name": "Card 1", "qfmt": "{{Term}}", "afmt": "{{FrontSide}}<hr id=answer>{{Definition}}"}],
)


def main() -> None:
    src, dst = sys.argv[1], sys.argv[2]
    deck = genanki.Deck(2_000_000_002, "genanki + Markdown baseline")
    with open(src, encoding="utf-8") as lines:
        for line in lines:
            note = json.loads(line)
            deck.add_note(genanki.Note(model=MODEL, fields=[note["term"], markdown.markdown(note["definition"])]))
    genanki.Package(deck).write_to_file(dst, timestamp=TIMESTAMP)


if __name__ == "__main__":
    main()
'''.replace("TIMESTAMP", EPOCH)

# ----------------------------------------------------------------------------- the tools


@dataclass
class Env:
    """A tool's interpreter: the project's, or a virtual environment of the bench's own."""

    python: str
    bin: Path | None = None  # the environment's bin/, for console scripts
    error: str | None = None  # why it could not be made


@dataclass
class Tool:
    name: str
    convert: Callable[[list[Note], Path], list[Path]]
    # the command, from the environment, the converter's paths, the notes folder and the output folder
    command: Callable[[Env, list[Path], Path, Path], list[str]]
    outputs: Callable[[Path], list[Path]]  # the packages (or CSV files) it wrote into the output folder
    requirements: tuple[str, ...] = ()  # empty: runs with the project's interpreter
    min_python: tuple[int, int] = (3, 10)
    distribution: str = ""  # whose version to report
    kind: str = "apkg"  # "apkg", or "csv" for a tool that writes CSV for Anki's importer
    setup: Callable[[Env], None] | None = None  # once per environment, after installing
    before: Callable[[Env, Path], None] | None = None  # before each run, untimed, with the output folder
    after: Callable[[Env, Path], None] | None = None  # after each run, untimed: gather what it wrote elsewhere
    env_extra: dict[str, str] = field(default_factory=dict)
    rewrites_input: bool = False  # it writes back into its input: restored before each run
    peer: bool = True  # run with the timeout; the project's own scripts run through bench.run


def script(env: Env, name: str) -> str:
    assert env.bin is not None
    return str(env.bin / name)


def single(name: str) -> Callable[[Path], list[Path]]:
    return lambda out: [out / name]


def markdown2anki_config(env: Env) -> Path:
    assert env.bin is not None
    return env.bin.parent / "markdown2anki-config"


def setup_markdown2anki(env: Env) -> None:
    """Do markdown2anki's first-run setup, as its README tells a user to.

    Its first run asks for a folder (answered here on standard input: the folder, then "y"),
    writes ``md2anki.config.ini`` there and links it from its own package folder. The file must
    then name an existing input file and image folder, even when the command line gives both
    (``-f``, ``-si``, which win): they are set to placeholders in the configuration folder.
    """
    config = markdown2anki_config(env)
    ini = config / "md2anki.config.ini"
    (config / "images").mkdir(parents=True, exist_ok=True)
    (config / "placeholder.md").touch()
    if not ini.exists():
        proc = subprocess.run([env.python, script(env, "md2anki")], input=f"{config}\ny\n", text=True,
                              capture_output=True, timeout=120, check=False)
        if not ini.exists():
            raise RuntimeError(f"its first run wrote no configuration: {proc.stderr.strip()[-200:]}")
    values = {"input md file path": config / "placeholder.md", "search images folder": config / "images"}
    lines = ini.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        key = line.split("=", 1)[0].strip()
        if key in values and not line.startswith("#"):
            lines[i] = f"{key} = {values[key]}"
    ini.write_text("\n".join(lines), encoding="utf-8")


def markdown2anki_outputs(out: Path) -> list[Path]:
    return [out / "basic_anki_cards.csv", out / "clozed_anki_cards.csv"]


def before_markdown2anki(env: Env, out: Path) -> None:
    """Remove what the last run left beside its configuration; make the (empty) image folder it searches."""
    config = markdown2anki_config(env)
    for stale in (*markdown2anki_outputs(config), config / "bad_cards.md"):
        stale.unlink(missing_ok=True)
    (out / "images").mkdir()


def after_markdown2anki(env: Env, out: Path) -> None:
    """Move the CSV files it wrote beside its configuration into the output folder."""
    for produced in markdown2anki_outputs(markdown2anki_config(env)):
        if produced.exists():
            shutil.move(produced, out / produced.name)


def unchanged(notes: list[Note], folder: Path) -> list[Path]:
    """notedeck and the raw baseline read the generated notes folder itself."""
    return []


TOOLS: list[Tool] = [
    Tool("notedeck", unchanged,
         lambda env, paths, notes, out: [env.python, str(BUILD), str(notes), "-o", str(out / "deck.apkg"),
                                         "--state", str(out / "state.json")],
         single("deck.apkg"), distribution="notedeck", peer=False),
    Tool("raw genanki", unchanged,
         lambda env, paths, notes, out: [env.python, str(RAW), str(notes), str(out / "raw.apkg")],
         single("raw.apkg"), distribution="genanki", peer=False),
    Tool("genanki + Markdown", to_jsonl,
         lambda env, paths, notes, out: [env.python, str(paths[0].parent / "genanki_markdown.py"), str(paths[0]),
                                         str(out / "md.apkg")],
         single("md.apkg"), distribution="genanki+Markdown", peer=False),
    Tool("ankdown", to_ankdown,
         lambda env, paths, notes, out: [env.python, script(env, "ankdown"), "-r", str(paths[0]),
                                         "-p", str(out / "ankdown.apkg")],
         single("ankdown.apkg"), requirements=("ankdown==0.7.1",), distribution="ankdown"),
    Tool("md2anki", to_md2anki,
         lambda env, paths, notes, out: [env.python, script(env, "md2anki"), *map(str, paths),
                                         "-o-anki", str(out / "md2anki.apkg")],
         single("md2anki.apkg"), requirements=("md2anki==3.1.0",), distribution="md2anki",
         min_python=(3, 12),  # its f-strings nest quotes (PEP 701), a SyntaxError before 3.12
         rewrites_input=True),  # by default it writes the ids it gave decks back into the .md files
    Tool("markdown2anki", to_markdown2anki,
         lambda env, paths, notes, out: [env.python, script(env, "md2anki"), "-f", str(paths[0]),
                                         "-si", str(out / "images"),
                                         "-v", "Benchmark"],  # without a vault name every card fails
         markdown2anki_outputs, requirements=("markdown2anki==0.2.0",), distribution="markdown2anki",
         kind="csv", setup=setup_markdown2anki, before=before_markdown2anki, after=after_markdown2anki,
         # It asks PyPI for its latest version on every run: a proxy that refuses at once keeps the
         # benchmark off the network and its time free of a round trip (it then carries on).
         env_extra={"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}),
    Tool("markdown-anki-decks", to_markdown_anki_decks,
         lambda env, paths, notes, out: [env.python, script(env, "mdankideck"), str(paths[0]), str(out),
                                         "--prefix", "Benchmark::"],
         lambda out: sorted(out.glob("*.apkg")),
         # typer 0.4.2, which it pins, breaks on click 8.2 and later (TyperArgument.make_metavar)
         requirements=("markdown-anki-decks==1.1.1", "click==8.1.8"), distribution="markdown-anki-decks"),
]

# ----------------------------------------------------------------------------- environments


def python_version(python: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:2])"], capture_output=True,
                             text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if out.returncode != 0:
        return None
    major, minor = out.stdout.split()
    return int(major), int(minor)


def find_python(minimum: tuple[int, int], preferred: list[str]) -> str | None:
    """An interpreter at least ``minimum``: the given ones first, then python3.1x on PATH and pyenv's."""
    candidates = [*preferred, sys.executable]
    for minor in range(minimum[1], 16):
        if found := shutil.which(f"python3.{minor}"):
            candidates.append(found)
    candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.*/bin/python3")))
    candidates += sorted(glob.glob("/usr/bin/python3.*[0-9]"))
    for python in map(os.path.abspath, candidates):  # `../.venv/bin/python` and `.venv/bin/python` alike
        version = python_version(python)
        if version is not None and version >= minimum:
            return python
    return None


def make_env(tool: Tool, base: Path, preferred: list[str], project_python: str) -> Env:
    """The tool's interpreter: the project's, or its own virtual environment under ``base`` (made once)."""
    if not tool.requirements:
        return Env(project_python)
    python = find_python(tool.min_python, preferred)
    if python is None:
        return Env("", error=f"needs Python {tool.min_python[0]}.{tool.min_python[1]}+, none found (--base-python)")
    folder = base / tool.name.replace(" ", "-")
    marker = folder / "peers-requirements.txt"
    wanted = "\n".join([python, *tool.requirements]) + "\n"
    env = Env(str(folder / "bin" / "python"), folder / "bin")
    if not (marker.exists() and marker.read_text() == wanted):
        print(f"  making {folder} ({' '.join(tool.requirements)})", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)
        steps = [[python, "-m", "venv", str(folder)],
                 [env.python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *tool.requirements]]
        for step in steps:
            proc = subprocess.run(step, capture_output=True, text=True, check=False)
            if proc.returncode != 0:
                lines = [line for line in proc.stderr.splitlines() if "is ignored" not in line]
                return Env("", error=f"install failed: {' '.join(lines[-2:])[:200]}")
        marker.write_text(wanted)
    if tool.setup is not None:
        try:
            tool.setup(env)
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as err:
            return Env("", error=f"setup failed: {err}")
    return env


def version(tool: Tool, env: Env) -> str:
    """The installed version of what the tool runs (``0.7.1``, ``genanki 0.13.1 + Markdown 3.11.3``)."""
    names = tool.distribution.split("+")
    code = ("import importlib.metadata as m, sys; n = sys.argv[1:]; "
            "print(m.version(n[0]) if len(n) == 1 else ' + '.join(f'{x} {m.version(x)}' for x in n))")
    proc = subprocess.run([env.python, "-c", code, *names], capture_output=True, text=True, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else "?"


# ----------------------------------------------------------------------------- running and checking


def timed(cmd: list[str], cwd: Path, timeout: float, env_extra: dict[str, str]) -> Run | str:
    """``bench.run`` with a time limit and no exit on failure: a Run, or why there is none.

    The same measurement: wall time of the child, and its own peak memory (``VmHWM``) printed
    by ``peak_memory.py``, which runs the tool's script (a venv's console script is a Python
    script too) in the tool's own interpreter. Standard input is empty, so a tool that asks a
    question fails instead of waiting.
    """
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONDONTWRITEBYTECODE": "1", **env_extra}
    cmd = [cmd[0], str(PEAK), *cmd[1:]]
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"timeout (> {timeout:.0f} s)"
    seconds = time.perf_counter() - start
    err = proc.stderr.decode(errors="replace")
    if proc.returncode != 0:
        lines = [line.strip() for line in err.splitlines() if line.strip() and "peak-memory-kb" not in line]
        return f"failed: exit {proc.returncode}: {(lines or ['no message'])[-1][:120]}"
    peak_kb = int(err.rsplit("peak-memory-kb ", 1)[1].split()[0])
    return Run(seconds, peak_kb / 1024)


def count_notes(apkg: Path) -> int:
    """Rows of ``notes`` in a package's collection (``collection.anki21`` if there, else ``.anki2``)."""
    with zipfile.ZipFile(apkg) as z, tempfile.TemporaryDirectory(prefix="notedeck-peers-count-") as tmp:
        names = set(z.namelist())
        if "collection.anki21b" in names:
            import zstandard  # Anki 2.1.50+'s compressed collection; none of these tools writes it

            data = zstandard.ZstdDecompressor().decompressobj().decompress(z.read("collection.anki21b"))
        else:
            data = z.read("collection.anki21" if "collection.anki21" in names else "collection.anki2")
        path = Path(tmp) / "collection.db"
        path.write_bytes(data)
        db = sqlite3.connect(path)
        try:
            return db.execute("select count(*) from notes").fetchone()[0]
        finally:
            db.close()


def count_rows(csv_file: Path) -> int:
    with csv_file.open(newline="", encoding="utf-8") as f:
        return sum(1 for _ in csv.reader(f))


@dataclass
class Result:
    tool: str
    version: str
    cards: int
    runs: list[Run] = field(default_factory=list)
    error: str | None = None
    size: int = 0  # bytes of what it wrote (all its packages, or its CSV files)
    found: int = 0  # notes in its packages (CSV rows for a CSV tool)
    files: int = 0


def check(tool: Tool, out: Path, expected: int, result: Result) -> str | None:
    """Open what the tool wrote and count its notes; why it is wrong, or None."""
    files = [p for p in tool.outputs(out) if p.exists()]
    if not files:
        return "failed: wrote no " + (".csv" if tool.kind == "csv" else ".apkg")
    try:
        found = sum(count_rows(p) if tool.kind == "csv" else count_notes(p) for p in files)
    except (zipfile.BadZipFile, sqlite3.DatabaseError, KeyError, csv.Error) as err:
        return f"failed: unreadable output: {err}"
    result.size, result.found, result.files = sum(p.stat().st_size for p in files), found, len(files)
    if found != expected:
        return f"failed: {found:,} notes of {expected:,}"
    return None


def clean(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


def one_run(tool: Tool, env: Env, cmd: list[str], out: Path, work: Path, timeout: float, expected: int,
            result: Result) -> None:
    """Build once into a fresh output folder, time it, and check what it wrote."""
    clean(out)
    if tool.rewrites_input:
        source = out.parent / "input"
        shutil.rmtree(source)
        shutil.copytree(out.parent / "pristine", source)
    if tool.before is not None:
        tool.before(env, out)
    if tool.peer:
        outcome = timed(cmd, work, timeout, tool.env_extra)
    else:
        outcome = run(cmd, work)
    if isinstance(outcome, str):
        result.error = outcome
        return
    if tool.after is not None:
        tool.after(env, out)
    result.error = check(tool, out, expected, result)
    if result.error is None:
        result.runs.append(outcome)


# ----------------------------------------------------------------------------- the table


def cell_time(result: Result, base: Result | None) -> tuple[str, str, str]:
    if result.error is not None:
        return result.error.replace("|", "\\|"), "—", "—"  # a | would end the table's cell
    t, peak = median(result.runs)
    if base is None or base.error is not None or not base.runs:
        ratio = "—"
    else:
        ratio = f"{t / median(base.runs)[0]:.2f}×"
    return f"{t:.2f}", ratio, f"{peak:.0f}"


def table(results: list[Result], tools: list[Tool]) -> str:
    kinds = {t.name: t.kind for t in tools}
    lines = ["| Notes | Tool | Version | Median (s) | Time vs notedeck | Peak (MB) | .apkg (MB) | Notes in package |",
             "|---:|---|---|---:|---:|---:|---:|---:|"]
    for r in results:
        base = next((b for b in results if b.cards == r.cards and b.tool == "notedeck"), None)
        t, ratio, peak = cell_time(r, base)
        if r.error is not None:
            size, found = "—", "—"
        elif kinds[r.tool] == "csv":
            size, found = f"none (CSV, {r.size / 2**20:.2f} MB)", f"{r.found:,} CSV rows"
        else:
            size = f"{r.size / 2**20:.2f}" + (f" ({r.files} files)" if r.files > 1 else "")
            found = f"{r.found:,}"
        lines.append(f"| {r.cards:,} | {r.tool} | {r.version} | {t} | {ratio} | {peak} | {size} | {found} |")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="card counts, comma-separated")
    ap.add_argument("--repeat", type=int, default=3, help="runs per tool below 100,000 cards (default 3)")
    ap.add_argument("--repeat-large", type=int, default=1, help="runs per tool from 100,000 cards (default 1)")
    ap.add_argument("--quick", action="store_true", help="1,000 cards only")
    ap.add_argument("--timeout", type=float, default=600, help="seconds a peer's build may take (default 600)")
    ap.add_argument("--only", help="tools to run, comma-separated (notedeck is always run, for the ratio)")
    ap.add_argument("--python", default=sys.executable,
                    help="the interpreter for notedeck and the genanki baselines (default: this one)")
    ap.add_argument("--base-python", action="append", default=[],
                    help="an interpreter to make the peers' environments from (md2anki needs 3.12+); repeatable")
    ap.add_argument("--venv", type=Path, default=Path(tempfile.gettempdir()) / "notedeck-peers-venv",
                    help="folder for the peers' virtual environments, one per tool (default: %(default)s)")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (notes, inputs, packages)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.quick:
        sizes = [1000]
    tools = TOOLS
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")} | {"notedeck"}
        unknown = wanted - {t.name for t in TOOLS}
        if unknown:
            sys.exit(f"unknown tools: {', '.join(sorted(unknown))}; the tools are {', '.join(t.name for t in TOOLS)}")
        tools = [t for t in TOOLS if t.name in wanted]

    args.venv.mkdir(parents=True, exist_ok=True)
    envs: dict[str, Env] = {}
    versions: dict[str, str] = {}
    for tool in tools:
        envs[tool.name] = env = make_env(tool, args.venv.resolve(), args.base_python, args.python)
        versions[tool.name] = version(tool, env) if env.error is None else "—"

    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="notedeck-peers-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    given_up: dict[str, str] = {name: f"failed: {env.error}" for name, env in envs.items() if env.error}
    started = time.perf_counter()
    try:
        for size in sizes:
            notes_dir = work / f"notes_{size}"
            clean(notes_dir)
            made = generate(size, notes_dir)
            notes = read_notes(notes_dir)
            if len(notes) != made:
                sys.exit(f"notedeck read {len(notes)} cards of the {made} generated")
            reps = args.repeat if size < 100_000 else args.repeat_large
            plans: list[tuple[Tool, Result, list[str], Path]] = []
            for tool in tools:
                result = Result(tool.name, versions[tool.name], made)
                results.append(result)
                if tool.name in given_up:
                    result.error = given_up[tool.name]
                    continue
                folder = work / f"{tool.name.replace(' ', '-').replace('+', 'plus')}_{size}"
                clean(folder / "input")
                try:
                    paths = tool.convert(notes, folder / "input")
                except ValueError as err:
                    result.error = given_up[tool.name] = f"failed: input: {err}"
                    continue
                if tool.name == "genanki + Markdown":
                    (folder / "input" / "genanki_markdown.py").write_text(GENANKI_MARKDOWN, encoding="utf-8")
                if tool.rewrites_input:
                    shutil.copytree(folder / "input", folder / "pristine")
                cmd = tool.command(envs[tool.name], paths, notes_dir, folder / "out")
                plans.append((tool, result, cmd, folder / "out"))
            for i in range(reps):
                order = plans if i % 2 == 0 else plans[::-1]  # tools take turns; alternate the order
                for tool, result, cmd, out in order:
                    if result.error is not None:
                        continue
                    one_run(tool, envs[tool.name], cmd, out, work, args.timeout, made, result)
                    done = f"{result.runs[-1].seconds:.2f} s" if result.error is None else result.error
                    print(f"  {made:,} notes, run {i + 1}/{reps}, {tool.name}: {done}", file=sys.stderr, flush=True)
                    if result.error is not None:  # a tool that fails at a size is not run at larger ones
                        given_up[tool.name] = f"skipped ({result.error.split(':')[0].split(' (')[0]} at {made:,})"
            if not args.keep:
                shutil.rmtree(notes_dir, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print()
    print(table(results, tools))
    print()
    print("Median wall time of each build as a separate process (converting the notes into each tool's "
          "input is not timed); peak: the child's own VmHWM; notes in package: rows of `notes` in the "
          "package's collection, summed over its packages. markdown2anki writes CSV files for Anki's "
          "importer, not a package: its size and count are those of the CSV.  ")
    print(f"Runs: {args.repeat} per tool below 100,000 notes, {args.repeat_large} from 100,000; "
          f"peers' time limit {args.timeout:.0f} s; total {time.perf_counter() - started:.0f} s.  ")
    print(f"Machine: {machine()}")


if __name__ == "__main__":
    main()
