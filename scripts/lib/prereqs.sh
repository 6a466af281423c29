# Installs what the build and the tests need on a fresh machine. Sourced by scripts/*.sh.
# Every step is idempotent and quiet when there is nothing to do.

planner_prereqs_tools() {
  if [ -f "$root/.config/dotnet-tools.json" ]; then
    dotnet tool restore >/dev/null
  fi
}

# Fonts the PDF reports draw with (src/Reports/Pdf/ReportFonts.cs): DejaVu Sans for Latin text and currency
# symbols, WenQuanYi Zen Hei (TrueType, so CJK text extracts as typed) and Noto Sans CJK as fallbacks for
# Chinese, Japanese and Korean names. Installs only what is missing (Debian; needs root or sudo).
planner_prereqs_fonts() {
  local missing=()
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  [ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || missing+=(fonts-wqy-zenhei)
  [ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
  [ "${#missing[@]}" -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "== installing fonts for PDF reports: ${missing[*]}"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
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

# The workbook tests recalculate exported workbooks with Debian's LibreOffice Calc, headless
# (tests/Reports.IntegrationTests/LibreOfficeCalc.cs; docs/reports.md).
planner_prereqs_libreoffice() {
  if [ -x /usr/bin/soffice ]; then
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "the workbook tests need /usr/bin/soffice: run as root or install Debian's libreoffice-calc-nogui package" >&2
    return 1
  fi
  echo "== installing LibreOffice Calc for the workbook tests: libreoffice-calc-nogui"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
}

# The PostgreSQL store tests (tests/Data.IntegrationTests/PostgresStoreTests.cs) start a throwaway server of their
# own from Debian's postgresql package (its binaries are in /usr/lib/postgresql/N/bin); the package's own cluster is
# not created. Without the package those tests are skipped and say why.
planner_prereqs_postgres() {
  if command -v initdb >/dev/null || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "the PostgreSQL store tests are skipped without a PostgreSQL server: run as root or install Debian's postgresql package" >&2
    return 0
  fi
  echo "== installing the PostgreSQL server for the PostgreSQL store tests: postgresql"
  mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/planner-tests.conf
  # Optional: a failed install leaves those tests skipped with their reason, never the whole suite stopped.
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null) \
    || echo "could not install postgresql: the PostgreSQL store tests are skipped" >&2
}

planner_prereqs_for_tests() {
  planner_prereqs_tools
  planner_prereqs_fonts
  planner_prereqs_chromium
  planner_prereqs_libreoffice
  planner_prereqs_postgres
}
