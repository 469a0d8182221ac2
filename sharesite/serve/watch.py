"""The dev server's file watcher: watchdog tells which of the site's inputs changed
(content/, themes/, strings/, site.toml, redirects.toml; never the output), and a burst of changes
(an editor's save is several events) becomes one rebuild.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sharesite.redirects import REDIRECTS_FILE


def watch(site_dir: Path, rebuild: Callable[[Iterable[Path]], None], poll: bool,
          report: Callable[[str], None]) -> Any:
    """Call `rebuild` when content/, themes/, strings/, site.toml or redirects.toml change; a burst
    is one rebuild.
    A rebuild that raises is told to `report`. Returns the started observer (`stop()`)."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    changed = threading.Event()
    lock = threading.Lock()
    pending: set[Path] = set()
    root = site_dir.resolve()

    def relevant(path: str) -> Path | None:
        """Only the site's own inputs: not the output swapping in beside them."""
        full = Path(path).resolve()
        try:
            rel = full.relative_to(root).as_posix()
        except ValueError:
            return None
        return full if rel in ("site.toml", REDIRECTS_FILE) or \
            rel.startswith(("content/", "themes/", "strings/")) else None

    class OnChange(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write") or (
                    event.is_directory and event.event_type == "modified"):
                return
            paths = [str(event.src_path), str(getattr(event, "dest_path", "") or "")]
            found = [full for p in paths if p and (full := relevant(p)) is not None]
            if found:
                with lock:
                    pending.update(found)
                changed.set()

    def loop() -> None:
        while True:
            changed.wait()
            time.sleep(0.03)  # gather the rest of a burst (an editor's save is several events)
            with lock:
                changed.clear()
                paths = set(pending)
                pending.clear()
            try:
                rebuild(paths)
            except Exception as exc:
                report(f"Rebuild failed: {exc}")

    observer = PollingObserver(timeout=0.5) if poll else Observer()
    handler = OnChange()
    for name in ("content", "themes"):
        if (site_dir / name).is_dir():
            observer.schedule(handler, str(site_dir / name), recursive=True)
    observer.schedule(handler, str(site_dir), recursive=False)
    observer.daemon = True
    observer.start()
    threading.Thread(target=loop, daemon=True).start()
    return observer
