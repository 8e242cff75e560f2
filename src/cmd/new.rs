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
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("error: cannot create {}: {e}", dir.display()))?;
    let path = dir.join(format!("{id}.md"));
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
