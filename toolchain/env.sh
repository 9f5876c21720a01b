# The environment both toolchain commands build in (sourced).
# Emscripten's JS optimizer needs the acorn modules Debian keeps under /usr/share/nodejs.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
# Chromium and xvfb-run want a writable runtime dir; CI may not have one.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/grove-runtime-$(id -u)}"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
GROVE_JOBS="${GROVE_JOBS:-$(nproc)}"
