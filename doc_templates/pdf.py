"""แปลง .docx เป็น PDF ด้วย LibreOffice (soffice --headless --convert-to pdf).

Each call uses its own throw-away LibreOffice profile
(``-env:UserInstallation=file:///tmp/…``) so parallel conversions do not
fight over one profile lock, and a timeout so a hung soffice cannot hang the
caller. ``FONTCONFIG_FILE`` points at a configuration that maps "TH Sarabun
New" to Laksaman (fonts-tlwg-laksaman) at TH Sarabun's size when the real font
is not installed (see :mod:`.font_substitute`). Missing LibreOffice or missing Thai font → :class:`PdfUnavailable`
naming the Debian packages to install.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterable, Union

from .errors import DocumentError, PdfUnavailable
from .font_substitute import fontconfig_file

FONTCONFIG_FILE = Path(__file__).resolve().parent / "fonts" / "fonts.conf"
PACKAGES = "libreoffice-writer-nogui และ fonts-tlwg-laksaman"
INSTALL_HINT = (
    "กรุณาติดตั้งแพ็กเกจ Debian 'libreoffice-writer-nogui' และ 'fonts-tlwg-laksaman' "
    "(sudo apt-get install libreoffice-writer-nogui fonts-tlwg-laksaman)"
)
DEFAULT_TIMEOUT = 180
THAI_FONT_FAMILIES = ("th sarabun", "laksaman")  # "Laksaman Sarabun Scale" included


def find_soffice(soffice: str | None = None) -> str:
    """Path of the soffice binary, or PdfUnavailable saying what to install."""
    candidate = soffice or os.environ.get("KHAMRAP_SOFFICE") or "soffice"
    found = shutil.which(candidate)
    if not found:
        raise PdfUnavailable(f"ไม่พบโปรแกรม LibreOffice ('{candidate}') {INSTALL_HINT}")
    return found


def font_env() -> dict:
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(fontconfig_file())
    return env


@functools.lru_cache(maxsize=4)
def matched_font(family: str = "TH Sarabun New") -> str | None:
    """What fontconfig (with our alias file) gives for ``family``; None when
    fc-match is not available to ask."""
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return None
    out = subprocess.run(
        [fc_match, "-f", "%{family}", family], env=font_env(), capture_output=True,
        text=True, timeout=30,
    )
    return out.stdout.strip()


def check_thai_font() -> None:
    """Raise PdfUnavailable when neither TH Sarabun New nor Laksaman is installed."""
    family = matched_font()
    if family is not None and not any(f in family.lower() for f in THAI_FONT_FAMILIES):
        raise PdfUnavailable(
            f"ไม่พบฟอนต์ภาษาไทย 'TH Sarabun New' หรือ 'Laksaman' (ระบบเลือก '{family}' แทน) "
            "กรุณาติดตั้งแพ็กเกจ Debian 'fonts-tlwg-laksaman'"
        )


def convert_many_to_pdf(
    sources: Iterable[Union[str, os.PathLike, bytes]],
    *,
    soffice: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[bytes]:
    """Convert several .docx (paths or bytes) with ONE soffice start; PDFs in order."""
    binary = find_soffice(soffice)
    check_thai_font()
    sources = list(sources)
    with tempfile.TemporaryDirectory(prefix="khamrap-pdf-") as work:
        work_dir = Path(work)
        inputs = []
        for i, src in enumerate(sources):
            dst = work_dir / f"doc{i:04d}.docx"
            if isinstance(src, (bytes, bytearray)):
                dst.write_bytes(src)
            else:
                try:
                    shutil.copyfile(src, dst)
                except OSError as exc:
                    raise DocumentError(f"เปิดไฟล์ '{src}' ไม่ได้ ({exc.strerror})") from None
            inputs.append(dst)
        out_dir = work_dir / "out"
        try:
            proc = run_soffice(binary, "pdf:writer_pdf_Export", inputs, work_dir, out_dir, timeout)
        except subprocess.TimeoutExpired:
            raise DocumentError(f"แปลงเป็น PDF ไม่สำเร็จ: LibreOffice ทำงานเกิน {timeout:g} วินาที") from None
        results = []
        for src in inputs:
            pdf = out_dir / (src.stem + ".pdf")
            if not pdf.exists():
                detail = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip()[-300:]
                raise DocumentError(
                    f"แปลงเป็น PDF ไม่สำเร็จ (LibreOffice รหัส {proc.returncode}): {detail or 'ไม่มีไฟล์ผลลัพธ์'}"
                )
            results.append(pdf.read_bytes())
        return results


def run_soffice(binary, convert_to: str, inputs, work_dir: Path, out_dir: Path, timeout: float):
    """One headless soffice run converting ``inputs`` into ``out_dir``, with its own profile
    under ``work_dir`` (parallel runs never share a profile lock)."""
    cmd = [
        binary,
        f"-env:UserInstallation={(work_dir / 'profile').as_uri()}",
        "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
        "--convert-to", convert_to,
        "--outdir", str(out_dir),
        *map(str, inputs),
    ]
    return subprocess.run(cmd, env={**font_env(), "HOME": str(work_dir)}, capture_output=True,
                          timeout=timeout, cwd=work_dir)


def convert_office_file(path, target: str, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """An old Office file (.doc/.xls) converted by LibreOffice to ``target`` ("docx"/"xlsx").
    Raises DocumentError (Thai) when LibreOffice is missing, times out or writes nothing."""
    binary = find_soffice()
    with tempfile.TemporaryDirectory(prefix="khamrap-convert-") as work:
        work_dir = Path(work)
        source = work_dir / f"source{Path(path).suffix.lower()}"
        shutil.copyfile(path, source)
        try:
            proc = run_soffice(binary, target, [source], work_dir, work_dir / "out", timeout)
        except subprocess.TimeoutExpired:
            raise DocumentError(f"LibreOffice ทำงานเกิน {timeout:g} วินาที") from None
        result = work_dir / "out" / f"source.{target}"
        if not result.exists():
            detail = (proc.stderr or proc.stdout or b"").decode("utf-8", "replace").strip()[-300:]
            raise DocumentError(f"LibreOffice รหัส {proc.returncode}: {detail or 'ไม่มีไฟล์ผลลัพธ์'}")
        return result.read_bytes()


def convert_to_pdf(
    docx: Union[str, os.PathLike, bytes],
    *,
    soffice: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> bytes:
    """แปลงไฟล์ .docx (path หรือ bytes) เป็น PDF และคืนค่าเป็น bytes."""
    return convert_many_to_pdf([docx], soffice=soffice, timeout=timeout)[0]
