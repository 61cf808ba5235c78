//! `chimney-load`: the load tool. It builds a simulated system (host-stack model →
//! [chimney-im →] chimney NIC model → remote peer), offloads N connections in
//! neighbor → path → TCP trees, drives a mix of sends, receives, forwards, updates,
//! queries, invalidates, terminates/re-offloads and events, optionally with injected
//! faults, and at the end checks every stream byte for byte. It prints a table (or JSON
//! with `--json`) and exits non-zero on any violation.
//!
//! Exit codes: 0 clean; 1 a violation was found; 2 bad arguments (clap); 3 the system
//! asked for (`--topology through-im`) cannot offload (chimney not available through
//! the IM); 4 the system could not be built (e.g. the trace file).

#![allow(
    clippy::missing_panics_doc,
    reason = "a tool: its expects state invariants of the simulator"
)]
#![allow(
    clippy::many_single_char_names,
    reason = "short names for the system (d), the result (r) and the counters, as in the models' tests"
)]
#![allow(
    clippy::cast_possible_truncation,
    reason = "random draws below small bounds are cast to the sizes they bound"
)]

mod config;
mod report;
mod run;
mod system;

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::config::{Config, DEFAULT_MIX, Mix, SizeRange, Stop};
use crate::report::Report;
use crate::system::Topology;

/// Which system to load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TopologyArg {
    /// Through the IM if it offloads chimney, else direct (with a note).
    Auto,
    /// Host bound straight to the NIC model.
    Direct,
    /// Host → chimney-im velan → chimney-im protocol → NIC model.
    ThroughIm,
}

/// The parsed command line.
#[derive(Clone, Debug)]
struct Args {
    connections: u32,
    tcp_per_path: u32,
    message_size: SizeRange,
    mix: Mix,
    ops: u64,
    duration: Option<f64>,
    seed: u64,
    fault_rate: f64,
    topology: TopologyArg,
    direct: bool,
    compare: bool,
    json: bool,
    trace: Option<PathBuf>,
    batch: u64,
    ticks_per_batch: u64,
}

/// The command line (clap's builder API: the derive macros emit
/// `#[allow(clippy::restriction)]`, which the workspace's forbidden lints refuse).
#[expect(
    clippy::too_many_lines,
    reason = "one argument definition after another"
)]
fn command() -> Command {
    let flag = |name: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .action(ArgAction::SetTrue)
            .help(help)
    };
    Command::new("chimney-load")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Load the simulated chimney system (host model → [chimney-im →] NIC model → peer) and check every stream byte for byte")
        .arg(
            Arg::new("connections")
                .long("connections")
                .value_name("N")
                .value_parser(value_parser!(u32).range(1..))
                .default_value("1000")
                .help("Connections offloaded at the start"),
        )
        .arg(
            Arg::new("tcp-per-path")
                .long("tcp-per-path")
                .value_name("N")
                .value_parser(value_parser!(u32).range(1..))
                .default_value("10")
                .help("TCP connections per tree: one neighbor → one path → this many TCP (the host model gives every path its own neighbor)"),
        )
        .arg(
            Arg::new("message-size")
                .long("message-size")
                .value_name("MIN..MAX")
                .value_parser(|s: &str| s.parse::<SizeRange>())
                .default_value("64..1460")
                .help("Message size in bytes for sends and receives: N or MIN..MAX (uniform)"),
        )
        .arg(
            Arg::new("mix")
                .long("mix")
                .value_name("WEIGHTS")
                .value_parser(|s: &str| s.parse::<Mix>())
                .default_value(DEFAULT_MIX)
                .help("Operation weights (name=weight,...): send, recv (post a receive buffer, the peer sends), forward, update, query, invalidate (then terminate the tree), terminate (upload, or re-offload a host-mode connection), event; kinds not named weigh 0"),
        )
        .arg(
            Arg::new("ops")
                .long("ops")
                .value_name("N")
                .value_parser(value_parser!(u64))
                .default_value("300000")
                .conflicts_with("duration")
                .help("Operations to issue (deterministic for a seed)"),
        )
        .arg(
            Arg::new("duration")
                .long("duration")
                .value_parser(value_parser!(f64))
                .value_name("SECS")
                .help("Issue operations for this many seconds of WALL-CLOCK time instead of --ops (not deterministic)"),
        )
        .arg(
            Arg::new("seed")
                .long("seed")
                .value_name("N")
                .value_parser(value_parser!(u64))
                .default_value("1")
                .help("Seed of every random choice (workload, simulator, faults)"),
        )
        .arg(
            Arg::new("fault-rate")
                .long("fault-rate")
                .value_name("P")
                .value_parser(value_parser!(f64))
                .default_value("0")
                .help("Probability in [0, 1] that the NIC fails an initiate block (a documented failure status); above 0 also delays and reorders completions and acknowledgements"),
        )
        .arg(
            Arg::new("topology")
                .long("topology")
                .value_name("TOPOLOGY")
                .value_parser(["auto", "direct", "through-im"])
                .default_value("auto")
                .conflicts_with_all(["direct", "compare"])
                .help("The system under test: through-im (host → chimney-im velan, chimney-im → NIC), direct (host bound to the NIC), auto (through-im if it offloads, else direct with a note)"),
        )
        .arg(flag("direct", "Same as --topology direct").conflicts_with("compare"))
        .arg(flag(
            "compare",
            "Run direct, then through the IM, and print the ns-per-operation ratio",
        ))
        .arg(flag(
            "json",
            "Print a JSON summary on stdout instead of the table (no progress bar)",
        ))
        .arg(
            Arg::new("trace")
                .long("trace")
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .help("Write the simulator's edge trace (JSON lines) to FILE (also kept in memory: use with small runs)"),
        )
        .arg(
            Arg::new("batch")
                .long("batch")
                .value_name("N")
                .value_parser(value_parser!(u64).range(1..))
                .default_value("500")
                .help("Operations between two steps of simulated time"),
        )
        .arg(
            Arg::new("ticks-per-batch")
                .long("ticks-per-batch")
                .value_name("TICKS")
                .value_parser(value_parser!(u64))
                .default_value("20")
                .help("Simulated time each batch advances, in 100 ns ticks"),
        )
}

