#!/usr/bin/env bash
# `make image`: the operator image, assembled WITHOUT Docker, as an image archive that
# `ctr images import`, `kind load image-archive`, `minikube image load` and `docker load` read:
# an OCI image layout (oci-layout, index.json, blobs/sha256/...) that also carries `docker save`'s
# manifest.json (as Docker 25+ writes it), in one tar.
#
# Contents, as the Dockerfile's runtime stage has them (same entrypoint `ecs2eks operator`, same
# user 65532:65532, NODE_ENV=production, workdir /app), but taken from this machine instead of a
# node:20 base image:
#   layer 1  the host's node binary (/usr/local/bin/node) and what `ldd` lists for it (libc,
#            libstdc++, ..., the dynamic loader), /usr/bin/env for main.js' `#!/usr/bin/env node`,
#            /etc/passwd + /etc/group with uid/gid 65532 ("nonroot"), /etc/nsswitch.conf
#            (hosts: files first, so a pod's hostAliases resolve), /tmp (1777)
#   layer 2  /app/node_modules: production dependencies (npm ci --omit=dev --ignore-scripts)
#   layer 3  /app/package.json, /app/dist/src (npx tsc -p tsconfig.build.json),
#            /usr/local/bin/ecs2eks -> /app/dist/src/cli/main.js
# Reproducible: every file has mtime 0 and owner 0:0, tar members are sorted, gzip stores no name
# or time; the same inputs give the same digests.
#
# Cached: the layers and config are kept under .cache/image/<key>/, where <key> hashes this
# script, package.json, package-lock.json, the tsconfigs, every file under src/, the node binary
# and its libraries. Unchanged inputs skip npm, tsc and gzip; a new IMG only rewrites the
# archive's index.json/manifest.json.
#
# Usage: bash hack/image/build.sh [IMG]      (default: $IMG, else ghcr.io/ecs2eks/ecs2eks:0.1.0)
# Last stdout line: the archive's path (.cache/image/ecs2eks-operator.oci.tar).
set -euo pipefail
cd "$(dirname "$0")/../.."
log() { printf '[image] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

img=${1:-${IMG:-ghcr.io/ecs2eks/ecs2eks:0.1.0}}
out=.cache/image
archive=$out/ecs2eks-operator.oci.tar

# --- prerequisites: fail with the reason, never fall back to something else -------------------
for c in node npm ldd tar gzip sha256sum flock; do
  command -v "$c" >/dev/null || die "'$c' not found on PATH (needed to assemble the image)"
done
tar --sort=name --version >/dev/null 2>&1 || die "GNU tar 1.28+ needed (--sort=name, reproducible layers)"
[[ $img =~ ^[a-z0-9]([a-z0-9._/-]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9._-]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$ && $img != *@* ]] ||
  die "IMG='$img' is not an image name of the form [registry/]repository[:tag] (a digest cannot be given to a local build)"
node_bin=$(readlink -f "$(command -v node)")
case $(uname -m) in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) die "unsupported machine $(uname -m)" ;;
esac

