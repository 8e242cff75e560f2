//! Incremental rebuilds for `briefbook serve`: after a few files changed,
//! redo only the work they affect, and write only the files whose bytes
//! changed into the live `site/`.
//!
//! Invariant: after every successful rebuild, `site/` (the search index
//! included) is byte for byte what a full [`site::build`] of the same input
//! writes, and the report lists the same diagnostics. Whatever
//! cannot be followed precisely falls back to a full build: settings,
//! templates, static files and themes, actors' names and aliases (they move
//! links in every body), folders appearing, paths outside the project.
//!
//! What is kept between runs, per content file: its load and front-matter
//! problems, its parsed entry and rendered body, its preview card, the
//! problems found in its body and quotations, and the ids its body looked up
//! (the cards of linked, cited and mentioned entries). A changed file is
//! re-read and re-rendered, and so is every body that looked up an id whose
//! card changed. Ids, references and backlinks are recomputed whole: they
//! are cheap next to rendering.
//!
//! Pages are chosen against what was last *written*: every entry changed
//! since then is pending until a rebuild succeeds, so a failed rebuild loses
//! nothing. A pending entry's page is rendered again, and so are the pages
//! of the entries whose backlinks it changed, and, if its title, summary or
//! date changed, the pages that show a link to it. The site-wide pages
//! (home, lists, timeline, network, search, 404) are rendered again when an
//! entry they show changed; every page, when the number of entries changed
//! (every footer shows it).
//!
//! The search index is updated after the pages, before `rebuild` returns, so
//! a reload always searches the current index: the session keeps the
//! [`search::Index`] state, hands it the search entries of the pending
//! entries, and writes the index files whose bytes changed, `meta.js` last.
//! It is built again whole after entries came, went or moved (see
//! `search/index.rs` for what else makes it so).
//!
//! What changed since the previous edition is compared again on every run
//! (hashing every entry's text, in parallel), against the previous edition
//! read once when the session started: `changes.html`, `edition.json` and
//! the feed are rendered again with any pending edit, the home page when
//! the counts changed, an entry's page when its "changed" note did, and
//! every page when the baseline itself did (the navigation links the page
//! only when there is one).

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Severity};
use crate::front_matter;
use crate::load;
use crate::markdown::{Card, Lookup, MentionMatcher, Rendered};
use crate::model::{Archives, Backlink, Backlinks, Config, Entry, FileRole, Kind, SiteData};
use crate::output::{self, OutputFile};
use crate::pages::{self, PageSet};
use crate::resolve;
use crate::search;
use crate::site::{self, BuildOptions, Report};
use crate::templates::Theme;

/// What the last run did, for the preview's log and the latency benchmark.
#[derive(Debug, Clone, Default)]
pub struct RebuildStats {
    /// The run rebuilt everything (first build or a fallback).
    pub full: bool,
    /// Bodies rendered to HTML again.
    pub bodies_rendered: usize,
    /// Pages rendered by the templates.
    pub pages_rendered: usize,
    /// Files written (pages whose bytes changed) and removed.
    pub files_written: usize,
    pub files_removed: usize,
    /// Search index files written (included in `files_written`).
    pub search_files_written: usize,
    /// The search index was built whole.
    pub search_whole: bool,
}

/// The state a [`crate::site::Session`] keeps between runs.
#[derive(Default)]
pub struct Incremental {
    state: Option<State>,
    stats: RebuildStats,
}

/// Output path (relative to the site root) to a hash of its bytes.
type OutputRecord = HashMap<String, u64>;

/// Everything known about the input as last read, and about the output as
/// last written.
struct State {
    theme: Theme,
    /// Every file under content/, by its path relative to the project root;
    /// the map's order is the order a build reads them.
    files: BTreeMap<PathBuf, Slot>,
    /// The entries in path order, their rendered bodies, ids, cards and
    /// backlinks: what pages are rendered from.
    data: Arc<SiteData>,
    /// Where each parsed entry is in `data.entries`.
    index: HashMap<PathBuf, usize>,
    /// Ids used twice, found when the entries last moved.
    id_problems: Vec<Diagnostic>,
    /// Per entry index, the entries whose backlinks it is in.
    backlink_targets: HashMap<usize, BTreeSet<usize>>,
    unparsed: HashSet<String>,
    /// Ids of the internal entries that this (public) edition leaves out.
    withheld: HashSet<String>,
    names: Vec<(String, Vec<String>)>,
    matcher: MentionMatcher,
    /// Per id, the entries whose bodies looked it up.
    dependents: HashMap<String, BTreeSet<PathBuf>>,
    /// Entries whose bodies compared an unknown id with every id.
    compare_all_ids: BTreeSet<PathBuf>,
    /// The sources' archived texts, and what reading them found wrong.
    archives: Option<Archives>,
    archive_problems: Vec<Diagnostic>,
    /// The archive files' sizes and times, to notice a change without
    /// reading them.
    archive_stamp: u64,
    /// A fingerprint of the archived texts and of which sources name them.
    archive_texts: Option<u64>,
    /// Where the quotations were found in the texts, for the source
    /// reader, and the `archive_texts` it holds for.
    located: crate::reader::Located,
    located_for: Option<u64>,
    /// The reader's warnings, as of its last [`crate::reader::build`].
    reader_problems: Vec<Diagnostic>,
    /// Entries changed since the output was last written.
    pending: BTreeSet<PathBuf>,
    written: Written,
    /// The search index as last written, kept to be updated.
    search: Option<search::Index>,
    /// Entries came, went or changed places since the index was written:
    /// it is built again whole.
    search_whole: bool,
    /// The search index files in `site/search/`.
    search_files: OutputRecord,
    /// The print edition's sections, to render only the changed ones again.
    print_sections: pages::print::Sections,
    /// An incremental rebuild left the print edition for later
    /// ([`Incremental::write_print_edition`]).
    print_pending: bool,
    /// The last update failed: the data is not what `site/` shows, and the
    /// print edition waits for a good one.
    failed: bool,
    /// The previous edition, as read when the session's first build began.
    previous: Arc<crate::changes::PreviousEdition>,
}

/// What is known of one content file.
#[derive(Default)]
struct Slot {
    /// A hash of the text read, to tell an edit from a mere touch.
    text: Option<u64>,
    load_problem: Option<Diagnostic>,
    front_matter_problems: Vec<Diagnostic>,
    /// The id of a file whose front-matter failed.
    unparsed: Option<String>,
    /// The id of an internal entry that this edition leaves out.
    withheld: Option<String>,
    card: Option<Card>,
    body_problems: Vec<Diagnostic>,
    quotation_problems: Vec<Diagnostic>,
}

/// What the pages in `site/` were rendered from.
#[derive(Default)]
struct Written {
    /// The whole site was written by this session: until then, `site/` may
    /// hold anything, and the first good run replaces it whole.
    complete: bool,
    files: OutputRecord,
    entries: HashMap<PathBuf, WrittenEntry>,
    counts: u64,
    /// What the pages showed of the changes since the previous edition.
    changes: ChangesShown,
}