fn get<T: Clone + Send + Sync + 'static>(m: &ArgMatches, id: &str) -> T {
    m.get_one::<T>(id).cloned().expect("defaulted by clap")
}

impl Args {
    fn from_matches(m: &ArgMatches) -> Args {
        let topology = match m.get_one::<String>("topology").map(String::as_str) {
            Some("direct") => TopologyArg::Direct,
            Some("through-im") => TopologyArg::ThroughIm,
            _ => TopologyArg::Auto,
        };
        Args {
            connections: get(m, "connections"),
            tcp_per_path: get(m, "tcp-per-path"),
            message_size: get(m, "message-size"),
            mix: get(m, "mix"),
            ops: get(m, "ops"),
            duration: m.get_one::<f64>("duration").copied(),
            seed: get(m, "seed"),
            fault_rate: get(m, "fault-rate"),
            topology,
            direct: m.get_flag("direct"),
            compare: m.get_flag("compare"),
            json: m.get_flag("json"),
            trace: m.get_one::<PathBuf>("trace").cloned(),
            batch: get(m, "batch"),
            ticks_per_batch: get(m, "ticks-per-batch"),
        }
    }

    #[cfg(test)]
    fn try_parse_from<I, T>(args: I) -> Result<Args, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        command()
            .try_get_matches_from(args)
            .map(|m| Args::from_matches(&m))
    }

    fn config(&self) -> Result<Config, String> {
        if !(0.0..=1.0).contains(&self.fault_rate) {
            return Err(format!(
                "--fault-rate {}: must be in [0, 1]",
                self.fault_rate
            ));
        }
        let stop = match self.duration {
            Some(s) if s.is_finite() && s > 0.0 => Stop::Wall(Duration::from_secs_f64(s)),
            Some(s) => return Err(format!("--duration {s}: must be a positive number")),
            None => Stop::Ops(self.ops),
        };
        Ok(Config {
            connections: self.connections as usize,
            tcp_per_path: self.tcp_per_path as usize,
            size: self.message_size,
            mix: self.mix.clone(),
            stop,
            seed: self.seed,
            fault_rate: self.fault_rate,
            batch: self.batch,
            ticks_per_batch: self.ticks_per_batch,
        })
    }
}

fn progress_bar(cfg: &Config, show: bool, label: &str) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let len = match cfg.stop {
        Stop::Ops(n) => Some(n),
        Stop::Wall(_) => None,
    };
    let pb = ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr());
    let template = if len.is_some() {
        "{prefix} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} ops, {msg}"
    } else {
        "{prefix} [{elapsed_precise}] {spinner} {human_pos} ops, {msg}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        pb.set_style(style);
    }
    pb.set_prefix(label.to_owned());
    pb
}

/// Build `topology`, offload the trees, and drive the load unless nothing could be
/// offloaded through the IM.
fn run_one(topology: Topology, cfg: &Config, args: &Args, show: bool) -> Result<Report, String> {
    let sys = system::build_with_capacity(
        topology,
        cfg.seed,
        args.trace.as_deref(),
        Some(run::nic_capacity(cfg)),
    )?;
    let t0 = Instant::now();
    let ids = run::setup(&sys, cfg);
    let setup_wall = t0.elapsed();
    let offloaded = sys
        .d
        .binding
        .count(ndis_sim::models::host::ConnState::Offloaded);
    if topology == Topology::ThroughIm && offloaded == 0 {
        return Ok(Report {
            topology,
            advertised_capacity: sys.advertised_capacity,
            chimney_available: false,
            result: None,
            setup_violations: sys
                .d
                .sim
                .violations()
                .iter()
                .map(ToString::to_string)
                .collect(),
        });
    }
    let pb = progress_bar(cfg, show, topology.name());
    let result = run::workload(&sys, cfg, &ids, &pb, setup_wall);
    pb.finish_and_clear();
    Ok(Report {
        topology,
        advertised_capacity: sys.advertised_capacity,
        chimney_available: offloaded > 0,
        result: Some(result),
        setup_violations: Vec::new(),
    })
}

