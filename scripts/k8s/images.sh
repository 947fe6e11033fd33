#!/usr/bin/env bash
# Builds every image the local k3s cluster runs — nothing can be pulled here — and saves them as
# docker archives into the directory given (k3s imports <data-dir>/agent/images/*.tar when it
# starts; scripts/k8s/up.sh imports changed ones into a running cluster). Archives are rewritten only
# when an image changed (their image IDs are kept beside them in <name>.ids).
#   k3s.tar    localhost/k3s/pause:local (the sandbox), localhost/k3s/coredns:<version>
#   dapr.tar   localhost/dapr/{operator,injector,sentry,placement,scheduler,daprd}:<version>, what Dapr's
#              Helm chart names with global.registry=localhost/dapr (binaries from scripts/k8s/build.sh)
#   infra.tar  localhost/todo-chatbot/{postgres,kafka}:local (scripts/containers/local-infra.sh)
#   app.tar    localhost/todo-chatbot/<service>:k3s, the four services (scripts/containers/images.sh
#              --tag k3s: a tag of its own, so images built by other work on this machine don't replace them)
# Usage: scripts/k8s/images.sh <archive-dir>
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:?usage: scripts/k8s/images.sh <archive-dir>}"
mkdir -p "$out"
bin="${HOME}/.cache/todo-chatbot/k8s/bin"
coredns_version=$(sed -n 's/^COREDNS_VERSION="v\(.*\)"$/\1/p' scripts/k8s/build.sh)
dapr_version=$(sed -n 's/^require github.com\/dapr\/dapr v\([0-9.]*\)$/\1/p' dapr/local/build/go.mod)

build() { # image, context dir, then Containerfile lines
  local image=$1 context=$2
  shift 2
  printf '%s\n' "$@" | nice -n 10 podman build --quiet --format docker -t "$image" -f - "$context" >/dev/null
}
# Saves images into <out>/<archive>.tar unless the same image IDs are already there.
save() {
  local archive=$1
  shift
  local ids
  ids=$(for image in "$@"; do echo "$image $(podman image inspect --format '{{.Id}}' "$image")"; done)
  if [ -f "$out/$archive.tar" ] && [ "$(cat "$out/$archive.ids" 2>/dev/null)" = "$ids" ]; then return; fi
  rm -f "$out/$archive.tar" "$out/$archive.ids"
  podman save --quiet -m --format docker-archive -o "$out/$archive.tar.part" "$@"
  mv "$out/$archive.tar.part" "$out/$archive.tar"
  echo "$ids" >"$out/$archive.ids"
  echo "saved $archive.tar ($(du -m "$out/$archive.tar" | cut -f1) MB): $*" >&2
}

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT

# The sandbox and DNS: static Go binaries on an empty file system.
cp "$bin/pause" "$bin/coredns-v$coredns_version" "$context/"
build localhost/k3s/pause:local "$context" 'FROM scratch' 'COPY pause /pause' 'USER 65535:65535' 'ENTRYPOINT ["/pause"]'
build "localhost/k3s/coredns:$coredns_version" "$context" 'FROM scratch' "COPY coredns-v$coredns_version /coredns" \
  'USER 65532:65532' 'ENTRYPOINT ["/coredns"]'
save k3s localhost/k3s/pause:local "localhost/k3s/coredns:$coredns_version"

# Dapr: daprd and the scheduler are linked against glibc, so every Dapr image is the services' Node
# base (Debian trixie; shared layers) plus one binary at /<name>, run as a numeric non-root user as
# the chart's runAsNonRoot requires. That user is in /etc/passwd with group 65532, as distroless's
# `nonroot` (Dapr's own base) is: the chart sets runAsUser only, so the group comes from there, and
# Dapr refuses to start in Kubernetes unless it runs as 65532:65532.
read -r node_runtime _ < <(bash scripts/containers/local-base.sh)
build "localhost/dapr/base:$dapr_version" "$context" "FROM $node_runtime" \
  'RUN echo "nonroot:x:65532:" >>/etc/group && echo "nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin" >>/etc/passwd'
dapr_images=()
for name in operator injector sentry placement scheduler daprd; do
  cp "$bin/dapr-v$dapr_version/$name" "$context/$name"
  build "localhost/dapr/$name:$dapr_version" "$context" "FROM localhost/dapr/base:$dapr_version" "COPY $name /$name" 'WORKDIR /' \
    'USER 65532:65532' 'ENTRYPOINT []' "CMD [\"/$name\"]"
  dapr_images+=("localhost/dapr/$name:$dapr_version")
done
save dapr "${dapr_images[@]}"

bash scripts/containers/local-infra.sh >/dev/null
save infra localhost/todo-chatbot/postgres:local localhost/todo-chatbot/kafka:local

bash scripts/containers/images.sh --tag k3s >&2
save app localhost/todo-chatbot/{mcp-server,chat-gateway,recurrence,notification}:k3s