/// What pages other than `changes.html` show of the changes: the
/// baseline's date (every page's navigation) and each entry's status (its
/// page's note, and the home page's counts).
#[derive(Default, PartialEq)]
struct ChangesShown {
    since: Option<Option<String>>,
    statuses: BTreeMap<(Kind, String), crate::changes::Status>,
    removed: usize,
}

fn changes_shown(data: &SiteData) -> ChangesShown {
    let c = &data.changes;
    ChangesShown {
        since: c.baseline.as_ref().map(|b| b.edition.date.clone()),
        statuses: c
            .current
            .keys()
            .filter_map(|k| Some((k.clone(), c.status(k.0, &k.1)?)))
            .collect(),
        removed: c.removed().count(),
    }
}

/// What other pages showed of an entry when they were last written.
#[derive(Clone, PartialEq)]
struct WrittenEntry {
    /// Its page; `None` for the home page's text, which has none.
    url: Option<String>,
    /// Its kind; `None` for the home page's text.
    kind: Option<Kind>,
    /// Its link as lists and cards show it.
    link: u64,
    /// What the site-wide pages show of it.
    site: u64,
    /// What the actor network shows of it: the actors it names, by kind.
    cast: u64,
    /// Per id it refers to, what the backlinks on that id's page show of it.
    contributions: BTreeMap<String, u64>,
}

/// How one reported path bears on the build.
enum Change {
    Content(PathBuf),
    /// Inside the output folder: the build's own writing.
    Ignore,
    Everything,
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

fn bytes_hash(bytes: &[u8]) -> u64 {
    hash_of(bytes)
}

impl Incremental {
    /// What the last run did.
    pub fn stats(&self) -> &RebuildStats {
        &self.stats
    }

    /// Builds everything, and keeps what later rebuilds need.
    pub fn build(&mut self, options: &BuildOptions) -> Result<Report, Report> {
        self.state = None;
        self.stats = RebuildStats {
            full: true,
            ..RebuildStats::default()
        };
        let started = Instant::now();
        let content = options.root.join("content");
        let mut problems = Vec::new();
        let config = Config::load(&options.root);
        let theme = Theme::load(&options.root);
        let paths = if content.is_dir() {
            load::content_paths(&content, &options.root, &mut problems)
        } else {
            Vec::new()
        };
        // Anything wrong with the project as a whole: the plain build reports
        // it, and the next run starts from scratch again.
        // Sources from bibliography files, and references formatted in a
        // citation style, depend on more than one content file each: such a
        // site is rebuilt whole on every change (`state` stays `None`).
        let whole = config
            .as_ref()
            .is_ok_and(|c| !c.bibliography.is_empty() || c.csl.is_some());
        let (Ok(config), Ok(theme), true, true, true, false) = (
            config,
            theme,
            content.is_dir(),
            problems.is_empty(),
            crate::freshness::today().is_ok(),
            whole,
        ) else {
            return site::build(options);
        };
        let matcher = MentionMatcher::new(&[]);
        let mut state = State {
            theme,
            files: BTreeMap::new(),
            data: Arc::new(SiteData {
                config,
                entries: Vec::new(),
                rendered: Vec::new(),
                ids: HashMap::new(),
                cards: HashMap::new(),
                backlinks: Backlinks::default(),
                live_reload: options.live_reload,
                edition: options.edition,
                changes: Default::default(),
                readers: Default::default(),
            }),
            index: HashMap::new(),
            id_problems: Vec::new(),
            backlink_targets: HashMap::new(),
            unparsed: HashSet::new(),
            withheld: HashSet::new(),
            names: Vec::new(),
            matcher,
            dependents: HashMap::new(),
            compare_all_ids: BTreeSet::new(),
            archives: None,
            archive_problems: Vec::new(),
            archive_stamp: 0,
            archive_texts: None,
            located: Default::default(),
            located_for: None,
            reader_problems: Vec::new(),
            pending: BTreeSet::new(),
            written: Written::default(),
            search: None,
            search_whole: true,
            search_files: OutputRecord::new(),
            print_sections: pages::print::Sections::default(),
            print_pending: false,
            failed: false,
            previous: options.previous.read(),
        };
        let changed: Vec<PathBuf> = paths
            .iter()
            .map(|p| p.strip_prefix(&options.root).unwrap_or(p).to_path_buf())
            .collect();
        let result = state.update(options, &changed, true, started, &mut self.stats);
        state.failed = result.is_err();
        match result {
            Ok(report) => {
                self.state = Some(state);
                Ok(report)
            }
            Err(Failure::Report(report)) => {
                self.state = Some(state);
                Err(report)
            }
            Err(Failure::Full) => unreachable!("a full build does not fall back"),
            Err(Failure::Write(report)) => Err(report),
        }
    }

