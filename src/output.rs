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

/// How a file reaches a sink: whole, or (a page too large to hold at once:
/// the print edition of a large site) in parts, in order, from one thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    /// The whole file, or its first part: creates it, or replaces it.
    Start,
    /// The next part of the file started last on this thread: appended.
    More,
}

/// A file handed to a sink in parts of about [`Chunked::SIZE`] bytes as it
/// is written, so that a large file (the print edition, the manifest) is
/// never held whole.
pub struct Chunked<'s, E> {
    path: String,
    buffer: Vec<u8>,
    piece: Piece,
    sink: &'s (dyn Fn(OutputFile, Piece) -> Result<(), E> + Sync),
    /// What the sink said when it failed; nothing is sent after that.
    failed: Option<E>,
}

impl<'s, E> Chunked<'s, E> {
    pub const SIZE: usize = 1 << 20;

    pub fn new(path: &str, sink: &'s (dyn Fn(OutputFile, Piece) -> Result<(), E> + Sync)) -> Self {
        Chunked {
            path: path.to_string(),
            buffer: Vec::with_capacity(Self::SIZE + Self::SIZE / 4),
            piece: Piece::Start,
            sink,
            failed: None,
        }
    }

    fn send(&mut self) -> Result<(), E> {
        let bytes = std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(Self::SIZE + Self::SIZE / 4),
        );
        let piece = std::mem::replace(&mut self.piece, Piece::More);
        (self.sink)(
            OutputFile {
                path: self.path.clone(),
                bytes,
            },
            piece,
        )
    }

    /// Sends what is left (the whole file, if it was small): the file
    /// exists once this returns `Ok`, even if nothing was written.
    pub fn finish(mut self) -> Result<(), E> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        if self.piece == Piece::Start || !self.buffer.is_empty() {
            self.send()?;
        }
        Ok(())
    }
}

