//! Prints the print edition (`print.html`) to a PDF through a locally
//! installed Chromium: headless print-to-PDF, with the headings as the PDF's
//! bookmarks (`--generate-pdf-document-outline`).
//!
//! Chromium runs with a throw-away profile, no network (every host name
//! resolves to nothing: the page is read from disk and needs none), and a
//! deadline; the PDF appears at its destination only once it is whole.
//! The contents get their page numbers from a second printing
//! ([`contents`]).

pub mod contents;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

/// The environment variables that name the browser, most specific first.
pub const CHROME_VARS: [&str; 2] = ["BRIEFBOOK_CHROME", "CHROME"];

/// The names Chromium and Chrome are installed under on PATH.
const CHROME_NAMES: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// How to get a browser, said wherever one is missing.
pub const INSTALL_HINT: &str = "install Chromium (Debian and Ubuntu: `sudo apt install chromium`; macOS: `brew install --cask chromium`) or set BRIEFBOOK_CHROME to the path of a Chromium or Chrome executable";

/// Why no PDF was written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("no Chromium or Chrome found to print the PDF with (looked on PATH for {})", CHROME_NAMES.join(", "))]
    NoChromium,
    #[error("{var} is set to `{value}`, which is not an executable that exists")]
    ChromeVarNotFound { var: &'static str, value: String },
    #[error("Chromium ({browser}) did not finish printing within {seconds} s and was stopped")]
    TimedOut { browser: PathBuf, seconds: u64 },
    #[error("Chromium ({browser}) failed to print the PDF ({status}){}", if stderr.is_empty() { String::new() } else { format!(":\n{stderr}") })]
    ChromiumFailed {
        browser: PathBuf,
        status: String,
        stderr: String,
    },
    #[error("cannot {doing} {}: {source}", path.display())]
    Io {
        doing: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

impl PdfError {
    /// What to do about it.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            PdfError::NoChromium | PdfError::ChromeVarNotFound { .. } => Some(INSTALL_HINT),
            PdfError::TimedOut { .. } => {
                Some("a very large briefing takes long to lay out: try a longer `--timeout`")
            }
            PdfError::ChromiumFailed { .. } => Some(
                "run the command Chromium failed with by hand to see more, or try another browser with BRIEFBOOK_CHROME",
            ),
            PdfError::Io { .. } => Some("check that the folder exists and is writable"),
        }
    }
}

/// The browser to print with: the one `BRIEFBOOK_CHROME` or `CHROME` names
/// (a path, or a name looked up on PATH), else the first of Chromium's and
/// Chrome's usual names found on PATH.
pub fn find_chromium() -> Result<PathBuf, PdfError> {
    for var in CHROME_VARS {
        let Some(value) = std::env::var_os(var).filter(|v| !v.is_empty()) else {
            continue;
        };
        return which::which(&value).map_err(|_| PdfError::ChromeVarNotFound {
            var,
            value: value.to_string_lossy().into_owned(),
        });
    }
    CHROME_NAMES
        .iter()
        .find_map(|name| which::which(name).ok())
        .ok_or(PdfError::NoChromium)
}

/// What [`print_to_pdf`] did.
#[derive(Debug)]
pub struct Printed {
    pub bytes: u64,
    pub elapsed: Duration,
    /// How the contents got their page numbers.
    pub contents: Contents,
}

/// Whether the PDF's contents have page numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    /// Numbered, after printing so many times (2 unless filling in the
    /// numbers moved a section).
    Numbered { printings: usize },
    /// The page has no contents to number.
    NoContents,
    /// Printed without numbers, for this reason (the PDF could not be read
    /// back); the PDF is otherwise whole.
    NotNumbered(String),
}

/// How many times a page is printed at most to settle its contents' page
/// numbers: numbers of a fixed width move nothing, so the second printing
/// is the last unless a browser lays them out otherwise.
const MAX_PRINTINGS: usize = 4;

