"""The pipeline on one screen: config → sources → documents → site → outputs → publish.

`build` runs every stage, collecting diagnostics; it stops before writing anything when
there is an error. `check` is the same run with `publish=False`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from sharesite.config import SiteConfig, load_config
from sharesite.content import Document, link_line, load_document, read_source
from sharesite.discover import discover_sources
from sharesite.errors import ConfigError, Diagnostic, Severity, error, has_errors, warning
from sharesite.links import broken
from sharesite.markdown import MarkdownRenderer
from sharesite.output import check_output_dir, publish
from sharesite.render import Output, TemplateFailure, render_site
from sharesite.search import SearchUnavailable, index_site
from sharesite.site import Options, Site, assemble, vocabulary_warnings
from sharesite.theme import load_theme


@dataclass(frozen=True)
class BuildOptions:
    drafts: bool = False
    future: bool = False
    strict: bool = False  # warnings are errors
    base_url: str | None = None
    output: Path | None = None
    publish: bool = True
    broken_links_are_errors: bool = False


@dataclass(frozen=True)
class BuildResult:
    config: SiteConfig
    diagnostics: tuple[Diagnostic, ...]
    pages: int = 0
    feeds: int = 0
    files: int = 0
    published: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    site: Site | None = None

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if not d.is_error)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)


def build(root: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the site in `root`. Raises ConfigError / UsageError for exit-2 problems."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    config, problems = load_config(root, options.base_url)
    if options.output is not None:
        config = replace(config, output_dir=options.output.resolve())
    if options.publish:
        check_output_dir(config)
    theme = load_theme(config)
    step("config")

    discovered, found = discover_sources(config.content_dir)
    problems += found
    step("discover")

    renderer = MarkdownRenderer(config.unsafe_html)
    documents: list[Document] = []
    for source in discovered.sources:
        text, problem = read_source(config.root, source)
        if problem is not None:
            problems.append(problem)
            continue
        assert text is not None
        document, found = load_document(config, source, text, renderer)
        problems += found
        if document is not None:
            documents.append(document)
    problems += vocabulary_warnings(config, [d for d in documents
                                             if d.source.kind == "resource"])
    step("content")

    site, found = assemble(config, documents, discovered.files,
                           Options(drafts=options.drafts, future=options.future))
    problems += found
    step("site")

    def finish(outputs: list[Output] | None = None, published: bool = False) -> BuildResult:
        diagnostics = problems
        if options.strict:
            diagnostics = [replace(d, severity=Severity.ERROR) for d in diagnostics]
        outputs = outputs or []
        return BuildResult(
            config=config,
            diagnostics=tuple(sorted(set(diagnostics))),
            pages=sum(1 for o in outputs if o.path.endswith(".html")),
            feeds=sum(1 for o in outputs if o.path.endswith(("feed.xml", "rss.xml"))),
            files=len(outputs),
            published=published,
            timings=timings,
            site=site,
        )

    if has_errors(problems):
        return finish()
    try:
        outputs = render_site(site, theme)
    except TemplateFailure as exc:
        problems.append(error(_shown(config, exc.template), exc.line, exc.message,
                              "fix the template, or delete it to use the built-in one"))
        return finish()
    step("render")
    if config.search:
        try:
            outputs += index_site(site, outputs)
        except SearchUnavailable as exc:  # the machine, not the content: exit 2
            raise ConfigError([error("site.toml", 0, str(exc))]) from exc
        step("search")

    problems += check_links(site, outputs, options.broken_links_are_errors or options.strict)
    step("links")
    if has_errors(problems) or (options.strict and problems) or not options.publish:
        return finish(outputs)
    publish(outputs, config.output_dir)
    step("write")
    return finish(outputs, published=True)


def check_links(site: Site, outputs: list[Output], as_errors: bool) -> list[Diagnostic]:
    """Links in content that lead to no page or file of the built site."""
    existing = {o.path for o in outputs}
    report = error if as_errors else warning
    problems = []
    documents = [p.document for p in site.posts + site.resources + site.pages]
    documents += [a.document for a in site.authors if a.document]
    for doc in documents:
        for link in broken(doc.links, site.urls, existing):
            problems.append(report(doc.path, link_line(doc, link),
                                   f"the link to {link.text!r} leads nowhere",
                                   "check the file name, or remove the link"))
    return problems


def _shown(config: SiteConfig, path: str) -> str:
    try:
        return Path(path).resolve().relative_to(config.root).as_posix()
    except ValueError:
        return "sharesite built-in theme: " + Path(path).name
