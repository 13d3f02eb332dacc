"""User-facing labels in English and Dutch (code and docs stay English)."""

from __future__ import annotations

__all__ = ["LANGUAGES", "PHASE_LABELS", "ROLE_LABELS", "label"]

LANGUAGES = ("en", "nl")

ROLE_LABELS: dict[str, dict[str, str]] = {
    "pusher": {"en": "pusher", "nl": "aanjager"},
    "joiner": {"en": "joiner", "nl": "meeloper"},
    "silent": {"en": "silent middle", "nl": "stille midden"},
    "bridge_builder": {"en": "bridge builder", "nl": "bruggenbouwer"},
    "scapegoat": {"en": "scapegoat", "nl": "zondebok"},
    "key_figure": {"en": "key figure", "nl": "sleutelfiguur"},
    "media": {"en": "media (catalyst)", "nl": "media (katalysator)"},
    "resilient_middle": {"en": "resilient middle", "nl": "weerbare midden"},
}

PHASE_LABELS: dict[int, dict[str, str]] = {
    1: {"en": "calm", "nl": "rustfase"},
    2: {"en": "unease", "nl": "ongemak"},
    3: {"en": "tensions under the surface", "nl": "onderhuidse spanningen"},
    4: {"en": "open incidents / escalation", "nl": "openlijke incidenten / escalatie"},
}


def label(key: str | int, lang: str = "en") -> str:
    """The label of a role name or a phase number in ``lang`` (``"en"`` or ``"nl"``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    table: dict = PHASE_LABELS if isinstance(key, int) else ROLE_LABELS
    if key not in table:
        raise ValueError(f"no label for {key!r}; known: {', '.join(map(str, table))}")
    return str(table[key][lang])
