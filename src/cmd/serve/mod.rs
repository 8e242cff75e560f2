//! `briefbook serve`: builds the site with live reload, serves `site/` over
//! HTTP and rebuilds when the project's sources change.
//!
//! Three parts, each in its own module: [`http`] answers requests (the files
//! of `site/`, never anything outside it, and the live-reload event stream),
//! [`watch`] turns file changes into rebuilds on one thread, and [`live`]
//! carries each rebuild's outcome from that thread to every open page. A
//! failed rebuild writes nothing, so the last good site stays served while
//! its errors show in the terminal and on the pages.
//!
//! The whole server is behind the default cargo feature `serve`; without it
//! the command only says so (exit code 2).

use super::Outcome;

use crate::cli::ServeArgs;

#[cfg(feature = "serve")]
mod http;
#[cfg(feature = "serve")]
mod live;
#[cfg(feature = "serve")]
mod watch;

/// Runs until interrupted. Exit code 1 when the address cannot be listened
/// on or the runtime cannot start.
#[cfg(feature = "serve")]
pub fn run_serve(args: &ServeArgs) -> Outcome {
    // The server returns only when it cannot start: a port in use or a
    // project folder that cannot be found is a failure of the machine.
    match serve(args) {
        Ok(()) => Outcome::Clean,
        Err(message) => {
            eprintln!("{message}");
            Outcome::Failure
        }
    }
}

/// The binary was built without the server: say how to get it.
#[cfg(not(feature = "serve"))]
pub fn run_serve(_args: &ServeArgs) -> Outcome {
    eprintln!(
        "error: this briefbook was built without the `serve` feature\n  = hint: rebuild it with default features (`cargo build --release`), or use `briefbook build` and open site/index.html"
    );
    Outcome::Failure
}

#[cfg(feature = "serve")]
fn serve(args: &ServeArgs) -> Result<(), String> {
    use crate::site::{BuildOptions, Session};

    // Absolute, so that the watcher reports absolute paths and the server's
    // confinement check compares like with like.
    let root = std::path::absolute(&args.common.root)
        .map_err(|e| format!("error: cannot find the project folder: {e}"))?;
    let site = root.join("site");
    // Every rebuild compares with the site as it was when serve started
    // (or with --previous): the session reads it once, before replacing it.
    let previous = crate::cmd::build::previous(&args.previous, &site)
        .map_err(|_| "error: cannot start the preview".to_string())?;

    // Listen before building, so that a port in use fails at once rather
    // than after a whole build.
    let listener = std::net::TcpListener::bind((args.host.as_str(), args.port)).map_err(|e| {
        format!(
            "error: cannot listen on {}:{}: {e}\n  = hint: pass another --port, or --port 0 for any free one",
            args.host, args.port
        )
    })?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("error: cannot read the listening address: {e}"))?;
    if !address.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}, which other machines may reach: they can read the preview\n  = hint: leave out --host to listen on 127.0.0.1 only",
            address.ip()
        );
    }
    listener
        .set_nonblocking(true)
        .map_err(|e| format!("error: cannot set up the listener: {e}"))?;

    let mut session = Session::new(BuildOptions {
        root: root.clone(),
        output: Some(site.clone()),
        archive: args.common.archive.clone(),
        strict: args.common.strict,
        live_reload: true,
        edition: args.common.edition,
        previous,
    });
    let printing = crate::cmd::Printing::from_args(&args.common);
    let live = live::Live::default();
    // Watch before the first build, so that an edit made during it is not
    // missed: it is queued and rebuilt right after.
    let config = crate::config::Config::load(&root).ok();
    let archive = args
        .common
        .archive
        .clone()
        .or_else(|| Some(root.join(config.as_ref()?.archive.as_ref()?)));
    let bibliographies = config.map(|c| c.bibliography).unwrap_or_default();
    let watcher = watch::Watcher::start(&root, archive.as_deref(), &bibliographies)
        .map_err(|e| format!("error: cannot watch {} for changes: {e}", root.display()))?;
    live.publish(&session.build(), printing);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("error: cannot start the server: {e}"))?;
    let building = watcher.rebuild_on_change(session, live.clone(), printing);
    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let url = format!("http://{address}/");
        println!("serving {url} (rebuilding on changes; Ctrl-C stops)");
        if args.open
            && let Err(e) = opener::open_browser(&url)
        {
            eprintln!("warning: cannot open a browser: {e}");
        }
        tokio::select! {
            served = axum::serve(listener, http::router(site, live)) => served,
            () = stop_signal() => Ok(()),
        }
    });
    served.map_err(|e| format!("error: the server stopped: {e}"))?;
    // Interrupted: let a build under way finish, so that site/ is left
    // whole (its pages and its search index of one build), then stop.
    // Holding the lock keeps the next build from starting.
    println!("stopping: waiting for the build under way, if any");
    let _building = building.lock().unwrap_or_else(|e| e.into_inner());
    println!("stopped");
    Ok(())
}

/// Ctrl-C, or (on Unix) the `SIGTERM` that service managers and `kill` send.
#[cfg(feature = "serve")]
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
