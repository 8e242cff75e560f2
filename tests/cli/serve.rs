//! `briefbook serve` over real HTTP on 127.0.0.1: the binary started in a
//! copied fixture with `--port 0`, its printed URL read back, and requests
//! sent over raw TCP so that every path reaches the server exactly as
//! written, with no client normalising it first.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use crate::support::Project;

/// Generous: the machine is shared, and a debug build is slow.
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `briefbook serve`, stopped when the test ends, pass or fail.
struct Server {
    child: Child,
    port: u16,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `briefbook serve --port 0 ARGS` in the project and waits for
    /// its `serving http://HOST:PORT/` line.
    fn start(project: &Project, args: &[&str]) -> Server {
        Server::start_with(project, args, &[])
    }

    fn start_with(project: &Project, args: &[&str], env: &[(&str, &Path)]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("briefbook"))
            .args(["serve", "--port", "0"])
            .args(args)
            .envs(env.iter().copied())
            .current_dir(project.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve starts");
        let stdout = collect(child.stdout.take().expect("stdout"));
        let stderr = collect(child.stderr.take().expect("stderr"));
        let mut server = Server {
            child,
            port: 0,
            stdout,
            stderr,
        };
        let line = server.wait_for_line(&server.stdout, "serving http://");
        let address = line
            .trim_start_matches("serving http://")
            .split('/')
            .next()
            .expect("an address");
        server.port = address
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        assert_ne!(server.port, 0, "the URL shows the real port: {line}");
        server
    }

