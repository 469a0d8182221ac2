"""A site in several languages: which items are in which language, which are translations
of each other, and how each language's pages link to the others'.

Each language is made as a site of its own (`split`): the first at the root, the others
under their prefix ("en/"), with the items written in it and, when translations are
optional, the items not yet written in it, shown in their own language and labelled. Once
every language's pages are known, `link` says for each page its versions in the other
languages: the `hreflang` alternates and the language switch.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sharesite.config import SiteConfig
from sharesite.content.discover import Kind
from sharesite.content.document import Document
from sharesite.errors import Diagnostic, error, warning
from sharesite.language_settings import LanguageSettings, base_of
from sharesite.site.links import quote_path
from sharesite.site.urls import Urls

if TYPE_CHECKING:
    from sharesite.site.model import Site

# The site's files for other sites' machines, which every page's head links: published
# once, by the first language (the other languages' pages link them there). With the 404
# page, robots.txt and the peers' copies, the files no other language publishes.
_LINKED_ONCE = (Urls.network, Urls.peers_opml, Urls.catalogue_schema, Urls.json_feed_schema,
                Urls.network_schema, Urls.events_schema, "expertise.schema.json")
_ONCE = (Urls.not_found, Urls.robots, *_LINKED_ONCE)


def in_every_language(path: str) -> bool:
    """Whether each language publishes its own `path` (an output path of its pages):
    everything but the site's 404 page and its files for other sites' machines."""
    return path not in _ONCE and not path.startswith(Urls.network_copies) and \
        not path.endswith(".schema.json")


# The kinds written in a language (profiles of people and schools are the same in all).
TRANSLATED = (Kind.POST, Kind.RESOURCE, Kind.PAGE, Kind.EVENT)
_CHAIN = 8  # translation_of: followed this far at most


@dataclass(frozen=True)
class Tree:
    """One language's site: its settings and the documents it is made of. `foreign`: the
    content files of items shown here in their own language, not yet translated."""

    language: LanguageSettings
    config: SiteConfig
    documents: tuple[Document, ...]
    foreign: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Version:
    """A page in one language, for a link to it."""

    lang: str  # "cy", "en-GB"
    name: str  # "Cymraeg"
    href: str  # under the base path: "/site/en/posts/trip/"
    url: str  # absolute
    exact: bool = True  # this page's own version (False: the nearest page above it)


@dataclass(frozen=True)
class PageLanguages:
    """What a page says of its languages: its content's language when it is not the
    page's (`foreign`, an item not yet translated), its versions for `hreflang` (itself
    included, with `default` for x-default; none on an untranslated item's copy, whose
    `canonical` is the original), and the language switch's links (the other languages)."""

    lang: str
    foreign: str = ""
    alternates: tuple[Version, ...] = ()
    default: str = ""  # x-default: the first language's version
    switch: tuple[Version, ...] = ()
    canonical: str = ""


@dataclass(frozen=True)
class Search:
    """Another language's search index: its Pagefind language ("en"), its folder."""

    language: str
    path: str


@dataclass(frozen=True)
class Translations:
    """Each of one language's pages (by site path) and what it says of its languages."""

    lang: str
    pages: Mapping[str, PageLanguages] = field(default_factory=dict)
    sitemaps: tuple[str, ...] = ()  # every language's sitemap, absolute (for robots.txt)
    # the other languages' search indexes, for "search every language": (Pagefind's
    # language, the index's folder under the base path)
    searches: tuple[Search, ...] = ()

    def of(self, path: str) -> PageLanguages:
        return self.pages.get(path) or PageLanguages(self.lang)

    def search_indexes(self) -> list[dict[str, str]]:
        """The other languages' search indexes, for the search page's script."""
        return [{"language": s.language, "path": s.path} for s in self.searches]


