# Web dependencies for digitlab: Emscripten 3.1.69 (tools/setup_emscripten.sh), Dear ImGui 1.90.1
# (sources from Debian's next release, trixie) and SDL 2.26.5 (bookworm) sources from Debian, and
# SDL2 built for Emscripten (pthreads + SIMD) into a cache prefix shared by every clone.
# Sourced by tools/setup.sh (uses its `repo`, `cache`, `log`); idempotent, instant when done.
# Exports DIGITLAB_EMSCRIPTEN, DIGITLAB_IMGUI_DIR and DIGITLAB_SDL2_PREFIX for the web build.

export NODE_PATH=/usr/share/nodejs        # node finds Debian's packages (acorn)
export EMCC_SKIP_SANITY_CHECK=1           # skip emcc's per-call toolchain sanity check

digitlab_imgui_version=1.90.1
digitlab_sdl2_version=2.26.5

# 1. Debian source packages, unpacked under $cache (never into the repo).
digitlab_fetch_sources() {
  if [ -f "$cache/imgui-$digitlab_imgui_version/imgui.cpp" ] && \
     [ -f "$cache/SDL2-$digitlab_sdl2_version/CMakeLists.txt" ]; then
    return 0
  fi
  # Each release's source entry is looked for by its suite: a trixie-only deb-src line (or one another
  # tool added) must not hide a missing bookworm one.
  if ! grep -rqsE '^deb-src .* bookworm ' /etc/apt/sources.list /etc/apt/sources.list.d/ &&
     ! grep -rhs -A3 '^Types:.*deb-src' /etc/apt/sources.list.d/ | grep -qE 'Suites:.*bookworm( |$)'; then
    log "adding deb-src for bookworm main"
    cat >/etc/apt/sources.list.d/debian-src.sources <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  fi
  # Dear ImGui 1.90.1 (input queue, touch as its own mouse source) is only in Debian's next
  # release: its *source* package, never a binary one, so the entry is deb-src only.
  if ! grep -rqsE '^Suites:.*trixie' /etc/apt/sources.list.d/; then
    log "adding deb-src for trixie main (source packages only)"
    cat >/etc/apt/sources.list.d/debian-trixie-src.sources <<'EOF2'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF2
  fi
  mkdir -p "$cache/src"
  if ! ls "$cache"/src/imgui_"$digitlab_imgui_version"*.dsc >/dev/null 2>&1 || \
     ! ls "$cache"/src/libsdl2_"$digitlab_sdl2_version"*.dsc >/dev/null 2>&1; then
    log "apt-get source imgui/trixie libsdl2/bookworm"
    apt-get update -qq
    # The sandbox user _apt cannot write into root's home; download as root (apt does anyway).
    # Each names its release: with trixie's sources listed, a bare "libsdl2" would be trixie's 2.32.
    (cd "$cache/src" && apt-get -o APT::Sandbox::User=root source --download-only -qq "imgui/trixie" \
        "libsdl2/bookworm" >/dev/null)
  fi
  local dsc tmp
  if [ ! -f "$cache/imgui-$digitlab_imgui_version/imgui.cpp" ]; then
    dsc=$(ls "$cache"/src/imgui_"$digitlab_imgui_version"*.dsc | head -n1)
    tmp="$cache/imgui-$digitlab_imgui_version.tmp"; rm -rf "$tmp"
    dpkg-source --no-check --no-copy -x "$dsc" "$tmp" >/dev/null
    rm -rf "$cache/imgui-$digitlab_imgui_version"; mv "$tmp" "$cache/imgui-$digitlab_imgui_version"
    log "unpacked $cache/imgui-$digitlab_imgui_version"
  fi
  if [ ! -f "$cache/SDL2-$digitlab_sdl2_version/CMakeLists.txt" ]; then
    dsc=$(ls "$cache"/src/libsdl2_"$digitlab_sdl2_version"*.dsc | head -n1)
    tmp="$cache/SDL2-$digitlab_sdl2_version.tmp"; rm -rf "$tmp"
    dpkg-source --no-check --no-copy -x "$dsc" "$tmp" >/dev/null
    rm -rf "$cache/SDL2-$digitlab_sdl2_version"; mv "$tmp" "$cache/SDL2-$digitlab_sdl2_version"
    log "unpacked $cache/SDL2-$digitlab_sdl2_version"
  fi
}

