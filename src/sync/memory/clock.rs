//! Virtual time: a [`Timer`] whose sleeps end when the clock is advanced,
//! and a tiny executor that advances it whenever nothing else can run.
//! Tests and simulated dry runs finish instantly, yet concurrent waits
//! overlap exactly as they would in real time.

use crate::http::Timer;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// A clock that only moves when told to (or when [`run_simulated`] finds
/// every task asleep). Records every sleep asked of it.
#[derive(Debug, Default)]
pub struct VirtualClock {
    now: Cell<f64>,
    /// Pending sleeps: id → (deadline, waker to call when it passes).
    sleepers: RefCell<BTreeMap<u64, (f64, Option<Waker>)>>,
    next_sleeper: Cell<u64>,
    sleeps: RefCell<Vec<u64>>,
}

impl VirtualClock {
    /// A clock reading `start_millis` (Unix milliseconds).
    pub fn new(start_millis: f64) -> Self {
        VirtualClock {
            now: Cell::new(start_millis),
            ..VirtualClock::default()
        }
    }

    /// Moves the clock forward, waking the sleeps that end by then.
    pub fn advance(&self, millis: f64) {
        self.set(self.now.get() + millis.max(0.0));
    }

    /// Every duration passed to [`Timer::sleep`], in order.
    pub fn sleeps(&self) -> Vec<u64> {
        self.sleeps.borrow().clone()
    }

    /// Jumps to the earliest pending deadline; false when nothing sleeps.
    pub fn advance_to_next_deadline(&self) -> bool {
        let earliest = self
            .sleepers
            .borrow()
            .values()
            .map(|(deadline, _)| *deadline)
            .reduce(f64::min);
        match earliest {
            Some(deadline) => {
                self.set(deadline.max(self.now.get()));
                true
            }
            None => false,
        }
    }

    fn set(&self, now: f64) {
        self.now.set(now);
        let due: Vec<Waker> = self
            .sleepers
            .borrow_mut()
            .values_mut()
            .filter(|(deadline, _)| *deadline <= now)
            .filter_map(|(_, waker)| waker.take())
            .collect();
        due.into_iter().for_each(Waker::wake);
    }
}

impl Timer for VirtualClock {
    fn now_millis(&self) -> f64 {
        self.now.get()
    }

    fn sleep(&self, millis: u64) -> impl Future<Output = ()> {
        self.sleeps.borrow_mut().push(millis);
        let id = self.next_sleeper.get();
        self.next_sleeper.set(id.wrapping_add(1));
        Sleep {
            clock: self,
            deadline: self.now.get() + millis as f64,
            id,
        }
    }
}

struct Sleep<'c> {
    clock: &'c VirtualClock,
    deadline: f64,
    id: u64,
}

impl Future for Sleep<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.clock.now.get() >= self.deadline {
            self.clock.sleepers.borrow_mut().remove(&self.id);
            return Poll::Ready(());
        }
        self.clock
            .sleepers
            .borrow_mut()
            .insert(self.id, (self.deadline, Some(cx.waker().clone())));
        Poll::Pending
    }
}

impl Drop for Sleep<'_> {
    fn drop(&mut self) {
        self.clock.sleepers.borrow_mut().remove(&self.id);
    }
}

/// Remembers that a task asked to be polled again.
struct WakeFlag(AtomicBool);

impl Wake for WakeFlag {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Runs a future to completion on virtual time: polls it while it makes
/// progress, and when it only waits for sleeps, jumps the clock to the
/// next deadline. `None` when the future waits for something that will
/// never come (nothing woke it and nothing sleeps).
pub fn run_simulated<F: Future>(clock: &VirtualClock, future: F) -> Option<F::Output> {
    let flag = Arc::new(WakeFlag(AtomicBool::new(false)));
    let waker = Waker::from(flag.clone());
    let mut context = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return Some(output);
        }
        if flag.0.swap(false, Ordering::SeqCst) {
            continue;
        }
        if !clock.advance_to_next_deadline() {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_sleeps_overlap_in_virtual_time() {
        let clock = VirtualClock::new(1_000.0);
        let both = async {
            let first = pin!(clock.sleep(300));
            let second = pin!(clock.sleep(500));
            let mut first = Some(first);
            let mut second = Some(second);
            std::future::poll_fn(|cx| {
                if first
                    .as_mut()
                    .is_some_and(|f| f.as_mut().poll(cx).is_ready())
                {
                    first = None;
                }
                if second
                    .as_mut()
                    .is_some_and(|f| f.as_mut().poll(cx).is_ready())
                {
                    second = None;
                }
                if first.is_none() && second.is_none() {
                    Poll::Ready(clock.now_millis())
                } else {
                    Poll::Pending
                }
            })
            .await
        };
        assert_eq!(run_simulated(&clock, both), Some(1_500.0));
        assert_eq!(clock.sleeps(), vec![300, 500]);
    }

    #[test]
    fn a_future_waiting_for_nothing_is_reported_not_spun() {
        let clock = VirtualClock::new(0.0);
        assert_eq!(run_simulated(&clock, std::future::pending::<()>()), None);
        assert_eq!(run_simulated(&clock, async { 7 }), Some(7));
    }
}
