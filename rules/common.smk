# What the rules share: the documents and their years (read through the checked reader), the files each
# document's jobs depend on (data, code modules derived from their imports, templates), and publishing.
import functools
import os
import re
import shutil
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError

sys.path.insert(0, str(Path(workflow.basedir) / "scripts"))

from kyosai import dataio  # noqa: E402
from kyosai.documents import DOCUMENTS, KEYS, SLUGS  # noqa: E402  the documents (key → Entry, key → slug, slug → key)
from kyosai.documents import model_module  # noqa: E402
from kyosai.imports import imported_names  # noqa: E402


def clear_stale_locks():
    """A run killed outright (kill -9, a power cut) leaves Snakemake's lock behind, and the same command would
    refuse to start until `snakemake --unlock`. When no Snakemake is running in this folder, the lock is stale:
    remove it, and say so."""
    locks = Path(".snakemake", "locks")
    if not workflow.is_main_process or not locks.is_dir() or not any(locks.iterdir()):
        return
    import psutil  # a dependency of Snakemake itself

    here, mine = Path.cwd().resolve(), {os.getpid(), os.getppid()}
    for proc in psutil.process_iter(["pid", "cwd", "cmdline"]):
        try:
            if proc.info["pid"] not in mine and proc.info["cwd"] and Path(proc.info["cwd"]).resolve() == here \
                    and any("snakemake" in part for part in proc.info["cmdline"] or []):
                return  # another run is working here: its lock is real
        except (OSError, psutil.Error):
            continue
    shutil.rmtree(locks)
    print("Removed the lock an interrupted run left behind (.snakemake/locks): no other run is working here.",
          file=sys.stderr)


clear_stale_locks()


from kyosai import publish as publishing  # noqa: E402


def check_writable(folders):
    """Every folder a run writes, and every file under reports/ a publish would replace (kyosai.publish: a file
    made read-only or immutable is not replaced behind its owner's back), checked before anything starts: such a
    file would otherwise stop a publish half-way. Said plainly, with every file named; nothing changes."""
    problems = []
    for folder in folders:
        if folder.is_dir():
            probe = folder / ".kyosai-write-test"
            try:
                probe.touch()
                probe.unlink()
            except OSError as exc:
                problems.append(f"{folder} cannot be written ({exc.strerror})")
    if Path("reports").is_dir():
        published = [p for p in Path("reports").glob("*/*") if p.name != "published"]
        problems += publishing.unreplaceable(published)
    if problems:
        raise WorkflowError("Nothing was built and nothing under reports/ changed:\n  - " + "\n  - ".join(problems)
                            + "\nMake them writable (chmod u+w; chattr -i for an immutable file), or build in a copy "
                              "of the project.")


if workflow.is_main_process:
    check_writable([Path("reports"), *sorted(p.parent for p in Path("reports").glob("*/*.pdf")),
                    *sorted(p for p in Path("reports").glob("*/*") if p.is_dir() and p.name != "published"),
                    Path("build")])

# Each job's memory (MB) and time (minutes): the rule's resources, which the job also sets on itself as hard limits
# (scripts/_job.py: the address space, CPU time, a wall-clock watchdog). A job takes seconds, ≤ 170 MB RSS and
# ≤ 510 MB of address space (build/bench/*.tsv, max_rss and max_vms).
JOB_MEM_MB, JOB_RUNTIME = 2000, 10


wildcard_constraints:
    fy=r"\d{4}",
    slug="|".join(SLUGS.values()),


# ---------------------------------------------------------------- the years of each document

DESCRIPTOR = dataio.load_descriptor()  # data/datapackage.yaml, read once for the planning


def document_years(key):
    """The fiscal years that have a document of this kind (kyosai.<key>.model.years), from the checked data."""
    model = model_module(key)
    try:
        return model.years(dataio.load_all(descriptor=DESCRIPTOR, sections=model.DATA_SECTIONS,
                                           only=model.YEAR_RESOURCES))
    except dataio.DataError as exc:
        raise WorkflowError("The data has problems; nothing was built:\n  - " + "\n  - ".join(exc.problems))


