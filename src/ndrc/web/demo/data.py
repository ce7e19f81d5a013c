"""Who the demo session is made of: establishments of every status and route of the règlement
d'examen (académie de Clermont-Ferrand), and names and languages for its candidates."""

from __future__ import annotations

from dataclasses import dataclass

from ndrc.rules.candidate_category import EstablishmentStatus, Habilitation, Route


@dataclass(frozen=True)
class DemoEstablishment:
    uai: str
    name: str
    city: str
    status: EstablishmentStatus
    habilitation: Habilitation
    route: Route
    candidates: int


ESTABLISHMENTS = (
    DemoEstablishment(
        "0630001A",
        "Lycée Jean-Monnet",
        "Clermont-Ferrand",
        EstablishmentStatus.PUBLIC,
        Habilitation.CCF,
        Route.SCHOOL,
        110,
    ),
    DemoEstablishment(
        "0630002B",
        "Lycée Sainte-Marie",
        "Riom",
        EstablishmentStatus.PRIVATE_UNDER_CONTRACT,
        Habilitation.CCF,
        Route.SCHOOL,
        40,
    ),
    DemoEstablishment(
        "0630003C",
        "École supérieure de commerce Arverne",
        "Clermont-Ferrand",
        EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
        Habilitation.NONE,
        Route.SCHOOL,
        20,
    ),
    DemoEstablishment(
        "0630004D",
        "CFA régional du commerce",
        "Aubière",
        EstablishmentStatus.PUBLIC,
        Habilitation.CCF,
        Route.APPRENTICESHIP,
        50,
    ),
    DemoEstablishment(
        "0630005E",
        "Section d'apprentissage Les Volcans",
        "Issoire",
        EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
        Habilitation.NONE,
        Route.APPRENTICESHIP,
        15,
    ),
    DemoEstablishment(
        "0630006F",
        "GRETA Auvergne",
        "Clermont-Ferrand",
        EstablishmentStatus.PUBLIC,
        Habilitation.FULL_CCF,
        Route.CONTINUING_EDUCATION,
        15,
    ),
    DemoEstablishment(
        "0630007G",
        "GRETA Livradois-Forez",
        "Ambert",
        EstablishmentStatus.PUBLIC,
        Habilitation.CCF,
        Route.CONTINUING_EDUCATION,
        10,
    ),
    DemoEstablishment(
        "0630008H",
        "Institut privé de formation commerciale",
        "Vichy",
        EstablishmentStatus.PRIVATE_OUTSIDE_CONTRACT,
        Habilitation.NONE,
        Route.CONTINUING_EDUCATION,
        10,
    ),
    DemoEstablishment(
        "0860009J",
        "Centre national d'enseignement à distance",
        "Poitiers",
        EstablishmentStatus.PUBLIC,
        Habilitation.NONE,
        Route.DISTANCE_LEARNING,
        15,
    ),
)
EXPERIENCE_CANDIDATES = 15

LAST_NAMES = (
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefebvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Lefèvre",
    "Faure",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "François",
    "Legrand",
    "Gauthier",
    "Garcia",
    "Perrin",
    "Robin",
    "Clément",
)
FIRST_NAMES = (
    "Léa",
    "Hugo",
    "Chloé",
    "Lucas",
    "Manon",
    "Nathan",
    "Emma",
    "Enzo",
    "Camille",
    "Louis",
    "Inès",
    "Jules",
    "Sarah",
    "Théo",
    "Jade",
    "Raphaël",
    "Lina",
    "Adam",
    "Zoé",
    "Maël",
    "Anaïs",
    "Yanis",
    "Clara",
    "Noah",
    "Alice",
    "Tom",
    "Louise",
    "Sacha",
    "Lou",
    "Malo",
)
LANGUAGES = ("anglais", "anglais", "anglais", "espagnol", "allemand", "anglais", "italien")
