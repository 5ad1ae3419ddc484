"""The example nginx configuration is valid nginx (checked by Debian's nginx itself)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_nginx_accepts_the_example_configuration(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).is_file():
        pytest.fail("nginx not installed: `apt-get install nginx-light` (.ci/run does this)")
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {DEPLOY / 'nginx.conf'};\n}}\n",
        encoding="utf-8",
    )
    check = subprocess.run([nginx, "-t", "-c", str(main), "-p", str(tmp_path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert "hash $arg_openid" in text and "proxy_set_header Upgrade" in text
