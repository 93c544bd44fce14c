//! Command-line behaviour: help, version, usage errors and `diff` of the
//! recorded bundles, as trycmd case files under `tests/cmd/` (regenerate
//! with `TRYCMD=overwrite`); bundles of different sections; and the
//! generated completion scripts and man pages, checked by the shells and
//! groff themselves when they are installed.

use std::path::Path;
use std::process::Command;

use clap::{CommandFactory, ValueEnum};
use clap_complete::{Generator, Shell};
use llmcfg_doctor::cli::Cli;

use crate::doctor_quick::doctor;
use crate::support::{quick_checks, report_skip};

#[test]
fn command_line_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

/// The doctor's stdout for `args`, which must succeed.
fn output_of(args: &[&str]) -> String {
    let output = doctor().args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// The subcommands a user may type (no hidden ones).
fn visible_subcommands() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| sub.get_name().to_owned())
        .collect()
}

/// The values an enumerated flag takes, as `--help` lists them.
fn values_of(command: &clap::Command, long: &str) -> Vec<String> {
    let arg = command.get_arguments().find(|arg| arg.get_long() == Some(long)).unwrap();
    arg.get_possible_values().iter().map(|value| value.get_name().to_owned()).collect()
}

/// `script` written to a file in a fresh directory.
fn script_file(name: &str, script: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, script).unwrap();
    (dir, path)
}

/// Whether `program` is installed; if not, says what `test` skipped.
fn installed(program: &str, test: &str) -> bool {
    let found = Command::new(program).arg("--version").output().is_ok();
    if !found {
        report_skip(test, &format!("{program} is not installed"));
    }
    found
}

fn run_shell(shell: &str, args: &[&str], script: &Path) -> String {
    let output = Command::new(shell).args(args).arg(script).output().unwrap();
    assert!(
        output.status.success(),
        "{shell} {args:?} {}: {}",
        script.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Sources the bash script and asks its completion function what it offers
/// for each line, as bash does on TAB after the last word.
const BASH_PROBE: &str = r#"
source "$1"
offers() {
    COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=()
    _llmcfg__doctor llmcfg-doctor "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
    echo "${COMPREPLY[*]}"
}
offers llmcfg-doctor ""
offers llmcfg-doctor --format ""
offers llmcfg-doctor quick --format ""
offers llmcfg-doctor analyze --section ""
"#;

/// `diff` of a quick bundle and a cache bundle of the same service: the
/// quick checks are gone and the cache checks new, and the exit is UNKNOWN
/// (the quick checks were not judged again). The cache section itself is
/// OK: its Redis checks are left out, as the live run without
/// `--redis-url` that collected the bundle left them out.
#[test]
fn cli_diff_of_bundles_of_different_sections() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/evidence");
    let before = fixtures.join("quick-healthy.json");
    // What `collect --section cache` writes for the same run: the cache
    // section does not look at the runtime.
    let mut bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&before).unwrap()).unwrap();
    bundle["section"] = "cache".into();
    bundle["runtime"] = serde_json::Value::Null;
    let (_dir, after) = script_file("cache.json", &bundle.to_string());
    let output =
        doctor().args(["diff", "--format", "json"]).arg(&before).arg(&after).output().unwrap();
    assert_eq!(output.status.code(), Some(3), "{}", String::from_utf8_lossy(&output.stderr));
    let diff = crate::schemas::doctor_output(&output);
    assert_eq!(diff["after"]["worst"], "OK", "the Redis checks of cache are left out");
    assert_eq!(diff["worst"], "UNKNOWN");
    assert!(
        diff["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| !c["code"].as_str().unwrap().starts_with("cache.redis-")),
        "{diff:#}"
    );
    for check in diff["checks"].as_array().unwrap() {
        let code = check["code"].as_str().unwrap();
        let expected = if code.starts_with("quick.") { "gone" } else { "new" };
        assert_eq!(check["change"], expected, "{code}");
    }
    assert_eq!(diff["summary"]["gone"], quick_checks());
    // Judged with one section for both, the same pair has nothing new or gone.
    let output = doctor()
        .args(["diff", "--format", "json", "--section", "cache"])
        .arg(&before)
        .arg(&after)
        .output()
        .unwrap();
    let diff = crate::schemas::doctor_output(&output);
    assert!(diff["checks"].as_array().unwrap().iter().all(|check| check["change"] == "unchanged"));
}

