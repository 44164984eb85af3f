"""The bad-input corpus (tests/corpus/) run through every path a user has: the upload page's function,
`python -m kpi validate --json` and `load`, the report importer and `import-report`.

For every case: the expected problem codes are reported; every message is Thai and, where the case
names a place, says which sheet, Excel row and column; no planted identity appears in any message,
JSON, log line or stored field; and a refused input leaves the store byte-identical.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

import pytest
from actors import ADMIN
from corpus import BadInput, all_cases

from kpi.cli.main import main
from kpi.core.settings import SAMPLE_WORKBOOK
from kpi.ingest.upload import commit_upload, prepare_upload
from kpi.store.database import Store

CASES = all_cases()
THAI = re.compile("[\u0e01-\u0e5b]")
_FILE_SAFE = re.compile(r"^[^/\\\x00-\x1f]{1,120}$")


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the bundled sample (as a user's store would), built once and copied per case."""
    path = tmp_path_factory.mktemp("seed") / "store.sqlite3"
    store = Store(f"sqlite:///{path}")
    data = SAMPLE_WORKBOOK.read_bytes()
    assert commit_upload(store, prepare_upload(data, SAMPLE_WORKBOOK.name, store.dataset()), actor=ADMIN) == 1
    store.engine.dispose()  # checkpoints the WAL into the main file
    return path


def _store_bytes(path: Path) -> bytes:
    parts = [path, path.with_name(path.name + "-wal")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


def _stored_text(store: Store) -> str:
    """Everything the store holds, readable: version fields and every block's records."""
    texts = []
    for version in store.versions():
        texts.append(json.dumps(version.__dict__, ensure_ascii=False, default=str))
        texts.extend(
            json.dumps(block.records, ensure_ascii=False, default=str) for block in store.blocks(version.number)
        )
    return "\n".join(texts)


def _assert_no_identity(case: BadInput, *outputs: str) -> None:
    for identity in case.identities:
        for output in outputs:
            assert identity not in output, f"{case.name}: a planted identity was repeated back"


def test_the_corpus_covers_at_least_sixty_kinds() -> None:
    assert len(CASES) >= 60, len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(
    case: BadInput,
    seeded_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    db = tmp_path / "store.sqlite3"
    shutil.copyfile(seeded_db, db)
    url = f"sqlite:///{db}"
    monkeypatch.setenv("KPI_DATABASE_URL", url)
    store = Store(url)
    before = _store_bytes(db)
    data = case.build()
    name = case.filename if _FILE_SAFE.match(case.filename) else "case" + Path(case.filename.replace("\x00", "")).suffix
    file = tmp_path / name
    file.write_bytes(data)

    if case.path == "report":
        _check_report(case, data, file, capsys)
    else:
        _check_upload(case, data, store, file, capsys)

    rest = capsys.readouterr()
    _assert_no_identity(case, rest.out, rest.err, caplog.text)
    if case.refused:
        assert _store_bytes(db) == before, f"{case.name}: a refused input changed the store"
    else:
        _assert_no_identity(case, _stored_text(store), _store_bytes(db).decode("utf-8", "replace"))


def _check_upload(case: BadInput, data: bytes, store: Store, file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = prepare_upload(data, case.filename, store.dataset())
    codes = {p.code for p in plan.problems}
    assert set(case.codes) <= codes, f"{case.name}: expected {case.codes}, got {sorted(codes)}"
    assert plan.ok is not case.refused, [p.code for p in plan.errors]
    for p in plan.problems:
        assert THAI.search(p.message), f"{case.name}: message not in Thai: {p.code}"
    if case.at is not None:
        sheet, row, column = case.at
        located = [(p.sheet, p.row, p.column) for p in plan.problems if p.code == case.codes[0]]
        assert (sheet, row, column) in located, f"{case.name}: {case.codes[0]} at {located}, expected {case.at}"
        first = next(p for p in plan.problems if p.code == case.codes[0] and (p.sheet, p.row, p.column) == case.at)
        if row is not None:
            assert THAI.search(first.location()) and str(row) in first.location()
    shown = json.dumps(
        [p.to_json() for p in plan.problems] + [plan.summary, plan.filename], ensure_ascii=False
    )  # everything the page renders
    _assert_no_identity(case, shown, plan.summary)

    assert main(["validate", str(file), "--json"]) == (1 if case.refused else 0)
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is not case.refused
    assert set(case.codes) <= {p["code"] for p in payload["problems"]}
    _assert_no_identity(case, json.dumps(payload, ensure_ascii=False))

    assert main(["load", str(file)]) == (1 if case.refused else 0)
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    _assert_no_identity(case, out.out, out.err)


def _check_report(case: BadInput, data: bytes, file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kpi.ingest.report.importer import parse_report
    from kpi.ingest.report.model import ReportImportError

    if case.refused:
        with pytest.raises(ReportImportError) as info:
            parse_report(data, case.filename)
        assert getattr(info.value, "code", None) in case.codes, getattr(info.value, "code", None)
        assert THAI.search(info.value.message_th)
        _assert_no_identity(case, info.value.message_th)
    else:
        report = parse_report(data, case.filename)
        _assert_no_identity(case, json.dumps(report.to_json_dict(), ensure_ascii=False))
    assert main(["import-report", str(file), "--json"]) == (1 if case.refused else 0)
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    _assert_no_identity(case, out.out, out.err)
