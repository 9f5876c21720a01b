# Configures (once) and builds one preset incrementally (sourced by run and test).
grove_build() { # preset [targets...]
    local preset="$1"
    shift
    if [ ! -f "$root/build/$preset/build.ninja" ]; then
        cmake --preset "$preset" >/dev/null
    fi
    if [ "$#" -gt 0 ]; then
        cmake --build --preset "$preset" -j "$GROVE_JOBS" --target "$@"
    else
        cmake --build --preset "$preset" -j "$GROVE_JOBS"
    fi
}
