"""The data the dashboards read: one DataFrame per sheet, with the schema's internal keys.

A dataset is stored as blocks, one per (sheet, fiscal year). A block's canonical form is JSON of
its rows sorted by the sheet's key columns, so equal content always has the same hash.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import pandas as pd

from kpi.core.fiscal import fiscal_quarter, fiscal_year_be
from kpi.core.schema import SHARED_AGENCY, SHARED_SHEETS, SHEETS, SHEETS_BY_KEY, SheetSpec

Record = dict[str, Any]

_DTYPES = {"year": "Int64", "int": "Int64", "quarter": "Int64", "period": "Int64", "number": "Float64"}


def frame_from_records(spec: SheetSpec, records: Iterable[Record]) -> pd.DataFrame:
    """Build a typed DataFrame from stored records (missing keys become NA)."""
    rows = list(records)
    data = {c.key: [r.get(c.key) for r in rows] for c in spec.columns}
    frame = pd.DataFrame(data, columns=spec.keys)
    for column in spec.columns:
        dtype = _DTYPES.get(column.kind, "string")
        frame[column.key] = frame[column.key].astype(dtype)
    return frame


def cell_float(value: Any) -> float | None:
    """A stored cell as float; None for blanks (None, NaN, pd.NA) and for text that is not a number."""
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def cell_int(value: Any) -> int | None:
    """A stored cell as int (rounded); None for blanks."""
    number = cell_float(value)
    return None if number is None else int(round(number))


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is bool:  # the common cells, decided without the checks below
        return value
    if kind is float:
        return None if value != value else value  # NaN is a blank
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return value  # keep floats as floats: 80.0 and 80 must hash alike
    return value


_NUMBER_KINDS = frozenset({"number"})
_INT_KINDS = frozenset({"int", "year", "quarter", "period"})
_encode_text = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes for a str


def _json_value(value: Any) -> str:
    """One cleaned value as json.dumps(ensure_ascii=False, sort_keys=True, separators=(",", ":")) writes it."""
    kind = type(value)
    if kind is str:
        return _encode_text(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):
        return float.__repr__(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_PLAIN_TYPES = frozenset({str, int, bool, type(None)})  # cells _plain returns as they are
_FLOAT_TYPES = frozenset({float, type(None)})
_INT_TYPES = frozenset({int, type(None)})


def _clean_column(kind: str, values: list[Any]) -> tuple[list[Any], set[type]]:
    """A column's values as the block stores them (blanks None, numbers float, counts and years int),
    and the types it then holds."""
    types = set(map(type, values))
    if types <= _PLAIN_TYPES or (types <= _FLOAT_TYPES and not any(v != v for v in set(values))):
        cleaned = values  # nothing _plain would change (no NaN among the floats)
    else:
        cleaned = list(map(_plain, values))
        types = set(map(type, cleaned))
    if kind in _NUMBER_KINDS and not types <= _FLOAT_TYPES:
        cleaned = [v if v is None or type(v) is float else float(v) for v in cleaned]
        types = set(map(type, cleaned))
    elif kind in _INT_KINDS and not types <= _INT_TYPES:
        cleaned = [v if v is None or type(v) is int else int(v) for v in cleaned]
        types = set(map(type, cleaned))
    return cleaned, types


def _json_column(values: list[Any]) -> list[str]:
    """Each value's JSON text; a text or count that repeats down the column is written once."""
    types = set(map(type, values))
    if types <= {str, type(None)} or types <= {int, type(None)}:  # 1, 1.0 and True never share a column here
        texts = {v: _json_value(v) for v in set(values)}
        return list(map(texts.__getitem__, values))
    if types <= {float, type(None)}:
        out = ["null" if v is None else float.__repr__(v) for v in values]
        if not any("n" in text and text != "null" for text in out):  # "inf", "nan" are written otherwise
            return out
    return [_json_value(v) for v in values]


def _sort_column(values: list[Any]) -> list[Any]:
    """A key column's part of the sort key: (blank last, value); a column without blanks sorts by its values alone."""
    if None not in values:
        return values  # every pair would be (False, value): the same order
    return [(v is None, 0 if v is None else v) for v in values]


