#!/usr/bin/env python3
"""An EKS-style token authenticator for kube-apiserver's TokenReview webhook (test harness only).

On EKS, aws-iam-authenticator turns a bearer token `k8s-aws-v1.<base64url presigned URL>` into a
Kubernetes user by replaying the presigned STS GetCallerIdentity URL. This helper does the same
against moto so the tests can check albctl's tokens end to end, with a real kube-apiserver:

    token-webhook.py --sts-url URL --cluster NAME [--secret-key KEY] [--log FILE]

It answers POSTs of a TokenReview (authentication.k8s.io v1beta1 or v1, echoed back). A token is
accepted when all of these hold, else the review says `authenticated: false` with the reason:
  - it has the `k8s-aws-v1.` prefix and decodes (base64url) to an https URL on an STS host,
    path `/`, with Action=GetCallerIdentity, Version=2011-06-15, X-Amz-Expires <= 60 and an
    X-Amz-Date no older than 15 minutes;
  - `x-k8s-aws-id` is among X-Amz-SignedHeaders;
  - with --secret-key, the SigV4 signature verifies with the header `x-k8s-aws-id: <--cluster>`
    (moto does not check signatures, so this is where a token for another cluster fails);
  - GET of the URL's query against --sts-url (moto) answers 200; the user is the <Arn> in it,
    in the group system:masters.
NB: moto's single server routes a request by the Authorization header's credential scope and
otherwise assumes S3, so the replay also carries the URL's own X-Amz-Credential in an
Authorization header; real STS needs only the query.

Prints `listening http://127.0.0.1:PORT` as the first stdout line. With --log, each review
appends one JSON line {"authenticated", "reason", "username"}. Tokens are never printed or logged.
It must stay on loopback and never talk to anything but --sts-url. Python 3.11 stdlib only.
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import http.client
import json
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN_PREFIX = "k8s-aws-v1."
CLUSTER_HEADER = "x-k8s-aws-id"
STS_HOST = re.compile(r"sts(\.[a-z0-9-]+)?\.amazonaws\.(com|com\.cn|eu)")
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
MAX_AGE = datetime.timedelta(minutes=15)


class Rejected(Exception):
    """The token is not acceptable; the message says why (and never contains the token)."""


def quote(s):
    return urllib.parse.quote(s, safe="-_.~")


def decode_url(token):
    if not token.startswith(TOKEN_PREFIX):
        raise Rejected("no k8s-aws-v1. prefix")
    body = token[len(TOKEN_PREFIX):]
    try:
        url = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise Rejected("not base64url of a UTF-8 URL") from None
    return url


def check_url(url, now):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" or not STS_HOST.fullmatch(parts.hostname or ""):
        raise Rejected(f"not an https STS URL (host {parts.hostname!r})")
    if parts.path != "/":
        raise Rejected(f"unexpected path {parts.path!r}")
    pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True, strict_parsing=True)
    query = dict(pairs)
    if len(query) != len(pairs):
        raise Rejected("repeated query parameters")
    if query.get("Action") != "GetCallerIdentity" or query.get("Version") != "2011-06-15":
        raise Rejected("not GetCallerIdentity 2011-06-15")
    try:
        expires = int(query.get("X-Amz-Expires", ""))
        signed_at = datetime.datetime.strptime(query.get("X-Amz-Date", ""), "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc
        )
    except ValueError:
        raise Rejected("X-Amz-Expires or X-Amz-Date missing or malformed") from None
    if not 0 < expires <= 60:
        raise Rejected(f"X-Amz-Expires={expires}, want at most 60")
    if not now - MAX_AGE <= signed_at <= now + datetime.timedelta(minutes=5):
        raise Rejected("X-Amz-Date is more than 15 minutes old or in the future")
    signed = query.get("X-Amz-SignedHeaders", "").split(";")
    if CLUSTER_HEADER not in signed:
        raise Rejected(f"{CLUSTER_HEADER} is not a signed header")
    return parts, pairs, query


def verify_signature(parts, pairs, query, cluster, secret_key):
    signed = query["X-Amz-SignedHeaders"].split(";")
    if signed != ["host", CLUSTER_HEADER]:
        raise Rejected(f"signed headers {signed}, want host and {CLUSTER_HEADER} only")
    try:
        access_key, date, region, service, terminator = query["X-Amz-Credential"].split("/")
    except (KeyError, ValueError):
        raise Rejected("X-Amz-Credential missing or malformed") from None
    if service != "sts" or terminator != "aws4_request" or query.get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256":
        raise Rejected("not an AWS4-HMAC-SHA256 signature for sts")
    canonical_query = "&".join(
        f"{k}={v}" for k, v in sorted((quote(k), quote(v)) for k, v in pairs if k != "X-Amz-Signature")
    )
    canonical_request = "\n".join(
        ["GET", "/", canonical_query, f"host:{parts.netloc.lower()}", f"{CLUSTER_HEADER}:{cluster}", "",
         "host;" + CLUSTER_HEADER, EMPTY_SHA256]
    )
    scope = f"{date}/{region}/{service}/aws4_request"
    string_to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", query["X-Amz-Date"], scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    )
    key = ("AWS4" + secret_key).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    expected = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, query.get("X-Amz-Signature", "")):
        raise Rejected(f"signature does not verify for cluster {cluster!r}")


def caller_arn(sts_url, parts, query, cluster):
    """Replays the presigned query against moto; returns the caller's ARN."""
    target = urllib.parse.urlsplit(sts_url)
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    try:
        auth = "AWS4-HMAC-SHA256 Credential={}, SignedHeaders={}, Signature={}".format(
            query.get("X-Amz-Credential", ""), query.get("X-Amz-SignedHeaders", ""), query.get("X-Amz-Signature", "")
        )
        conn.request("GET", "/?" + parts.query, headers={CLUSTER_HEADER: cluster, "Authorization": auth})
        resp = conn.getresponse()
        body = resp.read().decode("utf-8", "replace")
    except OSError as e:
        raise Rejected(f"STS at {sts_url} unreachable: {e}") from None
    finally:
        conn.close()
    if resp.status != 200:
        raise Rejected(f"STS answered HTTP {resp.status}")
    match = re.search(r"<Arn>([^<]+)</Arn>", body)
    if not match:
        raise Rejected("STS answer has no <Arn>")
    return match.group(1)


