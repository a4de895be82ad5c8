//! nginx (Debian's package) as a child process running `deploy/nginx.conf` as shipped, with only
//! the lines marked `site:` replaced, in front of web processes: for the proxy and upgrade drills.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{free_port, signal};

/// nginx as a child process in a directory of its own; stopped by its PID when dropped.
pub struct Nginx {
    child: Child,
    dir: PathBuf,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

fn run(cmd: &str, args: &[&str], dir: &Path) {
    let out = Command::new(cmd).args(args).current_dir(dir).output().unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(out.status.success(), "{cmd} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A certificate authority and a server certificate for 127.0.0.1 signed by it (a self-signed
/// CA certificate cannot serve as the server's own in a strict client).
fn certificates(dir: &Path) {
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    run(
        "openssl",
        &[
            &["req", "-x509"][..],
            &ec,
            &["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Proxy drill CA"],
        ]
        .concat(),
        dir,
    );
    run(
        "openssl",
        &[&["req"][..], &ec, &["-keyout", "key.pem", "-out", "server.csr", "-subj", "/CN=127.0.0.1"]]
            .concat(),
        dir,
    );
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run(
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "cert.pem",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
        dir,
    );
}

/// The shipped configuration with the site's values replaced; each must be found exactly once.
fn site_config(dir: &Path, port: u16, upstreams: [u16; 2]) -> String {
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/nginx.conf")).unwrap();
    let d = dir.display();
    let mut conf = shipped.clone();
    for (from, to) in [
        ("server 127.0.0.1:8081 ", format!("server 127.0.0.1:{} ", upstreams[0])),
        ("server 127.0.0.1:8082 ", format!("server 127.0.0.1:{} ", upstreams[1])),
        ("/var/cache/nginx/wsis-prizes ", format!("{d}/cache ")),
        ("listen 443 ssl http2;", format!("listen 127.0.0.1:{port} ssl http2;")),
        ("server_name prizes.example.org;", "server_name 127.0.0.1;".to_owned()),
        ("/etc/ssl/wsis-prizes/fullchain.pem;", format!("{d}/cert.pem;")),
        ("/etc/ssl/wsis-prizes/privkey.pem;", format!("{d}/key.pem;")),
    ] {
        assert_eq!(conf.matches(from).count(), 1, "deploy/nginx.conf: `{from}` once");
        conf = conf.replace(from, &to);
    }
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("```nginx\n{shipped}```")),
        "README.md shows deploy/nginx.conf as it is"
    );
    let site_lines = shipped.lines().filter(|l| l.contains("# site:")).count();
    assert_eq!(site_lines, 7, "every line marked `site:` is replaced");
    conf
}

impl Nginx {
    pub fn start(upstreams: [u16; 2]) -> Self {
        let dir = std::env::temp_dir().join(format!("wsis-proxy-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(dir.join("tmp")).unwrap();
        certificates(&dir);
        let port = free_port();
        std::fs::write(dir.join("site.conf"), site_config(&dir, port, upstreams)).unwrap();
        let d = dir.display();
        // as root, the workers run as root too (they write the drill's cache directory)
        let user = if running_as_root() { "user root;\n" } else { "" };
        std::fs::write(
            dir.join("nginx.conf"),
            format!(
                "{user}daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
                 events {{ worker_connections 1024; }}\n\
                 http {{\n  access_log off;\n  client_body_temp_path {d}/tmp/body;\n  proxy_temp_path {d}/tmp/proxy;\n  \
                 fastcgi_temp_path {d}/tmp/fastcgi;\n  uwsgi_temp_path {d}/tmp/uwsgi;\n  scgi_temp_path {d}/tmp/scgi;\n  \
                 include {d}/site.conf;\n}}\n"
            ),
        )
        .unwrap();
        let nginx =
            ["/usr/sbin/nginx", "nginx"].into_iter().find(|p| Path::new(p).exists()).unwrap_or("nginx");
        let child = Command::new(nginx)
            .args(["-e", &format!("{d}/error.log"), "-c", &format!("{d}/nginx.conf")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx (scripts/deps test installs Debian's nginx-light)");
        let n = Self { child, dir, port };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "nginx did not start: {}", n.error_log());
            std::thread::sleep(Duration::from_millis(20));
        }
        n
    }

    pub fn base(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }

    /// Takes the web process on `port` out of the proxy (`down`) or puts it back, and reloads
    /// nginx (SIGHUP: new workers take the new configuration, the old ones finish what they are
    /// doing and close their connections to the web processes themselves); waits a moment for that.
    pub fn set_down(&self, port: u16, down: bool) {
        let path = self.dir.join("site.conf");
        let conf = std::fs::read_to_string(&path).unwrap();
        let (up_line, down_line) = (
            format!("server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;"),
            format!("server 127.0.0.1:{port} max_fails=1 fail_timeout=5s down;"),
        );
        let (from, to) = if down { (&up_line, &down_line) } else { (&down_line, &up_line) };
        assert_eq!(conf.matches(from.as_str()).count(), 1, "`{from}` in the proxy's configuration");
        std::fs::write(&path, conf.replace(from.as_str(), to)).unwrap();
        signal("HUP", &[self.child.id()]);
        std::thread::sleep(Duration::from_millis(1500));
    }

    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }

    /// A client that trusts the drill's CA, connecting from `from` (a loopback address).
    pub fn client(&self, from: &str) -> reqwest::Client {
        self.builder(from).build().unwrap()
    }

    /// The same, opening a connection per request: a reload of nginx closes its idle keep-alive
    /// connections to clients, and a request sent on one at that moment gets no answer (browsers
    /// send it again; a test client would count it lost).
    pub fn client_without_keepalive(&self, from: &str) -> reqwest::Client {
        self.builder(from).pool_max_idle_per_host(0).build().unwrap()
    }

    fn builder(&self, from: &str) -> reqwest::ClientBuilder {
        let ca = reqwest::Certificate::from_pem(&std::fs::read(self.dir.join("ca.pem")).unwrap()).unwrap();
        reqwest::Client::builder()
            .add_root_certificate(ca)
            .local_address(from.parse::<IpAddr>().unwrap())
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        signal("QUIT", &[self.child.id()]);
        let started = Instant::now();
        while self.child.try_wait().ok().flatten().is_none() && started.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn running_as_root() -> bool {
    std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}
