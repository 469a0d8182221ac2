"""Worker processes for the cold-build work that is worth sharing among cores.

Workers are forked: they start as copies of the building process, with sharesite, the
site and the theme already loaded, so nothing has to be sent to them but the work. Where
fork is not available (Windows), the work is done in the building process. The modules
for processes are imported only when a build is big enough to use them: a rebuild after
one edit never does. A worker whose build is killed outright (no chance to stop it: the
out-of-memory killer, a cancelled CI job) notices within a second and exits, rather than
waiting for work for ever.

What a worker needs (the config and its own Markdown instance, or the renderer and the
pages to make) is made by the pool's initializer in the worker, from values the worker
inherits, and handed to each task by `state()`: the building process keeps no module-level
state for its workers.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def fork_pool(jobs: int, initializer: Callable[..., object] | None = None,
              initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor | None:
    """A pool of `jobs` forked workers, or None where processes cannot be forked. Each
    worker starts with `initializer(*initargs)`; what it returns is the worker's `state()`."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start,
                               initargs=(os.getpid(), initializer, initargs))


# Set once in each worker process, by `_start`; never in the building process.
_state: list[object] = []


def _start(parent: int, initializer: Callable[..., object] | None,
           initargs: tuple[Any, ...]) -> None:
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    _state.append(initializer(*initargs) if initializer is not None else None)


def state() -> Any:
    """In a worker: what the pool's initializer made for it."""
    return _state[0]


def _exit_with(parent: int) -> None:
    """Exit this worker once the process that started it has gone."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