def translation_keys(documents: Iterable[Document]) -> tuple[dict[str, str], list[Diagnostic]]:
    """Each translated document's key (by content file): the same for an item's versions
    in every language. Siblings share their file name less its language ("trip.cy.md",
    "trip.en.md" → "posts/trip.md"); `translation_of:` names the file translated."""
    docs = {d.source.path: d for d in documents if d.source.kind in TRANSLATED}
    problems: list[Diagnostic] = []
    named: dict[str, str] = {}
    for path, doc in docs.items():
        named[path] = _plain_name(path, doc)
    keys: dict[str, str] = {}
    for path, doc in docs.items():
        key, seen, current = named[path], {path}, doc
        while current.translation_of:
            target = _target(current)
            if target == current.source.path:
                problems.append(error(current.path, current.line("translation_of"),
                                      "translation_of: names this file itself",
                                      "name the file this translates"))
                break
            if target in docs and docs[target].source.kind != current.source.kind:
                problems.append(error(current.path, current.line("translation_of"),
                                      f"translation_of: {current.translation_of!r} is a "
                                      f"{docs[target].source.kind}, this a "
                                      f"{current.source.kind}",
                                      "a translation is of the same kind: name a "
                                      f"{current.source.kind}"))
                break
            if target not in docs:
                problems.append(error(current.path, current.line("translation_of"),
                                      f"translation_of: {current.translation_of!r} is not "
                                      "a page of this site",
                                      "give the path of the file it translates from content/, "
                                      "like posts/2026-11-22-taith.cy.md"))
                break
            if target in seen or len(seen) > _CHAIN:
                problems.append(error(current.path, current.line("translation_of"),
                                      "translation_of: the translations name each other in "
                                      "a circle", "name the original in every translation"))
                break
            seen.add(target)
            current = docs[target]
            key = named[target]
        keys[path] = key
    by_key: dict[tuple[str, str], Document] = {}
    for path, key in sorted(keys.items()):
        doc = docs[path]
        other = by_key.setdefault((key, doc.lang), doc)
        if other is not doc:
            where = "translation_of" if doc.translation_of else "lang"
            problems.append(error(doc.path, doc.line(where), f"{other.path} is this item in "
                                  f"{doc.lang} too", "give each language's version its own "
                                  "language (trip.cy.md, trip.en.md, or lang:)"))
    return keys, problems


def split(config: SiteConfig, documents: list[Document], keys: Mapping[str, str],
          published: Callable[[Document], bool] = lambda doc: True
          ) -> tuple[list[Tree], list[Diagnostic]]:
    """Each language's site, from the documents: its own items, its translations, and
    (translations optional) the other languages' items it does not have yet. `keys`: each
    document's translation key (`translation_keys`). A version not `published` (a draft, a
    post for later) is not a translation yet."""
    problems: list[Diagnostic] = []
    codes = [lang.code for lang in config.languages]
    versions: dict[str, dict[str, Document]] = {}
    for doc in documents:
        if doc.source.path in keys:
            versions.setdefault(keys[doc.source.path], {})[doc.lang] = doc
    policy = config.translations
    shared = [d for d in documents if d.source.kind not in TRANSLATED]
    own: dict[str, list[Document]] = {code: [] for code in codes}
    foreign: dict[str, list[Document]] = {code: [] for code in codes}
    for key in sorted(versions):
        found = versions[key]
        for code, doc in found.items():
            own[code].append(doc)
        present = {code: doc for code, doc in found.items() if published(doc)}
        if not present:  # no version out yet: nothing to translate or to hold
            continue
        missing = [code for code in codes if code not in present]
        first = next(present[code] for code in codes if code in present)
        if missing and policy == "required":
            problems.append(error(first.path, 1, "this item has no version in "
                                  + ", ".join(missing) + " (translations are required)",
                                  "write its translation (" + _sibling(first, missing[0])
                                  + "), or set translations = \"optional\" in site.toml"))
        if missing and policy == "held":
            problems.append(warning(first.path, 1, "not published until it is written in "
                                    + ", ".join(missing) + " (translations are held)",
                                    "write its translation (" + _sibling(first, missing[0])
                                    + ")"))
            for code in present:
                own[code].remove(present[code])
            continue
        for code in missing:  # shown in its own language, labelled (until its own is out)
            foreign[code].append(first)
    trees = []
    for lang in config.languages:
        docs = own[lang.code] + foreign[lang.code]
        trees.append(Tree(lang, config.in_language(lang.code),
                          tuple(sorted(shared + docs, key=lambda d: d.source.path)),
                          frozenset(d.source.path for d in foreign[lang.code])))
    return trees, problems