    /// The first line of `stream` containing `text`, waiting for it.
    fn wait_for_line(&self, stream: &Mutex<String>, text: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(line) = stream.lock().unwrap().lines().find(|l| l.contains(text)) {
                return line.to_string();
            }
            assert!(
                start.elapsed() < PATIENCE,
                "no line with {text:?}; stdout:\n{}\nstderr:\n{}",
                self.stdout.lock().unwrap(),
                self.stderr.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn get(&self, path: &str) -> Response {
        get(self.port, path.as_bytes())
    }

    /// Opens the live-reload event stream.
    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .write_all(b"GET /__briefbook/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .expect("send");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        let mut events = Events {
            stream,
            seen: String::new(),
        };
        // The server subscribes before it answers: once the head is here,
        // no later change can be missed.
        events.read_until("\r\n\r\n");
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Gathers what a child prints, as it prints it.
fn collect(from: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let into = Arc::clone(&text);
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            let mut text = into.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
    text
}

/// A live-reload event stream, read as it arrives.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    /// Waits for the next `event: NAME` and returns its data line.
    fn next(&mut self, name: &str) -> String {
        let marker = format!("event: {name}\ndata: ");
        self.read_until(&marker);
        let at = self.seen.find(&marker).expect("read up to it") + marker.len();
        self.seen.drain(..at);
        self.read_until("\n");
        let end = self.seen.find('\n').expect("read up to it");
        let data = self.seen[..end].to_string();
        self.seen.drain(..end);
        data
    }

    /// Reads until what was read and not yet consumed contains `text`.
    fn read_until(&mut self, text: &str) {
        let start = Instant::now();
        let mut buf = [0; 65536];
        while !self.seen.contains(text) {
            assert!(
                start.elapsed() < PATIENCE,
                "no {text:?} in the event stream; got:\n{}",
                self.seen
            );
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("the event stream closed; got:\n{}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {} // the read timeout: look again
            }
        }
    }
}

struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET path` with the path sent byte for byte as given.
fn get(port: u16, path: &[u8]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    let mut request = b"GET ".to_vec();
    request.extend_from_slice(path);
    request.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.write_all(&request).expect("send");
    let mut raw = Vec::new();
    // The server may close while the request is still being sent (a path
    // it refuses before reading it all); what it answered is still there.
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head: {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head}"));
    Response {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}

fn edit(project: &Project, rel: &str, from: &str, to: &str) {
    let text = project.read(rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    project.write(rel, text.replace(from, to));
}

const BRIEF: &str = "content/briefs/transfers.md";

#[test]
fn serve_rebuilds_on_change_and_pushes_reload_or_errors_to_pages() {
    let project = Project::from_fixture("valid/basic");
    let server = Server::start(&project, &[]);
    let page = server.get("/briefs/transfers.html");
    assert_eq!(page.status, 200, "{}", page.head);
    assert!(page.head.to_lowercase().contains("cache-control: no-store"));
    let html = page.text();
    assert!(html.contains("Transfers to the United States"));
    assert!(
        html.contains("briefbook-live-reload"),
        "served pages reload themselves"
    );

    let mut events = server.events();
    edit(
        &project,
        BRIEF,
        "title: Transfers to the United States",
        "title: Transfers, revised",
    );
    assert_eq!(events.next("reload"), "reload");
    assert!(
        server
            .get("/briefs/transfers.html")
            .text()
            .contains("Transfers, revised")
    );
    // The print edition follows, written after the reload was pushed.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !server
        .get("/print.html")
        .text()
        .contains("Transfers, revised")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "print.html never showed the edit"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }

    // A broken edit: the pages get every error, the terminal prints it, and
    // the last good site stays served.
    edit(
        &project,
        BRIEF,
        "actors: [garcia-harfuch",
        "actors: [harfuch",
    );
    let errors = events.next("errors");
    let errors: serde_json::Value = serde_json::from_str(&errors).expect("JSON errors");
    assert_eq!(
        errors,
        serde_json::json!([{
            "severity": "error",
            "code": "BB021",
            "name": "unknown-actor",
            "end_column": 17,
            "file": "content/briefs/transfers.md",
            "line": 7,
            "column": 10,
            "message": "unknown actor `harfuch`",
            "hint": "did you mean `garcia-harfuch`?",
        }])
    );
    server.wait_for_line(
        &server.stderr,
        "content/briefs/transfers.md:7:10: error[BB021]: unknown actor `harfuch`",
    );
    server.wait_for_line(&server.stderr, "still serving the last good build");
    let page = server.get("/briefs/transfers.html");
    assert_eq!(page.status, 200);
    assert!(
        page.text().contains("Transfers, revised"),
        "the last good build"
    );

    // A page opened now learns of the errors as soon as it connects.
    let mut late = server.events();
    assert!(late.next("errors").contains("unknown actor `harfuch`"));

    edit(
        &project,
        BRIEF,
        "actors: [harfuch",
        "actors: [garcia-harfuch",
    );
    assert_eq!(events.next("reload"), "reload");
    assert_eq!(late.next("reload"), "reload");

    // Builds write site/, which is not watched: nothing more is rebuilt.
    std::thread::sleep(Duration::from_millis(1500));
    let stdout = server.stdout.lock().unwrap().clone();
    assert_eq!(stdout.matches("changed; rebuilding").count(), 3, "{stdout}");
    assert_eq!(server.get("/nope.html").status, 404);
}

#[test]
fn serve_watches_briefbook_toml_templates_and_new_folders() {
    let project = Project::from_fixture("valid/basic");
    let server = Server::start(&project, &[]);
    let mut events = server.events();
    let settings = project.read("briefbook.toml");
    project.write("briefbook.toml", format!("{settings}\n"));
    assert_eq!(events.next("reload"), "reload");
    // templates/ does not exist when the server starts.
    project.write(
        "templates/brief.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"custom\">{{ entry.title }}</p>{% endblock content %}",
    );
    assert_eq!(events.next("reload"), "reload");
    let start = Instant::now();
    while !server
        .get("/briefs/transfers.html")
        .text()
        .contains("class=\"custom\"")
    {
        assert!(start.elapsed() < PATIENCE, "the new template is never used");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_never_serves_a_byte_from_outside_site() {
    let project = Project::from_fixture("valid/basic");
    const SECRET: &str = "SECRET-MARKER-5e1f";
    project.write("secret.txt", SECRET);
    let server = Server::start(&project, &[]);
    // Made after the build, as an attacker with write access to site/
    // (or a careless static file) would: links out of the site.
    let site = project.path("site");
    let secret = project.path("secret.txt");
    std::os::unix::fs::symlink(&secret, site.join("leak.html")).unwrap();
    std::os::unix::fs::symlink(project.root(), site.join("escape")).unwrap();
    std::fs::create_dir(site.join("trap")).unwrap();
    std::os::unix::fs::symlink(&secret, site.join("trap/index.html")).unwrap();
    std::os::unix::fs::symlink(site.join("loop"), site.join("loop")).unwrap();
    // A link that stays inside the site is fine.
    std::os::unix::fs::symlink(site.join("index.html"), site.join("alias.html")).unwrap();
    assert_eq!(server.get("/alias.html").status, 200);

    let absolute = secret.display().to_string();
    let mut attacks: Vec<Vec<u8>> = [
        "/../secret.txt",
        "/../../../../../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/.%2e/secret.txt",
        "/%2e./secret.txt",
        "/..%2fsecret.txt",
        "/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd",
        "/%2e%2e%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..\\..\\secret.txt",
        "/..%5c..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/%00",
        "/index.html%00",
        "/%2e%2e%00/secret.txt",
        "/leak.html",
        "/escape/secret.txt",
        "/escape/",
        "/trap/",
        "/trap/index.html",
        "/loop",
        "/loop/index.html",
    ]
    .iter()
    .map(|a| a.as_bytes().to_vec())
    .collect();
    attacks.push(format!("/{absolute}").into_bytes());
    attacks.push(format!("/%2f{}", absolute.trim_start_matches('/')).into_bytes());
    attacks.push(format!("http://127.0.0.1/../{absolute}").into_bytes());
    attacks.push(b"/../\0/etc/passwd".to_vec());
    let mut long = b"/".to_vec();
    long.extend(std::iter::repeat_n(b'a', 100 * 1024));
    attacks.push(long);
    // Longer than a file name may be, but a request line hyper reads.
    attacks.push(format!("/{}", "b".repeat(300)).into_bytes());
    attacks.push(format!("/briefs/{}.html", "c".repeat(5000)).into_bytes());
    let mut deep = Vec::new();
    for _ in 0..2000 {
        deep.extend_from_slice(b"/..");
    }
    deep.extend_from_slice(b"/etc/passwd");
    attacks.push(deep);

    for attack in &attacks {
        let shown = String::from_utf8_lossy(&attack[..attack.len().min(80)]).into_owned();
        let response = get(server.port, attack);
        let text = response.text();
        assert!(
            !text.contains(SECRET) && !text.contains("root:x:0:0"),
            "{shown} leaked a file from outside site/"
        );
        // 414 is hyper's answer to a request line too long to read at all.
        assert!(
            matches!(response.status, 400 | 404 | 414),
            "{shown}: {}",
            response.head
        );
        assert_eq!(
            response.status == 414,
            attack.len() > 10_000,
            "{shown}: {}",
            response.head
        );
    }
    assert_eq!(server.get("/").status, 200, "still serving");
}

#[test]
fn serve_answers_200_concurrent_connections() {
    let project = Project::from_fixture("valid/basic");
    let server = Server::start(&project, &[]);
    let port = server.port;
    let clients = 200;
    let ready = Arc::new(Barrier::new(clients));
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let ready = Arc::clone(&ready);
            std::thread::spawn(move || {
                ready.wait();
                let page = get(port, b"/briefs/transfers.html");
                (
                    page.status,
                    page.text().contains("Transfers to the United States"),
                )
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().expect("a client"), (200, true));
    }
}

#[test]
fn serve_listens_on_loopback_and_warns_about_any_other_host() {
    let project = Project::from_fixture("valid/basic");
    let local = Server::start(&project, &[]);
    let line = local.wait_for_line(&local.stdout, "serving");
    assert!(line.starts_with("serving http://127.0.0.1:"), "{line}");
    assert!(!local.stderr.lock().unwrap().contains("warning"));
    drop(local);

    let open = Server::start(&project, &["--host", "0.0.0.0"]);
    let line = open.wait_for_line(&open.stdout, "serving");
    assert!(line.starts_with("serving http://0.0.0.0:"), "{line}");
    let warning = open.wait_for_line(&open.stderr, "warning:");
    assert_eq!(
        warning,
        "warning: listening on 0.0.0.0, which other machines may reach: they can read the preview"
    );
}

#[test]
fn serve_open_hands_the_url_to_the_browser() {
    let project = Project::from_fixture("valid/basic");
    // A stand-in browser, found through $BROWSER as a real one would be.
    let browser = project.path("browser.sh");
    let opened = project.path("opened.txt");
    project.write(
        "browser.sh",
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    );
    std::fs::set_permissions(
        &browser,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let server = Server::start_with(&project, &["--open"], &[("BROWSER", &browser)]);
    let start = Instant::now();
    while !opened.exists() {
        assert!(start.elapsed() < PATIENCE, "no browser was opened");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(
        std::fs::read_to_string(&opened).unwrap(),
        format!("http://127.0.0.1:{}/", server.port)
    );
}

#[test]
fn serve_reports_a_port_in_use() {
    let project = Project::from_fixture("valid/basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = project.run(&["serve", "--port", &port]);
    // The machine's failure, not the content's: exit 2.
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with(&format!("error: cannot listen on 127.0.0.1:{port}: ")),
        "{}",
        run.stderr
    );
}

#[test]
fn serve_stays_up_when_the_first_build_fails() {
    let project = Project::from_fixture("valid/basic");
    edit(
        &project,
        BRIEF,
        "actors: [garcia-harfuch",
        "actors: [harfuch",
    );
    let server = Server::start(&project, &[]);
    server.wait_for_line(&server.stderr, "error[BB021]: unknown actor `harfuch`");
    let missing = server.get("/index.html");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("has a build succeeded yet?"));
    let mut events = server.events();
    assert!(events.next("errors").contains("unknown actor `harfuch`"));
    edit(
        &project,
        BRIEF,
        "actors: [harfuch",
        "actors: [garcia-harfuch",
    );
    assert_eq!(events.next("reload"), "reload");
    assert_eq!(server.get("/index.html").status, 200);
}

#[test]
fn serve_rechecks_quotations_when_the_archive_changes() {
    let project = Project::from_fixture("valid/basic");
    let server = Server::start(&project, &[]);
    let mut events = server.events();
    // The archive is not under content/: it is watched all the same.
    edit(
        &project,
        "archive/ap-transfer-report.txt",
        "transferred 37 prisoners",
        "sent 37 prisoners",
    );
    let errors = events.next("errors");
    assert!(
        errors.contains("\"code\":\"BB034\"") && errors.contains("\"line\":21"),
        "{errors}"
    );
    edit(
        &project,
        "archive/ap-transfer-report.txt",
        "sent 37 prisoners",
        "transferred 37 prisoners",
    );
    assert_eq!(events.next("reload"), "reload");
}

/// Sends `signal` (`INT` or `TERM`) to the server as a terminal or a service
/// manager would, and waits for it to exit.
#[cfg(unix)]
fn stop(server: &mut Server, signal: &str) -> std::process::ExitStatus {
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &server.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let start = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().expect("wait") {
            return status;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "serve did not stop on SIG{signal}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[test]
fn serve_stops_cleanly_on_ctrl_c_after_finishing_the_build_under_way() {
    let project = Project::from_fixture("valid/basic");
    let mut server = Server::start(&project, &[]);
    let before = project.read("site/search/meta.js");
    edit(
        &project,
        BRIEF,
        "title: Transfers to the United States",
        "title: Transfers, interrupted",
    );
    server.wait_for_line(&server.stdout, "changed; rebuilding");
    // Interrupted while it rebuilds: the build still ends, whole.
    let status = stop(&mut server, "INT");
    assert!(status.success(), "{status:?}");
    server.wait_for_line(&server.stdout, "stopped");
    assert!(
        project
            .read("site/briefs/transfers.html")
            .contains("Transfers, interrupted")
    );
    let after = project.read("site/search/meta.js");
    assert_ne!(
        before, after,
        "the search index of the new build is written"
    );
    let fresh = Project::from_fixture("valid/basic");
    edit(
        &fresh,
        BRIEF,
        "title: Transfers to the United States",
        "title: Transfers, interrupted",
    );
    fresh.run(&["build"]).assert_succeeds_with("");
    // Served pages carry the live-reload script; the index is the same.
    crate::support::assert_same_tree(
        &fresh.tree().under("site/search"),
        &project.tree().under("site/search"),
    );
}

#[cfg(unix)]
#[test]
fn serve_stops_on_sigterm() {
    let project = Project::from_fixture("valid/basic");
    let mut server = Server::start(&project, &[]);
    let status = stop(&mut server, "TERM");
    assert!(status.success(), "{status:?}");
}

#[test]
fn serve_rebuilds_when_a_bibliography_changes() {
    let project = Project::from_fixture("bib/markdown");
    std::fs::remove_dir_all(project.path("content/sources")).expect("remove the sources");
    let bib = std::fs::read(crate::support::fixtures().join("bib/sources.bib")).expect("fixture");
    // One in a folder of its own (watched for it), one beside briefbook.toml.
    project.write("refs/sources.bib", bib);
    project.write("more.json", "[]\n");
    edit(
        &project,
        "briefbook.toml",
        "archive = \"archive\"\n",
        "archive = \"archive\"\nbibliography = [\"refs/sources.bib\", \"more.json\"]\n",
    );
    let server = Server::start(&project, &[]);
    assert_eq!(server.get("/sources/crisis-group-qa.html").status, 200);
    let mut events = server.events();
    edit(
        &project,
        "refs/sources.bib",
        "{Mexico's Security Gamble}",
        "{Mexico's Security Gamble, revised}",
    );
    assert_eq!(events.next("reload"), "reload");
    assert!(
        server
            .get("/sources/crisis-group-qa.html")
            .text()
            .contains("Security Gamble, revised")
    );
    project.write(
        "more.json",
        r#"[{"id": "third-source", "title": "A third source", "genre": "news"}]"#,
    );
    assert_eq!(events.next("reload"), "reload");
    assert_eq!(server.get("/sources/third-source.html").status, 200);
    edit(&project, "more.json", "\"title\"", "\"title\" ");
    edit(&project, "more.json", "A third source\"", "A third source");
    let errors = events.next("errors");
    assert!(errors.contains("\"code\":\"BB049\""), "{errors}");
}
