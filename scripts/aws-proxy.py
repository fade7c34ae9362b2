#!/usr/bin/env python3
"""A recording, fault-injecting HTTP proxy for AWS API traffic (test harness only).

The integration tests run the real albctl binary with AWS_ENDPOINT_URL pointing here and this
proxy in front of moto_server. It exists so tests can (a) see exactly which AWS operations the
binary called, and whether they were writes, and (b) inject throttling, 5xx, dropped connections
and latency that moto never produces on its own.

    aws-proxy.py --upstream URL --port 0 --log FILE
                 [--delay-ms N] [--fault-rate R --seed S] [--faults throttle,5xx,drop,delay]
                 [--fault-at N[,N...]] [--fault-first OP[,OP...]] [--hold-after-write N]
                 [--replace OPERATION:FROM:TO]... [--deny OPERATION]... [--no-eks-double]

Prints `listening http://127.0.0.1:PORT` as the first stdout line. Each request appends one JSON
line to FILE: {"seq", "service", "operation", "write", "status", "fault", "start", "end"} (plus
"held" on a held write), where start and end are Unix times in seconds (float) of the request's
arrival and of the answer (so a reader can tell which requests overlapped and find the critical path).

Faults: `--fault-at` faults exactly the Nth requests (1-based, all requests counted); the enabled
kinds are used in turn. `--fault-rate R` faults a seeded random share R of the other requests,
picking a kind at random. `--fault-first` faults the first request of each named operation
(kinds in turn, as for --fault-at), so a test can hit one protocol's call on purpose. Kinds: throttle (HTTP 400 with the protocol's throttling error), 5xx
(500 or 503), 500, 503, drop (close the connection without answering), delay (wait --delay-ms,
then forward). Without `delay` among the kinds, `--delay-ms` delays every request (plain latency,
not logged as a fault). A faulted request (other than delay) is not forwarded.

Throttling is written as each protocol's service writes it: IAM/STS (awsQuery) HTTP 400
`<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>...`; EC2 (ec2Query) HTTP 503
`<Response><Errors><Error><Code>RequestLimitExceeded</Code>...` (EC2's throttling code and status);
EKS (restJson1) HTTP 400 with `x-amzn-ErrorType: ThrottlingException` and a JSON body.

Crash points: `--hold-after-write N` forwards the Nth write (counted since start or reset) to the
upstream, logs it with `"held": true`, and then never answers it (the connection is closed once
the client goes away, or after 300 s). It fires once per proxy process, so a rerun goes through.
A test waits for the held line and SIGKILLs the client: the write has landed, its answer has not.

`--deny OPERATION` answers every call of that operation with the service's AccessDenied error (HTTP
403), as credentials without that permission would get. `--deny OPERATION@TEXT` denies only the calls
whose path or body contains TEXT (e.g. `DescribeCluster@/clusters/prod-1`: one cluster's reads).

A request with the header `X-Albctl-Harness: fixture` is a test's own set-up call (e.g. installing
an add-on in the double): answered as usual but not counted, faulted or logged.

Admin (not forwarded, not logged): GET /__proxy/log returns the log; POST /__proxy/reset empties it
and restarts the request count (so --fault-at counts from the reset).

EKS calls moto does not implement (Pod Identity associations, add-ons, the Auto Mode fields of
DescribeCluster and UpdateClusterConfig) are answered by EksDouble (`eks_double.py`, next to this
script), which checks every request and answer against botocore's EKS service model; their log
lines carry `"double": "EksDouble"` and, when a request or answer broke the model,
`"model_violation"`. A `--replace` on such an answer is checked again after replacing. EKS
operations are named by the model's routes. `--no-eks-double` forwards every EKS call to moto, as
a real endpoint without those APIs would answer (HTTP 404).

It must stay on loopback and never talk to anything but --upstream. Python 3.11 stdlib, plus
botocore (installed with moto) for the EKS model.
"""

import argparse
import http.client
import json
import random
import re
import socket
import sys
import threading
import time
import urllib.parse
import uuid
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import eks_double  # noqa: E402  (the EKS test double; needs botocore, which moto brings)

