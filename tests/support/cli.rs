//! Running the built `scim-mapper` binary as a user would, for the `cli_*`
//! tests: arguments, standard input, stdout, stderr and the exit code.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs the binary with `args`, feeding `stdin` (empty when `None`).
pub fn scim_mapper(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scim-mapper"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(mut pipe) = child.stdin.take() {
        // The binary may exit before reading (usage errors): ignore EPIPE.
        let _ = pipe.write_all(stdin.unwrap_or_default().as_bytes());
    }
    child.wait_with_output().expect("the binary finishes")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The exit code (-1 when killed by a signal, which a test should see as a failure).
pub fn exit_code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

/// Standard output parsed as JSON; the message shows both streams otherwise.
pub fn stdout_json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            stdout(output),
            stderr(output)
        )
    })
}

/// Standard output as JSON, after asserting the run succeeded (exit 0).
pub fn ok_json(output: &Output) -> serde_json::Value {
    assert_eq!(exit_code(output), 0, "stderr: {}", stderr(output));
    stdout_json(output)
}

/// A file in the temporary directory, unique per test binary run: `test`
/// names the calling test file, so parallel test binaries never collide.
pub fn temp_file(test: &str, name: &str, contents: &str) -> String {
    let dir = std::env::temp_dir().join(format!("scim-mapper-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir is creatable");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("temp file is writable");
    path.to_string_lossy().into_owned()
}

/// Runs the same arguments with no `--format`, `--format json` after the
/// command and `--format json` before it, and asserts the three outputs
/// (stdout, stderr, exit code) are byte for byte the same: the contract's
/// JSON does not depend on the new option. Returns the output.
pub fn assert_json_format_is_the_default(args: &[&str]) -> Output {
    let plain = scim_mapper(args, None);
    let mut after = args.to_vec();
    after.extend(["--format", "json"]);
    let mut before = vec!["--format=json"];
    before.extend_from_slice(args);
    for variant in [after, before] {
        let output = scim_mapper(&variant, None);
        assert_eq!(stdout(&output), stdout(&plain), "stdout of {variant:?}");
        assert_eq!(stderr(&output), stderr(&plain), "stderr of {variant:?}");
        assert_eq!(
            output.status.code(),
            plain.status.code(),
            "exit of {variant:?}"
        );
    }
    plain
}

/// The lines of a table, asserting none holds a raw control character or
/// bidirectional override, so nothing in a cell can act on the terminal.
pub fn table_lines(output: &Output) -> Vec<String> {
    let text = stdout(output);
    for (i, line) in text.lines().enumerate() {
        assert!(
            !line.chars().any(|c| c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
            "line {i} holds a raw control or bidi character: {line:?}"
        );
    }
    text.lines().map(str::to_string).collect()
}

/// The cells of a table line (columns are separated by two or more spaces).
pub fn cells(line: &str) -> Vec<String> {
    line.split("  ")
        .map(str::trim)
        .filter(|cell| !cell.is_empty())
        .map(str::to_string)
        .collect()
}
