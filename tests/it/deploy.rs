//! The deployment files under `deploy/`, checked by the tools and types
//! that will read them: `systemd-analyze verify` for the unit, the Compose
//! tool for the compose file, `promtool` for Prometheus's configuration,
//! the Kubernetes API types (k8s-openapi, as the kube client uses them)
//! for the manifests. Every setting they give the server is fed to the
//! server's own configuration parser, so a typo in a variable's value
//! fails here, not at a rollout. The container image is built here from
//! the host's files (`docker_runtime`), since no registry serves the
//! Dockerfile's base images to this machine.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::autoscaling::v2::HorizontalPodAutoscaler;
use k8s_openapi::api::core::v1::{ConfigMap, Secret, Service};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use server::config::ServerConfig;

use crate::support::service_binary;

fn deploy(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy").join(path)
}

/// A manifest as the API type `T`, refusing any field the type does not
/// know (serde would drop it silently, and so would a typo such as
/// `readinesProbe`): the typed object, serialized again, must hold every
/// field the file has.
fn manifest<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str) -> T {
    let text = std::fs::read_to_string(deploy(&format!("kubernetes/{name}"))).unwrap();
    let typed: T =
        serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("kubernetes/{name}: {e}"));
    let written: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let kept = serde_json::to_value(&typed).unwrap();
    let mut unknown = Vec::new();
    fields_missing(&written, &kept, String::new(), &mut unknown);
    assert!(unknown.is_empty(), "kubernetes/{name}: fields the API does not know: {unknown:?}");
    typed
}

/// The paths of `written`'s object fields that `kept` lacks.
fn fields_missing(
    written: &serde_json::Value,
    kept: &serde_json::Value,
    path: String,
    missing: &mut Vec<String>,
) {
    use serde_json::Value;
    match (written, kept) {
        (Value::Object(written), Value::Object(kept)) => {
            for (key, value) in written {
                let path = format!("{path}.{key}");
                match kept.get(key) {
                    Some(kept) => fields_missing(value, kept, path, missing),
                    None => missing.push(path),
                }
            }
        }
        (Value::Array(written), Value::Array(kept)) => {
            for (index, (value, kept)) in written.iter().zip(kept).enumerate() {
                fields_missing(value, kept, format!("{path}[{index}]"), missing);
            }
        }
        _ => {}
    }
}

/// The server's configuration parser accepts `settings` (with the
/// secrets' placeholders), as the server does at start.
fn server_accepts(settings: HashMap<String, String>) -> ServerConfig {
    ServerConfig::from_vars(&settings).unwrap_or_else(|e| panic!("{e:#}: {settings:#?}"))
}

#[test]
fn the_kubernetes_manifests_are_valid_objects_that_configure_a_server() {
    let deployment: Deployment = manifest("deployment.yaml");
    let spec = deployment.spec.as_ref().unwrap();
    assert_eq!(spec.replicas, Some(3));
    let labels = spec.selector.match_labels.clone().unwrap();
    let template = &spec.template;
    assert_eq!(template.metadata.as_ref().unwrap().labels.as_ref(), Some(&labels));
    let annotations = template.metadata.as_ref().unwrap().annotations.clone().unwrap();
    assert_eq!(annotations["prometheus.io/scrape"], "true");
    assert_eq!(annotations["prometheus.io/port"], "9090");
    let container = &template.spec.as_ref().unwrap().containers[0];
    let readiness = container.readiness_probe.as_ref().unwrap().http_get.as_ref().unwrap();
    assert_eq!(readiness.path.as_deref(), Some("/health"));
    assert!(container.liveness_probe.as_ref().unwrap().tcp_socket.is_some());
    let resources = container.resources.as_ref().unwrap();
    assert!(resources.requests.as_ref().is_some_and(|r| r.contains_key("cpu")));
    assert!(resources.limits.as_ref().is_some_and(|l| l.contains_key("memory")));
    let config_map: ConfigMap = manifest("configmap.yaml");
    let from = container.env_from.as_ref().unwrap()[0].config_map_ref.as_ref().unwrap();
    assert_eq!(from.name, config_map.metadata.name.clone().unwrap());
    let secret: Secret = manifest("secret.yaml");
    let secrets = secret.string_data.clone().unwrap();
    for variable in container.env.as_ref().unwrap() {
        let key = variable.value_from.as_ref().unwrap().secret_key_ref.as_ref().unwrap();
        assert_eq!(key.name, secret.metadata.name.clone().unwrap());
        assert!(secrets.contains_key(&key.key), "{} is not in the Secret", key.key);
    }

    let mut settings: HashMap<String, String> =
        config_map.data.clone().unwrap().into_iter().collect();
    settings.extend(secrets);
    let config = server_accepts(settings);
    assert_eq!((config.l1_capacity, config.database_pool_size), (10_000, 50));
    assert!(config.l2_enabled && config.api_token.is_some());

    let service: Service = manifest("service.yaml");
    assert_eq!(service.spec.unwrap().selector.as_ref(), Some(&labels));
    let budget: PodDisruptionBudget = manifest("pdb.yaml");
    assert_eq!(budget.spec.unwrap().selector.unwrap().match_labels.as_ref(), Some(&labels));
    let autoscaler: HorizontalPodAutoscaler = manifest("hpa.yaml");
    let autoscaler = autoscaler.spec.unwrap();
    assert_eq!(autoscaler.scale_target_ref.name, deployment.metadata.name.unwrap());
    assert_eq!(autoscaler.metrics.unwrap()[0].resource.as_ref().unwrap().name, "cpu");
}

