# Emscripten 3.1.69 for the web build, from Debian's archive only: the compiler is Debian 12's own
# LLVM 19 (apt clang-19, lld-19, llvm-19, installed by tools/setup.sh), Emscripten itself is Debian
# 13's source package (3.1.69+dfsg, its Debian patches applied), and binaryen 120 is npm's build of
# it (node programs: wasm-opt, wasm-metadce, ...), which has no wasm-emscripten-finalize, so every
# link uses -sWASM_BIGINT (every browser that runs WebAssembly threads has BigInt integration).
# Unpacked under $cache and reused by every clone; Emscripten builds its system libraries into its
# own cache folder there on first use (about 2 minutes).
# Sourced by tools/setup_web.sh (uses its `repo`, `cache`, `log`); idempotent, instant when done.
# Exports DIGITLAB_EMSCRIPTEN (the Emscripten folder), EM_CONFIG, PATH and EMCC_CFLAGS.

digitlab_emscripten_version=3.1.69
digitlab_binaryen_version=120.0.0

digitlab_fetch_emscripten() {
  local dir=$1 src="$cache/src" orig debian tmp
  [ -f "$dir/.digitlab-ready" ] && return 0
  mkdir -p "$src"
  orig="$src/emscripten_${digitlab_emscripten_version}+dfsg.orig.tar.xz"
  if [ ! -f "$orig" ] || ! ls "$src"/emscripten_"$digitlab_emscripten_version"+dfsg-*.debian.tar.xz >/dev/null 2>&1; then
    log "apt-get source emscripten/trixie (Emscripten $digitlab_emscripten_version)"
    # The archive serves the tarballs but not always the .dsc (and one optional component), so
    # apt-get may exit non-zero with what is needed downloaded; the tarballs are checked below.
    local attempt
    for attempt in 1 2; do
      (cd "$src" && apt-get -o APT::Sandbox::User=root source --download-only -qq "emscripten/trixie" >/dev/null 2>&1) || true
      ls "$src"/emscripten_"$digitlab_emscripten_version"+dfsg-*.debian.tar.xz >/dev/null 2>&1 && break
      apt-get update -qq  # stale or missing source lists: once more with fresh ones
    done
  fi
  debian=$(ls "$src"/emscripten_"$digitlab_emscripten_version"+dfsg-*.debian.tar.xz 2>/dev/null | sort | tail -n1)
  if [ ! -f "$orig" ] || [ -z "$debian" ]; then
    echo "Emscripten $digitlab_emscripten_version's source (Debian trixie's emscripten package) could not be downloaded" >&2
    return 1
  fi
  tmp="$dir.tmp"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  tar -xf "$orig" -C "$tmp" --strip-components=1
  tar -xf "$debian" -C "$tmp"
  # What dpkg-source -x and debian/rules would do: the patches, the generated DOM key codes header
  # (libhtml5 needs it) and the version file.
  (cd "$tmp" &&
     while read -r patch; do
       case "$patch" in ''|'#'*) continue ;; esac
       patch -p1 -s -N <"debian/patches/$patch" >/dev/null
     done <debian/patches/series &&
     python3 tools/create_dom_pk_codes.py >/dev/null 2>&1 &&
     echo "$digitlab_emscripten_version" >emscripten-version.txt) || {
    echo "Emscripten $digitlab_emscripten_version: applying Debian's patches failed in $tmp" >&2
    return 1
  }
  # Its JS optimizer imports acorn as an ES module (NODE_PATH does not apply): Debian's node-acorn.
  ln -sfn /usr/share/nodejs "$tmp/node_modules"
  rm -rf "$dir"
  mv "$tmp" "$dir"
  touch "$dir/.digitlab-ready"
  log "unpacked Emscripten $digitlab_emscripten_version into $dir"
}

digitlab_fetch_binaryen() {
  local root=$1 tool
  if [ ! -f "$root/.digitlab-ready" ]; then
    log "npm binaryen@$digitlab_binaryen_version into $root"
    rm -rf "$root"
    mkdir -p "$root/bin"
    (cd "$root" && npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$root" \
       "binaryen@$digitlab_binaryen_version" >/dev/null)
    for tool in wasm-opt wasm-metadce wasm-ctor-eval wasm-dis wasm-as wasm2js wasm-merge; do
      ln -sfn "$root/node_modules/binaryen/bin/$tool" "$root/bin/$tool"
    done
    touch "$root/.digitlab-ready"
  fi
  # npm's binaryen has no wasm-emscripten-finalize, which Asyncify builds call: ours runs its passes.
  ln -sfn "$repo/tools/emscripten/wasm-emscripten-finalize" "$root/bin/wasm-emscripten-finalize"
}

DIGITLAB_EMSCRIPTEN="$cache/emscripten-$digitlab_emscripten_version"
digitlab_binaryen_root="$cache/binaryen-$digitlab_binaryen_version"
digitlab_fetch_emscripten "$DIGITLAB_EMSCRIPTEN"
digitlab_fetch_binaryen "$digitlab_binaryen_root"
EM_CONFIG="$DIGITLAB_EMSCRIPTEN/.digitlab-config"
cat >"$EM_CONFIG.tmp" <<EOF
LLVM_ROOT = '/usr/lib/llvm-19/bin'
BINARYEN_ROOT = '$digitlab_binaryen_root'
NODE_JS = '$(command -v node)'
CACHE = '$cache/emscripten-cache-$digitlab_emscripten_version'
EOF
if cmp -s "$EM_CONFIG.tmp" "$EM_CONFIG"; then rm -f "$EM_CONFIG.tmp"; else mv "$EM_CONFIG.tmp" "$EM_CONFIG"; fi
case ":$PATH:" in *":$DIGITLAB_EMSCRIPTEN:"*) ;; *) PATH="$DIGITLAB_EMSCRIPTEN:$PATH" ;; esac
# Every link, the project's and CMake's own checks (SDL's configure), without finalize (see above).
EMCC_CFLAGS="-sWASM_BIGINT -Wno-unused-command-line-argument"
export DIGITLAB_EMSCRIPTEN EM_CONFIG PATH EMCC_CFLAGS
