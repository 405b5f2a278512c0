#!/bin/sh
# Installs, builds and starts Gatehouse on the embedded SQLite database with demo data.
set -e
cd "$(dirname "$0")/.."
. scripts/pnpm.sh
ensure_pnpm
pnpm install --frozen-lockfile --reporter=default
pnpm build
echo
echo "Starting Gatehouse. Open http://${HOST:-127.0.0.1}:${PORT:-3000} and sign in as ${ADMIN_USERNAME:-admin};"
echo "on the first start the password is printed below (or is ADMIN_PASSWORD if you set it)."
DEMO_DATA="${DEMO_DATA:-true}" exec pnpm start
