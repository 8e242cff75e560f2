//! The whole pipeline, one call per stage, top to bottom: read the settings
//! and content, parse front-matter, check ids and references, render the
//! bodies, check quotations, build backlinks, render pages and the search
//! index, and put `site/` in place atomically.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Severity};
use crate::front_matter;
use crate::load::{self, LoadedFile};
use crate::markdown::{self, Card, Lookup, MentionMatcher, RenderOptions, Rendered};
use crate::model::{
    Archive, Archives, Config, Edition, Entry, FileRole, Kind, Meta, NOT_RECORDED, SiteData,
};
use crate::resolve;
use crate::{claims, output, pages, templates};

/// What a run is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The project folder, holding briefbook.toml and content/.
    pub root: PathBuf,
    /// Where the site goes; `None` checks without writing.
    pub output: Option<PathBuf>,
    /// Overrides the settings' archive folder.
    pub archive: Option<PathBuf>,
    /// Warnings about uncited paragraphs become errors.
    pub strict: bool,
    /// Pages reload themselves when `briefbook serve` rebuilds.
    pub live_reload: bool,
    /// The public edition (the default) or the internal one.
    pub edition: Edition,
    /// The previous edition, which "What changed" compares with.
    pub previous: crate::changes::Previous,
}

/// How a run went.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// Time per stage, for `--timings`.
    pub stages: Vec<(&'static str, Duration)>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

pub(crate) const UNCITED: &str = "this paragraph cites no source";

/// Runs the pipeline. On any error nothing is written and the report lists
/// every problem found.
pub fn build(options: &BuildOptions) -> Result<Report, Report> {
    build_inspecting(options, &mut |_| {})
}

/// [`build`], showing `inspect` the checked site data once every check
/// passed (before the pages are rendered): what `check --coverage` reads.
pub fn build_inspecting(
    options: &BuildOptions,
    inspect: &mut dyn FnMut(&SiteData),
) -> Result<Report, Report> {
    let started = Instant::now();
    let mut stages = Vec::new();
    let mut diagnostics = Vec::new();
    let mut timed = |name: &'static str, since: &mut Instant| {
        stages.push((name, since.elapsed()));
        *since = Instant::now();
    };
    let mut t = Instant::now();

    let fail = |diagnostics: Vec<Diagnostic>, stages, strict| {
        let mut d = Diagnostics::default();
        d.extend(diagnostics);
        if strict {
            d.promote(|d| d.code.is_some_and(Code::promoted_by_strict));
        }
        Report {
            pages: 0,
            diagnostics: d.sorted(),
            elapsed: started.elapsed(),
            stages,
        }
    };

    let config = match Config::load(&options.root) {
        Ok(c) => c,
        Err(d) => return Err(fail(vec![d], stages, options.strict)),
    };
    let files = load::load_content(
        &options.root.join("content"),
        &options.root,
        &mut diagnostics,
    );
    timed("load", &mut t);

    // The clock is read for the overdue warning only; pages never see it.
    let today = match crate::freshness::today() {
        Ok(day) => Some(day),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    let (mut entries, mut unparsed, withheld) =
        parse_front_matter(files, options.edition, today, &mut diagnostics);
    let bibliography_incomplete = add_bibliography_sources(
        &options.root,
        &config,
        &mut entries,
        &mut unparsed,
        &withheld,
        &mut diagnostics,
    );
    timed("front-matter", &mut t);

    let ids = resolve::check_unique_ids(&entries, &mut diagnostics);
    resolve::check_references(
        &entries,
        &ids,
        &unparsed,
        &withheld,
        &config,
        &mut diagnostics,
    );
    let mut cards = build_cards(&entries, &ids);
    add_formatted_references(&config, &entries, &ids, &mut cards);
    timed("references", &mut t);

    let rendered = render_bodies(
        &entries,
        &cards,
        Absent {
            unparsed: &unparsed,
            withheld: &withheld,
        },
        options.edition,
        config.mention_links,
        &mut diagnostics,
    );
    timed("markdown", &mut t);

    let archives = check_quotations(
        options,
        &config,
        &entries,
        &rendered,
        &ids,
        &mut diagnostics,
    );
    timed("quotations", &mut t);

    // Meanwhile, on the other core (the readers are made mostly on one):
    // the backlinks, and the previous edition, read before anything is
    // written since by default it is the site that this build replaces.
    let (readers, (previous, backlinks)) = rayon::join(
        || {
            let mut found = Vec::new();
            let readers = crate::reader::build(
                &config,
                &entries,
                &rendered,
                &ids,
                archives.as_ref(),
                archive_folder(options, &config).as_deref(),
                &mut Default::default(),
                &mut found,
            );
            (readers, found)
        },
        || {
            (
                options.previous.read(),
                resolve::build_backlinks(&entries, &rendered, &ids),
            )
        },
    );
    let (readers, found) = readers;
    diagnostics.extend(found);
    drop(archives);
    timed("reader+links", &mut t);

    let theme = templates::Theme::load(&options.root);
    let theme = match theme {
        Ok(t) => Some(t),
        Err(d) => {
            diagnostics.extend(d);
            None
        }
    };
    if bibliography_incomplete {
        // A bibliography that could not be read is reported: the sources
        // it may declare are not reported again, one by one, as unknown.
        diagnostics.retain(|d| d.code != Some(Code::UnknownSource));
    }
    let promoted_errors = options.strict
        && diagnostics
            .iter()
            .any(|d| d.code.is_some_and(Code::promoted_by_strict));
    if diagnostics.iter().any(Diagnostic::is_error) || promoted_errors || theme.is_none() {
        return Err(fail(diagnostics, stages, options.strict));
    }
    let theme = theme.expect("checked above");
    let mut data = SiteData {
        config,
        entries,
        rendered,
        ids,
        cards,
        backlinks,
        live_reload: options.live_reload,
        edition: options.edition,
        changes: crate::model::Changes::default(),
        readers,
    };
    data.changes = crate::changes::Changes::compute(&data, &previous);
    // Built once: the baseline's text of the entries that did not change
    // can go.
    data.changes.forget_unchanged_text();
    inspect(&data);
    // Said only when the build succeeds: a failed one compares nothing.
    diagnostics.extend(crate::changes::previous_problem(
        &previous,
        crate::changes::kind_name(options.edition),
    ));
    // The baseline holds what it needs of the previous edition.
    drop(previous);
    timed("changes", &mut t);
    // Each page goes into the staging folder as soon as it is rendered:
    // the build never holds the whole site in memory.
    let staging = match options.output.as_deref().map(output::Staging::new) {
        Some(Err(e)) => {
            diagnostics.push(write_failed(options, e));
            return Err(fail(diagnostics, stages, options.strict));
        }
        Some(Ok(s)) => Some(s),
        None => None,
    };
    let html_pages = std::sync::atomic::AtomicUsize::new(0);
    let written = pages::render_site_into(&data, &theme, |f, piece| {
        if f.path.ends_with(".html") && piece == output::Piece::Start {
            html_pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        match &staging {
            Some(s) => s
                .write_piece(&f, piece)
                .map_err(|e| write_failed(options, e)),
            None => Ok(()),
        }
    });
    if let Err(d) = written {
        diagnostics.extend(d);
        return Err(fail(diagnostics, stages, options.strict));
    }
    let page_count = html_pages.into_inner();
    timed("pages", &mut t);

    if let Some(staging) = staging {
        // The search index is built from the entries' documents alone: the
        // rest of the site's data (most of a large build's memory) goes
        // before it is.
        let (docs, facets) = pages::search_input(&data);
        drop(data);
        let search = pages::search_files(docs, facets);
        let stored = search.par_iter().try_for_each(|f| staging.write(f));
        timed("search", &mut t);
        if let Err(e) = stored.and_then(|()| staging.commit()) {
            diagnostics.push(write_failed(options, e));
            return Err(fail(diagnostics, stages, options.strict));
        }
    }
    timed("write", &mut t);
    let mut d = Diagnostics::default();
    d.extend(diagnostics);
    Ok(Report {
        pages: page_count,
        diagnostics: d.sorted(),
        elapsed: started.elapsed(),
        stages,
    })
}

/// The error of a site that cannot be written.
fn write_failed(options: &BuildOptions, e: std::io::Error) -> Diagnostic {
    let out = options.output.as_deref().unwrap_or(Path::new("site"));
    Diagnostic::file(Severity::Error, out, format!("cannot write the site: {e}"))
        .with_hint("check that the folder is writable and the disk has room; the previous site was left as it was")
        .with_code(Code::WriteFailed)
}

/// Reads every file's front-matter, and warns about every brief due for
/// review by `today` (internal ones too). Returns the entries of `edition`,
/// the ids of the files whose front-matter failed (reported already), and
/// the ids of the internal entries that the edition leaves out.
fn parse_front_matter(
    files: Vec<LoadedFile>,
    edition: Edition,
    today: Option<jiff::civil::Date>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Entry>, HashSet<String>, HashSet<String>) {
    let results: Vec<(Result<Entry, String>, Vec<Diagnostic>)> = files
        .into_par_iter()
        .map(|f| {
            let mut d = Vec::new();
            let parsed = front_matter::parse(&f.file, f.role, &mut d);
            let entry = match parsed {
                Some(parsed) => {
                    let entry = Entry {
                        role: f.role,
                        id: f.id,
                        file: f.file,
                        parsed,
                    };
                    d.extend(today.and_then(|t| crate::freshness::overdue_warning(&entry, t)));
                    Ok(entry)
                }
                None => Err(f.id.to_string()),
            };
            (entry, d)
        })
        .collect();
    let mut entries = Vec::with_capacity(results.len());
    let mut unparsed = HashSet::new();
    let mut withheld = HashSet::new();
    for (e, d) in results {
        diagnostics.extend(d);
        match e {
            Ok(e) if !shown_in(&e, edition) => {
                withheld.insert(e.id.to_string());
            }
            Ok(e) => entries.push(e),
            Err(id) => {
                unparsed.insert(id);
            }
        }
    }
    (entries, unparsed, withheld)
}

/// Every source of `edition` with its fields, from content/sources/ and
/// the bibliography files, sorted by id; or every problem that stops a
/// build from reading them (for `briefbook export`).
pub fn read_sources(root: &Path, edition: Edition) -> Result<Vec<(String, Meta)>, Vec<Diagnostic>> {
    let config = Config::load(root).map_err(|d| vec![d])?;
    let mut diagnostics = Vec::new();
    let files = load::load_content(&root.join("content"), root, &mut diagnostics);
    let (mut entries, mut unparsed, withheld) =
        parse_front_matter(files, edition, None, &mut diagnostics);
    add_bibliography_sources(
        root,
        &config,
        &mut entries,
        &mut unparsed,
        &withheld,
        &mut diagnostics,
    );
    resolve::check_unique_ids(&entries, &mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        let mut d = Diagnostics::default();
        d.extend(diagnostics);
        return Err(d.sorted());
    }
    let mut sources: Vec<(String, Meta)> = entries
        .into_iter()
        .filter(|e| e.kind() == Some(Kind::Source))
        .map(|e| (e.id.to_string(), e.parsed.meta))
        .collect();
    sources.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(sources)
}

/// Adds the sources of the bibliography files named in the settings to
/// `entries`; a key that is also the id of a markdown entry is an error.
/// The keys of entries that could not be read join `unparsed`, so that
/// references to them are not reported again. Returns whether a whole
/// bibliography file could not be read (reported already).
pub(crate) fn add_bibliography_sources(
    root: &Path,
    config: &Config,
    entries: &mut Vec<Entry>,
    unparsed: &mut HashSet<String>,
    withheld: &HashSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    if config.bibliography.is_empty() {
        return false;
    }
    let markdown: HashMap<&str, &Path> = entries
        .iter()
        .filter(|e| e.role != FileRole::Home)
        .map(|e| (e.id.as_str(), e.file.path.as_path()))
        .collect();
    let read = crate::bibliography::read_bibliographies(root, &config.bibliography, diagnostics);
    let mut added = Vec::new();
    for s in read.sources {
        let id = s.entry.id.as_str();
        let other = markdown
            .get(id)
            .map(|p| p.display().to_string())
            .or_else(|| {
                (unparsed.contains(id) || withheld.contains(id))
                    .then(|| format!("a markdown entry `{id}` under content/"))
            });
        if let Some(other) = other {
            diagnostics.push(
                s.entry
                    .file
                    .error(
                        s.key_at.0,
                        s.key_at.1,
                        format!("the key `{id}` is also the id of {other}"),
                    )
                    .with_hint(format!(
                        "keep the source in one place: remove {other} or this entry, or give one of them another id"
                    ))
                    .with_code(Code::DuplicateSourceKey),
            );
            continue;
        }
        added.push(s.entry);
    }
    entries.extend(added);
    let have: HashSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    let failed: Vec<String> = read
        .failed
        .into_iter()
        .filter(|k| !have.contains(k.as_str()))
        .collect();
    unparsed.extend(failed);
    read.incomplete
}

/// With `csl` set, a source's card (and so its endnotes and list entries)
/// shows its reference formatted in that style.
pub(crate) fn add_formatted_references(
    config: &Config,
    entries: &[Entry],
    ids: &HashMap<String, usize>,
    cards: &mut HashMap<String, Card>,
) {
    let Some(style) = config.csl.as_deref().and_then(crate::references::style) else {
        return;
    };
    let mut sources: Vec<(&str, &Meta)> = ids
        .iter()
        .map(|(id, &i)| (id.as_str(), &entries[i].parsed.meta))
        .filter(|(_, m)| matches!(m, Meta::Source { .. }))
        .collect();
    sources.sort_by_key(|(id, _)| *id);
    for (id, reference) in crate::references::format_references(&style, sources) {
        if let Some(card) = cards.get_mut(&id) {
            card.subtitle = reference.text;
            card.reference = Some(reference.html);
        }
    }
}

/// Whether `edition` shows the entry: the public one leaves out internal
/// entries, whole.
pub(crate) fn shown_in(e: &Entry, edition: Edition) -> bool {
    edition == Edition::Internal || !e.parsed.internal
}

/// The preview card of every entry, by id.
fn build_cards(entries: &[Entry], ids: &HashMap<String, usize>) -> HashMap<String, Card> {
    ids.iter()
        .map(|(id, &i)| (id.clone(), card_of(&entries[i])))
        .collect()
}

/// What links to an entry show of it; depends on the entry's own file only.
pub(crate) fn card_of(e: &Entry) -> Card {
    let body = &e.file.text[e.parsed.body_start..];
    let (subtitle, summary) = match &e.parsed.meta {
        Meta::Brief { summary, as_of, .. } => (format!("Brief, as of {as_of}"), summary.clone()),
        Meta::Actor { role, summary, .. } => (
            role.clone(),
            summary
                .clone()
                .unwrap_or_else(|| first_sentence_of_markdown(body)),
        ),
        Meta::Event { date, summary, .. } => (
            date.to_string(),
            summary
                .clone()
                .unwrap_or_else(|| first_sentence_of_markdown(body)),
        ),
        Meta::Source {
            publisher,
            published,
            kind,
            ..
        } => (
            format!(
                "{} · {} · {kind}",
                if publisher == NOT_RECORDED {
                    "publisher not recorded"
                } else {
                    publisher
                },
                published.map_or("date not recorded".to_string(), |d| d.to_string()),
            ),
            first_sentence_of_markdown(body),
        ),
        Meta::Home { summary, .. } => (String::new(), summary.clone()),
    };
    Card {
        kind: e.kind().unwrap_or(Kind::Brief),
        url: e.url(),
        title: e.title().to_string(),
        subtitle,
        reference: None,
        summary,
    }
}

/// The first sentence of a markdown body as plain text, without citations.
pub fn first_sentence_of_markdown(body: &str) -> String {
    let mut text = String::new();
    for event in pulldown_cmark::Parser::new_ext(body, markdown::parser_options()) {
        match event {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => text.push_str(&t),
            pulldown_cmark::Event::SoftBreak => text.push(' '),
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Paragraph)
                if !text.trim().is_empty() =>
            {
                break;
            }
            _ => {}
        }
    }
    let mut plain = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("[@") {
        plain.push_str(&rest[..i]);
        rest = rest[i..].find(']').map_or("", |j| &rest[i + j + 1..]);
    }
    plain.push_str(rest);
    crate::text::first_sentence(&plain.replace(" .", ".").replace("  ", " "))
}

struct Absent<'a> {
    unparsed: &'a HashSet<String>,
    withheld: &'a HashSet<String>,
}

