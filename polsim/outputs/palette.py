"""Every colour polsim draws with, in one place: the report, the figures, the animations, the
player and the dashboard read them from here.

The colours are Okabe and Ito's palette (:data:`OKABE_ITO`), distinguishable with every
common colour-vision deficiency, and greys (:data:`GREYS`) for text, lines and paper.

Each role has one colour everywhere (:data:`ROLE_COLOURS`). In the animations a person's dot
is filled with their stance (purple at one pole, orange at the other) and outlined in their
role's colour, so no role takes a colour of the stance map: a pusher is black (the loudest
voice, and an outline that stands out on either pole's fill), a joiner sky blue, the silent
middle grey (Brandsma's "invisible" middle), a bridge builder green and a scapegoat reddish
purple. The report draws the same roles in the same colours; its baseline is a dark dashed
line, an effect that is not clear a mid grey.

Pages (the report's and the player's style) take the colours as CSS custom properties
(:func:`css_variables`: ``var(--ink)``), filled in when the page is written.

>>> ROLE_COLOURS["pusher"] == OKABE_ITO["black"]
True
>>> PHASE_COLOURS[3] == OKABE_ITO["vermillion"]  # phase 4, the last of the four
True
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "GREYS",
    "INCIDENT_COLOUR",
    "INCIDENT_HALO",
    "KEY_FIGURE_COLOUR",
    "OKABE_ITO",
    "PHASE_COLOURS",
    "ROLE_COLOURS",
    "SERIES_COLOURS",
    "STANCE_MAP",
    "TINTS",
    "css_variables",
]

#: Okabe & Ito's palette (2008), distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
#: Greys by what they are for: text and lines, dark to light, then paper.
GREYS = {
    "ink": "#222222",
    "dark": "#333333",
    "text": "#444444",
    "caption": "#555555",
    "label": "#666666",
    "muted": "#777777",
    "grey": "#999999",
    "rule": "#BBBBBB",
    "line": "#CCCCCC",
    "border": "#DDDDDD",
    "code": "#F4F4F4",
    "page": "#FAFAFA",
    "white": "#FFFFFF",
}
#: Pale tints of the palette for the pages' backgrounds: a table's head, a warning.
TINTS = {"pale_blue": "#EEF4FA", "pale_vermillion": "#FFF4EC"}
#: One colour per role, in every output (the report, the figures, the animations, the player
#: and the dashboard).
ROLE_COLOURS = {
    "silent": GREYS["grey"],
    "joiner": OKABE_ITO["sky_blue"],
    "pusher": OKABE_ITO["black"],
    "bridge_builder": OKABE_ITO["green"],
    "scapegoat": OKABE_ITO["purple"],
}
#: The stances' colours, a diverging matplotlib colour map (ColorBrewer PuOr, colour-blind
#: safe): -1 purple, 0 white, +1 orange.
STANCE_MAP = "PuOr_r"
#: The KIS phases 1-4 in order (``PHASE_COLOURS[k - 1]`` is phase ``k``): calm to escalation.
PHASE_COLOURS = (
    OKABE_ITO["sky_blue"],
    OKABE_ITO["yellow"],
    OKABE_ITO["orange"],
    OKABE_ITO["vermillion"],
)
#: The outline of a key figure's triangle.
KEY_FIGURE_COLOUR = OKABE_ITO["blue"]
#: An incident this week: a thick black ring on a white halo, wider than any dot, told apart
#: from both poles' colours and the roles' thin outlines by shape, size and contrast.
INCIDENT_COLOUR = OKABE_ITO["black"]
INCIDENT_HALO = GREYS["white"]
#: The colours of several series on one panel, in turn.
SERIES_COLOURS = tuple(
    OKABE_ITO[k] for k in ("blue", "orange", "purple", "green", "vermillion", "sky_blue", "black")
)


def css_variables(selector: str = ":root") -> str:
    """A CSS rule that defines every colour of this module as a custom property:
    ``--ink``, ``--blue``, ``--pale-blue``, ``--role-pusher``, ``--phase-1`` ... (the greys,
    the Okabe-Ito names and the tints with ``_`` written ``-``, the roles and the phases).

    >>> "--role-pusher: #000000;" in css_variables()
    True
    """
    named: dict[str, str] = {}
    for group in (GREYS, OKABE_ITO, TINTS):
        named.update({key.replace("_", "-"): value for key, value in group.items()})
    named.update(_prefixed("role", ROLE_COLOURS))
    named.update(_prefixed("phase", {str(k): c for k, c in enumerate(PHASE_COLOURS, start=1)}))
    body = " ".join(f"--{key}: {value};" for key, value in named.items())
    return f"{selector} {{ {body} }}"


def _prefixed(prefix: str, colours: Mapping[str, str]) -> dict[str, str]:
    return {f"{prefix}-{key.replace('_', '-')}": value for key, value in colours.items()}
