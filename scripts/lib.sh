# Shared by scripts/setup, scripts/run and scripts/test (sourced, not run).
#
# Toolchain rule: native builds (cargo test, clippy, fmt, the CLI) use the
# rustup toolchain; wasm32 builds use Debian's rustc-web 1.96 with
# `-Z build-std`, because rustup cannot add the wasm32 target here
# (see the README's "Toolchain" section).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
TRUNK_VERSION="0.21.14"
WASM_OPT_VERSION="132"
PYTHON_REQUIREMENTS=("scim2-server==0.8.3" "scim2-cli==0.6.0")
APT_PACKAGES=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22 chromium chromium-driver)

# The wasm-bindgen version the app links against: the CLI must match it exactly.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock"
}

export PATH="$HOME/.cargo/bin:$ROOT/tests/node_modules/.bin:$PATH"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

# Size flags for the shipped wasm, profile wasm-release only (tests keep
# their panic messages; host build scripts get none: the prebuilt host std
# is not immediate-abort). The app and the core module share them, so the
# wasm32 std is built once. A panic is a trap either way (panic = "abort"):
# immediate-abort and no panic locations drop the formatting machinery
# behind it, and std's optimize_for_size its larger variants (the app
# -41 KB gzipped, the core module -5 KB). Unstable, accepted thanks to
# RUSTC_BOOTSTRAP=1 below.
WASM_RELEASE_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"

# Runs a command with Debian's toolchain building for wasm32. Trunk calls
# `cargo` from PATH, so a directory whose `cargo` is Debian's goes first.
with_wasm_toolchain() {
    mkdir -p "$TOOLS/debian-cargo"
    ln -sf /usr/bin/cargo "$TOOLS/debian-cargo/cargo"
    PATH="$TOOLS/debian-cargo:$PATH" \
    RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 \
    CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
    CARGO_UNSTABLE_PROFILE_RUSTFLAGS=true \
    CARGO_PROFILE_WASM_RELEASE_RUSTFLAGS="$WASM_RELEASE_RUSTFLAGS" \
    CARGO_PROFILE_WASM_RELEASE_BUILD_OVERRIDE_RUSTFLAGS="" \
        "$@"
}

# Stops a process and all its descendants (a backgrounded shell function
# runs its command in a child, which a plain `kill` would orphan).
kill_tree() {
    local pid="$1" child
    for child in $(pgrep -P "$pid" 2>/dev/null); do kill_tree "$child"; done
    kill "$pid" 2>/dev/null || true
}

# A free TCP port on 127.0.0.1, so two runs on one machine never collide.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts scim2-server with the Asana-like schema on PORT with TOKEN; prints its PID.
start_scim_server() {
    local port="$1" token="$2" log="$3"
    local fixtures="$ROOT/tests/fixtures/asana-server"
    "$TOOLS/venv/bin/scim2-server" --hostname 127.0.0.1 --port "$port" --bearer-token "$token" \
        --schema "$fixtures/schemas.json" --resource-type "$fixtures/resource-types.json" \
        --service-provider-config "$fixtures/service-provider-config.json" >"$log" 2>&1 &
    local pid=$!
    for _ in $(seq 1 100); do
        if curl -fsS -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v2/ServiceProviderConfig"; then
            echo "$pid"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then break; fi
        sleep 0.2
    done
    echo "scim2-server did not start on port $port; its log:" >&2
    cat "$log" >&2
    return 1
}