#[test]
fn cli_bash_completion_parses_and_completes_subcommands_and_values() {
    let script = output_of(&["completions", "bash"]);
    let (_dir, path) = script_file("llmcfg-doctor.bash", &script);
    run_shell("bash", &["-n"], &path);
    let (_probe_dir, probe) = script_file("probe.bash", BASH_PROBE);
    let answers = Command::new("bash").arg(&probe).arg(&path).output().unwrap();
    let answers = String::from_utf8(answers.stdout).unwrap();
    let lines: Vec<Vec<&str>> =
        answers.lines().map(|line| line.split_whitespace().collect()).collect();
    let [top, format, quick_format, section] = &lines[..] else {
        panic!("unexpected answers:\n{answers}");
    };
    for name in visible_subcommands() {
        assert!(top.contains(&name.as_str()), "{name} not offered: {top:?}");
    }
    assert!(!top.iter().any(|word| word.starts_with("__")), "a hidden subcommand is offered");
    let root = Cli::command();
    assert_eq!(format, &values_of(&root, "format"));
    // Completion goes on after a subcommand (clap-rs/clap#6421).
    assert_eq!(quick_format, &values_of(&root, "format"));
    let analyze = root.find_subcommand("analyze").unwrap();
    assert_eq!(section, &values_of(analyze, "section"));
}

#[test]
fn cli_zsh_completion_parses_and_lists_subcommands_and_values() {
    if !installed("zsh", "cli_zsh_completion_parses_and_lists_subcommands_and_values") {
        return;
    }
    let script = output_of(&["completions", "zsh"]);
    let (_dir, path) = script_file("_llmcfg-doctor", &script);
    run_shell("zsh", &["-n"], &path);
    assert!(script.starts_with("#compdef llmcfg-doctor\n"));
    for name in visible_subcommands() {
        assert!(script.contains(&format!("'{name}:")), "{name} is not listed");
    }
    for value in values_of(&Cli::command(), "format") {
        assert!(script.contains(&format!("{value}\\:\"")), "--format {value} is not listed");
    }
    assert!(script.contains(":DIR:_files -/"), "--data-dir does not complete directories");
}

#[test]
fn cli_fish_completion_completes_subcommands_and_values() {
    if !installed("fish", "cli_fish_completion_completes_subcommands_and_values") {
        return;
    }
    let script = output_of(&["completions", "fish"]);
    let (_dir, path) = script_file("llmcfg-doctor.fish", &script);
    run_shell("fish", &["--no-execute"], &path);
    let offers = |line: &str| -> Vec<String> {
        let probe = format!("source {}; complete -C '{line}'", path.display());
        let output = Command::new("fish").arg("-c").arg(probe).output().unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        text.lines().map(|line| line.split('\t').next().unwrap().to_owned()).collect()
    };
    let mut subcommands = offers("llmcfg-doctor ");
    subcommands.sort();
    let mut expected = visible_subcommands();
    expected.push("help".to_owned());
    expected.sort();
    assert_eq!(subcommands, expected);
    let mut formats = offers("llmcfg-doctor quick --format ");
    formats.sort();
    let mut expected = values_of(&Cli::command(), "format");
    expected.sort();
    assert_eq!(formats, expected);
}

#[test]
fn cli_completions_exist_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = output_of(&["completions", shell]);
        assert!(script.contains("analyze") && script.contains("table"), "{shell}");
    }
}