EKS_MODEL = eks_double.Model()

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}
QUERY_SERVICES = {"iam", "sts"}
READ_PREFIXES = ("Get", "List", "Describe")
KINDS = {"throttle", "5xx", "500", "503", "drop", "delay"}

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--upstream", required=True, help="e.g. http://127.0.0.1:5000")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--log", required=True, help="JSON-lines request log")
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--fault-rate", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--faults", default="throttle,5xx,drop", help="comma-separated kinds")
    p.add_argument("--fault-at", default="", help="1-based request numbers to fault")
    p.add_argument("--fault-first", default="", help="operations whose first request is faulted")
    p.add_argument("--hold-after-write", type=int, default=0,
                   help="forward the Nth write, then never answer it (once)")
    p.add_argument("--replace", action="append", default=[], help="OPERATION:FROM:TO (repeatable)")
    p.add_argument("--deny", action="append", default=[], help="OPERATION[@TEXT] to answer with AccessDenied (repeatable)")
    p.add_argument("--no-eks-double", action="store_true",
                   help="forward every EKS call to moto (its 404 for the APIs it lacks included)")
    a = p.parse_args(argv)
    a.kinds = [k for k in a.faults.split(",") if k]
    if unknown := set(a.kinds) - KINDS:
        p.error(f"unknown fault kinds {sorted(unknown)}; known: {sorted(KINDS)}")
    if not 0.0 <= a.fault_rate <= 1.0:
        p.error("--fault-rate must be within 0..1")
    a.fault_at = [int(n) for n in a.fault_at.split(",") if n]
    a.fault_first = [op for op in a.fault_first.split(",") if op]
    a.replacements = []
    for r in a.replace:
        parts = r.split(":", 2)
        if len(parts) != 3 or not parts[0] or not parts[1]:
            p.error(f"--replace wants OPERATION:FROM:TO, got {r!r}")
        a.replacements.append(tuple(parts))
    up = urllib.parse.urlsplit(a.upstream)
    if up.scheme != "http" or not up.hostname:
        p.error("--upstream must be an http:// URL")
    a.upstream_host, a.upstream_port = up.hostname, up.port or 80
    return a


def service_of(headers, query):
    """The SigV4 credential scope's service: Credential=AK/DATE/REGION/SERVICE/aws4_request."""
    auth = headers.get("Authorization", "")
    m = re.search(r"Credential=[^/]+/\d+/[^/]+/([^/]+)/aws4_request", auth)
    if m:
        return m.group(1)
    cred = query.get("X-Amz-Credential", [""])[0]  # presigned URLs
    parts = cred.split("/")
    return parts[3] if len(parts) == 5 else "unknown"


def operation_of(service, method, path, headers, query, body):
    target = headers.get("X-Amz-Target")
    if target:
        return target.rsplit(".", 1)[-1]
    if "Action" in query:
        return query["Action"][0]
    ctype = headers.get("Content-Type", "")
    if method == "POST" and ("x-www-form-urlencoded" in ctype or service in QUERY_SERVICES | {"ec2"}):
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        if "Action" in form:
            return form["Action"][0]
    if service == "eks":
        routed = EKS_MODEL.route(method, path)
        return routed[0] if routed else f"EKS:{method} {path}"
    return f"{service}:{method} {path}"


def is_write(operation, method):
    if ":" in operation:  # an unmapped REST call: judge by the HTTP method
        return method not in ("GET", "HEAD")
    return not operation.startswith(READ_PREFIXES)


def denied(rules, operation, path, body):
    """Whether a `--deny OPERATION[@TEXT]` rule matches this call."""
    for rule in rules:
        op, _, text = rule.partition("@")
        if op == operation and (not text or text in path or text.encode() in body):
            return True
    return False


def protocol_of(service, headers):
    if service == "ec2":
        return "ec2"
    if service in QUERY_SERVICES:
        return "query"
    if headers.get("X-Amz-Target"):
        return "json"
    return "rest-json"


# (status, query code, query Type, message, EC2 code, JSON code) per fault; EC2 uses its own codes.
ERRORS = {
    "throttle": (400, "Throttling", "Sender", "Rate exceeded", "RequestLimitExceeded", "ThrottlingException"),
    "500": (500, "InternalFailure", "Receiver", "Internal failure", "InternalError", "InternalFailure"),
    "503": (503, "ServiceUnavailable", "Receiver", "Service unavailable", "Unavailable", "ServiceUnavailableException"),
    "denied": (403, "AccessDenied", "Sender", "User: arn:aws:iam::123456789012:user/limited is not authorized to "
               "perform this action", "UnauthorizedOperation", "AccessDeniedException"),
}


