#!/usr/bin/env python3
"""Re-serialise the controller's upstream CRDs into albctl's own templates/crds/ files.

    scripts/import-crds.py [REFERENCE_DIR]

REFERENCE_DIR defaults to ../shared/reference/aws-load-balancer-controller (relative to the repo) and
must hold <version>/crds.yaml and <version>/gateway-crds.yaml as shipped in the upstream Helm chart's
crds/ directory. Each CustomResourceDefinition is written to its own file, keys sorted, with a header
naming the upstream source and its licence. The content is not changed: tests/ compare every file
semantically with the reference. Run again when the pinned controller version changes.
"""
import pathlib
import sys

import yaml

VERSION = "v3.5.0"
REPO = pathlib.Path(__file__).resolve().parent.parent
SOURCES = {
    "crds.yaml": REPO / "templates" / "crds",
    "gateway-crds.yaml": REPO / "templates" / "crds" / "gateway",
}


class Dumper(yaml.SafeDumper):
    """Block style with sequences indented under their key."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def str_presenter(dumper, data):
    # Multi-line descriptions as literal blocks when that round-trips; plain/quoted otherwise.
    if "\n" in data and not data.startswith((" ", "\t")) and not any(c in data for c in "\r\t") \
            and all(line == line.rstrip() for line in data.split("\n")):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


Dumper.add_representer(str, str_presenter)


def header(name, source):
    return (
        f"# CustomResourceDefinition {name}\n"
        f"# AWS Load Balancer Controller {VERSION}, from kubernetes-sigs/aws-load-balancer-controller,\n"
        f"# helm/aws-load-balancer-controller/crds/{source} at tag {VERSION} (generated upstream by controller-gen).\n"
        "# Copyright the Kubernetes Authors; licensed under the Apache License, Version 2.0\n"
        "# (https://www.apache.org/licenses/LICENSE-2.0). Re-serialised for albctl by scripts/import-crds.py\n"
        "# (one CRD per file, keys sorted); the definition itself is unchanged. Do not edit by hand.\n"
    )


def main():
    ref = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "reference" / "aws-load-balancer-controller"
    for source, out_dir in SOURCES.items():
        out_dir.mkdir(parents=True, exist_ok=True)
        for old in out_dir.glob("*.yaml"):
            old.unlink()
        with open(ref / VERSION / source) as f:
            docs = [d for d in yaml.safe_load_all(f) if d]
        for doc in docs:
            assert doc["kind"] == "CustomResourceDefinition", doc.get("kind")
            name = doc["metadata"]["name"]
            body = yaml.dump(doc, Dumper=Dumper, sort_keys=True, width=110, allow_unicode=True)
            again = yaml.safe_load(body)
            assert again == doc, f"{name} does not round-trip"
            (out_dir / f"{name}.yaml").write_text(header(name, source) + body)
            print(f"wrote {out_dir.relative_to(REPO)}/{name}.yaml", file=sys.stderr)


if __name__ == "__main__":
    main()
