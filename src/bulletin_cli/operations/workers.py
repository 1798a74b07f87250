"""Worker processes for operations over many files, and what keeps them from outliving us.

- Every worker watches the process that started it: when that process dies (SIGKILL
  included), the worker exits within a fraction of a second and writes nothing more. On
  Linux the kernel tells it (PR_SET_PDEATHSIG); everywhere, a thread also checks that the
  parent is still the one it was started by.
- SIGTERM in the main process raises SystemExit (see ``exit_on_sigterm``), so ``finally``
  blocks run and no temporary file is left behind, as after Ctrl-C.
- Batch runs tune the garbage collector: objects that live for the whole run (modules,
  plugin registrations) are frozen out of collection, and collection runs less often.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import threading
from typing import Callable, Iterator

_PARENT_CHECK_SECONDS = 0.2


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))  # type: ignore[attr-defined]
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _start_worker(parent: int, setup: Callable[..., None] | None, setup_args: tuple) -> None:
    """Worker initializer: die with the parent, tune the collector, then the caller's set-up."""
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pool's terminate() stops a worker at once
    _die_with_parent(parent)
    if setup is not None:
        setup(*setup_args)


def _die_with_parent(parent: int) -> None:
    """Exit as soon as ``parent`` is gone."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before we got here
        os._exit(1)

    def watch() -> None:
        while True:
            threading.Event().wait(_PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="bulletin-parent-watch", daemon=True).start()
    tune_gc()


def tune_gc() -> None:
    """Fewer collections during a batch run: its objects live until the run ends."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


@contextlib.contextmanager
def quiet_gc() -> Iterator[None]:
    """For the main process of a batch run: what exists now (modules, registrations) is frozen
    out of collection (also before the workers fork: fewer pages copied) and the young
    generation is collected less often; both are put back afterwards."""
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(20_000, previous[1], previous[2])
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


@contextlib.contextmanager
def worker_pool(jobs: int, setup: Callable[..., None] | None = None, setup_args: tuple = ()) -> Iterator:
    """A process pool whose workers die with this process; forked where the system allows,
    so workers inherit loaded modules and plugin registrations. ``setup(*setup_args)`` runs
    once in each worker (the arguments are sent once per process, not with every task)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                               initargs=(os.getpid(), setup, setup_args))
    try:
        yield pool
    except BaseException:
        # Ctrl-C, SIGTERM or an error: stop the workers now instead of finishing the queue
        # (whatever they were writing is in a staging folder the caller removes).
        for process in list(getattr(pool, "_processes", {}).values()):
            with contextlib.suppress(Exception):
                process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    else:
        pool.shutdown(wait=True)


def work_chunks(paths: list, size: int, jobs: int) -> list[list]:
    """``paths`` in chunks of ``size``, the last ``2 * jobs`` chunks' worth cut four times finer:
    the workers take chunks as they finish, so the run ends when the last chunk does, and a
    worker that finished first waited for up to a whole chunk of another's (0.25 s at 1,000
    issues, a tenth of an html export)."""
    tail_from = max(0, len(paths) - 2 * jobs * size) // size * size  # where a chunk of the head ends
    fine = max(1, size // 4)
    return ([paths[i:i + size] for i in range(0, tail_from, size)]
            + [paths[i:i + fine] for i in range(tail_from, len(paths), fine)])


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit in the main thread, so cleanup code runs as after Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        return

    main = os.getpid()

    def stop(signum, frame):  # noqa: ARG001
        if os.getpid() != main:
            # a forked worker, terminated by its pool before it has reset the handler: unwinding
            # there made the pool's exit wait for it (a stopped export hung in 1 run in 10)
            os._exit(128 + signum)
        raise SystemExit(128 + signum)

    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGTERM, stop)
