# Sourced by the other scripts: makes `pnpm` 10 available using only Node and npm
# (corepack cannot fetch pnpm on machines without general internet access).
ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && pnpm --version 2>/dev/null | grep -q '^10\.'; then
    return 0
  fi
  echo "Installing pnpm 10 with npm…"
  if ! npm install --global --silent pnpm@10 >/dev/null 2>&1; then
    npm install --global --silent --prefix "$HOME/.local" pnpm@10
    PATH="$HOME/.local/bin:$PATH"
    export PATH
  fi
  hash -r 2>/dev/null || true
  pnpm --version >/dev/null
}
