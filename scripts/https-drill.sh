#!/usr/bin/env bash
# CI: the repository's Caddyfile in front of the API, as `docker compose --profile proxy` runs it,
# without Docker: Caddy (Debian's package, installed when missing) serves a local HTTPS site with its
# own certificate authority instead of Let's Encrypt, proxying to an API started with the image's
# production settings. The demo administrator logs in over HTTPS and the Secure session cookie
# works; HSTS is sent and plain HTTP redirects to HTTPS.
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
. "$repo_root/scripts/lib.sh"

if ! command -v caddy >/dev/null 2>&1; then
  echo "installing Debian's caddy"
  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends caddy ||
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends caddy)) >/dev/null
fi

work=$(mktemp -d /tmp/trajectoires-https.XXXXXX)
caddy_pid=
trap 'stop_api; [ -z "$caddy_pid" ] || kill "$caddy_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
free_port() { node -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

password='https drill password, not a secret'
start_api "$work/api.log" NODE_ENV=production COOKIE_SECURE=true TRUST_PROXY=true DEMO_ADMIN_PASSWORD="$password"
https_port=$(free_port)
http_port=$(free_port)
site="https://localhost:$https_port"
# The repository's Caddyfile; only the upstream (the compose service name) and the site change.
{
  printf '{\n\thttp_port %s\n\thttps_port %s\n}\n' "$http_port" "$https_port"
  sed "s/api:3000/${API_URL#http://}/; s/^{\$DOMAIN} {/localhost {\n\ttls internal/" "$repo_root/Caddyfile"
} >"$work/Caddyfile"
XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" caddy run --config "$work/Caddyfile" --adapter caddyfile >"$work/caddy.log" 2>&1 &
caddy_pid=$!
for _ in $(seq 1 60); do curl -sk -o /dev/null "$site/readyz" && break; sleep 0.5; done

echo "--- login over HTTPS through Caddy"
curl -sk -D "$work/headers" -o /dev/null -X POST "$site/api/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"admin@demo.trajectoires.local\",\"password\":\"$password\"}"
grep -i '^set-cookie: trj_session=.*; Secure' "$work/headers" || { cat "$work/headers"; echo "no Secure session cookie" >&2; exit 1; }
grep -i '^strict-transport-security: max-age=' "$work/headers" || { echo "no HSTS header" >&2; exit 1; }
cookie=$(grep -io 'trj_session=[^;]*' "$work/headers")
role=$(curl -sfk -H "cookie: $cookie" "$site/api/v1/auth/session" | jq -r .user.role)
[ "$role" = network_admin ] || { echo "the session did not hold (role: $role)" >&2; exit 1; }
echo "the session holds: $role"
code=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://localhost:$http_port/")
case "$code" in 30[18]' https://'*) echo "plain HTTP redirects: $code" ;; *) echo "plain HTTP does not redirect to HTTPS: $code" >&2; exit 1 ;; esac
echo "HTTPS drill: ok"
