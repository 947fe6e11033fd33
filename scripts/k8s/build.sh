#!/usr/bin/env bash
# Builds the local Kubernetes cluster's binaries from their Go modules (module proxy only; no binary
# downloads, no image registry), cached in ~/.cache/todo-chatbot/k8s (outside the repository, so a CI
# run in a fresh clone on this machine reuses them, like Go's build cache):
#   k3s                    github.com/k3s-io/k3s v1.32.0+k3s1 (./cmd/server; kubectl/containerd/ctr/crictl are symlinks)
#   containerd-shim-runc-v2  github.com/k3s-io/containerd v1.7.23-k3s2 (does not build inside k3s's module)
#   coredns                github.com/coredns/coredns (service names resolve in the cluster)
#   pause                  a static Go program that waits for SIGTERM (the sandbox image; see pause/)
#   dapr control plane     operator, injector, sentry, placement (scripts/k8s/dapr-build), with daprd and the
#                          scheduler of scripts/build-tools.sh: github.com/dapr/dapr at the version
#                          dapr/local/build pins; and Dapr's Helm chart from that module's source
# Facts and flags: /work/shared/notes/kubernetes.md. Go builds run under `nice` (a shared 2-core box).
# Cold: k3s ~10 min on 2 cores; warm (Go build cache filled): a relink, or nothing when the binary
# is already in the cache directory.
# Usage: scripts/k8s/build.sh [k3s] [shim] [coredns] [pause] [dapr]   (no argument: all)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
cache="${HOME}/.cache/todo-chatbot/k8s"
bin="$cache/bin"
mkdir -p "$bin" "$cache/src"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(k3s shim coredns pause dapr)

K3S_VERSION="v1.32.0+k3s1"
K3S_COMMIT="cca8facaa33a3ec7897349a8740fd96029590c31"
K3S_BUILD_DATE="2025-01-07T17:13:09Z"
CONTAINERD_VERSION="v1.7.23-k3s2"
COREDNS_VERSION="v1.12.0"
export GONOSUMDB="github.com/k3s-io"