    /// Builds again after the files `changed` were created, modified or
    /// removed (paths absolute or relative to the project root).
    pub fn rebuild(
        &mut self,
        options: &BuildOptions,
        changed: &[PathBuf],
    ) -> Result<Report, Report> {
        let started = Instant::now();
        let Some(state) = &mut self.state else {
            return self.build(options);
        };
        let mut content = Vec::new();
        for path in changed {
            match classify(&options.root, options.output.as_deref(), path) {
                Change::Content(rel) => content.push(rel),
                Change::Ignore => {}
                Change::Everything => return self.build(options),
            }
        }
        content.sort();
        content.dedup();
        self.stats = RebuildStats::default();
        let result = state.update(options, &content, false, started, &mut self.stats);
        state.failed = result.is_err();
        match result {
            Ok(report) => Ok(report),
            Err(Failure::Report(report)) => Err(report),
            Err(Failure::Full) => self.build(options),
            Err(Failure::Write(report)) => {
                self.state = None;
                Err(report)
            }
        }
    }
}

impl Incremental {
    /// Renders and writes the print edition when the last rebuilds left it
    /// for later, after a good rebuild; returns the paths of the files
    /// written (none when there was nothing to do or no byte changed).
    pub fn write_print_edition(&mut self, options: &BuildOptions) -> Result<Vec<String>, Report> {
        let started = Instant::now();
        let Some(state) = &mut self.state else {
            return Ok(Vec::new());
        };
        let Some(out) = options.output.as_deref() else {
            return Ok(Vec::new());
        };
        if !state.print_pending || state.failed {
            return Ok(Vec::new());
        }
        let files = pages::render_print_edition(&state.data, &state.theme, &state.print_sections)
            .map_err(|diagnostics| Report {
            pages: 0,
            diagnostics,
            elapsed: started.elapsed(),
            stages: Vec::new(),
        })?;
        let changed: Vec<OutputFile> = files
            .into_iter()
            .filter(|f| state.written.files.get(&f.path) != Some(&bytes_hash(&f.bytes)))
            .collect();
        if let Err(e) = output::write_changes(out, &changed, &[]) {
            self.state = None;
            return Err(write_failure(
                out,
                e,
                Vec::new(),
                started,
                vec![("print", started.elapsed())],
            ));
        }
        state.print_pending = false;
        for f in &changed {
            state
                .written
                .files
                .insert(f.path.clone(), bytes_hash(&f.bytes));
        }
        Ok(changed.into_iter().map(|f| f.path).collect())
    }
}

/// Why an update did not finish.
enum Failure {
    /// The input has errors: nothing was written.
    Report(Report),
    /// The change cannot be followed incrementally.
    Full,
    /// Writing failed part-way: what is on disk is unknown.
    Write(Report),
}

/// Where a reported path sits in the project.
fn classify(root: &Path, output: Option<&Path>, path: &Path) -> Change {
    let mut roots = vec![root.to_path_buf()];
    if let Ok(r) = root.canonicalize() {
        roots.push(r);
    }
    let mut candidates = vec![path.to_path_buf()];
    // The watcher may report the real path where the root was given through
    // a symbolic link, or the other way round; the file may be gone, so the
    // folder is resolved.
    if let (Some(parent), Some(name)) = (path.parent(), path.file_name())
        && let Ok(p) = parent.canonicalize()
    {
        candidates.push(p.join(name));
    }
    let relative = if path.is_absolute() {
        candidates
            .iter()
            .find_map(|c| roots.iter().find_map(|r| c.strip_prefix(r).ok()))
            .map(Path::to_path_buf)
    } else {
        Some(path.to_path_buf())
    };
    let Some(rel) = relative else {
        return Change::Everything;
    };
    if let Some(out) = output {
        let out_rel = out.strip_prefix(root).unwrap_or(out);
        if rel.starts_with(out_rel) || path.starts_with(out) {
            return Change::Ignore;
        }
    }
    let plain = rel.components().all(|c| matches!(c, Component::Normal(_)));
    let mut parts = rel.components();
    match (plain, parts.next(), parts.next()) {
        (true, Some(first), Some(_)) if first.as_os_str() == "content" => Change::Content(rel),
        _ => Change::Everything,
    }
}

impl State {
    /// Reads the `changed` content files again and redoes what depends on
    /// them; with `full`, everything is new and every page is rendered.
    fn update(
        &mut self,
        options: &BuildOptions,
        changed: &[PathBuf],
        full: bool,
        started: Instant,
        stats: &mut RebuildStats,
    ) -> Result<Report, Failure> {
        let mut stages: Vec<(&'static str, Duration)> = Vec::new();
        let mut t = Instant::now();
        let mut timed = |name: &'static str, since: &mut Instant| {
            stages.push((name, since.elapsed()));
            *since = Instant::now();
        };
        let root = &options.root;
        let content = root.join("content");

        // Load: the changed files again; a folder appearing means a walk.
        let mut expanded: Vec<PathBuf> = Vec::new();
        for rel in changed {
            let abs = root.join(rel);
            if abs.is_dir() {
                return Err(Failure::Full);
            }
            if !abs.exists() {
                // A removed folder takes every file under it.
                let under: Vec<PathBuf> = self
                    .files
                    .range(rel.clone()..)
                    .map(|(p, _)| p)
                    .take_while(|p| p.starts_with(rel))
                    .cloned()
                    .collect();
                if under.len() > 1 || under.first().is_some_and(|p| p != rel) {
                    expanded.extend(under);
                    continue;
                }
            }
            expanded.push(rel.clone());
        }
        expanded.sort();
        expanded.dedup();
        let loaded: Vec<(PathBuf, Option<Result<load::LoadedFile, Diagnostic>>)> = expanded
            .par_iter()
            .map(|rel| {
                let abs = root.join(rel);
                let read = abs
                    .is_file()
                    .then(|| load::load_file(&abs, &content, root))
                    .and_then(|r| r.transpose());
                (rel.clone(), read)
            })
            .collect();
        timed("load", &mut t);

        // Front-matter of the files whose text changed, in parallel. An
        // invalid BRIEFBOOK_TODAY is reported by the full build that starts
        // every session; here it only means no overdue warnings.
        let today = crate::freshness::today().ok();
        enum Read {
            Gone,
            Unchanged,
            Slot(Box<(Slot, Option<Entry>)>),
        }
        let files = &self.files;
        let reads: Vec<(PathBuf, Read)> = loaded
            .into_par_iter()
            .map(|(rel, read)| {
                let read = match read {
                    None => Read::Gone,
                    Some(Err(d)) => Read::Slot(Box::new((
                        Slot {
                            load_problem: Some(d),
                            ..Slot::default()
                        },
                        None,
                    ))),
                    Some(Ok(f)) => {
                        let text = bytes_hash(f.file.text.as_bytes());
                        if !full && files.get(&rel).and_then(|s| s.text) == Some(text) {
                            Read::Unchanged
                        } else {
                            let mut problems = Vec::new();
                            let parsed = front_matter::parse(&f.file, f.role, &mut problems);
                            let mut slot = Slot {
                                text: Some(text),
                                front_matter_problems: problems,
                                ..Slot::default()
                            };
                            let entry = match parsed {
                                Some(parsed) => {
                                    let entry = Entry {
                                        role: f.role,
                                        id: f.id,
                                        file: f.file,
                                        parsed,
                                    };
                                    slot.front_matter_problems.extend(today.and_then(|t| {
                                        crate::freshness::overdue_warning(&entry, t)
                                    }));
                                    if site::shown_in(&entry, options.edition) {
                                        slot.card = Some(site::card_of(&entry));
                                        Some(entry)
                                    } else {
                                        slot.withheld = Some(entry.id.to_string());
                                        None
                                    }
                                }
                                None => {
                                    slot.unparsed = Some(f.id.to_string());
                                    None
                                }
                            };
                            Read::Slot(Box::new((slot, entry)))
                        }
                    }
                };
                (rel, read)
            })
            .collect();
        let mut edited: BTreeSet<PathBuf> = BTreeSet::new();
        let mut new_entries: HashMap<PathBuf, Entry> = HashMap::new();
        let mut removed: BTreeSet<PathBuf> = BTreeSet::new();
        for (rel, read) in reads {
            match read {
                Read::Unchanged => {}
                Read::Gone => {
                    if self.files.remove(&rel).is_some() {
                        removed.insert(rel.clone());
                        edited.insert(rel);
                    }
                }
                Read::Slot(read) => {
                    let (slot, entry) = *read;
                    if self.files.insert(rel.clone(), slot).is_some() {
                        removed.insert(rel.clone());
                    }
                    if let Some(entry) = entry {
                        new_entries.insert(rel.clone(), entry);
                    }
                    edited.insert(rel);
                }
            }
        }
        // `removed` now holds every path whose old entry (if any) goes.
        let moved = self.replace_entries(&removed, new_entries);
        timed("front-matter", &mut t);

        // Ids, references and cards. With the same entries at the same
        // places (edits only), ids and their problems are as they were, and
        // only the edited entries' cards can change.
        let data = Arc::get_mut(&mut self.data).expect("the pages are rendered");
        let mut global = Vec::new();
        let old_unparsed = std::mem::take(&mut self.unparsed);
        self.unparsed = self
            .files
            .values()
            .filter_map(|s| s.unparsed.clone())
            .collect();
        let old_withheld = std::mem::take(&mut self.withheld);
        self.withheld = self
            .files
            .values()
            .filter_map(|s| s.withheld.clone())
            .collect();
        let same_places = !full && !moved;
        self.search_whole |= !same_places;
        if !same_places {
            self.id_problems.clear();
            data.ids = resolve::check_unique_ids(&data.entries, &mut self.id_problems);
        }
        global.extend(self.id_problems.iter().cloned());
        resolve::check_references(
            &data.entries,
            &data.ids,
            &self.unparsed,
            &self.withheld,
            &data.config,
            &mut global,
        );
        let mut looked_up_changed: BTreeSet<String> = self
            .unparsed
            .symmetric_difference(&old_unparsed)
            .chain(self.withheld.symmetric_difference(&old_withheld))
            .cloned()
            .collect();
        let mut ids_changed = false;
        if same_places {
            for path in &edited {
                let Some(&i) = self.index.get(path) else {
                    continue;
                };
                let id = data.entries[i].id.as_str();
                if data.ids.get(id) != Some(&i) {
                    continue;
                }
                let card = self.files.get(path).and_then(|s| s.card.clone());
                if data.cards.get(id) != card.as_ref() {
                    looked_up_changed.insert(id.to_string());
                    match card {
                        Some(c) => data.cards.insert(id.to_string(), c),
                        None => data.cards.remove(id),
                    };
                }
            }
        } else {
            let cards: HashMap<String, Card> = data
                .ids
                .iter()
                .filter_map(|(id, &i)| {
                    let path = &data.entries[i].file.path;
                    Some((id.clone(), self.files.get(path)?.card.clone()?))
                })
                .collect();
            let old_cards = std::mem::replace(&mut data.cards, cards);
            for (id, card) in &data.cards {
                if old_cards.get(id) != Some(card) {
                    looked_up_changed.insert(id.clone());
                }
            }
            for id in old_cards.keys() {
                if !data.cards.contains_key(id) {
                    looked_up_changed.insert(id.clone());
                }
            }
            ids_changed = old_cards.len() != data.cards.len()
                || data
                    .cards
                    .iter()
                    .any(|(id, c)| old_cards.get(id).is_none_or(|o| o.kind != c.kind));
        }
        timed("references", &mut t);

        // Bodies: the edited ones, and those that looked up what changed.
        let names = site::mention_names(&data.entries);
        if names != self.names {
            if !full {
                return Err(Failure::Full);
            }
            self.matcher = MentionMatcher::new(&names);
            self.names = names;
        }
        let mut render: BTreeSet<PathBuf> = edited
            .iter()
            .filter(|p| self.index.contains_key(*p))
            .cloned()
            .collect();
        for id in &looked_up_changed {
            if let Some(paths) = self.dependents.get(id) {
                render.extend(paths.iter().cloned());
            }
        }
        if ids_changed {
            render.extend(self.compare_all_ids.iter().cloned());
        }
        render.retain(|p| self.index.contains_key(p));
        let lookup = Lookup {
            cards: &data.cards,
            mentions: &self.matcher,
            unparsed: &self.unparsed,
            withheld: &self.withheld,
            edition: options.edition,
        };
        let mention_links = data.config.mention_links;
        let jobs: Vec<(PathBuf, usize)> =
            render.iter().map(|p| (p.clone(), self.index[p])).collect();
        let rerendered: Vec<usize> = jobs.iter().map(|(_, i)| *i).collect();
        let mut fresh: Vec<(usize, Rendered)> = jobs
            .par_iter()
            .map(|(_, i)| {
                (
                    *i,
                    site::render_entry(&data.entries[*i], &lookup, mention_links),
                )
            })
            .collect();
        stats.bodies_rendered = fresh.len();
        for ((path, _), (i, r)) in jobs.iter().zip(fresh.iter_mut()) {
            let old = std::mem::take(&mut data.rendered[*i]);
            for id in &old.lookups {
                if let Some(set) = self.dependents.get_mut(id) {
                    set.remove(path);
                }
            }
            // Figures' quotations are checked against their sources too.
            let figures = data.entries[*i].parsed.figures.iter().map(|f| &f.source);
            for id in r.lookups.iter().chain(figures) {
                self.dependents
                    .entry(id.clone())
                    .or_default()
                    .insert(path.clone());
            }
            if r.compared_all_ids {
                self.compare_all_ids.insert(path.clone());
            } else {
                self.compare_all_ids.remove(path);
            }
            let mut problems = Vec::new();
            site::take_body_diagnostics(&data.entries[*i], r, &mut problems);
            if let Some(slot) = self.files.get_mut(path) {
                slot.body_problems = problems;
            }
        }
        for (i, r) in fresh {
            data.rendered[i] = r;
        }
        for path in &removed {
            if !self.index.contains_key(path) {
                self.compare_all_ids.remove(path);
            }
        }
        timed("markdown", &mut t);

        // Quotations: every entry when an archive changed, else the bodies
        // rendered again.
        let stamp = archive_stamp(options, data);
        let sources_edited = edited.iter().any(|p| {
            self.index
                .get(p)
                .is_some_and(|&i| data.entries[i].kind() == Some(Kind::Source))
        });
        if full || sources_edited || stamp != self.archive_stamp {
            self.archive_problems.clear();
            self.archives = site::load_archives(
                options,
                &data.config,
                &data.entries,
                &mut self.archive_problems,
            );
            self.archive_stamp = stamp;
        }
        global.extend(self.archive_problems.iter().cloned());
        let fingerprint = self.archives.as_ref().map(|a| {
            let mut keys: Vec<(&str, Option<u64>)> = a
                .iter()
                .map(|(id, text)| {
                    let text = text.as_ref().map(|t| bytes_hash(t.text().as_bytes()));
                    (id.as_str(), text)
                })
                .collect();
            keys.sort_unstable();
            hash_of(keys)
        });
        // Numbers also depend on the years of events' and sources' dates.
        let years = crate::claims::YearsGiven::of(&data.entries);
        let fingerprint = Some(hash_of((fingerprint, &years, source_dates(data))));
        let recheck: Vec<(PathBuf, usize)> = if full || fingerprint != self.archive_texts {
            self.index.iter().map(|(p, &i)| (p.clone(), i)).collect()
        } else {
            jobs
        };
        let numbers = crate::claims::Context {
            entries: &data.entries,
            ids: &data.ids,
            archives: self.archives.as_ref(),
            years: &years,
            edition: options.edition,
        };
        let found: Vec<(PathBuf, Vec<Diagnostic>)> = recheck
            .par_iter()
            .map(|(p, i)| {
                let e = &data.entries[*i];
                let mut d = match &self.archives {
                    Some(archives) => site::quotation_diagnostics(
                        e,
                        &data.rendered[*i],
                        &data.entries,
                        &data.ids,
                        archives,
                    ),
                    None => Vec::new(),
                };
                d.extend(crate::claims::number_diagnostics(e, &numbers));
                (p.clone(), d)
            })
            .collect();
        for (p, d) in found {
            if let Some(slot) = self.files.get_mut(&p) {
                slot.quotation_problems = d;
            }
        }
        self.archive_texts = fingerprint;
        timed("quotations", &mut t);

        // The reader depends on every quotation. While the sources and
        // their texts stay as they were, the places of the entries rendered
        // again are taken out and put back; else it is put together again,
        // each quotation found in its text once per session (while the
        // texts stay the same). While any source's text is published every
        // page is rendered, as the passages' places and the notes' "read in
        // context" links can move with any edit.
        let data = Arc::get_mut(&mut self.data).expect("the pages are rendered");
        let published_before = data.readers.values().any(|r| r.published);
        let sources_as_they_were = same_places
            && self.located_for == self.archive_texts
            && !rerendered
                .iter()
                .any(|&i| data.entries[i].kind() == Some(Kind::Source));
        let folder = site::archive_folder(options, &data.config);
        let archives = self.archives.as_ref();
        let build_reader = |data: &SiteData, located: &mut _, problems: &mut _| {
            crate::reader::build(
                &data.config,
                &data.entries,
                &data.rendered,
                &data.ids,
                archives,
                folder.as_deref(),
                located,
                problems,
            )
        };
        if sources_as_they_were {
            crate::reader::patch(
                &mut data.readers,
                &data.entries,
                &data.rendered,
                &data.ids,
                &mut self.located,
                &rerendered,
            );
            // Patching must give what building does: checked in debug
            // builds, which the tests run.
            debug_assert_eq!(
                data.readers,
                build_reader(data, &mut Default::default(), &mut Vec::new()),
                "the patched reader"
            );
        } else {
            if self.located_for != self.archive_texts {
                self.located.clear();
                self.located_for = self.archive_texts;
            }
            self.reader_problems.clear();
            data.readers = build_reader(data, &mut self.located, &mut self.reader_problems);
        }
        global.extend(self.reader_problems.iter().cloned());
        let reader_pages = published_before || data.readers.values().any(|r| r.published);
        timed("reader", &mut t);

        if same_places {
            for &from in &rerendered {
                self.patch_backlinks(from);
            }
        } else {
            let data = Arc::get_mut(&mut self.data).expect("the pages are rendered");
            data.backlinks = resolve::build_backlinks(&data.entries, &data.rendered, &data.ids);
            self.backlink_targets = backlink_targets(&data.backlinks);
        }
        timed("backlinks", &mut t);

        self.pending.extend(edited);
        self.pending.extend(render);

        if same_places {
            let data = Arc::get_mut(&mut self.data).expect("the pages are rendered");
            let mut changes = std::mem::take(&mut data.changes);
            changes.refresh(data, &self.previous, &rerendered);
            data.changes = changes;
        } else {
            let changes = crate::changes::Changes::compute(&self.data, &self.previous);
            Arc::get_mut(&mut self.data)
                .expect("the pages are rendered")
                .changes = changes;
        }
        timed("changes", &mut t);

        // Every problem, as a full build reports them.
        let mut all = global;

        for slot in self.files.values() {
            all.extend(slot.load_problem.iter().cloned());
            all.extend(slot.front_matter_problems.iter().cloned());
            all.extend(slot.body_problems.iter().cloned());
            all.extend(slot.quotation_problems.iter().cloned());
        }
        let mut diagnostics = Diagnostics::default();
        diagnostics.extend(all);
        if options.strict {
            diagnostics.promote(|d| d.code.is_some_and(Code::promoted_by_strict));
        }
        let diagnostics = diagnostics.sorted();
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(Failure::Report(Report {
                pages: 0,
                diagnostics,
                elapsed: started.elapsed(),
                stages,
            }));
        }
        // Said only when the build succeeds, as a full build does.
        let diagnostics = match crate::changes::previous_problem(
            &self.previous,
            crate::changes::kind_name(options.edition),
        ) {
            Some(problem) => {
                let mut d = Diagnostics::default();
                d.extend(diagnostics);
                d.extend([problem]);
                d.sorted()
            }
            None => diagnostics,
        };

        // Pages: those whose inputs changed since they were written.
        let data = Arc::clone(&self.data);
        let index = &self.index;
        let snapshots: HashMap<PathBuf, WrittenEntry> = self
            .pending
            .par_iter()
            .filter_map(|p| Some((p.clone(), snapshot(&data, *index.get(p)?)?)))
            .collect();
        // The edition's date is in every brief's age line: when it moves
        // (a brief's as_of becomes the latest), every page is rendered.
        let counts = hash_of((counts(&data), data.edition_date()));
        let shown = changes_shown(&data);
        let replace_all = full || !self.written.complete;
        let all_pages = replace_all
            || reader_pages
            || counts != self.written.counts
            || shown.since != self.written.changes.since;
        let (mut wanted, mut site_pages) = self.pages_to_render(&data, &snapshots);
        if !self.pending.is_empty() || shown != self.written.changes {
            site_pages.extend(
                [
                    crate::changes::PAGE,
                    crate::changes::MANIFEST,
                    crate::feeds::FEED,
                ]
                .map(String::from),
            );
        }
        // One small page that every quotation can change: rendered each
        // time, and written only if its bytes did.
        if options.edition == crate::model::Edition::Internal {
            site_pages.insert(crate::reader::COVERAGE_PAGE.into());
        }
        if (&shown.statuses, shown.removed)
            != (&self.written.changes.statuses, self.written.changes.removed)
        {
            site_pages.insert("index.html".into());
            let old = &self.written.changes.statuses;
            for (key, status) in &shown.statuses {
                if old.get(key) != Some(status) {
                    wanted.extend(data.ids.get(&key.1).copied());
                }
            }
            for key in old.keys() {
                if !shown.statuses.contains_key(key) {
                    wanted.extend(data.ids.get(&key.1).copied());
                }
            }
        }
        // The print edition shows every entry: on a large site writing it
        // costs more than all the other pages of an edit together, so an
        // incremental rebuild leaves it for `write_print_edition`, after the
        // pages the editor is looking at are written.
        let later = !all_pages && options.output.is_some();
        let set = PageSet {
            entries: (!all_pages).then_some(&wanted),
            site_pages: (!all_pages).then_some(&site_pages),
            print_sections: Some(&self.print_sections),
            print: if later {
                pages::PrintEdition::Later
            } else {
                pages::PrintEdition::WithPages
            },
        };
        if !later {
            self.print_pending = false;
        } else if !wanted.is_empty() || !site_pages.is_empty() {
            self.print_pending = true;
        }
        // The search index's update is worked out while the pages render
        // (the index is written after them, so it never lists a page that
        // is not there yet). Nothing pending: no entry changed, nor its
        // index entry.
        let index_edits = (!replace_all && !self.pending.is_empty() && options.output.is_some())
            .then(|| -> Vec<usize> {
                self.pending
                    .iter()
                    .filter_map(|p| self.index.get(p).copied())
                    .collect()
            });
        let (rendered_pages, search_update) = rayon::join(
            || pages::render_pages(&data, &self.theme, set),
            || {
                index_edits.map(|edited| {
                    search_update(&mut self.search, self.search_whole, &data, &edited)
                })
            },
        );
        if search_update.is_some() {
            // Until the update is written, the files on disk are not what
            // the kept index says: a failure below builds it whole next time.
            self.search_whole = true;
        }
        let mut files = match rendered_pages {
            Ok(f) => f,
            Err(d) => {
                let mut diagnostics = diagnostics;
                diagnostics.extend(d);
                return Err(Failure::Report(Report {
                    pages: 0,
                    diagnostics,
                    elapsed: started.elapsed(),
                    stages,
                }));
            }
        };
        stats.pages_rendered = files.len();
        if replace_all {
            files.extend(pages::static_files(&self.theme));
        }
        timed("pages", &mut t);

        // Write: everything in place for a full build, else only the files
        // whose bytes changed.
        let live: HashSet<String> = data.paged_entries().map(|(_, e)| e.url()).collect();
        if let Some(out) = &options.output {
            if replace_all {
                let (search, index) = pages::search_index(&data);
                timed("search", &mut t);
                let record = record_of(&files);
                let search_record = record_of(&index);
                files.extend(index);
                if let Err(e) = output::write_site(out, &files) {
                    return Err(Failure::Write(write_failure(
                        out,
                        e,
                        diagnostics,
                        started,
                        stages,
                    )));
                }
                stats.files_written = files.len();
                self.written.files = record;
                self.written.complete = true;
                self.search = Some(search);
                self.search_whole = false;
                self.search_files = search_record;
                stats.search_whole = true;
                stats.search_files_written = self.search_files.len();
                timed("write", &mut t);
            } else {
                let changed_files: Vec<OutputFile> = files
                    .into_iter()
                    .filter(|f| self.written.files.get(&f.path) != Some(&bytes_hash(&f.bytes)))
                    .collect();
                let gone: Vec<String> = self
                    .pending
                    .iter()
                    .filter_map(|p| self.written.entries.get(p)?.url.clone())
                    .filter(|url| !live.contains(url))
                    .collect();
                if let Err(e) = output::write_changes(out, &changed_files, &gone) {
                    return Err(Failure::Write(write_failure(
                        out,
                        e,
                        diagnostics,
                        started,
                        stages,
                    )));
                }
                stats.files_written = changed_files.len();
                stats.files_removed = gone.len();
                for f in &changed_files {
                    self.written
                        .files
                        .insert(f.path.clone(), bytes_hash(&f.bytes));
                }
                for url in &gone {
                    self.written.files.remove(url);
                }
                timed("write", &mut t);
                if let Some(update) = search_update
                    && let Err(e) = self.write_search(out, update, stats)
                {
                    return Err(Failure::Write(write_failure(
                        out,
                        e,
                        diagnostics,
                        started,
                        stages,
                    )));
                }
                timed("search", &mut t);
            }
        }
        for path in std::mem::take(&mut self.pending) {
            match snapshots.get(&path) {
                Some(s) => self.written.entries.insert(path, s.clone()),
                None => self.written.entries.remove(&path),
            };
        }
        if replace_all {
            self.written.entries = snapshots;
        }
        self.written.counts = counts;
        self.written.changes = shown;
        let pages = self
            .written
            .files
            .keys()
            .filter(|p| p.ends_with(".html"))
            .count();
        Ok(Report {
            pages,
            diagnostics,
            elapsed: started.elapsed(),
            stages,
        })
    }

