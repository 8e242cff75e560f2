//! Embeds the default theme (`themes/default/`) in the binary, so that
//! briefbook works on a project that has no theme of its own.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    // Each file and folder by name too: a folder alone was seen to miss a
    // template added by a merge, leaving the embedded theme without it.
    for (_, abs) in &files {
        println!("cargo:rerun-if-changed={abs}");
    }
    files.sort();
    let mut code = String::from(
        "/// The default theme's files: path under the theme, contents.\npub const FILES: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in files {
        let _ = writeln!(code, "    ({rel:?}, include_bytes!({abs:?})),");
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("default_theme.rs");
    std::fs::write(out, code).expect("write default_theme.rs");
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, files);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            files.push((rel, path.to_string_lossy().into_owned()));
        }
    }
}
