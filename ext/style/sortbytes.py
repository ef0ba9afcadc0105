"""Sort keys as bytes that sort as the keys do (pure).

A sort key of :func:`ext.style.ordering.sort_key` is a tuple of tuples of strings and numbers,
about twenty objects; twenty thousand of them cost memory in every build and make the library's
pickle track nearly half a million objects. :func:`packed` writes one as a single ``bytes``
whose order (plain byte comparison) is the order of the tuples, ties included.

The encoding is the order-preserving "tuple layer" of key-value stores:

* a string is ``0x02``, its UTF-8 with every ``0x00`` written ``0x00 0xFF``, then ``0x00``:
  UTF-8 orders as code points do, and the end mark sorts a prefix first;
* a whole number from 0 to 2**64 - 1 is ``0x03`` and eight big-endian bytes;
* a tuple is ``0x05``, its items, then ``0x00``: a shorter tuple that is the start of a longer
  one ends where the longer one has another item, whose first byte is larger.

Strings and numbers never share a place in one key (Python could not compare them either).
"""

from __future__ import annotations

_STR, _INT, _TUPLE, _END = b"\x02", b"\x03", b"\x05", b"\x00"


def packed(key: tuple) -> bytes:
    """*key* as bytes ordered as the keys are: ``packed(a) < packed(b)`` exactly when ``a < b``."""
    out = bytearray()
    _pack(key, out)
    return bytes(out)


def _pack(value: object, out: bytearray) -> None:
    if isinstance(value, str):
        out += _STR
        out += value.encode("utf-8", "surrogatepass").replace(b"\x00", b"\x00\xff")
        out += _END
    elif isinstance(value, tuple):
        out += _TUPLE
        for item in value:
            _pack(item, out)
        out += _END
    elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 64:
        out += _INT
        out += value.to_bytes(8, "big")
    else:
        raise TypeError(f"a sort key holds strings, tuples and whole numbers from 0, not {value!r}")