    /// Writes the search index files of `update` whose bytes changed,
    /// `meta.js` last: a page that loads the new `meta.js` finds every
    /// file it lists.
    fn write_search(
        &mut self,
        out: &Path,
        update: SearchUpdate,
        stats: &mut RebuildStats,
    ) -> io::Result<()> {
        let SearchUpdate {
            files,
            removed,
            whole,
        } = update;
        let removed: Vec<String> = match removed {
            Some(removed) => removed,
            None => {
                let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
                let mut removed: Vec<String> = self
                    .search_files
                    .keys()
                    .filter(|p| !paths.contains(p.as_str()))
                    .cloned()
                    .collect();
                removed.sort();
                removed
            }
        };
        let mut changed: Vec<(OutputFile, u64)> = files
            .into_par_iter()
            .filter_map(|f| {
                let hash = bytes_hash(&f.bytes);
                (self.search_files.get(&f.path) != Some(&hash)).then_some((f, hash))
            })
            .collect();
        let meta = changed
            .iter()
            .position(|(f, _)| f.path == "search/meta.js")
            .map(|at| changed.swap_remove(at));
        let shards: Vec<OutputFile> = changed.iter().map(|(f, _)| f.clone()).collect();
        output::write_changes(out, &shards, &[])?;
        let meta: Vec<(OutputFile, u64)> = meta.into_iter().collect();
        let meta_file: Vec<OutputFile> = meta.iter().map(|(f, _)| f.clone()).collect();
        output::write_changes(out, &meta_file, &removed)?;
        stats.search_whole = whole;
        stats.search_files_written = changed.len() + meta.len();
        stats.files_written += changed.len() + meta.len();
        stats.files_removed += removed.len();
        for (f, hash) in changed.into_iter().chain(meta) {
            self.search_files.insert(f.path, hash);
        }
        for path in &removed {
            self.search_files.remove(path);
        }
        self.search_whole = false;
        Ok(())
    }

