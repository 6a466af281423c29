# Installs what the build and the tests need on a fresh machine. Sourced by scripts/*.sh.
# Every step is idempotent and quiet when there is nothing to do.

planner_prereqs_tools() {
  if [ -f "$root/.config/dotnet-tools.json" ]; then
    dotnet tool restore >/dev/null
  fi
}

planner_prereqs_for_tests() {
  planner_prereqs_tools
}
