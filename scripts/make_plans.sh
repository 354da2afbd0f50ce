#!/usr/bin/env bash
# Regenerate every committed Terraform plan fixture (plan.json) from its .tf files.
#
# Roots are the immediate subdirectories holding a main.tf under tests/fixtures/terraform and
# tests/fixtures/parity, plus examples/webshop/terraform and bench/unit (the scale benches'
# unit). Subdirectories of a root (local modules) are copied along but never planned alone.
#
# Offline by design: providers come from a filesystem mirror (TF_PLUGIN_MIRROR, default
# /opt/tf-plugins, layout registry.terraform.io/hashicorp/aws/<version>/<os_arch>/...). Each
# root is planned in a temporary copy so .terraform, lock files and state never land in the
# repository. Credentials are fake and set here: the .tf files only skip the AWS calls.
# Output is `terraform show -json`, pretty-printed so diffs read.
#
# Usage: scripts/make_plans.sh [ROOT_DIR ...]   (default: every root)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mirror="${TF_PLUGIN_MIRROR:-/opt/tf-plugins}"

die() {
    echo "make_plans: $*" >&2
    exit 1
}

command -v terraform >/dev/null 2>&1 || die "terraform not found on PATH"
command -v python3 >/dev/null 2>&1 || die "python3 not found on PATH"
[[ -d "$mirror/registry.terraform.io/hashicorp/aws" ]] \
    || die "no hashicorp/aws provider in filesystem mirror $mirror (set TF_PLUGIN_MIRROR)"

work="$(mktemp -d "${TMPDIR:-/tmp}/make_plans.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# A CLI config of our own: no user config, no registry, no network.
cat >"$work/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/*/*"]
  }
}
RC

export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1
export CHECKPOINT_DISABLE=1
export TF_INPUT=0
# Fake credentials (the documented AWS example key id); providers skip every validation call.
export AWS_ACCESS_KEY_ID="AKIAIOSFODNN7EXAMPLE"
export AWS_SECRET_ACCESS_KEY="fake"
export AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/dev/null
export AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_PROFILE TF_LOG || true

list_roots() {
    local base
    for base in tests/fixtures/terraform tests/fixtures/parity; do
        [[ -d "$repo_root/$base" ]] || continue
        find "$repo_root/$base" -mindepth 2 -maxdepth 2 -name main.tf -printf '%h\n'
    done | sort
    local extra
    for extra in examples/webshop/terraform bench/unit; do
        if [[ -f "$repo_root/$extra/main.tf" ]]; then
            echo "$repo_root/$extra"
        fi
    done
}

# Same layout as `python3 -m json.tool`; relevant_attributes is sorted because Terraform emits
# it in map order, which changes from run to run and carries no meaning.
pretty_print() {
    python3 - "$1" <<'PY'
import json
import sys

with open(sys.argv[1], encoding="utf-8") as raw:
    plan = json.load(raw)
plan.get("relevant_attributes", []).sort(key=lambda ref: json.dumps(ref, sort_keys=True))
json.dump(plan, sys.stdout, indent=4)
sys.stdout.write("\n")
PY
}

plan_root() {
    local root="$1" name copy log
    name="$(realpath --relative-to="$repo_root" "$root")"
    copy="$work/${name//\//__}"
    log="$copy.log"
    mkdir -p "$copy"
    # Copy sources only: never an old plan, state or provider cache.
    (cd "$root" && find . \( -name .terraform -o -name 'plan.json' -o -name '*.tfstate*' \
        -o -name '.terraform.lock.hcl' \) -prune -o -type f -print0 \
        | xargs -0 -I{} cp --parents {} "$copy/")
    echo "make_plans: $name"
    if ! (cd "$copy" \
        && terraform init -no-color -input=false -backend=false >"$log" 2>&1 \
        && terraform plan -no-color -input=false -refresh=false -lock=false \
            -out=tfplan >>"$log" 2>&1 \
        && terraform show -no-color -json tfplan >plan.raw.json 2>>"$log"); then
        cat "$log" >&2
        die "terraform failed in $name (log above)"
    fi
    pretty_print "$copy/plan.raw.json" >"$copy/plan.pretty.json" \
        || die "terraform show produced invalid JSON in $name"
    mv "$copy/plan.pretty.json" "$root/plan.json"
}

if [[ $# -gt 0 ]]; then
    roots=()
    for arg in "$@"; do
        [[ -f "$arg/main.tf" ]] || die "$arg has no main.tf"
        roots+=("$(cd "$arg" && pwd)")
    done
else
    mapfile -t roots < <(list_roots)
fi
[[ ${#roots[@]} -gt 0 ]] || die "no Terraform roots found"

for root in "${roots[@]}"; do
    plan_root "$root"
done
echo "make_plans: wrote ${#roots[@]} plan.json file(s)"