    /// The entry pages (by index) and site-wide pages (by path) whose
    /// inputs changed since they were written: those of the pending entries,
    /// of the entries whose backlinks they changed, and, where a pending
    /// entry's link changed, of the entries that show it.
    fn pages_to_render(
        &self,
        data: &SiteData,
        snapshots: &HashMap<PathBuf, WrittenEntry>,
    ) -> (HashSet<usize>, BTreeSet<String>) {
        let mut wanted: HashSet<usize> = HashSet::new();
        let mut site_pages: BTreeSet<String> = BTreeSet::new();
        let mut dirty_ids: BTreeSet<String> = BTreeSet::new();
        for path in &self.pending {
            let new = snapshots.get(path);
            let old = self.written.entries.get(path);
            let i = self.index.get(path).copied();
            if let Some(i) = i {
                if data.entries[i].role == FileRole::Home {
                    site_pages.insert("index.html".into());
                } else {
                    wanted.insert(i);
                }
            }
            // The network draws briefs and events only as the actors they
            // join: their titles and dates are not in it.
            if new.map(|n| n.cast) != old.map(|o| o.cast) {
                site_pages.insert("network.html".into());
            }
            if new.map(|n| n.site) != old.map(|o| o.site) {
                for kind in [new.map(|n| n.kind), old.map(|o| o.kind)]
                    .into_iter()
                    .flatten()
                {
                    site_pages.extend(showing(kind).iter().map(|p| p.to_string()));
                }
            }
            let empty = BTreeMap::new();
            let new_c = new.map_or(&empty, |n| &n.contributions);
            let old_c = old.map_or(&empty, |o| &o.contributions);
            let link_changed = new.map(|n| n.link) != old.map(|o| o.link);
            for (id, h) in new_c {
                if link_changed || old_c.get(id) != Some(h) {
                    dirty_ids.insert(id.clone());
                }
            }
            for (id, h) in old_c {
                if link_changed || new_c.get(id) != Some(h) {
                    dirty_ids.insert(id.clone());
                }
            }
            if link_changed && let Some(i) = i {
                for from in referrers(&data.backlinks, i) {
                    if data.entries[from].role == FileRole::Home {
                        site_pages.insert("index.html".into());
                    } else {
                        wanted.insert(from);
                    }
                }
            }
        }
        for id in dirty_ids {
            if let Some(&i) = data.ids.get(&id) {
                wanted.insert(i);
            }
        }
        (wanted, site_pages)
    }

    /// Replaces entry `from`'s backlinks by those of its new rendering.
    fn patch_backlinks(&mut self, from: usize) {
        let data = Arc::get_mut(&mut self.data).expect("the pages are rendered");
        let b = &mut data.backlinks;
        for to in self.backlink_targets.remove(&from).unwrap_or_default() {
            for lists in [&mut b.mentioned_in, &mut b.cited_in] {
                if let Some(list) = lists.get_mut(&to) {
                    list.retain(|l| l.from != from);
                    if list.is_empty() {
                        lists.remove(&to);
                    }
                }
            }
            if let Some(list) = b.listed_in.get_mut(&to) {
                list.retain(|&l| l != from);
                if list.is_empty() {
                    b.listed_in.remove(&to);
                }
            }
        }
        let mut new = Backlinks::default();
        resolve::add_backlinks(
            &mut new,
            from,
            &data.entries[from],
            &data.rendered[from],
            &data.ids,
        );
        let mut targets = BTreeSet::new();
        for (mine, lists) in [
            (new.mentioned_in, &mut b.mentioned_in),
            (new.cited_in, &mut b.cited_in),
        ] {
            for (to, links) in mine {
                targets.insert(to);
                let list = lists.entry(to).or_default();
                for link in links {
                    let at = list.partition_point(|l| l.from < from);
                    list.insert(at, link);
                }
            }
        }
        for (to, _) in new.listed_in {
            targets.insert(to);
            let list = b.listed_in.entry(to).or_default();
            let at = list.partition_point(|&l| l < from);
            list.insert(at, from);
        }
        self.backlink_targets.insert(from, targets);
    }

    /// Takes out the entries of `removed` paths, puts in `added`, and keeps
    /// `data.entries` (and `rendered`) in path order. Returns whether any
    /// entry moved to another index.
    fn replace_entries(
        &mut self,
        removed: &BTreeSet<PathBuf>,
        mut added: HashMap<PathBuf, Entry>,
    ) -> bool {
        let data = Arc::get_mut(&mut self.data).expect("the pages are rendered");
        let same_set = removed.iter().all(|p| added.contains_key(p))
            && added.keys().all(|p| self.index.contains_key(p));
        if same_set {
            for (p, e) in added {
                let i = self.index[&p];
                data.entries[i] = e;
            }
            return false;
        }
        let entries = std::mem::take(&mut data.entries);
        let rendered = std::mem::take(&mut data.rendered);
        let mut by_path: HashMap<PathBuf, (Entry, Rendered)> = entries
            .into_iter()
            .zip(rendered)
            .map(|(e, r)| (e.file.path.clone(), (e, r)))
            .collect();
        for p in removed {
            by_path.remove(p);
        }
        self.index.clear();
        for path in self.files.keys() {
            let pair = match added.remove(path) {
                Some(e) => Some((e, Rendered::default())),
                None => by_path.remove(path),
            };
            if let Some((e, r)) = pair {
                self.index.insert(path.clone(), data.entries.len());
                data.entries.push(e);
                data.rendered.push(r);
            }
        }
        true
    }
}

/// The search index files to write after the entries `edited` (by index)
/// changed: `index` updated in place, or built again whole when entries
/// moved since it was written (`whole`) or the update cannot follow the
/// edit.
fn search_update(
    index: &mut Option<search::Index>,
    whole: bool,
    data: &SiteData,
    edited: &[usize],
) -> SearchUpdate {
    let changes = match (index.as_mut(), whole) {
        (Some(index), false) => {
            let (docs, facets) = pages::search_docs_of(data, edited);
            index.update(docs, facets)
        }
        _ => None,
    };
    match changes {
        Some(c) => SearchUpdate {
            files: c.files.into_iter().map(pages::search_output).collect(),
            removed: Some(c.removed),
            whole: c.whole,
        },
        None => {
            let (new, files) = pages::search_index(data);
            *index = Some(new);
            SearchUpdate {
                files,
                removed: None,
                whole: true,
            }
        }
    }
}

/// What an edit changes in the search index.
struct SearchUpdate {
    files: Vec<OutputFile>,
    /// The files that go; `None`: every written one not in `files`.
    removed: Option<Vec<String>>,
    /// The index was built again whole.
    whole: bool,
}

