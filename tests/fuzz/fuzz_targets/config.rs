//! Fuzzes the configuration loader and everything downstream of it: any
//! input must load or give located errors, and a loaded configuration must
//! validate and preview a small sample directory without panicking. A
//! configuration that loads must also survive a save/load round trip.
//!
//! Run: `cargo fuzz run config --fuzz-dir tests/fuzz`
#![no_main]

use libfuzzer_sys::fuzz_target;
use scim_mapper::mapping::config;
use scim_mapper::mapping::engine::Target;
use scim_mapper::mapping::preview::{preview, PreviewOptions};
use scim_mapper::mapping::{source, validate};
use scim_mapper::sample;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = match config::load(text) {
        Ok(config) => config,
        Err(errors) => {
            assert!(!errors.is_empty());
            assert!(errors
                .iter()
                .all(|e| !e.code.is_empty() && !e.path.is_empty()));
            return;
        }
    };
    let reloaded = config::load(&config.to_json_pretty()).expect("a saved config loads");
    assert_eq!(reloaded, config);
    let (target, _) = Target::for_config(&config);
    let _ = validate::validate_config(&config, &target);
    let directory = source::from_value(sample::directory(12)).expect("sample loads");
    let result = preview(&config, &directory, &target, &PreviewOptions::default());
    assert_eq!(
        result.items.len(),
        directory.users.len() + directory.groups.len()
    );
});