ALL_YEARS = {key: document_years(key) for key in DOCUMENTS}
YEAR_FILES = {key: [f"data/{r['path']}" for r in DESCRIPTOR["resources"]
                    if r["name"] in model_module(key).YEAR_RESOURCES] for key in DOCUMENTS}


def years_with_data():
    """Which years each document has data for, and where its years come from: one line for messages."""
    return "; ".join(f"{SLUGS[key]} {', '.join(map(str, ALL_YEARS[key])) or 'none'} (from {' and '.join(YEAR_FILES[key])})"
                     for key in DOCUMENTS)


TARGET = re.compile(r"^reports/(\d{4})/([a-z]+(?:-[a-z]+)*?)(?:-review|-diff)?(?:\.(?:pdf|html|xlsx|txt)|/.*)?$")


def targeted_documents():
    """The (slug, year) documents the run's targets build (each with the document it is compared with), or None when
    a target is not one document's file (the default target: every document)."""
    # the command line's (Snakemake sets its DAG settings only after reading the Snakefile); a document's jobs check
    # their own data again in any case
    dag = getattr(workflow, "dag_settings", None)
    targets = list(getattr(dag, "targets", None) or []) or [a for a in sys.argv[1:] if a.startswith("reports/")]
    found = set()
    for t in targets:
        m = TARGET.match(str(t))
        if not m or m[2] not in KEYS:
            return None
        key, fy = KEYS[m[2]], int(m[1])
        found.add((m[2], fy))
        if previous(key, fy):
            found.add((m[2], previous(key, fy)))
    return found or None


def check_data_once():
    """The data of every document and year the run builds checked once, when the workflow is planned, before any job
    starts (scripts/check.py's check, 0.3 s of CPU): a problem is said once, with nothing built and nothing under
    reports/ changed, rather than by every document job that reads the file. A run for some documents' files checks
    those (and the documents they are compared with). build/checked.txt records a pass of every document; the check
    runs again when a data file or its code is newer."""
    stamp = Path("build", "checked.txt")
    sources = [*Path("data").rglob("*"), *Path("scripts").rglob("*.py")]
    if stamp.is_file() and all(p.stat().st_mtime <= stamp.stat().st_mtime for p in sources if p.is_file()):
        return
    import contextlib
    import io

    from check import check, once

    documents = targeted_documents()
    with contextlib.redirect_stdout(io.StringIO()):
        problems = once(check(documents=documents))
    if problems:
        n = len(problems)
        raise WorkflowError(f"The data has {'1 problem' if n == 1 else f'{n} problems'}; nothing was built and "
                            f"nothing under reports/ changed:\n  - " + "\n  - ".join(problems))
    if documents is None:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text("the data of every document and year: no problem\n", encoding="utf-8")


def chosen_years(key):
    """The years the run builds of a document: those its config key chooses (kyosai.documents, years_setting: a list,
    or "all"), else every year with data."""
    setting = DOCUMENTS[key].years_setting
    if setting is not None and setting not in config:
        raise WorkflowError(f"scripts/kyosai/documents.py: the years of {key} are chosen by {setting}, which "
                            f"schemas/config.schema.yaml does not declare (declare it, or set years_setting=None)")
    if setting is None or config[setting] == "all":
        return ALL_YEARS[key]
    unknown = [y for y in config[setting] if y not in ALL_YEARS[key]]
    if unknown:
        raise WorkflowError(f"config.yaml, {setting}: {', '.join(map(str, unknown))} "
                            f"{'has' if len(unknown) == 1 else 'have'} no data. Years with data: {years_with_data()}.")
    return config[setting]


YEARS = {key: chosen_years(key) for key in DOCUMENTS}


