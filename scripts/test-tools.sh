# Sourced by scripts/test: the non-Python tools the tests run.
# - Java, for the Nu HTML Checker (Debian's default-jre-headless, as root, when missing).
# - npm packages in package.json (vnu-jar, ical.js), into node_modules/, when missing or changed.
ensure_java() {
  command -v java >/dev/null && return 0
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "== Installing Debian's default-jre-headless for the HTML checker"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
    return 0
  fi
  echo "No Java found. Install a Java runtime (e.g. default-jre-headless) for the HTML checker." >&2
  return 1
}

ensure_node_tools() {
  if ! command -v npm >/dev/null; then
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
      echo "== Installing Debian's nodejs and npm for the test tools"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    else
      echo "No npm found. Install Node.js and npm for the test tools." >&2
      return 1
    fi
  fi
  local stamp=node_modules/.installed sum
  sum=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    echo "== Installing the test tools in package.json (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$sum" > "$stamp"
  fi
}
