//! Preview throughput: scope + map + validate of 100,000 generated users
//! (the built-in sample generator) with a realistic 15-mapping Asana
//! configuration (`tests/fixtures/engine/asana-sample.json`), groups included.
//!
//! The directory is read from its JSON text, as the CLI and the app read
//! a directory (untimed); one more run previews the same users converted
//! from the generator's `Value`s instead, whose records lie scattered in
//! memory: the preview is memory-bound, so that run is about 15% slower.
//!
//! Run: `cargo bench --bench preview`.
//! Prints users/second, by wall clock and by CPU time, for the whole preview
//! and for the mapping step alone; the target is 200,000 users/s natively.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use scim_mapper::mapping::config;
use scim_mapper::mapping::engine::{compile, IdMap, MapMode, MapOptions, ResourceKind, Target};
use scim_mapper::mapping::expr::EvalContext;
use scim_mapper::mapping::preview::{preview, PreviewOptions, Retain};
use scim_mapper::mapping::source::{self, Directory};
use scim_mapper::sample;
use std::time::Instant;

const USERS: usize = 100_000;

fn inputs(users: usize, from_text: bool) -> (config::Config, Directory, Target) {
    let text = include_str!("../fixtures/engine/asana-sample.json");
    let config = match config::load(text) {
        Ok(config) => config,
        Err(errors) => panic!("fixture config: {errors:?}"),
    };
    let loaded = if from_text {
        source::load_json(&sample::directory(users).to_string())
    } else {
        source::from_value(sample::directory(users))
    };
    let directory = match loaded {
        Ok(directory) => directory,
        Err(error) => panic!("sample directory: {error}"),
    };
    let target = match Target::builtin("asana") {
        Some(target) => target,
        None => panic!("asana profile"),
    };
    (config, directory, target)
}

fn bench_preview(c: &mut Criterion) {
    let mut options = PreviewOptions::default();
    // `PREVIEW_PROFILE_RETAIN=names`: what the app keeps (its preview path).
    if std::env::var("PREVIEW_PROFILE_RETAIN").as_deref() == Ok("names") {
        options.retain = Retain::UserNames;
    }
    if let Some(users) = std::env::var("PREVIEW_PROFILE_USERS")
        .ok()
        .and_then(|text| text.parse::<usize>().ok())
    {
        let (config, directory, target) = inputs(users, true);
        let result = preview(&config, &directory, &target, &options);
        println!(
            "profiled one preview of {users} users ({} items)",
            result.items.len()
        );
        return;
    }
    let (config, directory, target) = inputs(USERS, true);

    // A few plain timed runs first, printing users/second by wall clock and
    // by this thread's CPU time (the latter is what matters on a shared
    // machine), plus what the run found. Dropping the result is not timed.
    for _ in 0..3 {
        plain_run("preview", &config, &directory, &target, &options);
    }
    let (_, from_values, _) = inputs(USERS, false);
    plain_run(
        "preview (directory converted from values, not read from text)",
        &config,
        &from_values,
        &target,
        &options,
    );
    drop(from_values);

    // The mapping step alone (compile once, map every user for create).
    let users = compile(&config, &target, ResourceKind::User);
    let id_map = IdMap::new();
    let map_options = MapOptions {
        mode: MapMode::Create,
        eval: EvalContext::default(),
        id_map: &id_map,
    };
    let (start, cpu_start) = (Instant::now(), thread_cpu_seconds());
    let mapped: Vec<_> = directory
        .users
        .iter()
        .map(|user| users.map_at(user, "$", &map_options))
        .collect();
    let seconds = start.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds()
        .zip(cpu_start)
        .map(|(end, start)| end - start);
    println!(
        "map only: {} users in {seconds:.3} s wall; {}",
        mapped.len(),
        cpu.map_or("CPU time unavailable".to_string(), |cpu| format!(
            "{cpu:.3} s CPU = {:.0} users/s",
            USERS as f64 / cpu
        )),
    );
    drop(std::hint::black_box(mapped));

    let mut group = c.benchmark_group("preview");
    group.sample_size(10);
    group.throughput(Throughput::Elements(USERS as u64));
    group.bench_function("100k users, 15 mappings", |b| {
        b.iter_with_large_drop(|| preview(&config, &directory, &target, &options))
    });
    group.finish();
}

/// One timed preview, printed as `{label}: … users/s` by wall clock and by
/// this thread's CPU time.
fn plain_run(
    label: &str,
    config: &config::Config,
    directory: &Directory,
    target: &Target,
    options: &PreviewOptions,
) {
    let (start, cpu_start) = (Instant::now(), thread_cpu_seconds());
    let result = preview(config, directory, target, options);
    let seconds = start.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds()
        .zip(cpu_start)
        .map(|(end, start)| end - start);
    let findings: usize = result.items.iter().map(|item| item.diagnostics.len()).sum();
    println!(
        "{label}: {USERS} users ({} in scope, {} groups, {findings} record findings): \
         {:.3} s wall = {:.0} users/s; {}",
        result.in_scope_users,
        result.total_groups,
        seconds,
        USERS as f64 / seconds,
        cpu.map_or("CPU time unavailable".to_string(), |cpu| format!(
            "{cpu:.3} s CPU = {:.0} users/s",
            USERS as f64 / cpu
        )),
    );
    drop(std::hint::black_box(result));
}

/// This thread's CPU time (Linux `/proc/thread-self/schedstat`), so a
/// busy machine does not distort the figure; `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}

criterion_group!(benches, bench_preview);
criterion_main!(benches);
