//! Writes the site atomically: everything goes into a temporary folder beside
//! the output folder, which replaces the old one only once every file is
//! written. A failed build leaves the previous site exactly as it was.
//!
//! An incremental rebuild instead changes the live folder file by file
//! ([`write_changes`]): each file is written beside its final place and
//! renamed over it, so a reader (the preview server) sees the old bytes or
//! the new, never a half-written page.

use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

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
/// place. Dropped without a commit, it leaves the previous site as it was.
///
/// The folder is the previous site but one, kept beside the output folder
/// as `.NAME-spare` (on Unix): its files are written over in place, those
/// the new site lacks are removed, and the site it replaces becomes the
/// next build's spare. A filesystem then reuses the same files' inodes and
/// blocks from build to build, instead of freeing 20,000 files and making
/// 20,000 new ones: on ext4 without a journal that churn, not the writing,
/// was most of the kernel's time (BENCHMARKS.md, session 22). Nothing in
/// the spare is trusted: a link is removed, never followed, and a file
/// with other names (a hard link) is replaced, not written through.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// Folders under `dir` already made, or found to be real folders, and
    /// each of their parents: each is checked once.
    made: Mutex<HashSet<PathBuf>>,
    /// The files written, when `dir` is a reused spare: the others are
    /// the spare's own, and go at the commit.
    written: Option<Mutex<HashSet<PathBuf>>>,
    committed: bool,
    /// The output's parent folder, locked until the staging folder is
    /// committed or gone (dropped after [`Drop::drop`] has run).
    _lock: Option<std::fs::File>,
}

impl Staging {
    /// A staging folder for `out`: the spare if there is one, else new.
    pub fn new(out: &Path) -> io::Result<Staging> {
        let parent = parent_of(out);
        std::fs::create_dir_all(parent)?;
        // One build at a time stages beside `out` (another waits here), so
        // any staging folder found beside it is an interrupted build's.
        let lock = lock_folder(parent);
        if lock.is_some() {
            clear_interrupted(out)?;
        }
        let dir = beside(out, &format!("new-{}", std::process::id()));
        if dir.symlink_metadata().is_ok() {
            remove_any(&dir)?;
        }
        let reused = claim_spare(&spare_of(out), &dir)?;
        if !reused {
            std::fs::create_dir_all(&dir)?;
        }
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            made: Default::default(),
            written: reused.then(Default::default),
            committed: false,
            _lock: lock,
        })
    }

    /// Writes one file of the new site; from any thread.
    pub fn write(&self, f: &OutputFile) -> io::Result<()> {
        self.write_piece(f, Piece::Start)
    }

    /// Writes a file of the new site, or appends the next part of one.
    pub fn write_piece(&self, f: &OutputFile, piece: Piece) -> io::Result<()> {
        let rel = safe_relative(&f.path)?;
        let path = self.dir.join(&rel);
        if piece == Piece::More {
            // Made by this build's `Start`: a plain file of ours.
            let mut file = std::fs::OpenOptions::new().append(true).open(path)?;
            return io::Write::write_all(&mut file, &f.bytes);
        }
        if let Some(dir) = rel.parent().filter(|d| !d.as_os_str().is_empty()) {
            self.make_folder(dir)?;
        }
        match &self.written {
            Some(written) => {
                lock(written).insert(rel);
                overwrite(&path, &f.bytes)
            }
            None => std::fs::write(path, &f.bytes),
        }
    }

    /// Makes the folder `rel` of the new site and its parents. In a reused
    /// spare, whatever stands in a folder's place (a file, a link) goes.
    fn make_folder(&self, rel: &Path) -> io::Result<()> {
        let mut made = lock(&self.made);
        if made.contains(rel) {
            return Ok(());
        }
        if self.written.is_none() {
            std::fs::create_dir_all(self.dir.join(rel))?;
            made.extend(rel.ancestors().map(Path::to_path_buf));
            return Ok(());
        }
        // Parents first, each checked once.
        let mut todo: Vec<&Path> = rel
            .ancestors()
            .filter(|a| !a.as_os_str().is_empty() && !made.contains(*a))
            .collect();
        while let Some(folder) = todo.pop() {
            let path = self.dir.join(folder);
            match path.symlink_metadata() {
                Ok(m) if m.is_dir() => {}
                Ok(_) => {
                    std::fs::remove_file(&path)?;
                    std::fs::create_dir(&path)?;
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => std::fs::create_dir(&path)?,
                Err(e) => return Err(e),
            }
            made.insert(folder.to_path_buf());
        }
        Ok(())
    }

    /// Replaces the output folder with everything written; the folder it
    /// replaces is kept as the next build's spare.
    pub fn commit(mut self) -> io::Result<()> {
        if let Some(written) = &self.written {
            remove_unwritten(&self.dir, Path::new(""), &lock(&self.made), &lock(written))?;
        }
        let old = beside(&self.out, &format!("old-{}", std::process::id()));
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
        if old.symlink_metadata().is_ok() && !keep_as_spare(&old, &spare_of(&self.out)) {
            remove_any(&old)?;
        }
        Ok(())
    }
}

