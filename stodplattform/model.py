"""The entities of the data format (docs/dataformat.md) and how their schema errors read."""

from __future__ import annotations

import collections
import contextlib
import functools
import types
import typing
from typing import Any, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from . import vocab
from .fields import Ar, Bool, Datum, Heltal, Id, Kod, Manad, Pseudonym, Text, Timmar
from .loader import Source, kind_of
from .suggest import did_you_mean


def _empty_is_absent(model: type[BaseModel], data: Any) -> Any:
    """A known key written without a value (`plats:`) is as if it were not there; an unknown
    one stays, so that `extra="forbid"` names it."""
    if type(data) is dict and None in data.values():
        fields = model.model_fields
        return {k: v for k, v in data.items() if v is not None or k not in fields}
    return data


class Entity(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    extra: Any = None  # the user's own notes; never read

    @model_validator(mode="before")
    @classmethod
    def _drop_empty(cls, data: Any) -> Any:
        return _empty_is_absent(cls, data)


class _Partial:
    """Marks a model built from the valid fields of an entry that had errors."""


def is_partial(entity: BaseModel) -> bool:
    return isinstance(entity, _Partial)


@functools.cache
def _partial_class(model: type[BaseModel]) -> type[BaseModel]:
    return type(f"Partial{model.__name__}", (model, _Partial), {})


# -- plattform.yaml ---------------------------------------------------------------------------


class Person(Entity):
    namn: Text
    titel: Text | None = None
    organisation: Text | None = None


class Finansiar(Entity):
    namn: Text
    kortnamn: Text | None = None
    adress: list[Text] = []


class Sokande(Entity):
    organisation: Text
    ort: Text | None = None
    undertecknare: Person


class Part(Entity):
    id: Id
    organisation: Text
    roll: Text
    namn: Text | None = None
    sammankallande: Bool = False
    adjungerad: Bool = False


class Kontaktuppgifter(Entity):
    namn: Text | None = None
    epost: Text | None = None
    telefon: Text | None = None
    webbplats: Text | None = None


class Plattform(Entity):
    namn: Text
    region: Text
    kommuner: list[Text] = []
    slogan: Text | None = None
    webbplats: Text | None = None
    kontakt: Kontaktuppgifter | None = None  # for the public page
    stodresurs: Text | None = None  # the support function in running text; default "stödresursen"
    projektledare: Person | None = None
    finansiar: Finansiar
    sokande: Sokande
    parter: list[Part] = Field(min_length=1)


# -- foretag/<id>.yaml ------------------------------------------------------------------------


class Nyckeltal(Entity):
    anstallda: Heltal | None = None
    arbetstranande: Heltal | None = None
    omsattning: Heltal | None = None
    lonebidrag: Heltal | None = None


class Foretag(Entity):
    namn: Text
    kommun: Text
    verksamhet: Text | None = None
    associationsform: Kod(vocab.ASSOCIATIONSFORMER) | None = None
    status: Kod(vocab.FORETAGSSTATUS)
    orgnr: Text | None = None
    startar: Ar | None = None
    webbplats: Text | None = None
    behov: list[Kod(vocab.BEHOV)] = []
    nyckeltal: dict[Ar, Nyckeltal] = {}
    beskrivning: Text | None = None  # a few sentences for the public page
    kontakt: Kontaktuppgifter | None = None
    publik: Bool | None = None  # default: shown when aktiv or under_etablering


# -- moten/<datum>-<slug>.yaml ----------------------------------------------------------------


class Atgard(Entity):
    vad: Text
    ansvarig: Id
    senast: Datum | None = None
    status: Kod(vocab.ATGARDSSTATUS) = "oppen"


class Mote(Entity):
    datum: Datum
    typ: Kod(vocab.MOTESTYPER)
    rubrik: Text
    status: Kod(vocab.MOTESSTATUS) = "genomfort"
    plats: Text | None = None
    tid: Text | None = None  # "13.00–15.00"
    kallade: list[Id] | None = None  # party ids; None: the default for the meeting's type
    foretag: list[Id] = []
    narvaro: list[Id] = []
    antal_deltagare: Heltal | None = None
    dagordning: list[Text] = []
    beslut: list[Text] = []
    atgarder: list[Atgard] = []


# -- ar/<ÅÅÅÅ>.yaml ---------------------------------------------------------------------------


class Budgetpost(Entity):
    post: Text
    belopp: Heltal
    reviderat: Heltal | None = None  # after the funder's decision
    utfall: Heltal | None = None
    kommentar: Text | None = None  # why the outcome deviates


class Medfinansiering(Entity):
    part: Id
    typ: Kod(vocab.MEDFINANSIERINGSTYPER)
    belopp: Heltal | None = None
    timmar: Timmar | None = None
    beskrivning: Text | None = None


class Insats(Entity):
    id: Id
    namn: Text
    kortnamn: Text | None = None  # as in "… varav 380 000 kronor för stödplattformen"
    sokt: Heltal
    beviljat: Heltal | None = None
    budget: list[Budgetpost] = Field(min_length=1)
    medfinansiering: list[Medfinansiering] = []


class Mal(Entity):
    id: Id
    beskrivning: Text
    matt: Kod(vocab.MATT)
    malvarde: Heltal
    insats: Id | None = None
    utfall: Heltal | None = None
    kommentar: Text | None = None


class Rapport(Entity):
    typ: Text
    senast: Datum
    inlamnad: Datum | None = None
    per: Datum | None = None  # the day the report's figures are as of; default: senast

    @property
    def as_of(self):
        """The day the report's figures are as of: `per`, else its deadline."""
        return self.per or self.senast


class Texter(Entity):
    bakgrund: Text | None = None
    mal_och_syfte: Text | None = None
    genomforande: Text | None = None
    resultat: Text | None = None
    tidsram: Text | None = None
    uppfoljning: Text | None = None  # the follow-up report's own summary and analysis


class Verksamhetsar(Entity):
    ar: Ar
    rubrik: Text | None = None  # the application's title; default: the platform's name
    ansokningsdatum: Datum | None = None
    insatser: list[Insats] = Field(min_length=1)
    mal: list[Mal] = []
    rapporter: list[Rapport] = []
    texter: Texter = Texter()


# -- stod/<ÅÅÅÅ>.yaml and deltagare/<ÅÅÅÅ>.yaml (lists) ----------------------------------------


class Stodpost(Entity):
    datum: Datum
    foretag: Id
    omrade: Kod(vocab.OMRADEN)
    timmar: Timmar
    beskrivning: Text | None = None
    insats: Id | None = None


class Deltagare(BaseModel):
    """Closed schema: no `extra`, no free text (personal data must not creep in)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_empty(cls, data: Any) -> Any:
        return _empty_is_absent(cls, data)

    id: Pseudonym
    insats: Id
    start: Manad
    slut: Manad | None = None
    kon: Kod(vocab.KON)
    aldersgrupp: Kod(vocab.ALDERSGRUPPER) | None = None
    remitterad_av: Id | None = None
    forsorjning_fore: Kod(vocab.FORSORJNING) | None = None
    foretag: Id | None = None
    utfall: Kod(vocab.DELTAGARUTFALL) | None = None


# Valid entries of the big list files are kept as named tuples: the same attributes, a
# fraction of the memory, and quick to cache.
StodRad = collections.namedtuple("StodRad", list(Stodpost.model_fields))
DeltagarRad = collections.namedtuple("DeltagarRad", list(Deltagare.model_fields))
ROWS = {Stodpost: StodRad, Deltagare: DeltagarRad}


# -- validation: the tree → a model, or problems at the right lines ----------------------------


def validate(source: Source, model: type[BaseModel], partial: bool = False) -> BaseModel | None:
    """The file's root as `model`; on schema errors, problems in `source` and None – or, with
    `partial`, a model holding only the fields that were valid (the others None), so that the
    cross-file checks can still look at them. Documents are never made from such data."""
    raw = source.values()
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        _report(source, model, e, ())
        return _partial(model, raw, e) if partial else None


def validate_list(source: Source, model: type[BaseModel]) -> list[tuple[int, BaseModel]]:
    """Each item of a list file on its own, so one bad entry doesn't hide the others' links."""
    items = source.values()
    if not isinstance(items, list):
        source.fel(f"filen ska vara en lista (rader som börjar med '- '), fick {kind_of(items)}")
        return []
    row = ROWS[model]
    try:  # the common case, all valid, in one call
        return [
            (i, row(**m.__dict__))
            for i, m in enumerate(_list_adapter(model).validate_python(items))
        ]
    except ValidationError:
        pass
    valid = []
    for index, item in enumerate(items):
        try:
            valid.append((index, row(**model.model_validate(item).__dict__)))
        except ValidationError as e:
            _report(source, model, e, (index,))
            if (rest := _partial(model, item, e)) is not None:
                valid.append((index, rest))
    return valid


@functools.cache
def _list_adapter(model: type[BaseModel]) -> TypeAdapter:
    return TypeAdapter(list[model])


def _partial(model: type[BaseModel], raw: Any, error: ValidationError) -> BaseModel | None:
    if not isinstance(raw, dict):
        return None
    bad = {err["loc"][0] for err in error.errors() if err["loc"]}
    values = {}
    for name, info in model.model_fields.items():
        value = None if info.is_required() else info.get_default(call_default_factory=True)
        if name in raw and name not in bad:
            with contextlib.suppress(ValidationError):
                value = TypeAdapter(info.annotation).validate_python(raw[name])
        values[name] = value
    return _partial_class(model).model_construct(**values)


def _report(source: Source, model: type, error: ValidationError, prefix: tuple) -> None:
    for err in error.errors(include_url=False):
        loc = prefix + tuple(err["loc"])
        at = (*loc, "[key]") if err["type"] == "extra_forbidden" else loc  # the key is wrong
        source.fel(_message(source, model, err, loc), at=at)


def _message(source: Source, model: type, err: dict, loc: tuple) -> str:
    kind = err["type"]
    name = next((str(x) for x in reversed(err["loc"]) if isinstance(x, str) and x != "[key]"), "")
    if kind == "stod":
        return err["msg"]
    if kind == "missing":
        return f"'{name}' saknas (obligatoriskt)"
    if kind == "extra_forbidden":
        allowed = [f for f in _fields_at(model, err["loc"][:-1]) if f != "extra"]
        hint = did_you_mean(name, allowed, listing=False)
        if not hint and allowed:
            hint = "; tillåtna nycklar: " + ", ".join(allowed)
        return f"okänd nyckel '{name}'{hint}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        where = f"'{name}'" if name else "filen"
        return f"{where} ska innehålla nycklar och värden (namn: värde), fick {_kind(source, loc)}"
    if kind == "list_type":
        return f"'{name}' ska vara en lista, fick {_kind(source, loc)}"
    if kind == "too_short":
        return f"'{name}' måste ha minst ett värde"
    return f"'{name}': ogiltigt värde ({err['msg']})"


def _kind(source: Source, loc: tuple) -> str:
    return source.kind_at(loc)


def _fields_at(model: Any, loc: tuple) -> list[str]:
    """The field names of the model reached by following `loc` through the annotations."""
    current: Any = model
    for step in loc:
        current = _unwrap(current)
        if isinstance(step, str) and isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(step)
            if field is None:
                return []
            current = field.annotation
        else:  # a list index or a dict key: into the item type
            args = typing.get_args(_unwrap(current))
            current = args[-1] if args else None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """`X | None` → X; Annotated[X, ...] → X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation
