#!/usr/bin/env bash
# Installs the servers the integration tests start (PostgreSQL, Redis), the browser the
# page tests drive (Chromium) and the load generator the benchmarks run (wrk) from Debian's packages when they are missing and we are root. Otherwise says what is missing; under
# CI=true the tests that need a missing server then fail rather than skip.
set -euo pipefail
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if ! command -v postgres >/dev/null 2>&1 && ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
  need+=(postgresql)
fi
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "integration servers missing: ${need[*]} (as root: apt-get install -y ${need[*]})" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "installed: ${need[*]}"
