#!/usr/bin/env bash
# Runs every test of Sundial and prints "N passed, N failed" as the last line.
# Installs what the tests need from Debian packages when it is missing: Chromium (Playwright drives it; it cannot
# download browsers here) and aiosmtpd (the SMTP server the mail tests start).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
results_dir="TestResults"

summary() {
  echo "$1 passed, $2 failed"
}

fail_without_tests() {
  echo "$1" >&2
  summary 0 1
  exit 1
}

install_missing_prerequisites() {
  local missing=()
  local chromium="${PLAYWRIGHT_CHROMIUM_EXECUTABLE:-/usr/bin/chromium}"
  [[ -x "$chromium" ]] || missing+=(chromium)
  /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
  if ((${#missing[@]} == 0)); then
    return 0
  fi

  local sudo=()
  if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      fail_without_tests "Missing ${missing[*]}; installing needs root. Run as root, or install with: sudo apt-get install -y ${missing[*]}"
    fi
  fi

  echo "Installing ${missing[*]} ..."
  "${sudo[@]}" apt-get update -qq || fail_without_tests "apt-get update failed; install ${missing[*]} by hand."
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
    fail_without_tests "apt-get install ${missing[*]} failed."
}

# Counts results in every trx file: Passed, skipped (NotExecuted, Inconclusive), everything else is a failure.
count_outcomes() {
  local passed=0 failed=0 skipped=0 outcome
  shopt -s nullglob
  local files=("$results_dir"/*.trx)
  if ((${#files[@]} > 0)); then
    while read -r outcome; do
      case "$outcome" in
        Passed) passed=$((passed + 1)) ;;
        NotExecuted | Inconclusive | Pending) skipped=$((skipped + 1)) ;;
        *) failed=$((failed + 1)) ;;
      esac
    done < <(grep -ho '<UnitTestResult [^>]*' "${files[@]}" | grep -o ' outcome="[A-Za-z]*"' | cut -d'"' -f2)
  fi
  echo "$passed $failed $skipped"
}

install_missing_prerequisites

dotnet tool restore >/dev/null || fail_without_tests "dotnet tool restore failed."

rm -rf "$results_dir"
mkdir -p "$results_dir"

if ! dotnet build Dashboard.sln; then
  fail_without_tests "The build failed; no tests ran."
fi

dotnet test Dashboard.sln --no-build \
  --results-directory "$results_dir" \
  --logger "trx;LogFilePrefix=results" \
  --logger "console;verbosity=minimal"
test_exit=$?

read -r passed failed skipped < <(count_outcomes)
if ((test_exit != 0 && failed == 0)); then
  # dotnet test failed without a failed result: a test host crashed or a project did not run.
  echo "dotnet test exited with $test_exit but no test reported a failure (test host crash or aborted run)." >&2
  failed=1
fi

if ((skipped > 0)); then
  echo "$skipped skipped"
fi
summary "$passed" "$failed"
((failed == 0))