# Copies a downloaded module's source into a writable directory (its go.mod's replace lines then
# apply as they are). Prints the directory.
module_copy() {
  local module="$1" version="$2" name="$3" dir
  dir="$cache/src/$name"
  if [ ! -f "$dir/.complete" ]; then
    local src
    src=$(GOFLAGS=-mod=mod go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    rm -rf "$dir"
    cp -r "$src" "$dir"
    chmod -R u+w "$dir"
    touch "$dir/.complete"
  fi
  echo "$dir"
}

for target in "${targets[@]}"; do
  case "$target" in
    k3s)
      out="$bin/k3s-$K3S_VERSION"
      if [ ! -x "$out" ]; then
        echo "building k3s $K3S_VERSION (a cold build takes ~10 minutes on 2 cores)…" >&2
        if ! ldconfig -p | grep -q libseccomp.so; then
          apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libseccomp-dev >/dev/null
        fi
        dir=$(module_copy github.com/k3s-io/k3s "$K3S_VERSION" "k3s-$K3S_VERSION")
        k8s_minor=$(echo "$K3S_VERSION" | sed -E 's/^v1\.([0-9]+)\..*/\1/')
        flags=""
        for pkg in k8s.io/client-go/pkg k8s.io/component-base; do
          flags="$flags -X $pkg/version.gitVersion=$K3S_VERSION -X $pkg/version.gitCommit=$K3S_COMMIT"
          flags="$flags -X $pkg/version.gitTreeState=clean -X $pkg/version.buildDate=$K3S_BUILD_DATE"
          flags="$flags -X $pkg/version.gitMajor=1 -X $pkg/version.gitMinor=$k8s_minor"
        done
        (cd "$dir" && CGO_ENABLED=1 nice -n 10 go build -trimpath \
          -tags "ctrd apparmor seccomp netcgo osusergo providerless urfave_cli_no_docs" \
          -ldflags "-X github.com/k3s-io/k3s/pkg/version.Version=$K3S_VERSION \
            -X github.com/k3s-io/k3s/pkg/version.GitCommit=${K3S_COMMIT:0:8} \
            -X github.com/k3s-io/k3s/pkg/version.UpstreamGolang=$(go env GOVERSION) \
            $flags \
            -X github.com/containerd/containerd/version.Version=$CONTAINERD_VERSION \
            -X github.com/containerd/containerd/version.Package=github.com/k3s-io/containerd \
            -w -s" \
          -o "$out.tmp" ./cmd/server)
        mv "$out.tmp" "$out"
      fi
      for link in k3s kubectl containerd ctr crictl; do ln -sfn "k3s-$K3S_VERSION" "$bin/$link"; done ;;
    shim)
      out="$bin/containerd-shim-runc-v2-$CONTAINERD_VERSION"
      if [ ! -x "$out" ]; then
        echo "building containerd-shim-runc-v2 $CONTAINERD_VERSION…" >&2
        dir=$(module_copy github.com/k3s-io/containerd "$CONTAINERD_VERSION" "containerd-$CONTAINERD_VERSION")
        (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod nice -n 10 go build -trimpath \
          -ldflags "-X github.com/containerd/containerd/version.Version=$CONTAINERD_VERSION -w -s" \
          -o "$out.tmp" ./cmd/containerd-shim-runc-v2)
        mv "$out.tmp" "$out"
      fi
      ln -sfn "containerd-shim-runc-v2-$CONTAINERD_VERSION" "$bin/containerd-shim-runc-v2" ;;
    coredns)
      out="$bin/coredns-$COREDNS_VERSION"
      if [ ! -x "$out" ]; then
        echo "building coredns $COREDNS_VERSION…" >&2
        dir=$(module_copy github.com/coredns/coredns "$COREDNS_VERSION" "coredns-$COREDNS_VERSION")
        (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod nice -n 10 go build -trimpath \
          -ldflags "-X github.com/coredns/coredns/coremain.GitCommit=$COREDNS_VERSION -w -s" -o "$out.tmp" .)
        mv "$out.tmp" "$out"
      fi ;;
    pause)
      out="$bin/pause"
      if [ ! -x "$out" ] || [ scripts/k8s/pause/main.go -nt "$out" ]; then
        echo "building pause…" >&2
        (cd scripts/k8s/pause && CGO_ENABLED=0 nice -n 10 go build -trimpath -ldflags "-w -s" -o "$out.tmp" .)
        mv "$out.tmp" "$out"
      fi ;;
    dapr)
      # The control plane from scripts/k8s/dapr-build (requires Dapr at dapr/local/build's version
      # and repeats its replace lines: the same dependency versions and flags as scripts/build-tools.sh's
      # daprd, so most packages come from Go's build cache); daprd and the scheduler are build-tools.sh's.
      version=$(sed -n 's/^require github.com\/dapr\/dapr \(v[0-9.]*\)$/\1/p' dapr/local/build/go.mod)
      if [ "$(sed -n 's/^require github.com\/dapr\/dapr \(v[0-9.]*\)$/\1/p' scripts/k8s/dapr-build/go.mod)" != "$version" ]; then
        echo "scripts/k8s/dapr-build/go.mod must require github.com/dapr/dapr $version like dapr/local/build" >&2
        exit 1
      fi
      out="$bin/dapr-$version"
      if [ ! -x "$out/placement" ]; then
        echo "building Dapr $version's operator, injector, sentry and placement…" >&2
        mkdir -p "$out"
        for cmd in operator injector sentry placement; do
          (cd scripts/k8s/dapr-build && nice -n 10 go build -trimpath -o "$out/$cmd.tmp" "github.com/dapr/dapr/cmd/$cmd")
          mv "$out/$cmd.tmp" "$out/$cmd"
        done
      fi
      if [ ! -x .cache/bin/daprd ] || [ ! -x .cache/bin/scheduler ]; then bash scripts/build-tools.sh dapr; fi
      cp -u .cache/bin/daprd .cache/bin/scheduler "$out/"
      # Dapr's Helm chart, from the module source of the same version (read-only in the module cache).
      chart=$(cd scripts/k8s/dapr-build && go mod download -json "github.com/dapr/dapr@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
      rm -rf "$out/chart.tmp" && cp -r "$chart/charts/dapr" "$out/chart.tmp" && rm -rf "$out/chart" && mv "$out/chart.tmp" "$out/chart" ;;
    *) echo "unknown target: $target (k3s, shim, coredns, pause, dapr)" >&2; exit 2 ;;
  esac
done
