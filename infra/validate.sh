#!/usr/bin/env bash
# Offline checks of the Terraform in infra/: formatting always; init + validate when the AWS provider is available
# from a local plugin mirror (no registry access needed). Runs in a scratch copy so that infra/ gets no
# .terraform/ directory and no lock file.
#
#   infra/validate.sh                       # mirror at /opt/tf-plugins (default)
#   TF_PLUGIN_DIR=/path/to/mirror infra/validate.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
plugin_dir="${TF_PLUGIN_DIR:-/opt/tf-plugins}"
export CHECKPOINT_DISABLE=1
# A CLI config is optional here (-plugin-dir decides where providers come from); point a missing one at
# /dev/null instead of getting a warning from every terraform call.
if [ ! -f "${TF_CLI_CONFIG_FILE:-$HOME/.terraformrc}" ]; then
  export TF_CLI_CONFIG_FILE=/dev/null
fi
export TF_IN_AUTOMATION=1

if ! command -v terraform >/dev/null 2>&1; then
  echo "validate.sh: terraform is not on PATH; nothing checked." >&2
  exit 1
fi
terraform version | head -n 1

echo "== terraform fmt -check -recursive"
terraform -chdir="$here" fmt -check -recursive -diff

if [ ! -d "$plugin_dir/registry.terraform.io/hashicorp/aws" ]; then
  echo "== SKIPPED terraform validate: no AWS provider mirror at $plugin_dir (set TF_PLUGIN_DIR, or run" \
    "'terraform init -backend=false && terraform validate' with registry access)."
  exit 0
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# The configuration only: no local state, provider cache or lock file from a developer's own init.
(cd "$here" && find . -name '*.tf' -not -path '*/.terraform/*' | tar -cf - -T -) | tar -C "$scratch" -xf -

echo "== terraform init -backend=false -plugin-dir=$plugin_dir"
terraform -chdir="$scratch" init -backend=false -plugin-dir="$plugin_dir" -input=false -no-color >"$scratch/init.log" 2>&1 \
  || { cat "$scratch/init.log" >&2; exit 1; }

echo "== terraform validate"
terraform -chdir="$scratch" validate -no-color
