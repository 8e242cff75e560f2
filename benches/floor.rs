//! The floor a build is compared with (issue 9): read each brief, render
//! its markdown with pulldown-cmark, write one HTML file per brief, on
//! every core. Nothing briefbook adds (front-matter, references, templates,
//! search) is done, so no build of the same briefs can be faster.
//!
//! Each page is written over the one the last run left (not removed and
//! made anew, nor truncated first): the cheapest way to the same files,
//! with no atomic replacement to pay for. (Until session 22 it removed its
//! output first, and until session 24 it truncated each file; either way
//! it paid kernel costs the build does not, which made it slower and
//! noisier than it need be.)
//!
//! ```sh
//! cargo run --release --example floor -- PROJECT OUT
//! ```

use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn main() {
    let mut args = std::env::args().skip(1);
    let project = PathBuf::from(args.next().expect("usage: floor PROJECT OUT"));
    let out = PathBuf::from(args.next().expect("usage: floor PROJECT OUT"));
    let briefs: Vec<PathBuf> = walkdir::WalkDir::new(project.join("content/briefs"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    std::fs::create_dir_all(&out).expect("make the output folder");
    briefs.par_iter().for_each(|path| render(path, &out));
    println!("{} briefs", briefs.len());
}

fn render(path: &Path, out: &Path) {
    let text = std::fs::read_to_string(path).expect("read a brief");
    let mut html = String::with_capacity(text.len() * 2);
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&text));
    let name = path.file_stem().expect("a file name");
    write_over(&out.join(name).with_extension("html"), html.as_bytes()).expect("write a page");
}

/// Writes `bytes` over the file the last run left, as the build does with
/// its spare: into the same inode and blocks, cut to length if it was
/// longer. (`std::fs::write` truncates first, which frees the blocks and
/// allocates new ones; on a file system mounted with `discard` that costs
/// more than the whole render.)
fn write_over(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    file.write_all(bytes)?;
    if file.metadata()?.len() > bytes.len() as u64 {
        file.set_len(bytes.len() as u64)?;
    }
    Ok(())
}
