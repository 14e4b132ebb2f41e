#!/usr/bin/env bash
# Installs the VS Code the tests run against: code-server 4.100.3 (VS Code 1.100.3 on
# Node 20) into .vscode-test/, plus Debian's Chromium and the native build headers.
# @vscode/test-electron cannot download VS Code on our CI machines; code-server from
# npm can be installed there with the steps below (see VSCODE-TESTING.md).
#
# Idempotent: a marker written after a complete install makes a second run take a
# second or two. Any failed step stops the script with a message naming that step.
#
# Usage: bash scripts/vscode-test/install.sh
# Env:   VSCODE_TEST_DIR  install folder (default: <repo>/.vscode-test)
set -euo pipefail

readonly CODE_SERVER_VERSION=4.100.3
readonly APT_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium)

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
tools_dir="${VSCODE_TEST_DIR:-$repo_root/.vscode-test}/code-server-$CODE_SERVER_VERSION"
code_server_dir="$tools_dir/node_modules/code-server"
vscode_dir="$code_server_dir/lib/vscode"
marker="$tools_dir/.installed"
started_at=$SECONDS

current_step=""
on_error() {
  local status=$?
  echo "" >&2
  echo "vscode-test install: step '$current_step' failed (exit $status)." >&2
  echo "  Folder: $tools_dir" >&2
  echo "  Fix the cause shown above, then run 'bash scripts/vscode-test/install.sh' again;" >&2
  echo "  to start over, delete the folder first." >&2
  exit "$status"
}
trap on_error ERR

step() {
  current_step="$1"
  echo "vscode-test install: $1"
}

# Files whose presence proves each step finished; the marker alone could outlive them.
installed_files=(
  "$code_server_dir/out/node/entry.js"
  "$vscode_dir/node_modules/node-pty/build/Release/pty.node"
  "$vscode_dir/node_modules/@vscode/ripgrep/bin/rg"
  "$vscode_dir/extensions/node_modules"
)

apt_missing() {
  local missing=()
  for package in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$package")
    fi
  done
  echo "${missing[@]:-}"
}

install_apt_packages() {
  local missing
  missing="$(apt_missing)"
  if [[ -z "$missing" ]]; then
    return 0
  fi
  step "apt-get install $missing"
  local sudo=()
  if [[ "$(id -u)" != 0 ]]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

already_installed() {
  [[ -f "$marker" && "$(cat "$marker")" == "$CODE_SERVER_VERSION" ]] || return 1
  local file
  for file in "${installed_files[@]}"; do
    [[ -e "$file" ]] || return 1
  done
}

step "check Debian packages"
install_apt_packages

if already_installed; then
  echo "vscode-test install: code-server $CODE_SERVER_VERSION already installed in $tools_dir ($((SECONDS - started_at)) s)"
  exit 0
fi

quiet_npm=(--no-audit --no-fund --loglevel=error)

step "npm install code-server@$CODE_SERVER_VERSION (without its install scripts)"
rm -f "$marker"
mkdir -p "$tools_dir"
# A package.json of its own keeps npm from installing into the project's node_modules.
[[ -f "$tools_dir/package.json" ]] || echo '{ "private": true }' >"$tools_dir/package.json"
(cd "$tools_dir" && npm install --ignore-scripts "${quiet_npm[@]}" "code-server@$CODE_SERVER_VERSION")

step "npm install VS Code server dependencies (lib/vscode)"
(cd "$vscode_dir" && npm install --omit=dev --ignore-scripts "${quiet_npm[@]}")

step "use Debian's ripgrep (the npm package would download its own)"
mkdir -p "$vscode_dir/node_modules/@vscode/ripgrep/bin"
cp /usr/bin/rg "$vscode_dir/node_modules/@vscode/ripgrep/bin/rg"

step "build node-pty"
# Its post-install helper then tries the network and fails; the addon itself is built.
(cd "$vscode_dir" && npm rebuild node-pty "${quiet_npm[@]}" >/dev/null 2>&1) || true
test -f "$vscode_dir/node_modules/node-pty/build/Release/pty.node"

step "build the other native modules of the VS Code server"
(cd "$vscode_dir" && npm rebuild kerberos @vscode/spdlog @parcel/watcher native-watchdog @vscode/deviceid "${quiet_npm[@]}")

step "link the paths code-server expects"
ln -sfn node_modules "$vscode_dir/node_modules.asar"
ln -sfn code-linux.sh "$vscode_dir/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$vscode_dir/bin/helpers/browser.sh"

step "npm install built-in extension dependencies (lib/vscode/extensions)"
(cd "$vscode_dir/extensions" && npm install --omit=dev "${quiet_npm[@]}")

step "build argon2"
(cd "$tools_dir" && npm rebuild argon2 "${quiet_npm[@]}")

step "check the installed code-server"
# The first start may log other lines (such as a default config file written), so the
# version line is searched for rather than taken as the first line.
version="$(node "$code_server_dir/out/node/entry.js" --version 2>&1 | grep -E "^$CODE_SERVER_VERSION ")"

echo "$CODE_SERVER_VERSION" >"$marker"
echo "vscode-test install: code-server $version installed in $tools_dir ($((SECONDS - started_at)) s)"