def review(token, args):
    now = datetime.datetime.now(datetime.timezone.utc)
    url = decode_url(token)
    parts, pairs, query = check_url(url, now)
    if args.secret_key is not None:
        verify_signature(parts, pairs, query, args.cluster, args.secret_key)
    return caller_arn(args.sts_url, parts, query, args.cluster)


def make_handler(args, log_lock):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *a):  # requests are logged by `record` only
            pass

        def record(self, entry):
            if args.log:
                with log_lock, open(args.log, "a", encoding="utf-8") as f:
                    f.write(json.dumps(entry) + "\n")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            try:
                request = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                request = {}
            api_version = request.get("apiVersion") or "authentication.k8s.io/v1beta1"
            token = (request.get("spec") or {}).get("token") or ""
            try:
                arn = review(token, args)
                status = {"authenticated": True, "user": {"username": arn, "groups": ["system:masters"]}}
                entry = {"authenticated": True, "reason": "ok", "username": arn}
            except Rejected as e:
                status = {"authenticated": False, "error": str(e)}
                entry = {"authenticated": False, "reason": str(e), "username": None}
            self.record(entry)
            body = json.dumps({"apiVersion": api_version, "kind": "TokenReview", "status": status}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sts-url", required=True, help="moto's base URL, http://127.0.0.1:PORT")
    parser.add_argument("--cluster", required=True, help="the cluster name tokens must be bound to")
    parser.add_argument("--secret-key", help="verify SigV4 signatures with this secret access key")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", help="append one JSON line per review to this file")
    args = parser.parse_args()
    if urllib.parse.urlsplit(args.sts_url).hostname not in ("127.0.0.1", "localhost"):
        parser.error("--sts-url must be a loopback URL")
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args, threading.Lock()))
    print(f"listening http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