fn render_bodies(
    entries: &[Entry],
    cards: &HashMap<String, Card>,
    absent: Absent,
    edition: Edition,
    mention_links: markdown::MentionLinks,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Rendered> {
    let matcher = MentionMatcher::new(&mention_names(entries));
    let lookup = Lookup {
        cards,
        mentions: &matcher,
        unparsed: absent.unparsed,
        withheld: absent.withheld,
        edition,
    };
    let mut rendered: Vec<Rendered> = entries
        .par_iter()
        .map(|e| render_entry(e, &lookup, mention_links))
        .collect();
    for (e, r) in entries.iter().zip(&mut rendered) {
        take_body_diagnostics(e, r, diagnostics);
    }
    rendered
}

/// Per actor id, the name and aliases that mentions are found by.
pub(crate) fn mention_names(entries: &[Entry]) -> Vec<(String, Vec<String>)> {
    entries
        .iter()
        .filter_map(|e| match &e.parsed.meta {
            Meta::Actor { name, aliases, .. } => {
                let mut all = vec![name.clone()];
                all.extend(aliases.iter().cloned());
                Some((e.id.to_string(), all))
            }
            _ => None,
        })
        .collect()
}

/// Renders one entry's body.
pub(crate) fn render_entry(
    e: &Entry,
    lookup: &Lookup,
    mention_links: markdown::MentionLinks,
) -> Rendered {
    let options = RenderOptions {
        self_id: e.id.as_str(),
        root: if e.role == FileRole::Home { "" } else { "../" },
        mention_links,
    };
    let mut r = markdown::render_body(&e.file, e.parsed.body_start, &options, lookup);
    // Kept until the end of the build: without the room they grew into.
    r.html.shrink_to_fit();
    r.text.shrink_to_fit();
    r
}

/// Moves what rendering found wrong in a body into `diagnostics`, with the
/// warnings about a brief's uncited paragraphs.
pub(crate) fn take_body_diagnostics(
    e: &Entry,
    r: &mut Rendered,
    diagnostics: &mut Vec<Diagnostic>,
) {
    diagnostics.append(&mut r.diagnostics);
    if e.kind() == Some(Kind::Brief) {
        for &at in &r.uncited {
            diagnostics.push(
                e.file
                    .warning(at, 1, UNCITED)
                    .with_hint(
                        "add a citation such as `[@source-id, \"a short quotation\"]` to the claim",
                    )
                    .with_code(Code::UncitedParagraph),
            );
        }
    }
}

/// Checks every quotation, and every number in a cited sentence, against the
/// sources' archived texts, or says once that they were not verified; the
/// arithmetic of derived numbers is checked either way. Returns the texts
/// read (`None`: no archive).
fn check_quotations(
    options: &BuildOptions,
    config: &Config,
    entries: &[Entry],
    rendered: &[Rendered],
    ids: &HashMap<String, usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Archives> {
    let archives = load_archives(options, config, entries, diagnostics);
    let years = claims::YearsGiven::of(entries);
    let numbers = claims::Context {
        entries,
        ids,
        archives: archives.as_ref(),
        years: &years,
        edition: options.edition,
    };
    let found: Vec<Diagnostic> = entries
        .par_iter()
        .zip(rendered)
        .flat_map_iter(|(e, r)| {
            let mut found = match &archives {
                Some(archives) => quotation_diagnostics(e, r, entries, ids, archives),
                None => Vec::new(),
            };
            found.extend(claims::number_diagnostics(e, &numbers));
            found
        })
        .collect();
    diagnostics.extend(found);
    archives
}

/// Reads the archived text of every source that names one. `None` when
/// quotations cannot be checked at all (said once in `diagnostics`).
pub(crate) fn load_archives(
    options: &BuildOptions,
    config: &Config,
    entries: &[Entry],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Archives> {
    let Some(folder) = archive_folder(options, config) else {
        diagnostics.push(
            Diagnostic::file(
                Severity::Warning,
                Path::new(crate::config::CONFIG_FILE),
                "quotations and numbers were not verified: no archive of the sources' texts is set",
            )
            .with_hint("set `archive = \"DIR\"` in briefbook.toml or pass `--archive DIR`")
            .with_code(Code::ArchiveNotSet),
        );
        return None;
    };
    // A fresh clone without the sources' texts still builds: one warning
    // (an error under `--strict`, as CI runs it) instead of one per quotation.
    if !folder.is_dir() {
        // Shown as the user wrote it, like every other path in diagnostics.
        let (setting, shown) = match (&options.archive, &config.archive) {
            (Some(flag), _) => ("`--archive`", flag),
            (None, Some(set)) => ("`archive` in briefbook.toml", set),
            (None, None) => ("`archive` in briefbook.toml", &folder),
        };
        diagnostics.push(
            Diagnostic::file(
                Severity::Warning,
                shown,
                format!("quotations and numbers were not checked: the archive folder set by {setting} does not exist"),
            )
            .with_hint("put the sources' texts there, or point at their folder with `--archive DIR` or `archive = \"DIR\"` in briefbook.toml")
            .with_code(Code::ArchiveMissing),
        );
        return None;
    }
    let mut archives: Archives = HashMap::new();
    for e in entries {
        if let Meta::Source {
            archive: Some(name),
            ..
        } = &e.parsed.meta
        {
            let path = folder.join(name);
            let safe = !name.contains('/') && !name.contains('\\') && !name.starts_with('.');
            let text = safe.then(|| std::fs::read_to_string(&path).ok()).flatten();
            if text.is_none() {
                let at = e.file.text.find(name.as_str()).unwrap_or(0);
                diagnostics.push(
                    e.file
                        .error(at, name.len(), format!("the archive has no file `{name}`"))
                        .with_hint(format!(
                            "put the source's text at {} or correct `archive`",
                            path.display()
                        ))
                        .with_code(Code::ArchiveFileMissing),
                );
            }
            archives.insert(e.id.to_string(), text.map(Archive::new));
        }
    }
    Some(archives)
}

/// The folder of the sources' archived texts, if one is set.
pub(crate) fn archive_folder(options: &BuildOptions, config: &Config) -> Option<PathBuf> {
    options
        .archive
        .clone()
        .or_else(|| config.archive.as_ref().map(|a| options.root.join(a)))
}

/// The problems with one entry's quotations (citations and figures).
pub(crate) fn quotation_diagnostics(
    e: &Entry,
    r: &Rendered,
    entries: &[Entry],
    ids: &HashMap<String, usize>,
    archives: &Archives,
) -> Vec<Diagnostic> {
    let figure_quotes = e.parsed.figures.iter().map(|f| {
        (
            f.source.as_str(),
            Some(f.quote.as_str()),
            f.offset,
            f.quote.len(),
        )
    });
    let cited = r
        .citations
        .iter()
        .map(|c| (c.source.as_str(), c.quote.as_deref(), c.offset, c.len));
    let mut out = Vec::new();
    for (source, quote, offset, len) in cited.chain(figure_quotes) {
        let Some(quote) = quote else { continue };
        let Some(&si) = ids.get(source) else { continue };
        let src = &entries[si];
        match archives.get(src.id.as_str()) {
            Some(Some(archive)) if !archive.contains(quote) => {
                let passage = archive.closest_passage(quote);
                out.push(
                    e.file
                        .error(offset, len, format!("quotation not found in source `{source}`"))
                        .with_hint(format!("the closest passage of the source reads: \"{passage}\""))
                        .with_code(Code::QuotationNotFound),
                );
            }
            None => out.push(
                e.file
                    .warning(offset, len, format!("source `{source}` names no archive file; this quotation was not verified"))
                    .with_hint(format!("add `archive: FILE` to {}", src.file.path.display()))
                    .with_code(Code::QuotationUnverified),
            ),
            _ => {}
        }
    }
    out
}

/// A build that is repeated after edits, as `briefbook serve` does: the first
/// call builds everything; later calls are told which files changed and redo
/// only the work those files affect (see [`crate::incremental`]). Whatever it
/// redoes, the output is the same as a full build of the same input.
pub struct Session {
    options: BuildOptions,
    state: crate::incremental::Incremental,
}

impl Session {
    /// A session over `options`. The previous edition is read now, once:
    /// the session's first build replaces the site it is read from, and
    /// every rebuild must compare with the same edition, as a full build
    /// with the same previous edition would.
    pub fn new(mut options: BuildOptions) -> Self {
        if let crate::changes::Previous::Folder(_) | crate::changes::Previous::Replaced(_) =
            &options.previous
        {
            options.previous = crate::changes::Previous::Read(options.previous.read());
        }
        Session {
            options,
            state: crate::incremental::Incremental::default(),
        }
    }

    /// The options every build of this session uses.
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Builds everything.
    pub fn build(&mut self) -> Result<Report, Report> {
        self.state.build(&self.options)
    }

    /// Builds again after `changed` (paths under the project root, as the
    /// file watcher reports them) were created, modified or removed. Returns
    /// once the pages and the search index are written; the print edition,
    /// the manifest and the feed may be left for
    /// [`Session::write_print_edition`].
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Report, Report> {
        self.state.rebuild(&self.options, changed)
    }

    /// Writes the print edition, the edition's manifest and the feed when
    /// the last rebuilds left them for later (see [`crate::pages::PrintEdition`]):
    /// call it after a good rebuild,
    /// once the pages are reloaded. Returns the paths it wrote.
    pub fn write_print_edition(&mut self) -> Result<Vec<String>, Report> {
        self.state.write_print_edition(&self.options)
    }

    /// What the last build or rebuild did.
    pub fn stats(&self) -> &crate::incremental::RebuildStats {
        self.state.stats()
    }
}