# libs: the shared objects node needs (ldd's "=> /path" and the loader's own line), as the paths
# the binary asks for; a static node needs none.
libs=()
if ldd_out=$(ldd "$node_bin" 2>&1); then
  grep -q 'not found' <<<"$ldd_out" && die "ldd $node_bin: a library is missing: $ldd_out"
  mapfile -t libs < <(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$ldd_out" | sort -u)
elif ! grep -q 'not a dynamic executable' <<<"$ldd_out"; then
  die "ldd $node_bin failed: $ldd_out"
fi
env_bin=/usr/bin/env
[[ -x $env_bin ]] || die "$env_bin not found (main.js starts with #!/usr/bin/env node)"
mapfile -t env_libs < <(ldd "$env_bin" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }')
mapfile -t libs < <(printf '%s\n' "${libs[@]}" "${env_libs[@]}" | sort -u)

# --- cache key ---------------------------------------------------------------------------------
key=$( {
  sha256sum hack/image/build.sh package.json package-lock.json tsconfig.json tsconfig.build.json
  find src -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  sha256sum "$node_bin" "$env_bin"
  for l in "${libs[@]}"; do sha256sum "$(readlink -f "$l")"; done
  echo "$arch"
} | sha256sum | cut -c1-16)
mkdir -p "$out"
exec {lock}>"$out/.lock"
flock -w 600 "$lock" || die "$out/.lock held for 10 minutes by another build"
build=$out/$key

# --- build the layers and the config (skipped when cached) -------------------------------------
# layer DIR: DIR's tree as a reproducible gzip'd tar blob; prints "<digest> <size> <diff_id>".
layer() {
  local dir=$1 tmp=$build.tmp/layer.tar digest diff_id
  # Names relative to DIR, no "./" entry for the root; owner, group and times fixed.
  (cd "$dir" && LC_ALL=C find . -mindepth 1 | LC_ALL=C sort | sed 's|^\./||' |
    tar --create --file - --no-recursion --files-from - --format=posix \
      --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
      --mtime=@0 --owner=0 --group=0 --numeric-owner) >"$tmp"
  diff_id=$(sha256sum "$tmp" | cut -d' ' -f1)
  nice gzip -n -6 "$tmp"
  digest=$(sha256sum "$tmp.gz" | cut -d' ' -f1)
  mv "$tmp.gz" "$build.tmp/blobs/sha256/$digest"
  echo "$digest $(stat -c %s "$build.tmp/blobs/sha256/$digest") $diff_id"
}

if [[ ! -f $build/.complete ]]; then
  t0=$SECONDS
  rm -rf "$build.tmp"
  mkdir -p "$build.tmp/blobs/sha256"
  umask 022
  stage=$build.tmp/stage
  mkdir -p "$stage"/{base,deps,app}

  log "layer 1: $node_bin ($(node --version)), ${#libs[@]} libraries, /usr/bin/env, passwd"
  b=$stage/base
  mkdir -p "$b/usr/local/bin" "$b/usr/bin" "$b/etc" "$b/tmp" "$b/app"
  cp "$node_bin" "$b/usr/local/bin/node"
  cp "$env_bin" "$b/usr/bin/env"
  for l in "${libs[@]}"; do
    mkdir -p "$b$(dirname "$l")"
    cp -L "$l" "$b$l" # the file itself at the path the binary names (the loader path is a symlink here)
  done
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/nonexistent:/sbin/nologin\n' >"$b/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' >"$b/etc/group"
  printf 'hosts: files dns\n' >"$b/etc/nsswitch.conf"

  log "layer 2: npm ci --omit=dev --ignore-scripts"
  d=$stage/deps/app
  mkdir -p "$d"
  cp package.json package-lock.json "$d/"
  (cd "$d" && nice npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2) ||
    die "npm ci --omit=dev failed (the npm registry must be reachable)"
  rm -f "$d/package.json" "$d/package-lock.json" "$d/node_modules/.package-lock.json"

  log "layer 3: npx tsc -p tsconfig.build.json"
  [[ -x node_modules/.bin/tsc ]] || die "node_modules/.bin/tsc missing: run npm ci (make deps) first"
  a=$stage/app
  # Into the layer's own dir, not dist/: files of deleted sources left in dist/ must not ship.
  nice npx tsc -p tsconfig.build.json --outDir "$a/app/dist" || die "tsc failed"
  mkdir -p "$a/usr/local/bin"
  cp package.json "$a/app/"
  chmod 0755 "$a/app/dist/src/cli/main.js"
  ln -s /app/dist/src/cli/main.js "$a/usr/local/bin/ecs2eks"

  # Modes: no group/other write anywhere (whatever the umask of who ran npm or tsc), /tmp 1777.
  chmod -R go-w "$stage"
  chmod 1777 "$b/tmp"

  layers=()
  for l in base deps app; do layers+=("$(layer "$stage/$l")"); done
  diff_ids=$(for l in "${layers[@]}"; do printf '"sha256:%s",' "${l##* }"; done)
  config=$(printf '{"architecture":"%s","os":"linux","created":"1970-01-01T00:00:00Z","config":{"User":"65532:65532","Env":["PATH=/usr/local/bin:/usr/bin:/bin","NODE_ENV=production"],"Entrypoint":["ecs2eks","operator"],"WorkingDir":"/app","ExposedPorts":{"8080/tcp":{},"8081/tcp":{}},"Labels":{"org.opencontainers.image.source":"https://github.com/ecs2eks/ecs2eks","org.opencontainers.image.version":"%s"}},"rootfs":{"type":"layers","diff_ids":[%s]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"hack/image/build.sh: node, libraries, passwd"},{"created":"1970-01-01T00:00:00Z","created_by":"hack/image/build.sh: npm ci --omit=dev"},{"created":"1970-01-01T00:00:00Z","created_by":"hack/image/build.sh: dist/src"}]}' \
    "$arch" "$(node -p 'JSON.parse(fs.readFileSync("package.json", "utf8")).version')" "${diff_ids%,}")
  cfg_digest=$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)
  printf '%s' "$config" >"$build.tmp/blobs/sha256/$cfg_digest"
  layer_descs=$(for l in "${layers[@]}"; do
    read -r dg sz _ <<<"$l"
    printf '{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s},' "$dg" "$sz"
  done)
  manifest=$(printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$cfg_digest" "${#config}" "${layer_descs%,}")
  man_digest=$(printf '%s' "$manifest" | sha256sum | cut -d' ' -f1)
  printf '%s' "$manifest" >"$build.tmp/blobs/sha256/$man_digest"
  printf '%s %s %s\n' "$man_digest" "${#manifest}" "$cfg_digest" >"$build.tmp/manifest-digest"
  for l in "${layers[@]}"; do echo "${l%% *}"; done >"$build.tmp/layer-digests"
  rm -rf "$stage"
  touch "$build.tmp/.complete"
  rm -rf "$build" && mv "$build.tmp" "$build"
  # Older builds are dead weight (~60 MB each).
  find "$out" -mindepth 1 -maxdepth 1 -type d ! -name "$key" -exec rm -rf {} +
  log "layers built in $((SECONDS - t0))s ($key)"
else
  log "layers cached ($key): inputs unchanged"
fi

# --- the archive for IMG -----------------------------------------------------------------------
# containerd and Kubernetes know "ecs2eks:dev" as docker.io/library/ecs2eks:dev: name it that way.
full=$img
[[ ${full##*/} == *:* ]] || full=$full:latest
first=${full%%/*}
if [[ $full != */* ]]; then
  full=docker.io/library/$full
elif [[ $first != *.* && $first != *:* && $first != localhost ]]; then
  full=docker.io/$full
fi
if [[ ! -f $archive || $(cat "$archive.id" 2>/dev/null) != "$key $full" ]]; then
  read -r man_digest man_size cfg_digest <"$build/manifest-digest"
  printf '{"imageLayoutVersion":"1.0.0"}' >"$build/oci-layout"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"%s","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
    "$man_digest" "$man_size" "$arch" "$full" "${full##*:}" >"$build/index.json"
  layer_paths=$(while read -r dg; do printf '"blobs/sha256/%s",' "$dg"; done <"$build/layer-digests")
  printf '[{"Config":"blobs/sha256/%s","RepoTags":["%s"],"Layers":[%s]}]' "$cfg_digest" "$img" "${layer_paths%,}" >"$build/manifest.json"
  (cd "$build" && tar --create --file - --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
    --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    oci-layout index.json manifest.json blobs) >"$archive.tmp"
  mv "$archive.tmp" "$archive"
  echo "$key $full" >"$archive.id"
fi
read -r man_digest _ cfg_digest <"$build/manifest-digest"
log "$full: $(du -h "$archive" | cut -f1) (manifest sha256:$man_digest, config sha256:$cfg_digest)"
echo "$archive"
