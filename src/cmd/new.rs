//! `briefbook new KIND ID`: a new entry from a template, never overwriting.

use std::io::Write;

use crate::cli::{NewArgs, NewKind};
use crate::front_matter::template;
use crate::model::{Id, Kind};

/// Writes the new file; returns a message for the user either way.
pub fn run_new(args: &NewArgs) -> Result<String, String> {
    let kind = match args.kind {
        NewKind::Brief => Kind::Brief,
        NewKind::Actor => Kind::Actor,
        NewKind::Event => Kind::Event,
        NewKind::Source => Kind::Source,
    };
    let id = Id::parse(&args.id).map_err(|e| {
        format!(
            "error: `{}` is not a safe id: {e}\n  = hint: try `{}`: lower-case letters, digits and single hyphens",
            args.id,
            Id::suggest(&args.id)
        )
    })?;
    let dir = args.root.join("content").join(kind.folder());
    let path = dir.join(format!("{id}.md"));
    // Ids are unique across kinds and subfolders; a twin elsewhere would
    // only fail the next check. The same path is refused below.
    if let Some(twin) = existing_entry(&args.root.join("content"), id.as_str(), &path) {
        return Err(format!(
            "error: the id `{id}` is already used by {}; nothing was written\n  = hint: choose another id, or edit the existing file",
            twin.display()
        ));
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("error: cannot create {}: {e}", dir.display()))?;
    let today = jiff::Zoned::now().date().to_string();
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => format!(
                "error: {} already exists; nothing was written\n  = hint: choose another id, or edit the existing file",
                path.display()
            ),
            _ => format!("error: cannot write {}: {e}", path.display()),
        })?;
    file.write_all(template(kind, id.as_str(), &today).as_bytes())
        .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
    Ok(format!(
        "created {}\nfill in the front-matter (replace the CAPITALISED placeholders), then run `briefbook check`",
        path.display()
    ))
}

/// A markdown file anywhere under `content` whose stem is `id`, other than
/// `path` itself.
fn existing_entry(
    content: &std::path::Path,
    id: &str,
    path: &std::path::Path,
) -> Option<std::path::PathBuf> {
    walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .find(|e| {
            let p = e.path();
            e.file_type().is_file()
                && p.extension().is_some_and(|x| x == "md")
                && p.file_stem().is_some_and(|s| s == id)
                // content/index.md is the home page, which holds no id.
                && p.parent() != Some(content)
                && p != path
        })
        .map(walkdir::DirEntry::into_path)
}
