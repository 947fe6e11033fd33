# Shared by scripts/k8s/*.sh: where the local cluster lives (sourced, not run).
# k3s itself also uses fixed host paths (/run/k3s, /var/lib/kubelet, /var/lib/cni, /run/flannel,
# /etc/rancher), so one local cluster runs on a machine at a time; up.sh and down.sh hold a lock.
K8S_CACHE="${HOME}/.cache/todo-chatbot/k8s"       # binaries, module copies, image archives (kept)
K8S_BIN="$K8S_CACHE/bin"
K8S_STATE="/var/lib/todo-chatbot-k3s"             # k3s's data dir: the cluster (removed by down.sh)
K8S_PIDFILE="$K8S_STATE/k3s.pid"
K8S_LOG="/tmp/todo-chatbot-k3s.log"
K8S_LOCK="/run/lock/todo-chatbot-k3s.lock"
export KUBECONFIG="$K8S_STATE/kubeconfig.yaml"
export PATH="$K8S_BIN:/usr/lib/cni:$PATH"
K8S_CONTAINERD_SOCK="/run/k3s/containerd/containerd.sock"
