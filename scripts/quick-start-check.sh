#!/usr/bin/env bash
# The README's first quick-start command on this checkout, as a newcomer runs it: `npm start`
# with no configuration at all (embedded PGlite, demo data, outbox mail). Passes once the
# portal prints where to open it and that address serves the app and answers ready; fails
# if it exits or is not ready within QUICK_START_TIMEOUT_SECONDS. Run it before anything has
# built web/dist, so that the first build is part of what is checked (CI does).
set -euo pipefail
cd "$(dirname "$0")/.."

port="${QUICK_START_PORT:-$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")}"
timeout_seconds="${QUICK_START_TIMEOUT_SECONDS:-300}"
work="$(mktemp -d)"
log="$work/start.log"
# npm start runs the portal in a child process: the whole group is stopped, not npm alone.
trap 'kill -TERM -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# Only what separates this run from a newcomer's: a free port and a data folder of its own.
setsid env -u NODE_ENV PORT="$port" DATA_DIR="$work/data" npm start >"$log" 2>&1 &
pid=$!

started=$SECONDS
until grep -q "Open http://localhost:$port" "$log" && curl -fsS "http://localhost:$port/api/health/ready" >/dev/null 2>&1; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "npm start exited before the portal was ready:"; cat "$log"; exit 1
  fi
  if (( SECONDS - started > timeout_seconds )); then
    echo "npm start was not ready within ${timeout_seconds} s:"; cat "$log"; exit 1
  fi
  sleep 2
done
curl -fsS "http://localhost:$port/" | grep -q '<div id="root"' || { echo "the address printed does not serve the app"; exit 1; }
echo "npm start: ready at http://localhost:$port after $((SECONDS - started)) s"
