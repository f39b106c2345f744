# Shared by lab/weft-lab and scripts/run-tests: system packages and the build.
# shellcheck shell=bash

WEFT_ROOT=${WEFT_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

# Debian packages the lab and the tests use (command -> package).
WEFT_PACKAGES=(iproute2 iptables ipset bird2 frr gobgpd jq curl procps iputils-ping socat
  containernetworking-plugins libipset-dev openjdk-17-jdk-headless maven)

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
