"""EksDouble: the EKS calls moto 5.2.1 does not implement, answered in the test harness's AWS proxy.

moto has no Pod Identity associations, no add-ons and none of the EKS Auto Mode fields of
DescribeCluster. The proxy (`aws-proxy.py`) hands these calls to this double and everything else
to moto:

    CreatePodIdentityAssociation, DescribePodIdentityAssociation, UpdatePodIdentityAssociation,
    DeletePodIdentityAssociation, ListPodIdentityAssociations,
    CreateAddon, DescribeAddon, DeleteAddon, ListAddons,
    UpdateClusterConfig (the Auto Mode fields only: computeConfig, storageConfig,
                         kubernetesNetworkConfig.elasticLoadBalancing),
    DescribeCluster (forwarded to moto, then the Auto Mode fields added).

It cannot drift from the real API: the operations are routed by the `http` traits of botocore's
EKS service model (`service-2.json`, loaded with `botocore.loaders`), every request is checked
against the operation's input shape (required members, unknown members, types, enums, lengths,
ranges, patterns) before it is answered, and every answer (output or error) is checked against the
output or error shape before it is sent. A request that does not fit is answered HTTP 400
`InvalidParameterException` whose message starts `EksDouble: request does not fit`; an answer that
does not fit (a bug in the double, or a `--replace` that broke it) is answered HTTP 500
`EksDoubleModelViolation`. Both are logged by the proxy as `"model_violation"`.

Behaviour follows the EKS API reference: a cluster must exist (asked of moto), one association
per namespace/ServiceAccount (ResourceInUseException), association ids `a-` + 17 characters,
add-ons start CREATING and are ACTIVE from the next read, and an Auto Mode update must enable or
disable compute, block storage and load balancing together.

Needs botocore (installed with moto); the rest is the standard library.
"""

import json
import re
import secrets
import threading
import time
import urllib.parse
import uuid

import botocore.loaders

# The operations the double answers; every other EKS call goes to moto.
ANSWERED = {
    "CreatePodIdentityAssociation", "DescribePodIdentityAssociation", "UpdatePodIdentityAssociation",
    "DeletePodIdentityAssociation", "ListPodIdentityAssociations",
    "CreateAddon", "DescribeAddon", "DeleteAddon", "ListAddons",
    "UpdateClusterConfig", "DescribeCluster",
}

# Fields of UpdateClusterConfig the double models; anything else in such a request is refused (501).
AUTO_MODE_FIELDS = {"name", "clientRequestToken", "computeConfig", "kubernetesNetworkConfig", "storageConfig"}


class ModelViolation(Exception):
    """A request or an answer that botocore's EKS model does not allow."""


