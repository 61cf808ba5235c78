//! The workload's configuration: the operation mix, message sizes, how a run stops, and
//! their parsers (used by clap).

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// One kind of operation the workload issues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OpKind {
    /// The host sends `size` bytes on a connection (`HostBinding::send`).
    Send,
    /// The host posts a receive buffer of `size` bytes and the peer sends `size` bytes.
    Recv,
    /// The host forwards a packet on an offloaded connection.
    Forward,
    /// An update of a tree's path cached state.
    Update,
    /// A query of a connection's delegated state.
    Query,
    /// An invalidate of a tree's neighbor, then the tree's terminate (and a re-offload
    /// later).
    Invalidate,
    /// Terminate (upload) an offloaded connection, or offload a host-mode one again.
    Terminate,
    /// The NIC indicates a TCP event (send backlog, disconnect, retrieve, abort).
    Event,
}

impl OpKind {
    /// Every kind, in table order.
    pub const ALL: [OpKind; 8] = [
        OpKind::Send,
        OpKind::Recv,
        OpKind::Forward,
        OpKind::Update,
        OpKind::Query,
        OpKind::Invalidate,
        OpKind::Terminate,
        OpKind::Event,
    ];

    /// Its name in `--mix`, the table and the JSON.
    pub fn name(self) -> &'static str {
        match self {
            OpKind::Send => "send",
            OpKind::Recv => "recv",
            OpKind::Forward => "forward",
            OpKind::Update => "update",
            OpKind::Query => "query",
            OpKind::Invalidate => "invalidate",
            OpKind::Terminate => "terminate",
            OpKind::Event => "event",
        }
    }

    /// Its index in [`OpKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Relative weights of the operation kinds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mix(pub [u32; 8]);

/// The default mix: a data-path-heavy load with every state operation present.
pub const DEFAULT_MIX: &str =
    "send=40,recv=30,forward=4,update=4,query=8,invalidate=1,terminate=8,event=5";

impl Mix {
    /// The sum of the weights.
    pub fn total(&self) -> u64 {
        self.0.iter().map(|&w| u64::from(w)).sum()
    }

    /// The kind `r` (below [`Mix::total`]) falls on.
    pub fn pick(&self, r: u64) -> OpKind {
        let mut at = r;
        for k in OpKind::ALL {
            let w = u64::from(self.0[k.index()]);
            if at < w {
                return k;
            }
            at -= w;
        }
        OpKind::Send
    }
}

impl FromStr for Mix {
    type Err = String;

    /// `name=weight` pairs separated by commas; kinds not named weigh 0.
    fn from_str(s: &str) -> Result<Self, String> {
        let mut w = [0u32; 8];
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}`: expected name=weight"))?;
            let kind = OpKind::ALL
                .into_iter()
                .find(|k| k.name() == name.trim())
                .ok_or_else(|| {
                    format!(
                        "unknown operation `{}` (one of: {})",
                        name.trim(),
                        OpKind::ALL.map(OpKind::name).join(", ")
                    )
                })?;
            w[kind.index()] = value
                .trim()
                .parse()
                .map_err(|e| format!("`{part}`: weight: {e}"))?;
        }
        let mix = Mix(w);
        if mix.total() == 0 {
            return Err("the mix has no operation with a weight above 0".into());
        }
        Ok(mix)
    }
}

impl fmt::Display for Mix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = OpKind::ALL
            .iter()
            .map(|k| format!("{}={}", k.name(), self.0[k.index()]))
            .collect();
        f.write_str(&parts.join(","))
    }
}

/// Message sizes in bytes, drawn uniformly from `min..=max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SizeRange {
    /// Smallest.
    pub min: u32,
    /// Largest.
    pub max: u32,
}

impl FromStr for SizeRange {
    type Err = String;

