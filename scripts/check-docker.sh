#!/bin/sh
# Checks the container setup without a Docker engine (CI has none):
#   1. docker-compose.yml is valid (`docker-compose config`, v1 or the v2 plugin);
#   2. .env.example documents every setting of config/env.ts;
#   3. the Dockerfile's build stage (`npm run build` on the build context) yields a dist/ with every
#      entry point and asset the runtime needs, importing only production dependencies;
#   4. the runtime stage (`npm ci --omit=dev` and dist/) holds none of the development tools;
#   5. the built entry point refuses to start in production without MONGODB_URI, in one line;
#   6. the built --http and --workers processes start in production mode (MongoDB stand-in, the
#      local Redis), answer /readyz, render pages and serve /metrics, and stop cleanly on SIGTERM.
# Usage: sh scripts/check-docker.sh   (or npm run check:docker)
set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/check-docker.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
cd "$repo"

step() { printf '\n== %s\n' "$1"; }
fail() { printf 'check-docker: %s\n' "$1" >&2; exit 1; }

step "docker-compose config"
# Compose v1 insists that `env_file: .env` exists; check against a copy of .env.example, never the real .env.
mkdir "$work/compose"
cp docker-compose.yml Dockerfile "$work/compose/"
cp .env.example "$work/compose/.env"
if command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f "$work/compose/docker-compose.yml" --project-directory "$work/compose" config -q
elif docker compose version >/dev/null 2>&1; then
  docker compose -f "$work/compose/docker-compose.yml" --project-directory "$work/compose" config -q
else
  fail "neither docker-compose nor the docker compose plugin is installed (apt-get install docker-compose)"
fi
echo "docker-compose.yml is valid"

step ".env.example against config/env.ts"
npx --no-install tsx scripts/check-env-example.ts

step "build stage: npm run build on the build context"
# The context is the repo minus .dockerignore (root-relative entries, as that file asks).
grep -v -e '^#' -e '^[[:space:]]*$' .dockerignore | sed 's|^|./|' >"$work/excludes"
mkdir "$work/app"
tar -C "$repo" --anchored --exclude-from="$work/excludes" -cf - . | tar -C "$work/app" -xf -
[ ! -e "$work/app/test" ] && [ ! -e "$work/app/node_modules" ] || fail ".dockerignore no longer keeps test/ or node_modules/ out of the context"
# The image installs its own node_modules with `npm ci`; here the repo's installed ones stand in.
ln -s "$repo/node_modules" "$work/app/node_modules"
(cd "$work/app" && npm run build --silent)
npx --no-install tsx scripts/check-dist.ts "$work/app"

step "runtime stage: production dependencies only, without the development tools"
# As the Dockerfile's runtime stage: package files, `npm ci --omit=dev`, dist/ beside them.
mkdir "$work/runtime"
cp package.json package-lock.json "$work/runtime/"
cp -R "$work/app/dist" "$work/runtime/dist"
(cd "$work/runtime" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
for tool in mingo smtp-server mongodb-memory-server-core mongodb-memory-server; do
  [ ! -e "$work/runtime/node_modules/$tool" ] || fail "the runtime stage installs the development tool $tool"
done
[ ! -e "$work/runtime/dist/tools" ] || fail "dist/tools/ is in the runtime image"
echo "runtime stage holds no stand-in, mail catcher or mongod download (mingo, smtp-server, mongodb-memory-server); mailparser stays: replies by e-mail are parsed in production"

step "dist/main/main.js in production without MONGODB_URI"
status=0
output=$(cd "$work/runtime" && env -i PATH="$PATH" HOME="$work" NODE_ENV=production node dist/main/main.js --http 2>&1) || status=$?
printf '%s\n' "$output"
[ "$status" -eq 1 ] || fail "expected exit status 1, got $status"
[ "$(printf '%s\n' "$output" | wc -l)" -eq 1 ] || fail "expected exactly one line of output"
printf '%s' "$output" | grep -q 'MONGODB_URI' || fail "the refusal does not name MONGODB_URI"

step "dist/ run as the containers run it (production mode, stand-in MongoDB, local Redis)"
npx --no-install tsx scripts/smoke-dist.ts "$work/runtime"

printf '\ncheck-docker: OK\n'
