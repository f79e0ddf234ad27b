"""The one way an action is committed, whoever calls it (a page, the CLI, the mailer, a
worker, the API): claim the one-time key, run the use case, write the files it staged,
commit, then run what it asked to happen after the commit (mail, hooks, webhooks). On any
failure: roll back, delete the files written, run nothing after. The layout test checks
that nothing else commits or rolls back. No Flask here: the caller passes its session.
"""
import logging
from contextvars import ContextVar
from pathlib import Path
from typing import Callable, TypeVar

from . import idempotency

log = logging.getLogger(__name__)
T = TypeVar("T")

_files: ContextVar[list[tuple[Path, bytes]] | None] = ContextVar("staged_files", default=None)
_effects: ContextVar[list[Callable[[], object]] | None] = ContextVar("after_commit",
                                                                      default=None)


class OutsideUnitOfWork(RuntimeError):
    """A file or an effect staged with no unit of work running: a programming error."""


def stage_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` only if the running unit of work commits."""
    _current(_files).append((Path(path), data))


def after_commit(effect: Callable[[], object]) -> None:
    """Run `effect()` once the running unit of work has committed (never on rollback)."""
    _current(_effects).append(effect)


def _current(var: ContextVar):
    staged = var.get()
    if staged is None:
        raise OutsideUnitOfWork("only inside unit_of_work.run")
    return staged


def run(session, work: Callable[[], T], *, org_id: int | None = None,
        key: str | None = None, action: str = "") -> T:
    """work() as one transaction. `key`: a one-time token or idempotency key of
    `org_id` (a replay raises AlreadySubmitted and changes nothing). Raises what work()
    raised, after rolling back."""
    files: list[tuple[Path, bytes]] = []
    effects: list[Callable[[], object]] = []
    tokens = _files.set(files), _effects.set(effects)
    written: list[Path] = []
    try:
        claimed = idempotency.claim(session, org_id, key, action) \
            if key is not None and org_id is not None else None
        result = work()
        if claimed is not None:
            claimed.result_ref = idempotency.reference(result)
        written = _write(files)
        session.commit()
    except BaseException:
        session.rollback()
        for path in written:
            path.unlink(missing_ok=True)
        raise
    finally:
        _files.reset(tokens[0])
        _effects.reset(tokens[1])
    _after(effects)
    return result


def rollback(session) -> None:
    """Give up what was read or flushed outside a run (a preview, a failed read)."""
    session.rollback()


def _write(files) -> list[Path]:
    written = []
    for path, data in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def _after(effects) -> None:
    """The action is committed: an effect that fails is logged, never undoes it."""
    for effect in effects:
        try:
            effect()
        except Exception:
            log.exception("after-commit effect %r failed", effect)
