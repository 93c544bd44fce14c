//! The dependency rules of the design, on the manifests and on the source.
//!
//! The crate graph holds the coarse rules and Cargo enforces what it
//! declares: [`the_crate_graph_keeps_its_shape`] reads the manifests so
//! that a dependency added in the wrong place (tokio in `diagnosis`, the
//! doctor's judgement in the server) fails here and not in review. Inside
//! a crate the modules still form layers, which Cargo cannot see: sources
//! collect, evidence holds, checks judge, renderers print. Each layer
//! lists the modules it may name or must not, through `crate::` and, in
//! the doctor, through `diagnosis::`: one namespace, the doctor's modules
//! and the judgement they build on. Comment lines are not code and are
//! skipped.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Crates that do I/O, run async code or parse command lines: none may be
/// a dependency of `diagnosis`, but clap as the optional derive of the
/// doctor's value parsers.
const IMPURE_CRATES: &[&str] = &[
    "tokio",
    "reqwest",
    "clap",
    "bollard",
    "kube",
    "k8s-openapi",
    "redis",
    "tokio-postgres",
    "deadpool-postgres",
    "rusqlite",
    "axum",
    "hyper",
    "indicatif",
    "sysinfo",
    "rustix",
    "prometheus",
    "net",
];

/// The workspace's own crates, by the names their dependents use.
const OURS: &[&str] = &["contract", "diagnosis", "net", "server"];

/// What the files of one layer may name.
struct Layer {
    /// The crate's directory, from the workspace root.
    krate: &'static str,
    /// Files and directories under the crate's `src/`.
    paths: &'static [&'static str],
    rule: Rule,
}

enum Rule {
    /// Only these modules (besides its own).
    Only(&'static [&'static str]),
    /// Any module but these.
    Not(&'static [&'static str]),
}

const DIAGNOSIS: &str = "crates/diagnosis";
const DOCTOR: &str = ".";

const LAYERS: &[Layer] = &[
    Layer { krate: DIAGNOSIS, paths: &["catalogue.rs"], rule: Rule::Only(&[]) },
    Layer { krate: DIAGNOSIS, paths: &["redact.rs"], rule: Rule::Only(&[]) },
    Layer { krate: DIAGNOSIS, paths: &["settings.rs"], rule: Rule::Only(&["redact"]) },
    Layer { krate: DIAGNOSIS, paths: &["threshold.rs"], rule: Rule::Only(&[]) },
    Layer {
        krate: DIAGNOSIS,
        paths: &["evidence.rs", "evidence"],
        rule: Rule::Only(&["evidence", "catalogue", "redact"]),
    },
    Layer {
        krate: DIAGNOSIS,
        paths: &["analysis"],
        rule: Rule::Only(&["analysis", "evidence", "catalogue"]),
    },
    Layer {
        krate: DIAGNOSIS,
        paths: &["checks"],
        rule: Rule::Only(&[
            "checks",
            "evidence",
            "catalogue",
            "analysis",
            "runbook",
            "report",
            "threshold",
            "settings",
        ]),
    },
    Layer {
        krate: DIAGNOSIS,
        paths: &["runbook.rs"],
        rule: Rule::Only(&["catalogue", "causes", "threshold"]),
    },
    Layer {
        krate: DIAGNOSIS,
        paths: &["render", "diff.rs", "report.rs"],
        rule: Rule::Not(&["sources", "cli", "plan"]),
    },
    Layer {
        krate: DIAGNOSIS,
        paths: &["causes"],
        rule: Rule::Only(&[
            "causes",
            "report",
            "evidence",
            "catalogue",
            "analysis",
            "runbook",
            "threshold",
        ]),
    },
    Layer {
        krate: DIAGNOSIS,
        paths: &["timeline.rs"],
        rule: Rule::Only(&["catalogue", "checks", "evidence", "judge", "report", "runbook"]),
    },
    Layer {
        krate: DOCTOR,
        paths: &["sources"],
        rule: Rule::Not(&["checks", "cli", "render", "report", "diff", "judge"]),
    },
    Layer { krate: DOCTOR, paths: &["plan.rs"], rule: Rule::Not(&["cli", "render", "doctor"]) },
];