#[test]
fn cli_man_writes_a_page_per_subcommand_into_a_new_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("share/man/man1");
    let output = doctor().args(["man", "--out-dir"]).arg(&out).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    let mut expected: Vec<String> = std::iter::once("llmcfg-doctor.1".to_owned())
        .chain(visible_subcommands().iter().map(|name| format!("llmcfg-doctor-{name}.1")))
        .collect();
    expected.sort();
    assert_eq!(written, expected);
    assert_eq!(std::fs::read_to_string(out.join("llmcfg-doctor.1")).unwrap(), output_of(&["man"]));
    let groff = installed(
        "groff",
        "the groff lint of cli_man_writes_a_page_per_subcommand_into_a_new_directory",
    );
    for name in &written {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        let title = name.trim_end_matches(".1");
        assert!(text.contains(&format!("\n.TH {title} 1 ")), "{name}");
        for heading in [".SH \"EXIT STATUS\"\n", ".SH ENVIRONMENT\n"] {
            assert!(text.contains(heading), "{name} has no {heading}");
        }
        if groff {
            let lint = Command::new("groff")
                .args(["-man", "-Tutf8", "-ww", "-z"])
                .arg(out.join(name))
                .output()
                .unwrap();
            assert_eq!(String::from_utf8_lossy(&lint.stderr), "", "groff warns about {name}");
        }
    }
}

const REGENERATE: &str = "regenerate with LLMCFG_REGENERATE=1 cargo test --test it cli_committed";

/// The completion scripts under `completions/` and the pages under `man/`
/// are what the binary generates; `LLMCFG_REGENERATE=1` rewrites them.
#[test]
fn cli_committed_completions_and_man_pages_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let regenerate = std::env::var_os("LLMCFG_REGENERATE").is_some();
    let mut expected: Vec<(std::path::PathBuf, String)> = Vec::new();
    for shell in Shell::value_variants() {
        let path = root.join("completions").join(shell.file_name("llmcfg-doctor"));
        expected.push((path, output_of(&["completions", &shell.to_string()])));
    }
    let pages = tempfile::tempdir().unwrap();
    let output = doctor().args(["man", "--out-dir"]).arg(pages.path()).output().unwrap();
    assert!(output.status.success());
    for entry in std::fs::read_dir(pages.path()).unwrap() {
        let entry = entry.unwrap();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        expected.push((root.join("man").join(entry.file_name()), text));
    }
    for dir in ["completions", "man"] {
        let committed = std::fs::read_dir(root.join(dir)).into_iter().flatten();
        for entry in committed.map(Result::unwrap) {
            if !expected.iter().any(|(path, _)| *path == entry.path()) {
                assert!(
                    regenerate,
                    "{} is not generated any more; {REGENERATE}",
                    entry.path().display()
                );
                std::fs::remove_file(entry.path()).unwrap();
            }
        }
    }
    for (path, text) in expected {
        if regenerate {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
        } else {
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(committed == text, "{} is stale; {REGENERATE}", path.display());
        }
    }
}

/// `config show --format json` with `args`, as `(setting, entry)` pairs.
fn shown_settings(command: &mut Command) -> Vec<(String, serde_json::Value)> {
    let output = command.args(["config", "show", "--format", "json"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let shown: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let entries = shown["settings"].as_array().unwrap();
    entries
        .iter()
        .map(|entry| (entry["setting"].as_str().unwrap().to_owned(), entry.clone()))
        .collect()
}

/// `config init` writes every setting the file may hold at its default,
/// the doctor reads the file back to the defaults, and a second `init`
/// refuses to replace it without `--force`.
#[test]
fn cli_config_init_writes_the_defaults_and_refuses_to_replace_them() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new/config.toml");
    let output = doctor().args(["config", "init"]).arg(&path).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o077, 0);

    let shown = shown_settings(doctor().arg("--config").arg(&path));
    assert_eq!(shown.len(), diagnosis::settings::ALL.len());
    for (setting, (name, entry)) in diagnosis::settings::ALL.iter().zip(&shown) {
        assert_eq!(setting.flag, name);
        match (setting.config_key(), setting.default_literal()) {
            // Given to run `config show`.
            _ if ["format", "config"].contains(&name.as_str()) => {
                assert_eq!(entry["source"], "flag", "{entry}");
            }
            // The test's doctor keeps no readings between runs.
            _ if name == "state-dir" => assert_eq!(entry["source"], "environment", "{entry}"),
            (Some(_), Some(default)) => {
                assert_eq!(entry["source"], "config-file", "{entry}");
                assert_eq!(entry["path"], path.to_str().unwrap());
                assert_eq!(entry["value"], default);
            }
            (_, default) => {
                let source = if setting.default_text().is_some() { "default" } else { "unset" };
                assert_eq!(entry["source"], source, "{entry}");
                assert_eq!(entry["value"].as_str(), default, "{entry}");
            }
        }
    }
    let again = doctor().args(["config", "init"]).arg(&path).output().unwrap();
    assert_eq!(again.status.code(), Some(3));
    let stderr = String::from_utf8(again.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("exists; give --force"), "{stderr}");
    std::fs::write(&path, "container = \"mine\"\n").unwrap();
    let forced = doctor().args(["config", "init", "--force"]).arg(&path).output().unwrap();
    assert!(forced.status.success(), "{}", String::from_utf8_lossy(&forced.stderr));
    assert!(std::fs::read_to_string(&path).unwrap().contains("container = \"llm-config-manager\""));
    let leftovers = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");
}

