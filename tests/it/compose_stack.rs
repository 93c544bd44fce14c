//! `deploy/compose.yaml` brought up on the local Docker engine, and
//! `fleet quick` judging it through the engine.
//!
//! No registry serves this machine, so the file runs with images made
//! from the host's own files: the server's (as in `docker_runtime`) and
//! Debian's Prometheus, each in place of the image the file names. The
//! PostgreSQL and Redis services are left out, for want of their images:
//! the harness's PostgreSQL (a fresh database) and a private Redis stand
//! in, reached from the containers through proxies on the Docker bridge's
//! gateway (`host.docker.internal`). A machine whose hard limit on open
//! files is below the file's `nofile` (a container runtime may not raise
//! it) runs the replicas at that limit. Everything else is the file's own:
//! three replicas from `deploy.replicas`, their settings, limits and
//! restart policy, and Prometheus's configuration, which must find every
//! replica through the Compose network's DNS.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::docker_runtime::{Image, build_image, docker_ok, setup, unique};
use crate::support::{
    FreezableProxy, RedisServer, TestDatabase, client, eventually, finding, service_binary,
};

const SERVICE: &str = "llm-config-manager";
const TOKEN: &str = "compose-test-token";
const REPLICAS: usize = 3;

/// A Compose project from a file of the test's, taken down with its
/// volumes when dropped.
struct Project {
    name: String,
    dir: tempfile::TempDir,
}

impl Project {
    fn compose(&self, args: &[&str]) -> Output {
        Command::new("docker-compose")
            .arg("--compatibility")
            .args(["--project-name", &self.name, "--file"])
            .arg(self.dir.path().join("compose.json"))
            .args(args)
            .env("LLMCFG_API_TOKEN", TOKEN)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run docker-compose: {e}"))
    }

