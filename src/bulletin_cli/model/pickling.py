"""Pickling for the model's frozen, slotted dataclasses, without looking up their fields per object.

A frozen dataclass with ``__slots__`` pickles through ``__getstate__`` and ``__setstate__``
that dataclasses writes, and those call ``dataclasses.fields()`` for every object. A large
export pickles each issue (and its articles, blocks and runs) in a worker and reads its
summary back in the main process up to three times: those calls were two thirds of reading
a summary. The state is the same (the fields' values, in order); only the lookup is made once.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
from typing import TypeVar

T = TypeVar("T", bound=type)


def quick_pickling(cls: T) -> T:
    """Give the dataclass ``cls`` (frozen, with slots) a ``__getstate__``/``__setstate__`` pair
    over its field names looked up once."""
    names = tuple(field.name for field in fields(cls))
    setattr_ = object.__setattr__  # frozen: the dataclass's own __setattr__ refuses
    if len(names) == 1:
        only = names[0]

        def __getstate__(self) -> tuple:
            return (getattr(self, only),)
    else:
        get = attrgetter(*names)  # a tuple of every value, in C

        def __getstate__(self) -> tuple:
            return get(self)

    def __setstate__(self, state) -> None:
        for name, value in zip(names, state):
            setattr_(self, name, value)

    cls.__getstate__ = __getstate__  # type: ignore[attr-defined]
    cls.__setstate__ = __setstate__  # type: ignore[attr-defined]
    return cls
