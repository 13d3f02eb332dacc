# User-facing text: one sentence per line reads better than wrapped.
# ruff: noqa: E501
"""Everything polsim says to its users, in English and Dutch, and locale formatting.

:data:`CATALOGUE` is the one place for user-facing text: the report, the figures, the names
of outcomes, roles, phases and interventions, and the command line's messages. Every entry
is keyed by name and holds its English and its Dutch; code reads it by key with :func:`text`
(or :func:`t`), never by position. Code and documentation stay English.

Numbers, percentages, percentage points, money and dates are formatted for the language's
locale (:data:`LOCALES`: ``en_GB`` and ``nl_NL``) by Babel, so that a Dutch reader sees
``40.000`` and ``0,5`` where an English one sees ``40,000`` and ``0.5``.

Examples
--------
>>> text("report.compared", "nl")
'Wat is vergeleken'
>>> number(40000, "nl"), number(0.5, "nl"), number(40000, "en")
('40.000', '0,5', '40,000')
>>> money(39600, "en"), money(39600, "nl").replace("\\xa0", " ")
('€39,600', '€ 39.600')
>>> points(0.032, "nl"), percent(0.25, "en")
('+3,2 procentpunt', '25%')
"""

from __future__ import annotations

import datetime as _dt
import math

from babel import Locale
from babel.dates import format_date, format_timedelta
from babel.numbers import format_currency, format_decimal, format_percent

__all__ = [
    "CATALOGUE",
    "LANGUAGES",
    "LOCALES",
    "PHASE_LABELS",
    "ROLE_LABELS",
    "check_lang",
    "date",
    "duration",
    "label",
    "money",
    "number",
    "percent",
    "points",
    "t",
    "text",
    "translations",
]

#: The languages of every entry, in the order they are documented.
LANGUAGES = ("en", "nl")
#: The Babel locale each language formats numbers, money and dates with.
LOCALES = {"en": "en_GB", "nl": "nl_NL"}

_ROLES = ("pusher", "joiner", "silent", "bridge_builder", "scapegoat", "key_figure", "media",
          "resilient_middle")  # fmt: skip