/// Removes what the spare `root` holds under `rel` that the new site did
/// not write: files not in `written`, folders not in `made`.
fn remove_unwritten(
    root: &Path,
    rel: &Path,
    made: &HashSet<PathBuf>,
    written: &HashSet<PathBuf>,
) -> io::Result<()> {
    for entry in std::fs::read_dir(root.join(rel))? {
        let entry = entry?;
        let name = rel.join(entry.file_name());
        // The entry's own type: a link to a folder is a link.
        if entry.file_type()?.is_dir() {
            if made.contains(&name) {
                remove_unwritten(root, &name, made, written)?;
            } else {
                std::fs::remove_dir_all(entry.path())?;
            }
        } else if !written.contains(&name) {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Writes `bytes` as the file `path` of a reused spare: over the file
/// already there when it is a plain file with no other name, so that its
/// inode and blocks are reused; else in place of whatever is there.
#[cfg(unix)]
fn overwrite(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    // Never through a link; a FIFO must not block the open.
    let existing = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path);
    match existing {
        Ok(mut file) => {
            let meta = file.metadata()?;
            if meta.is_file() && meta.nlink() == 1 {
                io::Write::write_all(&mut file, bytes)?;
                if meta.len() > bytes.len() as u64 {
                    file.set_len(bytes.len() as u64)?;
                }
                return Ok(());
            }
            drop(file);
            remove_any(path)?;
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        // A link, a folder, a file that cannot be written: it goes.
        Err(_) => remove_any(path)?,
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    io::Write::write_all(&mut file, bytes)
}

#[cfg(not(unix))]
fn overwrite(path: &Path, bytes: &[u8]) -> io::Result<()> {
    std::fs::write(path, bytes)
}

/// Locks `folder` for this process (an advisory lock, released when the
/// handle closes, even when the process is killed); `None` where a folder
/// cannot be locked, and then nothing is cleared.
fn lock_folder(folder: &Path) -> Option<std::fs::File> {
    let handle = std::fs::File::open(folder).ok()?;
    handle.lock().ok()?;
    Some(handle)
}

/// What builds that were stopped before their commit or clean-up (Ctrl-C,
/// a kill) left beside `out`, with the folder locked, so that no running
/// build owns it: a site moved aside but not replaced is put back, the
/// first staging folder becomes the spare if there is none (it may be the
/// spare, taken), and the others go.
fn clear_interrupted(out: &Path) -> io::Result<()> {
    let name = name_of(out);
    let (new, old) = (format!(".{name}-new-"), format!(".{name}-old-"));
    let spare = spare_of(out);
    let mut found: Vec<(bool, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(parent_of(out))? {
        let entry = entry?;
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let (was_site, pid) = match (file_name.strip_prefix(&old), file_name.strip_prefix(&new)) {
            (Some(pid), _) => (true, pid),
            (_, Some(pid)) => (false, pid),
            _ => continue,
        };
        if !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) {
            found.push((was_site, entry.path()));
        }
    }
    // In a fixed order, so that two runs clear the same way.
    found.sort();
    for (was_site, path) in found {
        let restored =
            was_site && out.symlink_metadata().is_err() && std::fs::rename(&path, out).is_ok();
        if !restored && !keep_as_spare(&path, &spare) {
            remove_any(&path)?;
        }
    }
    Ok(())
}

/// The spare beside `out`: the previous site but one.
fn spare_of(out: &Path) -> PathBuf {
    beside(out, "spare")
}

/// `.NAME-WHAT` beside the output folder `out`.
fn beside(out: &Path, what: &str) -> PathBuf {
    parent_of(out).join(format!(".{}-{what}", name_of(out)))
}

/// Takes the spare as the staging folder `dir`; whether there was one.
/// The rename is atomic: of two builds at once, one gets it. Only a real
/// folder is kept (a link to one is removed, not followed).
fn claim_spare(spare: &Path, dir: &Path) -> io::Result<bool> {
    if !cfg!(unix) || std::fs::rename(spare, dir).is_err() {
        return Ok(false);
    }
    if dir.symlink_metadata()?.is_dir() {
        return Ok(true);
    }
    remove_any(dir)?;
    Ok(false)
}

/// Keeps the replaced site `old` as the spare, if none is there (another
/// build may have put one); whether it did.
fn keep_as_spare(old: &Path, spare: &Path) -> bool {
    cfg!(unix) && spare.symlink_metadata().is_err() && std::fs::rename(old, spare).is_ok()
}

/// Removes `path`, whatever it is; a link is removed, not followed.
fn remove_any(path: &Path) -> io::Result<()> {
    if path.symlink_metadata()?.is_dir() {
        remove_tree(path)
    } else {
        std::fs::remove_file(path)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
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
        if self.committed {
            return;
        }
        // A failed build gives the spare back (the next build writes over
        // or removes every file in it); a folder it made goes.
        let given_back = self.written.is_some() && keep_as_spare(&self.dir, &spare_of(&self.out));
        if !given_back {
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
        // Beside it, only the site it replaced, kept as the spare.
        assert_eq!(names_in(dir.path()), [".site-spare", "site"]);
    }

    fn file(path: &str, bytes: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.as_bytes().to_vec(),
        }
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Every file under `dir` (links and all, never followed), with its
    /// bytes; a link as `-> target`.
    fn tree_of(dir: &Path) -> Vec<(String, String)> {
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy();
            let ty = entry.file_type();
            if ty.is_symlink() {
                let target = std::fs::read_link(entry.path()).unwrap();
                files.push((rel.into_owned(), format!("-> {}", target.display())));
            } else if ty.is_file() {
                let bytes = std::fs::read(entry.path()).unwrap();
                files.push((rel.into_owned(), String::from_utf8(bytes).unwrap()));
            }
        }
        files
    }

    fn tree(files: &[(&str, &str)]) -> Vec<(String, String)> {
        files
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_string()))
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn a_build_writes_over_the_spare_in_place_and_removes_what_the_new_site_lacks() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let inode = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
        let first = [
            file("index.html", "first, a longer page"),
            file("briefs/a.html", "a1"),
            file("briefs/deep/c.html", "c1"),
            file("gone/x.html", "x1"),
        ];
        write_site(&out, &first).unwrap();
        let index_of_first = inode("index.html");
        write_site(&out, &[file("index.html", "second")]).unwrap();
        assert_eq!(tree_of(&out), tree(&[("index.html", "second")]));
        // The third build writes over the first one's folder.
        let third = [
            file("index.html", "third"),
            file("briefs/deep/c.html", "c3"),
            file("briefs/b.html", "b3"),
            file("search/0.json", "[]"),
        ];
        write_site(&out, &third).unwrap();
        assert_eq!(
            tree_of(&out),
            tree(&[
                ("briefs/b.html", "b3"),
                ("briefs/deep/c.html", "c3"),
                ("index.html", "third"),
                ("search/0.json", "[]"),
            ])
        );
        assert_eq!(inode("index.html"), index_of_first, "the file was reused");
        // The second site is the spare now, and nothing else is left.
        assert_eq!(names_in(dir.path()), [".site-spare", "site"]);
        assert_eq!(
            tree_of(&dir.path().join(".site-spare")),
            tree(&[("index.html", "second")])
        );
    }

    #[cfg(unix)]
    #[test]
    fn nothing_in_the_spare_is_followed_or_written_through() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(outside.join("folder")).unwrap();
        std::fs::write(outside.join("file.txt"), "keep").unwrap();
        std::fs::write(outside.join("linked.txt"), "keep").unwrap();
        std::fs::write(outside.join("folder/page.html"), "keep").unwrap();
        let before = tree_of(&outside);
        let spare = dir.path().join(".site-spare");
        std::fs::create_dir_all(spare.join("briefs")).unwrap();
        // A link where a file goes, and one where a folder goes.
        symlink(outside.join("file.txt"), spare.join("index.html")).unwrap();
        symlink(outside.join("folder"), spare.join("actors")).unwrap();
        symlink(&outside, spare.join("briefs/deep")).unwrap();
        // A second name of a file outside the site.
        std::fs::hard_link(outside.join("linked.txt"), spare.join("briefs/a.html")).unwrap();
        // A folder where a file goes, a file where a folder goes.
        std::fs::create_dir_all(spare.join("feed.xml/inner")).unwrap();
        std::fs::write(spare.join("search"), "a file").unwrap();
        // A named pipe, which would block a plain open for writing.
        let fifo = std::process::Command::new("mkfifo")
            .arg(spare.join("sitemap.xml"))
            .status()
            .unwrap();
        assert!(fifo.success());
        let out = dir.path().join("site");
        let files = [
            file("index.html", "new index"),
            file("actors/page.html", "new actor"),
            file("briefs/a.html", "new a"),
            file("briefs/deep/page.html", "new deep"),
            file("feed.xml", "new feed"),
            file("search/0.json", "new search"),
            file("sitemap.xml", "new sitemap"),
        ];
        write_site(&out, &files).unwrap();
        let want: Vec<(String, String)> = files
            .iter()
            .map(|f| (f.path.clone(), String::from_utf8(f.bytes.clone()).unwrap()))
            .collect();
        let mut got = tree_of(&out);
        got.sort();
        let mut want = want;
        want.sort();
        assert_eq!(got, want);
        assert_eq!(tree_of(&outside), before);
    }

    #[cfg(unix)]
    #[test]
    fn a_spare_that_is_a_link_is_removed_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("index.html"), "keep").unwrap();
        std::fs::write(outside.join("other.html"), "keep").unwrap();
        std::os::unix::fs::symlink(&outside, dir.path().join(".site-spare")).unwrap();
        let out = dir.path().join("site");
        write_site(&out, &[file("index.html", "new")]).unwrap();
        assert_eq!(tree_of(&out), tree(&[("index.html", "new")]));
        assert_eq!(
            tree_of(&outside),
            tree(&[("index.html", "keep"), ("other.html", "keep")])
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_build_over_the_spare_leaves_the_site_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &[file("index.html", "first")]).unwrap();
        write_site(&out, &[file("index.html", "second")]).unwrap();
        let staging = Staging::new(&out).unwrap();
        staging.write(&file("index.html", "half")).unwrap();
        staging.write(&file("new.html", "half")).unwrap();
        drop(staging);
        assert_eq!(tree_of(&out), tree(&[("index.html", "second")]));
        // The spare is given back for the next build, which still writes
        // exactly its own files.
        assert_eq!(names_in(dir.path()), [".site-spare", "site"]);
        write_site(&out, &[file("other.html", "third")]).unwrap();
        assert_eq!(tree_of(&out), tree(&[("other.html", "third")]));
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
        // Beside it, only the folder outside and the replaced site, kept
        // as the spare: its links are removed when it is next written over.
        assert_eq!(names_in(dir.path()), [".site-spare", "outside", "site"]);
    }

    #[cfg(unix)]
    #[test]
    fn what_stopped_builds_left_is_cleared_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        // The first site: no spare yet.
        write_site(&out, &[file("index.html", "live")]).unwrap();
        assert_eq!(names_in(dir.path()), ["site"]);
        // Two builds stopped before their commit: one had taken the spare.
        for (pid, page) in [("4242", "stale/a.html"), ("77", "b.html")] {
            let staging = dir.path().join(format!(".site-new-{pid}"));
            std::fs::create_dir_all(staging.join("stale")).unwrap();
            std::fs::write(staging.join(page), "half").unwrap();
        }
        // Not a staging folder's name: left alone.
        std::fs::create_dir_all(dir.path().join(".site-new-mine")).unwrap();
        std::fs::create_dir_all(dir.path().join(".site-newer")).unwrap();
        write_site(&out, &[file("index.html", "new")]).unwrap();
        assert_eq!(tree_of(&out), tree(&[("index.html", "new")]));
        assert_eq!(
            names_in(dir.path()),
            [".site-new-mine", ".site-newer", ".site-spare", "site"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_site_a_stopped_build_moved_aside_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        // Stopped between moving the site aside and putting the new one
        // in its place.
        let aside = dir.path().join(".site-old-4242");
        std::fs::create_dir_all(aside.join("briefs")).unwrap();
        std::fs::write(aside.join("briefs/a.html"), "previous").unwrap();
        std::fs::create_dir_all(dir.path().join(".site-new-4242")).unwrap();
        // A build that fails still finds the previous site in place.
        drop(Staging::new(&out).unwrap());
        assert_eq!(tree_of(&out), tree(&[("briefs/a.html", "previous")]));
        assert_eq!(names_in(dir.path()), [".site-spare", "site"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_second_build_waits_for_the_first_to_commit() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let first = Staging::new(&out).unwrap();
        first.write(&file("index.html", "first")).unwrap();
        let done = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|scope| {
            let second = scope.spawn(|| {
                write_site(&out, &[file("index.html", "second")]).unwrap();
                done.store(true, std::sync::atomic::Ordering::SeqCst);
            });
            std::thread::sleep(std::time::Duration::from_millis(300));
            // Still waiting: the first build's folder was not taken.
            assert!(!done.load(std::sync::atomic::Ordering::SeqCst));
            first.commit().unwrap();
            second.join().unwrap();
        });
        assert_eq!(tree_of(&out), tree(&[("index.html", "second")]));
        assert_eq!(names_in(dir.path()), [".site-spare", "site"]);
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
