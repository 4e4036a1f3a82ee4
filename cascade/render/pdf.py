"""PDF through LibreOffice: a rendered .docx/.xlsx converted headless with the bundled font map.

LibreOffice picks faces through fontconfig; without the package's `fonts.conf` (an absolute path)
every 仿宋/黑体/楷体/小标宋 falls back to one sans face. Each call gets a private profile folder,
so several conversions may run at once and a clerk's own LibreOffice settings are never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import InputError
from ..fsutil import atomic_path

FONTS_CONF = Path(__file__).resolve().with_name("fonts.conf")
SOFFICE_NAMES = ("soffice", "libreoffice")
# A plan converts in about 2 s; a conversion still running after this is stuck.
TIMEOUT_SECONDS = 180
INSTALL_HINT = ("没有找到 LibreOffice（soffice），无法转换为 PDF；请安装 LibreOffice"
                "（Debian/Ubuntu：apt-get install libreoffice-writer-nogui libreoffice-calc-nogui），"
                "或用 Word/WPS 打开 .docx 后“另存为 PDF”。")


def find_soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    return next((found for name in SOFFICE_NAMES if (found := shutil.which(name))), None)


def office_env(profile: Path) -> tuple[dict[str, str], str]:
    """Environment and `-env:UserInstallation` argument for one private LibreOffice run."""
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), HOME=str(profile))
    return env, f"-env:UserInstallation={profile.as_uri()}"


def convert(sources: list[Path], outdir: Path, target: str = "pdf") -> list[Path]:
    """Convert office files into `outdir` in one LibreOffice call; returns the converted paths."""
    soffice = find_soffice()
    if soffice is None:
        raise InputError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="cascade-lo-") as profile:
        env, user = office_env(Path(profile))
        cmd = [soffice, "--headless", "--norestore", user, "--convert-to", target,
               "--outdir", str(outdir), *map(str, sources)]
        try:
            subprocess.run(cmd, env=env, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired as exc:
            raise InputError(f"LibreOffice 转换超过 {TIMEOUT_SECONDS} 秒仍未完成，已停止。") from exc
    out = [outdir / f"{Path(s).stem}.{target}" for s in sources]
    missing = [p.name for p in out if not p.is_file()]
    if missing:
        raise InputError(f"LibreOffice 没有生成 {'、'.join(missing)}（文件可能已损坏）。")
    return out


def render_pdf(docx_path: str | Path, path: str | Path) -> Path:
    """Convert a rendered .docx to PDF at `path` (atomically: nothing half written)."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise InputError(f"输出的 PDF 文件应以 .pdf 结尾（现为“{path.name}”）。", path=path)
    with tempfile.TemporaryDirectory(prefix="cascade-pdf-") as work:
        work_dir = Path(work)
        source = work_dir / "plan.docx"
        shutil.copyfile(docx_path, source)
        (converted,) = convert([source], work_dir)
        with atomic_path(path) as tmp:
            shutil.copyfile(converted, tmp)
    return path
