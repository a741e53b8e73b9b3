#!/usr/bin/env bash
# Provisions what the end-to-end suite needs, and is quick when it is all there:
#  - Debian: chromium (the browser), ripgrep (for code-server's search), libkrb5-dev (a native module code-server builds);
#  - code-server (VS Code for the Web, from the npm registry) in .e2e/code-server, outside the project's node_modules.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CODE_SERVER_VERSION=4.100.3 # VS Code 1.100.3, the newest code-server that runs on Node 20
CODE_SERVER_DIR="$ROOT/.e2e/code-server"
RIPGREP_PACKAGE_VERSION=1.15.11 # the @vscode/ripgrep that code-server 4.100.3 depends on
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "e2e setup: missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "e2e setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

installed_version() {
  node -p "require('$CODE_SERVER_DIR/node_modules/code-server/package.json').version" 2>/dev/null || true
}

if [ "$(installed_version)" != "$CODE_SERVER_VERSION" ]; then
  echo "e2e setup: installing code-server@$CODE_SERVER_VERSION into .e2e/code-server (about 80 s)"
  # @vscode/ripgrep downloads ripgrep at install time unless it finds it in this cache: give it Debian's.
  cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
  if [ ! -f "$cache/$RIPGREP_ASSET" ]; then
    mkdir -p "$cache"
    staging=$(mktemp -d)
    cp "$(command -v rg)" "$staging/rg"
    tar -czf "$cache/$RIPGREP_ASSET" -C "$staging" rg
    rm -rf "$staging"
  fi
  mkdir -p "$CODE_SERVER_DIR"
  [ -f "$CODE_SERVER_DIR/package.json" ] || echo '{ "private": true }' >"$CODE_SERVER_DIR/package.json"
  # code-server's own install scripts build its VS Code; they run only in this folder of its own.
  (cd "$CODE_SERVER_DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm_config_dangerously_allow_all_scripts=true \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
fi

echo "e2e setup: chromium $(chromium --version 2>/dev/null | awk '{print $2}'), code-server $(installed_version)"
