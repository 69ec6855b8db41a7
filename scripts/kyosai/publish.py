"""Publishing a document: its staged files (build/…) put in their places under reports/ all together or not at all.

``publish(pairs)`` takes (staged, target) pairs, files or folders, and

1. checks that every target can be replaced: its folder can be written, and the target itself and, for a folder,
   everything in it is writable (a file made read-only or immutable, ``chattr +i``, is not replaced behind its
   owner's back); any problem stops it before anything changes (PublishError, naming each file);
2. copies every staged file into one temporary folder inside reports/ (same file system: a rename is atomic);
3. swaps each target for its new version by renames (the old one moved aside into the temporary folder); if any
   rename fails, the ones already made are undone, in reverse, so that reports/ is as it was;
4. removes the temporary folder with the old versions.

Snakemake does not touch the files before (the publish rules flag their outputs ``update``; it would otherwise
delete them before the job runs), and ``unreplaceable`` lets the workflow refuse, before anything starts, a run
whose reports/ holds a file that could not be replaced.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

SKIP = {".snakemake_timestamp"}   # Snakemake's own mark in a directory output: it writes it after the job


class PublishError(Exception):
    """Nothing was published; ``problems`` says why, one line each, naming the file."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def _writable(path: Path) -> bool:
    # os.access asks the kernel: False for a read-only file for a user, and for an immutable file even for root
    return path.is_symlink() or os.access(path, os.W_OK)


def unreplaceable(targets) -> list[str]:
    """Why each of ``targets`` (files or folders, present or not) could not be replaced: one line per problem."""
    problems = []
    for target in map(Path, targets):
        folder = target.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not os.access(folder, os.W_OK | os.X_OK):
            problems.append(f"{folder}/ cannot be written (read-only or immutable)")
            continue
        if not target.exists() and not target.is_symlink():
            continue
        inside = [target] + (sorted(target.rglob("*")) if target.is_dir() and not target.is_symlink() else [])
        for p in inside:
            if not _writable(p):
                problems.append(f"{p} cannot be replaced ({'folder' if p.is_dir() else 'file'} read-only or immutable)")
    return list(dict.fromkeys(problems))


def _copy(src: Path, dest: Path) -> None:
    """A copy with the time of publishing (not the staged file's: Snakemake would find a published file older than
    the inputs of its publish job, and publish it again)."""
    if src.is_dir():
        shutil.copytree(src, dest, ignore=lambda d, names: [n for n in names if n in SKIP], copy_function=shutil.copy)
    else:
        shutil.copy(src, dest)


def publish(pairs: list[tuple[Path | str, Path | str]], root: Path | str = "reports") -> list[str]:
    """Put each staged file or folder at its target (module docstring); returns the targets published."""
    pairs = [(Path(s), Path(t)) for s, t in pairs]
    missing = [f"{s} (staged) is missing" for s, _ in pairs if not s.exists()]
    problems = missing + unreplaceable(t for _, t in pairs)
    if problems:
        raise PublishError(problems)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".publishing-", dir=root))
    done: list[tuple[Path, Path | None, Path]] = []   # (target, its old version moved aside or None, new's staged copy)
    keep = False                                       # the previous versions could not all be put back: keep them
    try:
        try:
            for i, (src, _) in enumerate(pairs):
                _copy(src, tmp / f"new-{i}")
        except OSError as exc:
            raise PublishError([f"staging a copy in {tmp} failed: {exc.strerror or exc}"]) from None
        for i, (_, target) in enumerate(pairs):
            new, old = tmp / f"new-{i}", tmp / f"old-{i}"
            moved = None
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                if target.exists() or target.is_symlink():
                    os.rename(target, old)
                    moved = old
                os.rename(new, target)
                done.append((target, moved, new))
            except OSError as exc:
                if moved is not None:
                    done.append((None, moved, target))   # only the old one to put back
                lost = _undo(done)
                keep = bool(lost)
                raise PublishError([f"{target} could not be replaced ({exc.strerror or exc}); nothing was published, "
                                    + ("every file is as it was" if not lost else
                                       f"but {', '.join(lost)} could not be put back: the previous versions are in "
                                       f"{tmp}")]) from None
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return [str(t) for _, t in pairs]


def _undo(done) -> list[str]:
    """Put back the old versions of the targets already swapped, in reverse order; the targets that could not be."""
    lost = []
    for target, old, new in reversed(done):
        try:
            if target is not None:          # the new version out of the way (back into the staging folder)
                os.rename(target, new)
            else:
                target = new
            if old is not None:
                os.rename(old, target)
        except OSError:
            lost.append(str(target))
    return lost
