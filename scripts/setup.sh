#!/usr/bin/env bash
# Installs what the browser build and its tests need, on a fresh Debian machine that has Rust and
# Node: the wasm32 target, wasm-bindgen-cli at the exact version of Cargo.lock's wasm-bindgen,
# Debian's Chromium and chromedriver, and the npm dev tools (binaryen's wasm-opt, playwright-core).
# Safe to run again: each step is skipped when what it installs is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf 'setup: %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

# The CLI must match the library exactly, or it refuses the module it is given.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$bindgen_version" ]; then
    echo "setup: no wasm-bindgen in Cargo.lock" >&2
    exit 1
fi
installed_bindgen=$(wasm-bindgen --version 2>/dev/null || true)
if [ "$installed_bindgen" != "wasm-bindgen $bindgen_version" ] || ! command -v wasm-bindgen-test-runner >/dev/null; then
    step "installing wasm-bindgen-cli $bindgen_version (a few minutes)"
    if ! cargo install wasm-bindgen-cli --version "$bindgen_version" --locked; then
        # Its lock file pins a webpki-roots release the registry here lacks: build from the
        # downloaded .crate with that one dependency re-resolved.
        crate=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/wasm-bindgen-cli-"$bindgen_version".crate | head -n 1)
        build_dir=$(mktemp -d)
        tar -xzf "$crate" -C "$build_dir"
        (
            cd "$build_dir/wasm-bindgen-cli-$bindgen_version"
            cargo update -p webpki-roots
            cargo install --path . --locked
        )
        rm -rf "$build_dir"
    fi
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    step "installing Chromium and chromedriver from Debian"
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium chromium-driver
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
    || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "installing npm dev tools (npm ci)"
    npm ci --no-audit --no-fund
fi