/// Prints the print edition `html` (a file) to the PDF `out` with
/// `browser`, giving each printing `timeout`, with page numbers in its
/// contents: it prints a copy of the page (beside it, so that its relative
/// links hold, and removed after), reads where each section starts, and
/// prints the copy again with the numbers filled in. `out` is replaced only
/// by a whole PDF.
pub fn print_to_pdf(
    browser: &Path,
    html: &Path,
    out: &Path,
    timeout: Duration,
) -> Result<Printed, PdfError> {
    let started = Instant::now();
    let page = std::fs::read_to_string(html).map_err(io("read", html))?;
    let targets = contents::contents_targets(&page).unwrap_or_default();
    if targets.is_empty() {
        let mut printed = print_page(browser, html, out, timeout)?;
        printed.contents = Contents::NoContents;
        printed.elapsed = started.elapsed();
        return Ok(printed);
    }
    let dir = match html.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let work = temp_folder("briefbook-pages-")?;
    let mut pages = std::collections::BTreeMap::new();
    let mut printings = 0;
    let contents = loop {
        let numbered = contents::number_contents(&page, &pages).map_err(|e| PdfError::Io {
            doing: "number the contents of",
            path: html.to_path_buf(),
            source: std::io::Error::other(e),
        })?;
        let copy = tempfile::Builder::new()
            .prefix(".briefbook-print-")
            .suffix(".html")
            .tempfile_in(dir)
            .map_err(io("write a numbered copy of the page in", dir))?;
        std::fs::write(copy.path(), numbered).map_err(io("write", copy.path()))?;
        printings += 1;
        let pdf = work.path().join(format!("printing-{printings}.pdf"));
        print_page(browser, copy.path(), &pdf, timeout)?;
        let bytes = std::fs::read(&pdf).map_err(io("read", &pdf))?;
        let found = match contents::destination_pages(&bytes) {
            Ok(found) => found,
            Err(why) => break (pdf, Contents::NotNumbered(why)),
        };
        if let Some(missing) = targets.iter().find(|t| !found.contains_key(*t)) {
            let why = format!("the PDF does not say on which page `#{missing}` is");
            break (pdf, Contents::NotNumbered(why));
        }
        let settled = printings > 1 && targets.iter().all(|t| found.get(t) == pages.get(t));
        if settled {
            break (pdf, Contents::Numbered { printings });
        }
        if printings == MAX_PRINTINGS {
            let why = format!("the page numbers still moved after {printings} printings");
            break (pdf, Contents::NotNumbered(why));
        }
        pages = found;
    };
    let (pdf, contents) = contents;
    let bytes = place(&pdf, out)?;
    Ok(Printed {
        bytes,
        elapsed: started.elapsed(),
        contents,
    })
}

/// The error of `doing` something to `path`, for `map_err`.
fn io(doing: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> PdfError {
    let path = path.to_path_buf();
    move |source| PdfError::Io {
        doing,
        path,
        source,
    }
}

/// A temporary folder, removed when dropped.
fn temp_folder(prefix: &str) -> Result<tempfile::TempDir, PdfError> {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .map_err(io("create a temporary folder for", &std::env::temp_dir()))
}

/// Prints the page `html` (a file) to the PDF `out` with `browser`, giving
/// it `timeout`. `out` is replaced only by a whole PDF.
fn print_page(
    browser: &Path,
    html: &Path,
    out: &Path,
    timeout: Duration,
) -> Result<Printed, PdfError> {
    let started = Instant::now();
    let html = std::path::absolute(html).map_err(io("find", html))?;
    let page = url::Url::from_file_path(&html).map_err(|()| PdfError::Io {
        doing: "open",
        path: html.clone(),
        source: std::io::Error::other("not an absolute path"),
    })?;
    let work = temp_folder("briefbook-pdf-")?;
    let printed = work.path().join("print.pdf");
    let stderr_path = work.path().join("chromium.log");
    let stderr = std::fs::File::create(&stderr_path).map_err(io("create", &stderr_path))?;

    let mut print_to = OsString::from("--print-to-pdf=");
    print_to.push(&printed);
    let mut profile = OsString::from("--user-data-dir=");
    profile.push(work.path().join("profile"));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            // Containers and CI run as root, where Chromium's sandbox cannot
            // start; the page is briefbook's own, without scripts (its CSP
            // allows none inline) and without network (below).
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-sync",
            "--disable-background-networking",
            "--disable-component-update",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
        ])
        .arg(profile)
        .arg(print_to)
        .arg(page.as_str())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(io("run", browser))?;
    let status = match child
        .wait_timeout(timeout)
        .map_err(io("wait for", browser))?
    {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(PdfError::TimedOut {
                browser: browser.to_path_buf(),
                seconds: timeout.as_secs(),
            });
        }
    };
    let is_pdf = std::fs::read(&printed).is_ok_and(|b| b.starts_with(b"%PDF-"));
    if !status.success() || !is_pdf {
        let log = std::fs::read_to_string(&stderr_path).unwrap_or_default();
        return Err(PdfError::ChromiumFailed {
            browser: browser.to_path_buf(),
            status: if status.success() {
                "it wrote no PDF".to_string()
            } else {
                status.to_string()
            },
            stderr: last_lines(&log, 12),
        });
    }
    let bytes = place(&printed, out)?;
    Ok(Printed {
        bytes,
        elapsed: started.elapsed(),
        contents: Contents::NoContents,
    })
}

/// Copies the PDF `printed` to `out` atomically: through a temporary file
/// beside `out`, renamed over it once whole. Returns its size.
fn place(printed: &Path, out: &Path) -> Result<u64, PdfError> {
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut staged = tempfile::Builder::new()
        .prefix(".briefbook-pdf-")
        .tempfile_in(dir)
        .map_err(io("write to", dir))?;
    let mut from = std::fs::File::open(printed).map_err(io("read", printed))?;
    let bytes = std::io::copy(&mut from, staged.as_file_mut()).map_err(io("write", out))?;
    staged.persist(out).map_err(|e| io("write", out)(e.error))?;
    Ok(bytes)
}

/// The last `n` lines of a log that say something.
fn last_lines(log: &str, n: usize) -> String {
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