    fn compose_ok(&self, args: &[&str]) -> String {
        let output = self.compose(args);
        assert!(
            output.status.success(),
            "`docker-compose {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The addresses of a service's containers on the project's network.
    fn addresses(&self, service: &str) -> Vec<IpAddr> {
        self.compose_ok(&["ps", "-q", service])
            .lines()
            .map(|id| {
                docker_ok(&[
                    "inspect",
                    "--format",
                    "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                    id,
                ])
                .parse()
                .unwrap_or_else(|e| panic!("container {id} has no address: {e}"))
            })
            .collect()
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = self.compose(&["down", "--volumes", "--timeout", "5"]);
    }
}

/// Where containers reach the host: the default bridge's gateway, which
/// `host-gateway` names.
fn bridge_gateway() -> IpAddr {
    let configured = docker_ok(&[
        "network",
        "inspect",
        "bridge",
        "--format",
        "{{range .IPAM.Config}}{{.Gateway}}{{end}}",
    ]);
    if let Ok(address) = configured.parse() {
        return address;
    }
    // An engine that leaves the gateway implicit gives docker0 the
    // subnet's first address.
    let output = Command::new("ip").args(["-4", "-o", "addr", "show", "docker0"]).output();
    let listing =
        output.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default();
    listing
        .split_whitespace()
        .skip_while(|word| *word != "inet")
        .nth(1)
        .and_then(|cidr| cidr.split('/').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no address for the Docker bridge: {configured:?} {listing:?}"))
}

/// The hard limit on open files here, which a container cannot exceed.
fn open_files_hard_limit() -> u64 {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap();
    let line = limits.lines().find(|line| line.starts_with("Max open files")).unwrap();
    line.split_whitespace().nth(4).and_then(|hard| hard.parse().ok()).unwrap_or(u64::MAX)
}

/// `deploy/compose.yaml` with the substitutions the module describes.
fn compose_file(server: &Image, prometheus: &Image, database_url: &str, redis_url: &str) -> Value {
    let deploy = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy");
    let text = std::fs::read_to_string(deploy.join("compose.yaml")).unwrap();
    let mut file: Value = serde_saphyr::from_str(&text).unwrap();
    let top = file.as_object_mut().unwrap();
    top.retain(|key, _| !key.starts_with("x-") && key != "volumes");
    let services = top["services"].as_object_mut().unwrap();
    services.retain(|name, _| name == SERVICE || name == "prometheus");
    let replica = services[SERVICE].as_object_mut().unwrap();
    assert_eq!(replica["deploy"]["replicas"], REPLICAS, "the file runs three replicas");
    // What stands in for what this machine cannot pull or publish.
    for key in ["build", "ports", "depends_on"] {
        replica.remove(key);
    }
    replica.insert("image".into(), server.tag.clone().into());
    replica.insert("extra_hosts".into(), json!(["host.docker.internal:host-gateway"]));
    let nofile = &mut replica["ulimits"]["nofile"];
    for bound in ["soft", "hard"] {
        let asked = nofile[bound].as_u64().unwrap();
        nofile[bound] = asked.min(open_files_hard_limit()).into();
    }
    let environment = replica["environment"].as_object_mut().unwrap();
    environment.insert("DATABASE_URL".into(), database_url.into());
    environment.insert("REDIS_URL".into(), redis_url.into());
    let monitor = services["prometheus"].as_object_mut().unwrap();
    monitor.remove("ports");
    monitor.insert("image".into(), prometheus.tag.clone().into());
    let config = deploy.join("prometheus.yml");
    let mount = format!("{}:/etc/prometheus/prometheus.yml:ro", config.display());
    monitor.insert("volumes".into(), json!([mount]));
    file
}

/// Multi-threaded: the proxies keep forwarding while a thread waits on
/// the docker-compose tool.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_compose_stack_comes_up_and_fleet_judges_it() {
    let test = "the_compose_stack_comes_up_and_fleet_judges_it";
    let Some(server_image) = setup(test).await else { return };
    let Some(database) = TestDatabase::create(test).await else { return };
    let Some(redis) = RedisServer::start(test) else { return };
    let Some(prometheus_binary) = service_binary("prometheus", test) else { return };
    let prometheus_image = build_image(&prometheus_binary, "/bin/prometheus");

    let gateway = bridge_gateway();
    let database_at: SocketAddr = {
        let url = url::Url::parse(&database.url).unwrap();
        format!("{}:{}", url.host_str().unwrap(), url.port().unwrap()).parse().unwrap()
    };
    let postgres_proxy = FreezableProxy::start_on(gateway, database_at).await;
    let redis_proxy = FreezableProxy::start_on(gateway, ([127, 0, 0, 1], redis.port).into()).await;
    let database_url = format!(
        "postgres://postgres@host.docker.internal:{}/{}?sslmode=disable",
        postgres_proxy.port, database.name
    );
    let redis_url = format!("redis://host.docker.internal:{}", redis_proxy.port);
    let file = compose_file(&server_image, &prometheus_image, &database_url, &redis_url);
    let project = Project {
        name: unique("llmcfgcompose").replace('-', ""),
        dir: tempfile::tempdir().unwrap(),
    };
    std::fs::write(project.dir.path().join("compose.json"), file.to_string()).unwrap();
    project.compose_ok(&["up", "--detach", "--no-build"]);

    // Every replica answers /health on its own address, on the file's ports.
    let replicas = project.addresses(SERVICE);
    assert_eq!(replicas.len(), REPLICAS, "{}", project.compose_ok(&["ps"]));
    let http = client();
    for address in &replicas {
        let health = format!("http://{address}:8080/health");
        eventually(Duration::from_secs(60), &format!("{health} answering 200"), async || {
            http.get(&health).send().await.is_ok_and(|r| r.status() == 200)
        })
        .await;
    }
    // Writes through one replica, read back through every one.
    for key in 0..5 {
        let put = http
            .put(format!("http://{}:8080/api/v1/configs/compose/key{key}", replicas[0]))
            .bearer_auth(TOKEN)
            .json(&json!({ "value": key }))
            .send()
            .await
            .unwrap();
        assert!(put.status().is_success(), "PUT answered {}", put.status());
    }
    for address in &replicas {
        let read = http.get(format!("http://{address}:8080/api/v1/configs/compose/key4")).send();
        assert_eq!(read.await.unwrap().status(), 200, "read through {address}");
    }

    // Prometheus finds and scrapes every replica through the network's DNS.
    let prometheus = project.addresses("prometheus")[0];
    let targets = format!("http://{prometheus}:9091/api/v1/targets");
    eventually(Duration::from_secs(90), "Prometheus scraping three replicas", async || {
        let Ok(answer) = http.get(&targets).send().await else { return false };
        let Ok(body) = answer.json::<Value>().await else { return false };
        let active = body["data"]["activeTargets"].as_array().cloned().unwrap_or_default();
        active.len() == REPLICAS && active.iter().all(|target| target["health"] == "up")
    })
    .await;

    // Steady reads on every replica while the doctor looks, so that each
    // replica's window holds enough requests to judge (at 50 per second,
    // half the file's RATE_LIMIT_RPS).
    let traffic: Vec<_> = replicas
        .iter()
        .map(|address| {
            let (http, address) = (http.clone(), *address);
            tokio::spawn(async move {
                let mut pace = tokio::time::interval(Duration::from_millis(20));
                for read in 0.. {
                    pace.tick().await;
                    let url =
                        format!("http://{address}:8080/api/v1/configs/compose/key{}", read % 5);
                    let _ = http.get(url).send().await;
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut command = crate::doctor_quick::doctor();
    command
        .args(["fleet", "--format", "json", "--runtime", "docker", "--container", SERVICE])
        .args(["--api-url", "http://127.0.0.1:8080"])
        .args(["--metrics-url", "http://127.0.0.1:9090/metrics"])
        .args(["--prometheus-url", "http://127.0.0.1:9/"])
        .args(["--sample-namespace", "compose", "--timeout", "20s"]);
    let output = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
    traffic.iter().for_each(tokio::task::JoinHandle::abort);
    let report = crate::schemas::doctor_output(&output);
    let rows: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "fleet.replica")
        .map(|f| f["evidence"].as_str().unwrap())
        .collect();
    let mut expected: Vec<String> =
        replicas.iter().map(|address| format!("http://{address}:8080/")).collect();
    expected.sort();
    let mut found: Vec<String> = rows.iter().map(|row| row.to_string()).collect();
    found.sort();
    assert_eq!(found, expected, "{report:#}");
    for code in ["fleet.replicas", "fleet.settings", "fleet.version-skew"] {
        assert_eq!(finding(&report, code)["status"], "OK", "{code}: {report:#}");
    }
    let skew = finding(&report, "fleet.version-skew")["summary"].as_str().unwrap();
    assert!(skew.starts_with("5 key(s) read from every replica"), "{skew}");
    // A healthy stack under light load is healthy on every count.
    let not_ok: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] != "OK")
        .map(|f| format!("{} {} {}: {}", f["code"], f["replica"], f["status"], f["summary"]))
        .collect();
    assert!(not_ok.is_empty(), "{not_ok:#?}");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
}
