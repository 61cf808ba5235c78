//! The trace: every edge crossing the simulator routes (and the models' wire and
//! upload events), one JSON object per line, in the order they happen, so a failing
//! run can be read and replayed. Off unless asked for: [`Sim::trace_on`] keeps the
//! lines in memory ([`Sim::trace_lines`]); [`Sim::trace_to`] also appends each line to
//! a file. The models' [`Direct`](crate::models::Direct) system turns it on when the
//! environment variable `NDIS_SIM_TRACE` names a file.
//!
//! Schema (every key always present, in this order, except `status` and `args`):
//! - `n`: event number from 1 (u64);
//! - `t`: simulated time in 100 ns ticks (u64);
//! - `from`, `to`: who called whom: `"protocol"`, `"ndis"`, `"miniport"`, `"nic"`,
//!   `"host"`, `"peer"` (string);
//! - `op`: the operation, named as the NDIS call or handler (`"NdisInitiateOffload"`,
//!   `"MiniportInitiateOffload"`, `"NdisMInitiateOffloadComplete"`, ...), or the model
//!   event (`"segment"`, `"ack"`, `"upload"`) (string);
//! - `handle`: the handle the call carries (binding, miniport or offload handle), hex
//!   string;
//! - `obj`: the object it is about (tree root, first NBL, request), hex string, `"0x0"`
//!   if none;
//! - `status`: NDIS_STATUS as a hex string, when the call returns or carries one;
//! - `args`: an object of further numbers (sequence numbers, lengths, counts, event
//!   codes), when there are any.

use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::Path;

use crate::core::Sim;

/// Where trace lines go.
#[derive(Default)]
pub struct TraceSink {
    lines: Vec<String>,
    file: Option<File>,
    count: u64,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// One edge crossing.
#[derive(Clone, Copy, Debug)]
pub struct Edge<'a> {
    /// Caller.
    pub from: &'a str,
    /// Callee.
    pub to: &'a str,
    /// Operation.
    pub op: &'a str,
    /// Handle carried.
    pub handle: usize,
    /// Object concerned.
    pub obj: usize,
    /// Status, if any.
    pub status: Option<i32>,
    /// Further numbers.
    pub args: &'a [(&'a str, u64)],
}

impl Sim {
    /// Start keeping trace lines in memory.
    pub fn trace_on(&self) {
        let mut st = self.0.st.borrow_mut();
        if st.trace.is_none() {
            st.trace = Some(TraceSink::default());
        }
    }

    /// Keep trace lines and append each to `path` (created or truncated).
    ///
    /// # Errors
    /// When the file cannot be created.
    pub fn trace_to(&self, path: impl AsRef<Path>) -> std::io::Result<()> {
        let f = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(true)
            .open(path)?;
        self.trace_on();
        if let Some(t) = self.0.st.borrow_mut().trace.as_mut() {
            t.file = Some(f);
        }
        Ok(())
    }

    /// Whether tracing is on.
    #[must_use]
    pub fn tracing(&self) -> bool {
        self.0.st.borrow().trace.is_some()
    }

    /// The trace lines so far.
    #[must_use]
    pub fn trace_lines(&self) -> Vec<String> {
        self.0
            .st
            .borrow()
            .trace
            .as_ref()
            .map(|t| t.lines.clone())
            .unwrap_or_default()
    }

    /// Record one edge crossing (nothing when tracing is off).
    pub fn trace(&self, e: &Edge<'_>) {
        let mut st = self.0.st.borrow_mut();
        let now = st.now;
        let Some(t) = st.trace.as_mut() else { return };
        t.count += 1;
        let mut line = String::with_capacity(160);
        let _ = write!(
            line,
            "{{\"n\":{},\"t\":{},\"from\":\"{}\",\"to\":\"{}\",\"op\":\"{}\",\"handle\":\"{:#x}\",\"obj\":\"{:#x}\"",
            t.count,
            now,
            escape(e.from),
            escape(e.to),
            escape(e.op),
            e.handle,
            e.obj
        );
        if let Some(s) = e.status {
            let _ = write!(line, ",\"status\":\"{:#010x}\"", s.cast_unsigned());
        }
        if !e.args.is_empty() {
            line.push_str(",\"args\":{");
            for (i, (k, v)) in e.args.iter().enumerate() {
                if i > 0 {
                    line.push(',');
                }
                let _ = write!(line, "\"{}\":{v}", escape(k));
            }
            line.push('}');
        }
        line.push('}');
        if let Some(f) = t.file.as_mut() {
            let _ = writeln!(f, "{line}");
        }
        t.lines.push(line);
    }

    /// Record an edge from the simulator's routing code (short form).
    pub(crate) fn edge(
        &self,
        from: &str,
        to: &str,
        op: &str,
        handle: usize,
        obj: usize,
        status: Option<i32>,
    ) {
        if self.tracing() {
            self.trace(&Edge {
                from,
                to,
                op,
                handle,
                obj,
                status,
                args: &[],
            });
        }
    }
}
