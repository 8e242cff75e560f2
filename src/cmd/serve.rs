//! `briefbook serve`: builds, serves `site/` on 127.0.0.1, and rebuilds when
//! anything under content/, templates/, static/, themes/ or briefbook.toml
//! changes. A failed rebuild prints its errors and keeps serving the last
//! good site. Open pages reload themselves after a successful rebuild.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use crate::cli::ServeArgs;
use crate::site::{self, BuildOptions};

/// The newest modification time of the files a build reads.
fn newest_change(root: &Path) -> SystemTime {
    let mut newest = SystemTime::UNIX_EPOCH;
    for dir in ["content", "templates", "static", "themes"] {
        for e in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
            if let Some(m) = e.metadata().ok().and_then(|m| m.modified().ok()) {
                newest = newest.max(m);
            }
        }
    }
    if let Ok(m) = std::fs::metadata(root.join("briefbook.toml")).and_then(|m| m.modified()) {
        newest = newest.max(m);
    }
    newest
}

fn rebuild(options: &BuildOptions, generation: &AtomicU64) {
    let result = site::build(options);
    let ok = result.is_ok();
    super::print_report(&result.unwrap_or_else(|r| r), false, "build");
    if ok {
        generation.fetch_add(1, Ordering::SeqCst);
    }
}

/// Runs until interrupted; returns false if the port cannot be opened.
pub fn run_serve(args: &ServeArgs) -> bool {
    let root = args.common.root.clone();
    let out = root.join("site");
    let options = BuildOptions {
        root: root.clone(),
        output: Some(out.clone()),
        archive: args.common.archive.clone(),
        strict: args.common.strict,
        live_reload: true,
    };
    let generation = Arc::new(AtomicU64::new(0));
    rebuild(&options, &generation);
    let listener = match TcpListener::bind(("127.0.0.1", args.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "error: cannot listen on 127.0.0.1:{}: {e}\n  = hint: pass another --port",
                args.port
            );
            return false;
        }
    };
    println!(
        "serving http://127.0.0.1:{}/ — rebuilding on changes; Ctrl-C stops",
        args.port
    );
    let watch_generation = Arc::clone(&generation);
    std::thread::spawn(move || {
        let mut last = newest_change(&root);
        loop {
            std::thread::sleep(Duration::from_millis(400));
            let now = newest_change(&root);
            if now != last {
                last = now;
                println!("change detected, rebuilding…");
                rebuild(&options, &watch_generation);
            }
        }
    });
    for stream in listener.incoming().flatten() {
        let out = out.clone();
        let generation = Arc::clone(&generation);
        std::thread::spawn(move || {
            let _ = respond(stream, &out, &generation);
        });
    }
    true
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

fn respond(mut stream: TcpStream, site: &Path, generation: &AtomicU64) -> std::io::Result<()> {
    let mut line = String::new();
    BufReader::new(&stream).read_line(&mut line)?;
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let target = target.split(['?', '#']).next().unwrap_or("/");
    if target == "/__briefbook/generation" {
        let body = generation.load(Ordering::SeqCst).to_string();
        return write_response(&mut stream, "200 OK", "text/plain", body.as_bytes());
    }
    let mut path = PathBuf::from(site);
    for part in target.split('/').filter(|p| !p.is_empty()) {
        if part == ".." || part.contains('\\') {
            return write_response(&mut stream, "400 Bad Request", "text/plain", b"bad path");
        }
        path.push(percent_decode(part));
    }
    if path.is_dir() {
        path.push("index.html");
    }
    match std::fs::read(&path) {
        Ok(bytes) => write_response(&mut stream, "200 OK", content_type(&path), &bytes),
        Err(_) => {
            let body =
                std::fs::read(site.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
            write_response(
                &mut stream,
                "404 Not Found",
                "text/html; charset=utf-8",
                &body,
            )
        }
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn write_response(
    stream: &mut TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)
}
