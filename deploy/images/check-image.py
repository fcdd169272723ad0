#!/usr/bin/env python3
"""Checks an OCI image tarball written by `jib:buildTar`, and runs it without a container engine.

    check-image.py IMAGE.tar --user 65532:65532 --ports 8080/tcp,8081/tcp --main io.dataworkspace.server.Main
                   [--env K=V ...] [--run-env K=V ...] [--copy FILE:/path] [--run-url URL --expect TEXT] [--health PORT]
                   [--run-exit CODE --expect TEXT]

Static checks: the image runs as the given non-root user, exposes exactly the given ports, starts `java … MAIN`,
carries the given environment entries, and has the fixed creation time Jib uses for reproducible images.

Run checks (root only): the layers are unpacked into a folder and the entrypoint is started there with chroot as
the image's user (with /proc and /dev mounted), which is what a container runtime does minus the namespaces. Then
either --run-url is polled until its body contains --expect (and, with --health PORT, the documented bash health
command is run inside the image against 127.0.0.1:PORT/healthz and its exit code printed), or the process must
exit with --run-exit and print --expect (a configuration error, showing the JVM, class path and main class work).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request


def fail(message):
    print(f"check-image: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def read_image(path):
    with tarfile.open(path) as tar:
        def blob(digest):
            return tar.extractfile("blobs/sha256/" + digest.split(":", 1)[1]).read()
        index = json.loads(tar.extractfile("index.json").read())
        manifest = json.loads(blob(index["manifests"][0]["digest"]))
        config = json.loads(blob(manifest["config"]["digest"]))
        return manifest, config


def static_checks(args, config):
    c = config["config"]
    if c.get("User") != args.user:
        fail(f"user is {c.get('User')!r}, expected {args.user!r}")
    if args.user.split(":")[0] in ("0", "root"):
        fail("the image runs as root")
    ports = set(c.get("ExposedPorts", {}))
    expected = set(p if "/" in p else p + "/tcp" for p in args.ports.split(","))
    if ports != expected:
        fail(f"exposed ports are {sorted(ports)}, expected {sorted(expected)}")
    entrypoint = c.get("Entrypoint", [])
    if not entrypoint or entrypoint[0] != "java" or entrypoint[-1] != args.main:
        fail(f"entrypoint is {entrypoint}, expected java … {args.main}")
    for entry in args.env or []:
        if entry not in c.get("Env", []):
            fail(f"environment lacks {entry} (has {c.get('Env')})")
    if config.get("created") != "1970-01-01T00:00:00Z":
        fail(f"creation time is {config.get('created')}, not the fixed epoch (not reproducible)")
    print(f"check-image: {os.path.basename(args.image)}: user {c['User']}, ports {sorted(ports)}, "
          f"main {args.main}, created {config['created']}")


def unpack(path, manifest, root):
    with tarfile.open(path) as tar:
        for layer in manifest["layers"]:
            data = tar.extractfile("blobs/sha256/" + layer["digest"].split(":", 1)[1])
            with tarfile.open(fileobj=data, mode="r|*") as lt:
                lt.extractall(root, numeric_owner=True)


def run_checks(args, manifest, config):
    if os.geteuid() != 0:
        fail("running the image needs root (chroot)")
    c = config["config"]
    root = tempfile.mkdtemp(prefix="dw-image-")
    mounts = []
    process = None
    try:
        unpack(args.image, manifest, root)
        for fs, target, opts in (("proc", "proc", ["-t", "proc"]), ("/dev", "dev", ["--bind"])):
            os.makedirs(os.path.join(root, target), exist_ok=True)
            subprocess.run(["mount", *opts, fs, os.path.join(root, target)], check=True)
            mounts.append(os.path.join(root, target))
        os.makedirs(os.path.join(root, "tmp"), exist_ok=True)
        os.chmod(os.path.join(root, "tmp"), 0o1777)
        for copy in args.copy or []:
            source, dest = copy.split(":", 1)
            shutil.copy(source, os.path.join(root, dest.lstrip("/")))
            os.chmod(os.path.join(root, dest.lstrip("/")), 0o644)
        env = c.get("Env", []) + (args.run_env or [])
        command = ["chroot", f"--userspec={c['User']}", root, "/usr/bin/env", "-i", *env,
                   *c["Entrypoint"], *(c.get("Cmd") or [])]
        log = open(os.path.join(root, "tmp", "run.log"), "w+")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + args.timeout
        if args.run_exit is not None:
            try:
                code = process.wait(timeout=args.timeout)
            except subprocess.TimeoutExpired:
                fail(f"the process did not exit within {args.timeout} s")
            log.seek(0)
            out = log.read()
            if code != args.run_exit or args.expect not in out:
                fail(f"exit {code} (expected {args.run_exit}), output: {out[-2000:]}")
            print(f"check-image: ran {args.main} as {c['User']}: exit {code}, said: {out.strip().splitlines()[-1]}")
            return
        body = None
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(args.run_url, timeout=2) as response:
                    body = response.read().decode()
                    if args.expect in body:
                        break
            except Exception:
                pass
            time.sleep(0.3)
        if body is None or args.expect not in body:
            log.seek(0)
            fail(f"{args.run_url} never contained {args.expect!r}; output: {log.read()[-2000:]}")
        print(f"check-image: ran {args.main} as {c['User']}: {args.run_url} contains {args.expect!r}")
        if args.health:
            health = ("exec 3<>/dev/tcp/127.0.0.1/%d && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 "
                      "&& head -1 <&3 | grep -q ' 200 '" % args.health)
            code = subprocess.run(["chroot", f"--userspec={c['User']}", root, "/bin/bash", "-c", health]).returncode
            status = subprocess.run(["chroot", f"--userspec={c['User']}", root, "/bin/bash", "-c",
                                     health.replace(" | grep -q ' 200 '", "")], capture_output=True, text=True)
            print(f"check-image: health command inside the image: exit {code} ({status.stdout.strip()})")
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for m in reversed(mounts):
            subprocess.run(["umount", "-l", m])
        shutil.rmtree(root, ignore_errors=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("image")
    p.add_argument("--user", required=True)
    p.add_argument("--ports", required=True)
    p.add_argument("--main", required=True)
    p.add_argument("--env", action="append")
    p.add_argument("--run-env", action="append")
    p.add_argument("--copy", action="append", help="SOURCE:/path/in/image, before the run")
    p.add_argument("--run-url")
    p.add_argument("--run-exit", type=int)
    p.add_argument("--expect")
    p.add_argument("--health", type=int)
    p.add_argument("--timeout", type=float, default=60)
    args = p.parse_args()
    if not os.path.isfile(args.image):
        fail(f"{args.image} does not exist: build it with jib:buildTar first")
    manifest, config = read_image(args.image)
    static_checks(args, config)
    if args.run_url or args.run_exit is not None:
        run_checks(args, manifest, config)


if __name__ == "__main__":
    main()
