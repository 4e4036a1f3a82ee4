"""Legacy Word files (.doc, WPS .wps): converted to .docx through LibreOffice, or refused.

The old binary formats cannot be read directly. When LibreOffice (`soffice`) is installed the
file is converted in a private temporary folder (its own LibreOffice profile, so parallel runs
do not collide) and the .docx is read; otherwise the user is told how to save it as .docx.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError

CONVERT_TIMEOUT = 180  # seconds
SOFFICE_NAMES = ("soffice", "libreoffice")
_SAVE_AS = "请在 Word 或 WPS 中打开后另存为 .docx 再试"


def find_soffice() -> str | None:
    """The LibreOffice binary on PATH, or None."""
    return next(filter(None, map(shutil.which, SOFFICE_NAMES)), None)


def read_legacy(path: str | Path):
    """Convert a .doc/.wps to .docx with LibreOffice and read it; refuse when that cannot be done."""
    path = Path(path)
    soffice = find_soffice()
    if soffice is None:
        raise InputError(f"这是旧版 Word/WPS 文件（.doc/.wps），本机没有 LibreOffice 无法转换；{_SAVE_AS}。",
                         path=path)
    with tempfile.TemporaryDirectory(prefix="cascade-legacy-") as tmp:
        tmp_dir = Path(tmp)
        # LibreOffice picks its import filter by extension: give the copy one it knows.
        suffix = path.suffix.lower() if path.suffix.lower() in (".doc", ".wps") else ".doc"
        copy = tmp_dir / f"source{suffix}"
        shutil.copyfile(path, copy)
        profile = (tmp_dir / "profile").as_uri()
        try:
            run = subprocess.run(
                [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                 "--convert-to", "docx", "--outdir", str(tmp_dir), str(copy)],
                capture_output=True, timeout=CONVERT_TIMEOUT, env={**os.environ},
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise InputError(f"用 LibreOffice 转换旧版 Word/WPS 文件失败；{_SAVE_AS}。",
                             path=path) from exc
        converted = tmp_dir / "source.docx"
        if run.returncode != 0 or not converted.exists() or converted.stat().st_size == 0:
            raise InputError(f"LibreOffice 无法打开这份旧版 Word/WPS 文件；{_SAVE_AS}。",
                             path=path)
        from .docx import read_docx

        source = read_docx(converted)
    source.path, source.kind = str(path), "doc"
    return source
