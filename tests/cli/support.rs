//! The builder the tests share: a fixture copied to a temporary folder, the
//! binary run in it, and what it printed and left on disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The fixtures folder of the repository.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A project in a temporary folder, copied from a fixture so that builds can
/// write `site/` without touching the repository.
pub struct Project {
    dir: TempDir,
}

impl Project {
    /// A copy of `tests/fixtures/<name>` (e.g. `errors/unknown-actor`).
    pub fn from_fixture(name: &str) -> Project {
        let from = fixtures().join(name);
        assert!(from.is_dir(), "no fixture {}", from.display());
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_tree(&from, dir.path());
        Project { dir }
    }

    /// An empty folder, for commands run outside any project.
    pub fn empty() -> Project {
        Project {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
        std::fs::write(path, text).expect("write file");
    }

    /// Runs `briefbook ARGS` in the project folder, as an editor would.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs `briefbook ARGS` with extra environment variables. Output is a
    /// pipe, so it is plain unless `env` forces colour.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::cargo_bin("briefbook")
            .expect("the briefbook binary")
            .args(args)
            .current_dir(self.root())
            // The caller's terminal settings must not leak into the tests.
            .env_remove("CLICOLOR_FORCE")
            .env_remove("NO_COLOR")
            .envs(env.iter().copied())
            .output()
            .expect("briefbook runs");
        Run {
            code: output.status.code().expect("an exit code"),
            stdout: without_timings(&String::from_utf8_lossy(&output.stdout)),
            stderr: without_timings(&String::from_utf8_lossy(&output.stderr)),
        }
    }

    /// Puts a previous build in `site/`, to show that a failed build leaves
    /// it alone. Returns every file of the project as it is now.
    pub fn with_previous_site(&self) -> Tree {
        self.write("site/index.html", "<p>the previous build</p>\n");
        self.write("site/briefs/old.html", "<p>an old brief</p>\n");
        self.tree()
    }

    /// Every file under the project folder, with its bytes.
    pub fn tree(&self) -> Tree {
        Tree::of(self.root())
    }
}

/// What one run of the binary printed, with timings replaced by `[TIME]`.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts a failed run: exactly `stderr`, nothing on stdout, exit 1.
    #[track_caller]
    pub fn assert_fails_with(&self, stderr: &str) {
        assert_eq!(
            self.stderr, stderr,
            "stderr differs; stdout: {}",
            self.stdout
        );
        assert_eq!(self.stdout, "");
        assert_eq!(self.code, 1);
    }

    /// Asserts a successful run with exactly `stderr` (warnings) printed.
    #[track_caller]
    pub fn assert_succeeds_with(&self, stderr: &str) {
        assert_eq!(
            self.stderr, stderr,
            "stderr differs; stdout: {}",
            self.stdout
        );
        assert_eq!(self.code, 0, "stdout: {}", self.stdout);
    }

    /// The number of diagnostics of a severity printed (`: error[BB021]: `).
    pub fn count(&self, severity: &str) -> usize {
        self.stderr
            .lines()
            .filter(|l| l.contains(&format!(": {severity}[")))
            .count()
    }
}

/// Files under a folder and their contents, for comparing whole trees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree(pub BTreeMap<String, Vec<u8>>);

impl Tree {
    pub fn of(root: &Path) -> Tree {
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = entry.expect("walk the tree");
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(root).expect("under the root");
                let rel = rel.to_string_lossy().replace('\\', "/");
                files.insert(rel, std::fs::read(entry.path()).expect("read file"));
            }
        }
        Tree(files)
    }

    pub fn paths(&self) -> Vec<&str> {
        self.0.keys().map(String::as_str).collect()
    }

    /// The files under `prefix/`, keyed relative to it.
    pub fn under(&self, prefix: &str) -> Tree {
        let prefix = format!("{prefix}/");
        Tree(
            self.0
                .iter()
                .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.to_string(), v.clone())))
                .collect(),
        )
    }
}

/// Asserts that two trees hold the same files with the same bytes, naming
/// the first difference rather than dumping both.
#[track_caller]
pub fn assert_same_tree(a: &Tree, b: &Tree) {
    assert_eq!(a.paths(), b.paths(), "the trees hold different files");
    for (path, bytes) in &a.0 {
        assert!(bytes == &b.0[path], "{path} differs between the trees");
    }
}

/// Copies the folder `from` (a fixture, a built site) to `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk the fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("under the fixture"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Replaces durations such as `0.04 s` by `[TIME] s`, so messages compare
/// exactly.
fn without_timings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(" s") {
        let head = &rest[..i];
        let number_start = head
            .rfind(|c: char| !(c.is_ascii_digit() || c == '.'))
            .map_or(0, |j| j + 1);
        let number = &head[number_start..];
        let is_duration = number.contains('.') && number.chars().any(|c| c.is_ascii_digit());
        if is_duration {
            out.push_str(&head[..number_start]);
            out.push_str("[TIME] s");
        } else {
            out.push_str(head);
            out.push_str(" s");
        }
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

#[test]
fn timings_are_masked_but_nothing_else() {
    assert_eq!(
        without_timings("built 3 pages in 0.04 s, 2 warnings"),
        "built 3 pages in [TIME] s, 2 warnings"
    );
    assert_eq!(
        without_timings("nothing was written (12.50 s)\nthe 3 sources"),
        "nothing was written ([TIME] s)\nthe 3 sources"
    );
}
