# Sourced by scripts/serve and scripts/test: make .venv and install the pinned packages.
# Re-installs only when a requirements or constraints file has changed.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PYTHON=${PYTHON:-python3}
export NO_MKDOCS_2_WARNING=1   # Material's end-of-life notice: we know, see README "Future".

setup_venv() {
  local want=$1          # requirements.txt or requirements-dev.txt
  local venv=${2:-.venv}
  if [ ! -x "$venv/bin/python" ]; then
    echo "== Creating $venv with $($PYTHON --version)"
    "$PYTHON" -m venv "$venv"
  fi
  local stamp=$venv/.installed-$(basename "$want" .txt)
  local sum
  sum=$(cat requirements*.txt constraints.txt | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    echo "== Installing $want (pinned by constraints.txt)"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$want" -c constraints.txt
    echo "$sum" > "$stamp"
  fi
}

# A second venv, .venv-properdocs: the site's packages plus ProperDocs, the
# maintained fork of MkDocs 1.x. tests/test_engines.py builds the site with it.
setup_properdocs_venv() {
  setup_venv requirements-properdocs.txt .venv-properdocs
}
