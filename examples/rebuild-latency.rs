//! Measures the preview's edit-to-reload latency: the time from writing an
//! edited brief to `Session::rebuild` returning with the pages and the search
//! index written, side by side with a full build of the same project; then
//! the print edition and the edition's manifest, which `serve` writes after
//! the reload (`Session::write_print_edition`).
//!
//! ```sh
//! cargo run --release --example rebuild-latency -- DIR N [EDITS]
//! ```
//!
//! With N > 0, DIR is filled with N synthetic briefs (`benches/synthetic.rs`);
//! with N = 0, DIR is an existing project, copied to a temporary folder first
//! so that its files are never edited. EDITS (default 20) single-brief edits
//! of each kind are timed: a sentence of the body, then the title in the
//! front-matter. The watcher's debounce delay comes on top of these numbers.

#[path = "../benches/synthetic.rs"]
mod synthetic;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use briefbook::config::Config;
use briefbook::site::{self, BuildOptions, Session};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: rebuild-latency DIR N [EDITS]"));
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let edits: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);

    let scratch = tempfile::tempdir().expect("a temporary folder");
    let (root, archive) = if n > 0 {
        if dir.exists() {
            std::fs::remove_dir_all(&dir).expect("remove the old tree");
        }
        synthetic::generate(&dir, n).expect("write the synthetic tree");
        (dir.clone(), None)
    } else {
        let config = Config::load(&dir).expect("the project's briefbook.toml");
        let root = scratch.path().join("project");
        for part in ["content", "templates", "static", "themes", "briefbook.toml"] {
            copy(&dir.join(part), &root.join(part));
        }
        (root, config.archive.map(|a| dir.join(a)))
    };
    let options = |out: &str| BuildOptions {
        root: root.clone(),
        output: Some(root.join(out)),
        archive: archive.clone(),
        strict: false,
        live_reload: true,
        edition: Default::default(),
        previous: Default::default(),
    };

    let mut full = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let report = site::build(&options("site-full")).expect("the project builds");
        full.push(t.elapsed());
        if full.len() == 1 {
            println!("project: {} ({} pages)", dir.display(), report.pages);
        }
    }
    let mut session = Session::new(options("site"));
    let t = Instant::now();
    let first_report = session.build().expect("the project builds");
    let first = t.elapsed();

    let briefs = brief_paths(&root);
    let step = (briefs.len() / edits.max(1)).max(1);
    let chosen: Vec<&PathBuf> = briefs.iter().step_by(step).take(edits).collect();

    println!(
        "full build (site::build): {} median of {}; session's first build: {}",
        ms(median(&mut full.clone())),
        full.len(),
        ms(first)
    );
    let first_stages: Vec<String> = first_report
        .stages
        .iter()
        .map(|(name, d)| format!("{name} {}", ms(*d)))
        .collect();
    println!(
        "session's first build per stage: {}",
        first_stages.join(", ")
    );
    println!(
        "{:<12} {:>6} {:>14} {:>14} {:>8} {:>8} {:>8} {:>8} {:>14}",
        "edit", "edits", "ready", "(p95)", "pages", "written", "index", "whole", "print after"
    );
    for (kind, edit) in [
        ("body", edit_body as fn(&str, usize) -> String),
        ("title", edit_title),
    ] {
        let mut ready = Vec::new();
        let mut print = Vec::new();
        let mut index_files = 0;
        let mut whole = 0;
        let mut rendered = 0;
        let mut written = 0;
        let mut stages: Vec<(&'static str, Duration)> = Vec::new();
        for (k, path) in chosen.iter().enumerate() {
            let text = std::fs::read_to_string(path).expect("read the brief");
            let edited = edit(&text, k);
            let t = Instant::now();
            std::fs::write(path, edited).expect("write the brief");
            let report = session.rebuild(&[(*path).clone()]);
            ready.push(t.elapsed());
            let report = report.expect("the edit keeps the build good");
            let t = Instant::now();
            let printed = session
                .write_print_edition()
                .unwrap_or_else(|r| panic!("the print edition: {:?}", r.diagnostics));
            print.push(t.elapsed());
            assert!(
                printed.iter().any(|p| p == "print.html"),
                "the edit shows in print.html"
            );
            for (name, d) in report.stages {
                match stages.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, total)) => *total += d,
                    None => stages.push((name, d)),
                }
            }
            rendered += session.stats().pages_rendered;
            written += session.stats().files_written;
            index_files += session.stats().search_files_written;
            whole += usize::from(session.stats().search_whole);
            assert!(!session.stats().full, "an edit fell back to a full build");
        }
        let count = chosen.len().max(1);
        println!(
            "{:<12} {:>6} {:>14} {:>14} {:>8.1} {:>8.1} {:>8.1} {:>8} {:>14}",
            kind,
            chosen.len(),
            ms(median(&mut ready)),
            ms(p95(&mut ready)),
            rendered as f64 / count as f64,
            written as f64 / count as f64,
            index_files as f64 / count as f64,
            whole,
            ms(median(&mut print)),
        );
        let per_stage: Vec<String> = stages
            .iter()
            .map(|(name, d)| format!("{name} {}", ms(*d / count as u32)))
            .collect();
        println!("{:<12} mean per stage: {}", "", per_stage.join(", "));
    }
    println!(
        "(ready: write of the file to rebuild() returning, pages and search index written, median and p95; pages rendered, files written and index files among them: per edit, mean; whole: edits that built the index whole; print after: then writing print.html, edition.json and feed.xml, median)"
    );
}

/// Inserts a word into the body's last paragraph.
fn edit_body(text: &str, k: usize) -> String {
    let body_start = text[3..].find("\n---").map_or(0, |i| i + 7);
    let line = text[body_start..]
        .lines()
        .rfind(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with('`'))
        .expect("a paragraph");
    let at = text.rfind(line).expect("the line") + line.find(' ').unwrap_or(0);
    format!("{} revised{k}{}", &text[..at], &text[at..])
}

/// Changes the title in the front-matter.
fn edit_title(text: &str, k: usize) -> String {
    match text.find("title: \"") {
        Some(_) => text.replacen("title: \"", &format!("title: \"Revised {k}, "), 1),
        None => text.replacen("title: ", &format!("title: Revised {k}, "), 1),
    }
}

fn brief_paths(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root.join("content/briefs"))
        .expect("content/briefs")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    v.sort();
    v
}

fn copy(from: &Path, to: &Path) {
    if from.is_file() {
        std::fs::create_dir_all(to.parent().expect("a parent")).expect("create folder");
        std::fs::copy(from, to).expect("copy");
    } else if from.is_dir() {
        for e in std::fs::read_dir(from).expect("read folder").flatten() {
            copy(&e.path(), &to.join(e.file_name()));
        }
    }
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn p95(v: &mut [Duration]) -> Duration {
    v.sort();
    v[((v.len() * 95).div_ceil(100))
        .saturating_sub(1)
        .min(v.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}
