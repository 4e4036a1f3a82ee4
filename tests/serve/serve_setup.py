"""Constants the web app's tests share: the token, the port, the bundled plans."""

from pathlib import Path

SOURCES = Path(__file__).resolve().parents[2] / "plans" / "sources"
TOKEN = "test-token-0123456789"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