fn unavailable_note(rep: &Report) -> String {
    format!(
        "chimney not available through the IM: 0 connections offloaded (capacity the velan offered the host: {})",
        rep.advertised_capacity
            .map_or_else(|| "no chimney capability".to_owned(), |c| c.to_string())
    )
}

#[expect(
    clippy::too_many_lines,
    reason = "the run plan, the fallback and the output, top to bottom"
)]
fn main() -> ExitCode {
    let args = Args::from_matches(&command().get_matches());
    let cfg = match args.config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("chimney-load: {e}");
            return ExitCode::from(2);
        }
    };
    let show = !args.json && std::io::stderr().is_terminal();
    let mut notes = Vec::new();
    let mut reports = Vec::new();
    let wanted = if args.direct {
        TopologyArg::Direct
    } else {
        args.topology
    };
    let plan: Vec<Topology> = if args.compare {
        vec![Topology::Direct, Topology::ThroughIm]
    } else {
        match wanted {
            TopologyArg::Direct => vec![Topology::Direct],
            TopologyArg::ThroughIm | TopologyArg::Auto => vec![Topology::ThroughIm],
        }
    };
    for t in plan {
        match run_one(t, &cfg, &args, show) {
            Ok(rep) => reports.push(rep),
            Err(e) => {
                eprintln!("chimney-load: {e}");
                return ExitCode::from(4);
            }
        }
    }
    let mut unavailable = false;
    if let Some(rep) = reports
        .iter()
        .find(|r| r.topology == Topology::ThroughIm && !r.chimney_available)
    {
        unavailable = true;
        notes.push(unavailable_note(rep));
    }
    if unavailable && wanted == TopologyArg::Auto && !args.compare {
        if let Some(n) = notes.last_mut() {
            n.push_str("; ran direct (host bound straight to the NIC model) instead");
        }
        reports.clear();
        match run_one(Topology::Direct, &cfg, &args, show) {
            Ok(rep) => reports.push(rep),
            Err(e) => {
                eprintln!("chimney-load: {e}");
                return ExitCode::from(4);
            }
        }
        unavailable = false;
    }
    let ns = |t: Topology| {
        reports
            .iter()
            .find(|r| r.topology == t)
            .and_then(|r| r.result.as_ref())
            .map(run::RunResult::ns_per_op)
    };
    let ratio = match (ns(Topology::ThroughIm), ns(Topology::Direct)) {
        (Some(im), Some(d)) if args.compare && d > 0.0 => Some(im / d),
        _ => None,
    };
    let violations: usize = reports.iter().map(Report::violations).sum();
    if args.json {
        println!("{}", report::json(&cfg, &reports, ratio, &notes));
    } else {
        println!("chimney-load: {}", report::config_line(&cfg));
        for rep in &reports {
            println!();
            print!("{}", report::table(rep));
        }
        for n in &notes {
            println!("note: {n}");
        }
        if args.compare {
            match ratio {
                Some(r) => println!("ratio through-im / direct: {r:.3}× wall ns per operation"),
                None => println!("ratio through-im / direct: n/a (the IM run did not drive load)"),
            }
        }
        println!(
            "{}",
            if violations > 0 {
                format!("result: {violations} violation(s)")
            } else if unavailable && !args.compare {
                "result: no load driven (chimney not available through the IM)".to_owned()
            } else {
                "result: clean".to_owned()
            }
        );
    }
    if violations > 0 {
        ExitCode::from(1)
    } else if unavailable && !args.compare {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(a: &[&str]) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("chimney-load").chain(a.iter().copied()))
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let a = parse(&[]).unwrap();
        let c = a.config().unwrap();
        assert_eq!(c.connections, 1000);
        assert_eq!(c.trees().len(), 100);
        assert_eq!(c.stop, Stop::Ops(300_000));
        assert_eq!(c.size, SizeRange { min: 64, max: 1460 });
        assert_eq!(a.topology, TopologyArg::Auto);
    }

    #[test]
    fn conflicting_and_bad_options_are_refused() {
        assert!(parse(&["--ops", "5", "--duration", "1"]).is_err());
        assert!(parse(&["--direct", "--compare"]).is_err());
        assert!(parse(&["--mix", "send=0"]).is_err());
        assert!(parse(&["--connections", "0"]).is_err());
        assert!(parse(&["--fault-rate", "2"]).unwrap().config().is_err());
        assert!(parse(&["--duration=-1"]).unwrap().config().is_err());
        let a = parse(&["--duration", "2.5", "--topology", "through-im"]).unwrap();
        assert_eq!(
            a.config().unwrap().stop,
            Stop::Wall(Duration::from_millis(2500))
        );
        assert_eq!(a.topology, TopologyArg::ThroughIm);
    }

    #[test]
    fn the_clap_definition_is_consistent() {
        command().debug_assert();
    }
}
