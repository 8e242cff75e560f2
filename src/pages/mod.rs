//! Turns the checked site data into pages: one tera context per page, built
//! from serializable views, rendered in parallel. Every link is relative to
//! the page (`root` leads back to the site root), so the site works under any
//! path and from `file://`.
//!
//! This module decides which pages a build renders and renders them; the
//! views live in `view`, the renderer they are built with in `renderer`, and
//! each page kind's context in its own module.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::model::{Kind, SiteData};
use crate::output::{Chunked, OutputFile, Piece};
use crate::templates::Theme;

mod actor;
mod brief;
pub mod changes;
mod coverage;
mod entry;
mod event;
mod home;
mod index;
mod network;
pub mod print;
mod renderer;
mod search;
mod source;
mod timeline;
mod view;

use renderer::PageRenderer;
pub use search::{search_docs_of, search_files, search_index, search_input, search_output};
pub use view::LinkView;
pub(crate) use view::date_of;

/// A page to render, its context not built yet.
enum PageJob {
    Entry(usize),
    Home,
    List(Kind),
    Timeline,
    Network,
    Changes,
    /// The sources' coverage, for editors (internal edition only).
    Coverage,
    /// A page with nothing but its template and title, at the template's path.
    Simple(&'static str, &'static str),
    /// The print edition: its context is built already, and its sections
    /// are made as it is written ([`print::write_print_page`]).
    Print(Box<print::PrintPage>),
}

/// A file of the whole site that is not a templated page.
enum FileJob {
    Manifest,
    Feed,
    Sitemap,
    Ready(OutputFile),
}

/// Renders every page and copies the theme's static files.
pub fn render_site(data: &SiteData, theme: &Theme) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = render_pages(data, theme, PageSet::ALL)?;
    files.extend(static_files(theme));
    Ok(files)
}

/// Every page of the site and the static files, each handed to `sink` as
/// soon as it is made (see [`render_pages_into`]).
pub fn render_site_into<F>(data: &SiteData, theme: &Theme, sink: F) -> Result<(), Vec<Diagnostic>>
where
    F: Fn(OutputFile, Piece) -> Result<(), Diagnostic> + Sync,
{
    let statics: Vec<Diagnostic> = static_files(theme)
        .into_iter()
        .map(|f| sink(f, Piece::Start))
        .filter_map(Result::err)
        .collect();
    render_pages_into(data, theme, PageSet::ALL, &sink)?;
    if statics.is_empty() {
        Ok(())
    } else {
        Err(statics)
    }
}

/// Which pages to render: all of them for a build, those whose inputs
/// changed for an incremental rebuild.
#[derive(Clone, Copy)]
pub struct PageSet<'s> {
    /// The entries whose own pages are wanted, by index; `None`: all.
    pub entries: Option<&'s std::collections::HashSet<usize>>,
    /// Which of the pages that list the site (home, lists, timeline,
    /// network, search and 404) are wanted, by path; `None`: all.
    pub site_pages: Option<&'s BTreeSet<String>>,
    /// The print edition's sections from the last render, kept between
    /// incremental rebuilds: print.html shows every entry, but only the
    /// sections of the entries in `entries` (and the overview, with
    /// `index.html`) can have changed. `None`: render every section.
    pub print_sections: Option<&'s print::Sections>,
    /// When the print edition is rendered.
    pub print: PrintEdition,
}

impl PageSet<'_> {
    pub const ALL: PageSet<'static> = PageSet {
        entries: None,
        site_pages: None,
        print_sections: None,
        print: PrintEdition::WithPages,
    };
}

/// When the print edition (print.html and its running head), the edition's
/// manifest (edition.json) and the feed are rendered. They hold every
/// entry, so on a large site they are the costliest files: the preview
/// renders the pages an editor is looking at first, and these after them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrintEdition {
    /// With the other pages, whenever any page is rendered.
    WithPages,
    /// Not now: the sections of the entries rendered now are marked stale
    /// in `print_sections`, for a later render with [`PrintEdition::Only`].
    Later,
    /// Even when the set names no other page: see [`render_print_edition`].
    Only,
}

