#!/usr/bin/env bash
# Installs the Debian packages tlspeek needs, non-interactively, only when something is missing.
#   scripts/install-deps.sh build   # libssl-dev, zlib1g-dev, libbrotli-dev, pkg-config (to build and run)
#   scripts/install-deps.sh test    # + curl, openssl, tshark, python3-jsonschema (to run the tests)
set -euo pipefail
want=(libssl-dev zlib1g-dev libbrotli-dev pkg-config openssl)
if [[ "${1:-build}" == "test" ]]; then
  want+=(curl tshark)
fi
missing=()
for package in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
echo "installing: ${missing[*]}"
sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer "no" ahead of time.
echo "wireshark-common wireshark-common/install-setuid boolean false" | "${sudo_cmd[@]}" debconf-set-selections
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