#: Every user-facing string: key -> {"en": English, "nl": Dutch}. Keys are grouped by a prefix
#: (``role.``, ``phase.``, ``outcome.``, ``intervention.``, ``report.``, ``figure.``,
#: ``cli.``, ...). Fields in braces are filled by :func:`text`.
CATALOGUE: dict[str, dict[str, str]] = {
    # -- Brandsma's roles -------------------------------------------------------------------
    "role.pusher": {"en": "pusher", "nl": "aanjager"},
    "role.joiner": {"en": "joiner", "nl": "meeloper"},
    "role.silent": {"en": "silent middle", "nl": "stille midden"},
    "role.bridge_builder": {"en": "bridge builder", "nl": "bruggenbouwer"},
    "role.scapegoat": {"en": "scapegoat", "nl": "zondebok"},
    "role.key_figure": {"en": "key figure", "nl": "sleutelfiguur"},
    "role.media": {"en": "media (catalyst)", "nl": "media (katalysator)"},
    "role.resilient_middle": {"en": "resilient middle", "nl": "weerbaar midden"},
    # -- the KIS phases ---------------------------------------------------------------------
    "phase.1": {"en": "calm", "nl": "rustfase"},
    "phase.2": {"en": "unease", "nl": "ongemak"},
    "phase.3": {"en": "tensions under the surface", "nl": "onderhuidse spanningen"},
    "phase.4": {"en": "open incidents / escalation", "nl": "openlijke incidenten / escalatie"},
    # -- units ------------------------------------------------------------------------------
    "unit.points": {"en": "pp", "nl": "procentpunt"},
    # -- outcomes compared between scenarios (polsim.runs.comparison.OUTCOMES) ----------------
    "outcome.final_silent": {"en": "silent middle at the end", "nl": "stille midden aan het eind"},
    "outcome.mean_silent": {
        "en": "silent middle, mean over the run",
        "nl": "stille midden, gemiddeld over de gesimuleerde periode",
    },
    "outcome.final_polarised": {
        "en": "pushers and joiners at the end",
        "nl": "aanjagers en meelopers aan het eind",
    },
    "outcome.final_tolerance": {
        "en": "tolerance of the middle at the end",
        "nl": "tolerantie van het midden aan het eind",
    },
    "outcome.scapegoats": {
        "en": "scapegoats at the end (share)",
        "nl": "zondebokken aan het eind (aandeel)",
    },
    "outcome.incidents": {
        "en": "incidents per 1,000 residents",
        "nl": "incidenten per 1.000 inwoners",
    },
    "outcome.reached_phase_4": {
        "en": "phase 4 reached (share of runs)",
        "nl": "fase 4 bereikt (aandeel herhalingen)",
    },
    "outcome.weeks_phase_3_or_4": {"en": "weeks in phase 3 or 4", "nl": "weken in fase 3 of 4"},
    "outcome.week_reaching_phase_3": {
        "en": "week phase 3 is reached",
        "nl": "week waarin fase 3 begint",
    },
    "outcome.week_reaching_phase_4": {
        "en": "week phase 4 is reached",
        "nl": "week waarin fase 4 begint",
    },
    "outcome.spent": {"en": "money spent", "nl": "uitgegeven geld"},
    # -- interventions (polsim.interventions.catalogue) ---------------------------------------
    "intervention.resilient_middle": {"en": "resilient middle", "nl": "weerbaar midden"},
    "intervention.campaign": {"en": "balanced communication", "nl": "evenwichtige communicatie"},
    "intervention.change_topic": {"en": "change the topic", "nl": "het onderwerp veranderen"},
    "intervention.bridge_builders": {"en": "bridge builders", "nl": "bruggenbouwers"},
    "intervention.key_figures": {"en": "key-figure network", "nl": "sleutelfigurennetwerk"},
    "intervention.online_key_figures": {"en": "online key figures", "nl": "online sleutelfiguren"},
    "intervention.media_restraint": {"en": "media restraint", "nl": "terughoudendheid media"},
    "intervention.feed_moderation": {"en": "feed moderation", "nl": "moderatie van tijdlijnen"},
    "intervention.online_bonding": {"en": "online social bonding", "nl": "online sociale binding"},
    "intervention.cyber_awareness": {"en": "cyber awareness", "nl": "cyberweerbaarheid"},
    "intervention.awareness_training": {"en": "awareness training", "nl": "training professionals"},
    "intervention.reporting_point": {
        "en": "reporting and advice point",
        "nl": "meld- en adviespunt",
    },
    "intervention.person_centred": {
        "en": "person-centred approach",
        "nl": "persoonsgerichte aanpak",
    },
    # -- an intervention's settings, as the report describes them ---------------------------
    "setting.start": {"en": "from week {week}", "nl": "vanaf week {week}"},
    "setting.end": {"en": "until week {week}", "nl": "tot week {week}"},
    "setting.trigger": {
        "en": "once phase {phase} ({label}) is observed",
        "nl": "zodra fase {phase} ({label}) wordt waargenomen",
    },
    "setting.coverage": {
        "en": "reaching {value} of the residents",
        "nl": "bereik {value} van de inwoners",
    },
    "setting.budget": {"en": "budget {value}", "nl": "budget {value}"},
    "setting.cost_per_unit": {
        "en": "{value} per unit per week",
        "nl": "{value} per eenheid per week",
    },
    "setting.targeting": {"en": "reaching {value}", "nl": "gericht op {value}"},
    "setting.tone": {"en": "tone: {value}", "nl": "toon: {value}"},
    "setting.position": {"en": "position: {value}", "nl": "positie: {value}"},
    "setting.intensity": {"en": "intensity {value}", "nl": "intensiteit {value}"},
    "setting.stance": {
        "en": "stance of the message {value}",
        "nl": "standpunt van de boodschap {value}",
    },
    "setting.weight": {"en": "weight {value}", "nl": "gewicht {value}"},
    "setting.publicity": {"en": "publicity {value}", "nl": "publiciteit {value}"},
    "setting.share": {"en": "share {value}", "nl": "aandeel {value}"},
    "setting.level": {"en": "level {value}", "nl": "niveau {value}"},
    "setting.strength": {"en": "strength {value}", "nl": "sterkte {value}"},
    "setting.professionals": {
        "en": "{value} professionals trained",
        "nl": "{value} professionals getraind",
    },
    "setting.detection": {"en": "detection {value}", "nl": "signalering {value}"},
    "setting.caseload": {"en": "caseload of {value}", "nl": "{value} casussen tegelijk"},
    "setting.effect": {"en": "effect {value}", "nl": "effect {value}"},
    "setting.max_share": {
        "en": "at most {value} of the residents",
        "nl": "hoogstens {value} van de inwoners",
    },
    "setting.decay": {
        "en": "fading by {value} a week after",
        "nl": "daarna {value} minder per week",
    },
    "setting.shock": {
        "en": "A shock from week {start} for {duration}, with strength {strength}, reaching {reach} of the residents.",
        "nl": "Een schok vanaf week {start}, {duration} lang, met sterkte {strength}, bij {reach} van de inwoners.",
    },
    "setting.shock.named": {
        "en": "A shock, “{name}”, from week {start} for {duration}, with strength {strength}, reaching {reach} of the residents.",
        "nl": "Een schok, ‘{name}’, vanaf week {start}, {duration} lang, met sterkte {strength}, bij {reach} van de inwoners.",
    },
    # known names of shocks (a scenario's ``shocks: [{name: ...}]``), matched on the English
    "setting.shock.name.national_debate": {"en": "national debate", "nl": "landelijk debat"},
    # the built-in kinds' settings in words (their ``setting_labels``): {value} is the value
    # as a number, {percent} as a percentage
    "setting.resilient_middle.intensity": {
        "en": "support at {percent} of the full intensity every week",
        "nl": "elke week ondersteuning op {percent} van de volle intensiteit",
    },
    "setting.campaign.stance": {
        "en": "the message takes the stance {value} (0 is the middle, -1 and 1 are the two poles)",
        "nl": "de boodschap neemt standpunt {value} in (0 is het midden, -1 en 1 zijn de twee polen)",
    },
    "setting.campaign.weight": {
        "en": "each resident reached hears it at {percent} of full strength every week",
        "nl": "elke bereikte inwoner hoort de boodschap elke week op {percent} van de volle sterkte",
    },
    "setting.campaign.publicity": {
        "en": "being addressed in public gives those reached {percent} visibility",
        "nl": "wie zo in het openbaar wordt aangesproken, krijgt {percent} zichtbaarheid",
    },
    "setting.change_topic.share": {
        "en": "{percent} of the us-versus-them talk they hear is turned to the concerns underneath",
        "nl": "{percent} van de wij-zijgesprekken die zij horen, gaat over de zorgen eronder",
    },
    "setting.online_bonding.share": {
        "en": "{percent} of the accounts each of them follows is replaced, once, by accounts from the other side",
        "nl": "{percent} van de accounts die zij volgen, wordt eenmalig vervangen door accounts van de andere kant",
    },
    "setting.feed_moderation.strength": {
        "en": "the feeds' ranking by engagement and unfollowing are each {percent} weaker",
        "nl": "de rangschikking naar interactie in de tijdlijn en het ontvolgen zijn elk {percent} zwakker",
    },
    "setting.media_restraint.level": {
        "en": "each outlet gives the tensions {percent} less coverage",
        "nl": "elk medium besteedt {percent} minder aandacht aan de spanningen",
    },
    "setting.cyber_awareness.level": {
        "en": "{percent} of what media and feeds show them no longer adds to the pressure they feel",
        "nl": "{percent} van wat media en tijdlijnen hun laten zien, voegt niets meer toe aan de druk die zij voelen",
    },
    "setting.cyber_awareness.decay": {
        "en": "after it ends, that effect fades by {percent} a week",
        "nl": "na afloop neemt dat effect elke week met {percent} af",
    },
    "setting.awareness_training.detection": {
        "en": "the quick scan is sharpened with strength {value} (1 is the usual strength)",
        "nl": "de quickscan wordt scherper met sterkte {value} (1 is de gebruikelijke sterkte)",
    },
    "setting.reporting_point.detection": {
        "en": "the quick scan is sharpened with strength {value} (1 is the usual strength)",
        "nl": "de quickscan wordt scherper met sterkte {value} (1 is de gebruikelijke sterkte)",
    },
    "setting.person_centred.effect": {
        "en": "the reach of their voice is narrowed by {percent} while they are a case",
        "nl": "het bereik van hun stem is {percent} kleiner zolang zij een casus zijn",
    },
    "setting.person_centred.max_share": {
        "en": "never more than {percent} of the residents at a time (the limit of proportionality)",
        "nl": "nooit meer dan {percent} van de inwoners tegelijk (de grens van proportionaliteit)",
    },
    "tone.mediating": {"en": "mediating", "nl": "bemiddelend"},
    "tone.moralising": {"en": "moralising", "nl": "moraliserend"},
    "position.above": {"en": "above the parties", "nl": "boven de partijen"},
    "position.middle": {"en": "in the silent middle", "nl": "in het stille midden"},
    # -- targeting rules (polsim.interventions.targeting.TARGETING_RULES) ------------------------------
    "targeting.random": {"en": "people drawn at random", "nl": "willekeurig gekozen inwoners"},
    "targeting.most_exposed": {
        "en": "the people under the highest pressure this week",
        "nl": "de inwoners die deze week de meeste druk ervaren",
    },
    "targeting.central": {"en": "the best-connected people", "nl": "de best verbonden inwoners"},
    "targeting.group": {"en": "the people of group {group}", "nl": "de inwoners van groep {group}"},
    "targeting.silent_middle": {
        "en": "people of the silent middle, at random",
        "nl": "willekeurige inwoners uit het stille midden",
    },
    "targeting.central_middle": {
        "en": "the best-connected people of the silent middle",
        "nl": "de best verbonden inwoners uit het stille midden",
    },
    "targeting.pushers": {
        "en": "the pushers, most committed and extreme first",
        "nl": "de aanjagers, de meest betrokken en uitgesproken eerst",
    },
    "targeting.loudest": {
        "en": "the most visible people (the loud voices)",
        "nl": "de zichtbaarste inwoners (de luide stemmen)",
    },
    # -- networks (polsim.scenarios.NETWORK_KINDS) ---------------------------------------------
    "network.small_world": {
        "en": "a small world (mostly close ties, a few far ones)",
        "nl": "een kleine wereld (vooral nabije contacten, een paar verre)",
    },
    "network.neighbourhoods": {"en": "a city of neighbourhoods", "nl": "een stad met wijken"},
    "network.degree": {
        "en": "{value} ties per person on average",
        "nl": "gemiddeld {value} contacten per persoon",
    },
    "network.rewire": {
        "en": "{value} of the ties to random people",
        "nl": "{value} van de contacten met willekeurige mensen",
    },
    "network.groups": {"en": "{value} neighbourhoods", "nl": "{value} wijken"},
    "network.homophily": {
        "en": "homophily {value}: a tie to another neighbourhood is {value} less likely than "
        "one inside one's own",
        "nl": "homofilie {value}: een contact met een andere wijk is {value} minder waarschijnlijk "
        "dan een binnen de eigen wijk",
    },
    # -- model parameters (the meanings of polsim.model.registry.PARAMETERS) ------------------
    "parameter.n_agents": {"en": "number of people", "nl": "aantal inwoners"},
    "parameter.network_degree": {
        "en": "mean number of offline ties in the default small-world network",
        "nl": "gemiddeld aantal offline contacten in het standaard kleine-wereldnetwerk",
    },
    "parameter.network_rewiring": {
        "en": "share of ties of the default small world rewired to random people",
        "nl": "aandeel contacten in de standaard kleine wereld dat naar willekeurige mensen is verlegd",
    },
    "parameter.pusher_share": {
        "en": "share of people who start as pushers, half at each pole",
        "nl": "aandeel inwoners dat als aanjager begint, de helft aan elke pool",
    },
    "parameter.pusher_conviction": {
        "en": "starting pushers' conviction: the share of others' influence (neighbours, dialogues, messages) they are immune to, and the floor under their commitment (1: zealots)",
        "nl": "overtuiging van de aanjagers bij de start: het deel van de invloed van anderen (buren, dialogen, boodschappen) waarvoor zij ongevoelig zijn, en de ondergrens van hun betrokkenheid (1: fanatici)",
    },
    "parameter.initial_stance_sd": {
        "en": "spread of everybody else's starting stance around the middle",
        "nl": "spreiding van het beginstandpunt van alle anderen rond het midden",
    },
    "parameter.resilience_mean": {
        "en": "mean resilience (the pressure one shrugs off)",
        "nl": "gemiddelde weerbaarheid (de druk die iemand van zich af laat glijden)",
    },
    "parameter.resilience_sd": {
        "en": "spread of resilience across people (beta distribution)",
        "nl": "spreiding van de weerbaarheid over de inwoners (bètaverdeling)",
    },
    "parameter.initial_tolerance": {
        "en": "starting tolerance of the middle position",
        "nl": "tolerantie voor de middenpositie bij de start",
    },
    "parameter.initial_salience": {
        "en": "starting salience of the us-versus-them identity (pushers start at 1)",
        "nl": "nadruk op de wij-zij-identiteit bij de start (aanjagers beginnen op 1)",
    },
    "parameter.visibility_floor": {
        "en": "how much a silent voice still counts in what neighbours hear",
        "nl": "hoeveel een zwijgende stem nog meetelt in wat buren horen",
    },
    "parameter.offline_amplification": {
        "en": "weight of what one's neighbours show in the pressure one feels",
        "nl": "gewicht van wat de buren laten zien in de druk die iemand voelt",
    },
    "parameter.key_figure_damping": {
        "en": "share of pressure taken away by fully trusted key figures nearby",
        "nl": "deel van de druk dat volledig vertrouwde sleutelfiguren in de buurt wegnemen",
    },
    "parameter.n_outlets": {
        "en": "number of mainstream media outlets",
        "nl": "aantal reguliere media",
    },
    "parameter.media_reach": {
        "en": "chance that a person follows a given outlet",
        "nl": "kans dat iemand een bepaald medium volgt",
    },
    "parameter.media_amplification": {
        "en": "weight of what the media show in the pressure one feels",
        "nl": "gewicht van wat de media laten zien in de druk die iemand voelt",
    },
    "parameter.media_contrast": {
        "en": "exponent of media attention to visible voices (0: everybody equally)",
        "nl": "exponent van de media-aandacht voor zichtbare stemmen (0: iedereen evenveel)",
    },
    "parameter.media_sample": {
        "en": "voices an outlet samples from the city each week",
        "nl": "aantal stemmen dat een medium elke week uit de stad oppikt",
    },
    "parameter.online_degree": {
        "en": "accounts each person follows online (0: no online layer)",
        "nl": "aantal accounts dat ieder online volgt (0: geen online laag)",
    },
    "parameter.online_amplification": {
        "en": "weight of the online feed in the pressure one feels",
        "nl": "gewicht van de online tijdlijn in de druk die iemand voelt",
    },
    "parameter.online_contrast": {
        "en": "exponent of engagement-driven ranking of visible voices in the feed",
        "nl": "exponent van de rangschikking van zichtbare stemmen in de tijdlijn naar interactie",
    },
    "parameter.online_rewiring": {
        "en": "chance per week to unfollow a rejected voice and follow a like-minded one",
        "nl": "kans per week om een afgewezen stem te ontvolgen en een gelijkgestemde te volgen",
    },
    "parameter.shock_rate": {
        "en": "chance per week that a national polarising debate starts",
        "nl": "kans per week dat een landelijk polariserend debat begint",
    },
    "parameter.shock_strength": {
        "en": "mean pressure a national debate adds (each drawn uniformly up to twice it)",
        "nl": "gemiddelde druk die een landelijk debat toevoegt (per debat gelijkmatig getrokken tot het dubbele)",
    },
    "parameter.shock_duration": {
        "en": "weeks a national debate lasts",
        "nl": "aantal weken dat een landelijk debat duurt",
    },
    "parameter.commitment_gain": {
        "en": "rate at which pressure above one's resilience draws one in",
        "nl": "snelheid waarmee druk boven iemands weerbaarheid die persoon meezuigt",
    },
    "parameter.commitment_decay": {
        "en": "rate at which commitment fades when pressure is low",
        "nl": "snelheid waarmee betrokkenheid wegebt als de druk laag is",
    },
    "parameter.social_influence": {
        "en": "share of the judged gap one moves in a week",
        "nl": "deel van het beoordeelde verschil dat iemand in een week opschuift",
    },
    "parameter.acceptance": {
        "en": "latitude of acceptance of a person for whom the identity is not salient",
        "nl": "acceptatiegebied van iemand voor wie de identiteit niet op de voorgrond staat",
    },
    "parameter.rejection_gap": {
        "en": "distance from the latitude of acceptance to that of rejection (no salience)",
        "nl": "afstand van het acceptatiegebied tot het afwijzingsgebied (zonder nadruk op de identiteit)",
    },
    "parameter.ego_involvement": {
        "en": "how far a fully salient identity narrows both latitudes",
        "nl": "hoe sterk een identiteit die volledig op de voorgrond staat beide gebieden versmalt",
    },
    "parameter.side_taking": {
        "en": "rate at which pressure moves a person to the position its commitment implies",
        "nl": "snelheid waarmee druk iemand naar de positie brengt die bij zijn betrokkenheid hoort",
    },
    "parameter.salience_gain": {
        "en": "rate at which us-versus-them talk makes the identity salient",
        "nl": "snelheid waarmee wij-zijtaal de identiteit op de voorgrond zet",
    },
    "parameter.salience_decay": {
        "en": "rate at which salience relaxes to one's baseline without fuel",
        "nl": "snelheid waarmee die nadruk zonder nieuwe brandstof terugzakt naar iemands eigen niveau",
    },
    "parameter.incident_salience": {
        "en": "salience an incident nearby or in the news adds (as framing)",
        "nl": "nadruk op de identiteit die een incident in de buurt of in het nieuws toevoegt (als framing)",
    },
    "parameter.incident_news": {
        "en": "framing the news of incidents brings to media followers, per incident per 1,000 people that week",
        "nl": "framing die het nieuws over incidenten brengt bij wie de media volgt, per incident per 1.000 inwoners in die week",
    },
    "parameter.moralising_salience": {
        "en": "salience a moralising contact adds to a committed person",
        "nl": "nadruk op de identiteit die een moraliserend contact toevoegt bij een betrokken persoon",
    },
    "parameter.tolerance_erosion": {
        "en": "rate at which pressure erodes a committed person's tolerance of the middle",
        "nl": "snelheid waarmee druk de tolerantie van een betrokken persoon voor het midden uitholt",
    },
    "parameter.tolerance_recovery": {
        "en": "rate at which tolerance returns as commitment fades",
        "nl": "snelheid waarmee de tolerantie terugkeert als de betrokkenheid wegebt",
    },
    "parameter.support_gain": {
        "en": "rate at which full programme support builds resilience",
        "nl": "snelheid waarmee volledige steun uit een programma weerbaarheid opbouwt",
    },
    "parameter.resilience_relaxation": {
        "en": "rate at which resilience returns to one's own baseline without support",
        "nl": "snelheid waarmee de weerbaarheid zonder steun terugkeert naar iemands eigen niveau",
    },
    "parameter.blame_rate": {
        "en": "blame (in units that halve influence) a visible middle person receives from intolerant committed neighbours",
        "nl": "schuld (in eenheden die de invloed halveren) die een zichtbaar persoon uit het midden krijgt van onverdraagzame, betrokken buren",
    },
    "parameter.blame_decay": {
        "en": "share of blame forgotten per week",
        "nl": "deel van de schuld dat per week wordt vergeten",
    },
    "parameter.scapegoat_threshold": {
        "en": "blame from which a person counts as a scapegoat (1: influence halved)",
        "nl": "schuld vanaf welke iemand als zondebok geldt (1: invloed gehalveerd)",
    },
    "parameter.incident_hazard": {
        "en": "weekly incident hazard of a person in full tension with committed opposites",
        "nl": "wekelijkse kans op een incident voor iemand in volle spanning met betrokken tegenstanders",
    },
    "parameter.bridge_builder_share": {
        "en": "share of people who are bridge builders above the parties at the start",
        "nl": "aandeel inwoners dat bij de start bruggenbouwer boven de partijen is",
    },
    "parameter.key_figure_share": {
        "en": "share of people who are key figures (sleutelfiguren) at the start",
        "nl": "aandeel inwoners dat bij de start sleutelfiguur is",
    },
    "parameter.bridge_visibility": {
        "en": "visibility of a bridge builder who stands above the parties in public",
        "nl": "zichtbaarheid van een bruggenbouwer die in het openbaar boven de partijen staat",
    },
    "parameter.dialogue_rate": {
        "en": "chance per week that a bridge builder holds a dialogue or gathering",
        "nl": "kans per week dat een bruggenbouwer een dialoog of bijeenkomst houdt",
    },
    "parameter.dialogue_influence": {
        "en": "share of the judged gap a dialogue participant moves",
        "nl": "deel van het beoordeelde verschil dat een deelnemer aan een dialoog opschuift",
    },
    "parameter.dialogue_commitment": {
        "en": "commitment a credible dialogue takes away when accepted (adds when rejected)",
        "nl": "betrokkenheid die een geloofwaardige dialoog wegneemt als die wordt aanvaard (en toevoegt als die wordt afgewezen)",
    },
    "parameter.dialogue_publicity": {
        "en": "visibility a staged dialogue gives its participants and organiser that week",
        "nl": "zichtbaarheid die een georganiseerde dialoog in die week geeft aan de deelnemers en de organisator",
    },
    "parameter.join_commitment": {
        "en": "commitment from which a person has joined in (joiner or pusher)",
        "nl": "betrokkenheid vanaf welke iemand meedoet (meeloper of aanjager)",
    },
    "parameter.join_stance": {
        "en": "distance from the middle from which a committed person has picked a side",
        "nl": "afstand tot het midden vanaf welke een betrokken persoon partij heeft gekozen",
    },
    "parameter.push_margin": {
        "en": "extra commitment and distance from the middle (above the joiner's) that make a pusher",
        "nl": "extra betrokkenheid en afstand tot het midden (boven die van een meeloper) die iemand tot aanjager maken",
    },
    "parameter.talk_threshold": {
        "en": "us-versus-them talk (mean visibility x salience) from which the city is in phase 2 (ongemak)",
        "nl": "wij-zijtaal (gemiddelde zichtbaarheid × nadruk op de identiteit) vanaf welke de stad in fase 2 (ongemak) is",
    },
    "parameter.avoidance_threshold": {
        "en": "share of ties whose listener rejects the speaker (beyond its latitude of rejection), from which phase 3 (onderhuidse spanningen) begins",
        "nl": "aandeel contacten waarin de luisteraar de spreker afwijst (in het afwijzingsgebied), vanaf welk fase 3 (onderhuidse spanningen) begint",
    },
    "parameter.incident_threshold": {
        "en": "open incidents per 1,000 people per week (mean over the reading window) from which phase 4 (openlijke incidenten) begins",
        "nl": "openlijke incidenten per 1.000 inwoners per week (gemiddeld over de leesperiode) vanaf welke fase 4 (openlijke incidenten) begint",
    },
    "parameter.reading_window": {
        "en": "weeks over which the indicators of the KIS reading are averaged",
        "nl": "aantal weken waarover de indicatoren van de KIS-lezing worden gemiddeld",
    },
    # -- the report (polsim.outputs.report) ---------------------------------------------------
    "figure.classic.title": {
        "en": "polsim: classic opinion dynamics reproduced",
        "nl": "polsim: klassieke opiniedynamica nagebootst",
    },
    "figure.classic.deffuant": {
        "en": "Deffuant et al. (2000), ε = {eps}: {clusters} major clusters",
        "nl": "Deffuant e.a. (2000), ε = {eps}: {clusters} grote clusters",
    },
    "figure.classic.hk": {
        "en": "Hegselmann–Krause (2002), ε = {eps}: {clusters} clusters",
        "nl": "Hegselmann–Krause (2002), ε = {eps}: {clusters} clusters",
    },
    "figure.classic.jager_amblard": {
        "en": "Jager & Amblard (2005): final opinions",
        "nl": "Jager & Amblard (2005): eindopinies",
    },
    "figure.classic.baumann_polarisation": {
        "en": "Baumann et al. (2020): polarisation (K=3, α=3, β=3)",
        "nl": "Baumann e.a. (2020): polarisatie (K=3, α=3, β=3)",
    },
    "figure.classic.baumann_regimes": {
        "en": "Baumann et al. (2020): three regimes",
        "nl": "Baumann e.a. (2020): drie regimes",
    },
    "figure.classic.uniformity": {"en": "uniformity", "nl": "eenvormigheid"},
    "figure.classic.pluriformity": {"en": "pluriformity", "nl": "pluriformiteit"},
    "figure.classic.bipolarisation": {"en": "bipolarisation", "nl": "bipolarisatie"},
    "figure.classic.consensus": {"en": "consensus", "nl": "consensus"},
    "figure.classic.radicalisation": {"en": "radicalisation", "nl": "radicalisering"},
    "figure.classic.polarisation": {"en": "polarisation", "nl": "polarisatie"},
    "figure.classic.interactions": {"en": "interactions per agent", "nl": "interacties per agent"},
    "figure.classic.time": {"en": "time", "nl": "tijd"},
    "figure.classic.step": {"en": "step", "nl": "stap"},
    "figure.classic.opinion": {"en": "opinion", "nl": "opinie"},
    "figure.classic.share": {"en": "share of agents", "nl": "aandeel agenten"},
    "figure.sensitivity.first": {"en": "first order S1", "nl": "eerste orde S1"},
    "figure.sensitivity.total": {"en": "total order ST", "nl": "totale orde ST"},
    "figure.sensitivity.sobol": {
        "en": "Sobol index of: {outcome} (95% interval)",
        "nl": "Sobol-index van: {outcome} (95%-interval)",
    },
    "figure.sensitivity.base": {"en": "base sample size N", "nl": "basissteekproef N"},
    "figure.sensitivity.convergence": {"en": "convergence", "nl": "convergentie"},
    "figure.sensitivity.mu_star": {
        "en": "mu* (mean absolute elementary effect on: {outcome})",
        "nl": "mu* (gemiddeld absoluut elementair effect op: {outcome})",
    },
    "figure.sensitivity.sigma": {
        "en": "sigma (interactions, non-linearity)",
        "nl": "sigma (wisselwerking, niet-lineariteit)",
    },
    "figure.sensitivity.delta": {
        "en": "delta of: {outcome} (95% interval)",
        "nl": "delta van: {outcome} (95%-interval)",
    },
    "figure.sensitivity.title": {
        "en": "{method}: {outcome}; chance accounts for {share} of the variance",
        "nl": "{method}: {outcome}; toeval verklaart {share} van de variantie",
    },
    "figure.tradeoff.title": {
        "en": "Where the city escalates: PRIM's boxes, coverage against density",
        "nl": "Waar de stad escaleert: de boxen van PRIM, dekking tegen dichtheid",
    },
    "figure.tradeoff.coverage": {
        "en": "coverage (share of the escalating experiments inside the box)",
        "nl": "dekking (aandeel van de escalerende experimenten in de box)",
    },
    "figure.tradeoff.density": {
        "en": "density (share of the experiments in the box that escalate)",
        "nl": "dichtheid (aandeel van de experimenten in de box dat escaleert)",
    },
    "figure.tradeoff.dimensions": {
        "en": "restricted parameters",
        "nl": "begrensde parameters",
    },
    "figure.tradeoff.chosen": {
        "en": "chosen box: coverage {coverage}, density {density}",
        "nl": "gekozen box: dekking {coverage}, dichtheid {density}",
    },
    "sensitivity.title": {
        "en": "What the outcome is sensitive to",
        "nl": "Waar de uitkomst gevoelig voor is",
    },
    "sensitivity.intro": {
        "en": "The {method} method varied {count} model parameters over their plausible ranges "
        "({runs} simulated cities of {n} residents over {weeks} weeks) and measured how much "
        "each one moves the outcome: {outcome}.",
        "nl": "De {method}-methode varieerde {count} modelparameters over hun aannemelijke "
        "bereik ({runs} gesimuleerde steden van {n} inwoners over {weeks} weken) en mat hoeveel "
        "elk ervan de uitkomst beweegt: {outcome}.",
    },
    "sensitivity.varied": {"en": "What was varied", "nl": "Wat werd gevarieerd"},
    "sensitivity.indices": {"en": "Sensitivity indices", "nl": "Gevoeligheidsindices"},
    "sensitivity.parameter": {"en": "parameter", "nl": "parameter"},
    "sensitivity.range": {"en": "range", "nl": "bereik"},
    "sensitivity.meaning": {"en": "meaning", "nl": "betekenis"},
    "sensitivity.sobol_note": {
        "en": "S1: the share of the outcome's variance due to this parameter alone; ST: "
        "including its interactions with the others. The interval is the 95% bootstrap "
        "interval.",
        "nl": "S1: het deel van de variantie van de uitkomst dat door deze parameter alleen "
        "komt; ST: inclusief de wisselwerking met de andere. Het interval is het 95%-"
        "bootstrapinterval.",
    },
    "sensitivity.morris_note": {
        "en": "mu*: the mean absolute change of the outcome when this parameter moves one step "
        "of its range; sigma: how much that change depends on the other parameters.",
        "nl": "mu*: de gemiddelde absolute verandering van de uitkomst als deze parameter een "
        "stap van zijn bereik verschuift; sigma: hoe sterk die verandering van de andere "
        "parameters afhangt.",
    },
    "sensitivity.seeds": {
        "en": "Chance alone (different cities with the same parameters) accounts for {share} of "
        "the outcome's variance between runs.",
        "nl": "Toeval alleen (verschillende steden met dezelfde parameters) verklaart {share} van "
        "de variantie van de uitkomst tussen de runs.",
    },
    "sensitivity.figure_alt": {
        "en": "Sensitivity indices of each parameter with their intervals",
        "nl": "Gevoeligheidsindices per parameter met hun intervallen",
    },
    # -- the council report (polsim.outputs.report), in the order a reader meets it -----------
    "report.title": {
        "en": "Polarisation scenarios compared",
        "nl": "Scenario's voor polarisatie vergeleken",
    },
    "report.summary": {"en": "In one minute", "nl": "In één minuut"},
    "report.summary.compared": {
        "en": "The city without intervention ({baseline}) was compared with {count} scenarios, each simulated {replicates} times over {weeks} weeks (about {months} months):",
        "nl": "De stad zonder interventie ({baseline}) is vergeleken met {count} scenario's, elk {replicates} keer doorgerekend voor een periode van {weeks} weken (ongeveer {months} maanden):",
    },
    "report.summary.compared.one": {
        "en": "The city without intervention ({baseline}) was compared with one scenario, simulated {replicates} times over {weeks} weeks (about {months} months):",
        "nl": "De stad zonder interventie ({baseline}) is vergeleken met één scenario, {replicates} keer doorgerekend voor een periode van {weeks} weken (ongeveer {months} maanden):",
    },
    "report.summary.same_city": {
        "en": "Every scenario was simulated in the same city of {n} residents, every time with the same residents and the same chance events.",
        "nl": "Elk scenario is doorgerekend in dezelfde stad van {n} inwoners, steeds met dezelfde inwoners en dezelfde toevalsgebeurtenissen.",
    },
    "report.summary.other_city": {
        "en": "The city without intervention has {n} residents; every scenario in that same city was simulated with the same residents and the same chance events every time. {names} were simulated in a different city, so they share neither residents nor chance events with the city without intervention.",
        "nl": "De stad zonder interventie heeft {n} inwoners; elk scenario in diezelfde stad is steeds doorgerekend met dezelfde inwoners en dezelfde toevalsgebeurtenissen. {names} zijn doorgerekend in een andere stad en delen dus geen inwoners of toevalsgebeurtenissen met de stad zonder interventie.",
    },
    "report.summary.other_city.one": {
        "en": "The city without intervention has {n} residents; every scenario in that same city was simulated with the same residents and the same chance events every time. {names} was simulated in a different city, so it shares neither residents nor chance events with the city without intervention.",
        "nl": "De stad zonder interventie heeft {n} inwoners; elk scenario in diezelfde stad is steeds doorgerekend met dezelfde inwoners en dezelfde toevalsgebeurtenissen. {names} is doorgerekend in een andere stad en deelt dus geen inwoners of toevalsgebeurtenissen met de stad zonder interventie.",
    },
    "report.n_residents": {"en": "{n} residents", "nl": "{n} inwoners"},
    "report.summary.best": {
        "en": "What helps most, judged by {outcome} ({definition}): {scenario}, with a change of {effect} compared with the city without intervention ({brackets}).",
        "nl": "Wat het meeste helpt, gemeten aan {outcome} ({definition}): {scenario}, met een verandering van {effect} ten opzichte van de stad zonder interventie ({brackets}).",
    },
    "report.summary.none": {
        "en": "No scenario clearly improves {outcome} ({definition}): every interval includes zero or points the wrong way.",
        "nl": "Geen enkel scenario verbetert {outcome} duidelijk ({definition}): elk interval bevat nul of wijst de verkeerde kant op.",
    },
    "report.summary.overlap": {
        "en": "The intervals of {names} overlap with that of {best}, so the order among them is not certain.",
        "nl": "De intervallen van {names} overlappen met dat van {best}, dus de volgorde tussen hen staat niet vast.",
    },
    "report.summary.overlap.one": {
        "en": "The interval of {names} overlaps with that of {best}, so the order of the two is not certain.",
        "nl": "Het interval van {names} overlapt met dat van {best}, dus de volgorde van die twee staat niet vast.",
    },
    "report.summary.alone": {
        "en": "No other scenario's interval overlaps with that of {best}: in these runs it stands apart from the rest.",
        "nl": "Het interval van geen enkel ander scenario overlapt met dat van {best}: in deze herhalingen staat het los van de rest.",
    },
    "report.summary.sure": {
        "en": "How sure: {clear} of the {count} scenarios differ clearly from the city without intervention on this outcome (their 95% interval excludes zero), over {runs}.",
        "nl": "Hoe zeker: {clear} van de {count} scenario's verschillen duidelijk van de stad zonder interventie op deze uitkomst (hun 95%-interval bevat geen nul), over {runs}.",
    },
    "report.summary.sure.all": {
        "en": "How sure: all {count} scenarios differ clearly from the city without intervention on this outcome (each one's 95% interval excludes zero), over {runs}.",
        "nl": "Hoe zeker: alle {count} scenario's verschillen duidelijk van de stad zonder interventie op deze uitkomst (het 95%-interval van elk bevat geen nul), over {runs}.",
    },
    "report.summary.sure.both": {
        "en": "How sure: both scenarios differ clearly from the city without intervention on this outcome (each one's 95% interval excludes zero), over {runs}.",
        "nl": "Hoe zeker: beide scenario's verschillen duidelijk van de stad zonder interventie op deze uitkomst (het 95%-interval van elk bevat geen nul), over {runs}.",
    },
    "report.summary.sure.one": {
        "en": "How sure: {clear} of the {count} scenarios differs clearly from the city without intervention on this outcome (its 95% interval excludes zero), over {runs}.",
        "nl": "Hoe zeker: {clear} van de {count} scenario's verschilt duidelijk van de stad zonder interventie op deze uitkomst (het 95%-interval ervan bevat geen nul), over {runs}.",
    },
    "report.summary.sure.single_clear": {
        "en": "How sure: the scenario differs clearly from the city without intervention on this outcome (its 95% interval excludes zero), over {runs}.",
        "nl": "Hoe zeker: het scenario verschilt duidelijk van de stad zonder interventie op deze uitkomst (het 95%-interval bevat geen nul), over {runs}.",
    },
    "report.summary.sure.single_unclear": {
        "en": "How sure: the scenario does not differ clearly from the city without intervention on this outcome (its 95% interval includes zero), over {runs}.",
        "nl": "Hoe zeker: het scenario verschilt niet duidelijk van de stad zonder interventie op deze uitkomst (het 95%-interval bevat nul), over {runs}.",
    },
    "report.summary.worse": {
        "en": "Clearly worse than doing nothing on this outcome: {names}.",
        "nl": "Duidelijk slechter dan niets doen op deze uitkomst: {names}.",
    },
    "report.summary.cost": {
        "en": "What it costs: {scenario} spends on average {money} in {weeks} weeks.",
        "nl": "Wat het kost: {scenario} geeft gemiddeld {money} uit in {weeks} weken.",
    },
    "report.summary.free": {
        "en": "What it costs: the scenario {scenario} names no costs, so it spends nothing in this model.",
        "nl": "Wat het kost: het scenario {scenario} noemt geen kosten en geeft in dit model dus niets uit.",
    },
    "report.summary.costs": {
        "en": "The table gives each scenario's mean spending; costs are the scenario author's assumptions.",
        "nl": "De tabel geeft de gemiddelde uitgaven per scenario; kosten zijn aannames van de opsteller van het scenario.",
    },
    "report.summary.flag": {
        "en": "Caution: {names} change the city itself (its number of residents or its network). Their differences with the baseline mix the intervention with a different city; read them with care.",
        "nl": "Let op: {names} veranderen de stad zelf (het aantal inwoners of het netwerk). Hun verschillen met de nulsituatie vermengen de interventie met een andere stad; lees ze met voorzichtigheid.",
    },
    "report.summary.flag.one": {
        "en": "Caution: {names} changes the city itself (its number of residents or its network). Its differences with the baseline mix the intervention with a different city; read them with care.",
        "nl": "Let op: {names} verandert de stad zelf (het aantal inwoners of het netwerk). De verschillen met de nulsituatie vermengen de interventie met een andere stad; lees ze met voorzichtigheid.",
    },
    "report.points_defined": {
        "en": "pp: percentage points, the difference between two percentages (from 40% to 43% is +3 percentage points). Brackets hold the 95% interval.",
        "nl": "Procentpunt: het verschil tussen twee aandelen in procenten (van 40% naar 43% is +3 procentpunt). Tussen haken staat het 95%-interval.",
    },
    "report.column.rank": {"en": "rank", "nl": "rang"},
    "report.column.scenario": {"en": "scenario", "nl": "scenario"},
    "report.column.effect": {
        "en": "change in {outcome} [95% interval]",
        "nl": "verandering in {outcome} [95%-interval]",
    },
    "report.column.effect_points": {
        "en": "change in percentage points [95% interval]",
        "nl": "verandering in procentpunten [95%-interval]",
    },
    "report.column.effect_plain": {
        "en": "change [95% interval]",
        "nl": "verandering [95%-interval]",
    },
    "report.column.clear": {"en": "clear difference?", "nl": "duidelijk verschil?"},
    "report.column.cost": {"en": "mean cost", "nl": "gemiddelde kosten"},
    "report.interval": {"en": "[{low}, {high}]", "nl": "[{low}; {high}]"},
    "report.and": {"en": "and", "nl": "en"},
    "report.baseline": {"en": "(baseline)", "nl": "(nulsituatie)"},
    "report.baseline_word": {"en": "baseline", "nl": "nulsituatie"},
    "report.clear": {"en": "clear", "nl": "duidelijk"},
    "report.not_clear": {"en": "not clear", "nl": "niet duidelijk"},
    "report.unit.weeks": {"en": "{value} weeks", "nl": "{value} weken"},
    "report.unit.week": {"en": "{value} week", "nl": "{value} week"},
    "report.quoted": {"en": "“{title}”", "nl": "‘{title}’"},
    "report.value_default": {
        "en": "{value} (default {default})",
        "nl": "{value} (standaard {default})",
    },
    "report.summary.brackets": {
        "en": "the 95% interval in brackets",
        "nl": "het 95%-interval tussen haken",
    },
    "report.summary.brackets_points": {
        "en": "in percentage points, pp for short: from 40% to 43% is +3 pp; the 95% interval in brackets",
        "nl": "in procentpunten: van 40% naar 43% is +3 procentpunt; het 95%-interval tussen haken",
    },
    "report.runs.paired": {
        "en": "{replicates} paired runs each",
        "nl": "{replicates} gepaarde herhalingen per scenario",
    },
    "report.runs.paired.single": {
        "en": "{replicates} paired runs",
        "nl": "{replicates} gepaarde herhalingen",
    },
    "report.runs.independent": {
        "en": "{replicates} independent runs each, in a city other than the baseline's",
        "nl": "{replicates} onafhankelijke herhalingen per scenario, in een andere stad dan die van de nulsituatie",
    },
    "report.runs.independent.single": {
        "en": "{replicates} independent runs, in a city other than the baseline's",
        "nl": "{replicates} onafhankelijke herhalingen, in een andere stad dan die van de nulsituatie",
    },
    "report.runs.mixed": {
        "en": "{replicates} runs each, paired with the baseline's runs except for {names}, whose runs are independent because the city differs",
        "nl": "{replicates} herhalingen per scenario, gepaard met die van de nulsituatie, behalve bij {names}: daar zijn de herhalingen onafhankelijk, omdat de stad anders is",
    },
    # the outcomes as they read inside a sentence, with their article
    "report.outcome.final_silent": {
        "en": "the silent middle at the end",
        "nl": "het stille midden aan het eind",
    },
    "report.outcome.mean_silent": {
        "en": "the silent middle on average over the simulated period",
        "nl": "het stille midden, gemiddeld over de gesimuleerde periode",
    },
    "report.outcome.final_polarised": {
        "en": "the share of pushers and joiners at the end",
        "nl": "het aandeel aanjagers en meelopers aan het eind",
    },
    "report.outcome.final_tolerance": {
        "en": "the tolerance of the middle at the end",
        "nl": "de tolerantie van het midden aan het eind",
    },
    "report.outcome.scapegoats": {
        "en": "the share of scapegoats at the end",
        "nl": "het aandeel zondebokken aan het eind",
    },
    "report.outcome.incidents": {
        "en": "the number of incidents per 1,000 residents",
        "nl": "het aantal incidenten per 1.000 inwoners",
    },
    "report.outcome.reached_phase_4": {
        "en": "the share of runs that reach phase 4",
        "nl": "het aandeel herhalingen dat fase 4 bereikt",
    },
    "report.outcome.weeks_phase_3_or_4": {
        "en": "the number of weeks in phase 3 or 4",
        "nl": "het aantal weken in fase 3 of 4",
    },
    "report.outcome.week_reaching_phase_3": {
        "en": "the week in which phase 3 is reached",
        "nl": "de week waarin fase 3 begint",
    },
    "report.outcome.week_reaching_phase_4": {
        "en": "the week in which phase 4 is reached",
        "nl": "de week waarin fase 4 begint",
    },
    "report.outcome.spent": {"en": "the money spent", "nl": "het uitgegeven geld"},
    # the scenarios, in sentences from their settings
    "report.compared": {"en": "What was compared", "nl": "Wat is vergeleken"},
    "report.residents": {"en": "City of {n} residents.", "nl": "Stad van {n} inwoners."},
    "report.city_changed": {
        "en": "This scenario changes the city itself ({changes}): it is not the baseline's city with an intervention, so its differences with the baseline are not the intervention's alone.",
        "nl": "Dit scenario verandert de stad zelf ({changes}): het is niet de stad van de nulsituatie met een interventie, dus de verschillen met de nulsituatie komen niet alleen van de interventie.",
    },
    "report.no_intervention": {"en": "No intervention.", "nl": "Geen interventie."},
    "report.intervention": {
        "en": "The intervention {name} reaches {reach}, {when}.",
        "nl": "De interventie {name} bereikt {reach}, {when}.",
    },
    "report.reach.people": {
        "en": "{people} residents ({share} of the city): {who}",
        "nl": "{people} inwoners ({share} van de stad): {who}",
    },
    "report.reach.outlets": {"en": "all {count} media outlets", "nl": "alle {count} media"},
    "report.reach.feed_moderation": {
        "en": "the online platforms through one agreement",
        "nl": "de online platforms via één afspraak",
    },
    "report.reach.reporting_point": {
        "en": "the city through one reporting and advice point",
        "nl": "de stad via één meld- en adviespunt",
    },
    "report.reach.professionals": {
        "en": "{count} professionals, who are trained",
        "nl": "{count} professionals, die getraind worden",
    },
    "report.reach.cases": {
        "en": "up to {count} of the most radical pushers at a time, in a caseload",
        "nl": "tot {count} van de meest radicale aanjagers tegelijk, als casus",
    },
    "report.when.open": {
        "en": "from week {start} to the end of the simulated period (week {weeks})",
        "nl": "van week {start} tot het eind van de gesimuleerde periode (week {weeks})",
    },
    "report.when.budget": {
        "en": "from week {start} until its budget is spent, at the latest at the end of the simulated period (week {weeks})",
        "nl": "van week {start} tot het budget op is, uiterlijk tot het eind van de gesimuleerde periode (week {weeks})",
    },
    "report.when.window": {
        "en": "from week {start} until week {end}",
        "nl": "van week {start} tot week {end}",
    },
    "report.when.trigger": {
        "en": "starting once the quick scan observes phase {phase} ({label})",
        "nl": "vanaf het moment dat de quickscan fase {phase} ({label}) waarneemt",
    },
    "report.when.not_before": {"en": "not before week {start}", "nl": "niet vóór week {start}"},
    "report.when.until": {"en": "and until week {end}", "nl": "en tot week {end}"},
    "report.intervention.level": {"en": "Settings: {items}.", "nl": "Instellingen: {items}."},
    "report.intervention.cost": {
        "en": "It costs {rate} per {unit} per week, {week} a week in all.",
        "nl": "Het kost {rate} per {unit} per week, in totaal {week} per week.",
    },
    "report.intervention.no_cost": {
        "en": "The scenario names no cost for it.",
        "nl": "Het scenario noemt er geen kosten voor.",
    },
    "report.intervention.budget": {
        "en": "Its budget is {budget}; it stops before spending more.",
        "nl": "Het budget is {budget}; het stopt voordat er meer wordt uitgegeven.",
    },
    "report.unit.person": {"en": "resident reached", "nl": "bereikte inwoner"},
    "report.unit.outlet": {"en": "outlet", "nl": "medium"},
    "report.unit.agreement": {"en": "agreement", "nl": "afspraak"},
    "report.unit.point": {"en": "reporting point", "nl": "meldpunt"},
    "report.unit.professional": {"en": "professional", "nl": "professional"},
    "report.unit.case": {"en": "case", "nl": "casus"},
    "report.unit.bridge_builder": {"en": "bridge builder", "nl": "bruggenbouwer"},
    "report.unit.key_figure": {"en": "key figure", "nl": "sleutelfiguur"},
    "report.spent": {
        "en": "Spent on average: {money} per run.",
        "nl": "Gemiddeld uitgegeven: {money} per herhaling.",
    },
    "report.scenario_parameters": {
        "en": "Model settings changed by this scenario: {items}.",
        "nl": "Modelinstellingen die dit scenario verandert: {items}.",
    },
    "report.network": {
        "en": "How the residents are connected: {network}. Online, each resident follows about {online} accounts.",
        "nl": "Hoe de inwoners met elkaar verbonden zijn: {network}. Online volgt elke inwoner ongeveer {online} accounts.",
    },
    # the outcomes, each defined where it is first used
    "report.outcomes": {"en": "The outcomes, one by one", "nl": "De uitkomsten, één voor één"},
    "report.outcomes_text": {
        "en": "Each outcome is defined in words, then shown as every scenario's change against the city without intervention: the dot is the mean change, the bar its 95% interval. Blue: clearly better; red: clearly worse; grey: not clearly different (the bar crosses zero).",
        "nl": "Elke uitkomst wordt eerst in woorden omschreven en daarna getoond als de verandering per scenario ten opzichte van de stad zonder interventie: de stip is de gemiddelde verandering, de balk het 95%-interval. Blauw: duidelijk beter; rood: duidelijk slechter; grijs: niet duidelijk anders (de balk gaat door nul).",
    },
    "report.define.final_silent": {
        "en": "the share of residents in the silent middle in the last week: people who choose neither side; higher is better",
        "nl": "het aandeel inwoners in het stille midden in de laatste week: mensen die voor geen van beide kanten kiezen; hoger is beter",
    },
    "report.define.mean_silent": {
        "en": "the share of residents in the silent middle, averaged over every week of the simulated period; higher is better",
        "nl": "het aandeel inwoners in het stille midden, gemiddeld over alle weken van de gesimuleerde periode; hoger is beter",
    },
    "report.define.final_polarised": {
        "en": "the share of residents who are pushers (who fuel us-versus-them thinking at a pole) or joiners (who picked a side) in the last week; lower is better",
        "nl": "het aandeel inwoners dat aanjager is (wie aan een pool het wij-zijdenken voedt) of meeloper (wie een kant heeft gekozen) in de laatste week; lager is beter",
    },
    "report.define.final_tolerance": {
        "en": "how far people still accept a position in the middle, from 0 (not at all) to 1 (fully), in the last week; by Brandsma, polarisation is measured by this; higher is better",
        "nl": "in hoeverre mensen een positie in het midden nog accepteren, van 0 (helemaal niet) tot 1 (volledig), in de laatste week; volgens Brandsma meet je hiermee polarisatie; hoger is beter",
    },
    "report.define.scapegoats": {
        "en": "the share of residents blamed by both sides in the last week, sought in the middle and often among the bridge builders; lower is better",
        "nl": "het aandeel inwoners dat in de laatste week door beide kanten de schuld krijgt, gezocht in het midden en vaak onder de bruggenbouwers; lager is beter",
    },
    "report.define.incidents": {
        "en": "open incidents per 1,000 residents, added up over the simulated period; lower is better",
        "nl": "openlijke incidenten per 1.000 inwoners, opgeteld over de gesimuleerde periode; lager is beter",
    },
    "report.define.reached_phase_4": {
        "en": "the share of runs in which the municipality's reading reaches phase 4 (open incidents) at least once; lower is better",
        "nl": "het aandeel herhalingen waarin de lezing van de gemeente minstens één keer fase 4 (openlijke incidenten) bereikt; lager is beter",
    },
    "report.define.weeks_phase_3_or_4": {
        "en": "the number of weeks the reading is in phase 3 (tensions under the surface) or 4; lower is better",
        "nl": "het aantal weken dat de lezing in fase 3 (onderhuidse spanningen) of 4 staat; lager is beter",
    },
    "report.define.week_reaching_phase_3": {
        "en": "the week phase 3 is first read; a run that never reaches it counts as the week after the end; later is better",
        "nl": "de week waarin fase 3 voor het eerst wordt afgelezen; een herhaling die er nooit komt telt als de week na het eind; een latere week is beter",
    },
    "report.define.week_reaching_phase_4": {
        "en": "the week phase 4 is first read; a run that never reaches it counts as the week after the end; later is better",
        "nl": "de week waarin fase 4 voor het eerst wordt afgelezen; een herhaling die er nooit komt telt als de week na het eind; een latere week is beter",
    },
    "report.define.spent": {
        "en": "the money the interventions spend in the simulated period, at the costs the scenario names",
        "nl": "het geld dat de interventies in de gesimuleerde periode uitgeven, tegen de kosten die het scenario noemt",
    },
    "report.reading": {
        "en": "This is part of the KIS phase, the municipality's reading of the city; phase 4 is read from the incident rate, so a change in incidents and in phase 4 is one finding, not two.",
        "nl": "Dit hoort bij de KIS-fase, de lezing van de stad door de gemeente; fase 4 wordt afgelezen aan het aantal incidenten, dus een verandering in incidenten en in fase 4 is één bevinding, geen twee.",
    },
    "report.figure.axis_points": {
        "en": "change in {outcome}, percentage points",
        "nl": "verandering in {outcome}, procentpunten",
    },
    "report.figure.axis": {"en": "change in {outcome}", "nl": "verandering in {outcome}"},
    "report.alt.effects": {
        "en": "For each scenario, the change in {outcome} against {baseline} as a dot with its 95% interval as a bar: {items}.",
        "nl": "Per scenario de verandering in {outcome} ten opzichte van {baseline} als stip, met het 95%-interval als balk: {items}.",
    },
    # how the scenarios unfold
    "report.plots": {"en": "How the scenarios unfold", "nl": "Hoe de scenario's verlopen"},
    "report.plots_text": {
        "en": "One small panel per scenario, week by week, in percent of the residents: the line is the mean over all runs, the band its 95% interval. Bridge builders and scapegoats are few, so they have their own figure and scale.",
        "nl": "Eén klein paneel per scenario, week voor week, in procenten van de inwoners: de lijn is het gemiddelde over alle herhalingen, het gekleurde vlak eromheen het 95%-interval. Bruggenbouwers en zondebokken zijn er weinig, dus ze hebben een eigen figuur en schaal.",
    },
    "report.figure.percent_of_residents": {"en": "% of residents", "nl": "% van de inwoners"},
    "report.figure.silent": {
        "en": "The silent middle in each scenario (dashed grey: the baseline)",
        "nl": "Het stille midden per scenario (grijs gestreept: de nulsituatie)",
    },
    "report.alt.silent": {
        "en": "Small multiples, one panel per scenario: the share of residents in the silent middle week by week, with its 95% band, against {baseline} as a dashed grey line.",
        "nl": "Kleine panelen, één per scenario: het aandeel inwoners in het stille midden week voor week, met het 95%-interval, tegenover {baseline} als grijze gestreepte lijn.",
    },
    "report.figure.roles": {
        "en": "Pushers, joiners and the silent middle in each scenario",
        "nl": "Aanjagers, meelopers en het stille midden per scenario",
    },
    "report.alt.roles": {
        "en": "Small multiples, one panel per scenario: the shares of pushers, joiners and the silent middle week by week, each line labelled at its end.",
        "nl": "Kleine panelen, één per scenario: de aandelen aanjagers, meelopers en stille midden week voor week, elke lijn aan het eind benoemd.",
    },
    "report.figure.bridges": {
        "en": "Bridge builders and scapegoats in each scenario",
        "nl": "Bruggenbouwers en zondebokken per scenario",
    },
    "report.alt.bridges": {
        "en": "Small multiples, one panel per scenario: the shares of bridge builders and of scapegoats week by week, each line labelled at its end; {baseline} is the first panel.",
        "nl": "Kleine panelen, één per scenario: de aandelen bruggenbouwers en zondebokken week voor week, elke lijn aan het eind benoemd; {baseline} is het eerste paneel.",
    },
    "report.alt.phases": {
        "en": "For each scenario a band over the weeks, coloured by the share of runs in each KIS phase: calm, unease, tensions under the surface, open incidents.",
        "nl": "Per scenario een band over de weken, gekleurd naar het aandeel herhalingen in elke KIS-fase: rustfase, ongemak, onderhuidse spanningen, openlijke incidenten.",
    },
    "report.uncertainty": {
        "en": "How sure are these results?",
        "nl": "Hoe zeker zijn deze uitkomsten?",
    },
    "report.uncertainty_text": {
        "en": "Every run is one possible course of events; each scenario was run {replicates} times. The lines show the average over all runs and the bands the range in which that average lies with 95% confidence. The 95% interval of an effect says the same for a difference with the baseline: if it does not include zero, the difference is unlikely to be chance, and the report calls it clear. When the intervals of two scenarios overlap, their order is not certain. More runs narrow the intervals. Intervals say nothing about whether the model itself is right; see what the model can and cannot say.",
        "nl": "Elke herhaling is één mogelijk verloop; elk scenario is {replicates} keer doorgerekend. De lijnen tonen het gemiddelde over alle herhalingen en de gekleurde vlakken het gebied waarin dat gemiddelde met 95% zekerheid ligt. Het 95%-interval van een effect zegt hetzelfde over een verschil met de nulsituatie: als nul er niet in ligt, is het verschil waarschijnlijk geen toeval en noemt het rapport het duidelijk. Als de intervallen van twee scenario's overlappen, staat hun volgorde niet vast. Meer herhalingen maken de intervallen smaller. Intervallen zeggen niets over de vraag of het model zelf klopt; zie wat het model wel en niet kan zeggen.",
    },
    "report.assumptions": {"en": "Assumptions and settings", "nl": "Aannames en instellingen"},
    "report.assumptions_text": {
        "en": "The model settings of this comparison that differ from the model's defaults are listed below (the number of residents is given with each scenario). All other settings are at the defaults documented in the model description (ODD).",
        "nl": "Hieronder staan de modelinstellingen van deze vergelijking die afwijken van de standaardwaarden van het model (het aantal inwoners staat bij elk scenario). Alle andere instellingen staan op de standaardwaarden uit de modelbeschrijving (ODD).",
    },
    "report.assumptions_none": {
        "en": "No model setting of this comparison differs from the model's defaults (the number of residents is given with each scenario): all settings are at the defaults documented in the model description (ODD).",
        "nl": "Geen enkele modelinstelling van deze vergelijking wijkt af van de standaardwaarden van het model (het aantal inwoners staat bij elk scenario): alle instellingen staan op de standaardwaarden uit de modelbeschrijving (ODD).",
    },
    "report.parameter": {"en": "parameter", "nl": "parameter"},
    "report.value": {"en": "value", "nl": "waarde"},
    "report.default": {"en": "default", "nl": "standaard"},
    "report.meaning": {"en": "setting", "nl": "instelling"},
    "report.network_kind": {"en": "network of contacts", "nl": "netwerk van contacten"},
    "report.network_setting.groups": {"en": "number of neighbourhoods", "nl": "aantal wijken"},
    "report.network_setting.homophily": {
        "en": "homophily: how much less likely a tie to another neighbourhood is than one inside one's own",
        "nl": "homofilie: hoeveel minder waarschijnlijk een contact met een andere wijk is dan een binnen de eigen wijk",
    },
    "report.limits": {
        "en": "What the model can and cannot say",
        "nl": "Wat het model wel en niet kan zeggen",
    },
    "report.limits_can": {
        "en": "What it can say: polsim is a stylised model of mechanisms described by Brandsma (the five roles, the media as catalyst, the tolerance of the middle), by social judgement theory and the opinion-dynamics literature, and of the KIS phases. It compares scenarios with each other in the same simulated city: which direction an intervention pushes, how large its effect is relative to others, and why it helps or backfires.",
        "nl": "Wat het wel kan zeggen: polsim is een gestileerd model van mechanismen die Brandsma beschrijft (de vijf rollen, de media als katalysator, de tolerantie van het midden), van de sociale-oordeelstheorie en de literatuur over meningsdynamiek, en van de KIS-fasen. Het vergelijkt scenario's met elkaar in dezelfde gesimuleerde stad: welke kant een interventie op duwt, hoe groot het effect is vergeleken met andere, en waarom ze helpt of averechts werkt.",
    },
    "report.limits_cannot": {
        "en": "What it cannot say: it is not a forecast for a real city. Its parameters are grounded in theory and calibrated to plausible time scales, not measured locally, so absolute numbers (how many incidents a neighbourhood will see, in which week) are not predictions. Costs are the scenario author's assumptions. The KIS phase is read from the simulated city with fixed thresholds, not assessed by professionals.",
        "nl": "Wat het niet kan zeggen: het is geen voorspelling voor een echte stad. De parameters zijn onderbouwd met theorie en afgestemd op plausibele tijdschalen, niet lokaal gemeten, dus de getallen zelf (hoeveel incidenten een wijk krijgt, in welke week) zijn geen voorspellingen. Kosten zijn aannames van de opsteller van het scenario. De KIS-fase wordt met vaste drempels afgelezen uit de gesimuleerde stad, niet door professionals beoordeeld.",
    },
    "report.data": {"en": "Data and reproduction", "nl": "Gegevens en reproductie"},
    "report.data_text": {
        "en": "The tables behind this report are in the folder data/ beside it, as Parquet and CSV files:",
        "nl": "De tabellen achter dit rapport staan in de map data/ ernaast, als Parquet- en CSV-bestanden:",
    },
    "report.table.trajectories": {"en": "every run, every week", "nl": "elke herhaling, elke week"},
    "report.table.outcomes": {
        "en": "the outcomes of every run",
        "nl": "de uitkomsten van elke herhaling",
    },
    "report.table.effects": {
        "en": "the effects against the baseline with their intervals",
        "nl": "de effecten ten opzichte van de nulsituatie, met hun intervallen",
    },
    "report.table.summary": {
        "en": "the mean of every week with its interval",
        "nl": "het gemiddelde van elke week, met het interval",
    },
    "report.table.ranking": {
        "en": "the ranking of the scenarios",
        "nl": "de rangschikking van de scenario's",
    },
    "report.outcome_columns": {
        "en": "The outcomes, by their column in the data:",
        "nl": "De uitkomsten, met hun kolom in de gegevens:",
    },
    "report.reproduce": {"en": "Reproduce this report", "nl": "Dit rapport opnieuw maken"},
    "report.generated": {
        "en": "Made with polsim {version}; seed {seed}.",
        "nl": "Gemaakt met polsim {version}; startgetal {seed}.",
    },
    # -- figures (polsim.outputs.figures and the report's plots) -------------------------------
    "figure.week": {"en": "week", "nl": "week"},
    "figure.share_of_people": {"en": "share of people", "nl": "aandeel inwoners"},
    "figure.roles": {"en": "roles", "nl": "rollen"},
    "figure.roles_in_baseline": {
        "en": "roles in the baseline ({scenario})",
        "nl": "rollen in de nulsituatie ({scenario})",
    },
    "figure.silent": {"en": "silent middle (share)", "nl": "stille midden (aandeel)"},
    "figure.tolerance": {"en": "tolerance of the middle", "nl": "tolerantie van het midden"},
    "figure.incidents": {
        "en": "incidents per 1,000 per week",
        "nl": "incidenten per 1.000 per week",
    },
    "figure.kis_phase": {"en": "KIS phase", "nl": "KIS-fase"},
    "figure.phase_band": {
        "en": "KIS phase: share of runs in each phase",
        "nl": "KIS-fase: aandeel herhalingen per fase",
    },
    "figure.phase_item": {"en": "{phase}: {label}", "nl": "{phase}: {label}"},
    # -- the command line (polsim.cli.main) ---------------------------------------------------
    "cli.description": {
        "en": "polsim simulates how polarisation grows and calms in a city: Brandsma's roles, media as catalyst, the KIS phases, and the interventions of the Maastricht plan.",
        "nl": "polsim simuleert hoe polarisatie in een stad groeit en afneemt: de rollen van Brandsma, de media als katalysator, de fasen van het KIS en de interventies uit het Maastrichtse plan.",
    },
    "cli.list.help": {
        "en": "list scenarios, interventions and model parameters",
        "nl": "toon scenario's, interventies en modelparameters",
    },
    "cli.list.description": {
        "en": "List the scenarios in scenarios/, the intervention kinds a scenario can use, every model parameter with its default, range and meaning, and the outcomes; or one of them (polsim list parameters).",
        "nl": "Toon de scenario's in scenarios/, de soorten interventies die een scenario kan gebruiken, elke modelparameter met standaardwaarde, bereik en betekenis, en de uitkomsten; of één daarvan (polsim list parameters).",
    },
    "cli.run.help": {
        "en": "run replicates of one scenario",
        "nl": "draai herhalingen van één scenario",
    },
    "cli.run.description": {
        "en": "Run `replicates` replicates of one scenario and write the weekly measures (Parquet and CSV) and a figure to a fresh folder.",
        "nl": "Draai `replicates` herhalingen van één scenario en schrijf de wekelijkse metingen (Parquet en CSV) en een figuur naar een nieuwe map.",
    },
    "cli.compare.help": {
        "en": "compare scenarios and write a report",
        "nl": "vergelijk scenario's en schrijf een rapport",
    },
    "cli.compare.description": {
        "en": "Run paired replicates of several scenarios (the first is the baseline), compare them and write a self-contained HTML report in English or Dutch with the tidy data, to a fresh folder.",
        "nl": "Draai gepaarde herhalingen van meerdere scenario's (het eerste is de nulsituatie), vergelijk ze en schrijf een op zichzelf staand HTML-rapport in het Engels of Nederlands met de gegevens naar een nieuwe map.",
    },
    "cli.demo.help": {
        "en": "run the classic models and the Brandsma model and write figures",
        "nl": "draai de klassieke modellen en het model van Brandsma en schrijf figuren",
    },
    "cli.demo.description": {
        "en": "Run the classic models (Deffuant, Hegselmann-Krause, Jager-Amblard, Baumann et al.) at their published parameters and two years of the Brandsma model, and write figures and the weekly measures.",
        "nl": "Draai de klassieke modellen (Deffuant, Hegselmann-Krause, Jager-Amblard, Baumann et al.) met hun gepubliceerde parameters en twee jaar van het model van Brandsma, en schrijf figuren en de wekelijkse metingen.",
    },
    "cli.demo.title": {
        "en": "Brandsma model, {n} people, two years (seed {seed})",
        "nl": "Model van Brandsma, {n} inwoners, twee jaar (startgetal {seed})",
    },
    "cli.demo.done": {"en": "polsim demo ({seconds} s)", "nl": "polsim demo ({seconds} s)"},
    "cli.sweep.help": {
        "en": "run scenarios over a grid or table of parameter points",
        "nl": "draai scenario's over een raster of tabel van parameterpunten",
    },
    "cli.sweep.description": {
        "en": "Run every scenario at every parameter point (all combinations of the swept parameters model.NAME=V1,V2,... or range(start,stop,step), or the rows of points=FILE.csv) and write the outcomes per run and per point to a fresh folder.",
        "nl": "Draai elk scenario in elk parameterpunt (alle combinaties van de gevarieerde parameters model.NAME=V1,V2,... of range(start,stop,step), of de rijen van points=FILE.csv) en schrijf de uitkomsten per run en per punt naar een nieuwe map.",
    },
    "cli.sweep.done": {
        "en": "{runs} runs at {points} points written to {path}",
        "nl": "{runs} runs in {points} punten geschreven naar {path}",
    },
    "cli.sensitivity.help": {
        "en": "Sobol or Morris sensitivity analysis over the plausible ranges",
        "nl": "gevoeligheidsanalyse (Sobol of Morris) over de plausibele bereiken",
    },
    "cli.sensitivity.description": {
        "en": "Sample the model parameters over their plausible ranges (SALib), run the city at every point and write the indices, the runs, a figure and a report to a fresh folder.",
        "nl": "Trek de modelparameters uit hun plausibele bereiken (SALib), draai de stad in elk punt en schrijf de indices, de runs, een figuur en een rapport naar een nieuwe map.",
    },
    "cli.sensitivity.done": {
        "en": "seeds' share of the variance: {share}; written to {path}",
        "nl": "aandeel van de startgetallen in de variantie: {share}; geschreven naar {path}",
    },
    "cli.replay.help": {
        "en": "re-create one run of a stored comparison, week by week",
        "nl": "maak één run van een bewaarde vergelijking opnieuw, week na week",
    },
    "cli.replay.description": {
        "en": "Re-create the exact model of one run of a comparison folder and write its weekly measures and the state of every person at the end (the stored run, again). Without run=, list the folder's runs.",
        "nl": "Maak het precieze model van één run uit een map van een vergelijking opnieuw en schrijf de wekelijkse metingen en de toestand van elke inwoner aan het eind (dezelfde run, nog eens). Zonder run= staan de runs van de map in de lijst.",
    },
    "cli.replay.done": {
        "en": "{run}: {weeks} weeks replayed; written to {path}",
        "nl": "{run}: {weeks} weken opnieuw gedraaid; geschreven naar {path}",
    },
    # the grammar and the help (polsim.cli.grammar): every key of every command
    "cli.usage": {
        "en": "usage: polsim COMMAND [KEY=VALUE ...]\n       polsim [COMMAND] --help [lang=nl]\n       polsim --version",
        "nl": "gebruik: polsim OPDRACHT [KEY=VALUE ...]\n         polsim [OPDRACHT] --help [lang=nl]\n         polsim --version",
    },
    "cli.usage_word": {"en": "usage", "nl": "gebruik"},
    "cli.commands": {"en": "commands:", "nl": "opdrachten:"},
    "cli.keys": {"en": "settings (KEY=VALUE):", "nl": "instellingen (KEY=VALUE):"},
    "cli.default": {"en": "default: {value}", "nl": "standaard: {value}"},
    "cli.grammar": {
        "en": "Every setting is KEY=VALUE in Hydra's override grammar: a list in brackets (scenarios=[baseline,key_figures]), quotes around spaces (out='my results'). --help and --version are the only options.",
        "nl": "Elke instelling is KEY=VALUE in de grammatica van Hydra: een lijst tussen haken (scenarios=[baseline,key_figures]), aanhalingstekens om spaties (out='mijn resultaten'). --help en --version zijn de enige opties.",
    },
    "cli.more": {
        "en": "polsim COMMAND --help shows the settings of a command, with their defaults; add lang=nl for Dutch.",
        "nl": "polsim OPDRACHT --help toont de instellingen van een opdracht met hun standaardwaarden; lang=en geeft Engels.",
    },
    "cli.unknown_command": {
        "en": "unknown command {command!r}{hint}; the commands are {commands} (polsim --help)",
        "nl": "onbekende opdracht {command!r}{hint}; de opdrachten zijn {commands} (polsim --help)",
    },
    "cli.unknown_key": {
        "en": "{command}: unknown setting {name!r}{hint}; polsim {command} --help lists the settings",
        "nl": "{command}: onbekende instelling {name!r}{hint}; polsim {command} --help toont de instellingen",
    },
    "cli.not_an_option": {
        "en": "{command}: {name} is not an option{hint}; settings are KEY=VALUE, polsim {command} --help lists them",
        "nl": "{command}: {name} is geen optie{hint}; instellingen zijn KEY=VALUE, polsim {command} --help toont ze",
    },
    "cli.did_you_mean": {"en": " (did you mean {example}?)", "nl": " (bedoelt u {example}?)"},
    "cli.not_key_value": {
        "en": "{command}: {item!r} is not KEY=VALUE; polsim {command} --help lists the settings",
        "nl": "{command}: {item!r} is geen KEY=VALUE; polsim {command} --help toont de instellingen",
    },
    "cli.extra_missing": {
        "en": "{what} needs the optional extra polsim[{extra}], which is not installed: pip install 'polsim[{extra}]'",
        "nl": "{what} heeft de optionele extra polsim[{extra}] nodig, die niet is geïnstalleerd: pip install 'polsim[{extra}]'",
    },
    "cli.key.lang": {
        "en": "language of what polsim writes and says",
        "nl": "taal van wat polsim schrijft en zegt",
    },
    "cli.key.lang_figures": {
        "en": "language of the figures and the player",
        "nl": "taal van de figuren en de speler",
    },
    "cli.key.lang_page": {
        "en": "language the page opens in; a switch on the page changes it",
        "nl": "taal waarin de pagina opent; een schakelaar op de pagina wisselt",
    },
    "cli.key.out": {
        "en": "parent folder; every command writes a fresh sub-folder and never overwrites",
        "nl": "bovenliggende map; elke opdracht schrijft een nieuwe submap en overschrijft nooit",
    },
    "cli.key.out_file": {
        "en": "the file to write, ending in .gif, .mp4 or .html (required)",
        "nl": "het bestand om te schrijven, eindigend op .gif, .mp4 of .html (verplicht)",
    },
    "cli.key.seed": {"en": "base random seed", "nl": "basisstartgetal"},
    "cli.key.n_agents": {"en": "people in the city", "nl": "inwoners van de stad"},
    "cli.key.weeks": {"en": "weeks to simulate", "nl": "te simuleren weken"},
    "cli.key.replicates": {
        "en": "independent runs (replicates) of each scenario",
        "nl": "onafhankelijke herhalingen van elk scenario",
    },
    "cli.key.executor": {
        "en": "where the runs run: serial, processes (one per core) or dask (polsim[dask])",
        "nl": "waar de runs draaien: serial, processes (één per kern) of dask (polsim[dask])",
    },
    "cli.key.quiet": {"en": "no progress bar", "nl": "geen voortgangsbalk"},
    "cli.key.scenario": {
        "en": "a scenario's name (polsim list scenarios) or a YAML file",
        "nl": "de naam van een scenario (polsim list scenarios) of een YAML-bestand",
    },
    "cli.key.scenarios": {
        "en": "the scenarios, the first the baseline",
        "nl": "de scenario's, het eerste de nulsituatie",
    },
    "cli.key.versus": {
        "en": "a second scenario, shown beside the first in the same city",
        "nl": "een tweede scenario, naast het eerste in dezelfde stad",
    },
    "cli.key.fps": {"en": "frames per second", "nl": "beelden per seconde"},
    "cli.key.from": {
        "en": "a complete or unfinished compare folder",
        "nl": "een complete of onafgemaakte map van polsim compare",
    },
    "cli.key.run": {
        "en": "one run of that folder, e.g. key_figures-r002",
        "nl": "één run uit die map, bijvoorbeeld key_figures-r002",
    },
    "cli.key.host": {
        "en": "address to listen on (127.0.0.1: this machine only; 0.0.0.0: every network it is on)",
        "nl": "adres om op te luisteren (127.0.0.1: alleen deze computer; 0.0.0.0: elk netwerk)",
    },
    "cli.key.port": {"en": "port to listen on", "nl": "poort om op te luisteren"},
    "cli.key.method": {
        "en": "the sensitivity method",
        "nl": "de methode van de gevoeligheidsanalyse",
    },
    "cli.key.names": {
        "en": "the parameters to vary (default: all with a plausible range)",
        "nl": "de te variëren parameters (standaard: alle met een plausibel bereik)",
    },
    "cli.key.outcome": {
        "en": "the outcome analysed (polsim list outcomes)",
        "nl": "de geanalyseerde uitkomst (polsim list outcomes)",
    },
    "cli.key.n": {
        "en": "Sobol's base sample size (a power of 2)",
        "nl": "basisgrootte van de Sobol-steekproef (een macht van 2)",
    },
    "cli.key.trajectories": {"en": "Morris trajectories", "nl": "Morris-trajecten"},
    "cli.key.points": {
        "en": "a CSV file with one parameter per column, a point a row",
        "nl": "een CSV-bestand met één parameter per kolom, één punt per rij",
    },
    "cli.key.paired": {
        "en": "the same cities at every point",
        "nl": "dezelfde steden in elk punt",
    },
    "cli.key.resume": {
        "en": "an unfinished folder of the same command to finish",
        "nl": "een onafgemaakte map van dezelfde opdracht om af te maken",
    },
    "cli.key.rank_by": {
        "en": "the outcome the ranking orders by (polsim list outcomes)",
        "nl": "de uitkomst waarop de rangorde sorteert (polsim list outcomes)",
    },
    "cli.key.model": {
        "en": "a model configuration of the configuration tree",
        "nl": "een modelconfiguratie uit de configuratieboom",
    },
    "cli.key.network": {
        "en": "the network; its settings as network.NAME=VALUE",
        "nl": "het netwerk; de instellingen ervan als network.NAME=VALUE",
    },
    "cli.key.media": {
        "en": "a media configuration of the configuration tree",
        "nl": "een mediaconfiguratie uit de configuratieboom",
    },
    "cli.key.experiment": {
        "en": "an experiment: scenarios, replicates, weeks and seed together",
        "nl": "een experiment: scenario's, herhalingen, weken en startgetal samen",
    },
    "cli.key.cfg": {
        "en": "print the composed configuration and stop",
        "nl": "toon de samengestelde configuratie en stop",
    },
    "cli.key.model_any": {
        "en": "any model parameter (polsim list parameters)",
        "nl": "elke modelparameter (polsim list parameters)",
    },
    "cli.key.model_sweep": {
        "en": "a parameter swept over V1,V2,... or range(start,stop,step), or fixed at one value (polsim list parameters)",
        "nl": "een parameter gevarieerd over V1,V2,... of range(start,stop,step), of vast op één waarde (polsim list parameters)",
    },
    # -- animated runs and the player (polsim animate, polsim demo) ------------------------
    "animation.week": {"en": "week {week} of {weeks}", "nl": "week {week} van {weeks}"},
    "animation.week_axis": {"en": "week", "nl": "week"},
    "animation.sampled": {
        "en": "{shown} of {n} people shown (a uniform sample)",
        "nl": "{shown} van {n} inwoners getoond (een willekeurige steekproef)",
    },
    "animation.everyone": {"en": "all {n} people shown", "nl": "alle {n} inwoners getoond"},
    "animation.media": {
        "en": "media (catalyst) and their reach: {outlets}",
        "nl": "media (katalysator) en hun bereik: {outlets}",
    },
    "animation.outlet": {"en": "outlet {number}", "nl": "medium {number}"},
    "animation.phase": {"en": "KIS phase", "nl": "KIS-fase"},
    "animation.phase_true": {
        "en": "KIS phase of the city (wide column)",
        "nl": "KIS-fase van de stad (brede kolom)",
    },
    "animation.phase_observed": {
        "en": "phase the quick scan observes, on which reactive policy starts (thin, hatched)",
        "nl": "fase die de quickscan waarneemt, waarop reactief beleid start (smal, gearceerd)",
    },
    "animation.share": {"en": "share of people", "nl": "aandeel inwoners"},
    "animation.interventions": {"en": "interventions", "nl": "interventies"},
    "animation.no_interventions": {"en": "no interventions", "nl": "geen interventies"},
    "animation.incident": {"en": "incident this week", "nl": "incident deze week"},
    "animation.stance_left": {"en": "stance: one pole", "nl": "standpunt: de ene pool"},
    "animation.stance_right": {"en": "stance: the other pole", "nl": "standpunt: de andere pool"},
    "animation.play": {"en": "play", "nl": "afspelen"},
    "animation.pause": {"en": "pause", "nl": "pauze"},
    "animation.speed": {"en": "weeks per second", "nl": "weken per seconde"},
    "animation.language": {"en": "Nederlands", "nl": "English"},
    "animation.player_title": {
        "en": "polsim: a city week by week",
        "nl": "polsim: een stad week na week",
    },
    "animation.written": {
        "en": "animation written to {path}",
        "nl": "animatie geschreven naar {path}",
    },
    "animation.cli.help": {
        "en": "animate a scenario (or a stored run) to a GIF, an MP4 or an HTML player",
        "nl": "animeer een scenario (of een bewaarde run) als GIF, MP4 of HTML-speler",
    },
    "animation.cli.description": {
        "en": "Run a scenario week by week (scenario=NAME, beside it versus=NAME) or a stored run of a comparison (from=FOLDER run=RUN_ID) and write an animation to out=FILE: a GIF, an MP4 (polsim[mp4]) or an .html player that works offline in any browser.",
        "nl": "Draai een scenario week na week (scenario=NAAM, ernaast versus=NAAM) of een bewaarde run van een vergelijking (from=MAP run=RUN_ID) en schrijf een animatie naar out=BESTAND: een GIF, een MP4 (polsim[mp4]) of een .html-speler die zonder internet in elke browser werkt.",
    },
    # -- the live dashboard (polsim dashboard) ------------------------------------------------
    "dashboard.title": {"en": "polsim: a city, live", "nl": "polsim: een stad, live"},
    "dashboard.param.n_agents": {"en": "people in the city", "nl": "inwoners van de stad"},
    "dashboard.param.resilience_mean": {"en": "mean resilience", "nl": "gemiddelde weerbaarheid"},
    "dashboard.param.media_amplification": {
        "en": "media amplification",
        "nl": "versterking door media",
    },
    "dashboard.param.online_amplification": {
        "en": "online amplification",
        "nl": "versterking online",
    },
    "dashboard.param.shock_rate": {
        "en": "national debates per week",
        "nl": "landelijke debatten per week",
    },
    "dashboard.network": {"en": "the city's network", "nl": "het netwerk van de stad"},
    "dashboard.network_all": {
        "en": "week {week}: all {n} people",
        "nl": "week {week}: alle {n} inwoners",
    },
    "dashboard.network_sample": {
        "en": "week {week}: {shown} of {n} people",
        "nl": "week {week}: {shown} van {n} inwoners",
    },
    "dashboard.plots": {"en": "roles and KIS phase", "nl": "rollen en KIS-fase"},
    "dashboard.city": {"en": "the city now", "nl": "de stad nu"},
    "dashboard.readout": {
        "en": "week {week} · {n} people · KIS phase {phase}: {phase_name}",
        "nl": "week {week} · {n} inwoners · KIS-fase {phase}: {phase_name}",
    },
    "dashboard.controls": {"en": "run", "nl": "draaien"},
    "dashboard.interval": {
        "en": "milliseconds between weeks",
        "nl": "milliseconden tussen weken",
    },
    "dashboard.reset": {"en": "reset", "nl": "opnieuw"},
    "dashboard.play": {"en": "▶ play", "nl": "▶ afspelen"},
    "dashboard.pause": {"en": "❚❚ pause", "nl": "❚❚ pauze"},
    "dashboard.step": {"en": "one week", "nl": "één week"},
    "dashboard.parameters": {"en": "the city", "nl": "de stad"},
    "dashboard.parameters_note": {
        "en": "A new city with these values starts at reset.",
        "nl": "Een nieuwe stad met deze waarden begint bij opnieuw.",
    },
    "dashboard.act": {"en": "act now", "nl": "nu ingrijpen"},
    "dashboard.strength.resilient_middle": {
        "en": "resilient middle, share reached",
        "nl": "weerbaar midden, aandeel bereikt",
    },
    "dashboard.strength.key_figures": {
        "en": "key figures, share of people",
        "nl": "sleutelfiguren, aandeel inwoners",
    },
    "dashboard.strength.media_restraint": {
        "en": "media restraint, level",
        "nl": "terughoudendheid media, niveau",
    },
    "dashboard.strength.shock": {
        "en": "national debate, strength",
        "nl": "landelijk debat, sterkte",
    },
    "dashboard.start": {"en": "start {what}", "nl": "start {what}"},
    "dashboard.stop": {"en": "stop {what}", "nl": "stop {what}"},
    "dashboard.shock": {"en": "start a national debate", "nl": "start een landelijk debat"},
    "dashboard.running": {
        "en": "interventions running: {what}",
        "nl": "lopende interventies: {what}",
    },
    "dashboard.none": {"en": "none", "nl": "geen"},
    "dashboard.debate_running": {
        "en": "a national debate until week {end} (strength {strength})",
        "nl": "een landelijk debat tot week {end} (sterkte {strength})",
    },
    "dashboard.cli.help": {
        "en": "the live dashboard in the browser (offline)",
        "nl": "het live dashboard in de browser (offline)",
    },
    "dashboard.cli.description": {
        "en": "Serve the live dashboard: a city week by week with sliders, play, step and reset, interventions and shocks during the run, in English or Dutch. It listens on 127.0.0.1 unless host= says otherwise and needs no internet (polsim[viz]).",
        "nl": "Start het live dashboard: een stad week na week met schuifregelaars, afspelen, stap en opnieuw, interventies en schokken tijdens de run, in het Engels of Nederlands. Het luistert op 127.0.0.1 tenzij host= iets anders zegt en heeft geen internet nodig (polsim[viz]).",
    },
    "dashboard.cli.serving": {
        "en": "The dashboard runs at {url} (Ctrl+C stops it)",
        "nl": "Het dashboard draait op {url} (Ctrl+C stopt het)",
    },
    "demo.player_written": {
        "en": "player (open in any browser, works offline) written to {path}",
        "nl": "speler (open in elke browser, werkt zonder internet) geschreven naar {path}",
    },
    "cli.figure_written": {"en": "figure written to {path}", "nl": "figuur geschreven naar {path}"},
    "cli.measures_written": {
        "en": "weekly measures written to {path}",
        "nl": "wekelijkse metingen geschreven naar {path}",
    },
    "cli.list.scenarios": {
        "en": "scenarios (scenarios/*.yaml):",
        "nl": "scenario's (scenarios/*.yaml):",
    },
    "cli.list.interventions": {
        "en": "interventions (`type:` in a scenario's `interventions` list):",
        "nl": "interventies (`type:` in de lijst `interventions` van een scenario):",
    },
    "cli.list.fields": {"en": "fields: {fields}", "nl": "velden: {fields}"},
    "cli.list.parameters": {
        "en": "model parameters (model.NAME=VALUE; one step is one week): default of the commands, plausible range (varied by sensitivity analyses), valid range, unit, role (uncertainty: nobody sets it; lever: a policy may change it; constant: fixed for a study; measurement: how the phase is read), meaning",
        "nl": "modelparameters (model.NAME=VALUE; één stap is één week): standaardwaarde van de opdrachten, plausibel bereik (gevarieerd in gevoeligheidsanalyses), geldig bereik, eenheid, rol (onzekerheid: niemand stelt haar in; hefboom: beleid mag haar veranderen; constante: vast voor een studie; meting: hoe de fase wordt afgelezen), betekenis",
    },
    "cli.list.role.uncertainty": {"en": "uncertainty", "nl": "onzekerheid"},
    "cli.list.role.lever": {"en": "lever", "nl": "hefboom"},
    "cli.list.role.constant": {"en": "constant", "nl": "constante"},
    "cli.list.role.measurement": {"en": "measurement", "nl": "meting"},
    "cli.list.fixed": {"en": "not varied", "nl": "niet gevarieerd"},
    "cli.list.python_default": {
        "en": " (in Python, PolarisationModel's default is {value})",
        "nl": " (in Python is de standaard van PolarisationModel {value})",
    },
    "cli.list.outcomes": {
        "en": "outcomes (rank_by=NAME; * shares its numbers with the KIS reading):",
        "nl": "uitkomsten (rank_by=NAME; * deelt zijn getallen met de KIS-lezing):",
    },
    "cli.list.higher": {"en": "higher is better", "nl": "hoger is beter"},
    "cli.list.lower": {"en": "lower is better", "nl": "lager is beter"},
    "cli.progress": {
        "en": "{done}/{total} runs, {seconds} s",
        "nl": "{done}/{total} herhalingen, {seconds} s",
    },
    "cli.progress.unit": {"en": "run", "nl": "herhaling"},
    "cli.progress.expected": {
        "en": "expected {duration}",
        "nl": "verwacht {duration}",
    },
    "cli.compare.done": {
        "en": "polsim compare: {scenarios} scenarios x {replicates} replicates x {weeks} weeks in {seconds} s",
        "nl": "polsim compare: {scenarios} scenario's x {replicates} herhalingen x {weeks} weken in {seconds} s",
    },
    "cli.report_written": {
        "en": "report written to {path}",
        "nl": "rapport geschreven naar {path}",
    },
    "cli.incomplete": {
        "en": "This folder is not complete: its command was stopped or is still running.\n"
        "The runs that finished are in runs/.\n",
        "nl": "Deze map is niet compleet: de opdracht is gestopt of loopt nog.\n"
        "De afgeronde runs staan in runs/.\n",
    },
    "cli.kept": {
        "en": "{done} of {total} runs finished and kept in {folder} (marked INCOMPLETE)",
        "nl": "{done} van {total} runs afgerond en bewaard in {folder} (gemarkeerd INCOMPLETE)",
    },
    "cli.interrupted": {"en": "interrupted", "nl": "onderbroken"},
    "cli.terminated": {"en": "stopped (SIGTERM)", "nl": "gestopt (SIGTERM)"},
    "cli.nothing_written": {
        "en": "before any run; nothing written",
        "nl": "voor de eerste run; niets geschreven",
    },
    "cli.resume_hint": {
        "en": "; to finish: {command} resume={folder}",
        "nl": "; afmaken met: {command} resume={folder}",
    },
    "cli.run.done": {
        "en": "weekly measures of {replicates} replicates written to {path}",
        "nl": "wekelijkse metingen van {replicates} herhalingen geschreven naar {path}",
    },
}

