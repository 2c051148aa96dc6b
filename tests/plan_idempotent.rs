//! The planner's promise: right after a successful sync, planning again
//! finds nothing to do. Proven end to end — plan users, execute against
//! the in-memory SCIM server, plan groups with the ids learned, execute,
//! import what the server now holds, plan again — with the sample
//! directory and the Asana starter configuration, and with a target that
//! needed every kind of change.

use scim_mapper::mapping::config::{self, Config};
use scim_mapper::mapping::engine::Target;
use scim_mapper::mapping::source::{self, Directory};
use scim_mapper::sample;
use scim_mapper::sync::memory::{run_simulated, MemoryScim, VirtualClock};
use scim_mapper::sync::{
    execute, import_snapshot, plan, plan_groups, plan_users, Action, Control, ExecuteOptions,
    ExecutionReport, ImportOptions, Links, Operation, PlanInput, PlanOptions, Progress,
    TargetSnapshot,
};
use scim_mapper::workspace::starter_config;

/// 2026-11-22T12:00:00Z.
const NOW: i64 = 1_795_348_800_000;
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/plan");

struct World {
    scim: MemoryScim,
    clock: VirtualClock,
    directory: Directory,
    target: Target,
    config: Config,
    links: Links,
}

impl World {
    fn new(config: Config, directory: Directory, scim: MemoryScim) -> World {
        let (target, problems) = Target::for_config(&config);
        assert!(problems.is_empty(), "{problems:?}");
        scim.set_now(NOW as f64);
        World {
            scim,
            clock: VirtualClock::new(NOW as f64),
            directory,
            target,
            config,
            links: Links::default(),
        }
    }

    fn sample(users: usize) -> World {
        let directory = source::from_value(sample::directory(users)).unwrap();
        World::new(starter_config(), directory, MemoryScim::new())
    }

    fn import(&self) -> TargetSnapshot {
        let options = ImportOptions {
            page_size: 50,
            ..ImportOptions::default()
        };
        run_simulated(&self.clock, import_snapshot(&self.scim, &options))
            .unwrap()
            .unwrap()
    }

    fn input<'a>(&'a self, snapshot: &'a TargetSnapshot) -> PlanInput<'a> {
        PlanInput {
            config: &self.config,
            directory: &self.directory,
            snapshot,
            target: &self.target,
            links: &self.links,
            options: PlanOptions {
                now_millis: NOW,
                seed: 1,
                patch_supported: None,
            },
        }
    }

    fn execute(&self, operations: &[Operation]) -> ExecutionReport {
        let options = ExecuteOptions::default();
        let control = Control::new();
        let mut on_progress = |_: &Progress| {};
        let run = execute(
            operations,
            &self.scim,
            &self.clock,
            &options,
            &control,
            &mut on_progress,
        );
        let report = run_simulated(&self.clock, run).unwrap();
        assert_eq!(report.summary.failed, 0, "{:#?}", report.results);
        report
    }

    /// One whole sync, as the app runs it: users, then groups with the
    /// member ids the user phase learned; the ids become the links.
    /// Returns both phases' operations.
    fn sync(&mut self) -> (Vec<Operation>, Vec<Operation>) {
        let before = self.import();
        let users = plan_users(&self.input(&before)).unwrap();
        let report = self.execute(&users.operations);
        let user_ids = users.ids_after(&report);
        self.links.users = user_ids.clone();

        let after_users = self.import();
        let groups = plan_groups(&self.input(&after_users), &user_ids, &users.creating).unwrap();
        let report = self.execute(&groups.operations);
        self.links.groups = groups.ids_after(&report);
        (users.operations, groups.operations)
    }

    /// Plans against what the server now holds and checks that nothing is
    /// left to do — and that executing it sends no request.
    fn assert_nothing_left(&self) -> Vec<Operation> {
        let synced = self.import();
        let again = plan(&self.input(&synced)).unwrap();
        // Nothing to send: noops, and skips the target would refuse anyway.
        let busy: Vec<&Operation> = again
            .iter()
            .filter(|op| op.action != Action::Noop && op.action != Action::Skip)
            .collect();
        assert!(busy.is_empty(), "{busy:#?}");
        let before = self.scim.journal().len();
        self.execute(&again);
        assert_eq!(
            self.scim.journal().len(),
            before,
            "a noop plan sends nothing"
        );
        again
    }
}

fn count(operations: &[Operation], action: Action) -> usize {
    operations.iter().filter(|op| op.action == action).count()
}

fn member_count(groups: &[serde_json::Value]) -> usize {
    groups
        .iter()
        .map(|g| g["members"].as_array().map_or(0, Vec::len))
        .sum()
}

