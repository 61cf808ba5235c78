//! The simulator instance: simulated time and its event queue, the per-thread IRQL,
//! the violation log, the registry of live handles, and memory accounting. Every NDIS
//! object the simulator hands out (driver, protocol, adapter, binding, work item,
//! configuration) is an `Rc` whose address is the handle; the registry says which
//! addresses are live and of which kind, so a bad handle is a recorded violation, not a
//! crash. One instance per test; the instance a call belongs to is the one the calling
//! thread entered (`Sim::enter`), so many simulations run in parallel, one per thread.

use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::fmt::Write as _;
use std::rc::Rc;

use chimney_im::ndis::{DISPATCH_LEVEL, KIRQL, PASSIVE_LEVEL};
use rustc_hash::FxHashMap as HashMap;

use crate::objects::{Adapter, MiniportDriver, Open, ProtocolDriver};
use crate::verifier::{Rule, Violation};

/// Simulated time unit: 100 ns, as NDIS system time.
pub const TICKS_PER_SECOND: u64 = 10_000_000;

/// What a live handle is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HandleKind {
    /// NdisMRegisterMiniportDriver's handle.
    MiniportDriver,
    /// NdisRegisterProtocolDriver's handle.
    Protocol,
    /// A miniport adapter (NdisMiniportHandle).
    Adapter,
    /// A binding (NdisBindingHandle).
    Open,
    /// A bind or unbind context.
    BindContext,
    /// A configuration handle.
    Config,
    /// An I/O work item.
    WorkItem,
    /// A DRIVER_OBJECT the simulator made.
    DriverObject,
}

/// A scheduled piece of work.
pub type Task = Box<dyn FnOnce(&Sim)>;

/// A block of memory a driver allocated through the seam.
#[derive(Clone, Debug)]
pub struct Allocation {
    /// Bytes.
    pub length: usize,
    /// Pool tag.
    pub tag: u32,
    /// Who allocated it (driver name, or the call).
    pub site: String,
    /// Whether the data path was running (for the zero-allocation checks).
    pub time: u64,
}

/// Everything mutable in an instance. Never borrowed across a call into a driver.
#[derive(Default)]
pub struct State {
    pub(crate) now: u64,
    pub(crate) seq: u64,
    pub(crate) queue: BinaryHeap<Reverse<(u64, u64)>>,
    pub(crate) tasks: HashMap<u64, Task>,
    pub(crate) violations: Vec<Violation>,
    pub(crate) handles: HashMap<usize, HandleKind>,
    pub(crate) miniport_drivers: Vec<Rc<MiniportDriver>>,
    pub(crate) protocols: Vec<Rc<ProtocolDriver>>,
    pub(crate) adapters: Vec<Rc<Adapter>>,
    pub(crate) opens: Vec<Rc<Open>>,
    pub(crate) allocations: BTreeMap<usize, Allocation>,
    pub(crate) allocation_count: u64,
    /// Real allocations per pool tag (memory and NBL context blocks), for tests that
    /// attribute allocations to a driver by its tags.
    pub(crate) tagged: BTreeMap<u32, u64>,
    /// Configuration keywords per device name (`Sim::set_device_config`).
    pub(crate) device_config:
        std::collections::HashMap<String, std::collections::HashMap<String, u32>>,
    pub(crate) fail_allocation_at: Option<u64>,
    /// This protocol's NdisOpenAdapterEx and NdisCloseAdapterEx pend and complete after
    /// this many ticks, the open with this status (`Sim::pend_opens_and_closes`).
    pub(crate) pend_open_close: Option<(String, u64, offload_tree::abi::NDIS_STATUS)>,
    pub(crate) bind_rules: Vec<(String, String)>,
    pub(crate) rng: u64,
    /// The edge trace, when on (`trace`).
    pub(crate) trace: Option<crate::trace::TraceSink>,
}

/// One simulated system.
pub struct SimCore {
    pub(crate) st: RefCell<State>,
    pub(crate) books: RefCell<crate::route::Books>,
    #[expect(
        clippy::type_complexity,
        reason = "notification and its buffer, by address"
    )]
    pub(crate) pending_pnp:
        RefCell<HashMap<usize, (Box<chimney_im::ndis::NET_PNP_EVENT_NOTIFICATION>, Vec<u8>)>>,
    pub(crate) chimney: RefCell<crate::chimney::ChimneyBook>,
    pub(crate) irql: Cell<KIRQL>,
}

