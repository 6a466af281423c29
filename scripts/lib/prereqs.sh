# Installs what the build and the tests need on a fresh machine. Sourced by scripts/*.sh.
# Every step is idempotent and quiet when there is nothing to do.

planner_prereqs_tools() {
  if [ -f "$root/.config/dotnet-tools.json" ]; then
    dotnet tool restore >/dev/null
  fi
}

# The end-to-end tests drive Debian's Chromium (never a downloaded browser).
planner_prereqs_chromium() {
  if [ -x /usr/bin/chromium ]; then
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "the end-to-end tests need /usr/bin/chromium: run as root or install Debian's chromium package" >&2
    return 1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
}

planner_prereqs_for_tests() {
  planner_prereqs_tools
  planner_prereqs_chromium
}
