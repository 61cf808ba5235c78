//! The JSON-lines trace of a direct run: every state operation, offloaded I/O, event
//! and wire segment appears as one line with the documented keys, and the same seed
//! gives the same trace (handle values aside).

use ndis_sim::models::Direct;
use offload_tree::abi::*;

fn run(seed: u64) -> Vec<String> {
    let d = Direct::new(seed);
    d.sim.trace_on();
    d.binding.auto_post.set(512);
    {
        let _e = d.sim.enter();
        let (g, ids) = d.binding.offload_new(3);
        d.sim.run_until_idle();
        for &c in &ids {
            d.binding.send(c, 700);
            d.nic0.peer_send(c, 900);
        }
        d.sim.advance(15);
        d.binding.query(ids[0]);
        d.binding.update_path(g);
        d.nic0
            .indicate_event(ids[1], TCP_OFFLOAD_EVENT_TYPE::TcpIndicateRetrieve, 10);
        d.sim.run_until_idle();
        d.binding.invalidate_neighbor(g);
        d.binding.upload_group(g);
    }
    d.settle();
    d.assert_clean();
    d.sim.trace_lines()
}

/// A line without its address-valued keys.
fn shape(line: &str) -> String {
    line.split(',')
        .filter(|kv| !kv.starts_with("\"handle\"") && !kv.starts_with("\"obj\""))
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn every_edge_is_one_json_line_with_the_schema() {
    let lines = run(60);
    assert!(lines.len() > 30, "{}", lines.len());
    for (i, l) in lines.iter().enumerate() {
        assert!(l.starts_with(&format!("{{\"n\":{},\"t\":", i + 1)), "{l}");
        assert!(l.ends_with('}') && !l.contains('\n'), "{l}");
        for key in [
            "\"from\":",
            "\"to\":",
            "\"op\":",
            "\"handle\":\"0x",
            "\"obj\":\"0x",
        ] {
            assert!(l.contains(key), "{key} missing in {l}");
        }
    }
    for op in [
        "\"op\":\"Initiate\"",
        "\"op\":\"Terminate\"",
        "\"op\":\"Update\"",
        "\"op\":\"Query\"",
        "\"op\":\"Invalidate\"",
        "\"op\":\"TcpOffloadSend\"",
        "\"op\":\"TcpOffloadReceive\"",
        "\"op\":\"NdisTcpOffloadEventHandler\"",
        "\"op\":\"segment\"",
        "\"op\":\"ack\"",
        "\"op\":\"upload\"",
    ] {
        assert!(lines.iter().any(|l| l.contains(op)), "no {op}");
    }
    let up = lines
        .iter()
        .find(|l| l.contains("\"op\":\"upload\""))
        .unwrap();
    assert!(
        up.contains("\"SndUna\":") && up.contains("\"RcvNxt\":"),
        "{up}"
    );
}

#[test]
fn the_same_seed_gives_the_same_trace() {
    let a: Vec<String> = run(61).iter().map(|l| shape(l)).collect();
    let b: Vec<String> = run(61).iter().map(|l| shape(l)).collect();
    assert_eq!(a, b);
}

#[test]
fn the_trace_goes_to_a_file_on_request() {
    let path = std::env::temp_dir().join(format!("ndis-sim-trace-{}.jsonl", std::process::id()));
    let d = Direct::new(62);
    d.sim.trace_to(&path).expect("trace file");
    {
        let _e = d.sim.enter();
        d.binding.offload_new(2);
    }
    d.settle();
    let text = std::fs::read_to_string(&path).expect("written");
    let _ = std::fs::remove_file(&path);
    assert_eq!(text.lines().count(), d.sim.trace_lines().len());
    assert!(text.contains("\"op\":\"Initiate\""));
    d.assert_clean();
}