# 2. SDL2 for Emscripten with SDL's own CMake (toolchain.md pitfall 3: the -sUSE_SDL=2 port
# would download). The options that shape the library name the prefix, so a change of options
# builds a new prefix instead of silently reusing a stale one.
digitlab_sdl2_options=(
  -DCMAKE_BUILD_TYPE=Release -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF
  -DSDL_PTHREADS=ON -DSDL_THREADS=ON -DSDL_ATOMIC=ON -DSDL_AUDIO=OFF -DSDL_JOYSTICK=OFF
  -DSDL_HAPTIC=OFF -DSDL_HIDAPI=OFF -DSDL_SENSOR=OFF -DSDL_POWER=OFF -DSDL_LOCALE=OFF
  -DSDL_RENDER=OFF "-DCMAKE_C_FLAGS=-pthread -msimd128"
)
# Speed: EMCC_SKIP_SANITY_CHECK (above) cuts each of the ~170 feature-check links. Not used:
# -DCMAKE_TRY_COMPILE_TARGET_TYPE=STATIC_LIBRARY (checks without linking) wrongly detects
# pthread_setname_np, which Emscripten declares but does not provide.
digitlab_sdl2_speed_options=()

digitlab_sdl2_prefix() {
  local emver hash
  emver=$(cat "$DIGITLAB_EMSCRIPTEN/emscripten-version.txt")
  hash=$(printf '%s\n' "$digitlab_sdl2_version" "$emver" "${digitlab_sdl2_options[@]}" | sha256sum | cut -c1-10)
  echo "$cache/sdl2-$digitlab_sdl2_version-web-$hash"
}

digitlab_build_sdl2() {
  local prefix=$1
  [ -f "$prefix/.digitlab-built" ] && return 0
  # Several clones may run set-up at once: one builds, the others wait for it and reuse.
  local lock
  exec {lock}>"$cache/sdl2-build.lock"
  flock "$lock"
  local status=0
  [ -f "$prefix/.digitlab-built" ] || digitlab_build_sdl2_locked "$prefix" || status=$?
  exec {lock}>&-
  return $status
}

digitlab_build_sdl2_locked() {
  local prefix=$1 build t0=$SECONDS t1
  build=$(mktemp -d "${TMPDIR:-/tmp}/digitlab-sdl2.XXXXXX")
  log "building SDL2 $digitlab_sdl2_version for Emscripten into $prefix (a few minutes, once; log: $build/log)"
  if ! emcmake cmake -S "$cache/SDL2-$digitlab_sdl2_version" -B "$build" -G Ninja \
         -DCMAKE_INSTALL_PREFIX="$prefix" "${digitlab_sdl2_options[@]}" \
         ${digitlab_sdl2_speed_options[@]+"${digitlab_sdl2_speed_options[@]}"} >"$build/log" 2>&1; then
    echo "SDL2 configure failed; see $build/log" >&2
    tail -n 30 "$build/log" >&2
    return 1
  fi
  t1=$SECONDS
  # Installed into prefix.tmp, then renamed: an interrupted build never looks finished. SDL's
  # CMake package files are relocatable, and sdl2.pc already names the final prefix.
  if ! { cmake --build "$build" && rm -rf "$prefix.tmp" &&
         cmake --install "$build" --prefix "$prefix.tmp"; } >>"$build/log" 2>&1; then
    echo "SDL2 build failed; see $build/log" >&2
    tail -n 30 "$build/log" >&2
    return 1
  fi
  printf '%s\n' "${digitlab_sdl2_options[@]}" >"$prefix.tmp/.digitlab-built"
  rm -rf "$prefix"
  mv "$prefix.tmp" "$prefix"
  rm -rf "$build"
  log "SDL2 built: configure $((t1 - t0)) s, build + install $((SECONDS - t1)) s"
}

digitlab_fetch_sources
# shellcheck source=tools/setup_emscripten.sh
source "$repo/tools/setup_emscripten.sh"
DIGITLAB_IMGUI_DIR="$cache/imgui-$digitlab_imgui_version"
DIGITLAB_SDL2_PREFIX=$(digitlab_sdl2_prefix)
digitlab_build_sdl2 "$DIGITLAB_SDL2_PREFIX"
export DIGITLAB_IMGUI_DIR DIGITLAB_SDL2_PREFIX
