#!/usr/bin/env bash
# Publishes the GPU probe self-contained and trimmed for linux-x64 into one folder that runs on a machine without .NET
# (docs/benchmarking.md, "GPU probe"): the probe, the model shapes of this machine's store (models.json) and
# run-probe.sh, the one command to run there. Prints the folder and its size; fails above 40 MB.
#   ./scripts/gpu-bundle.sh [OUT_DIR]      (default: artifacts/gpu-bundle)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/artifacts/gpu-bundle}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
limit_mb=40

rm -rf "$out"
mkdir -p "$out" "$root/artifacts"
# Its own artifacts path, so the self-contained restore never touches the obj/ folders of the ordinary build.
dotnet publish "$root/src/GpuProbe/GpuProbe.csproj" -c Release -r linux-x64 --self-contained true \
  -p:GpuBundle=true -p:DebugType=none \
  --artifacts-path "$root/artifacts/gpu-bundle-build" -o "$out" --nologo -v q >"$root/artifacts/gpu-bundle.log" 2>&1 \
  || { cat "$root/artifacts/gpu-bundle.log" >&2; echo "gpu-bundle: publish failed (log: artifacts/gpu-bundle.log)" >&2; exit 1; }

# The shapes the probe times, from the store's model catalog (seeded from data/catalog/model-shapes.csv).
"$root/scripts/planner" catalog list models --format json >"$out/models.json"

cat >"$out/run-probe.sh" <<'PROBE'
#!/usr/bin/env bash
# Runs the GPU probe from this folder (no .NET needed). The CUDA 13 (or 12) runtime and cuBLASLt are looked for in
# PLANNER_CUDA_LIBS (folders separated by ':'), then in a PyTorch venv's NVIDIA wheels
# (/opt/torch/.venv/lib/python3.*/site-packages/nvidia/*/lib), then /usr/local/cuda/lib64, then the default library path.
# With no arguments it times llama-3-8b (one GPU) and llama-3-70b (slices for 2, 4 and 8 GPUs) and the device copy;
# arguments replace the models (e.g. --model mistral-7b --precisions bf16). Results go to PROBE_OUT (default ./results).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dirs=()
IFS=':' read -r -a named <<<"${PLANNER_CUDA_LIBS:-}"
for d in "${named[@]}" /opt/torch/.venv/lib/python3.*/site-packages/nvidia/*/lib /usr/local/cuda/lib64; do
  if [ -n "$d" ] && [ -d "$d" ]; then dirs+=("$d"); fi
done
flags=()
for d in "${dirs[@]}"; do flags+=(--cuda-lib "$d"); done
# cuBLASLt's own dependencies resolve through the same folders.
export LD_LIBRARY_PATH="$(IFS=':'; echo "${dirs[*]}")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if [ "$#" -eq 0 ]; then set -- --model llama-3-8b --model llama-3-70b:2,4,8; fi
exec "$here/Planner.GpuProbe" --shapes "$here/models.json" "${flags[@]}" --out "${PROBE_OUT:-$here/results}" "$@"
PROBE
chmod +x "$out/run-probe.sh"

size_mb=$(du -sm "$out" | cut -f1)
echo "$out: $(du -sh "$out" | cut -f1) ($(find "$out" -type f | wc -l) files)"
if [ "$size_mb" -gt "$limit_mb" ]; then
  echo "gpu-bundle: $size_mb MB is above the $limit_mb MB limit" >&2
  exit 1
fi
