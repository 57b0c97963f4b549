#!/usr/bin/env bash
# Installs what tlspeek needs, non-interactively, only when something is missing.
#   scripts/install-deps.sh build   # libssl-dev, zlib1g-dev, libbrotli-dev, pkg-config (to build and run)
#   scripts/install-deps.sh test    # + curl, openssl, tshark, python3-venv, python3-jsonschema (HAR
#                                   #   schema test), nginx-light (load test), and sslyze (PyPI) in
#                                   #   .build/venv-sslyze (to run the tests)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-build}"
want=(libssl-dev zlib1g-dev libbrotli-dev pkg-config openssl)
if [[ "$mode" == "test" ]]; then
  want+=(curl tshark python3-venv python3-jsonschema nginx-light)
fi
missing=()
for package in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture; answer "no" ahead of time.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | "${sudo_cmd[@]}" debconf-set-selections
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The TLS scanner for the client leg's test (TLSPolicyScanTests), in a venv of its own.
if [[ "$mode" == "test" && ! -x .build/venv-sslyze/bin/sslyze ]]; then
  echo "installing: sslyze (PyPI) into .build/venv-sslyze"
  python3 -m venv .build/venv-sslyze
  .build/venv-sslyze/bin/pip install --quiet --disable-pip-version-check --no-input "sslyze==6.3.1"
fi
