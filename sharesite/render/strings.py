"""The theme's interface strings, from a table per language, and dates through Babel.

Tables are TOML (sharesite/strings/<lang>.toml), editable in GitHub's web editor; a site
overrides any string with its own `strings/<lang>.toml` at the site root. Each value is a
whole sentence with named placeholders ("{count} results for “{query}”"), never a fragment
glued to another: Welsh mutates words after others, so only a translator can place them. A
value that is a table of CLDR plural categories (`one`, `other`; Welsh needs `zero`, `one`,
`two`, `few`, `many`, `other`) is chosen by its `count`, with Babel's plural rules.

Strings are markup as a template's own text is (the site's owner writes both): what is
put into a placeholder is escaped unless it is already markup (a link the template made).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal
from markupsafe import Markup

from sharesite.errors import ConfigError, error

BUNDLED = Path(__file__).resolve().parent.parent / "strings"
SITE_FOLDER = "strings"  # a site's own tables, at its root
CATEGORIES = ("zero", "one", "two", "few", "many", "other")
# A template's or script's use of a key: t("search.title") or t('search.title', …).
_USE = re.compile(r"""\bt\(\s*(["'])([A-Za-z0-9_.-]+)\1""")
SCRIPT_PREFIX = "js"  # a script's t("search.none") is the table's js.search.none

Message = str | dict[str, str]


class StringsError(ConfigError):
    """A table that cannot be read: reported as `path:line: what is wrong (how to fix)`
    like a mistake in site.toml (exit 2, no traceback)."""

    def __init__(self, path: str, line: int, message: str, hint: str) -> None:
        super().__init__([error(path, line, message, hint)])


@dataclass(frozen=True)
class Strings:
    """One language's table, the bundled strings with the site's own over them."""

    language: str
    locale: Locale
    messages: Mapping[str, Message] = field(default_factory=dict)

    def t(self, key: str, /, **named: object) -> Markup:
        """`{{ t("key") }}`, `{{ t("key", count=n, name=…) }}`: the string, filled in.
        An unknown key is an error rather than a blank: a page must not lose words."""
        text = self._choose(key, named)
        return Markup(text).format(**named) if named else Markup(text)

    def conjunction(self, following: str) -> str:
        """The "and" before the name `following` ("A and B"): the table's `list.and`, or
        its `list.and_vowel` before a vowel sound (Welsh "ac": "Elin ac Owain", "ac
        Wmffre", but "a Wyn"), when it has one ("" in a table means none)."""
        vowel_form = self.messages.get("list.and_vowel", "")
        if isinstance(vowel_form, str) and vowel_form and _vowel_sound(following):
            return vowel_form
        return self.text("list.and")

    def joined(self, names: Iterable[str]) -> str:
        """Names joined by "and", each with the "and" its name wants: "A and B and C"."""
        out = ""
        for index, name in enumerate(names):
            out += (self.conjunction(name) if index else "") + name
        return out

    def text(self, key: str, /, **named: object) -> str:
        """The string as plain text, filled in as it is (not escaped): for text made in
        Python that a template or a feed escapes later (a list's heading, a feed's title)."""
        text = self._choose(key, named)
        return text.format(**named) if named else text

    def _choose(self, key: str, named: Mapping[str, object]) -> str:
        """The string for `key`, its plural form chosen by `count`."""
        try:
            message = self.messages[key]
        except KeyError:
            raise KeyError(f"t({key!r}): there is no such string in the {self.language} "
                           "table (add it to the tables, or fix the key)") from None
        if isinstance(message, dict):
            count = named.get("count")
            if not isinstance(count, int | float):
                raise TypeError(f"t({key!r}): this string has plural forms: give count=")
            category = self.locale.plural_form(count)
            return message.get(category, message.get("other", ""))
        return message

    def format_date(self, value: dt.datetime | dt.date) -> str:
        """A date for people: "26 June 2020", "22 Tachwedd 2026" (month names from CLDR).
        The pattern is the table's `dates.long` (one pattern for every language unless a
        table says otherwise, so that an English site's dates stay as they were)."""
        pattern = self.messages.get("dates.long", "d MMMM y")
        day = value.date() if isinstance(value, dt.datetime) else value
        return babel_format_date(day, str(pattern), locale=self.locale)

    def format_size(self, size: int) -> str:
        """A file's size for people: "512 bytes", "1.5 MB" ("1,5 MB" where the language
        writes a decimal comma): the number through Babel, the unit from the table."""
        if size < 1024:
            return str(self.t("sizes.bytes", size=format_decimal(size, "0", self.locale)))
        value = float(size)
        for unit in ("KB", "MB", "GB"):
            value = int(value) / 1024 if unit != "KB" else value / 1024
            if value < 1024 or unit == "GB":
                shown = format_decimal(round(value) if value >= 10 else round(value, 1),
                                       "0" if value >= 10 else "0.0", self.locale)
                return str(self.t(f"sizes.{unit}", size=shown))
        raise AssertionError("unreachable")  # pragma: no cover

    def table(self, prefix: str) -> dict[str, Message]:
        """The strings under `prefix.` (for a script: its strings as JSON), by short key."""
        start = prefix + "."
        return {k[len(start):]: v for k, v in self.messages.items() if k.startswith(start)}


_VOWELS = "aeiouâêîôûáéíóúàèìòùäëïöü"


def _vowel_sound(word: str) -> bool:
    """Whether `word` starts with a vowel sound, as Welsh hears it: a vowel, or w or y
    before a consonant ("Wmffre", "Ynyr"; not "Wyn", "Yusuf")."""
    first, second = word[:1].lower(), word[1:2].lower()
    if first in _VOWELS:
        return True
    return first in "wyŵŷ" and bool(second) and second not in _VOWELS + "wyŵŷ"


def locale_of(language: str) -> Locale:
    """`en-GB`, `cy`, `pt_BR` as a Babel locale; English when Babel does not know it."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


def table_names(language: str) -> tuple[str, ...]:
    """The table files that serve `language`, most general first: "en", then "en-GB"."""
    base = language.split("-")[0].split("_")[0].lower()
    full = language.replace("_", "-")
    return (base,) if full.lower() == base else (base, full)


def read_table(path: Path, display: str = "") -> dict[str, Message]:
    """A table's strings by dotted key ("search.title"). Raises StringsError."""
    name = display or path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(err))) else 0
        raise StringsError(name, line, str(err), "fix the TOML: a string needs quotes, a "
                           "table name square brackets") from None
    except (OSError, UnicodeDecodeError) as err:
        raise StringsError(name, 0, f"cannot read the table: {err}", "save it as UTF-8") \
            from None
    out: dict[str, Message] = {}
    _flatten(data, "", out, name)
    return out


