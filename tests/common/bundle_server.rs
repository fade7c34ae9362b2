//! The Gateway API release asset `standard-install.yaml` as the release makes it
//! (`hack/build-install-yaml.sh` of the `sigs.k8s.io/gateway-api` module: the boilerplate, a
//! header, then each `config/crd/standard/gateway*.yaml` under a `---` and its path), and a
//! local HTTPS server that serves it, with a CA file for `SSL_CERT_FILE`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair, SanType};

/// The release script's boilerplate (`hack/boilerplate/boilerplate.sh.txt` @v1.6.0, which has
/// no year) and the header it writes after it.
const HEAD: &str = "# Copyright The Kubernetes Authors.\n#\n\
# Licensed under the Apache License, Version 2.0 (the \"License\");\n\
# you may not use this file except in compliance with the License.\n\
# You may obtain a copy of the License at\n#\n\
#     http://www.apache.org/licenses/LICENSE-2.0\n#\n\
# Unless required by applicable law or agreed to in writing, software\n\
# distributed under the License is distributed on an \"AS IS\" BASIS,\n\
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.\n\
# See the License for the specific language governing permissions and\n\
# limitations under the License.\n\n#\n# Gateway API Standard channel install\n#\n";

/// `standard-install.yaml` of the cached release, byte for byte as the release script makes it.
pub fn standard_install() -> Vec<u8> {
    let dir = super::gateway_api::crds_dir().join("standard");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/test-deps.sh", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("gateway"))
        .collect();
    files.sort();
    let mut out = HEAD.as_bytes().to_vec();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        out.extend(format!("---\n#\n# config/crd/standard/{name}\n#\n").as_bytes());
        out.extend(std::fs::read(&f).unwrap());
    }
    out
}

/// An HTTPS server on loopback serving the files of a folder (Python's `http.server` behind
/// TLS), stopped when dropped.
pub struct BundleServer {
    child: Child,
    /// `https://127.0.0.1:<port>`.
    pub base: String,
    /// PEM of the CA that signed the server's certificate (for `SSL_CERT_FILE`).
    pub ca_file: PathBuf,
    _dir: tempfile::TempDir,
}

impl BundleServer {
    /// Serves `files` (name, bytes).
    pub fn start(files: &[(&str, &[u8])]) -> BundleServer {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("www");
        std::fs::create_dir(&root).unwrap();
        for (name, bytes) in files {
            std::fs::write(root.join(name), bytes).unwrap();
        }
        let (ca_pem, cert_pem, key_pem) = certificates();
        let ca_file = dir.path().join("ca.pem");
        std::fs::write(&ca_file, ca_pem).unwrap();
        std::fs::write(dir.path().join("cert.pem"), cert_pem).unwrap();
        std::fs::write(dir.path().join("key.pem"), key_pem).unwrap();
        let script = "import http.server, ssl, sys, os\n\
            os.chdir(sys.argv[1])\n\
            srv = http.server.HTTPServer(('127.0.0.1', 0), http.server.SimpleHTTPRequestHandler)\n\
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n\
            ctx.load_cert_chain(sys.argv[2], sys.argv[3])\n\
            srv.socket = ctx.wrap_socket(srv.socket, server_side=True)\n\
            print(srv.server_address[1], flush=True)\n\
            srv.serve_forever()\n";
        let mut child = Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(&root)
            .arg(dir.path().join("cert.pem"))
            .arg(dir.path().join("key.pem"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting python3's HTTPS server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).expect("reading the server's port");
        let port: u16 = line.trim().parse().unwrap_or_else(|_| panic!("the HTTPS server printed {line:?}, not a port"));
        BundleServer { child, base: format!("https://127.0.0.1:{port}"), ca_file, _dir: dir }
    }

    /// The CA file as a path string.
    pub fn ca(&self) -> &Path {
        &self.ca_file
    }
}

impl Drop for BundleServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A CA and a certificate for 127.0.0.1 it signed: (CA PEM, certificate PEM, key PEM).
fn certificates() -> (String, String, String) {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    params.subject_alt_names.push(SanType::IpAddress(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)));
    let cert = params.signed_by(&key, &issuer).unwrap();
    (ca.pem(), cert.pem(), key.serialize_pem())
}
