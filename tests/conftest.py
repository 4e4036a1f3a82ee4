"""Shared fixtures: the bundled source documents, LibreOffice and headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FONTS_CONF = ROOT / "cascade" / "render" / "fonts.conf"
SOURCES = ROOT / "plans" / "sources"
SEEDS = {
    "guangdong": SOURCES / "guangdong-2023.txt",
    "meizhou": SOURCES / "meizhou-2023.txt",
    "kaiping": SOURCES / "kaiping-2024.txt",
    "suizhou": SOURCES / "suizhou-2024.txt",
}


@pytest.fixture(scope="session")
def seed_paths() -> dict[str, Path]:
    """Paths of the four bundled source texts, by short name."""
    return dict(SEEDS)


@pytest.fixture(scope="session")
def seed_plans():
    """The four bundled sources parsed once per test session, by short name."""
    from cascade.parse import parse_file

    return {name: parse_file(path) for name, path in SEEDS.items()}


def _binary(names: tuple[str, ...], what: str) -> str:
    """The first of `names` on PATH; missing, skip the test here but fail it in CI (CI is set)."""
    found = next(filter(None, map(shutil.which, names)), None)
    if not found:
        if os.environ.get("CI"):
            pytest.fail(f"CI 环境缺少 {what}，相关检查必须运行。")
        pytest.skip(f"本机没有安装 {what}，跳过这项检查。")
    return found


@pytest.fixture(scope="session")
def soffice() -> str:
    """The LibreOffice binary (skip here without it, fail in CI)."""
    return _binary(("soffice", "libreoffice"), "LibreOffice（soffice）")


@pytest.fixture(scope="session")
def soffice_convert(soffice, tmp_path_factory):
    """convert(path, target="pdf", outdir=None) -> the converted file, written by LibreOffice.

    `target` is soffice's --convert-to value (pdf, "xlsx:Calc MS Excel 2007 XML"); fonts come
    from cascade/render/fonts.conf and every call has its own LibreOffice profile, so parallel
    workers do not lock each other out.
    """
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}

    def convert(path: Path, target: str = "pdf", outdir: Path | None = None) -> Path:
        path = Path(path)
        outdir = Path(outdir or path.parent)
        profile = tmp_path_factory.mktemp("lo-profile")
        run = subprocess.run(
            [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
             "--convert-to", target, "--outdir", str(outdir), str(path)],
            env=env, capture_output=True, text=True, timeout=240,
        )
        result = outdir / f"{path.stem}.{target.split(':')[0]}"
        assert run.returncode == 0 and result.exists(), (run.stdout + run.stderr)[-2000:]
        return result

    return convert


@pytest.fixture(scope="session")
def to_pdf(soffice_convert):
    """to_pdf(path, outdir=None) -> the PDF LibreOffice makes of a .docx/.xlsx."""

    def convert(path: Path, outdir: Path | None = None) -> Path:
        return soffice_convert(path, "pdf", outdir)

    return convert


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium binary (skip here without it, fail in CI)."""
    return _binary(("chromium", "chromium-browser"), "chromium")


@pytest.fixture(scope="session")
def chromium_dom(chromium, tmp_path_factory):
    """chromium_dom(url) -> the page's DOM after its scripts ran, from headless Chromium."""

    def dump(url: str) -> str:
        profile = tmp_path_factory.mktemp("chromium-profile")
        run = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile}", "--dump-dom", url],
            capture_output=True, text=True, timeout=120,
        )
        assert "</html>" in run.stdout, run.stderr[-2000:]
        return run.stdout

    return dump