class Model:
    """botocore's EKS service model: routing and shape validation."""

    def __init__(self):
        self.doc = botocore.loaders.Loader().load_service_model("eks", "service-2")
        self.shapes = self.doc["shapes"]
        self.routes = []
        for name, op in self.doc["operations"].items():
            method, uri = op["http"]["method"], op["http"]["requestUri"]
            path = uri.split("?", 1)[0]
            names = re.findall(r"\{([^}+]+)\+?\}", path)
            pattern = re.sub(r"\{[^}+]+\}", "([^/]+)", re.sub(r"\{[^}]+\+\}", "(.+)", path))
            self.routes.append((method, re.compile(pattern + "/?"), names, name))
        # Longer literal paths first, so /clusters/{name}/addons wins over /clusters/{name}.
        self.routes.sort(key=lambda r: -len(r[1].pattern))

    def route(self, method, path):
        """(operation, {uri label: value}) for an EKS REST call, or None."""
        for m, pattern, names, name in self.routes:
            match = pattern.fullmatch(path)
            if m == method and match:
                return name, dict(zip(names, (urllib.parse.unquote(g) for g in match.groups())))
        return None

    def operation(self, name):
        return self.doc["operations"][name]

    def parse_request(self, op_name, labels, query, body):
        """The request's parameters by member name, checked against the input shape."""
        shape_name = self.operation(op_name)["input"]["shape"]
        shape = self.shapes[shape_name]
        params, problems = {}, []
        if body.strip():
            try:
                doc = json.loads(body)
            except ValueError as e:
                raise ModelViolation(f"body is not JSON: {e}")
            if not isinstance(doc, dict):
                raise ModelViolation("body is not a JSON object")
        else:
            doc = {}
        body_members = {m: spec for m, spec in shape["members"].items() if "location" not in spec}
        for key, value in doc.items():
            if key not in body_members:
                problems.append(f"{key}: not a member of {shape_name}")
            else:
                params[key] = value
        for member, spec in shape["members"].items():
            loc, wire = spec.get("location"), spec.get("locationName", member)
            if loc == "uri" and wire in labels:
                params[member] = labels[wire]
            elif loc == "querystring" and wire in query:
                params[member] = self.from_query(spec["shape"], query[wire], f"?{wire}", problems)
        problems += self.check(shape_name, params, "")
        if problems:
            raise ModelViolation(f"{op_name}: " + "; ".join(problems))
        return params

    def from_query(self, shape_name, values, where, problems):
        kind = self.shapes[shape_name]["type"]
        if kind == "list":
            return values
        value = values[-1]
        if kind in ("integer", "long"):
            try:
                return int(value)
            except ValueError:
                problems.append(f"{where}: {value!r} is not an integer")
                return value
        if kind == "boolean":
            if value not in ("true", "false"):
                problems.append(f"{where}: {value!r} is not true/false")
            return value == "true"
        return value

    def check_output(self, op_name, doc):
        shape_name = self.operation(op_name)["output"]["shape"]
        problems = self.check(shape_name, doc, "")
        if problems:
            raise ModelViolation(f"{op_name} answer: " + "; ".join(problems))

    def check_error(self, op_name, code, doc):
        codes = {e["shape"] for e in self.operation(op_name).get("errors", [])}
        if code not in codes:
            raise ModelViolation(f"{op_name} cannot answer {code} (the model lists {sorted(codes)})")
        problems = self.check(code, doc, "")
        if problems:
            raise ModelViolation(f"{op_name} error {code}: " + "; ".join(problems))

    def check(self, shape_name, value, where):
        """Every way `value` breaks shape `shape_name`, as `path: problem` strings."""
        shape = self.shapes[shape_name]
        kind = shape["type"]
        at = where or shape_name
        if kind == "structure":
            if not isinstance(value, dict):
                return [f"{at}: expected an object ({shape_name}), got {type(value).__name__}"]
            out = [f"{where}.{m}".lstrip(".") + ": required member missing" for m in shape.get("required", [])
                   if m not in value]
            for key, item in value.items():
                spec = shape["members"].get(key)
                sub = f"{where}.{key}".lstrip(".")
                if spec is None:
                    out.append(f"{sub}: not a member of {shape_name}")
                elif item is not None:
                    out += self.check(spec["shape"], item, sub)
            return out
        if kind == "list":
            if not isinstance(value, list):
                return [f"{at}: expected a list, got {type(value).__name__}"]
            out = self.bounds(shape, len(value), at, "items")
            for i, item in enumerate(value):
                out += self.check(shape["member"]["shape"], item, f"{where}[{i}]")
            return out
        if kind == "map":
            if not isinstance(value, dict):
                return [f"{at}: expected a map, got {type(value).__name__}"]
            out = self.bounds(shape, len(value), at, "entries")
            for k, item in value.items():
                out += self.check(shape["key"]["shape"], k, f"{where}.<key {k}>")
                out += self.check(shape["value"]["shape"], item, f"{where}.{k}")
            return out
        if kind == "string":
            if not isinstance(value, str):
                return [f"{at}: expected a string, got {type(value).__name__}"]
            out = self.bounds(shape, len(value), at, "characters")
            if "enum" in shape and value not in shape["enum"]:
                out.append(f"{at}: {value!r} is not one of {shape['enum']}")
            if "pattern" in shape:
                try:
                    if not re.search(shape["pattern"], value):
                        out.append(f"{at}: {value!r} does not match {shape['pattern']}")
                except re.error:
                    pass  # a Java-only pattern feature; the other checks still apply
            return out
        if kind == "boolean":
            return [] if isinstance(value, bool) else [f"{at}: expected a boolean, got {value!r}"]
        if kind in ("integer", "long"):
            if isinstance(value, bool) or not isinstance(value, int):
                return [f"{at}: expected an integer, got {value!r}"]
            return self.bounds(shape, value, at, "")
        if kind in ("double", "float"):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            return [] if ok else [f"{at}: expected a number, got {value!r}"]
        if kind == "timestamp":  # restJson1: epoch seconds
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            return [] if ok else [f"{at}: expected epoch seconds, got {value!r}"]
        if kind == "blob":
            return [] if isinstance(value, str) else [f"{at}: expected base64 text, got {value!r}"]
        return [f"{at}: shape type {kind} is not modelled by the double"]

    @staticmethod
    def bounds(shape, n, at, unit):
        out = []
        if "min" in shape and n < shape["min"]:
            out.append(f"{at}: {n} {unit} is below the minimum {shape['min']}".replace("  ", " "))
        if "max" in shape and n > shape["max"]:
            out.append(f"{at}: {n} {unit} is above the maximum {shape['max']}".replace("  ", " "))
        return out