def check_year(w):
    """Stop the planning, with one line, when a target names a fiscal year its document has no data for
    (snakemake reports/2031/unyo-jokyo.pdf), rather than let the job fail."""
    if int(w.fy) not in ALL_YEARS[KEYS[w.slug]]:
        raise WorkflowError(f"{w.slug} FY{w.fy}: there is no data for fiscal year {w.fy}. "
                            f"Years with data: {years_with_data()}.")


def previous(key, fy):
    """The latest earlier fiscal year with a document of the same kind (FY2022 for FY2024 while FY2023 has
    none), or None."""
    earlier = [y for y in ALL_YEARS[key] if y < int(fy)]
    return earlier[-1] if earlier else None


def earlier_years(w):
    """The earlier fiscal years with a document of the same kind as the job's (its projections are compared);
    for the comparison, which needs one, an unknown year or a first year stops the planning with one line."""
    check_year(w)
    earlier = [y for y in ALL_YEARS[KEYS[w.slug]] if y < int(w.fy)]
    if not earlier:
        raise WorkflowError(f"{w.slug} FY{w.fy}: no previous report to compare with ({w.fy} is its first year with "
                            f"data). Years with data: {years_with_data()}.")
    return earlier


# ---------------------------------------------------------------- what a job depends on

def data_of(key):
    """The data files a document reads (kyosai.<key>.model.DATA_SECTIONS): an edit elsewhere rebuilds nothing."""
    sections = model_module(key).DATA_SECTIONS
    return ["data/datapackage.yaml"] + sorted(str(p) for s in sections for p in [*Path("data", s).glob("*.csv"),
                                                                                 *Path("data", s).glob("datapackage.yaml")])


def document_data(w):
    """The data files of the job's document, once its fiscal year is known to have data (check_year)."""
    check_year(w)
    return data_of(KEYS[w.slug])


@functools.lru_cache(maxsize=None)
def imported_files(path):
    """The files of scripts/ that one Python file imports directly (with the __init__.py of each package on the
    way), read once per planning however many jobs share the file."""
    found = []
    for name in imported_names(path):
        parts = [p for p in name.split(".") if p]
        for candidate in (Path("scripts", *parts).with_suffix(".py"), Path("scripts", *parts, "__init__.py")):
            if candidate.exists():
                found.append(candidate)
        for i in range(1, len(parts)):  # a package's __init__ runs when any of its modules is imported
            init = Path("scripts", *parts[:i], "__init__.py")
            if init.exists():
                found.append(init)
    return tuple(found)


def modules_of(*entries):
    """The Python files a job runs: its entry files and every module of scripts/ they import, followed
    through their imports (read from the code, not kept by hand)."""
    seen, todo = set(), [Path(e) for e in entries]
    while todo:
        path = todo.pop()
        if path in seen or not path.exists():
            continue
        seen.add(path)
        todo.extend(imported_files(path))
    return sorted(str(p) for p in seen)


def document_sources(slug, *parts):
    """The files of a document's modules a job runs (kyosai.documents: scripts/kyosai/<key>/<part>.py)."""
    return [DOCUMENTS[KEYS[slug]].source(part) for part in parts]


def templates_of(slug):
    """The templates and stylesheets a document's pages are made of."""
    own = sorted(str(p) for p in Path("templates", slug).glob("*")) + [
        str(p) for p in (Path("templates", f"{slug}.html.j2"), Path("templates", f"{slug}.css")) if p.exists()]
    return ["templates/base.html.j2", "templates/macros.html.j2", "templates/report.css"] + own


def dry_run() -> bool:
    """Whether this is a dry run (known from the output settings when the Snakefile is read)."""
    return bool(getattr(getattr(workflow, "output_settings", None), "dryrun", False))


if workflow.is_main_process and not dry_run():   # a dry run says what would run; the real run checks first
    check_data_once()


# ---------------------------------------------------------------- publishing
# The publish rules (kyosai.publish via scripts/publish_job.py) flag their outputs under reports/ `update`, so that
# Snakemake does not delete the previous files before the job runs: the job replaces them all together or not at all.