# Blocks already written, by content: a commit asks for a block's bytes several times (its digest
# for the change summary, then the digest and bytes the store writes). Keyed by the cleaned columns
# themselves, and only when equal columns are sure to write equal JSON (one exact type per column,
# no float zero: -0.0 equals 0.0 but is written apart), so a hit returns the very bytes a fresh
# encoding would.
_CACHE: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
_CACHE_LIMIT = 32 * 2**20  # bytes of JSON kept
_cache_size = 0
_cache_lock = threading.Lock()
_KEYABLE = frozenset({str, int, float})


def _cache_key(spec: SheetSpec, columns: dict[str, list[Any]], types: dict[str, set[type]]) -> tuple[Any, ...] | None:
    parts: list[Any] = [spec.key]
    for name, values in columns.items():
        kinds = types[name] - {type(None)}
        if len(kinds) > 1 or not kinds <= _KEYABLE or (float in kinds and 0.0 in values):
            return None
        parts.append((name, next(iter(kinds), None), tuple(values)))
    return tuple(parts)


def _cached(key: tuple[Any, ...] | None) -> bytes | None:
    if key is None:
        return None
    with _cache_lock:
        payload = _CACHE.get(key)
        if payload is not None:
            _CACHE.move_to_end(key)
        return payload


def _remember(key: tuple[Any, ...] | None, payload: bytes) -> None:
    global _cache_size
    if key is None or len(payload) > _CACHE_LIMIT // 4:
        return
    with _cache_lock:
        if key not in _CACHE:
            _CACHE[key] = payload
            _cache_size += len(payload)
        while _cache_size > _CACHE_LIMIT:
            _, dropped = _CACHE.popitem(last=False)
            _cache_size -= len(dropped)


def _columns_of(spec: SheetSpec, records: list[Record]) -> list[list[Any]]:
    """Each template column's values down the records (a missing key is None)."""
    get = dict.get
    return [list(map(get, records, repeat(c.key))) for c in spec.columns]