def taken_prefixes(trees: list[Tree], first: Site, pages: Mapping[str, str]
                   ) -> list[Diagnostic]:
    """An error for each page or file of the first language published where another
    language's folder is ("en/"): one would hide the other."""
    folders = {tree.language.prefix: tree.language.code for tree in trees[1:]}
    problems = []
    taken = [(path, "content/" + source if source else "content") for path, source
             in pages.items()] + [(out, "content/" + rel) for rel, out in first.copies] + \
        [(alias, page.document.path) for alias, page in first.aliases]
    for path, where in taken:
        folder = path.split("/")[0] + "/"
        if folder in folders:
            problems.append(error(where, 1 if where.endswith(".md") else 0,
                                  f"its address, /{path}, is in the folder of the "
                                  f"{folders[folder]} pages (/{folder})",
                                  "give it another address (slug: or aliases: in its front "
                                  "matter), or move the file"))
    return problems


def redirects_elsewhere(first: Site, outputs: list[set[str]]) -> list[Diagnostic]:
    """An error for each of redirects.toml's old addresses that leads to another
    language's page or feed ("/en/tags/trips/") that is not there. `outputs`: each
    language's output paths."""
    problems = []
    lines = {entry.old.strip("/"): entry.line for entry in first.config.redirects.entries}
    for redirect in first.redirects:
        for language, paths in zip(first.config.languages[1:], outputs[1:], strict=True):
            prefix = language.prefix
            if not redirect.target.startswith(prefix):
                continue
            rest = redirect.target[len(prefix):]
            if rest in paths or Urls.file(rest) in paths or Urls.file(rest + "/") in paths:
                continue
            old = redirect.path.removesuffix("index.html").strip("/")
            problems.append(error("redirects.toml", lines.get(old, 0),
                                  f"/{old} leads to /{redirect.target}, which is not a page "
                                  f"or feed of the {language.code} pages",
                                  "lead it to a page or feed that exists, or remove the line"))
    return problems


def link(trees: list[Tree], pages: list[dict[str, str]], keys: Mapping[str, str]
         ) -> list[Translations]:
    """Each language's pages' links to the others'. `pages`: each language's pages, site
    path → the content file it is the page of ("" for a list); `keys`: each content
    file's translation key."""
    groups: list[dict[str, str]] = []  # each language: group → site path
    copies: list[dict[str, str]] = []  # each language: group → its untranslated copy
    for tree, found in zip(trees, pages, strict=True):
        group: dict[str, str] = {}
        copy: dict[str, str] = {}
        for path, source in found.items():
            if source and source in keys:
                (copy if source in tree.foreign else group).setdefault(
                    "item:" + keys[source], path)
            else:
                group.setdefault("page:" + path, path)
        groups.append(group)
        copies.append(copy)
    first = trees[0].config.base_url
    sitemaps = tuple(tree.config.base_url + "sitemap.xml" for tree in trees)
    out = []
    for index, (tree, found) in enumerate(zip(trees, pages, strict=True)):
        here: dict[str, PageLanguages] = {}
        for path, source in found.items():
            key = ("item:" + keys[source]) if source and source in keys \
                else "page:" + path
            if source in tree.foreign:  # an item not yet translated: its original's links
                original = next(i for i, g in enumerate(groups) if key in g)
                target = trees[original]
                url = target.config.base_url + quote_path(groups[original][key])
                here[path] = PageLanguages(
                    tree.language.code, foreign=target.language.code, canonical=url,
                    switch=tuple(_version(other, groups[i], key, path,
                                          copies[i].get(key, ""))
                                 for i, other in enumerate(trees) if i != index))
                continue
            alternates = tuple(_version(other, groups[i], key, path)
                               for i, other in enumerate(trees) if key in groups[i])
            default = next((v.url for v in alternates if v.url.startswith(first)
                            and trees[0].language.code == v.lang), "")
            here[path] = PageLanguages(
                tree.language.code,
                alternates=alternates if len(alternates) > 1 else (),
                default=default if len(alternates) > 1 else "",
                switch=tuple(_version(other, groups[i], key, path, copies[i].get(key, ""))
                             for i, other in enumerate(trees) if i != index))
        searches = tuple(Search(base_of(other.language.code), other.config.base_path
                                + "pagefind/") for other in trees if other is not tree)
        out.append(Translations(tree.language.code, here, sitemaps,
                                searches if tree.config.search else ()))
    return out


