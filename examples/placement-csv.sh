#!/bin/sh
# The network's placement rate as CSV, with curl: the rate of positive outcomes six months after
# exit (metric r_positive), one line for the network, then one per group if you ask for groups.
#
#   TRAJECTOIRES_API_URL=https://trajectoires.example.org ./examples/placement-csv.sh
#   ./examples/placement-csv.sh 'exitYear=2019&groupBy=campus' > placement-2019.csv
#
# Any query parameter of GET /api/v1/stats/placement can follow (see docs/api.md). No key is
# needed: the public figures hide small numbers. With TRAJECTOIRES_API_KEY set, the key is sent.
# The CSV is the French-spreadsheet kind: `;` between cells, decimal comma, UTF-8 with BOM.
set -eu

api_url="${TRAJECTOIRES_API_URL:-http://localhost:3000}"
query="format=csv${1:+&$1}"

if [ -n "${TRAJECTOIRES_API_KEY:-}" ]; then
  exec curl --silent --show-error --fail-with-body \
    --header 'Accept: text/csv' \
    --header "Authorization: Bearer ${TRAJECTOIRES_API_KEY}" \
    "${api_url%/}/api/v1/stats/placement?${query}"
fi
exec curl --silent --show-error --fail-with-body \
  --header 'Accept: text/csv' \
  "${api_url%/}/api/v1/stats/placement?${query}"
