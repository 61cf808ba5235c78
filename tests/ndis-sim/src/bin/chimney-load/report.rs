//! The end-of-run table (for people) and the JSON summary (for machines).

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::config::{Config, OpKind, Stop};
use crate::run::RunResult;
use crate::system::Topology;
use chimney_im::offload::counters::CHIMNEY_IM_STATISTICS;

/// One run as reported: what ran and what came out.
pub struct Report {
    /// The topology that ran.
    pub topology: Topology,
    /// The capacity the host was offered in its bind (`None`: no chimney capability).
    pub advertised_capacity: Option<u32>,
    /// Whether chimney was usable (at least one connection offloaded at the set-up).
    pub chimney_available: bool,
    /// The run, `None` when it was not driven (chimney not available through the IM).
    pub result: Option<RunResult>,
    /// Verifier log entries of a run that was not driven (its set-up).
    pub setup_violations: Vec<String>,
}

impl Report {
    /// Violations of this run: the load's, or the set-up's when no load was driven.
    pub fn violations(&self) -> usize {
        self.result
            .as_ref()
            .map_or(self.setup_violations.len(), |r| r.violations.total())
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Bytes with a binary unit.
#[expect(clippy::cast_precision_loss, reason = "a size for display")]
pub fn bytes(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / f64::from(1 << 20))
    } else if n >= 1 << 10 {
        format!("{:.1} KiB", n as f64 / f64::from(1 << 10))
    } else {
        format!("{n} B")
    }
}

fn stop_text(cfg: &Config) -> String {
    match cfg.stop {
        Stop::Ops(n) => format!("{} operations", thousands(n)),
        Stop::Wall(d) => format!("{:.1} s of wall time", d.as_secs_f64()),
    }
}

/// The configuration line printed above the tables.
pub fn config_line(cfg: &Config) -> String {
    format!(
        "{} connections in {} trees (neighbor → path → up to {} TCP), messages {} bytes, {}, seed {}, fault rate {}\nmix: {}",
        thousands(cfg.connections as u64),
        cfg.trees().len(),
        cfg.tcp_per_path,
        cfg.size,
        stop_text(cfg),
        cfg.seed,
        cfg.fault_rate,
        cfg.mix
    )
}

/// The table of one run.
#[expect(clippy::too_many_lines, reason = "one table line after another")]
#[expect(
    clippy::cast_precision_loss,
    reason = "simulated milliseconds for display"
)]
pub fn table(rep: &Report) -> String {
    let mut t = String::new();
    let cap = rep
        .advertised_capacity
        .map_or_else(|| "none".to_owned(), |c| thousands(u64::from(c)));
    let _ = writeln!(
        t,
        "== {} (chimney capacity offered to the host: {cap})",
        rep.topology.name()
    );
    let Some(r) = &rep.result else {
        let _ = writeln!(
            t,
            "chimney not available through the IM: 0 connections offloaded (no load driven)"
        );
        let _ = writeln!(
            t,
            "violations  {} during the set-up",
            rep.setup_violations.len()
        );
        for s in rep.setup_violations.iter().take(10) {
            let _ = writeln!(t, "  {s}");
        }
        return t;
    };
    let _ = writeln!(
        t,
        "set-up      {} of {} connections offloaded in {} trees ({:.3} s wall)",
        thousands(r.offloaded_at_start as u64),
        thousands(r.connections as u64),
        r.trees,
        r.setup_wall.as_secs_f64()
    );
    let _ = writeln!(
        t,
        "{:<12}{:>14}{:>16}",
        "operation", "issued", "on offloaded"
    );
    for k in OpKind::ALL {
        let o = r.ops[k.index()];
        let _ = writeln!(
            t,
            "{:<12}{:>14}{:>16}",
            k.name(),
            thousands(o.issued),
            thousands(o.offloaded)
        );
    }
    let off: u64 = r.ops.iter().map(|o| o.offloaded).sum();
    let _ = writeln!(
        t,
        "{:<12}{:>14}{:>16}",
        "total",
        thousands(r.total_ops()),
        thousands(off)
    );
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "rates for display"
    )]
    let (ops_s, ns) = (r.ops_per_sec() as u64, r.ns_per_op().round() as u64);
    let _ = writeln!(
        t,
        "wall        {:.3} s   {} ops/s   {} ns/op   (simulated {:.3} ms)",
        r.wall.as_secs_f64(),
        thousands(ops_s),
        thousands(ns),
        r.sim_ticks as f64 / 10_000.0
    );
    let _ = writeln!(
        t,
        "bytes       host→peer {} ({})   peer→host {} ({})",
        thousands(r.bytes_to_peer),
        bytes(r.bytes_to_peer),
        thousands(r.bytes_to_host),
        bytes(r.bytes_to_host)
    );
    let _ = writeln!(
        t,
        "allocations {} seam allocations during the load phase",
        thousands(r.allocations)
    );
    let _ = writeln!(
        t,
        "faults      {} initiate blocks failed by the NIC's fault hook",
        thousands(r.faults_injected)
    );
    let _ = writeln!(
        t,
        "connections {} offloaded at the end of the load, {} streams checked byte for byte",
        thousands(r.offloaded_at_end as u64),
        thousands(r.streams_checked as u64)
    );
    if let Some(c) = &r.im_counters {
        im_counters_table(&mut t, c);
    }
    let v = &r.violations;
    let _ = writeln!(
        t,
        "violations  {} (Verifier log {}, of which peer integrity {}; stream counts {}; NIC/host disagreement {}; teardown {})",
        v.total(),
        v.sim,
        v.peer_integrity,
        v.streams,
        v.consistency,
        v.teardown
    );
    for s in &v.first {
        let _ = writeln!(t, "  {s}");
    }
    t
}