def error_response(fault, protocol):
    """(status, headers, body) of an injected error in the wire format the client expects."""
    status, code, typ, msg, ec2_code, json_code = ERRORS[fault]
    rid = str(uuid.uuid4())
    if protocol == "ec2":
        if fault == "throttle":  # EC2 answers RequestLimitExceeded with 503, not 400
            status, msg = 503, "Request limit exceeded."
        body = (f"<Response><Errors><Error><Code>{ec2_code}</Code><Message>{msg}</Message></Error></Errors>"
                f"<RequestID>{rid}</RequestID></Response>")
        return status, {"Content-Type": "text/xml"}, body.encode()
    if protocol == "query":
        body = (f"<ErrorResponse><Error><Type>{typ}</Type><Code>{code}</Code><Message>{msg}</Message></Error>"
                f"<RequestId>{rid}</RequestId></ErrorResponse>")
        return status, {"Content-Type": "text/xml"}, body.encode()
    headers = {"Content-Type": "application/json", "x-amzn-ErrorType": json_code, "x-amzn-RequestId": rid}
    doc = {"message": msg}
    if protocol == "json":
        headers["Content-Type"] = "application/x-amz-json-1.1"
        doc["__type"] = json_code
    return status, headers, json.dumps(doc).encode()


class Proxy:
    """Shared state: request counter, fault decisions and the log file."""

    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.seq = 0
        self.writes = 0
        self.held = False
        self.seen_ops = set()
        self.first_faults = 0
        self.rng = random.Random(args.seed)
        self.eks = eks_double.EksDouble(self.ask_upstream)
        open(args.log, "w").close()

    def ask_upstream(self, method, path, headers):
        """A read of moto's on the double's behalf (not logged): (status, headers, body)."""
        a = self.args
        conn = http.client.HTTPConnection(a.upstream_host, a.upstream_port, timeout=60)
        try:
            keep = {k: v for k, v in headers.items() if k.lower() in ("authorization", "x-amz-date", "user-agent")}
            conn.request(method, path, headers=keep)
            resp = conn.getresponse()
            return resp.status, dict(resp.getheaders()), resp.read()
        finally:
            conn.close()

    def next_request(self, operation):
        """Numbers a request and decides its fault kind (None for none)."""
        with self.lock:
            self.seq += 1
            seq, kinds = self.seq, self.args.kinds
            kind = None
            first = operation in self.args.fault_first and operation not in self.seen_ops
            self.seen_ops.add(operation)
            if kinds and first:
                kind = kinds[self.first_faults % len(kinds)]
                self.first_faults += 1
            elif kinds and seq in self.args.fault_at:
                kind = kinds[self.args.fault_at.index(seq) % len(kinds)]
            elif kinds and self.args.fault_rate and self.rng.random() < self.args.fault_rate:
                kind = self.rng.choice(kinds)
            if kind == "5xx":
                kind = self.rng.choice(["500", "503"])
            return seq, kind

    def hold_this_write(self):
        """Counts a forwarded write; True (once) when it is the one to hold."""
        with self.lock:
            self.writes += 1
            if self.held or self.writes != self.args.hold_after_write:
                return False
            self.held = True
            return True

    def record(self, entry):
        with self.lock:
            with open(self.args.log, "a") as f:
                f.write(json.dumps(entry) + "\n")

    def read_log(self):
        with self.lock:
            with open(self.args.log, "rb") as f:
                return f.read()

    def reset(self):
        with self.lock:
            open(self.args.log, "w").close()
            self.seq = 0
            self.writes = 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # NB: headers and body go out in two writes; with Nagle on, the body waits for the client's
    # delayed ACK of the headers (40 ms on Linux), which would add 40 ms to every keep-alive
    # request and make the proxy, not the client, dominate timings.
    disable_nagle_algorithm = True
    proxy: Proxy  # set on the class before serving

    def log_message(self, format, *args):  # keep stderr for real problems
        pass

    def do_GET(self):
        self.handle_any()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_GET

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while (size := int(self.rfile.readline().split(b";")[0], 16)) > 0:
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
                pass
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def reply(self, status, headers, body):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        body = self.read_body()
        start = time.time()
        split = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(split.path)
        if path == "/__proxy/log" and self.command == "GET":
            return self.reply(200, {"Content-Type": "application/x-ndjson"}, self.proxy.read_log())
        if path == "/__proxy/reset" and self.command == "POST":
            self.proxy.reset()
            return self.reply(204, {}, b"")

        query = urllib.parse.parse_qs(split.query)
        service = service_of(self.headers, query)
        operation = operation_of(service, self.command, path, self.headers, query, body)
        if self.headers.get("X-Albctl-Harness") == "fixture":
            return self.fixture_call(service, path, query, body)
        seq, fault = self.proxy.next_request(operation)
        if denied(self.proxy.args.deny, operation, path, body):
            fault = "denied"
        entry = {"seq": seq, "service": service, "operation": operation,
                 "write": is_write(operation, self.command), "status": 0, "fault": fault, "start": start}
        delay_ms = self.proxy.args.delay_ms
        if fault == "delay" or (delay_ms and "delay" not in self.proxy.args.kinds):
            time.sleep(delay_ms / 1000)

        if fault == "drop":
            entry["end"] = time.time()
            self.proxy.record(entry)
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        if fault in ERRORS:
            status, headers, out = error_response(fault, protocol_of(service, self.headers))
        else:
            use_double = service == "eks" and not self.proxy.args.no_eks_double
            double = self.proxy.eks.answers(self.command, path) if use_double else None
            violation = None
            if double:
                entry["double"] = "EksDouble"
                status, headers, out, violation = self.proxy.eks.handle(
                    double[0], double[1], self.command, path, query, self.headers, body)
            else:
                try:
                    status, headers, out = self.forward(body)
                except OSError as e:
                    status, headers, out = 502, {"Content-Type": "text/plain"}, f"aws-proxy: upstream: {e}".encode()
            for op, old, new in self.proxy.args.replacements:
                if op == operation:
                    out = out.replace(old.encode(), new.encode())
                    if double and not violation:
                        # NB: a replaced answer of the double's must still be one real EKS could give.
                        broken = self.proxy.eks.recheck(operation, status, out)
                        if broken:
                            status, headers, out, violation = broken
            if double and violation:
                entry["model_violation"] = violation
                print(f"aws-proxy: EksDouble: {operation}: {violation}", file=sys.stderr, flush=True)
            if entry["write"] and self.proxy.args.hold_after_write and self.proxy.hold_this_write():
                entry["status"] = status
                entry["held"] = True
                entry["end"] = time.time()
                self.proxy.record(entry)
                return self.hold()
        entry["status"] = status
        entry["end"] = time.time()
        self.proxy.record(entry)
        self.reply(status, headers, out)

    def fixture_call(self, service, path, query, body):
        """A test's own set-up call: answered like any other, but not counted, faulted or logged."""
        double = self.proxy.eks.answers(self.command, path) if service == "eks" else None
        if double:
            status, headers, out, _ = self.proxy.eks.handle(
                double[0], double[1], self.command, path, query, self.headers, body)
        else:
            status, headers, out = self.forward(body)
        self.reply(status, headers, out)

    def hold(self):
        """Never answers: waits until the client closes the connection (or 300 s), then closes it."""
        self.close_connection = True
        deadline = time.monotonic() + 300
        self.connection.settimeout(0.2)
        while time.monotonic() < deadline:
            try:
                if self.connection.recv(1, socket.MSG_PEEK) == b"":
                    break
            except socket.timeout:
                continue
            except OSError:
                break
            time.sleep(0.2)
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def forward(self, body):
        a = self.proxy.args
        conn = http.client.HTTPConnection(a.upstream_host, a.upstream_port, timeout=60)
        try:
            # NB: the body is already read in full, so an Expect: 100-continue must not go upstream.
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"expect"}}
            if body or "Content-Length" in self.headers or "Transfer-Encoding" in self.headers:
                headers["Content-Length"] = str(len(body))
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            out = resp.read()
            kept = {k: v for k, v in resp.getheaders() if k.lower() not in HOP_BY_HOP | {"content-length"}}
            return resp.status, kept, out
        finally:
            conn.close()


def main(argv):
    args = parse_args(argv)
    Handler.proxy = Proxy(args)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    print(f"listening http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main(sys.argv[1:])
