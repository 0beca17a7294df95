#!/usr/bin/env bash
# The real CRDs of the translator's optional integrations, for test/e2e/golden-dryrun.test.ts: fetched
# (once; cached in .cache/integration-crds/) from each project's Go module through the go command's
# module proxy and checksum database, checked against the sha256 pinned below, and printed one path
# per line. Nothing of the projects is kept in this repository.
#
# The AWS Load Balancer Controller (TargetGroupBinding) is not among them: its releases are not to be
# had as a Go module (no version of its module path after v1.1.9 is on the proxy), so the test keeps
# a stand-in CRD for it (test/e2e/fixtures/integration-crds.yaml) that checks metadata only.
#
# To bump a version: change it here, run this with PIN=0 to print the new sha256, pin that, and run
# the golden dry-run e2e test.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=$root/.cache/integration-crds
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# module|version|path inside the module|sha256 of that file
SOURCES=(
  "github.com/external-secrets/external-secrets|v1.3.2|config/crds/bases/external-secrets.io_externalsecrets.yaml|690dbc0d51b5f9bc5266b450b533cfd22c5273268e8569102e528a39519cd4ba"
  "github.com/aws/amazon-vpc-resource-controller-k8s|v1.8.2|config/crd/bases/vpcresources.k8s.aws_securitygrouppolicies.yaml|c5d5bde7330ae7626de19e073419544eff939aee3bd13295defb91ad4cbd467b"
)

die() {
  echo "integration-crds: $*" >&2
  exit 1
}

# json_field FIELD: the string value of "FIELD" in go's -json output on stdin.
json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}$/\1/p" | head -n1; }

# The machines install Go at /usr/local/go; a non-login shell (CI) may not have it on PATH.
if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then export PATH="/usr/local/go/bin:$PATH"; fi
command -v go >/dev/null || die "the go command is needed to fetch the integrations' CRDs (Go modules)"
for entry in "${SOURCES[@]}"; do
  IFS='|' read -r module version path sha <<<"$entry"
  out=$cache/${module//\//_}@$version/$(basename "$path")
  if [[ ! -f $out ]] || [[ $(sha256sum "$out" | cut -d' ' -f1) != "$sha" ]]; then
    mkdir -p "$(dirname "$out")"
    # An empty directory, so that no go.mod around us takes part; -mod=mod as the go command wants there.
    json=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$module@$version") ||
      die "go mod download $module@$version failed: $json"
    dir=$(json_field Dir <<<"$json")
    [[ -n $dir && -f $dir/$path ]] || die "$module@$version has no $path"
    got=$(sha256sum "$dir/$path" | cut -d' ' -f1)
    if [[ ${PIN:-1} != 0 && $got != "$sha" ]]; then
      die "$module@$version $path has sha256 $got, not the pinned $sha"
    fi
    cp "$dir/$path" "$out"
  fi
  echo "$out"
done
