#!/usr/bin/env bash
# The quality table's runs on a CPU machine: each template on WebAssembly and its PyTorch twin, at
# the same batch and iterations, two seeds where the budget allows. Run it again after a stop: the
# product's runs resume from their --work checkpoints, finished runs are skipped (their .md exists).
#
#   bash bench/quality/cpu-runs.sh [TEMPLATE:STEPS:SEEDS ...]     default: vae-mlp:5000:1,2 vae:2000:1 dcgan:2000:1
#
# Results: runs/quality/*.md (one table each; README's quality table gathers them), sample grids
# and loss curves under docs/quality/.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p runs/quality docs/quality
export OMP_NUM_THREADS=$(nproc) OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
py=${PYTHON:-/usr/bin/python3}
jobs=("$@")
[ ${#jobs[@]} -gt 0 ] || jobs=(vae-mlp:5000:1,2 vae:2000:1 dcgan:2000:1)
for job in "${jobs[@]}"; do
  IFS=: read -r id steps seeds <<<"$job"
  twin=bench/quality/torch/${id//-/_}.py
  for seed in ${seeds//,/ }; do
    tag=$id-s$seed
    if [ ! -s runs/quality/$tag.md ]; then
      npx tsx bench/quality.ts --template "$id" --steps "$steps" --seed "$seed" --backend wasm \
        --work runs/quality/$tag --grid docs/quality/$tag-samples.png --no-reference --out runs/quality/$tag.md.part
      mv runs/quality/$tag.md.part runs/quality/$tag.md
    fi
    if [ ! -s runs/quality/torch-$tag.md ]; then
      "$py" "$twin" --steps "$steps" --seed "$seed" --out runs/quality/torch-$tag.npy --metrics runs/quality/torch-$tag.jsonl \
        | tee runs/quality/torch-$tag.log
      npx tsx bench/quality.ts --score runs/quality/torch-$tag.npy --label "$id (PyTorch twin), seed $seed" --no-reference \
        --out runs/quality/torch-$tag.md.part
      mv runs/quality/torch-$tag.md.part runs/quality/torch-$tag.md
    fi
  done
done
