//! Prints the print edition (`print.html`) to a PDF through a locally
//! installed Chromium: headless print-to-PDF, with the headings as the PDF's
//! bookmarks (`--generate-pdf-document-outline`).
//!
//! Chromium runs with a throw-away profile, no network (every host name
//! resolves to nothing: the page is read from disk and needs none), and a
//! deadline; the PDF appears at its destination only once it is whole.

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
}

/// Prints the page `html` (a file) to the PDF `out` with `browser`, giving
/// it `timeout`. `out` is replaced only by a whole PDF.
pub fn print_to_pdf(
    browser: &Path,
    html: &Path,
    out: &Path,
    timeout: Duration,
) -> Result<Printed, PdfError> {
    let started = Instant::now();
    let io = |doing, path: &Path| {
        let path = path.to_path_buf();
        move |source| PdfError::Io {
            doing,
            path,
            source,
        }
    };
    let html = std::path::absolute(html).map_err(io("find", html))?;
    let page = url::Url::from_file_path(&html).map_err(|()| PdfError::Io {
        doing: "open",
        path: html.clone(),
        source: std::io::Error::other("not an absolute path"),
    })?;
    let work = tempfile::Builder::new()
        .prefix("briefbook-pdf-")
        .tempdir()
        .map_err(io("create a temporary folder for", &std::env::temp_dir()))?;
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
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut staged = tempfile::Builder::new()
        .prefix(".briefbook-pdf-")
        .tempfile_in(dir)
        .map_err(io("write to", dir))?;
    let mut from = std::fs::File::open(&printed).map_err(io("read", &printed))?;
    let bytes = std::io::copy(&mut from, staged.as_file_mut()).map_err(io("write", out))?;
    staged.persist(out).map_err(|e| io("write", out)(e.error))?;
    Ok(Printed {
        bytes,
        elapsed: started.elapsed(),
    })
}

/// The last `n` lines of a log that say something.
fn last_lines(log: &str, n: usize) -> String {
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