#[test]
fn a_second_plan_after_syncing_the_sample_directory_to_asana_is_all_noop() {
    let mut world = World::sample(60);
    let user_count = world.directory.users.len();
    let group_count = world.directory.groups.len();

    // The sample plants users outside the verified domain: Asana refuses
    // them, so they are skipped with that reason, never sent.
    let refused: Vec<String> = world
        .directory
        .users
        .iter()
        .filter(|u| {
            !u["userPrincipalName"]
                .as_str()
                .unwrap()
                .ends_with("@example.com")
        })
        .map(|u| u["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!refused.is_empty());

    let (users, groups) = world.sync();
    assert_eq!(count(&users, Action::Create), user_count - refused.len());
    let skipped: Vec<&Operation> = users
        .iter()
        .filter(|op| op.action == Action::Skip)
        .collect();
    assert_eq!(skipped.len(), refused.len());
    assert!(
        skipped
            .iter()
            .all(|op| op.reason.contains("not a verified domain")),
        "{skipped:#?}"
    );
    assert_eq!(count(&groups, Action::Create), group_count);
    assert!(groups.iter().all(|op| !op.reason.contains("pending")));

    // Every membership of a provisioned user arrived.
    let synced = world.import();
    let refused_memberships: usize = world
        .directory
        .groups
        .iter()
        .flat_map(|g| g["members"].as_array().unwrap())
        .filter(|m| refused.iter().any(|id| m.as_str() == Some(id)))
        .count();
    assert_eq!(
        member_count(&synced.groups),
        world
            .directory
            .groups
            .iter()
            .map(|g| g["members"].as_array().map_or(0, Vec::len))
            .sum::<usize>()
            - refused_memberships
    );

    let again = world.assert_nothing_left();
    assert_eq!(again.len(), user_count + group_count);
    assert_eq!(count(&again, Action::Skip), refused.len());
    assert!(again
        .iter()
        .filter(|op| op.action == Action::Noop)
        .all(|op| op.reason.contains("in sync")));
}

#[test]
fn a_second_plan_after_updates_deactivations_and_deletes_is_all_noop() {
    let read = |name: &str| std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap();
    let config = config::load(&read("config.json")).unwrap();
    let directory = source::load(&read("source.json"), "source.json").unwrap();
    let snapshot = TargetSnapshot::from_json(&read("target.json")).unwrap();
    let scim = MemoryScim::with_snapshot(snapshot.users, snapshot.groups);
    let mut world = World::new(config, directory, scim);

    let (users, groups) = world.sync();
    let actions =
        |ops: &[Operation]| -> Vec<&str> { ops.iter().map(|op| op.action.as_str()).collect() };
    assert_eq!(
        actions(&users),
        [
            "link",
            "update",
            "create",
            "deactivate",
            "deactivate",
            "delete",
            "noop"
        ]
    );
    assert_eq!(actions(&groups), ["update", "create"]);

    let again = world.assert_nothing_left();
    let reasons: Vec<&str> = again.iter().map(|op| op.reason.as_str()).collect();
    assert!(reasons[3].contains("to be deleted from"), "{}", reasons[3]);
    assert!(
        reasons[5].contains("absent from the target"),
        "{}",
        reasons[5]
    );
    // Engineering gained the user created in the same sync.
    let synced = world.import();
    let engineering = synced
        .groups
        .iter()
        .find(|g| g["displayName"] == "Engineering")
        .unwrap();
    assert_eq!(engineering["members"].as_array().unwrap().len(), 2);
}

#[test]
fn without_known_links_the_second_plan_links_and_changes_nothing() {
    let world = World::sample(30);
    let empty = world.import();
    let first = plan(&world.input(&empty)).unwrap();
    let users: Vec<Operation> = first
        .iter()
        .filter(|op| op.resource_type == "User")
        .cloned()
        .collect();
    world.execute(&users);
    let after_users = world.import();
    let second = plan(&world.input(&after_users)).unwrap();
    // Users are found again by userName; groups are still to create.
    let of = |kind: &str, action| {
        second
            .iter()
            .filter(|op| op.resource_type == kind && op.action == action)
            .count()
    };
    assert_eq!(of("User", Action::Link), world.directory.users.len());
    assert_eq!(of("Group", Action::Create), world.directory.groups.len());
    assert_eq!(
        second.len(),
        world.directory.users.len() + world.directory.groups.len()
    );
}

#[test]
fn ids_after_a_run_are_the_ids_the_target_really_gave() {
    let world = World::sample(5);
    let first = &world.directory.users[0];
    let (source_id, user_name) = (
        first["id"].as_str().unwrap(),
        first["userPrincipalName"].clone(),
    );
    // A stale snapshot: this user has since been deleted from the target.
    let stale = TargetSnapshot {
        users: vec![serde_json::json!({"id": "old-1", "userName": user_name, "active": true})],
        groups: vec![],
    };
    let users = plan_users(&world.input(&stale)).unwrap();
    assert_eq!(users.ids.get(source_id).map(String::as_str), Some("old-1"));
    let update = users
        .operations
        .iter()
        .find(|op| op.source_id.as_deref() == Some(source_id))
        .unwrap();
    assert_eq!(update.action, Action::Update);
    // The PATCH meets a 404 and the executor creates the user again.
    let report = world.execute(&users.operations);
    let ids = users.ids_after(&report);
    let new_id = ids.get(source_id).unwrap();
    assert_ne!(new_id, "old-1");
    assert!(world
        .scim
        .users()
        .iter()
        .any(|u| u["id"] == new_id.as_str()));
    assert_eq!(ids.len(), world.directory.users.len());
}
