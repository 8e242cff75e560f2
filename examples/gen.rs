//! Writes a synthetic briefing project for benchmarks:
//! `cargo run --release --example gen -- DIR N` (N briefs, default 1000).

#[path = "../benches/synthetic.rs"]
mod synthetic;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "target/synthetic".into());
    let n = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let dir = std::path::PathBuf::from(dir);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove the old tree");
    }
    synthetic::generate(&dir, n).expect("write the synthetic tree");
    println!("wrote {n} briefs to {}", dir.display());
}
