//! A whole sync as the app runs it (users, then groups with the ids just
//! learned), against the in-memory SCIM target: everything lands, the
//! links make the second sync send nothing, and a dry run writes nothing.

use scim_mapper::mapping::engine::Target;
use scim_mapper::mapping::source;
use scim_mapper::sample;
use scim_mapper::sync::memory::{run_simulated, MemoryScim, VirtualClock};
use scim_mapper::sync::{
    import_snapshot, run_sync, Control, DryRun, ExecuteOptions, ImportOptions, Links, Phase,
    PlanOptions, SyncInput, SyncOutcome, TargetSnapshot,
};
use scim_mapper::workspace::starter_config;

const NOW: f64 = 1_795_348_800_000.0;

fn sync(
    scim: &MemoryScim,
    clock: &VirtualClock,
    links: &Links,
    dry_run: bool,
) -> (SyncOutcome, Vec<Phase>) {
    let config = starter_config();
    let directory = source::from_value(sample::directory(60)).unwrap();
    let (target, _) = Target::for_config(&config);
    let snapshot: TargetSnapshot =
        run_simulated(clock, import_snapshot(scim, &ImportOptions::default()))
            .unwrap()
            .unwrap();
    let input = SyncInput {
        config: &config,
        directory: &directory,
        snapshot: &snapshot,
        target: &target,
        links,
        plan: PlanOptions {
            now_millis: NOW as i64,
            seed: 1,
            patch_supported: None,
        },
        execute: ExecuteOptions::default(),
    };
    let control = Control::new();
    let mut phases = Vec::new();
    let mut on_progress = |phase: Phase, _: &scim_mapper::sync::Progress| {
        if phases.last() != Some(&phase) {
            phases.push(phase);
        }
    };
    let outcome = if dry_run {
        let transport = DryRun(scim);
        run_simulated(
            clock,
            run_sync(&input, &transport, clock, &control, &mut on_progress),
        )
    } else {
        run_simulated(
            clock,
            run_sync(&input, scim, clock, &control, &mut on_progress),
        )
    };
    (outcome.unwrap().unwrap(), phases)
}

#[test]
fn a_first_sync_provisions_users_then_teams_and_a_second_sends_nothing() {
    let (scim, clock) = (MemoryScim::new(), VirtualClock::new(NOW));
    scim.set_now(NOW);
    let (first, phases) = sync(&scim, &clock, &Links::default(), false);
    assert_eq!(phases, vec![Phase::Users, Phase::Groups]);
    assert!(first.stopped().is_none(), "{:?}", first.stopped());
    let created = scim.users().len();
    // Users the sample plants outside the verified domain are skipped, not sent.
    assert!(created > 50 && created < 60, "{created}");
    assert_eq!(first.links.users.len(), created);
    let groups = scim.groups();
    assert_eq!(groups.len(), 16);
    let members: usize = groups
        .iter()
        .map(|g| g["members"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(
        members > created,
        "every user is in a department and an office: {members}"
    );
    assert_eq!(first.links.groups.len(), 16);

    let requests_before = scim.journal().len();
    let (second, _) = sync(&scim, &clock, &first.links, false);
    let writes = scim.journal().len() - requests_before;
    assert_eq!(
        second.users.summary.requests + second.groups.as_ref().unwrap().summary.requests,
        0
    );
    // Only the import's GETs reached the server.
    assert!(
        scim.journal()
            .iter()
            .skip(requests_before)
            .all(|e| e.method == scim_mapper::http::Method::Get),
        "{writes} requests"
    );
}

#[test]
fn a_dry_run_writes_nothing_and_says_what_it_would_send() {
    let (scim, clock) = (MemoryScim::new(), VirtualClock::new(NOW));
    let (outcome, _) = sync(&scim, &clock, &Links::default(), true);
    assert!(scim.users().is_empty() && scim.groups().is_empty());
    assert!(
        outcome.users.summary.dry_run > 50,
        "{:?}",
        outcome.users.summary
    );
    assert_eq!(outcome.users.summary.succeeded, 0);
}
