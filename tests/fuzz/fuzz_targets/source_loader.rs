//! Any bytes as a source directory export (contract §2): the CSV loader,
//! the JSON loader and the format sniffing in front of them load it or
//! give a located `Error`, never a panic; a loaded directory previews and
//! validates under the plan fixture's configuration without panicking.
//!
//! Run: `cargo fuzz run source_loader --fuzz-dir tests/fuzz`
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_mapper::mapping::config;
use scim_mapper::mapping::engine::Target;
use scim_mapper::mapping::preview::{preview, PreviewOptions};
use scim_mapper::mapping::{source, validate};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    // The first byte picks how the file was named: CSV, JSON, or unknown.
    let kind = ["users.csv", "directory.json", ""][usize::from(selector % 3)];
    let directory = match source::load_bytes(bytes, kind) {
        Ok(directory) => directory,
        Err(error) => {
            assert!(
                !error.code.is_empty() && !error.path.is_empty(),
                "{error:?}"
            );
            return;
        }
    };
    let Ok(config) = config::load(include_str!("../../fixtures/plan/config.json")) else {
        return;
    };
    let (target, _) = Target::for_config(&config);
    let _ = validate::validate(&config, &directory, &target);
    let result = preview(&config, &directory, &target, &PreviewOptions::default());
    assert_eq!(
        result.items.len(),
        directory.users.len() + directory.groups.len()
    );
});