impl<E> io::Write for Chunked<'_, E> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.failed.is_some() {
            return Err(io::Error::other("the file could not be written"));
        }
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= Self::SIZE
            && let Err(e) = self.send()
        {
            self.failed = Some(e);
            return Err(io::Error::other("the file could not be written"));
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Adds a file, or the next part of one, to files held in memory: what
/// [`Staging::write_piece`] does on disk.
pub fn gather(files: &mut Vec<OutputFile>, f: OutputFile, piece: Piece) {
    match piece {
        Piece::Start => files.push(f),
        Piece::More => match files.iter_mut().rev().find(|g| g.path == f.path) {
            Some(started) => started.bytes.extend_from_slice(&f.bytes),
            None => files.push(f),
        },
    }
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
    use rayon::prelude::*;
    let staging = Staging::new(out)?;
    files.par_iter().try_for_each(|f| staging.write(f))?;
    staging.commit()
}

/// A new site being written: files go into a folder beside the output
/// folder as soon as they are made (so a build need not hold every page in
/// memory), and [`Staging::commit`] puts that folder in the old one's
/// place. Dropped without a commit, it removes what it wrote, and the
/// previous site stays as it was.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// Folders already made under `dir`, so each is made once.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    /// A fresh staging folder for `out`.
    pub fn new(out: &Path) -> io::Result<Staging> {
        let parent = parent_of(out);
        std::fs::create_dir_all(parent)?;
        let dir = parent.join(format!(".{}-new-{}", name_of(out), std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            made: Default::default(),
            committed: false,
        })
    }

    /// Writes one file of the new site; from any thread.
    pub fn write(&self, f: &OutputFile) -> io::Result<()> {
        self.write_piece(f, Piece::Start)
    }

    /// Writes a file of the new site, or appends the next part of one.
    pub fn write_piece(&self, f: &OutputFile, piece: Piece) -> io::Result<()> {
        let rel = safe_relative(&f.path)?;
        if piece == Piece::More {
            let mut file = std::fs::OpenOptions::new()
                .append(true)
                .open(self.dir.join(rel))?;
            return io::Write::write_all(&mut file, &f.bytes);
        }
        if let Some(dir) = rel.parent().filter(|d| !d.as_os_str().is_empty()) {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(dir) {
                std::fs::create_dir_all(self.dir.join(dir))?;
                made.insert(dir.to_path_buf());
            }
        }
        std::fs::write(self.dir.join(rel), &f.bytes)
    }

    /// Replaces the output folder with everything written.
    pub fn commit(mut self) -> io::Result<()> {
        let old = parent_of(&self.out).join(format!(
            ".{}-old-{}",
            name_of(&self.out),
            std::process::id()
        ));
        if self.out.exists() {
            std::fs::rename(&self.out, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            // Put the previous site back before reporting.
            if old.exists() {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(e);
        }
        self.committed = true;
        if old.exists() {
            remove_tree(&old)?;
        }
        Ok(())
    }
}

/// Removes the folder `dir` and everything in it, its top-level entries in
/// parallel: a site's folders (briefs, actors, search…) hold thousands of
/// files each, and both cores unlink at once. Symbolic links are removed,
/// never followed (`std::fs::remove_dir_all` within each entry).
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        // The entry's own type: a link to a folder is a link.
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn parent_of(out: &Path) -> &Path {
    out.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn name_of(out: &Path) -> String {
    out.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into())
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

    /// What a sink was handed: (piece, bytes) in order.
    type Handed = std::sync::Mutex<Vec<(Piece, Vec<u8>)>>;

    fn keep(handed: &Handed) -> impl Fn(OutputFile, Piece) -> Result<(), String> + Sync + '_ {
        |f, piece| {
            handed.lock().unwrap().push((piece, f.bytes));
            Ok(())
        }
    }

    #[test]
    fn a_chunked_file_arrives_in_order_in_parts_of_its_size() {
        let handed = Handed::default();
        let sink = keep(&handed);
        let mut out = Chunked::new("print.html", &sink);
        let text: Vec<u8> = (0..Chunked::<String>::SIZE * 5 / 2)
            .map(|i| b'a' + (i % 26) as u8)
            .collect();
        for piece in text.chunks(1000) {
            io::Write::write_all(&mut out, piece).unwrap();
        }
        out.finish().unwrap();
        let handed = std::mem::take(&mut *handed.lock().unwrap());
        let pieces: Vec<Piece> = handed.iter().map(|(p, _)| *p).collect();
        assert_eq!(pieces, [Piece::Start, Piece::More, Piece::More]);
        assert!(handed[0].1.len() >= Chunked::<String>::SIZE);
        // Gathered in memory or written to disk, the parts make the file.
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("site")).unwrap();
        let mut gathered = vec![OutputFile {
            path: "other.html".into(),
            bytes: b"x".to_vec(),
        }];
        for (piece, bytes) in handed {
            let f = OutputFile {
                path: "print.html".into(),
                bytes,
            };
            staging.write_piece(&f, piece).unwrap();
            gather(&mut gathered, f, piece);
        }
        assert_eq!(gathered.len(), 2);
        assert_eq!(gathered[1].bytes, text);
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("site/print.html")).unwrap(),
            text
        );
    }

    #[test]
    fn an_empty_chunked_file_is_still_made_and_a_failed_sink_is_reported() {
        let handed = Handed::default();
        let sink = keep(&handed);
        Chunked::new("empty.json", &sink).finish().unwrap();
        assert_eq!(*handed.lock().unwrap(), [(Piece::Start, Vec::new())]);

        let calls = std::sync::atomic::AtomicUsize::new(0);
        let failing = |_: OutputFile, _: Piece| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Err("disk full".to_string())
        };
        let mut out = Chunked::new("big.html", &failing);
        let big = vec![b'x'; Chunked::<String>::SIZE + 1];
        assert!(io::Write::write_all(&mut out, &big).is_err());
        // Nothing more is sent once the sink failed.
        assert!(io::Write::write_all(&mut out, &big).is_err());
        assert_eq!(out.finish(), Err("disk full".to_string()));
        assert_eq!(calls.into_inner(), 1);
    }

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

    #[cfg(unix)]
    #[test]
    fn replacing_a_site_removes_its_links_not_what_they_point_at() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(outside.join("deep")).unwrap();
        std::fs::write(outside.join("deep/keep.txt"), b"keep").unwrap();
        std::fs::write(outside.join("file.txt"), b"keep").unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(out.join("briefs/nested")).unwrap();
        std::fs::write(out.join("briefs/nested/old.html"), b"old").unwrap();
        std::os::unix::fs::symlink(&outside, out.join("folder-link")).unwrap();
        std::os::unix::fs::symlink(outside.join("file.txt"), out.join("file-link")).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("briefs/inner-link")).unwrap();
        write_site(
            &out,
            &[OutputFile {
                path: "index.html".into(),
                bytes: b"new".to_vec(),
            }],
        )
        .unwrap();
        let left: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["index.html"]);
        assert_eq!(
            std::fs::read(outside.join("deep/keep.txt")).unwrap(),
            b"keep"
        );
        assert_eq!(std::fs::read(outside.join("file.txt")).unwrap(), b"keep");
        // Only the new site and the folder outside are left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
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
