#!/usr/bin/env bash
# Builds, for machines that reach no container image registry (these ones), stand-ins for the public
# images compose.yaml uses, and prints them as the variables compose.yaml reads:
#   POSTGRES_IMAGE   PostgreSQL 17 from Debian, started like the official postgres image
#                    (POSTGRES_PASSWORD, `postgres -p PORT`), dapr/compose/images/postgres-entrypoint.sh
#   KAFKA_IMAGE      Kafka 4.1 (KRaft) from the Maven jars of scripts/build-tools.sh kafka on Debian's
#                    Java 21, configured like apache/kafka (KAFKA_* variables, CLUSTER_ID)
#   DAPRD_IMAGE, SCHEDULER_IMAGE   daprd and scheduler from scripts/build-tools.sh dapr, at /daprd
#                    and /scheduler as in daprio/daprd and daprio/scheduler
# The Debian file system (Java + PostgreSQL) is made once with mmdebstrap and cached in
# ~/.cache/todo-chatbot like the Node base (scripts/containers/local-base.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .cache/bin/daprd ] && [ -f dapr/local/kafka/lib/kafka_2.13-4.1.1.jar ] || bash scripts/build-tools.sh dapr kafka >&2
read -r node_runtime _ < <(bash scripts/containers/local-base.sh)
cache="${HOME}/.cache/todo-chatbot"
packages=openjdk-21-jre-headless,postgresql-17,ca-certificates
key=$(cat <(echo "trixie $packages") /etc/ssl/certs/ca-certificates.crt | sha256sum | cut -c1-12)
infra="localhost/todo-chatbot/infra-base:$key"
if ! podman image exists "$infra"; then
  tarball="$cache/infra-trixie-$key.tar"
  if [ ! -f "$tarball" ]; then
    echo "making the Java + PostgreSQL file system with mmdebstrap (3-9 min)…" >&2
    # (update-alternatives, run by Java's package, needs man1 even with the manuals left out.)
    nice -n 10 mmdebstrap --quiet --format=tar --variant=minbase \
      --include=$packages \
      --aptopt='APT::Install-Recommends "false"' \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
      --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
      --setup-hook='mkdir -p "$1"/usr/share/man/man1' \
      --customize-hook='rm -rf "$1"/var/cache/* "$1"/var/lib/apt/lists/*' \
      trixie "$tarball.part"
    mv "$tarball.part" "$tarball"
  fi
  podman import --quiet "$tarball" "$infra" >/dev/null
fi

build() { # name, base, then Containerfile lines; context = dapr/compose/images + the binaries/jars
  local name=$1 base=$2
  shift 2
  printf '%s\n' "FROM $base" "$@" | nice -n 10 podman build --quiet --format docker -t "localhost/todo-chatbot/$name:local" -f - "$context" >/dev/null
}
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp dapr/compose/images/*.sh "$context/"
cp .cache/bin/daprd .cache/bin/scheduler "$context/"
cp -r dapr/local/kafka/lib "$context/kafka-lib"
build postgres "$infra" 'COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh' \
  'ENV PATH=/usr/lib/postgresql/17/bin:$PATH PGDATA=/var/lib/postgresql/data' \
  'RUN mkdir -p "$PGDATA" /var/run/postgresql && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql' \
  'USER postgres' 'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["postgres"]'
build kafka "$infra" 'COPY kafka-lib /opt/kafka/libs' 'COPY kafka-entrypoint.sh /usr/local/bin/kafka-entrypoint.sh' \
  'COPY kafka-topics.sh /opt/kafka/bin/kafka-topics.sh' \
  'USER 1000:1000' 'ENTRYPOINT ["kafka-entrypoint.sh"]'
build daprd "$node_runtime" 'COPY daprd /daprd' 'WORKDIR /' 'USER 65532:65532' 'ENTRYPOINT []' 'CMD ["/daprd"]'
build scheduler "$node_runtime" 'COPY scheduler /scheduler' 'WORKDIR /' 'USER 65532:65532' 'ENTRYPOINT []' 'CMD ["/scheduler"]'
for name in postgres kafka daprd scheduler; do
  echo "$(echo "$name" | tr a-z A-Z)_IMAGE=localhost/todo-chatbot/$name:local"
done
