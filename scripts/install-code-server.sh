#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100) into a tools folder outside the
# project's own dependencies, without any GitHub download: its postinstall would
# fetch ripgrep from GitHub, so scripts are skipped and Debian's rg is copied in.
# Idempotent: a finished install is detected by a marker file and reused.
# `--is-installed` only answers, by its exit code, whether that install is there.
set -euo pipefail
TOOLS="${REQTRACE_E2E_TOOLS:-$HOME/.cache/reqtrace-e2e}"
VERSION=4.100.3
MARKER="$TOOLS/.installed-$VERSION"
if [ "${1:-}" = --is-installed ]; then
  [ -f "$MARKER" ]
  exit
fi
if [ -f "$MARKER" ]; then
  echo "code-server $VERSION already installed in $TOOLS"
  exit 0
fi
command -v rg >/dev/null || { echo "ripgrep (rg) is required: apt-get install -y ripgrep" >&2; exit 1; }
for tool in make g++ python3; do
  command -v "$tool" >/dev/null || { echo "$tool is required to build code-server's native modules: apt-get install -y make g++ python3" >&2; exit 1; }
done
mkdir -p "$TOOLS"
cd "$TOOLS"
[ -f package.json ] || echo '{"name":"reqtrace-e2e-tools","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION"
cd node_modules/code-server/lib/vscode
npm install --no-audit --no-fund --ignore-scripts --omit=dev
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
# Build only the native modules that VS Code's server loads here: its log files (spdlog), the
# extension host's watchdog and terminals (node-pty). The others are loaded lazily, inside a
# try, when at all: kerberos (proxy authentication, and it needs the Kerberos headers),
# @vscode/deviceid (telemetry) and the Windows-only ones. @parcel/watcher comes prebuilt.
# npm_config_yes: node-pty's postinstall runs `npx node-gyp`.
npm_config_yes=true npm rebuild @vscode/spdlog native-watchdog node-pty
ln -sfn node_modules node_modules.asar
# The built-in TypeScript extension has no tsserver in this install and shows a
# warning notification over the editor; the tests do not need it.
if [ -d extensions/typescript-language-features ]; then
  mkdir -p "$TOOLS/disabled-extensions"
  rm -rf "$TOOLS/disabled-extensions/typescript-language-features"
  mv extensions/typescript-language-features "$TOOLS/disabled-extensions/"
fi
cd "$TOOLS"
npm rebuild argon2
touch "$MARKER"
echo "code-server $VERSION installed in $TOOLS"
