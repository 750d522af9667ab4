# Sourced by scripts/test: make sure there is a Chromium for the browser tests.
# Order: $BROWSER_PATH, Debian's /usr/bin/chromium, Playwright's own (GitHub's runners).
# Debian/Ubuntu as root: apt-get installs chromium. On GitHub Actions: Playwright's build.
ensure_browser() {
  if [ -n "${BROWSER_PATH:-}" ] && [ -x "$BROWSER_PATH" ]; then return 0; fi
  for b in /usr/bin/chromium /usr/bin/chromium-browser; do [ -x "$b" ] && return 0; done
  if compgen -G "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}/chromium*" >/dev/null; then return 0; fi
  if [ -n "${GITHUB_ACTIONS:-}" ]; then
    echo "== Installing Playwright's Chromium (GitHub Actions)"
    .venv/bin/python -m playwright install --with-deps chromium
    return 0
  fi
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "== Installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    return 0
  fi
  echo "No Chromium found. Install your system's chromium package, or set BROWSER_PATH to a Chromium binary." >&2
  return 1
}
