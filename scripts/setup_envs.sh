#!/usr/bin/env bash
# Create .venv/rasa (Python 3.10) and .venv/actions (Python 3.11) from the pinned
# requirement files; reinstall only when a requirement file changed.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {  # $1 = version like 3.10; prints a path or nothing
  local version=$1 candidate root
  for candidate in "python$version" "/usr/bin/python$version" "/usr/local/bin/python$version"; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys, venv' >/dev/null 2>&1; then
      command -v "$candidate"; return 0
    fi
  done
  root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
  for candidate in $(ls -d "$root"/versions/"$version".*/bin/python 2>/dev/null | sort -V -r); do
    if "$candidate" -c 'import sys, venv' >/dev/null 2>&1; then echo "$candidate"; return 0; fi
  done
  return 1
}

checksum() { cat "$@" | sha256sum | cut -d' ' -f1; }

make_env() {  # $1 = env name, $2 = python version, rest = install steps via functions
  local name=$1 version=$2 python
  local env=".venv/$name" stamp=".venv/$name/.requirements.sha256"
  local want
  want=$(checksum requirements/"$name"*.txt)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$env/bin/python" ]; then
    echo "✓ $env is up to date"; return 0
  fi
  if ! python=$(find_python "$version"); then
    echo "✗ Python $version was not found (looked on PATH and under pyenv)." >&2
    echo "  Install it, e.g. 'pyenv install $version' or 'apt-get install python$version python$version-venv', then re-run." >&2
    exit 1
  fi
  echo "→ creating $env with $python"
  [ -x "$env/bin/python" ] || "$python" -m venv "$env"
  "$env/bin/python" -m pip install -q --upgrade pip==23.2.1 >/dev/null 2>&1 || true
  "install_$name" "$env"
  echo "$want" > "$stamp"
  echo "✓ $env ready"
}

install_rasa() {
  "$1/bin/pip" install -q -r requirements/rasa.txt
}

install_actions() {
  # torch first and alone, so pip takes the CPU build from local disk instead of a CUDA download.
  "$1/bin/pip" install -q "$(grep '^torch==' requirements/actions.txt)"
  "$1/bin/pip" install -q -r requirements/actions.txt
  "$1/bin/pip" install -q --no-deps -r requirements/actions-nodeps.txt
}

mkdir -p .venv
make_env rasa 3.10
make_env actions 3.11
