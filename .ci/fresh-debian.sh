#!/usr/bin/env bash
# The fresh-machine check of the README's two commands (not run by CI; run it after changing the set-up).
# For each Debian release given (default: bookworm trixie): a minimal Debian made with debootstrap, a clean
# clone of this repository at its current commit, only make and git installed by hand, then, as root in
# the chroot, `make reports` and `make test`.
#
#   .ci/fresh-debian.sh [--fast] [--keep] [bookworm|trixie ...]     as root (debootstrap, chroot, mount)
#
#   --fast   run `make test-fast` and one end-to-end file (tests/test_workflow.py) instead of `make test`
#   --keep   keep the chroot afterwards (it is removed and made anew at the next run anyway)
#   --ca-bundle FILE   where HTTPS goes through an inspecting proxy: the CA bundle pip is to trust in the
#            chroot (copied in and passed as PIP_CERT; a real fresh machine needs nothing of the kind)
# Environment: CHROOT_DIR where the chroots go (default /var/tmp/kyosai-chroots; outside the repository),
# DEBIAN_MIRROR (default http://deb.debian.org/debian), DEBIAN_SECURITY_MIRROR
# (default http://deb.debian.org/debian-security). Needs debootstrap (apt-get install debootstrap).
# Each release writes its log to $CHROOT_DIR/<release>.log; the last lines say how long each step took.
set -euo pipefail

FAST=0 KEEP=0 CA_BUNDLE= SUITES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --fast) FAST=1 ;;
    --keep) KEEP=1 ;;
    --ca-bundle) CA_BUNDLE=$(realpath "$2"); shift ;;
    -*) sed -n '2,17p' "$0" >&2; exit 2 ;;
    *) SUITES+=("$1") ;;
  esac
  shift
done
[ ${#SUITES[@]} -gt 0 ] || SUITES=(bookworm trixie)

REPO=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
COMMIT=$(git -C "$REPO" rev-parse HEAD)
CHROOT_DIR=${CHROOT_DIR:-/var/tmp/kyosai-chroots}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

[ "$(id -u)" = 0 ] || { echo "error: run as root (debootstrap, chroot and mount need it)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "error: needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
mkdir -p "$CHROOT_DIR"
CHROOT_DIR=$(cd "$CHROOT_DIR" && pwd -P)
case "$CHROOT_DIR/" in "$REPO"/*) echo "error: CHROOT_DIR must be outside the repository" >&2; exit 1 ;; esac
[ -z "$(git -C "$REPO" status --porcelain --untracked-files=no)" ] ||
  echo "note: uncommitted changes are not checked; the chroot gets commit $COMMIT" >&2

mounts_under() {  # the mount points at or under $1, deepest first
  findmnt -rn -o TARGET | awk -v d="$1" '$0 == d || index($0, d "/") == 1' | sort -r
}
unmount() {
  local m
  for m in $(mounts_under "$1"); do umount -l "$m"; done
}
remove() {  # the chroot, only once nothing is mounted in it
  unmount "$1"
  [ -z "$(mounts_under "$1")" ] || { echo "error: still mounted under $1; not removing it" >&2; return 1; }
  rm -rf "$1"
}

step() {  # step SUITE NAME COMMAND...: run it, its output to the log, and say how long it took
  local suite=$1 name=$2 t0=$SECONDS log=$CHROOT_DIR/$1.log; shift 2
  echo "== $suite: $name" | tee -a "$log"
  if "$@" >> "$log" 2>&1; then
    echo "== $suite: $name: ok, $((SECONDS - t0)) s" | tee -a "$log"
  else
    echo "== $suite: $name: FAILED after $((SECONDS - t0)) s (see $log)" | tee -a "$log"; return 1
  fi
}
in_chroot() {  # in_chroot DIR SCRIPT: a root shell in the chroot with no variables from the host
  chroot "$1" /usr/bin/env -i HOME=/root TERM=dumb PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    ${CA_BUNDLE:+PIP_CERT=/etc/fresh-debian-ca.pem} /bin/bash -c "$2"
}

check() {
  local suite=$1 dir=$CHROOT_DIR/$1
  local tests="make test"
  [ $FAST = 0 ] || tests="make test-fast && .venv/bin/python -m pytest -q tests/test_workflow.py"
  remove "$dir" || return 1
  : > "$CHROOT_DIR/$suite.log"
  step "$suite" "debootstrap --variant=minbase $suite" debootstrap --variant=minbase "$suite" "$dir" "$MIRROR" || return 1
  printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n' \
    "$MIRROR" "$suite" "$MIRROR" "$suite" "$SECURITY" "$suite" > "$dir/etc/apt/sources.list"
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  [ -z "$CA_BUNDLE" ] || cp "$CA_BUNDLE" "$dir/etc/fresh-debian-ca.pem"
  mount -t proc proc "$dir/proc" && mount -t sysfs sysfs "$dir/sys" &&
    mount --bind /dev "$dir/dev" && mount --bind /dev/pts "$dir/dev/pts" || return 1
  step "$suite" "git clone (commit $COMMIT)" \
    bash -c "git clone -q '$REPO' '$dir/root/kyosai' && git -C '$dir/root/kyosai' checkout -q '$COMMIT'" || return 1
  step "$suite" "apt-get install make git (by hand)" in_chroot "$dir" \
    "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q make git" || return 1
  step "$suite" "make reports" in_chroot "$dir" "cd /root/kyosai && make reports" || return 1
  step "$suite" "make reports again (nothing to set up)" in_chroot "$dir" "cd /root/kyosai && make reports" || return 1
  step "$suite" "$tests" in_chroot "$dir" "cd /root/kyosai && $tests" || return 1
  in_chroot "$dir" "cd /root/kyosai && .venv/bin/python -V && git status --short" | tee -a "$CHROOT_DIR/$suite.log"
}

trap 'for s in "${SUITES[@]}"; do unmount "$CHROOT_DIR/$s"; done' EXIT
status=0
for suite in "${SUITES[@]}"; do
  t0=$SECONDS
  if check "$suite"; then echo "== $suite: all ok, $((SECONDS - t0)) s"; else echo "== $suite: FAILED"; status=1; fi
  unmount "$CHROOT_DIR/$suite"
  [ $KEEP = 1 ] || remove "$CHROOT_DIR/$suite" || status=1
done
exit $status
