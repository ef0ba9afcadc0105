"""Names print in Chicago order and sort as a reader looks them up."""

from __future__ import annotations

from pybtex.database import Person

from ext.reader.names import Name, collation_key


def name(text: str) -> Name:
    return Name.from_person(Person(text))


def test_particles_and_suffixes() -> None:
    """ "van der" is demoted after the given name when inverted, kept in front otherwise."""
    maaten = name("van der Maaten, Laurens")
    assert str(maaten.inverted()) == "Maaten, Laurens van der"
    assert str(maaten.natural()) == "Laurens van der Maaten"
    assert str(maaten.family_with_particle()) == "van der Maaten"
    daume = name("Daum{\\'e}, III, Hal")
    assert str(daume.inverted()) == "Daumé, Hal, III"
    assert str(daume.natural()) == "Hal Daumé III"


def test_capitalised_particles_are_family_names() -> None:
    """ "De Vivo" and "Le Cun" stay whole family names, as BibTeX reads them."""
    assert str(name("De Vivo, Luisa").inverted()) == "De Vivo, Luisa"
    assert str(name("Stéphane d'Ascoli").inverted()) == "d’Ascoli, Stéphane"


def test_corporate_name() -> None:
    """A braced name is one family name with no given name."""
    nvidia = name("{NVIDIA Corporation}")
    assert nvidia.is_corporate
    assert str(nvidia.inverted()) == "NVIDIA Corporation"


def test_collation_ignores_braces_accents_and_spaces() -> None:
    """``J. {Albericio}`` sorts under A; "Le Cun" after "Lebedev"; "Strom" before "Ström"."""
    assert collation_key(name("J. {Albericio}").sort_parts()[0]) < collation_key("Zoph")
    assert collation_key("Lebedev") < collation_key("Le Cun") < collation_key("Lee")
    assert collation_key("Dai") < collation_key("d’Ascoli")
    assert collation_key("Strom") < collation_key("Ström") < collation_key("Stroma")