    /// `N` or `MIN..MAX` (inclusive), each at least 1.
    fn from_str(s: &str) -> Result<Self, String> {
        let parse = |x: &str| -> Result<u32, String> {
            x.trim()
                .parse::<u32>()
                .map_err(|e| format!("`{x}`: {e}"))
                .and_then(|v| {
                    if v == 0 {
                        Err("a message size must be at least 1 byte".into())
                    } else {
                        Ok(v)
                    }
                })
        };
        let (min, max) = if let Some((a, b)) = s.split_once("..") {
            (parse(a)?, parse(b.trim_start_matches('='))?)
        } else {
            let v = parse(s)?;
            (v, v)
        };
        if min > max {
            return Err(format!("{min}..{max}: the minimum is above the maximum"));
        }
        if max > 1 << 20 {
            return Err("messages above 1 MiB are not supported".into());
        }
        Ok(SizeRange { min, max })
    }
}

impl fmt::Display for SizeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.min, self.max)
    }
}

/// When the workload stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// After this many operations (deterministic for a seed).
    Ops(u64),
    /// After this much wall-clock time (not deterministic).
    Wall(Duration),
}

/// Everything one run needs.
#[derive(Clone, Debug)]
pub struct Config {
    /// Connections offloaded at the start.
    pub connections: usize,
    /// TCP connections under each path (one neighbor → one path → this many TCPs).
    pub tcp_per_path: usize,
    /// Message sizes.
    pub size: SizeRange,
    /// The operation mix.
    pub mix: Mix,
    /// When to stop.
    pub stop: Stop,
    /// The seed of every random choice.
    pub seed: u64,
    /// Fault rate in [0, 1]: the probability an initiate block fails in the NIC; any
    /// rate above 0 also delays (and so reorders) completions and acknowledgements.
    pub fault_rate: f64,
    /// Operations between two steps of simulated time.
    pub batch: u64,
    /// Simulated ticks (100 ns) each batch advances.
    pub ticks_per_batch: u64,
}

impl Config {
    /// The number of trees (groups) and the size of the last one.
    pub fn trees(&self) -> Vec<usize> {
        let per = self.tcp_per_path.max(1);
        let mut out = vec![per; self.connections / per];
        let rest = self.connections % per;
        if rest > 0 {
            out.push(rest);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_mix_parses_and_names_every_kind() {
        let m: Mix = DEFAULT_MIX.parse().unwrap();
        assert!(m.0.iter().all(|&w| w > 0), "{m}");
        assert_eq!(m.to_string().parse::<Mix>().unwrap(), m);
    }

    #[test]
    fn mix_rejects_unknown_names_and_all_zero() {
        assert!("send=1,teleport=2".parse::<Mix>().is_err());
        assert!("send=0".parse::<Mix>().is_err());
        assert!("send".parse::<Mix>().is_err());
        let m: Mix = "query=3".parse().unwrap();
        assert_eq!(m.total(), 3);
        assert_eq!(m.pick(0), OpKind::Query);
        assert_eq!(m.pick(2), OpKind::Query);
    }

    #[test]
    fn pick_follows_the_weights() {
        let m: Mix = "send=2,event=1".parse().unwrap();
        assert_eq!(m.pick(0), OpKind::Send);
        assert_eq!(m.pick(1), OpKind::Send);
        assert_eq!(m.pick(2), OpKind::Event);
    }

    #[test]
    fn size_ranges() {
        assert_eq!(
            "100..1460".parse::<SizeRange>().unwrap(),
            SizeRange {
                min: 100,
                max: 1460
            }
        );
        assert_eq!(
            "64".parse::<SizeRange>().unwrap(),
            SizeRange { min: 64, max: 64 }
        );
        assert!("10..5".parse::<SizeRange>().is_err());
        assert!("0..5".parse::<SizeRange>().is_err());
        assert!("x".parse::<SizeRange>().is_err());
    }

    #[test]
    fn trees_cover_every_connection() {
        let c = Config {
            connections: 25,
            tcp_per_path: 10,
            size: SizeRange { min: 1, max: 1 },
            mix: DEFAULT_MIX.parse().unwrap(),
            stop: Stop::Ops(1),
            seed: 1,
            fault_rate: 0.0,
            batch: 1,
            ticks_per_batch: 1,
        };
        assert_eq!(c.trees(), [10, 10, 5]);
    }
}
