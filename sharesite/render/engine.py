"""Site + theme → every output file, in memory: which to make, which to keep, and making
them, on worker processes when there are many.

Each page is a pure function of its own document, the config, the templates and the
part of the site it lists, so pages can be kept (their fingerprints unchanged) and made
in parallel.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

import jinja2

from sharesite.digest import content_digest, digest, never, trusted_stamp
from sharesite.outputs import Output, OutputRecord
from sharesite.progress import Progress, silent
from sharesite.render.assets import MINIFIER, minified
from sharesite.render.fingerprint import Fingerprints
from sharesite.render.pages import files_to_copy, files_to_minify, neighbours, site_jobs
from sharesite.render.renderer import Job, Renderer
from sharesite.render.theme import Theme
from sharesite.site.model import Page, Site
from sharesite.workers import fork_pool, state


@dataclass(frozen=True)
class Rendered:
    outputs: list[Output]  # pages of changed content first, then in site order
    records: dict[str, OutputRecord]
    made: int  # outputs rendered (the rest were kept)


PARALLEL_FROM = 256  # pages to make: fewer are done sooner on one process


def render_site(site: Site, theme: Theme, previous: Mapping[str, OutputRecord] | None = None,
                settings: str = "", first: Collection[str] = (),
                progress: Progress = silent, jobs: int = 1,
                sink: Callable[[Output], None] | None = None,
                keep: Callable[[str], bool] | None = None) -> Rendered:
    """Every output of the site. With the `previous` build's records (made with the same
    `settings`), outputs whose inputs are unchanged are kept instead of rendered; pages of
    the content files in `first` come first, so they reach the disk first. Many pages to
    make are shared among `jobs` processes; the bytes are the same as on one. Each output
    made (and each file to copy) is also handed to `sink` as soon as it is known. `keep`
    says which outputs to make, by path (None: all)."""
    renderer = Renderer(site, theme)
    prints = Fingerprints(site)
    previous = previous or {}
    outputs: list[Output] = []
    records: dict[str, OutputRecord] = {}
    todo: list[tuple[int, Job]] = []  # (place in outputs, job)
    keys: dict[str, str] = {}
    planned = site_jobs(renderer)
    if keep is not None:
        planned = [job for job in planned if keep(job.path)]
    if first:
        planned.sort(key=lambda j: j.source not in first)

    def key_of(job: Job) -> str:
        if job.path not in keys:
            keys[job.path] = digest(settings,
                                    theme.digest(job.template) if job.template else "",
                                    *[prints.value(v) for v in job.inputs])
        return keys[job.path]

    for job in planned:
        before = previous.get(job.path)
        if before is not None and before.key == key_of(job) and all(
                prints.part(name) == value for name, value in before.reads):
            outputs.append(Output(job.path, kept=True))
            records[job.path] = before
        else:
            todo.append((len(outputs), job))
            outputs.append(Output(job.path))  # made below
    copies: list[Output] = []
    copied: dict[str, OutputRecord] = {}
    for path, file in files_to_minify(theme):  # made here: small, and few
        if keep is not None and not keep(path):
            continue
        stamp = trusted_stamp(file)
        key = digest(str(file), stamp, MINIFIER) if stamp else never()
        before = previous.get(path)
        if before is not None and before.key == key:
            copies.append(Output(path, kept=True))
            copied[path] = before
        else:
            data = minified(file)
            copies.append(Output(path, data))
            copied[path] = OutputRecord(key, data=content_digest(data))
    for path, file in files_to_copy(site, theme):
        if keep is not None and not keep(path):
            continue
        stamp = trusted_stamp(file)
        key = digest(str(file), stamp) if stamp else never()
        before = previous.get(path)
        if before is not None and before.key == key:
            copies.append(Output(path, kept=True))
        else:
            copies.append(Output(path, copy_from=file))
        copied[path] = OutputRecord(key)

    def meanwhile() -> None:  # while the workers make the pages (if there are workers)
        for copy in copies:  # files to copy, and minified stylesheets
            if not copy.kept and sink is not None:
                sink(copy)
        for _, job in todo:  # the keys not needed to decide what to make (a first build)
            key_of(job)

    made = _make(renderer, [job for _, job in todo], jobs, progress, sink, meanwhile)
    for (place, job), (data, reads) in zip(todo, made, strict=True):
        outputs[place] = Output(job.path, data)
        records[job.path] = OutputRecord(key_of(job), tuple((name, prints.part(name))
                                                            for name in reads),
                                         content_digest(data))
    outputs += copies
    records.update(copied)
    return Rendered(outputs, records, len(todo))


def _make(renderer: Renderer, todo: list[Job], jobs: int, progress: Progress,
          sink: Callable[[Output], None] | None = None,
          meanwhile: Callable[[], None] | None = None) -> list[tuple[bytes, tuple[str, ...]]]:
    """Each job's bytes and the parts of the site it read, in order. Each is also handed to
    `sink` as it comes. `meanwhile` is this process's own work, done while the workers
    make the pages, once they have started (it may start a thread: a process should not
    fork with threads running); with no workers, before."""
    made: list[tuple[bytes, tuple[str, ...]]] = []
    hand = sink or (lambda output: None)
    # The workers inherit the renderer and the jobs: only chunk numbers are sent to them.
    pool = fork_pool(jobs, _start_worker, (renderer, todo)) \
        if jobs > 1 and len(todo) >= PARALLEL_FROM else None
    if pool is not None:  # its workers start with its first task
        for template in sorted({job.template for job in todo if job.template}):
            with contextlib.suppress(jinja2.TemplateError):  # reported as each page is made
                renderer.theme.env.get_template(template)  # compiled once, before the fork
        chunks = [range(i, min(i + 32, len(todo))) for i in range(0, len(todo), 32)]
        with pool:
            results = pool.map(_make_in_worker, chunks)  # the workers start here
            if meanwhile is not None:
                meanwhile()
            for chunk in results:
                for job, (data, _) in zip(todo[len(made):], chunk, strict=False):
                    hand(Output(job.path, data))
                made += chunk
                progress("Making pages", len(made), len(todo))
        return made
    if meanwhile is not None:
        meanwhile()
    for job in todo:
        reads: set[str] = set()
        made.append((renderer.run(job, reads), tuple(sorted(reads))))
        hand(Output(job.path, made[-1][0]))
        progress("Making pages", len(made), len(todo))
    return made


def _start_worker(renderer: Renderer, todo: list[Job]) -> tuple[Renderer, list[Job]]:
    return renderer, todo


def _make_in_worker(chunk: range) -> list[tuple[bytes, tuple[str, ...]]]:
    renderer, todo = state()
    out = []
    for index in chunk:
        reads: set[str] = set()
        out.append((renderer.run(todo[index], reads), tuple(sorted(reads))))
    return out


def render_page(site: Site, theme: Theme, page: Page) -> bytes:
    """One item's page, as `render_site` would make it in `site`."""
    renderer = Renderer(site, theme)
    return renderer.run(renderer.item(page, *neighbours(site, page)), set())
