#!/usr/bin/env bash
# Sets up the container engine on a Debian machine like this one (root, no systemd, cgroup v1 hybrid):
# podman, buildah, mmdebstrap and runc from Debian, and the two settings podman needs here
# (see README "Containers"): the default open-files limit under the machine's hard limit (else
# `crun: setrlimit RLIMIT_NOFILE: Operation not permitted`) and runc as the runtime (crun refuses
# cgroup v1 hybrid). Then podman-compose 1.6.0 in a venv in ~/.cache/todo-chatbot (Debian's 1.0.3
# ignores `network_mode: host` and exits 0). Idempotent; prints nothing when all is in place.
set -euo pipefail
if ! command -v podman >/dev/null || ! command -v mmdebstrap >/dev/null || ! command -v runc >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman buildah mmdebstrap runc python3-venv >/dev/null
fi
conf=/etc/containers/containers.conf
if ! grep -qs '^runtime = "runc"' "$conf"; then
  if grep -qs '^\[\(containers\|engine\)\]' "$conf"; then
    echo "$conf has its own [containers]/[engine] tables: add default_ulimits and runtime = \"runc\" by hand" >&2
    exit 1
  fi
  mkdir -p /etc/containers
  cat >>"$conf" <<'CONF'
# Added by todo-chatbot scripts/containers/engine.sh: the hard open-files limit here is 20000, and
# crun does not run on cgroup v1 hybrid.
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
CONF
fi
venv="${HOME}/.cache/todo-chatbot/podman-compose"
if [ ! -x "$venv/bin/podman-compose" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check podman-compose==1.6.0
fi
