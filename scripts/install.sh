#!/bin/sh
# Installs ml-serving as a systemd service, upgrades it, or uninstalls it. Run it again at any
# time: it only changes what differs, and says what it did. See docs/operations.md.
set -eu

usage() {
  cat <<'EOF'
Usage: scripts/install.sh [options] [BINARY]
       scripts/install.sh --uninstall [--purge] [options]

Installs (or upgrades) ml-serving as a systemd service:
  /usr/local/bin/ml-serving                          the binary (BINARY, default dist/ml-serving)
  /usr/local/lib/systemd/system/ml-serving.service   the service
  /usr/local/lib/systemd/system/ml-serving@.service  the template for several instances
  /etc/ml-serving/ml-serving.env                     your configuration: created once, never replaced
  /usr/share/ml-serving/ml-serving.env               the current defaults, to compare yours with
  /usr/share/ml-serving/ops/                         Prometheus and Grafana files (when shipped)
  /usr/share/doc/ml-serving/operations.md            the operator's guide
then reloads systemd and enables ml-serving.service (it does not start or restart it).

Options:
  --root DIR     install into the staging root DIR instead of / (also DESTDIR=DIR); no root
                 rights needed, and systemd is left alone
  --uninstall    stop and disable the services, remove the files above and the service's cache;
                 keeps /etc/ml-serving (your configuration) and your drop-ins
  --purge        with --uninstall: remove /etc/ml-serving and the drop-ins too
  -h, --help     print this text
EOF
}

die() {
  echo "install.sh: $*" >&2
  exit 1
}
say() { echo "  $*"; }

here=$(cd "$(dirname "$0")/.." && pwd -P)
root=${DESTDIR:-}
binary=
action=install
purge=no
while [ $# -gt 0 ]; do
  case $1 in
    --root) [ $# -ge 2 ] || die "--root needs a directory"; root=$2; shift 2 ;;
    --root=*) root=${1#--root=}; shift ;;
    --uninstall) action=uninstall; shift ;;
    --purge) purge=yes; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) [ -z "$binary" ] || die "only one binary, got $binary and $1"; binary=$1; shift ;;
  esac
done
[ "$purge" = no ] || [ "$action" = uninstall ] || die "--purge goes with --uninstall"

if [ -n "$root" ]; then
  mkdir -p "$root" || die "cannot create the staging root $root"
  root=$(cd "$root" && pwd -P)
  [ "$root" != / ] || root=
fi
staged=no
if [ -n "$root" ]; then
  staged=yes
elif [ "$(id -u)" != 0 ]; then
  die "installing into / needs root: run it with sudo, or give a staging root (--root DIR or DESTDIR=DIR)"
fi
umask 022

bin_path=/usr/local/bin/ml-serving
unit_dir=/usr/local/lib/systemd/system
conf_dir=/etc/ml-serving
env_path=$conf_dir/ml-serving.env
share_dir=/usr/share/ml-serving
doc_dir=/usr/share/doc/ml-serving
units="ml-serving.service ml-serving@.service"

# systemd itself is touched only on a real install on a host that runs it (sd_booted(3)).
systemd_running() { [ "$staged" = no ] && [ -d /run/systemd/system ]; }

# put SOURCE DEST MODE: copies a file into place atomically (a running binary can be replaced).
put() {
  target=$root$2
  if [ -f "$target" ] && cmp -s "$1" "$target"; then
    chmod "$3" "$target"
    say "unchanged  $2"
    return
  fi
  verb=installed
  [ ! -e "$target" ] || verb=updated
  mkdir -p "$(dirname "$target")"
  cp "$1" "$target.new.$$"
  chmod "$3" "$target.new.$$"
  mv -f "$target.new.$$" "$target"
  say "$verb  $2"
  changed=yes
}

# put_tree SOURCE_DIR DEST_DIR: replaces a directory of read-only files (stale files go too).
put_tree() {
  target=$root$2
  if [ -d "$target" ] && diff -r "$1" "$target" >/dev/null 2>&1; then
    say "unchanged  $2/"
    return
  fi
  verb=installed
  [ ! -e "$target" ] || verb=updated
  mkdir -p "$(dirname "$target")"
  rm -rf "$target.new.$$"
  cp -R "$1" "$target.new.$$"
  chmod -R u=rwX,go=rX "$target.new.$$"
  rm -rf "$target"
  mv "$target.new.$$" "$target"
  say "$verb  $2/"
}

