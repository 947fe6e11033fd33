#!/usr/bin/env bash
# `npm run k8s:up`: a single-node Kubernetes here, ready for `helm install` of helm/todo-chatbot with
# helm/todo-chatbot/values-local-k3s.yaml:
#   1. builds (cached) k3s, its runc shim, CoreDNS, a pause program and Dapr's control plane from
#      their Go modules (scripts/k8s/build.sh), and every image the cluster runs (scripts/k8s/images.sh);
#   2. starts k3s (flags: /work/shared/notes/kubernetes.md) with the images preloaded, and waits for
#      the node to be Ready;
#   3. applies CoreDNS (scripts/k8s/coredns.yaml), hostPath volumes for Dapr's scheduler, and
#      PostgreSQL + Kafka in namespace todo-infra (scripts/k8s/infra.yaml);
#   4. installs Dapr's control plane from Dapr's own Helm chart (the github.com/dapr/dapr module source
#      at the version scripts/build-tools.sh builds) with scripts/k8s/dapr-values.yaml, `--wait`.
# Idempotent: run again, it rebuilds what changed, imports changed images into the running cluster and
# re-applies the rest. On failure it prints the end of k3s's log and leaves the cluster for a look;
# `npm run k8s:down` removes everything (also after a failure).
# Prints `export KUBECONFIG=…` for kubectl and helm.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/k8s/env.sh
mkdir -p "$(dirname "$K8S_LOCK")"
exec 9>"$K8S_LOCK"
flock 9
export K8S_LOCKED=1
started=$SECONDS
step() { echo "[k8s:up +$((SECONDS - started))s] $*" >&2; }
fail() {
  echo "k8s:up failed: $*" >&2
  [ -f "$K8S_LOG" ] && tail -n 40 "$K8S_LOG" >&2
  kubectl get pods -A -o wide >&2 2>/dev/null || true
  exit 1
}
# Polls `$@` every second until it succeeds or $deadline seconds pass.
until_ok() {
  local what=$1 deadline=$2
  shift 2
  for _ in $(seq 1 "$deadline"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  fail "$what (not within $deadline s)"
}

# From Debian: the CNI plugins (bridge, host-local, portmap), runc (the shim runs it), iptables and
# conntrack (kube-proxy clears stale UDP entries with it, e.g. DNS after CoreDNS restarts).
if [ ! -x /usr/lib/cni/bridge ] || ! command -v runc >/dev/null || ! command -v iptables >/dev/null || ! command -v conntrack >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq containernetworking-plugins runc iptables conntrack >/dev/null
fi
# podman (builds the images) as scripts/containers/engine.sh sets it up; idempotent, quiet when in place.
bash scripts/containers/engine.sh
step "building the binaries (cached)"
bash scripts/k8s/build.sh
[ -x .cache/bin/helm ] || bash scripts/build-tools.sh helm
helm="$PWD/.cache/bin/helm"
step "building and saving the images (cached)"
bash scripts/k8s/images.sh "$K8S_CACHE/images"

running=no
if [ -f "$K8S_PIDFILE" ] && kill -0 "$(cat "$K8S_PIDFILE")" 2>/dev/null && kubectl get --raw /readyz >/dev/null 2>&1; then
  running=yes
fi

if [ "$running" = yes ]; then
  step "k3s is running (pid $(cat "$K8S_PIDFILE")): importing changed images"
  for archive in "$K8S_CACHE"/images/*.tar; do
    name=$(basename "$archive" .tar)
    if ! cmp -s "$K8S_CACHE/images/$name.ids" "$K8S_STATE/imported/$name.ids"; then
      ctr -a "$K8S_CONTAINERD_SOCK" -n k8s.io images import "$archive" >/dev/null
      ln -f "$archive" "$K8S_STATE/agent/images/$name.tar" 2>/dev/null || cp "$archive" "$K8S_STATE/agent/images/$name.tar"
      cp "$K8S_CACHE/images/$name.ids" "$K8S_STATE/imported/$name.ids"
    fi
  done
else
  step "starting k3s"
  bash scripts/k8s/down.sh 2>/dev/null # what a crashed or interrupted run left
  # (What was imported is noted in imported/: k3s tries to import every file of agent/images.)
  mkdir -p "$K8S_STATE/agent/etc/containerd" "$K8S_STATE/agent/images" "$K8S_STATE/imported"
  cp scripts/k8s/containerd-config.toml.tmpl "$K8S_STATE/agent/etc/containerd/config.toml.tmpl"
  cp scripts/k8s/cni.conflist "$K8S_STATE/cni.conflist"
  for archive in "$K8S_CACHE"/images/*.tar; do
    # (A hard link: the archives are large; a copy when the cache is on another file system.)
    ln -f "$archive" "$K8S_STATE/agent/images/" 2>/dev/null || cp "$archive" "$K8S_STATE/agent/images/"
    cp "${archive%.tar}.ids" "$K8S_STATE/imported/"
  done
  # (9>&-: k3s must not inherit the lock, or it would hold it for as long as it runs.)
  setsid nohup k3s server --data-dir "$K8S_STATE" --node-name todo-k3s \
    --disable=traefik,servicelb,metrics-server,coredns,local-storage --disable-helm-controller \
    --disable-network-policy --disable-cloud-controller --flannel-backend=host-gw \
    --flannel-cni-conf="$K8S_STATE/cni.conflist" --pause-image=localhost/k3s/pause:local \
    --write-kubeconfig="$KUBECONFIG" --write-kubeconfig-mode=600 \
    </dev/null >"$K8S_LOG" 2>&1 9>&- &
  echo $! >"$K8S_PIDFILE"
  until_ok "the API server answering" 180 kubectl get --raw /readyz
fi
# k3s imports the archives while it starts: nothing is applied before every image is there (a pod
# whose image is missing would try to pull it, fail, and back off for minutes).
wanted=$(cat "$K8S_CACHE"/images/*.ids | awk '{print $1}' | sort -u)
images_loaded() {
  local have
  have=$(ctr -a "$K8S_CONTAINERD_SOCK" -n k8s.io images ls -q 2>/dev/null) || return 1
  for image in $wanted; do grep -qx "$image" <<<"$have" || return 1; done
}
until_ok "the images imported" 300 images_loaded
until_ok "the node Ready" 180 sh -c "kubectl get node todo-k3s -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
step "node Ready"

coredns_version=$(sed -n 's/^COREDNS_VERSION="v\(.*\)"$/\1/p' scripts/k8s/build.sh)
sed "s|__COREDNS_IMAGE__|localhost/k3s/coredns:$coredns_version|" scripts/k8s/coredns.yaml | kubectl apply -f - >/dev/null
# Dapr's scheduler is a StatefulSet of three, each with a 1 Gi volume claim: three hostPath volumes
# (k3s's local-path provisioner is disabled: its image cannot be had here), writable by its user.
for i in 0 1 2; do
  mkdir -p "$K8S_STATE/volumes/dapr-scheduler-$i"
  chown 65532:65532 "$K8S_STATE/volumes/dapr-scheduler-$i"
done
sed "s|__VOLUMES__|$K8S_STATE/volumes|" scripts/k8s/storage.yaml | kubectl apply -f - >/dev/null
kubectl apply -f scripts/k8s/infra.yaml >/dev/null
kubectl -n kube-system rollout status deployment/coredns --timeout=180s >/dev/null || fail "CoreDNS did not start"
step "CoreDNS ready"

dapr_version=$(sed -n 's/^require github.com\/dapr\/dapr v\([0-9.]*\)$/\1/p' dapr/local/build/go.mod)
step "installing Dapr $dapr_version's control plane from its Helm chart"
"$helm" upgrade --install dapr "$K8S_BIN/dapr-v$dapr_version/chart" --namespace dapr-system --create-namespace \
  -f scripts/k8s/dapr-values.yaml --set "global.tag=$dapr_version" --wait --timeout 10m >/dev/null ||
  fail "Dapr's control plane did not become ready"
for deployment in postgres kafka; do
  kubectl -n todo-infra rollout status "deployment/$deployment" --timeout=300s >/dev/null || fail "$deployment did not start"
done
step "ready: Dapr's control plane, PostgreSQL and Kafka running"
echo "export KUBECONFIG=$KUBECONFIG"
