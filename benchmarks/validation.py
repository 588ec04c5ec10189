"""How schema validation compares with plain loading, and with other validators.

    python benchmarks/validation.py [--corpus DIR] [--repeat N] [--kube-version X.Y]

All in one process, on the objects of the corpus (default ``../shared/corpus/real``):
- load: reading the files with PyYAML's C loader (the floor) and with kubelint's loader;
- kubelint: ``lint/schema.py`` validating every object whose kind has a built-in schema
  (compiled lazily, the compiled nodes kept for the run, as in a lint);
- jsonschema: the same schemas as one JSON Schema document, one ``Draft7Validator`` per
  apiVersion/kind, created once and reused (the fastest way to use that library);
- fastjsonschema: the same, compiled to Python code per apiVersion/kind, when installed.

The table gives seconds (best of ``--repeat``), objects per second and the ratio to the
C loader. Validators are compared on the same objects; they disagree in details that do not
matter for speed (jsonschema has no notion of int-or-string or of the decoding rules).
Not part of the test suite: timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real"


def files_of(corpus: Path) -> list[str]:
    return sorted(
        os.path.join(d, f)
        for d, _, fs in os.walk(corpus)
        for f in fs
        if f.endswith((".yaml", ".yml", ".json"))
    )


def load_floor(files: list[str]) -> int:
    n = 0
    for path in files:
        with open(path, "rb") as fh:
            try:
                for doc in yaml.load_all(fh.read().decode("utf-8", "replace"), yaml.CSafeLoader):
                    n += isinstance(doc, dict)
            except yaml.YAMLError:
                pass
    return n


def load_kubelint(files: list[str]) -> list[Any]:
    from kubelint.engine import load_source

    return [o for path in files for o in load_source(path, path).objects]


def best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def json_schema_document(version: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The built-in schemas of one version as a draft-7 document, and kind -> definition."""
    from kubelint.schema import _bundle

    bundle = _bundle("kubernetes.json")
    table = bundle["versions"][version]

    def convert(node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return {"$ref": f"#/definitions/{node['$ref']}"}
        if node.get("x-kubernetes-int-or-string"):
            return {"type": ["integer", "string", "null"]}
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "properties":
                out[key] = {k: convert(v) for k, v in value.items()}
            elif key in ("items", "additionalProperties"):
                out[key] = convert(value)
            elif key == "type":
                out[key] = [*(value if isinstance(value, list) else [value]), "null"]
            elif not key.startswith("x-"):
                out[key] = value
        if "properties" in node and "additionalProperties" not in node:
            out["additionalProperties"] = False
        return out

    definitions = {
        name: convert(bundle["bodies"][i])
        for name, i in zip(bundle["names"], table["definitions"], strict=True)
        if i >= 0
    }
    kinds = {key: bundle["names"][i] for key, i in table["kinds"].items()}
    return {"definitions": definitions}, kinds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kube-version", default="1.36")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2

    from kubelint.engine import Context
    from kubelint.index import ObjectIndex
    from kubelint.schema import Schemas, _Walker, schema_version

    files = files_of(args.corpus)
    target = tuple(int(p) for p in args.kube_version.split("."))
    version = schema_version(target)  # type: ignore[arg-type]
    assert version is not None
    key = f"{version[0]}.{version[1]}"
    objects = load_kubelint(files)
    document, kinds = json_schema_document(key)
    checked = [o for o in objects if f"{o.api_version}/{o.kind}" in kinds]
    rows: list[tuple[str, float]] = []

    rows.append(("load: PyYAML C loader (floor)", best(args.repeat, lambda: load_floor(files))))
    rows.append(("load: kubelint loader", best(args.repeat, lambda: load_kubelint(files))))

    def kubelint_validate() -> int:
        schemas = Schemas(version, {})
        issues = 0
        for obj in checked:
            for root, _ in schemas.roots(obj.api_version, obj.kind):
                issues += len(_Walker(schemas).run(root, obj.data))
        return issues

    rows.append(("validate: kubelint (lint/schema.py)", best(args.repeat, kubelint_validate)))
    del Context, ObjectIndex  # imported for the reader: a lint builds Schemas per run

    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    if jsonschema is not None:

        def jsonschema_validate() -> int:
            validators: dict[str, Any] = {}
            issues = 0
            for obj in checked:
                name = kinds[f"{obj.api_version}/{obj.kind}"]
                validator = validators.get(name)
                if validator is None:
                    schema = {**document, "$ref": f"#/definitions/{name}"}
                    validator = validators[name] = jsonschema.Draft7Validator(schema)
                issues += sum(1 for _ in validator.iter_errors(obj.data))
            return issues

        rows.append(("validate: jsonschema Draft7, cached", best(args.repeat, jsonschema_validate)))

    try:
        import fastjsonschema  # type: ignore[import-not-found]
    except ImportError:
        fastjsonschema = None
        print("fastjsonschema is not installed: skipped", file=sys.stderr)
    if fastjsonschema is not None:
        compiled: dict[str, Any] = {}

        def fast_validate() -> int:
            issues = 0
            for obj in checked:
                name = kinds[f"{obj.api_version}/{obj.kind}"]
                check = compiled.get(name)
                if check is None:
                    schema = {**document, "$ref": f"#/definitions/{name}"}
                    check = compiled[name] = fastjsonschema.compile(schema)
                try:
                    check(obj.data)
                except fastjsonschema.JsonSchemaException:
                    issues += 1  # stops at the first problem: a count of objects, not issues
            return issues

        start = time.perf_counter()
        fast_validate()
        rows.append(("fastjsonschema: compiling (first run)", time.perf_counter() - start))
        rows.append(("validate: fastjsonschema, compiled", best(args.repeat, fast_validate)))

    floor = rows[0][1]
    print(f"{len(files)} files, {len(objects)} objects, {len(checked)} with a built-in schema "
          f"(Kubernetes {key}); best of {args.repeat}")
    print(f"{'measurement':<40} {'seconds':>8} {'objects/s':>10} {'x floor':>8}")
    for name, seconds in rows:
        count = len(objects) if name.startswith("load") else len(checked)
        print(f"{name:<40} {seconds:>8.3f} {count / seconds:>10.0f} {seconds / floor:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