def _flatten(data: Mapping[str, object], prefix: str, out: dict[str, Message],
             name: str) -> None:
    for key, value in data.items():
        full = prefix + key
        if full == "meta":  # about the table (reviewed, language), not strings
            continue
        if isinstance(value, str):
            out[full] = value
        elif isinstance(value, dict) and value and set(value) <= set(CATEGORIES):
            if not all(isinstance(v, str) for v in value.values()):
                raise StringsError(name, 0, f"{full}: each plural form must be a string",
                                   'write it in quotes: one = "…"')
            out[full] = {str(k): str(v) for k, v in value.items()}
        elif isinstance(value, dict):
            _flatten(value, full + ".", out, name)
        else:
            raise StringsError(name, 0, f"{full}: a string must be text in quotes",
                               "or a table of plural forms: one, other, …")


def load_strings(language: str, root: Path | None = None,
                 bundled: Path = BUNDLED) -> Strings:
    """The strings for `language`: English underneath (a language's table may lag behind),
    then the bundled tables for the language, then the site's own `strings/` tables."""
    messages: dict[str, Message] = {}
    folders = [(bundled, "")] + ([(root / SITE_FOLDER, SITE_FOLDER + "/")] if root else [])
    for folder, shown in folders:
        names = table_names(language)
        if folder is bundled and names[0] != "en":
            names = ("en", *names)
        for stem in names:
            path = folder / f"{stem}.toml"
            if path.is_file():
                messages.update(read_table(path, shown + path.name))
    return Strings(language, locale_of(language), messages)


def plural_categories(language: str) -> frozenset[str]:
    """The CLDR plural categories `language` uses ("other" always)."""
    return frozenset(locale_of(language).plural_form.tags) | {"other"}


def keys_used(folders: Iterable[Path]) -> dict[str, tuple[str, int]]:
    """Every key templates and scripts in `folders` use: where each is first used. A
    script's keys are under "js." in the tables (its t("search.none") is js.search.none)."""
    used: dict[str, tuple[str, int]] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".html", ".js", ".xml", ".txt") or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for match in _USE.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                key = match.group(2)
                if path.suffix == ".js":
                    key = f"{SCRIPT_PREFIX}.{key}"
                used.setdefault(key, (str(path), line))
    return used


def check_strings(theme_dirs: Iterable[Path] = (), bundled: Path = BUNDLED) -> list[str]:
    """Problems with the tables, as `path:line: what is wrong (how to fix)`: a bundled
    table that lacks a key the English one has, or a plural form its language needs; a
    template or script of `theme_dirs` that uses a key the English table does not have."""
    problems: list[str] = []
    english = read_table(bundled / "en.toml")
    for path in sorted(bundled.glob("*.toml")):
        table = read_table(path)
        needed = plural_categories(path.stem)
        for key, message in english.items():
            if key not in table:
                problems.append(f"{path.name}:0: {key} is missing (translate the English: "
                                f"{message!r})")
                continue
            if isinstance(message, dict) != isinstance(table[key], dict):
                problems.append(f"{path.name}:0: {key} must be "
                                + ("a table of plural forms" if isinstance(message, dict)
                                   else "a plain string") + " as in en.toml")
        for key, message in table.items():
            if key not in english:
                problems.append(f"{path.name}:0: {key} is not in en.toml (remove it, or add "
                                "it to en.toml)")
            if isinstance(message, dict):
                lacking = sorted(needed - set(message), key=CATEGORIES.index)
                if lacking:
                    problems.append(f"{path.name}:0: {key} lacks the plural form(s) "
                                    f"{', '.join(lacking)} that {path.stem} needs (add them)")
    for key, (where, line) in keys_used(theme_dirs).items():
        if key not in english:
            problems.append(f"{where}:{line}: t({key!r}) uses a string no table has (add it "
                            "to sharesite/strings/en.toml and every other table)")
    return problems
