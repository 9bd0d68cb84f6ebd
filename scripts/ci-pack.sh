#!/usr/bin/env bash
# CI: the client and the CLI as a partner gets them. Packs both with pnpm, installs the tarballs
# with plain npm in an empty folder outside the repository, then, against an API started on the
# demo data: a three-line ESM script prints the 2019 placement by campus, and the installed CLI
# prints --help, the same figures as a table, and the API's CSV byte for byte. tsc checks the
# client's bundled types from there.
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
. "$repo_root/scripts/lib.sh"

work=$(mktemp -d /tmp/trajectoires-pack.XXXXXX)
trap 'stop_api; rm -rf "$work"' EXIT
case "$work" in "$repo_root"/*) echo "the work folder must be outside the repository" >&2; exit 1 ;; esac

echo "packing @trajectoires/client and @trajectoires/cli"
pnpm --dir "$repo_root" --filter @trajectoires/client --filter @trajectoires/cli exec pnpm pack --pack-destination "$work/tarballs" >/dev/null
ls "$work/tarballs"

echo "installing them with npm in $work/partner"
mkdir "$work/partner"
cd "$work/partner"
echo '{ "name": "partner", "private": true, "type": "module" }' >package.json
npm install --no-audit --no-fund --loglevel=error "$work"/tarballs/*.tgz
if [ -e node_modules/tsx ] || [ -e node_modules/@trajectoires/contract ]; then
  echo "tsx or the contract was installed: the packages must not need them" >&2
  exit 1
fi

start_api "$work/api.log"
echo "API at $API_URL"

cat >placement.mjs <<'JS'
import { createClient } from '@trajectoires/client'
const { groups } = await createClient({ baseUrl: process.argv[2] }).getPlacement({ exitYear: 2019, groupBy: 'campus' })
for (const g of groups) console.log(`${g.labels.campus}: ${g.rate === null ? 'secret' : (g.rate * 100).toFixed(1) + ' %'} of ${g.denominator}`)
JS
echo "--- node placement.mjs"
node placement.mjs "$API_URL" | tee placement.txt
grep -q 'Lyon: ' placement.txt || { echo "no campus named Lyon in the script's output" >&2; exit 1; }

echo "--- the client's types, from the tarball (tsc, strict, library files checked too)"
cat >typed.ts <<'TS'
import { createClient, type PlacementGroup } from '@trajectoires/client'
const { groups } = await createClient({ baseUrl: 'http://localhost:3000' }).getPlacement({ exitYear: 2019, groupBy: 'campus' })
const names: string[] = groups.map((g: PlacementGroup) => `${g.labels.campus ?? g.key.campus}`)
// @ts-expect-error: a placement query has no such filter, and the types say so.
void createClient({ baseUrl: 'x' }).getPlacement({ exitYear: '2019' }), names
TS
"$repo_root/node_modules/.bin/tsc" --noEmit --strict --target es2022 --module nodenext --moduleResolution nodenext --types node --typeRoots "$repo_root/node_modules/@types" typed.ts
echo "types: ok"

echo "--- trajectoires --help"
npx --no-install trajectoires --help | head -n 3
echo "--- trajectoires stats placement --exit-year 2019 --group-by campus"
npx --no-install trajectoires stats placement --api-url "$API_URL" --exit-year 2019 --group-by campus
echo "--- trajectoires stats placement --format csv, compared with the API's bytes"
npx --no-install trajectoires stats placement --api-url "$API_URL" --exit-year 2019 --group-by campus --format csv >cli.csv
curl -sf "$API_URL/api/v1/stats/placement?exitYear=2019&groupBy=campus&format=csv" -o api.csv
cmp cli.csv api.csv
echo "the CLI's CSV is the API's, byte for byte ($(wc -c <api.csv) bytes)"
echo "packages outside the repository: ok"
