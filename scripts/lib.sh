# Helpers shared by the CI scripts in this folder (sourced, not run).

# start_api LOG [VAR=value …]: starts the API from the sources on a free port, with the given
# environment on top of an embedded throwaway database seeded with the demo data, and waits until
# /readyz answers 200. Sets API_URL and API_PID. stop_api stops it.
start_api() {
  local log=$1
  shift
  : >"$log"
  (
    cd "$repo_root/services/api" &&
      exec env HOST=127.0.0.1 PORT=0 DATA_DIR=memory:// DATABASE_URL= SEED_ON_EMPTY=true WEB_DIST= \
        PUBLIC_URL= LOG_LEVEL=info "$@" node --import tsx src/server.ts
  ) >"$log" 2>&1 &
  API_PID=$!
  API_URL=
  local deadline=$((SECONDS + 240))
  while [ $SECONDS -lt $deadline ]; do
    API_URL=$(grep -o 'Trajectoires is up: dashboard http://[^/ ]*' "$log" | head -n 1 | sed 's/.* //' || true)
    if [ -n "$API_URL" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "$API_URL/readyz")" = 200 ]; then
      return 0
    fi
    if ! kill -0 "$API_PID" 2>/dev/null; then
      echo "the API exited before it was ready:" >&2
      tail -n 40 "$log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "the API was not ready within 240 s:" >&2
  tail -n 40 "$log" >&2
  return 1
}

stop_api() {
  if [ -n "${API_PID:-}" ] && kill -0 "$API_PID" 2>/dev/null; then
    kill -TERM "$API_PID"
    wait "$API_PID" 2>/dev/null || true
  fi
  API_PID=
}
