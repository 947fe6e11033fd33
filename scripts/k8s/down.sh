#!/usr/bin/env bash
# `npm run k8s:down`: stops the local k3s cluster of scripts/k8s/up.sh and removes everything it
# left on the machine, also after a failed or interrupted start, and when nothing runs (idempotent):
#   the k3s process (by the PID in its PID file), the runc shims started by its containerd (they
#   outlive k3s: found by PID through their `-address /run/k3s/containerd/containerd.sock`), what is
#   left in the kubepods cgroups; the mounts under the data dir, /run/k3s, /var/lib/kubelet and
#   /run/netns/cni-*; the pods' network namespaces and the cni0 bridge; the KUBE-*, CNI-* and FLANNEL*
#   iptables chains and the rules jumping to them (other rules, e.g. podman's, are left alone); and
#   the data dir, /var/lib/kubelet, /var/lib/cni, /run/k3s, /run/flannel, /etc/rancher.
# The image archives and binaries in ~/.cache/todo-chatbot/k8s stay (the next start is warm).
set -uo pipefail
cd "$(dirname "$0")/../.."
source scripts/k8s/env.sh
[ "${K8S_LOCKED:-}" = 1 ] || { mkdir -p "$(dirname "$K8S_LOCK")"; exec 9>"$K8S_LOCK"; flock 9; }

# Waits up to $2 seconds for PID $1 to exit.
wait_gone() { for _ in $(seq 1 $(($2 * 5))); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done; return 1; }

if [ -f "$K8S_PIDFILE" ]; then
  pid=$(cat "$K8S_PIDFILE")
  # Only the k3s this script started (the PID file could be stale after a reboot).
  if [ -n "$pid" ] && grep -qa 'k3s' "/proc/$pid/cmdline" 2>/dev/null; then
    echo "stopping k3s (pid $pid)…" >&2
    children=$(pgrep -P "$pid") # its containerd among them
    kill -TERM "$pid" 2>/dev/null
    wait_gone "$pid" 30 || kill -KILL "$pid" 2>/dev/null
    wait_gone "$pid" 10
    for child in $children; do kill -KILL "$child" 2>/dev/null; done
  fi
fi

# k3s's containerd and its shims, and their containers' processes (which are in the kubepods cgroups).
shims=()
for dir in /proc/[0-9]*; do
  cmd=$(tr '\0' ' ' <"$dir/cmdline" 2>/dev/null) || continue
  case "$cmd" in
    *containerd-shim-runc-v2*"-address $K8S_CONTAINERD_SOCK"*) shims+=("${dir#/proc/}") ;;
    containerd*"$K8S_CONTAINERD_SOCK"*) shims+=("${dir#/proc/}") ;; # k3s's containerd, if it outlived k3s
  esac
done
[ ${#shims[@]} -gt 0 ] && { echo "stopping ${#shims[@]} containerd processes…" >&2; kill -KILL "${shims[@]}" 2>/dev/null; }
for round in 1 2 3; do
  pids=$(find /sys/fs/cgroup -path '*kubepods*' -name cgroup.procs -exec cat {} + 2>/dev/null | sort -u)
  [ -z "$pids" ] && break
  [ "$round" = 1 ] && echo "stopping $(echo "$pids" | wc -l) pod processes…" >&2
  # shellcheck disable=SC2086 # one PID a word
  kill -KILL $pids 2>/dev/null
  sleep 1
done
find /sys/fs/cgroup -depth -type d -path '*kubepods*' -exec rmdir {} \; 2>/dev/null

# Mounts, deepest first.
awk '{print $2}' /proc/self/mounts | grep -E "^($K8S_STATE|/run/k3s|/var/lib/kubelet|/run/netns/cni-)" | sort -r |
  while read -r mount; do umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null; done
for ns in $(ip netns list 2>/dev/null | awk '/^cni-/ {print $1}'); do ip netns delete "$ns"; done
ip link show cni0 >/dev/null 2>&1 && ip link delete cni0
ip link show flannel.1 >/dev/null 2>&1 && ip link delete flannel.1

for tool in iptables ip6tables; do
  for table in filter nat mangle raw; do
    rules=$("$tool" -t "$table" -S 2>/dev/null) || continue
    # Rules in other chains that jump to ours, then our chains (flushed, then deleted).
    echo "$rules" | grep -E '^-A ' | grep -vE '^-A (KUBE-|CNI-|FLANNEL)' | grep -E -- '-j (KUBE-|CNI-|FLANNEL)' |
      while read -r rule; do eval "$tool -t $table -D ${rule#-A }" 2>/dev/null; done
    chains=$(echo "$rules" | awk '$1 == "-N" && $2 ~ /^(KUBE-|CNI-|FLANNEL)/ {print $2}')
    for chain in $chains; do "$tool" -t "$table" -F "$chain" 2>/dev/null; done
    for chain in $chains; do "$tool" -t "$table" -X "$chain" 2>/dev/null; done
  done
done

rm -rf "$K8S_STATE" /var/lib/kubelet /var/lib/cni /run/k3s /run/flannel /etc/rancher/k3s /etc/rancher/node
rmdir /etc/rancher 2>/dev/null
echo "the local cluster is down" >&2
