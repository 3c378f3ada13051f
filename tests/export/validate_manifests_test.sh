#!/usr/bin/env bash
# Every object `sfsup export kubernetes` writes for topologies/market.yaml and
# topologies/dev.yaml validates against the Kubernetes API schema of its kind
# (tools/k8s-validate: kubernetes-models, installed by tools/bootstrap.sh).
# Exit 77 (ctest: skipped) only when that package is not installed.
set -euo pipefail
build=$1
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
validator=$source_dir/tools/k8s-validate
if [ ! -d "$validator/node_modules/kubernetes-models" ] || ! command -v node >/dev/null; then
  echo "SKIPPED: node or kubernetes-models is not installed; run tools/bootstrap.sh (it runs npm ci in tools/k8s-validate)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The validator must be able to say no: a Deployment with a port as text is rejected.
cat > "$work/broken.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: broken}
spec:
  selector: {matchLabels: {app: broken}}
  template:
    metadata: {labels: {app: broken}}
    spec:
      containers: [{name: worker, image: x, ports: [{containerPort: "20000"}]}]
YAML
if node "$validator/validate.js" "$work/broken.yaml"; then
  echo "FAIL: the validator accepted a Deployment whose containerPort is a string"
  exit 1
fi

for topology in market dev; do
  "$build/bin/sfsup" export kubernetes "$source_dir/topologies/$topology.yaml" -o "$work/$topology" >/dev/null
  node "$validator/validate.js" "$work/$topology"/*.yaml
done
echo "PASS: every exported object validates"
