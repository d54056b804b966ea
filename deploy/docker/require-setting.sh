#!/bin/sh
# require-setting <compiled config file> <SETTING> [<SETTING>…] -- <command…>
#
# Starts <command> only if the compiled config file mentions every SETTING. Used by the clustered
# services of deploy/docker-compose.yml and deploy/k8s/clustered: today the api and the relay do
# not read EVENTSTORE_CONNECTION_STRING / READMODEL_URL (issue 5, planned), and started anyway
# each api replica would open its own SQLite file under DATA_DIR: two ledgers behind one proxy.
# Once the code reads the settings this guard lets the command through without any change here.
# A missing file (e.g. dist/apps/projector, not built yet) also refuses.
set -eu
file="$1"; shift
missing=""
while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do
  if [ ! -f "$file" ] || ! grep -q "$1" "$file"; then missing="$missing $1"; fi
  shift
done
[ "${1:-}" = "--" ] && shift
if [ -n "$missing" ]; then
  echo "refusing to start: $file does not exist or does not read:$missing" >&2
  echo "this part of the clustered topology is planned (issue 5), not built; see deploy/README.md" >&2
  exit 78
fi
exec "$@"
