#!/usr/bin/env bash
# `npm run images`: builds the four service images from ./Dockerfile (one target each) and prints
# their sizes. Uses docker when there is one, else podman (with `--format docker`, which keeps the
# HEALTHCHECK). Tags: <prefix>/<service>:<tag>, by default localhost/todo-chatbot/<service>:dev
# (the names compose.yaml uses).
# Usage: scripts/containers/images.sh [--local-base] [--prefix P] [--tag T]
#   --local-base  build on Node 20 bases made here from Debian packages (scripts/containers/local-base.sh)
#                 instead of the public node:20-bookworm-slim; chosen by itself when podman cannot
#                 reach the public registry (as on these machines).
set -euo pipefail
cd "$(dirname "$0")/../.."
prefix=localhost/todo-chatbot tag=dev local_base=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --local-base) local_base=yes ;;
    --prefix) prefix="$2"; shift ;;
    --tag) tag="$2"; shift ;;
    *) echo "unknown option $1 (--local-base, --prefix P, --tag T)" >&2; exit 2 ;;
  esac
  shift
done

if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
  engine=(docker build)
else
  engine=(podman build --format docker)
  if [ "$local_base" = auto ]; then
    if podman image exists docker.io/library/node:20-bookworm-slim \
      || timeout 30 podman pull -q docker.io/library/node:20-bookworm-slim >/dev/null 2>&1; then
      local_base=no
    else
      echo "no image registry reachable: building on a Node 20 base made from Debian packages" >&2
      local_base=yes
    fi
  fi
fi
args=()
if [ "$local_base" = yes ]; then
  read -r runtime build < <(bash scripts/containers/local-base.sh)
  args+=(--build-arg "NODE_IMAGE=$runtime" --build-arg "BUILD_IMAGE=$build")
fi

started=$SECONDS
for service in mcp-server chat-gateway recurrence notification; do
  nice -n 10 "${engine[@]}" "${args[@]}" --target "$service" -t "$prefix/$service:$tag" -f Dockerfile . >&2
done
echo "built in $((SECONDS - started)) s:"
for service in mcp-server chat-gateway recurrence notification; do
  "${engine[0]}" image inspect --format '{{.Size}}' "$prefix/$service:$tag" \
    | awk -v name="$prefix/$service:$tag" '{ printf "  %-45s %6.1f MB\n", name, $1 / 1e6 }'
done