/// Renders the pages of `set`: HTML, and the feed and sitemap (which
/// count as site pages, by their paths).
pub fn render_pages(
    data: &SiteData,
    theme: &Theme,
    set: PageSet,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let files = std::sync::Mutex::new(Vec::<OutputFile>::new());
    render_pages_into(data, theme, set, |f, piece| {
        crate::output::gather(
            &mut files.lock().unwrap_or_else(|e| e.into_inner()),
            f,
            piece,
        );
        Ok(())
    })?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Renders the pages of `set` and hands each file to `sink` as soon as it
/// is made, from the rendering threads, so that no more than a page per
/// thread is held at once (the print edition, larger than any other page
/// by far, is handed over in parts). Every problem is returned, the sink's among
/// them; files already handed over stay handed over.
pub fn render_pages_into<F>(
    data: &SiteData,
    theme: &Theme,
    set: PageSet,
    sink: F,
) -> Result<(), Vec<Diagnostic>>
where
    F: Fn(OutputFile, Piece) -> Result<(), Diagnostic> + Sync,
{
    let renderer = PageRenderer::new(data);
    // What to render, in order; each page's context is built on the thread
    // that renders it (a source page that lists thousands of citing places
    // costs as much to build as to render).
    let mut jobs: Vec<PageJob> = data
        .paged_entries()
        .filter(|(i, _)| set.entries.is_none_or(|wanted| wanted.contains(i)))
        .map(|(i, _)| PageJob::Entry(i))
        .collect();
    let wanted = |path: &str| set.site_pages.is_none_or(|w| w.contains(path));
    if wanted("index.html") {
        jobs.push(PageJob::Home);
    }
    for kind in Kind::ALL {
        if wanted(&format!("{}/index.html", kind.folder())) {
            jobs.push(PageJob::List(kind));
        }
    }
    for (path, job) in [
        ("timeline.html", PageJob::Timeline),
        ("network.html", PageJob::Network),
        ("search.html", PageJob::Simple("search.html", "Search")),
        ("404.html", PageJob::Simple("404.html", "Page not found")),
    ] {
        if wanted(path) {
            jobs.push(job);
        }
    }
    if wanted(crate::changes::PAGE) {
        jobs.push(PageJob::Changes);
    }
    // Editors' page: never in the public edition.
    if data.edition == crate::model::Edition::Internal && wanted(crate::reader::COVERAGE_PAGE) {
        jobs.push(PageJob::Coverage);
    }
    // Made on the thread that writes them: the manifest records every
    // entry's paragraphs (tens of MB on a large site), and it need not be
    // held while the pages are rendered.
    let mut files: Vec<FileJob> = Vec::with_capacity(4);
    // The manifest and the feed (every brief): like the print edition,
    // they can wait for after the pages an editor is looking at.
    let whole_site_now = |path: &str| match set.print {
        PrintEdition::WithPages => wanted(path),
        PrintEdition::Later => false,
        PrintEdition::Only => true,
    };
    if whole_site_now(crate::changes::MANIFEST) {
        files.push(FileJob::Manifest);
    }
    if whole_site_now(crate::feeds::FEED) {
        files.push(FileJob::Feed);
    }
    if wanted(crate::feeds::SITEMAP) {
        files.push(FileJob::Sitemap);
    }
    // The print edition shows everything: whatever else is rendered, it is
    // (now or later).
    let anything =
        set.site_pages.is_none_or(|w| !w.is_empty()) || set.entries.is_none_or(|w| !w.is_empty());
    let print_now = match set.print {
        PrintEdition::WithPages => anything,
        PrintEdition::Later => {
            if let Some(sections) = set.print_sections {
                sections.mark_stale(data, set);
            }
            false
        }
        PrintEdition::Only => true,
    };
    if print_now {
        let (page, running_head) = print::print_page(&renderer, set);
        jobs.push(PageJob::Print(Box::new(page)));
        files.push(FileJob::Ready(running_head));
    }
    let site = renderer.site_view();
    // Made into a template value once; each page's context takes a clone.
    let site_value = tera::Value::from_serializable(&site);
    // Static files are linked with `?v=` this version, so that a browser
    // never mixes a cached script or stylesheet with newer pages.
    let highlight_css = crate::highlight::stylesheet();
    let asset_version = format!(
        "{:016x}",
        crate::search::hash::combine(
            theme
                .statics
                .iter()
                .map(|(name, bytes)| crate::search::hash::combine([
                    crate::search::hash::content_hash(name.as_bytes()),
                    crate::search::hash::content_hash(bytes),
                ]))
                .chain([crate::search::hash::content_hash(highlight_css.as_bytes())])
        )
    );
    let results: Vec<Result<(), Vec<Diagnostic>>> = jobs
        .into_par_iter()
        .map(|job| {
            let mut print = None;
            let mut p = match job {
                PageJob::Entry(i) => renderer.entry_page(i),
                PageJob::Home => renderer.home_page(),
                PageJob::List(kind) => renderer.list_page(kind),
                PageJob::Timeline => renderer.timeline_page(),
                PageJob::Network => renderer.network_page(),
                PageJob::Changes => renderer.changes_page(),
                PageJob::Coverage => renderer.coverage_page(),
                PageJob::Simple(template, title) => renderer.simple_page(template, template, title),
                PageJob::Print(page) => {
                    let print::PrintPage { page, spliced } = *page;
                    print = Some(spliced);
                    page
                }
            };
            p.context.insert_value("site", site_value.clone());
            // The 404 page is served at any depth: it links from the base URL.
            let root = if p.path == "404.html" {
                site.base_url
            } else {
                p.root
            };
            p.context.insert("root", root);
            p.context.insert("live_reload", &data.live_reload);
            p.context.insert("asset_version", &asset_version);
            p.context.insert("page_path", &p.path);
            if !p.context.contains_key("description") {
                p.context.insert("description", site.description);
            }
            match print {
                Some(spliced) => {
                    let html = theme.render(p.template, &p.context).map_err(|d| vec![d])?;
                    print::write_print_page(
                        &renderer,
                        theme,
                        set.print_sections,
                        &spliced,
                        &html,
                        &sink,
                    )
                }
                None => {
                    let bytes = theme
                        .render_bytes(p.template, &p.context)
                        .map_err(|d| vec![d])?;
                    sink(
                        OutputFile {
                            path: p.path,
                            bytes,
                        },
                        Piece::Start,
                    )
                    .map_err(|d| vec![d])
                }
            }
        })
        .chain(files.into_par_iter().map(|job| {
            match job {
                // Tens of MB on a large site: written as it is serialized.
                FileJob::Manifest => {
                    let mut out = Chunked::new(crate::changes::MANIFEST, &sink);
                    let written = data.changes.write_manifest(data, &mut out);
                    // The writer fails only when the sink did, which
                    // `finish` returns.
                    out.finish().map(|()| {
                        written.expect("a manifest serializes when its writer takes it");
                    })
                }
                FileJob::Feed => sink(crate::feeds::atom(data), Piece::Start),
                FileJob::Sitemap => match crate::feeds::sitemap(data) {
                    Some(f) => sink(f, Piece::Start),
                    None => Ok(()),
                },
                FileJob::Ready(f) => sink(f, Piece::Start),
            }
            .map_err(|d| vec![d])
        }))
        .filter(Result::is_err)
        .collect();
    let mut errors = Vec::new();
    for d in results.into_iter().filter_map(Result::err).flatten() {
        if !errors.contains(&d) {
            errors.push(d);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(())
}

/// The print edition alone, its sections kept in `sections` by earlier
/// renders but for those marked stale: what rebuilds with
/// [`PrintEdition::Later`] left to do.
pub fn render_print_edition(
    data: &SiteData,
    theme: &Theme,
    sections: &print::Sections,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let no_entries = std::collections::HashSet::new();
    let no_site_pages = BTreeSet::new();
    render_pages(
        data,
        theme,
        PageSet {
            entries: Some(&no_entries),
            site_pages: Some(&no_site_pages),
            print_sections: Some(sections),
            print: PrintEdition::Only,
        },
    )
}

/// The theme's static files and the code highlighting stylesheet.
pub fn static_files(theme: &Theme) -> Vec<OutputFile> {
    let mut files = Vec::with_capacity(theme.statics.len() + 1);
    for (name, bytes) in &theme.statics {
        files.push(OutputFile {
            path: format!("static/{name}"),
            bytes: bytes.clone(),
        });
    }
    files.push(OutputFile {
        path: "static/highlight.css".into(),
        bytes: crate::highlight::stylesheet().into_bytes(),
    });
    files
}