/// Each value says where it came from, flag over variable over file over
/// default, and passwords never show.
#[test]
fn cli_config_show_says_where_each_value_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "unit = \"file-unit\"\ncontainer = \"file-container\"\npid = 42\n")
        .unwrap();
    let mut command = doctor();
    command
        .arg("--config")
        .arg(&path)
        .args(["--unit", "flag-unit"])
        .env("LLMCFG_CONTAINER", "env-container")
        .env("LLMCFG_REDIS_URL", "redis://:hunter2@cache:6379");
    let shown = shown_settings(&mut command);
    let entry = |name: &str| shown.iter().find(|(setting, _)| setting == name).unwrap().1.clone();
    assert_eq!(
        (entry("unit")["source"].as_str(), entry("unit")["value"].as_str()),
        (Some("flag"), Some("flag-unit"))
    );
    let container = entry("container");
    assert_eq!(container["source"], "environment");
    assert_eq!(container["variable"], "LLMCFG_CONTAINER");
    assert_eq!(container["value"], "env-container");
    assert_eq!(entry("pid")["source"], "config-file");
    assert_eq!(entry("pid")["value"], "42");
    assert_eq!(entry("redis-url")["value"], "redis://:***@cache:6379");
    assert_eq!(entry("api-url")["source"], "default");
    let output = command.output().unwrap();
    assert!(!String::from_utf8_lossy(&output.stdout).contains("hunter2"));
}

/// Every long flag of the command line, of every subcommand.
fn long_flags(command: &clap::Command, flags: &mut std::collections::BTreeSet<String>) {
    flags.extend(command.get_arguments().filter_map(|arg| arg.get_long()).map(str::to_owned));
    for sub in command.get_subcommands() {
        long_flags(sub, flags);
    }
}

/// The `--flag`s the judgement's advice names must be the doctor's: a hint
/// naming a flag that was renamed sends an on-call engineer nowhere.
#[test]
fn cli_every_flag_a_hint_names_exists() {
    let mut flags = std::collections::BTreeSet::new();
    long_flags(&Cli::command(), &mut flags);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/diagnosis/src");
    let mut unknown = Vec::new();
    let files =
        [src.join("checks"), src.join("causes")].map(|dir| crate::layering::rust_files(&dir));
    for path in files.iter().flatten() {
        let text = std::fs::read_to_string(path).unwrap();
        for line in text.lines().filter(|line| !line.trim_start().starts_with("//")) {
            for (at, _) in line.match_indices("--") {
                let name: String = line[at + 2..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                    .collect();
                let flag = name.trim_end_matches('-');
                let after_word = line[..at].ends_with(|c: char| c.is_alphanumeric());
                if flag.len() > 1 && !after_word && !flags.contains(flag) {
                    unknown.push(format!("{}: --{flag}", path.display()));
                }
            }
        }
    }
    assert!(unknown.is_empty(), "hints name flags the doctor lacks:\n{}", unknown.join("\n"));
}