/// What other pages show of entry `i`; `None` for an entry without a page
/// of its own that is not the home page (an id used twice).
fn snapshot(data: &SiteData, i: usize) -> Option<WrittenEntry> {
    let e = &data.entries[i];
    let r = &data.rendered[i];
    let home = e.role == FileRole::Home;
    if !home && data.ids.get(e.id.as_str()) != Some(&i) {
        return None;
    }
    let date = pages::date_of(e).map(|d| (d.to_string(), d.iso()));
    let actors: Vec<&str> = e.parsed.actors.iter().map(|a| a.id.as_str()).collect();
    let link = hash_of((
        e.id.as_str(),
        e.url(),
        e.title(),
        data.cards.get(e.id.as_str()),
        &date,
    ));
    let site = if home {
        hash_of((
            &e.file.text,
            &r.html,
            format!("{:?}", r.notes),
            format!("{:?}", e.parsed.figures),
        ))
    } else {
        hash_of((link, format!("{:?}", e.parsed.meta), &actors))
    };
    let cast = hash_of((e.kind(), &actors));
    let mut targets: BTreeSet<&str> = BTreeSet::new();
    targets.extend(r.mentions.iter().map(|m| m.actor.as_str()));
    targets.extend(r.citations.iter().map(|c| c.source.as_str()));
    targets.extend(r.links.iter().map(String::as_str));
    targets.extend(e.parsed.figures.iter().map(|f| f.source.as_str()));
    let p = &e.parsed;
    targets.extend(
        p.actors
            .iter()
            .chain(&p.events)
            .chain(&p.sources)
            .map(|r| r.id.as_str()),
    );
    let b = &data.backlinks;
    let contributions = targets
        .into_iter()
        .filter_map(|id| {
            let &to = data.ids.get(id)?;
            let find = |lists: &HashMap<usize, Vec<Backlink>>| {
                lists.get(&to).and_then(|l| {
                    l.binary_search_by_key(&i, |b| b.from)
                        .ok()
                        .map(|k| (l[k].excerpts.clone(), l[k].notes.clone()))
                })
            };
            let listed = b
                .listed_in
                .get(&to)
                .is_some_and(|l| l.binary_search(&i).is_ok());
            Some((
                id.to_string(),
                hash_of((find(&b.mentioned_in), find(&b.cited_in), listed)),
            ))
        })
        .collect();
    Some(WrittenEntry {
        url: (!home).then(|| e.url()),
        kind: e.kind(),
        link,
        site,
        cast,
        contributions,
    })
}

/// The site-wide pages that show entries of a kind (`None`: the home
/// page's own text). They show an entry's link and what they sort and group
/// it by (see `pages/`).
fn showing(kind: Option<Kind>) -> &'static [&'static str] {
    match kind {
        None => &["index.html"],
        Some(Kind::Brief) => &["index.html", "briefs/index.html", crate::feeds::FEED],
        Some(Kind::Actor) => &[
            "actors/index.html",
            "timeline.html",
            "network.html",
            "search.html",
            "404.html",
        ],
        Some(Kind::Event) => &["events/index.html", "index.html", "timeline.html"],
        Some(Kind::Source) => &["sources/index.html"],
    }
}

/// The entries whose pages show a link to entry `i` (they list, cite or
/// mention it).
fn referrers(b: &Backlinks, i: usize) -> BTreeSet<usize> {
    let mut from: BTreeSet<usize> = BTreeSet::new();
    for lists in [&b.mentioned_in, &b.cited_in] {
        if let Some(l) = lists.get(&i) {
            from.extend(l.iter().map(|b| b.from));
        }
    }
    if let Some(l) = b.listed_in.get(&i) {
        from.extend(l.iter().copied());
    }
    from
}

/// The archive folder and, per source that names an archive file, its id,
/// the name, and the file's size and modification time.
/// Each source's `published` date, which the year rule of the number
/// check reads.
fn source_dates(data: &SiteData) -> Vec<(&str, Option<crate::model::DateSpec>)> {
    let mut dates: Vec<_> = data
        .entries
        .iter()
        .filter_map(|e| match &e.parsed.meta {
            crate::model::Meta::Source { published, .. } => Some((e.id.as_str(), *published)),
            _ => None,
        })
        .collect();
    dates.sort_unstable_by_key(|(id, _)| *id);
    dates
}

fn archive_stamp(options: &BuildOptions, data: &SiteData) -> u64 {
    let folder = site::archive_folder(options, &data.config);
    let mut h = DefaultHasher::new();
    folder.hash(&mut h);
    folder.as_ref().map(|f| f.is_dir()).hash(&mut h);
    for e in &data.entries {
        if let crate::model::Meta::Source {
            archive: Some(name),
            ..
        } = &e.parsed.meta
        {
            (e.id.as_str(), name).hash(&mut h);
            let meta = folder
                .as_ref()
                .and_then(|f| std::fs::metadata(f.join(name)).ok());
            meta.map(|m| (m.len(), m.modified().ok())).hash(&mut h);
        }
    }
    h.finish()
}

/// Per entry index, the entries whose backlink lists hold it.
fn backlink_targets(b: &Backlinks) -> HashMap<usize, BTreeSet<usize>> {
    let mut targets: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    for lists in [&b.mentioned_in, &b.cited_in] {
        for (&to, list) in lists {
            for l in list {
                targets.entry(l.from).or_default().insert(to);
            }
        }
    }
    for (&to, list) in &b.listed_in {
        for &from in list {
            targets.entry(from).or_default().insert(to);
        }
    }
    targets
}

/// The number of entries of each kind: every page's footer shows them.
fn counts(data: &SiteData) -> [usize; 4] {
    let mut n = [0; 4];
    for (i, e) in data.entries.iter().enumerate() {
        if let Some(k) = e.kind()
            && data.ids.get(e.id.as_str()) == Some(&i)
        {
            n[Kind::ALL.iter().position(|x| *x == k).expect("a kind")] += 1;
        }
    }
    n
}

fn write_failure(
    out: &Path,
    e: io::Error,
    mut diagnostics: Vec<Diagnostic>,
    started: Instant,
    stages: Vec<(&'static str, Duration)>,
) -> Report {
    diagnostics.push(
        Diagnostic::file(Severity::Error, out, format!("cannot write the site: {e}"))
            .with_hint("check that the folder is writable and the disk has room; the next rebuild writes everything again")
            .with_code(Code::WriteFailed),
    );
    Report {
        pages: 0,
        diagnostics,
        elapsed: started.elapsed(),
        stages,
    }
}

/// The hash of every file's bytes, by path.
fn record_of(files: &[OutputFile]) -> OutputRecord {
    files
        .par_iter()
        .map(|f| (f.path.clone(), bytes_hash(&f.bytes)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The preview server runs its session on the watcher's thread.
    #[test]
    fn a_session_can_move_to_another_thread() {
        fn send<T: Send>() {}
        send::<crate::site::Session>();
    }

    #[test]
    fn only_paths_inside_content_are_followed_incrementally() {
        let root = Path::new("/project");
        let out = Some(Path::new("/project/site"));
        let content = |p: &str| matches!(classify(root, out, Path::new(p)), Change::Content(_));
        let everything = |p: &str| matches!(classify(root, out, Path::new(p)), Change::Everything);
        assert!(content("/project/content/briefs/a.md"));
        assert!(content("content/briefs/a.md"));
        assert!(everything("/project/content"));
        assert!(everything("/project/briefbook.toml"));
        assert!(everything("/project/templates/brief.html"));
        assert!(everything("/elsewhere/content/briefs/a.md"));
        assert!(everything("content/../../etc/passwd"));
        assert!(everything("/project/content/../briefbook.toml"));
        assert!(matches!(
            classify(root, out, Path::new("/project/site/index.html")),
            Change::Ignore
        ));
    }
}
