"""Render office files as a reader would see them: LibreOffice to PDF, poppler to page images.

Skipped on a laptop without LibreOffice/poppler; required (never skipped) when CI=true (.ci/run
installs libreoffice-impress/-writer/-calc, poppler-utils and fonts-thai-tlwg, with the fontconfig
alias in scripts/fonts/ that maps "TH Sarabun New" to the metric-compatible Laksaman).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import in_ci


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if in_ci():
            pytest.fail(f"CI=true but {name} is not installed")
        pytest.skip(f"{name} is not installed")
    return path


def office_to_pdf(data: bytes, suffix: str) -> bytes:
    """The PDF LibreOffice prints for a PPTX/DOCX/XLSX file (`suffix` like ".docx")."""
    soffice = _tool("soffice")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"file{suffix}"
        source.write_bytes(data)
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", tmp, str(source)],
            check=True, capture_output=True, timeout=240,
        )  # fmt: skip
        return (Path(tmp) / "file.pdf").read_bytes()


def pdf_page_count(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def pdf_to_pngs(pdf: bytes, out_dir: Path, stem: str, dpi: int = 60) -> list[Path]:
    """One PNG per page (pdftoppm), named stem-N.png in out_dir."""
    pdftoppm = _tool("pdftoppm")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "file.pdf"
        source.write_bytes(pdf)
        subprocess.run([pdftoppm, "-r", str(dpi), "-png", str(source), str(out_dir / stem)], check=True, timeout=240)
    return sorted(out_dir.glob(f"{stem}-*.png"))