class ApiError(Exception):
    """An EKS error answer: HTTP status, the error shape's name, and its members."""

    def __init__(self, status, code, message, **members):
        super().__init__(message)
        self.status, self.code = status, code
        self.doc = {"message": message, **members}


class EksDouble:
    """State and behaviour of the answered operations. `upstream(method, path, headers)` asks moto."""

    def __init__(self, upstream):
        self.model = Model()
        self.upstream = upstream
        self.lock = threading.Lock()
        self.associations = {}  # (cluster, id) -> association
        self.addons = {}        # (cluster, name) -> addon
        self.auto_mode = {}     # cluster -> {"computeConfig", "kubernetesNetworkConfig", "storageConfig"}

    def answers(self, method, path):
        """The operation name and URI labels if this call is the double's, else None."""
        routed = self.model.route(method, path)
        if routed and routed[0] in ANSWERED:
            return routed
        return None

    def handle(self, operation, labels, method, path, query, headers, body):
        """(status, headers, body, violation): the answer, checked against the model."""
        try:
            params = self.model.parse_request(operation, labels, query, body)
        except ModelViolation as e:
            msg = f"EksDouble: request does not fit botocore's EKS model: {e}"
            return self.encode(400, "InvalidParameterException", {"message": msg}) + (str(e),)
        try:
            result = getattr(self, "op_" + operation)(params, method, path, headers)
        except ApiError as e:
            code, doc = e.code, e.doc
            status = self.model.shapes.get(code, {}).get("error", {}).get("httpStatusCode", e.status)
            try:
                self.model.check_error(operation, code, doc)
            except ModelViolation as v:
                return self.violation(v)
            return self.encode(status, code, doc) + (None,)
        if len(result) == 4:  # already checked and encoded
            return result
        return self.answer(operation, *result)

    def answer(self, operation, status, doc):
        """Checks an output document, then encodes it (or a 500 naming the violation)."""
        try:
            self.model.check_output(operation, doc)
        except ModelViolation as v:
            return self.violation(v)
        return (status, {"Content-Type": "application/json", "x-amzn-RequestId": str(uuid.uuid4())},
                json.dumps(doc).encode(), None)

    def recheck(self, operation, status, body):
        """An answer changed after it was made (`--replace`): still a valid answer, or a 500."""
        if status >= 300:
            return None
        try:
            doc = json.loads(body)
            if operation == "DescribeCluster":  # only the double's members (see op_DescribeCluster)
                c = doc.get("cluster", {})
                doc = {"cluster": {k: c[k] for k in ("computeConfig", "storageConfig") if k in c}}
            self.model.check_output(operation, doc)
        except (ValueError, ModelViolation) as v:
            return self.violation(v)
        return None

    def violation(self, v):
        msg = f"EksDouble: answer does not fit botocore's EKS model: {v}"
        return self.encode(500, "EksDoubleModelViolation", {"message": msg}) + (str(v),)

    @staticmethod
    def encode(status, code, doc):
        headers = {"Content-Type": "application/json", "x-amzn-ErrorType": code, "x-amzn-RequestId": str(uuid.uuid4())}
        return status, headers, json.dumps(doc).encode()

    # ---- helpers ----

    def cluster(self, name, headers):
        """moto's DescribeCluster document for `name`; ResourceNotFoundException if it has none."""
        status, _, body = self.upstream("GET", "/clusters/" + urllib.parse.quote(name, safe=""), headers)
        if status == 404:
            raise ApiError(404, "ResourceNotFoundException", f"No cluster found for name: {name}.", clusterName=name)
        if status != 200:
            raise ApiError(500, "ServerException", f"moto answered DescribeCluster with HTTP {status}")
        return json.loads(body)["cluster"]

    @staticmethod
    def arn_parts(cluster_doc):
        """(partition, region, account) from the cluster ARN."""
        parts = cluster_doc["arn"].split(":")
        return parts[1], parts[3], parts[4]

    # ---- Pod Identity associations ----

    def op_CreatePodIdentityAssociation(self, p, method, path, headers):
        c = self.cluster(p["clusterName"], headers)
        partition, region, account = self.arn_parts(c)
        with self.lock:
            for (cluster, _), a in self.associations.items():
                if cluster == p["clusterName"] and (a["namespace"], a["serviceAccount"]) == (p["namespace"], p["serviceAccount"]):
                    raise ApiError(409, "ResourceInUseException",
                                   "Association already exists: " + a["associationArn"], clusterName=cluster)
            assoc_id = "a-" + "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(17))
            now = time.time()
            a = {
                "clusterName": p["clusterName"], "namespace": p["namespace"], "serviceAccount": p["serviceAccount"],
                "roleArn": p["roleArn"],
                "associationArn": f"arn:{partition}:eks:{region}:{account}:podidentityassociation/{p['clusterName']}/{assoc_id}",
                "associationId": assoc_id, "tags": p.get("tags", {}), "createdAt": now, "modifiedAt": now,
                "disableSessionTags": p.get("disableSessionTags", False),
            }
            for optional in ("targetRoleArn", "policy"):
                if optional in p:
                    a[optional] = p[optional]
            if "targetRoleArn" in p:
                a["externalId"] = str(uuid.uuid4())
            if not a["tags"]:
                del a["tags"]
            self.associations[(p["clusterName"], assoc_id)] = a
            return 200, {"association": dict(a)}

    def association(self, p):
        a = self.associations.get((p["clusterName"], p["associationId"]))
        if a is None:
            raise ApiError(404, "ResourceNotFoundException",
                           f"No Pod Identity Association found for id: {p['associationId']}.",
                           clusterName=p["clusterName"])
        return a

    def op_DescribePodIdentityAssociation(self, p, method, path, headers):
        self.cluster(p["clusterName"], headers)
        with self.lock:
            return 200, {"association": dict(self.association(p))}

    def op_UpdatePodIdentityAssociation(self, p, method, path, headers):
        self.cluster(p["clusterName"], headers)
        with self.lock:
            a = self.association(p)
            for field in ("roleArn", "disableSessionTags", "targetRoleArn", "policy"):
                if field in p:
                    a[field] = p[field]
            a["modifiedAt"] = time.time()
            return 200, {"association": dict(a)}

    def op_DeletePodIdentityAssociation(self, p, method, path, headers):
        self.cluster(p["clusterName"], headers)
        with self.lock:
            a = self.association(p)
            del self.associations[(p["clusterName"], p["associationId"])]
            return 200, {"association": dict(a)}

    def op_ListPodIdentityAssociations(self, p, method, path, headers):
        self.cluster(p["clusterName"], headers)
        with self.lock:
            found = [a for (cluster, _), a in sorted(self.associations.items(), key=lambda kv: kv[1]["createdAt"])
                     if cluster == p["clusterName"]
                     and p.get("namespace", a["namespace"]) == a["namespace"]
                     and p.get("serviceAccount", a["serviceAccount"]) == a["serviceAccount"]]
        page, token = self.paginate(found, p)
        keys = ("clusterName", "namespace", "serviceAccount", "associationArn", "associationId")
        doc = {"associations": [{k: a[k] for k in keys} for a in page]}
        if token:
            doc["nextToken"] = token
        return 200, doc

    @staticmethod
    def paginate(items, p):
        start = int(p["nextToken"]) if p.get("nextToken", "").isdigit() else 0
        size = p.get("maxResults", 100)
        page = items[start:start + size]
        more = start + size < len(items)
        return page, str(start + size) if more else None

    # ---- add-ons ----

    def op_CreateAddon(self, p, method, path, headers):
        c = self.cluster(p["clusterName"], headers)
        partition, region, account = self.arn_parts(c)
        key = (p["clusterName"], p["addonName"])
        with self.lock:
            if key in self.addons:
                raise ApiError(409, "ResourceInUseException", f"Addon already exists: {p['addonName']}",
                               clusterName=p["clusterName"], addonName=p["addonName"])
            now = time.time()
            addon = {
                "addonName": p["addonName"], "clusterName": p["clusterName"], "status": "CREATING",
                "addonVersion": p.get("addonVersion", "v1.3.10-eksbuild.2"), "health": {"issues": []},
                "addonArn": f"arn:{partition}:eks:{region}:{account}:addon/{p['clusterName']}/{p['addonName']}/"
                            + str(uuid.uuid4()),
                "createdAt": now, "modifiedAt": now, "tags": p.get("tags", {}),
            }
            if not addon["tags"]:
                del addon["tags"]
            self.addons[key] = addon
            out = dict(addon)
            addon["status"] = "ACTIVE"  # what the next read sees
            return 200, {"addon": out}

    def addon(self, p):
        a = self.addons.get((p["clusterName"], p["addonName"]))
        if a is None:
            raise ApiError(404, "ResourceNotFoundException",
                           f"No addon: {p['addonName']} found in cluster: {p['clusterName']}",
                           clusterName=p["clusterName"], addonName=p["addonName"])
        return a

    def op_DescribeAddon(self, p, method, path, headers):
        self.cluster(p["clusterName"], headers)
        with self.lock:
            return 200, {"addon": dict(self.addon(p))}

    def op_DeleteAddon(self, p, method, path, headers):
        self.cluster(p["clusterName"], headers)
        with self.lock:
            a = dict(self.addon(p))
            del self.addons[(p["clusterName"], p["addonName"])]
            a["status"] = "DELETING"
            return 200, {"addon": a}

    def op_ListAddons(self, p, method, path, headers):
        self.cluster(p["clusterName"], headers)
        with self.lock:
            names = sorted(name for (cluster, name) in self.addons if cluster == p["clusterName"])
        page, token = self.paginate(names, p)
        doc = {"addons": page}
        if token:
            doc["nextToken"] = token
        return 200, doc

    # ---- Auto Mode ----

    def op_UpdateClusterConfig(self, p, method, path, headers):
        c = self.cluster(p["name"], headers)
        extra = set(p) - AUTO_MODE_FIELDS
        net = p.get("kubernetesNetworkConfig", {})
        if extra or set(net) - {"elasticLoadBalancing"}:
            fields = sorted(extra | {f"kubernetesNetworkConfig.{k}" for k in set(net) - {"elasticLoadBalancing"}})
            raise ApiError(400, "InvalidRequestException",
                           f"EksDouble models only the Auto Mode fields of UpdateClusterConfig, not {fields}",
                           clusterName=p["name"])
        compute = p.get("computeConfig", {}).get("enabled")
        elb = net.get("elasticLoadBalancing", {}).get("enabled")
        storage = p.get("storageConfig", {}).get("blockStorage", {}).get("enabled")
        if compute is None or elb is None or storage is None or len({compute, elb, storage}) != 1:
            raise ApiError(400, "InvalidParameterException",
                           "For EKS Auto Mode, computeConfig.enabled, kubernetesNetworkConfig.elasticLoadBalancing"
                           ".enabled and storageConfig.blockStorage.enabled must all be true or all be false.",
                           clusterName=p["name"])
        compute_doc = {"enabled": compute}
        if compute:
            compute_doc["nodePools"] = p["computeConfig"].get("nodePools", ["general-purpose", "system"])
            if "nodeRoleArn" in p["computeConfig"]:
                compute_doc["nodeRoleArn"] = p["computeConfig"]["nodeRoleArn"]
        with self.lock:
            self.auto_mode[p["name"]] = {
                "computeConfig": compute_doc,
                "kubernetesNetworkConfig": {"elasticLoadBalancing": {"enabled": elb}},
                "storageConfig": {"blockStorage": {"enabled": storage}},
            }
        params = [{"type": t, "value": json.dumps(p[f])} for t, f in
                  (("ComputeConfig", "computeConfig"), ("KubernetesNetworkConfig", "kubernetesNetworkConfig"),
                   ("StorageConfig", "storageConfig"))]
        update = {"id": str(uuid.uuid4()), "status": "Successful", "type": "AutoModeUpdate", "params": params,
                  "createdAt": time.time(), "errors": []}
        return 200, {"update": update}

    def op_DescribeCluster(self, p, method, path, headers):
        c = self.cluster(p["name"], headers)
        with self.lock:
            auto = self.auto_mode.get(p["name"])
        added = {}
        if auto:
            net = dict(c.get("kubernetesNetworkConfig") or {})
            net.update(auto["kubernetesNetworkConfig"])
            added = {"computeConfig": auto["computeConfig"], "storageConfig": auto["storageConfig"],
                     "kubernetesNetworkConfig": net}
        # NB: moto's own part of the answer is moto's (it has e.g. an empty `tags`, which the model's
        # min 1 forbids); the double checks the members it adds, as the model has them.
        checked = self.answer("DescribeCluster", 200, {"cluster": added})
        if checked[3]:
            return checked
        c.update(added)
        return (200, {"Content-Type": "application/json", "x-amzn-RequestId": str(uuid.uuid4())},
                json.dumps({"cluster": c}).encode(), None)
