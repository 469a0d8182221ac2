"""A quicker inline pass for Python-Markdown, with the same output.

Python-Markdown tries each of its ~15 inline patterns (links, emphasis, code, entities, …)
on every run of text in a document, one regular expression and several Python calls each,
even when the text holds none of the characters the pattern starts with: on a typical post
that is a third of all the Markdown work. `QuickInline` replaces the library's inline
treeprocessor and skips a pattern for a run of text that lacks the character every match of
that pattern must contain (`[` for links, `*` or `_` for emphasis, `&` for entities…), which
is exactly what the library would conclude after trying it.

A pattern is skipped only while its regular expression is the very one this table was
checked against (compared by digest): an extension's pattern, or one a new version of the
library changes, is always tried, as before. `tests/test_markdown_speed.py` builds the
example site and a benchmark corpus both ways and compares every byte.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

import markdown
from markdown import util
from markdown.treeprocessors import InlineProcessor

# name → (digest of the regex source it was checked against, characters one of which every
# match contains)
_TRIGGERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "backtick": ("57a107b389147e60", ("`",)),
    "escape": ("b17a2c10a1186ba5", ("\\",)),
    "footnote": ("594d0873893315f7", ("[",)),
    "reference": ("555e425c76d1a5eb", ("[",)),
    "link": ("555e425c76d1a5eb", ("[",)),
    "image_link": ("177b9ec139f7a2b4", ("![",)),
    "image_reference": ("177b9ec139f7a2b4", ("![",)),
    "short_reference": ("555e425c76d1a5eb", ("[",)),
    "short_image_ref": ("177b9ec139f7a2b4", ("![",)),
    "autolink": ("5849830041202617", ("<",)),
    "automail": ("06cf8f44fa2539f8", ("<",)),
    "linebreak": ("3be7cbca270ad8a8", ("  \n",)),
    "html": ("e4fce574a492e190", ("<",)),
    "entity": ("a51451bf3a93e534", ("&",)),
    "em_strong": ("980a91fab0662c54", ("*", "_")),
}

# Python-Markdown's inline loop, overridden below, is private: use it only where it is known.
AVAILABLE = (hasattr(InlineProcessor, "_InlineProcessor__applyPattern")
             and hasattr(InlineProcessor, "_InlineProcessor__handleInline")
             and markdown.__version_info__[:2] >= (3, 6) and markdown.__version_info__[0] < 4)


@functools.lru_cache(maxsize=64)
def source_digest(source: str) -> str:
    return hashlib.blake2b(source.encode(), digest_size=8).hexdigest()


class QuickInline(InlineProcessor):
    """The library's inline treeprocessor, skipping patterns that cannot match."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self._needs: list[tuple[str, ...]] = []

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        patterns = self.inlinePatterns
        needs: list[tuple[str, ...]] = [()] * len(patterns)  # (): always try it
        for name, (checked, characters) in _TRIGGERS.items():
            if name in patterns:
                index = patterns.get_index_for_name(name)
                regex = getattr(patterns[index], "compiled_re", None)
                if regex is not None and source_digest(regex.pattern) == checked:
                    needs[index] = characters
        self._needs = needs
        return super().run(tree, ancestors)

    # The library's own loop (treeprocessors.InlineProcessor.__handleInline), with the skip.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        patterns, needs = self.inlinePatterns, self._needs
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        start = 0
        index = patternIndex
        while index < len(patterns):
            characters = needs[index]
            if characters and not any(c in data for c in characters):
                index, start = index + 1, 0  # as the library does when a pattern finds nothing
                continue
            data, matched, start = apply(patterns[index], data, index, start)
            if not matched:
                index += 1
        return data


def install(md: markdown.Markdown) -> None:
    """Use `QuickInline` for `md`'s inline pass (when this version of the library allows)."""
    if AVAILABLE and "inline" in md.treeprocessors:
        md.treeprocessors.register(QuickInline(md), "inline", 20)  # the library's own place
