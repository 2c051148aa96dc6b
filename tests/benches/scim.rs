//! Throughput of the SCIM core on 100,000 generated resources:
//! one filter parsed once and evaluated per user, and a PATCH generated
//! and applied per (current, desired) pair. Run with `cargo bench --bench scim`;
//! criterion reports `thrpt` in resources (elements) per second, and a plain
//! line per benchmark repeats it as "resources per second".

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use scim_mapper::scim::filter;
use scim_mapper::scim::patch;
use scim_mapper::scim::path::AttrPath;
use scim_mapper::scim::schema::{SchemaSet, ENTERPRISE_USER_SCHEMA};
use serde_json::{json, Value};
use std::hint::black_box;
use std::time::{Duration, Instant};

const COUNT: usize = 100_000;

/// Deterministic pseudo-random numbers (no RNG crate needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound.max(1)
    }
}

const TITLES: &[&str] = &[
    "Engineer",
    "Manager",
    "Designer",
    "Sales Rep",
    "engineering lead",
];
const DEPARTMENTS: &[&str] = &["Sales", "R&D", "Support", "Finance"];
const DOMAINS: &[&str] = &["example.com", "example.org", "corp.example.com"];

fn user(rng: &mut Lcg, index: usize) -> Value {
    let country = ["US", "FR", "DE"][rng.next(3) as usize];
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE_USER_SCHEMA],
        "id": format!("id-{index}"),
        "userName": format!("user{index}@{}", DOMAINS[rng.next(3) as usize]),
        "name": {"formatted": format!("User {index}")},
        "title": TITLES[rng.next(TITLES.len() as u64) as usize],
        "userType": if rng.next(4) == 0 { "Contractor" } else { "Employee" },
        "active": rng.next(10) != 0,
        "emails": [
            {"value": format!("user{index}@{}", DOMAINS[rng.next(3) as usize]), "type": "work", "primary": true},
            {"value": format!("u{index}@home.example.net"), "type": "home"}],
        "addresses": [{"type": "work", "country": country, "locality": "City"}],
        "meta": {"lastModified": format!("2024-0{}-1{}T10:00:00Z", 1 + rng.next(9), rng.next(10))},
        ENTERPRISE_USER_SCHEMA: {"department": DEPARTMENTS[rng.next(4) as usize], "manager": {"value": format!("id-{}", rng.next(1000))}},
    })
}

fn users(seed: u64) -> Vec<Value> {
    let mut rng = Lcg(seed);
    (0..COUNT).map(|i| user(&mut rng, i)).collect()
}

fn report(label: &str, started: Instant) {
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{label}: {COUNT} resources in {seconds:.3} s = {:.0} resources per second",
        COUNT as f64 / seconds
    );
}

fn filter_benchmark(c: &mut Criterion) {
    let population = users(7);
    let set = SchemaSet::rfc7643();
    let schema = set.resource("User").expect("User");
    let parsed = filter::parse(
        r#"userType eq "Employee" and (emails[type eq "work" and value co "@example.com"] or title sw "eng") and not (active eq false) and meta.lastModified gt "2024-03-01T00:00:00Z""#,
    )
    .expect("benchmark filter parses");
    // Compiled once, as `ResourceSet.filter` does.
    let compiled = parsed.compile(Some(&schema));
    let started = Instant::now();
    let matched = population.iter().filter(|u| compiled.matches(u)).count();
    report(&format!("filter ({matched} matched)"), started);

    let mut group = c.benchmark_group("filter");
    group.throughput(Throughput::Elements(COUNT as u64));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("evaluate 100k users", |b| {
        b.iter(|| {
            population
                .iter()
                .filter(|u| compiled.matches(black_box(u)))
                .count()
        })
    });
    group.finish();
}

fn patch_benchmark(c: &mut Criterion) {
    let current = users(7);
    let desired = users(8);
    let set = SchemaSet::rfc7643();
    let schema = set.resource("User").expect("User");
    let managed: Vec<AttrPath> = [
        "userName",
        "title",
        "active",
        "name.formatted",
        r#"emails[type eq "work"].value"#,
        r#"addresses[type eq "work"].country"#,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
    ]
    .iter()
    .map(|p| schema.resolve(p).expect("managed path resolves"))
    .collect();
    let run = || {
        let mut changed = 0;
        for (a, b) in current.iter().zip(&desired) {
            if let Some(request) = patch::generate(a, b, &managed, Some(&schema)) {
                let applied =
                    patch::apply(a, &request, Some(&schema)).expect("generated PATCH applies");
                changed += usize::from(black_box(applied).is_object());
            }
        }
        changed
    };
    let started = Instant::now();
    let changed = run();
    report(
        &format!("patch generate+apply ({changed} changed)"),
        started,
    );

    let mut group = c.benchmark_group("patch");
    group.throughput(Throughput::Elements(COUNT as u64));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("generate+apply 100k pairs", |b| b.iter(run));
    group.finish();
}

criterion_group!(benches, filter_benchmark, patch_benchmark);
criterion_main!(benches);
