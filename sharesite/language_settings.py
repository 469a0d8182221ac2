"""site.toml's languages: `languages = ["cy", "en-GB"]`, the `translations` policy, and a
`[lang.<code>]` table per language (its title, description and vocabulary labels).

The first language is published at the site's root, each other under a prefix of its own
("en/"). A site with one language (or none named: `language`) has no prefix at all and
is made exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from sharesite.errors import Diagnostic, error, one_of, warning

CONFIG_FILE = "site.toml"
# What happens to an item not written in every language: shown in the others' lists,
# labelled with its language (optional); an error (required); not published until it is
# (held).
POLICIES = ("optional", "required", "held")
_LANG_KEYS = ("title", "description", "labels")


@dataclass(frozen=True)
class LanguageSettings:
    """One of the site's languages, as site.toml sets it."""

    code: str  # as site.toml writes it: "cy", "en-GB"
    prefix: str = ""  # where its pages are: "" (the first language), "en/"
    title: str = ""  # its own title and description ("": the site's)
    description: str = ""
    labels: tuple[tuple[str, str], ...] = ()  # vocabulary value → its label in the language

    @property
    def name(self) -> str:
        """The language in itself, for a language switch: "Cymraeg", "English"."""
        return autonym(self.code)


def autonym(code: str) -> str:
    """`code`'s name in its own language (CLDR), capitalised: "Cymraeg", "English"."""
    base = code.replace("_", "-").split("-")[0].lower()
    try:
        name = Locale.parse(base).get_display_name(base) or code
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:]


def known_language(code: str) -> bool:
    """Whether CLDR knows `code` ("cy", "en-GB", "pt_BR")."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def base_of(code: str) -> str:
    """The primary language of `code`: "en-GB" → "en"."""
    return code.replace("_", "-").split("-")[0].lower()


def read_languages(languages: tuple[str, ...], language: str, language_set: bool,
                   tables: Any, policy: str, line_of: Callable[[str, str], int],
                   problems: list[Diagnostic], root: Path | None = None
                   ) -> tuple[LanguageSettings, ...]:
    """The site's languages, checked (errors and warnings into `problems`), the first with
    no prefix. `languages`: site.toml's list (() when not set); `language`: its `language`
    (`language_set`: written, not the default); `tables`: its `[lang]` table."""
    codes = languages or (language,)
    line = line_of("", "languages")
    seen: set[str] = set()
    for code in languages:
        if not known_language(code):
            problems.append(error(CONFIG_FILE, line, f"languages: {code!r} is not a language "
                                  "code", 'use codes like "cy", "en-GB" or "pl"'))
        if code.lower() in seen:
            problems.append(error(CONFIG_FILE, line, f"languages: {code!r} is listed twice",
                                  "list each language once"))
        seen.add(code.lower())
    if len(seen) < len(languages):
        return ()
    if languages and language_set and language != languages[0]:
        problems.append(error(CONFIG_FILE, line_of("", "language"),
                              f"language = {language!r} is not the first of languages",
                              "remove `language`: the first of `languages` is the site's "
                              "main language"))
    if policy not in POLICIES:
        problems.append(error(CONFIG_FILE, line_of("", "translations"),
                              f"translations: {policy!r} is not a policy sharesite knows",
                              "use one of " + one_of(POLICIES)))
    if not isinstance(tables, dict):
        problems.append(error(CONFIG_FILE, line_of("", "lang"), "[lang] must be tables like "
                              '[lang.cy]', 'write [lang.cy] then title = "…"'))
        tables = {}
    by_code = {code.lower(): code for code in codes}
    for code in tables:
        if code.lower() not in by_code:
            problems.append(error(CONFIG_FILE, line_of("", f"lang.{code}"),
                                  f"[lang.{code}]: {code!r} is not one of the site's "
                                  "languages", "use one of " + one_of(codes)))
    for code in codes:
        if not _has_words(code, root):
            problems.append(warning(CONFIG_FILE, line_of("", "languages") or
                                    line_of("", "language"),
                                    f"the theme has no words in {code!r}: its menus, buttons "
                                    "and dates will be in English",
                                    f"add strings/{base_of(code)}.toml at the site's root (see "
                                    "README, \"Your site in Welsh (or another language)\")"))
    bases = [base_of(code) for code in codes]
    out = []
    for index, code in enumerate(codes):
        table: Any = next((v for k, v in tables.items() if k.lower() == code.lower()), {})
        title, description, labels = _language_table(code, table, line_of, problems)
        # "en/" for en-GB; the whole code when two languages share one ("en-gb/", "en-us/")
        prefix = "" if index == 0 else \
            (bases[index] if bases.count(bases[index]) == 1 else code.lower()) + "/"
        out.append(LanguageSettings(code, prefix, title, description, labels))
    return tuple(out)


def _has_words(code: str, root: Path | None) -> bool:
    """Whether a string table speaks `code`: sharesite's own (English, Welsh) or the site's
    strings/<code>.toml."""
    names = {base_of(code), code.replace("_", "-")}
    bundled = files("sharesite").joinpath("strings")
    return any(bundled.joinpath(f"{name}.toml").is_file() or
               (root is not None and (root / "strings" / f"{name}.toml").is_file())
               for name in names)


def _language_table(code: str, table: Any, line_of: Callable[[str, str], int],
                    problems: list[Diagnostic]
                    ) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    where = f"lang.{code}"
    if not isinstance(table, dict):
        problems.append(error(CONFIG_FILE, line_of("", "lang"), f"[{where}] must be a table",
                              f'write [{where}] then title = "…"'))
        return "", "", ()
    for key in table:
        if key not in _LANG_KEYS:
            problems.append(warning(CONFIG_FILE, line_of(where, key),
                                    f"unknown setting {where}.{key}",
                                    "a language's table has " + one_of(_LANG_KEYS)))
    texts = []
    for key in ("title", "description"):
        value = table.get(key, "")
        if not isinstance(value, str):
            problems.append(error(CONFIG_FILE, line_of(where, key),
                                  f"{where}.{key}: {value!r} is not text in quotes",
                                  "write it in quotes"))
            value = ""
        texts.append(" ".join(value.split()))
    labels = table.get("labels", {})
    if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
        problems.append(error(CONFIG_FILE, line_of(where, "labels") or line_of("", "lang"),
                              f"{where}.labels must be a table of labels",
                              '[lang.cy.labels] then maths = "Mathemateg"'))
        labels = {}
    return texts[0], texts[1], tuple(sorted((str(k), " ".join(v.split()))
                                            for k, v in labels.items()))
