#!/usr/bin/env bash
# Makes the Node 20 base images from Debian's packages, for machines that reach no container image
# registry (these ones): `mmdebstrap` of Debian trixie (Node 20.19) with nodejs and ca-certificates,
# imported with `podman import`. Prints the two image names, runtime then build:
#   localhost/node20-local:<key>        what the production images run on (no npm)
#   localhost/node20-local-build:<key>  the same with npm, for the Dockerfile's build stage
# <key> hashes this script and the host's CA bundle, so a change to either makes new ones.
# The root file system tarball is cached in ~/.cache/todo-chatbot (outside the repository, so a CI
# run in a fresh clone on this machine reuses it, like Go's and Maven's caches); podman keeps the
# imported images in its own storage. The host's CA bundle goes in as /etc/ssl/certs/host-ca.crt with
# NODE_EXTRA_CA_CERTS pointing at it: here HTTPS to the npm registry is re-signed by a local CA.
set -euo pipefail
cd "$(dirname "$0")/../.."
cache="${HOME}/.cache/todo-chatbot"
mkdir -p "$cache"
npm_version=$(npm --version)
key=$(cat "$0" /etc/ssl/certs/ca-certificates.crt <(echo "$npm_version") | sha256sum | cut -c1-12)
runtime="localhost/node20-local:$key"
buildimg="localhost/node20-local-build:$key"

if ! podman image exists "$runtime"; then
  tarball="$cache/node20-trixie-$key.tar"
  if [ ! -f "$tarball" ]; then
    echo "making the base file system with mmdebstrap (~2 min)…" >&2
    # Essential packages + Node, no documentation, manuals or translations; no recommends.
    nice -n 10 mmdebstrap --quiet --format=tar --variant=essential --include=nodejs,ca-certificates \
      --aptopt='APT::Install-Recommends "false"' \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
      --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
      --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/lintian/*' \
      --customize-hook='upload /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/host-ca.crt' \
      --customize-hook='rm -rf "$1"/usr/lib/x86_64-linux-gnu/gconv "$1"/var/cache/* "$1"/var/lib/apt/lists/* "$1"/var/log/*' \
      trixie "$tarball.part"
    mv "$tarball.part" "$tarball"
  fi
  podman import --quiet --change 'CMD ["node"]' --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/host-ca.crt' \
    "$tarball" "$runtime" >/dev/null
fi

if ! podman image exists "$buildimg"; then
  # npm, the same version as on this machine, from the npm registry (Debian's npm is 9.2 with ~400 packages).
  npm_tgz="$cache/npm-$npm_version.tgz"
  [ -f "$npm_tgz" ] || (cd "$cache" && npm pack --silent "npm@$npm_version" >/dev/null)
  context=$(mktemp -d)
  trap 'rm -rf "$context"' EXIT
  cp "$npm_tgz" "$context/npm.tgz"
  printf '%s\n' "FROM $runtime" 'COPY npm.tgz /tmp/npm.tgz' \
    'RUN mkdir -p /usr/local/lib/node_modules/npm && tar -xzf /tmp/npm.tgz --strip-components=1 -C /usr/local/lib/node_modules/npm && rm /tmp/npm.tgz && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx' \
    >"$context/Containerfile"
  podman build --quiet --format docker -t "$buildimg" "$context" >/dev/null
fi
echo "$runtime $buildimg"
