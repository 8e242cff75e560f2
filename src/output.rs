//! Writes the site atomically: everything goes into a temporary folder beside
//! the output folder, which replaces the old one only once every file is
//! written. A failed build leaves the previous site exactly as it was.
//!
//! An incremental rebuild instead changes the live folder file by file
//! ([`write_changes`]): each file is written beside its final place and
//! renamed over it, so a reader (the preview server) sees the old bytes or
//! the new, never a half-written page.

use std::io;
use std::path::{Component, Path, PathBuf};

/// A file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the site root, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Refuses paths that could leave the output folder.
fn safe_relative(path: &str) -> io::Result<PathBuf> {
    let p = Path::new(path);
    let ok = !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(p.to_path_buf())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the site: {path}"),
        ))
    }
}

/// Writes `files` as the new content of `out`.
pub fn write_site(out: &Path, files: &[OutputFile]) -> io::Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let staging = parent.join(format!(".{name}-new-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    let result = write_all(&staging, files);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let old = parent.join(format!(".{name}-old-{}", std::process::id()));
    if out.exists() {
        std::fs::rename(out, &old)?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        // Put the previous site back before reporting.
        if old.exists() {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}

fn write_all(staging: &Path, files: &[OutputFile]) -> io::Result<()> {
    use rayon::prelude::*;
    std::fs::create_dir_all(staging)?;
    let mut dirs: Vec<PathBuf> = Vec::new();
    for f in files {
        let rel = safe_relative(&f.path)?;
        if let Some(dir) = rel.parent()
            && !dir.as_os_str().is_empty()
        {
            dirs.push(staging.join(dir));
        }
    }
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        std::fs::create_dir_all(d)?;
    }
    files
        .par_iter()
        .try_for_each(|f| std::fs::write(staging.join(&f.path), &f.bytes))
}

/// Writes `files` into the existing site `out`, each atomically, and
/// deletes the files of `removed` (and folders left empty by that).
pub fn write_changes(out: &Path, files: &[OutputFile], removed: &[String]) -> io::Result<()> {
    use rayon::prelude::*;
    files.par_iter().try_for_each(|f| -> io::Result<()> {
        let path = out.join(safe_relative(&f.path)?);
        let dir = path.parent().unwrap_or(out);
        std::fs::create_dir_all(dir)?;
        let mut temp = tempfile::Builder::new()
            .prefix(".briefbook-")
            .tempfile_in(dir)?;
        io::Write::write_all(&mut temp, &f.bytes)?;
        temp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    })?;
    for rel in removed {
        let path = out.join(safe_relative(rel)?);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        // A folder emptied by the removal goes too, as a full build would
        // not make it; one that still holds files stays.
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != out && d.starts_with(out)) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_outside_the_site() {
        assert!(safe_relative("../x.html").is_err());
        assert!(safe_relative("/etc/x").is_err());
        assert!(safe_relative("a/./b").is_ok() || safe_relative("a/./b").is_err());
        assert!(safe_relative("briefs/x.html").is_ok());
    }

    #[test]
    fn replaces_the_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(out.join("stale")).unwrap();
        write_site(
            &out,
            &[OutputFile {
                path: "a/b.html".into(),
                bytes: b"x".to_vec(),
            }],
        )
        .unwrap();
        assert!(!out.join("stale").exists());
        assert_eq!(std::fs::read(out.join("a/b.html")).unwrap(), b"x");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn changes_refuse_paths_outside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(dir.path().join("keep"), "x").unwrap();
        let escape = OutputFile {
            path: "../evil.html".into(),
            bytes: b"x".to_vec(),
        };
        assert!(write_changes(&out, &[escape], &[]).is_err());
        assert!(!dir.path().join("evil.html").exists());
        assert!(write_changes(&out, &[], &["../keep".into()]).is_err());
        assert!(dir.path().join("keep").exists());
    }

    #[test]
    fn changes_replace_files_and_remove_emptied_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/old.html"), "old").unwrap();
        std::fs::write(out.join("page.html"), "old").unwrap();
        let page = OutputFile {
            path: "page.html".into(),
            bytes: b"new".to_vec(),
        };
        write_changes(&out, &[page], &["a/old.html".into()]).unwrap();
        assert_eq!(std::fs::read(out.join("page.html")).unwrap(), b"new");
        assert!(!out.join("a").exists());
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    }
}
