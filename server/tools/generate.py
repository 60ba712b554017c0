"""Generate Python messages, gRPC stubs and type stubs from protos/ (``make generate``)."""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
import tempfile
from importlib import resources
from pathlib import Path

from grpc_tools import protoc

_PACKAGE_ROOT = "flowkeeper"


def _run_protoc(proto_root: Path, out: Path) -> None:
    protos = sorted(str(p.relative_to(proto_root)) for p in proto_root.rglob("*.proto"))
    include = str(resources.files("grpc_tools") / "_proto")
    args = [
        "grpc_tools.protoc",
        f"-I{proto_root}",
        f"-I{include}",
        f"--python_out={out}",
        f"--pyi_out={out}",
        f"--grpc_python_out={out}",
        *protos,
    ]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed")
    for directory in [out / _PACKAGE_ROOT, *(p for p in (out / _PACKAGE_ROOT).rglob("*") if p.is_dir())]:
        (directory / "__init__.py").touch()


def _tree(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def _differences(expected: Path, actual: Path) -> list[str]:
    want, have = _tree(expected), _tree(actual)
    problems = [f"missing: {p}" for p in sorted(want - have)]
    problems += [f"not generated from protos: {p}" for p in sorted(have - want)]
    problems += [
        f"differs: {p}"
        for p in sorted(want & have)
        if not filecmp.cmp(expected / p, actual / p, shallow=False)
    ]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the committed stubs are stale")
    parser.add_argument("protos", type=Path)
    parser.add_argument("generated", type=Path)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        _run_protoc(args.protos, fresh)
        target = args.generated / _PACKAGE_ROOT
        if args.check:
            problems = _differences(fresh / _PACKAGE_ROOT, target) if target.exists() else ["generated/ is empty"]
            if problems:
                print("generated/ does not match protos/; run `make generate` and commit:", file=sys.stderr)
                print("\n".join(f"  {p}" for p in problems), file=sys.stderr)
                return 1
            return 0
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(fresh / _PACKAGE_ROOT, target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
