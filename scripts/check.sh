#!/bin/sh
# Installs everything the tests need (pnpm, Debian's Chromium) and runs every test:
# formatting, lint, typecheck, unit and API tests, then the end-to-end tests in Chromium.
set -e
cd "$(dirname "$0")/.."
. scripts/pnpm.sh
ensure_pnpm

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || ! command -v curl >/dev/null 2>&1; then
  echo "Installing Debian's Chromium (and curl) for the tests…"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium curl >/dev/null
fi

pnpm install --frozen-lockfile --reporter=default
echo "== format"; pnpm format:check
echo "== lint"; pnpm lint
echo "== typecheck"; pnpm typecheck
echo "== unit and API tests"; pnpm test:unit
echo "== end-to-end tests"; pnpm test:e2e
echo "All checks passed."