#[test]
fn the_systemd_unit_verifies_with_the_runbooks_limits() {
    let test = "the_systemd_unit_verifies_with_the_runbooks_limits";
    let Some(analyze) = service_binary("systemd-analyze", test) else { return };
    let unit = std::fs::read_to_string(deploy("systemd/llm-config-manager.service")).unwrap();
    for line in ["LimitNOFILE=65536", "MemoryMax=4G", "NoNewPrivileges=yes", "ProtectSystem=strict"]
    {
        assert!(unit.lines().any(|l| l == line), "the unit lacks {line}");
    }
    // Verified as installed, with the server where ExecStart expects it.
    let dir = tempfile::tempdir().unwrap();
    let installed = unit.replace(
        "ExecStart=/usr/local/bin/llm-config-server",
        &format!("ExecStart={}", crate::support::server_binary().display()),
    );
    let path = dir.path().join("llm-config-manager.service");
    std::fs::write(&path, installed).unwrap();
    let output = Command::new(analyze).arg("verify").arg(&path).output().unwrap();
    let complaints = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && complaints.trim().is_empty(), "{complaints}");

    // Its settings are the server's.
    let settings: HashMap<String, String> = unit
        .lines()
        .filter_map(|line| line.strip_prefix("Environment="))
        .flat_map(str::split_whitespace)
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .chain([("LLMCFG_API_TOKEN".to_owned(), "token".to_owned())])
        .collect();
    server_accepts(settings);
}

#[test]
fn the_compose_file_resolves_three_replicas_and_the_runbooks_ports() {
    let test = "the_compose_file_resolves_three_replicas_and_the_runbooks_ports";
    let Some(compose) = service_binary("docker-compose", test) else { return };
    let resolve = |env: &[(&str, &str)]| {
        Command::new(&compose)
            .args(["--compatibility", "-f"])
            .arg(deploy("compose.yaml"))
            .arg("config")
            .env_remove("POSTGRES_PASSWORD")
            .env_remove("LLMCFG_API_TOKEN")
            .envs(env.iter().copied())
            .output()
            .unwrap()
    };
    let resolved = resolve(&[("POSTGRES_PASSWORD", "pw"), ("LLMCFG_API_TOKEN", "token")]);
    let text = String::from_utf8_lossy(&resolved.stdout);
    assert!(resolved.status.success(), "{}", String::from_utf8_lossy(&resolved.stderr));
    let file: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let server = &file["services"]["llm-config-manager"];
    assert_eq!(server["deploy"]["replicas"], 3, "{server:#}");
    let prometheus = &file["services"]["prometheus"];
    assert!(prometheus.to_string().contains("9091"), "{prometheus:#}");
    // The replicas' settings are the server's.
    let settings: HashMap<String, String> = server["environment"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(key, value)| (key.clone(), value.as_str().unwrap_or_default().to_owned()))
        .collect();
    let config = server_accepts(settings);
    assert_eq!(config.storage.name(), "postgres");

    // Secrets must be given, never defaulted.
    let missing = resolve(&[]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("set POSTGRES_PASSWORD"));
}

#[test]
fn prometheus_accepts_its_configuration() {
    let test = "prometheus_accepts_its_configuration";
    let Some(promtool) = service_binary("promtool", test) else { return };
    let output = Command::new(promtool)
        .args(["check", "config"])
        .arg(deploy("prometheus.yml"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
}
