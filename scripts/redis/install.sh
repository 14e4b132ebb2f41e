#!/usr/bin/env bash
# Installs Debian's redis-server for the queue tests (they start their own server on a
# free port; nothing is started or enabled here). Quick when it is already installed.
# Debian's package enables a system service on install; the tests never use it.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "redis-server is missing and this is not a Debian-like system: install Redis 7 (redis-server on the PATH) and rerun." >&2
  exit 1
fi
sudo=()
if [[ "$(id -u)" != 0 ]]; then sudo=(sudo); fi
echo "apt-get install redis-server"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends redis-server >/dev/null
command -v redis-server >/dev/null