/// The IM's counters (read through its statistics OID) as table lines.
fn im_counters_table(t: &mut String, c: &CHIMNEY_IM_STATISTICS) {
    let [n, p, tcp] = c.ObjectsOffloaded;
    let [cn, cp, ctcp] = c.ObjectsCurrent;
    let _ = writeln!(
        t,
        "chimney-im  offloaded {} neighbors, {} paths, {} connections (now {}, {}, {}); table {} of {} entries, high water {}",
        thousands(n),
        thousands(p),
        thousands(tcp),
        thousands(cn),
        thousands(cp),
        thousands(ctcp),
        thousands(c.PoolLive),
        thousands(c.PoolEntries),
        thousands(c.PoolHighWater)
    );
    let uploads: u64 = c.UploadRequests.iter().sum();
    let _ = writeln!(
        t,
        "            I/O relayed {}, refused {}; receive indications {}; bytes sent {} received {}; upload requests {}, upload-all {}; drains {}; initiates failed: blocks {}, resources {}, refused {}, malformed {}",
        thousands(c.IoRelayed),
        thousands(c.IoRefused),
        thousands(c.ReceiveIndications),
        thousands(c.BytesSent),
        thousands(c.BytesReceived),
        thousands(uploads),
        thousands(c.UploadAllRequests),
        thousands(c.Drains),
        thousands(c.InitiateBlocksFailed),
        thousands(c.InitiatesFailedResources),
        thousands(c.InitiatesRefused),
        thousands(c.TreesMalformed)
    );
}

/// The IM's counters as JSON, member for member.
fn im_counters_json(c: &CHIMNEY_IM_STATISTICS) -> Value {
    json!({
        "objects_offloaded": {"neighbor": c.ObjectsOffloaded[0], "path": c.ObjectsOffloaded[1], "tcp": c.ObjectsOffloaded[2]},
        "objects_current": {"neighbor": c.ObjectsCurrent[0], "path": c.ObjectsCurrent[1], "tcp": c.ObjectsCurrent[2]},
        "initiate_blocks_failed": c.InitiateBlocksFailed,
        "initiates_failed_resources": c.InitiatesFailedResources,
        "initiates_refused": c.InitiatesRefused,
        "trees_malformed": c.TreesMalformed,
        "upload_requests_by_reason": c.UploadRequests,
        "upload_all_requests": c.UploadAllRequests,
        "io_relayed": c.IoRelayed,
        "io_refused": c.IoRefused,
        "receive_indications": c.ReceiveIndications,
        "drains": c.Drains,
        "drain_time_100ns": c.DrainTime,
        "bytes_sent": c.BytesSent,
        "bytes_received": c.BytesReceived,
        "pool": {"entries": c.PoolEntries, "live": c.PoolLive, "high_water": c.PoolHighWater},
    })
}

