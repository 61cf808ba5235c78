//! The simulator's Driver Verifier: rules NDIS and Verifier enforce, and the log of
//! violations. A violation is recorded, never raised as a panic (a panic inside an
//! `extern "system"` handler would abort the whole test binary); tests assert the log
//! is empty, and the rule tests assert the exact entry.

use std::fmt;

/// One rule the simulator checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A call made above the IRQL it allows (LC-72..LC-74).
    Irql,
    /// A handle that is not a live simulator object of the expected kind.
    BadHandle,
    /// A call on a binding that is closed or closing (or a miniport that is halted).
    ClosedHandle,
    /// An NBL completed or returned that is not outstanding (twice, or never sent).
    NblNotOutstanding,
    /// An NBL completed to a binding that did not send it (SourceHandle wrong).
    NblWrongOwner,
    /// A sender did not set the NBL's SourceHandle to its binding (LC-51).
    NblSourceHandle,
    /// A paused miniport sent a receive indication, or an ordinary send reached it.
    WhilePaused,
    /// Anything at all on a halted miniport.
    AfterHalt,
    /// An OID request completed twice or never issued.
    OidNotOutstanding,
    /// A state-manipulation or chimney request completed twice or never issued.
    OffloadNotOutstanding,
    /// A caller-owned field (canary) was changed by someone else.
    Canary,
    /// An OID not completed within 12 s (simulated).
    OidTimeout,
    /// A send not completed within 30 s (simulated).
    SendTimeout,
    /// A pause not completed within 10 s (simulated).
    PauseTimeout,
    /// A pause or PnP event completed twice or without being pending.
    PnpCompletion,
    /// Memory, contexts, handles or NBLs still held at unload.
    Leak,
    /// NdisMSleep used where an event wait belongs (LC-29).
    PollingSleep,
    /// A registration structure with a wrong header, version or missing handler.
    Registration,
    /// A wait that can never be satisfied in the simulation (would hang).
    Hang,
    /// Anything else NDIS would reject.
    Protocol,
    /// A byte stream lost, duplicated, reordered or corrupted a byte (the models' peer
    /// and host checks).
    Integrity,
}

/// A recorded violation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The rule.
    pub rule: Rule,
    /// The NDIS call or handler where it was seen.
    pub call: &'static str,
    /// What happened, with the handles and values involved.
    pub detail: String,
    /// Simulated time, in 100 ns units.
    pub time: u64,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[t={}us] {:?} in {}: {}",
            self.time / 10,
            self.rule,
            self.call,
            self.detail
        )
    }
}
