//! Benchmarks a whole build (`site::build`) on synthetic content of several
//! sizes; the growth from one size to the next shows whether any stage is
//! worse than linear. Run with `cargo bench --bench build`.

#[path = "synthetic.rs"]
mod synthetic;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use briefbook::site::{BuildOptions, build};

/// The binary's allocator (see `src/main.rs`), so that the figures are the
/// binary's.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn bench_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    for n in [100, 1000] {
        let dir = tempfile::tempdir().expect("temp dir");
        synthetic::generate(dir.path(), n).expect("generate");
        let options = BuildOptions {
            root: dir.path().to_path_buf(),
            output: Some(dir.path().join("site")),
            archive: None,
            strict: false,
            live_reload: false,
            edition: Default::default(),
            previous: Default::default(),
        };
        group.bench_with_input(BenchmarkId::from_parameter(n), &options, |b, o| {
            b.iter(|| build(o).expect("the synthetic site builds"));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_build);
criterion_main!(benches);
