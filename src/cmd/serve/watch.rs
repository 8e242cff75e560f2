//! File changes to rebuilds: a `notify` watcher behind a debouncer reports
//! changes to what a build reads (content/, templates/, static/, themes/,
//! briefbook.toml, the bibliography files it names, and the sources'
//! archive folder, which usually lies outside the project), and one thread rebuilds for each batch, so builds
//! never overlap. `site/` is never watched: a build must not trigger itself.
//! The thread holds [`Watcher::building`] while it builds, so that stopping
//! the server can wait for a build to finish instead of cutting it short.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use notify_debouncer_full::notify::{self, EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::live::Live;
use crate::cmd::Printing;
use crate::site::Session;

/// The folders under the project root whose files a build reads.
const SOURCE_FOLDERS: [&str; 4] = ["content", "templates", "static", "themes"];
const SETTINGS: &str = "briefbook.toml";

/// Long enough to gather an editor's save (write a temporary file, rename
/// it over the old one, set its mode) into one batch; short enough not to
/// be felt.
const DEBOUNCE: Duration = Duration::from_millis(100);

pub struct Watcher {
    root: PathBuf,
    /// The sources' archive folder, when there is one.
    archive: Option<PathBuf>,
    /// The bibliography files briefbook.toml named when the watch began.
    bibliographies: Vec<PathBuf>,
    /// Held while a build runs (its pages and search index together).
    building: Arc<Mutex<()>>,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    batches: mpsc::Receiver<DebounceEventResult>,
}

impl Watcher {
    /// Starts watching the project at `root` (an absolute path) and the
    /// archive folder, if any; changes queue up until
    /// [`Watcher::rebuild_on_change`].
    pub fn start(
        root: &Path,
        archive: Option<&Path>,
        bibliographies: &[PathBuf],
    ) -> notify::Result<Watcher> {
        let (sender, batches) = mpsc::channel();
        let mut debouncer = new_debouncer(DEBOUNCE, None, sender)?;
        // The root itself only one level deep: that sees briefbook.toml even
        // when an editor replaces it by a rename (which a watch on the file
        // would lose), and source folders created later, without watching
        // site/ or anything else beside them.
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        for folder in SOURCE_FOLDERS {
            let path = root.join(folder);
            if path.is_dir() {
                debouncer.watch(&path, RecursiveMode::Recursive)?;
            }
        }
        // An archive inside site/ would make every build trigger another.
        let archive = archive
            .filter(|a| a.is_dir() && !a.starts_with(root.join("site")))
            .map(Path::to_path_buf);
        if let Some(folder) = &archive {
            debouncer.watch(folder, RecursiveMode::Recursive)?;
        }
        // A bibliography's folder, not the file: editors and reference
        // managers replace the file by a rename, which a watch on it loses.
        // The root's own files are seen already.
        let bibliographies: Vec<PathBuf> = bibliographies.iter().map(|b| root.join(b)).collect();
        let mut folders = BTreeSet::new();
        for b in &bibliographies {
            if let Some(folder) = b.parent()
                && folder != root
                && folder.is_dir()
                && !folder.starts_with(root.join("site"))
                && folders.insert(folder.to_path_buf())
            {
                debouncer.watch(folder, RecursiveMode::NonRecursive)?;
            }
        }
        Ok(Watcher {
            root: root.to_path_buf(),
            archive,
            bibliographies,
            building: Arc::new(Mutex::new(())),
            debouncer,
            batches,
        })
    }

    /// Rebuilds with `session` after each batch of changes, on a thread of
    /// its own, and publishes every outcome. Returns the lock that the
    /// thread holds while it builds.
    pub fn rebuild_on_change(
        self,
        session: Session,
        live: Live,
        printing: Printing,
    ) -> Arc<Mutex<()>> {
        let building = Arc::clone(&self.building);
        std::thread::Builder::new()
            .name("briefbook-rebuild".into())
            .spawn(move || self.run(session, live, printing))
            .expect("the rebuild thread starts");
        building
    }

    fn run(mut self, mut session: Session, live: Live, printing: Printing) {
        while let Ok(batch) = self.batches.recv() {
            let mut changed = BTreeSet::new();
            self.collect(batch, &mut changed);
            // Changes that arrived during the last build go into this one.
            while let Ok(batch) = self.batches.try_recv() {
                self.collect(batch, &mut changed);
            }
            if changed.is_empty() {
                continue;
            }
            let changed: Vec<PathBuf> = changed.into_iter().collect();
            // A poisoned lock only means a build panicked; the next may not.
            let _building = self.building.lock().unwrap_or_else(|e| e.into_inner());
            println!("{}; rebuilding", self.describe(&changed));
            let rebuilt = session.rebuild(&changed);
            live.publish(&rebuilt, printing);
            // The pages are reloading; now the print edition, the manifest
            // and the feed, which show every entry and so take longest to
            // write. They have no live reload: a reader reloads by hand.
            if rebuilt.is_ok()
                && let Err(failed) = session.write_print_edition()
            {
                live.publish(&Err(failed), printing);
            }
        }
    }

    /// Adds the paths of a batch that a build reads.
    fn collect(&mut self, batch: DebounceEventResult, changed: &mut BTreeSet<PathBuf>) {
        let events = match batch {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: watching for changes: {e}");
                }
                return;
            }
        };
        for event in events {
            // Reading a file changes nothing; and the build itself reads
            // every source, which must not start another build.
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            for path in &event.paths {
                if !self.is_source(path) {
                    continue;
                }
                if self.is_new_source_folder(&event.kind, path)
                    && let Err(e) = self.debouncer.watch(path, RecursiveMode::Recursive)
                {
                    eprintln!("warning: cannot watch {}: {e}", path.display());
                }
                changed.insert(path.clone());
            }
        }
    }

    /// Whether a build reads `path`: briefbook.toml, anything in (or being)
    /// one of the source folders, a bibliography, or a file of the archive.
    fn is_source(&self, path: &Path) -> bool {
        if self.archive.as_ref().is_some_and(|a| path.starts_with(a))
            || self.bibliographies.iter().any(|b| b == path)
        {
            return true;
        }
        let Ok(relative) = path.strip_prefix(&self.root) else {
            return false;
        };
        let mut parts = relative.components();
        match parts.next() {
            Some(Component::Normal(first)) if first == SETTINGS => parts.next().is_none(),
            Some(Component::Normal(first)) => SOURCE_FOLDERS.iter().any(|f| first == *f),
            _ => false,
        }
    }

    /// A source folder that appeared after the watch began (created, or
    /// renamed into place) and so is not watched yet.
    fn is_new_source_folder(&self, kind: &EventKind, path: &Path) -> bool {
        let appeared = matches!(
            kind,
            EventKind::Create(_) | EventKind::Modify(notify::event::ModifyKind::Name(_))
        );
        appeared && path.parent() == Some(self.root.as_path()) && path.is_dir()
    }

    /// `content/briefs/a.md changed` or `3 files changed`, for the terminal.
    fn describe(&self, changed: &[PathBuf]) -> String {
        match changed {
            [one] => format!(
                "{} changed",
                one.strip_prefix(&self.root).unwrap_or(one).display()
            ),
            many => format!("{} files changed", many.len()),
        }
    }
}
