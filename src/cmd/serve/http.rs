//! The preview's HTTP side: the files of `site/` through tower-http's
//! `ServeDir`, the 404 page for anything missing, and the live-reload events
//! at `/__briefbook/events`. Every response says `Cache-Control: no-store`,
//! so a reload always shows the latest build.
//!
//! No byte from outside `site/` is ever served. `ServeDir` decodes the path
//! once and refuses `..`, roots and prefixes; what it still allows is a
//! symlink inside `site/` pointing out of it, which [`InsideSite`] refuses at
//! the moment a file is opened, by resolving the path and checking that it
//! is still under the resolved `site/`.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::handler::Handler;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};
use tower_http::services::ServeDir;
use tower_http::services::fs::{Backend, TokioBackend, TokioFile};
use tower_http::set_header::SetResponseHeaderLayer;

use super::live::{Live, Signal};

/// Where pages listen for rebuilds (themes/default/static/briefbook.js).
const EVENTS_PATH: &str = "/__briefbook/events";

/// The whole server: `site` is the absolute path of the output folder.
pub fn router(site: PathBuf, live: Live) -> Router {
    let inside = InsideSite {
        site: Arc::from(site.as_path()),
    };
    let files = ServeDir::with_backend(&site, inside.clone())
        .not_found_service(not_found_page.with_state(inside));
    Router::new()
        .route(EVENTS_PATH, get(events))
        .with_state(live)
        .fallback_service(files)
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

/// The live-reload stream: the current errors at once if the last build
/// failed, then a "reload" or "errors" event after each rebuild.
async fn events(State(live): State<Live>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let (failing, signals) = live.subscribe();
    let now = tokio_stream::iter(failing.map(Signal::Errors));
    // A receiver that lagged behind has missed signals; the next one it gets
    // is as good as any it missed, so lagging is skipped over.
    let later = BroadcastStream::new(signals).filter_map(Result::ok);
    let stream = now.chain(later).map(|signal| {
        Ok(match signal {
            // An event with no data is never dispatched by EventSource.
            Signal::Reload => Event::default().event("reload").data("reload"),
            Signal::Errors(json) => Event::default().event("errors").data(&*json),
        })
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// `site/404.html` with status 404; plain text while no build has succeeded.
async fn not_found_page(State(inside): State<InsideSite>) -> Response {
    let page = match inside.resolve(inside.site.join("404.html")).await {
        Ok(path) => tokio::fs::read(path).await.ok(),
        Err(_) => None,
    };
    match page {
        Some(html) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            "not found (and no site/404.html: has a build succeeded yet? see the terminal)\n",
        )
            .into_response(),
    }
}

/// `ServeDir`'s file system, confined to `site/`: a path whose real
/// location (symlinks followed) is outside `site/` is reported as missing.
#[derive(Debug, Clone)]
struct InsideSite {
    site: Arc<Path>,
}

impl InsideSite {
    /// The real path of `path` if it lies inside the real `site/`. The site
    /// folder is resolved on every call because each build puts a new one
    /// in place.
    ///
    /// Any path that cannot be resolved (missing, a name too long, a
    /// symlink loop, a NUL byte) is reported as missing: it names no file
    /// the server could send, and the reader gets the 404 page rather than
    /// a server error.
    async fn resolve(&self, path: PathBuf) -> io::Result<PathBuf> {
        let missing = |_| io::Error::from(io::ErrorKind::NotFound);
        let site = tokio::fs::canonicalize(&self.site).await.map_err(missing)?;
        let real = tokio::fs::canonicalize(&path).await.map_err(missing)?;
        if real.starts_with(&site) {
            Ok(real)
        } else {
            Err(io::Error::new(io::ErrorKind::NotFound, "outside site/"))
        }
    }
}

type IoFuture<T> = Pin<Box<dyn Future<Output = io::Result<T>> + Send>>;

impl Backend for InsideSite {
    type File = TokioFile;
    type Metadata = std::fs::Metadata;
    type OpenFuture = IoFuture<TokioFile>;
    type MetadataFuture = IoFuture<std::fs::Metadata>;

    fn open(&self, path: PathBuf) -> Self::OpenFuture {
        let inside = self.clone();
        // Opening the resolved path, which has no symlink left in it, rather
        // than `path`, so a link swapped in after the check is not followed.
        Box::pin(async move { TokioBackend.open(inside.resolve(path).await?).await })
    }

    fn metadata(&self, path: PathBuf) -> Self::MetadataFuture {
        let inside = self.clone();
        Box::pin(async move { TokioBackend.metadata(inside.resolve(path).await?).await })
    }
}