def _version(tree: Tree, group: Mapping[str, str], key: str, path: str,
             foreign: str = "") -> Version:
    """`tree`'s version of the page `key` (at `path` in its own language): the page itself
    when it has one (or an untranslated item's copy), else the nearest page above it."""
    target, exact = group.get(key) or foreign, True
    if not target:
        exact = False
        target = path
        while target and "page:" + target not in group:
            target = _parent(target)
    base = tree.config.base_url
    return Version(tree.language.code, tree.language.name,
                   tree.config.base_path + quote_path(target), base + quote_path(target), exact)


def _parent(path: str) -> str:
    """The site path above `path`: "tags/maths/" → "tags/", "tags/" → ""."""
    parent = posixpath.dirname(path.rstrip("/"))
    return parent + "/" if parent else ""


def _plain_name(path: str, doc: Document) -> str:
    """The content file's path without its language: "posts/trip.cy.md" → "posts/trip.md",
    "posts/trip/index.cy.md" → "posts/trip/index.md" (the same for every language)."""
    folder, _, name = path.rpartition("/")
    stem = name[:-len(".md")]
    if doc.source.is_bundle:
        stem = "index"
    elif "." in stem:
        head, _, tail = stem.rpartition(".")
        if tail.lower() == doc.lang.lower() or doc.lang.lower().startswith(tail.lower() + "-"):
            stem = head
    return f"{folder}/{stem}.md" if folder else f"{stem}.md"


def _target(doc: Document) -> str:
    """The content file `translation_of:` names: from content/ ("posts/x.md", with or
    without "content/" or "/"), or beside the document ("x.cy.md")."""
    written = doc.translation_of.strip()
    if "/" not in written or written.startswith(("./", "../")):  # beside it
        written = posixpath.join(doc.source.directory, written)
    return posixpath.normpath(written.lstrip("/").removeprefix("content/"))


def _sibling(doc: Document, code: str) -> str:
    """Where `doc`'s translation into `code` would be: "content/posts/trip.en.md"."""
    folder, _, name = doc.path.rpartition("/")
    stem = name[:-len(".md")]
    if "." in stem:
        stem = stem.rpartition(".")[0]
    short = code.split("-")[0].lower()
    return f"{folder}/{stem}.{short}.md"


def shared_files(site: Site, first: Site) -> dict[str, str]:
    """The files of a language's pages that the first language publishes too (the photos
    and downloads of an item in both, or shown in both): their site path in `site` →
    theirs at the site's root. Published once, there."""
    copies = dict(first.copies)
    shared = {out: copies[rel] for rel, out in site.copies if rel in copies}
    for rel, picture in site.pictures.items():  # each processed copy the first has too
        there = first.pictures.get(rel)
        if there is not None and there.key == picture.key:
            theirs = {copy.file: copy.path for copy in there.published}
            shared.update({mine.path: theirs[mine.file] for mine in picture.published
                           if mine.file in theirs})
    # and the site's files for other sites' machines, which only the first publishes
    shared.update({path: path for path in _LINKED_ONCE})
    return shared


def with_other_languages(site: Site, tree: Tree, trees: list[Tree], sites: list[Site]
                         ) -> dict[str, str]:
    """`site`'s URL table, with the items of the other languages it does not show, by
    their paths from the site's root ("/en/posts/trip/"), so that a Markdown link to one
    (from its translation, say) leads to it."""
    urls = dict(site.urls)
    for other, each in zip(trees, sites, strict=True):
        if other is tree:
            continue
        for rel, path in each.urls.items():
            if rel.endswith(".md") and rel not in urls and rel not in other.foreign:
                urls[rel] = "/" + other.language.prefix + path
    return urls