#[expect(clippy::cast_precision_loss, reason = "simulated milliseconds")]
fn run_json(rep: &Report) -> Value {
    let mut j = json!({
        "topology": rep.topology.name(),
        "advertised_capacity": rep.advertised_capacity,
        "chimney_available": rep.chimney_available,
    });
    let Some(r) = &rep.result else {
        j["result"] = Value::Null;
        j["setup_violations"] = json!(rep.setup_violations);
        return j;
    };
    let ops: serde_json::Map<String, Value> = OpKind::ALL
        .iter()
        .map(|k| {
            let o = r.ops[k.index()];
            (
                k.name().to_owned(),
                json!({"issued": o.issued, "offloaded": o.offloaded}),
            )
        })
        .collect();
    let v = &r.violations;
    j["result"] = json!({
        "connections": r.connections,
        "trees": r.trees,
        "offloaded_at_start": r.offloaded_at_start,
        "offloaded_at_end": r.offloaded_at_end,
        "setup_wall_secs": r.setup_wall.as_secs_f64(),
        "ops": ops,
        "ops_total": r.total_ops(),
        "wall_secs": r.wall.as_secs_f64(),
        "ops_per_sec": r.ops_per_sec(),
        "ns_per_op": r.ns_per_op(),
        "sim_ms": r.sim_ticks as f64 / 10_000.0,
        "bytes": {"host_to_peer": r.bytes_to_peer, "peer_to_host": r.bytes_to_host},
        "allocations_load_phase": r.allocations,
        "faults_injected": r.faults_injected,
        "streams_checked": r.streams_checked,
        "violations": {
            "total": v.total(),
            "sim": v.sim,
            "peer_integrity": v.peer_integrity,
            "streams": v.streams,
            "consistency": v.consistency,
            "teardown": v.teardown,
            "first": v.first,
        },
        "im_counters": r.im_counters.as_ref().map(im_counters_json),
    });
    j
}

/// The JSON summary of all runs.
pub fn json(cfg: &Config, reports: &[Report], ratio: Option<f64>, notes: &[String]) -> Value {
    let (ops, secs) = match cfg.stop {
        Stop::Ops(n) => (Some(n), None),
        Stop::Wall(d) => (None, Some(d.as_secs_f64())),
    };
    let mix: serde_json::Map<String, Value> = OpKind::ALL
        .iter()
        .map(|k| (k.name().to_owned(), json!(cfg.mix.0[k.index()])))
        .collect();
    let violations: usize = reports.iter().map(Report::violations).sum();
    json!({
        "tool": "chimney-load",
        "schema": 1,
        "config": {
            "connections": cfg.connections,
            "tcp_per_path": cfg.tcp_per_path,
            "trees": cfg.trees().len(),
            "message_size": {"min": cfg.size.min, "max": cfg.size.max},
            "mix": mix,
            "ops": ops,
            "duration_wall_secs": secs,
            "seed": cfg.seed,
            "fault_rate": cfg.fault_rate,
        },
        "runs": reports.iter().map(run_json).collect::<Vec<_>>(),
        "ratio_through_im_over_direct_ns_per_op": ratio,
        "notes": notes,
        "violations": violations,
        "ok": violations == 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn bytes_have_units() {
        assert_eq!(bytes(10), "10 B");
        assert_eq!(bytes(2048), "2.0 KiB");
        assert_eq!(bytes(3 << 20), "3.0 MiB");
    }

    #[test]
    fn a_run_not_driven_says_so() {
        let rep = Report {
            topology: Topology::ThroughIm,
            advertised_capacity: Some(0),
            chimney_available: false,
            result: None,
            setup_violations: Vec::new(),
        };
        assert!(table(&rep).contains("chimney not available through the IM: 0 connections"));
        assert_eq!(run_json(&rep)["result"], Value::Null);
    }
}