#: Brandsma's roles by their name in the model (views of :data:`CATALOGUE`).
ROLE_LABELS: dict[str, dict[str, str]] = {role: CATALOGUE[f"role.{role}"] for role in _ROLES}
#: The KIS phases by their number (views of :data:`CATALOGUE`).
PHASE_LABELS: dict[int, dict[str, str]] = {k: CATALOGUE[f"phase.{k}"] for k in (1, 2, 3, 4)}


def check_lang(lang: object) -> str:
    """``lang`` if it is one of :data:`LANGUAGES`, else a one-line ``ValueError``."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r}")
    return str(lang)


def text(key: str, lang: str = "en", **fields: object) -> str:
    """The entry ``key`` of :data:`CATALOGUE` in ``lang``, with ``fields`` filled in.

    >>> text("report.generated", "nl", version="1.0", seed=7)
    'Gemaakt met polsim 1.0; startgetal 7.'
    """
    check_lang(lang)
    if key not in CATALOGUE:
        raise ValueError(f"no text {key!r} in the catalogue")
    return CATALOGUE[key][lang].format(**fields) if fields else CATALOGUE[key][lang]


#: Short for :func:`text`.
t = text


def translations(key: str) -> dict[str, str]:
    """A copy of the entry ``key``: ``{"en": ..., "nl": ...}``."""
    if key not in CATALOGUE:
        raise ValueError(f"no text {key!r} in the catalogue")
    return dict(CATALOGUE[key])


def label(key: str | int, lang: str = "en") -> str:
    """The label of a role name or a phase number in ``lang`` (``"en"`` or ``"nl"``)."""
    check_lang(lang)
    if isinstance(key, int):
        entry, known = PHASE_LABELS.get(key), ", ".join(map(str, PHASE_LABELS))
    else:
        entry, known = ROLE_LABELS.get(key), ", ".join(ROLE_LABELS)
    if entry is None:
        raise ValueError(f"no label for {key!r}; known: {known}")
    return entry[lang]


# -- locale formatting ------------------------------------------------------------------------


def _locale(lang: str) -> str:
    return LOCALES[check_lang(lang)]


def _pattern(
    value: float, digits: int | None, signed: bool, scale: float = 1.0
) -> tuple[str, float]:
    """The number pattern for ``digits`` decimals (None: up to three, as needed), with a ``+``
    before positive numbers when ``signed``; and ``value``, made 0 when it rounds to zero (so
    that nothing prints as "-0")."""
    body = "#,##0.###" if digits is None else "#,##0" + ("." + "0" * digits if digits > 0 else "")
    if round(value * scale, 3 if digits is None else digits) == 0:
        return body, 0.0
    return (f"+{body};-{body}" if signed else body), value


def number(
    value: float, lang: str = "en", *, digits: int | None = None, signed: bool = False
) -> str:
    """``value`` with the locale's grouping and decimal sign: ``digits`` decimals, or up to
    three as needed when None; a ``+`` before positive values when ``signed``. NaN is "–".

    >>> number(1234.5, "en"), number(1234.5, "nl"), number(-0.25, "nl", digits=3, signed=True)
    ('1,234.5', '1.234,5', '-0,250')
    """
    locale = _locale(lang)
    if math.isnan(value):
        return "–"
    pattern, value = _pattern(value, digits, signed)
    return format_decimal(value, format=pattern, locale=locale)


def percent(value: float, lang: str = "en", *, digits: int | None = 0, signed: bool = False) -> str:
    """A share (0.25) as a percentage ("25%") in the locale's style, with ``digits`` decimals
    (None: up to three, as needed). NaN is "–".

    >>> percent(0.125, "nl", digits=1), percent(0.025, "nl", digits=None)
    ('12,5%', '2,5%')
    """
    locale = _locale(lang)
    if math.isnan(value):
        return "–"
    pattern, value = _pattern(value, digits, signed, scale=100.0)
    pattern = ";".join(part + "%" for part in pattern.split(";"))
    return format_percent(value, format=pattern, locale=locale)


def points(value: float, lang: str = "en", *, digits: int = 1, signed: bool = True) -> str:
    """A difference of two shares (0.032) in percentage points: "+3.2 pp", "+3,2 procentpunt".

    >>> points(-0.05, "en")
    '-5.0 pp'
    """
    if math.isnan(value):
        return "–"
    amount = number(value * 100.0, lang, digits=digits, signed=signed)
    return f"{amount} {text('unit.points', lang)}"


def money(value: float, lang: str = "en", *, cents: bool = False) -> str:
    """An amount in euros in the locale's style, in whole euros unless ``cents``.

    >>> money(40000, "en"), money(12.5, "en", cents=True)
    ('€40,000', '€12.50')
    """
    locale = Locale.parse(_locale(lang))
    if math.isnan(value):
        return "–"
    pattern = locale.currency_formats["standard"].pattern
    if not cents:
        pattern = pattern.replace(".00", "")
        value = round(value)
    return format_currency(value, "EUR", format=pattern, locale=locale, currency_digits=False)


def date(value: _dt.date, lang: str = "en", *, style: str = "long") -> str:
    """A date in the locale's ``style`` (``"short"``, ``"medium"``, ``"long"`` or ``"full"``).

    >>> date(_dt.date(2026, 3, 5), "en"), date(_dt.date(2026, 3, 5), "nl")
    ('5 March 2026', '5 maart 2026')
    """
    return format_date(value, format=style, locale=_locale(lang))


def duration(seconds: float, lang: str = "en") -> str:
    """A length of time in words, rounded to its largest unit (Babel's ``format_timedelta``).

    >>> duration(170, "en"), duration(170, "nl"), duration(7200, "nl")
    ('3 minutes', '3 minuten', '2 uur')
    """
    return format_timedelta(_dt.timedelta(seconds=float(seconds)), threshold=0.85,
                            locale=_locale(lang))  # fmt: skip