def canonical_block(spec: SheetSpec, records: list[Record]) -> bytes:
    """Canonical JSON bytes of one block: rows sorted by key, values normalised.

    The bytes are exactly json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    of the rows as dicts (stored digests depend on them); they are built a column at a time, with
    the cycle collector held off (nothing here makes cycles; each pass would walk every record).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _canonical_block(spec, records)
    finally:
        if enabled:
            gc.enable()


def _canonical_block(spec: SheetSpec, records: list[Record]) -> bytes:
    columns: dict[str, list[Any]] = {}
    types: dict[str, set[type]] = {}
    for column, values in zip(spec.columns, _columns_of(spec, records), strict=True):
        columns[column.key], types[column.key] = _clean_column(column.kind, values)
    key = _cache_key(spec, columns, types)
    payload = _cached(key)
    if payload is not None:
        return payload
    keyed = list(zip(*(_sort_column(columns[k]) for k in spec.key_columns), strict=True))
    order = sorted(range(len(records)), key=keyed.__getitem__)  # stable, as list.sort of the rows was
    names = sorted(columns)  # sort_keys=True
    template = "{" + ",".join(f"{_encode_text(n).replace('%', '%%')}:%s" for n in names) + "}"
    texts = list(zip(*(_json_column(columns[n]) for n in names), strict=True))
    payload = ("[" + ",".join([template % texts[i] for i in order]) + "]").encode()
    _remember(key, payload)
    return payload


def block_hash(payload: bytes) -> str:
    """sha256 of a canonical block."""
    return hashlib.sha256(payload).hexdigest()


@dataclass(frozen=True)
class Block:
    """The rows of one sheet for one fiscal year."""

    sheet: str
    fiscal_year: int
    records: tuple[Record, ...]
    sample: bool = False
    agency: str = ""  # "" the install's own agency, "*" a shared sheet, else an agency's code (issue 14)

    @property
    def key(self) -> tuple[str, str, int]:
        """Where the block sits in a version: (agency, sheet, fiscal year)."""
        return (self.agency, self.sheet, self.fiscal_year)

    @property
    def payload(self) -> bytes:
        return canonical_block(SHEETS_BY_KEY[self.sheet], list(self.records))

    @property
    def digest(self) -> str:
        return block_hash(self.payload)


@dataclass(frozen=True)
class VersionInfo:
    """One saved version of the data."""

    number: int
    created_at: str  # ISO 8601 UTC
    kind: str  # seed | upload | rollback | import
    filename: str
    sha256: str
    summary: str
    source_version: int | None = None
    saved_by: str | None = None  # who saved it (None: saved before versions recorded it)
    saved_via: str | None = None  # app | oidc | local | cli (kpi.access.actor.Via)


@dataclass(frozen=True)
class Dataset:
    """Everything the dashboards show for one data version."""

    frames: Mapping[str, pd.DataFrame]
    version: VersionInfo | None = None
    sample_blocks: frozenset[tuple[str, int]] = field(default_factory=frozenset)

    def frame(self, sheet: str) -> pd.DataFrame:
        return self.frames[sheet]

    def years(self) -> list[int]:
        """Every fiscal year present in any sheet, ascending."""
        found: set[int] = set()
        for frame in self.frames.values():
            found.update(int(y) for y in frame["fiscal_year"].dropna().unique())
        return sorted(found)

    def is_sample(self, fiscal_year: int | None = None) -> bool:
        """True when the shown figures (of a year, or any) come from the bundled example data."""
        return any(fiscal_year is None or year == fiscal_year for _, year in self.sample_blocks)


def dataset_from_blocks(blocks: Iterable[Block], version: VersionInfo | None = None) -> Dataset:
    """Assemble a Dataset from stored blocks."""
    by_sheet: dict[str, list[Record]] = {s.key: [] for s in SHEETS}
    sample = set()
    for block in blocks:
        by_sheet[block.sheet].extend(block.records)
        if block.sample:
            sample.add((block.sheet, block.fiscal_year))
    frames = {key: frame_from_records(SHEETS_BY_KEY[key], rows) for key, rows in by_sheet.items()}
    return Dataset(frames=frames, version=version, sample_blocks=frozenset(sample))


def blocks_from_records(sheet: str, records: list[Record], sample: bool = False, agency: str = "") -> list[Block]:
    """Split a sheet's records into per-year blocks (a shared sheet's go under "*", whatever `agency`)."""
    owner = SHARED_AGENCY if sheet in SHARED_SHEETS else agency
    years: dict[int, list[Record]] = {}
    for record in records:
        years.setdefault(int(record["fiscal_year"]), []).append(record)
    return [Block(sheet, year, tuple(rows), sample, owner) for year, rows in sorted(years.items())]


def records_of(frame: pd.DataFrame) -> list[Record]:
    """Plain-Python records of a DataFrame (NA → None)."""
    out = []
    for row in frame.to_dict("records"):
        out.append({str(k): _plain(v) for k, v in row.items()})
    return out


def default_period(dataset: Dataset, today: dt.date) -> tuple[int, int]:
    """The fiscal year and quarter to open on: the latest year with measures or results (not a stray
    future ITA row), and its latest reported quarter; the current quarter for the current year when
    nothing is reported yet; the current fiscal year and quarter for an empty store."""
    current_year, current_quarter = fiscal_year_be(today), fiscal_quarter(today)
    planned: set[int] = set()
    for sheet in ("measures", "results"):
        planned.update(int(y) for y in dataset.frames[sheet]["fiscal_year"].dropna().unique())
    years = sorted(planned) or dataset.years()
    if not years:
        return current_year, current_quarter
    year = max(y for y in years if y <= current_year) if any(y <= current_year for y in years) else years[0]
    results = dataset.frames["results"]
    reported = results[results["fiscal_year"] == year]["quarter"].dropna()
    if len(reported):
        return year, int(reported.max())
    return year, current_quarter if year == current_year else 4
