//! The dependency rules of the design, checked on the source: sources
//! collect, evidence holds, checks judge; what the server and the doctor
//! share is the contract alone.
//!
//! Each layer lists the crate modules it may name (`crate::x`) or must
//! not, and the pure layers may not name an I/O, async or command-line
//! crate at all, so that `analyze` and `diff` judge a bundle with none of
//! the machinery that collected it. Comment lines are not code and are
//! skipped.

use std::path::{Path, PathBuf};

/// Crates that do I/O, run async code or parse command lines.
const IMPURE_CRATES: &[&str] = &[
    "tokio",
    "reqwest",
    "clap",
    "bollard",
    "kube",
    "k8s_openapi",
    "redis",
    "tokio_postgres",
    "deadpool_postgres",
    "rusqlite",
    "axum",
    "hyper",
    "indicatif",
    "sysinfo",
    "rustix",
    "moka",
    "prometheus",
];

/// What the files of one layer may name.
struct Layer {
    /// Files and directories under `src/`.
    paths: &'static [&'static str],
    rule: Rule,
    /// Whether the layer is pure: no crate of [`IMPURE_CRATES`].
    pure: bool,
}

enum Rule {
    /// Only these crate modules (besides its own).
    Only(&'static [&'static str]),
    /// Any crate module but these.
    Not(&'static [&'static str]),
}

const LAYERS: &[Layer] = &[
    Layer { paths: &["contract"], rule: Rule::Only(&["contract"]), pure: true },
    Layer { paths: &["catalogue.rs"], rule: Rule::Only(&["contract"]), pure: true },
    Layer { paths: &["redact.rs"], rule: Rule::Only(&[]), pure: true },
    Layer { paths: &["settings.rs"], rule: Rule::Only(&["redact"]), pure: true },
    Layer { paths: &["threshold.rs"], rule: Rule::Only(&["runbook"]), pure: true },
    Layer {
        paths: &["evidence.rs", "evidence"],
        rule: Rule::Only(&["evidence", "contract", "catalogue", "redact"]),
        pure: true,
    },
    Layer {
        paths: &["analysis"],
        rule: Rule::Only(&["analysis", "evidence", "contract", "catalogue"]),
        pure: true,
    },
    Layer {
        paths: &["checks"],
        rule: Rule::Only(&[
            "checks",
            "evidence",
            "contract",
            "catalogue",
            "analysis",
            "runbook",
            "report",
            "threshold",
            "settings",
        ]),
        pure: true,
    },
    Layer {
        paths: &["render", "diff.rs", "report.rs", "threshold.rs", "runbook.rs"],
        rule: Rule::Not(&["sources", "cli", "server", "plan"]),
        pure: false,
    },
    Layer {
        paths: &["causes"],
        rule: Rule::Only(&[
            "causes",
            "report",
            "evidence",
            "contract",
            "catalogue",
            "analysis",
            "runbook",
            "threshold",
        ]),
        pure: true,
    },
    Layer {
        paths: &["timeline.rs"],
        rule: Rule::Only(&[
            "catalogue",
            "checks",
            "contract",
            "diagnosis",
            "evidence",
            "report",
            "runbook",
            "timeline",
        ]),
        pure: true,
    },
    Layer {
        paths: &["diagnosis.rs"],
        rule: Rule::Only(&["analysis", "checks", "causes", "evidence", "report", "runbook"]),
        pure: true,
    },
    Layer {
        paths: &["sources"],
        rule: Rule::Not(&["checks", "cli", "render", "report", "diff", "server"]),
        pure: false,
    },
    Layer {
        paths: &["server"],
        rule: Rule::Not(&[
            "checks",
            "sources",
            "evidence",
            "catalogue",
            "analysis",
            "runbook",
            "report",
            "render",
            "plan",
            "cli",
            "diff",
        ]),
        pure: false,
    },
];

fn rust_files(path: &Path) -> Vec<PathBuf> {
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

/// Every `crate::name` the code names.
fn crate_modules(code: &str) -> Vec<&str> {
    code.match_indices("crate::")
        .filter(|(at, _)| !code[..*at].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
        .map(|(at, prefix)| {
            let rest = &code[at + prefix.len()..];
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

/// Whether the code names `krate` at the start of a path.
fn names_crate(code: &str, krate: &str) -> bool {
    let path = format!("{krate}::");
    code.match_indices(&path)
        .any(|(at, _)| !code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':'))
}

#[test]
fn every_layer_names_only_what_it_may() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut breaches = Vec::new();
    for layer in LAYERS {
        for path in layer.paths {
            for file in rust_files(&src.join(path)) {
                let code = code(&file);
                let shown = file.strip_prefix(&src).unwrap().display().to_string();
                for module in crate_modules(&code) {
                    let allowed = match layer.rule {
                        Rule::Only(allowed) => allowed.contains(&module),
                        Rule::Not(denied) => !denied.contains(&module),
                    };
                    if !allowed {
                        breaches.push(format!("{shown} names crate::{module}"));
                    }
                }
                if layer.pure {
                    for krate in IMPURE_CRATES {
                        if names_crate(&code, krate) {
                            breaches.push(format!("{shown} names the {krate} crate"));
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

#[test]
fn the_scanner_sees_what_it_must() {
    let code = "use crate::sources::x;\nlet a = my_crate::y; tokio::spawn(f); evidence::redis::Z;";
    assert_eq!(crate_modules(code), ["sources"]);
    assert!(names_crate(code, "tokio"));
    assert!(!names_crate(code, "redis"), "a module path is not the crate");
}
