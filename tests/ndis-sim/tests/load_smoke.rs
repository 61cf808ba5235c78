//! Smoke test of the `chimney-load` binary: a tiny run of each mode, its exit code, the
//! JSON summary, and that a bad option is refused.

use std::process::{Command, Output};

fn load(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chimney-load"))
        .args(args)
        .output()
        .expect("chimney-load runs")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

const TINY: [&str; 6] = [
    "--connections",
    "12",
    "--tcp-per-path",
    "4",
    "--ops",
    "1500",
];

#[test]
fn a_tiny_direct_run_is_clean_and_reports_json() {
    let out = load(&[&TINY[..], &["--direct", "--json", "--fault-rate", "0.1"]].concat());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let j = json(&out);
    assert_eq!(j["ok"], true);
    assert_eq!(j["config"]["trees"], 3);
    let run = &j["runs"][0];
    assert_eq!(run["topology"], "direct");
    let r = &run["result"];
    assert_eq!(r["ops_total"], 1500);
    assert_eq!(r["streams_checked"], 12);
    assert_eq!(r["violations"]["total"], 0);
    assert!(r["bytes"]["host_to_peer"].as_u64().unwrap() > 0);
    assert!(r["bytes"]["peer_to_host"].as_u64().unwrap() > 0);
    let issued: u64 = r["ops"]
        .as_object()
        .unwrap()
        .values()
        .map(|o| o["issued"].as_u64().unwrap())
        .sum();
    assert_eq!(issued, 1500);
}

#[test]
fn the_table_names_every_operation() {
    let out = load(&[&TINY[..], &["--direct"]].concat());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    for word in [
        "send",
        "recv",
        "forward",
        "update",
        "query",
        "invalidate",
        "terminate",
        "event",
        "ns/op",
        "allocations",
        "faults",
        "violations  0",
        "result: clean",
    ] {
        assert!(text.contains(word), "no `{word}` in:\n{text}");
    }
}

#[test]
fn through_the_im_either_offloads_or_says_it_cannot() {
    let out = load(&[&TINY[..], &["--topology", "through-im", "--json"]].concat());
    let j = json(&out);
    let run = &j["runs"][0];
    assert_eq!(run["topology"], "through-im");
    if run["chimney_available"] == true {
        assert!(run["result"]["offloaded_at_start"].as_u64().unwrap() > 0);
        assert_eq!(out.status.code(), Some(i32::from(j["ok"] != true)));
    } else {
        assert_eq!(out.status.code(), Some(3), "{out:?}");
        assert_eq!(run["result"], serde_json::Value::Null);
        assert!(
            j["notes"][0]
                .as_str()
                .unwrap()
                .starts_with("chimney not available through the IM: 0 connections offloaded"),
            "{j}"
        );
    }
}

#[test]
fn the_default_topology_falls_back_to_direct_with_a_note() {
    let out = load(&[&TINY[..], &["--json"]].concat());
    let j = json(&out);
    let run = &j["runs"][0];
    if run["topology"] == "direct" {
        assert!(
            j["notes"][0].as_str().unwrap().contains("ran direct"),
            "{j}"
        );
        assert_eq!(out.status.code(), Some(0), "{out:?}");
    } else {
        assert_eq!(run["chimney_available"], true);
    }
}

#[test]
fn bad_options_are_refused() {
    let out = load(&["--mix", "send=1,teleport=1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("teleport"));
    let out = load(&["--fault-rate", "1.5"]);
    assert_eq!(out.status.code(), Some(2));
}
