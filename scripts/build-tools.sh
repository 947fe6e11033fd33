#!/usr/bin/env bash
# Builds the deployment tools from their official sources through the package registries only, into
# .cache/bin (kept between runs with Go's module and build caches and Maven's repository):
#   helm             from helm.sh/helm/v3 (pinned)
#   daprd, scheduler from github.com/dapr/dapr (pinned in dapr/local/build/go.mod)
#   Kafka's jars     from Maven Central (dapr/local/kafka/pom.xml)
#   actionlint       from github.com/rhysd/actionlint (pinned; checks .github/workflows)
#   kubeconform      from github.com/yannh/kubeconform (pinned; checks the chart's manifests)
# Usage: scripts/build-tools.sh [helm] [dapr] [kafka] [actionlint] [kubeconform]   (no argument: all)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .cache/bin
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(helm dapr kafka actionlint kubeconform)

for target in "${targets[@]}"; do
  case "$target" in
    helm)
      if [ ! -x .cache/bin/helm ]; then
        echo "building helm…" >&2
        GOBIN="$PWD/.cache/bin" go install helm.sh/helm/v3/cmd/helm@v3.19.5
      fi ;;
    dapr)
      if [ ! -x .cache/bin/daprd ] || [ ! -x .cache/bin/scheduler ]; then
        echo "building daprd and scheduler (a cold build takes several minutes)…" >&2
        (cd dapr/local/build && go build -trimpath -tags stablecomponents -o ../../../.cache/bin/daprd github.com/dapr/dapr/cmd/daprd \
          && go build -trimpath -o ../../../.cache/bin/scheduler github.com/dapr/dapr/cmd/scheduler)
      fi ;;
    kafka)
      if [ ! -f dapr/local/kafka/lib/kafka_2.13-4.1.1.jar ]; then
        echo "fetching Kafka from Maven Central…" >&2
        (cd dapr/local/kafka && mvn -q -B dependency:copy-dependencies -DoutputDirectory=lib)
      fi ;;
    actionlint)
      if [ ! -x .cache/bin/actionlint ]; then
        echo "building actionlint…" >&2
        GOBIN="$PWD/.cache/bin" go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
      fi ;;
    kubeconform)
      if [ ! -x .cache/bin/kubeconform ]; then
        echo "building kubeconform…" >&2
        GOBIN="$PWD/.cache/bin" go install github.com/yannh/kubeconform/cmd/kubeconform@v0.8.0
      fi ;;
    *) echo "unknown tool: $target (helm, dapr, kafka, actionlint, kubeconform)" >&2; exit 2 ;;
  esac
done
