#!/usr/bin/env bash
# Makes sure a Chromium is there for the browser tests: Debian's package when we can install it.
set -euo pipefail
if [ -n "${EXPLAINER_CHROMIUM:-}" ] && [ -x "${EXPLAINER_CHROMIUM}" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's chromium and CJK fonts for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  exit 0
fi
cat >&2 <<MSG
No Chromium found for the browser tests.
  Debian/Ubuntu:   sudo apt-get install chromium fonts-noto-cjk
  elsewhere:       .venv/bin/python -m playwright install chromium
  or point EXPLAINER_CHROMIUM at a Chromium binary.
MSG
if [ "${CI:-}" = "true" ]; then exit 1; fi
