"""Worker processes for the cold-build work that is worth sharing among cores.

Workers are forked: they start as copies of the building process, with sharesite, the
site and the theme already loaded, so nothing has to be sent to them but the work. Where
fork is not available (Windows), the work is done in the building process. The modules
for processes are imported only when a build is big enough to use them: a rebuild after
one edit never does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def fork_pool(jobs: int, initializer: Callable[..., object] | None = None,
              initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor | None:
    """A pool of `jobs` forked workers, or None where processes cannot be forked."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=initializer, initargs=initargs)
