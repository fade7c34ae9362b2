#!/usr/bin/env python3
"""Render a Helm chart with real Helm (PyPI helm-python-sdk, Helm v4 as a library) and print the
objects as one JSON array.

  scripts/helm-render.py CHART_DIR VALUES_FILE [EXTRA_VALUES_JSON]

VALUES_FILE is parsed by Helm's own YAML reader; EXTRA_VALUES_JSON (a JSON object) is merged over
it the way a second `-f` file would be (maps merge, anything else replaces). The release is
`aws-load-balancer-controller` in `kube-system`, as the install guides name it. Templates are
rendered as `helm template` renders them (no CRDs, no cluster lookups); `kind: List` documents are
expanded into their items, NOTES.txt and empty documents are dropped. This is the reference that
tests/cli/helm_oracle.rs compares `albctl render` with.
"""
import json
import sys

import helm_python as helm


def merge(base, over):
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        elif value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return base


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.strip().splitlines()[2].strip())
    chart_dir, values_file = sys.argv[1], sys.argv[2]
    with open(values_file, encoding="utf-8") as f:
        values = helm.values_from_yaml(f.read()) or {}
    if len(sys.argv) == 4:
        merge(values, json.loads(sys.argv[3]))
    with helm.Chart.load(chart_dir) as chart:
        rendered = chart.render(values, name="aws-load-balancer-controller", namespace="kube-system")
    text = "\n---\n".join(body for path, body in sorted(rendered.items()) if path.endswith((".yaml", ".yml")))
    objects = []
    # Helm's own YAML reader, document by document (the SDK splits on `---` the way Helm does).
    for doc in split_documents(text):
        parsed = helm.values_from_yaml(doc)
        if not parsed:
            continue
        if parsed.get("kind") == "List":
            objects.extend(parsed.get("items") or [])
        else:
            objects.append(parsed)
    json.dump(objects, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


def split_documents(text):
    docs, current = [], []
    for line in text.splitlines():
        if line.rstrip() == "---" or line.startswith("--- "):
            docs.append("\n".join(current))
            current = []
        else:
            current.append(line)
    docs.append("\n".join(current))
    return docs


main()