pub fn rust_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_owned()];
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

/// The code of a file, without its comment lines.
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `root::name` the code names, for a path root such as `crate`.
fn modules_under<'a>(code: &'a str, root: &str) -> Vec<&'a str> {
    let prefix = format!("{root}::");
    code.match_indices(&prefix)
        .filter(|(at, _)| !code[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
        .filter(|(at, _)| !code[..*at].ends_with("::"))
        .map(|(at, prefix)| {
            let rest = &code[at + prefix.len()..];
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

#[test]
fn every_layer_names_only_what_it_may() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut breaches = Vec::new();
    for layer in LAYERS {
        let src = root.join(layer.krate).join("src");
        // The doctor names its judgement's modules through the crate.
        let roots: &[&str] =
            if layer.krate == DOCTOR { &["crate", "diagnosis"] } else { &["crate"] };
        for path in layer.paths {
            for file in rust_files(&src.join(path)) {
                let code = code(&file);
                let shown = file.strip_prefix(root).unwrap().display().to_string();
                for path_root in roots {
                    for module in modules_under(&code, path_root) {
                        let allowed = match layer.rule {
                            Rule::Only(allowed) => allowed.contains(&module),
                            Rule::Not(denied) => !denied.contains(&module),
                        };
                        if !allowed {
                            breaches.push(format!("{shown} names {path_root}::{module}"));
                        }
                    }
                }
            }
        }
    }
    breaches.sort();
    breaches.dedup();
    assert!(breaches.is_empty(), "layering broken:\n{}", breaches.join("\n"));
}

/// The names of a manifest's `[dependencies]`, the optional ones apart.
fn dependencies(krate: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(krate).join("Cargo.toml");
    let manifest: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
    let mut required = BTreeSet::new();
    let mut optional = BTreeSet::new();
    let table =
        manifest.get("dependencies").and_then(|d| d.as_table()).cloned().unwrap_or_default();
    for (name, spec) in table {
        let is_optional = spec.get("optional").and_then(|o| o.as_bool()).unwrap_or(false);
        if is_optional {
            optional.insert(name)
        } else {
            required.insert(name)
        };
    }
    (required, optional)
}

fn ours(names: &BTreeSet<String>) -> Vec<&str> {
    names.iter().map(String::as_str).filter(|name| OURS.contains(name)).collect()
}

#[test]
fn the_crate_graph_keeps_its_shape() {
    let (contract, _) = dependencies("crates/contract");
    assert_eq!(contract.into_iter().collect::<Vec<_>>(), ["serde"], "contract: serde alone");

    let (diagnosis, optional) = dependencies(DIAGNOSIS);
    assert_eq!(ours(&diagnosis), ["contract"], "diagnosis builds on the contract alone");
    let impure: Vec<&String> =
        diagnosis.iter().filter(|name| IMPURE_CRATES.contains(&name.as_str())).collect();
    assert!(impure.is_empty(), "diagnosis does no I/O, but depends on {impure:?}");
    assert_eq!(optional.into_iter().collect::<Vec<_>>(), ["clap"]);

    let (net, _) = dependencies("crates/net");
    assert!(ours(&net).is_empty(), "net builds on nothing of ours");

    let (server, _) = dependencies("crates/server");
    assert_eq!(ours(&server), ["contract", "net"], "the server shares the contract and net alone");

    let (doctor, _) = dependencies(DOCTOR);
    assert_eq!(ours(&doctor), ["contract", "diagnosis", "net"], "the doctor runs no server");
}

#[test]
fn the_scanner_sees_what_it_must() {
    let code = "use crate::sources::x;\nlet a = my_crate::y; diagnosis::checks::Z; a::diagnosis::b";
    assert_eq!(modules_under(code, "crate"), ["sources"]);
    assert_eq!(modules_under(code, "diagnosis"), ["checks"], "a nested module is not the crate");
}
