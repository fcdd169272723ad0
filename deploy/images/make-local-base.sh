#!/bin/bash
# Builds a small Java 17 base image as a Docker-format tarball, with no registry and no Docker daemon: a Debian
# bookworm root filesystem (mmdebstrap) with openjdk-17-jre-headless, bash and a non-root user 65532, wrapped into
# manifest.json + config + one layer. Jib takes it as a base with -Dimage.base=tar://<file>.
#
#   deploy/images/make-local-base.sh [output.tar]      (default: target/images/jre17-base.tar)
#
# Needs: root, Debian packages mmdebstrap and python3, access to a Debian mirror (the host's apt sources).
set -euo pipefail

out=${1:-target/images/jre17-base.tar}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"

command -v mmdebstrap >/dev/null || { echo "make-local-base: mmdebstrap is missing: apt-get install -y mmdebstrap" >&2; exit 1; }

# a root filesystem with the JRE; docs, man pages and locales dropped; the image's user is 65532 (nonroot)
mmdebstrap --variant=essential --include=openjdk-17-jre-headless,bash \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='echo "nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='echo "nonroot:x:65532:" >> "$1/etc/group"' \
  --customize-hook='mkdir -p "$1/home/nonroot" && chown 65532:65532 "$1/home/nonroot"' \
  --customize-hook='rm -rf "$1/var/cache/apt" "$1/var/lib/apt/lists"' \
  bookworm "$work/layer.tar" \
  "deb http://deb.debian.org/debian bookworm main" \
  "deb http://deb.debian.org/debian-security bookworm-security main"

python3 - "$work" "$out" <<'PY'
import hashlib, json, os, sys, tarfile
work, out = sys.argv[1], sys.argv[2]
layer = os.path.join(work, "layer.tar")
h = hashlib.sha256()
with open(layer, "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)
diff_id = "sha256:" + h.hexdigest()
config = {
    "architecture": "amd64", "os": "linux", "created": "1970-01-01T00:00:00Z",
    "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                       "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64", "LANG=C.UTF-8"],
               "User": "65532:65532", "WorkingDir": "/home/nonroot"},
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "deploy/images/make-local-base.sh (mmdebstrap)"}],
}
config_bytes = json.dumps(config, sort_keys=True).encode()
config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
with open(os.path.join(work, config_name), "wb") as f:
    f.write(config_bytes)
manifest = [{"Config": config_name, "RepoTags": ["dataworkspace/jre17-base:local"], "Layers": ["layer.tar"]}]
with open(os.path.join(work, "manifest.json"), "w") as f:
    json.dump(manifest, f)
with tarfile.open(out, "w") as t:
    for name in ("manifest.json", config_name, "layer.tar"):
        t.add(os.path.join(work, name), arcname=name)
print(f"make-local-base: wrote {out} ({os.path.getsize(out) // (1 << 20)} MiB, layer {diff_id[:19]}…)")
PY