remove() {
  for path in "$@"; do
    if [ -e "$root$path" ] || [ -L "$root$path" ]; then
      rm -rf "$root$path"
      say "removed  $path"
    fi
  done
}

install_all() {
  [ -n "$binary" ] || binary=$here/dist/ml-serving
  [ -f "$binary" ] || die "no binary at $binary: build it with npm run build, or give its path"
  [ -x "$binary" ] || die "$binary is not executable"
  output=$("$binary" --version 2>&1) || die "$binary does not run on this host: $output"
  version=$(printf '%s\n' "$output" | head -n 1)
  for unit in $units; do [ -f "$here/systemd/$unit" ] || die "missing $here/systemd/$unit"; done

  echo "Installing $version into ${root:-/}"
  changed=no
  put "$binary" "$bin_path" 0755
  for unit in $units; do put "$here/systemd/$unit" "$unit_dir/$unit" 0644; done
  put "$here/systemd/ml-serving.env" "$share_dir/ml-serving.env" 0644
  if [ -e "$root$env_path" ]; then
    say "kept       $env_path (yours; compare with $share_dir/ml-serving.env for new settings)"
  else
    mkdir -p "$root$conf_dir"
    chmod 0755 "$root$conf_dir"
    # 0600: it may hold API keys; systemd reads it as root before dropping privileges.
    cp "$here/systemd/ml-serving.env" "$root$env_path"
    chmod 0600 "$root$env_path"
    say "created    $env_path (every setting commented out: the defaults apply)"
  fi
  if [ -d "$here/ops" ]; then put_tree "$here/ops" "$share_dir/ops"; fi
  if [ -f "$here/docs/operations.md" ]; then put "$here/docs/operations.md" "$doc_dir/operations.md" 0644; fi

  if [ "$staged" = yes ]; then
    echo "Staged into $root: systemd was not reloaded and nothing was enabled."
    return
  fi
  if ! systemd_running; then
    echo "systemd is not running on this host: skipped daemon-reload and enable."
    return
  fi
  systemctl daemon-reload
  say "reloaded   systemd"
  systemctl enable --quiet ml-serving.service
  say "enabled    ml-serving.service (starts at boot)"
  if systemctl is-active --quiet ml-serving.service; then
    [ "$changed" = no ] || echo "ml-serving is still running the previous version: systemctl restart ml-serving"
  else
    echo "Next: edit $env_path, then systemctl start ml-serving"
  fi
}

# Every ml-serving@NAME.service that is loaded or enabled.
instances() {
  {
    systemctl list-units --all --plain --no-legend 'ml-serving@*.service' 2>/dev/null || true
    for link in /etc/systemd/system/*.wants/ml-serving@*.service; do
      if [ -L "$link" ]; then basename "$link"; fi
    done
  } | while read -r unit _; do echo "$unit"; done | sort -u
}

uninstall_all() {
  echo "Uninstalling ml-serving from ${root:-/}"
  if systemd_running; then
    for unit in ml-serving.service $(instances); do
      if systemctl is-active --quiet "$unit" || systemctl is-enabled --quiet "$unit" 2>/dev/null; then
        systemctl disable --now --quiet "$unit"
        say "stopped and disabled  $unit"
      fi
    done
  fi
  remove "$bin_path" "$unit_dir/ml-serving.service" "$unit_dir/ml-serving@.service" "$share_dir" "$doc_dir"
  # The unpacked runtime, in systemd's CacheDirectory= (the private/ copies under DynamicUser=).
  for cache in "$root"/var/cache/ml-serving "$root"/var/cache/ml-serving@* \
    "$root"/var/cache/private/ml-serving "$root"/var/cache/private/ml-serving@*; do
    if [ -e "$cache" ] || [ -L "$cache" ]; then remove "${cache#"$root"}"; fi
  done
  if [ "$purge" = yes ]; then
    remove "$conf_dir"
    for dropins in "$root"/etc/systemd/system/ml-serving.service.d "$root"/etc/systemd/system/ml-serving@*.service.d; do
      if [ -e "$dropins" ]; then remove "${dropins#"$root"}"; fi
    done
  elif [ -e "$root$conf_dir" ]; then
    say "kept       $conf_dir (your configuration; --uninstall --purge removes it)"
  fi
  if systemd_running; then
    systemctl daemon-reload
    systemctl reset-failed 'ml-serving*' 2>/dev/null || true
    say "reloaded   systemd"
  fi
}

if [ "$action" = install ]; then install_all; else uninstall_all; fi
