//! The remote peer: the far end of every modelled TCP connection. Each direction of a
//! connection is a deterministic byte stream (`pattern`), so both ends can check every
//! byte they receive against what must be at that stream position. The peer takes
//! segments the host side sends (through the NIC when offloaded, directly in host
//! mode), accepts retransmissions only if they carry the same bytes, and records a
//! `Rule::Integrity` violation naming the connection and sequence numbers for any gap
//! or wrong byte. It produces data for the host on request and hands it to a delivery
//! function (the NIC model's wire).

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::core::current;
use crate::verifier::Rule;

/// Host → peer direction.
pub const HOST_TO_PEER: u8 = 0;
/// Peer → host direction.
pub const PEER_TO_HOST: u8 = 1;

/// The byte at stream `offset` of connection `conn` in direction `dir`.
#[must_use]
pub fn pattern(conn: u32, dir: u8, offset: u64) -> u8 {
    let mut z = (u64::from(conn) << 33) ^ (u64::from(dir) << 32) ^ offset;
    z = z.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (z >> 56) as u8
}

/// `len` bytes of a stream from `offset`.
#[must_use]
pub fn stream(conn: u32, dir: u8, offset: u64, len: usize) -> Vec<u8> {
    (0..len as u64)
        .map(|i| pattern(conn, dir, offset + i))
        .collect()
}

/// The initial sequence number of the host's side of `conn`.
#[must_use]
pub fn host_isn(conn: u32) -> u32 {
    conn.wrapping_mul(0x0001_0003).wrapping_add(0x1000)
}

/// The initial sequence number of the peer's side of `conn`.
#[must_use]
pub fn peer_isn(conn: u32) -> u32 {
    conn.wrapping_mul(0x0002_0005).wrapping_add(0x8000_0000)
}

/// One connection as the peer sees it.
#[derive(Clone, Debug, Default)]
pub struct PeerConn {
    /// Host→peer bytes received in order so far.
    pub received: u64,
    /// Peer→host bytes produced so far.
    pub produced: u64,
    /// Whether the host's FIN arrived (and where).
    pub fin: Option<u32>,
    /// Whether the host reset the connection.
    pub reset: bool,
}

/// The remote peer of every connection.
#[derive(Default)]
pub struct Peer {
    /// Connections by id.
    pub conns: RefCell<BTreeMap<u32, PeerConn>>,
    /// Integrity failures seen (also recorded in the Sim).
    pub failures: RefCell<Vec<String>>,
}

impl Peer {
    fn fail(&self, detail: String) {
        current().violation(Rule::Integrity, "peer", detail.clone());
        self.failures.borrow_mut().push(detail);
    }

    /// A segment of host→peer data at sequence `seq`; returns the acknowledgement
    /// (the next sequence number the peer expects).
    pub fn segment_from_host(&self, conn: u32, seq: u32, data: &[u8]) -> u32 {
        let isn = host_isn(conn);
        let mut conns = self.conns.borrow_mut();
        let c = conns.entry(conn).or_default();
        let offset = u64::from(seq.wrapping_sub(isn));
        if offset > c.received {
            let expected = isn.wrapping_add(c.received as u32);
            drop(conns);
            self.fail(format!(
                "conn {conn}: gap: segment seq {seq:#x} len {} but next expected {expected:#x}",
                data.len()
            ));
            return expected;
        }
        let mut bad = None;
        for (i, &b) in data.iter().enumerate() {
            let at = offset + i as u64;
            if b != pattern(conn, HOST_TO_PEER, at) {
                bad = Some(at);
                break;
            }
        }
        if let Some(at) = bad {
            let received = c.received;
            drop(conns);
            self.fail(format!(
                "conn {conn}: wrong byte at seq {:#x} (segment seq {seq:#x}, {received} bytes in order so far)",
                isn.wrapping_add(at as u32)
            ));
            return isn.wrapping_add(received as u32);
        }
        c.received = c.received.max(offset + data.len() as u64);
        isn.wrapping_add(c.received as u32)
    }

    /// The host's FIN at sequence `seq`: every byte before it must have arrived.
    pub fn fin_from_host(&self, conn: u32, seq: u32) {
        let isn = host_isn(conn);
        let received = {
            let mut conns = self.conns.borrow_mut();
            let c = conns.entry(conn).or_default();
            c.fin = Some(seq);
            c.received
        };
        let expected = isn.wrapping_add(received as u32);
        if expected != seq {
            self.fail(format!(
                "conn {conn}: FIN at seq {seq:#x} but data arrived only up to {expected:#x}"
            ));
        }
    }

    /// The host reset the connection.
    pub fn reset_from_host(&self, conn: u32) {
        self.conns.borrow_mut().entry(conn).or_default().reset = true;
    }

    /// Produce `len` more peer→host bytes: returns (sequence number, bytes).
    pub fn produce(&self, conn: u32, len: usize) -> (u32, Vec<u8>) {
        let mut conns = self.conns.borrow_mut();
        let c = conns.entry(conn).or_default();
        let seq = peer_isn(conn).wrapping_add(c.produced as u32);
        let data = stream(conn, PEER_TO_HOST, c.produced, len);
        c.produced += len as u64;
        (seq, data)
    }

    /// Host→peer bytes received in order on `conn`.
    #[must_use]
    pub fn received(&self, conn: u32) -> u64 {
        self.conns.borrow().get(&conn).map_or(0, |c| c.received)
    }

    /// Peer→host bytes produced on `conn`.
    #[must_use]
    pub fn produced(&self, conn: u32) -> u64 {
        self.conns.borrow().get(&conn).map_or(0, |c| c.produced)
    }

    /// Assert that no integrity failure was seen.
    ///
    /// # Panics
    /// When one was.
    pub fn assert_intact(&self) {
        let f = self.failures.borrow();
        assert!(f.is_empty(), "peer integrity failures: {f:#?}");
    }
}

/// The host's receive-side check: the next bytes of the peer→host stream of `conn`
/// (after `have` in-order bytes) must be `data`; records a violation otherwise.
/// Returns whether they were.
pub fn check_host_receive(conn: u32, have: u64, data: &[u8], source: &str) -> bool {
    for (i, &b) in data.iter().enumerate() {
        let at = have + i as u64;
        if b != pattern(conn, PEER_TO_HOST, at) {
            current().violation(
                Rule::Integrity,
                "host",
                format!(
                    "conn {conn}: wrong byte received ({source}) at seq {:#x} ({have} bytes in order so far)",
                    peer_isn(conn).wrapping_add(at as u32)
                ),
            );
            return false;
        }
    }
    true
}