/// A handle on a simulated system (cheap to clone).
#[derive(Clone)]
pub struct Sim(pub(crate) Rc<SimCore>);

thread_local! {
    static CURRENT: RefCell<Vec<Sim>> = const { RefCell::new(Vec::new()) };
}

/// The instance the calling thread has entered.
///
/// # Panics
/// When no instance is entered: a harness bug (every driver call is made by a `Sim`).
#[must_use]
pub fn current() -> Sim {
    CURRENT
        .with(|c| c.borrow().last().cloned())
        .expect("no simulator entered on this thread")
}

/// Marks a thread as running inside an instance; dropping it leaves.
pub struct Entered(());

impl Drop for Entered {
    fn drop(&mut self) {
        CURRENT.with(|c| c.borrow_mut().pop());
    }
}

impl Default for Sim {
    fn default() -> Self {
        Self::new(1)
    }
}

impl Sim {
    /// A new, empty system; `seed` drives every random choice the simulator makes.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        let st = State {
            rng: seed ^ 0x5DEE_CE66_D1CE_5EED,
            ..State::default()
        };
        Self(Rc::new(SimCore {
            st: RefCell::new(st),
            books: RefCell::new(crate::route::Books::default()),
            pending_pnp: RefCell::new(HashMap::default()),
            chimney: RefCell::new(crate::chimney::ChimneyBook::default()),
            irql: Cell::new(PASSIVE_LEVEL),
        }))
    }

    /// Enter this instance on the calling thread (nests).
    #[must_use]
    pub fn enter(&self) -> Entered {
        CURRENT.with(|c| c.borrow_mut().push(self.clone()));
        Entered(())
    }

    /// Simulated time now, in 100 ns units.
    #[must_use]
    pub fn now(&self) -> u64 {
        self.0.st.borrow().now
    }

    /// A deterministic pseudo-random number.
    pub fn random(&self) -> u64 {
        let mut st = self.0.st.borrow_mut();
        st.rng = st.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = st.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Record a violation.
    pub fn violation(&self, rule: Rule, call: &'static str, detail: impl Into<String>) {
        let time = self.now();
        let v = Violation {
            rule,
            call,
            detail: detail.into(),
            time,
        };
        self.0.st.borrow_mut().violations.push(v);
    }

    /// Every violation so far.
    #[must_use]
    pub fn violations(&self) -> Vec<Violation> {
        self.0.st.borrow().violations.clone()
    }

    /// Remove and return the violations so far (rule tests).
    pub fn take_violations(&self) -> Vec<Violation> {
        std::mem::take(&mut self.0.st.borrow_mut().violations)
    }

    /// Assert no violation was recorded, printing them all if one was.
    ///
    /// # Panics
    /// When the log is not empty.
    pub fn assert_clean(&self) {
        let v = self.violations();
        assert!(
            v.is_empty(),
            "{} violation(s):\n{}",
            v.len(),
            v.iter().fold(String::new(), |mut out, v| {
                let _ = writeln!(out, "  {v}");
                out
            })
        );
    }

    // --- time and the event queue ------------------------------------------------

    /// Run `task` `delay` ticks from now.
    pub fn schedule(&self, delay: u64, task: impl FnOnce(&Sim) + 'static) {
        let mut st = self.0.st.borrow_mut();
        st.seq += 1;
        let (when, seq) = (st.now + delay, st.seq);
        st.queue.push(Reverse((when, seq)));
        st.tasks.insert(seq, Box::new(task));
    }

    /// Run the next queued task, advancing time to it; false if the queue is empty.
    pub fn step(&self) -> bool {
        let next = {
            let mut st = self.0.st.borrow_mut();
            match st.queue.pop() {
                None => None,
                Some(Reverse((when, seq))) => {
                    st.now = st.now.max(when);
                    st.tasks.remove(&seq)
                }
            }
        };
        let Some(task) = next else { return false };
        let _entered = self.enter();
        task(self);
        self.check_time_limits();
        true
    }

    /// Run queued tasks until none is left (or `max_steps` ran).
    pub fn run_until_idle(&self) -> usize {
        let mut n = 0;
        while n < 10_000_000 && self.step() {
            n += 1;
        }
        n
    }

    /// Run queued tasks due within `ticks`, then move time to now + `ticks`.
    pub fn advance(&self, ticks: u64) {
        let end = self.now() + ticks;
        loop {
            let due = self
                .0
                .st
                .borrow()
                .queue
                .peek()
                .is_some_and(|Reverse((when, _))| *when <= end);
            if !due || !self.step() {
                break;
            }
        }
        self.0.st.borrow_mut().now = end;
        self.check_time_limits();
    }

    /// Whether any task is queued.
    #[must_use]
    pub fn idle(&self) -> bool {
        self.0.st.borrow().queue.is_empty()
    }

    // --- IRQL ------------------------------------------------------------------

    /// The IRQL of the simulated CPU.
    #[must_use]
    pub fn irql(&self) -> KIRQL {
        self.0.irql.get()
    }

    pub(crate) fn set_irql(&self, irql: KIRQL) {
        self.0.irql.set(irql);
    }

    /// Record an IRQL violation unless the IRQL is at most `max`.
    pub(crate) fn require_irql(&self, call: &'static str, max: KIRQL) -> bool {
        let irql = self.irql();
        if irql > max {
            self.violation(
                Rule::Irql,
                call,
                format!("called at IRQL {irql}, allowed up to {max}"),
            );
            return false;
        }
        true
    }

    /// Run `f` with the simulated CPU at DISPATCH_LEVEL (NDIS calls DPC-level handlers so).
    pub(crate) fn at_dispatch<R>(&self, f: impl FnOnce() -> R) -> R {
        let old = self.irql();
        self.set_irql(DISPATCH_LEVEL.max(old));
        let r = f();
        self.set_irql(old);
        r
    }

    // --- handles ------------------------------------------------------------------

    pub(crate) fn register_handle(&self, addr: usize, kind: HandleKind) {
        self.0.st.borrow_mut().handles.insert(addr, kind);
    }

    pub(crate) fn unregister_handle(&self, addr: usize) {
        self.0.st.borrow_mut().handles.remove(&addr);
    }

    /// Whether `addr` is a live handle of `kind`; records a violation if not.
    pub(crate) fn check_handle(&self, call: &'static str, addr: usize, kind: HandleKind) -> bool {
        let found = self.0.st.borrow().handles.get(&addr).copied();
        if found == Some(kind) {
            return true;
        }
        self.violation(
            Rule::BadHandle,
            call,
            format!("{addr:#x} is {found:?}, expected {kind:?}"),
        );
        false
    }

    // --- memory -----------------------------------------------------------------

    /// Fail the `n`-th allocation from now on (1 = the next one); None to stop.
    pub fn fail_allocation_at(&self, n: Option<u64>) {
        let mut st = self.0.st.borrow_mut();
        st.fail_allocation_at = n.map(|n| st.allocation_count + n);
    }

    /// Count an allocation and decide whether it fails (fault injection).
    pub(crate) fn allocation_allowed(&self) -> bool {
        let mut st = self.0.st.borrow_mut();
        st.allocation_count += 1;
        st.fail_allocation_at != Some(st.allocation_count)
    }

    /// Count a real allocation under `tag`.
    pub(crate) fn count_tagged(&self, tag: u32) {
        *self.0.st.borrow_mut().tagged.entry(tag).or_default() += 1;
    }

    /// Real allocations made so far under pool tag `tag` (memory blocks and NBL
    /// context blocks that did not fit the NBL's spare context space).
    #[must_use]
    pub fn tagged_allocations(&self, tag: u32) -> u64 {
        self.0.st.borrow().tagged.get(&tag).copied().unwrap_or(0)
    }

    /// Allocations made through the seam so far (successful or not).
    #[must_use]
    pub fn allocation_count(&self) -> u64 {
        self.0.st.borrow().allocation_count
    }

    /// Memory blocks currently held.
    #[must_use]
    pub fn live_allocations(&self) -> Vec<Allocation> {
        self.0.st.borrow().allocations.values().cloned().collect()
    }

    /// Bytes currently held through the seam.
    #[must_use]
    pub fn live_bytes(&self) -> usize {
        self.0
            .st
            .borrow()
            .allocations
            .values()
            .map(|a| a.length)
            .sum()
    }

    /// Time limits (LC-78): record each overrun once.
    pub(crate) fn check_time_limits(&self) {
        crate::route::check_time_limits(self);
    }
}
