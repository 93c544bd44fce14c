//! Calls under way and when each began, so a scrape can show a stall
//! while it happens: histograms observe a call only when it ends, so a
//! call stuck for the whole window leaves no trace in them.
//!
//! The registry is a fixed array of atomic slots, each holding the start
//! of one call (0 when free), and an atomic count. Entering takes a free
//! slot with one compare-and-swap, leaving clears it: no lock on the
//! request path. A scrape reads every slot. When more calls are under way
//! than there are slots, the extra ones are counted but their start is
//! not kept, so the oldest age is then that of the oldest tracked call.
//!
//! Imports nothing of the crate.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Calls under way, with their start times.
pub struct InFlight {
    /// Starts are kept as nanoseconds since this instant, plus one.
    epoch: Instant,
    slots: Box<[AtomicU64]>,
    /// Where the next search for a free slot begins, so concurrent callers
    /// spread over the array instead of racing for the same slot.
    next: AtomicUsize,
    count: AtomicUsize,
}

/// What a scrape sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InFlightSnapshot {
    pub count: usize,
    /// Age of the oldest tracked call; zero when none is under way.
    pub oldest: Duration,
}

/// One call under way; leaving the scope ends it.
pub struct Tracked<'a> {
    registry: &'a InFlight,
    slot: Option<usize>,
}

const FREE: u64 = 0;

impl InFlight {
    /// A registry keeping the start of up to `slots` calls at once.
    pub fn new(slots: usize) -> InFlight {
        InFlight {
            epoch: Instant::now(),
            slots: (0..slots.max(1)).map(|_| AtomicU64::new(FREE)).collect(),
            next: AtomicUsize::new(0),
            count: AtomicUsize::new(0),
        }
    }

    /// Records a call that began at `started` until the guard is dropped.
    pub fn enter(&self, started: Instant) -> Tracked<'_> {
        self.count.fetch_add(1, Ordering::Relaxed);
        let stamp = self.stamp(started);
        let first = self.next.fetch_add(1, Ordering::Relaxed);
        let len = self.slots.len();
        let slot = (0..len).map(|probe| (first + probe) % len).find(|&index| {
            self.slots[index]
                .compare_exchange(FREE, stamp, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        });
        Tracked { registry: self, slot }
    }

    /// The calls under way at `now` and the age of the oldest.
    pub fn snapshot(&self, now: Instant) -> InFlightSnapshot {
        let oldest = self
            .slots
            .iter()
            .map(|slot| slot.load(Ordering::Relaxed))
            .filter(|&stamp| stamp != FREE)
            .min()
            .map_or(Duration::ZERO, |stamp| {
                now.saturating_duration_since(self.epoch + Duration::from_nanos(stamp - 1))
            });
        InFlightSnapshot { count: self.count.load(Ordering::Relaxed), oldest }
    }

    fn stamp(&self, started: Instant) -> u64 {
        let nanos = started.saturating_duration_since(self.epoch).as_nanos();
        u64::try_from(nanos).unwrap_or(u64::MAX - 1) + 1
    }
}

impl Drop for Tracked<'_> {
    fn drop(&mut self) {
        if let Some(index) = self.slot {
            self.registry.slots[index].store(FREE, Ordering::Relaxed);
        }
        self.registry.count.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_calls_and_ages_the_oldest() {
        let registry = InFlight::new(4);
        let now = Instant::now();
        assert_eq!(registry.snapshot(now), InFlightSnapshot { count: 0, oldest: Duration::ZERO });

        let older = registry.enter(now);
        let newer = registry.enter(now + Duration::from_secs(2));
        let later = now + Duration::from_secs(5);
        assert_eq!(
            registry.snapshot(later),
            InFlightSnapshot { count: 2, oldest: Duration::from_secs(5) }
        );
        drop(older);
        assert_eq!(
            registry.snapshot(later),
            InFlightSnapshot { count: 1, oldest: Duration::from_secs(3) }
        );
        drop(newer);
        assert_eq!(registry.snapshot(later).count, 0);
        assert_eq!(registry.snapshot(later).oldest, Duration::ZERO);
    }

    #[test]
    fn calls_past_the_slots_are_counted_and_slots_are_reused() {
        let registry = InFlight::new(2);
        let now = Instant::now();
        let first = registry.enter(now);
        let second = registry.enter(now + Duration::from_secs(1));
        let untracked = registry.enter(now + Duration::from_secs(2));
        let at = now + Duration::from_secs(10);
        assert_eq!(registry.snapshot(at), InFlightSnapshot { count: 3, oldest: at - now });
        drop(first);
        drop(untracked);
        // The freed slot takes the next call.
        let third = registry.enter(now + Duration::from_secs(4));
        assert_eq!(
            registry.snapshot(at),
            InFlightSnapshot { count: 2, oldest: Duration::from_secs(9) }
        );
        drop((second, third));
        assert_eq!(registry.snapshot(at).count, 0);
    }

    #[test]
    fn threads_entering_and_leaving_leave_it_empty() {
        let registry = InFlight::new(8);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..10_000 {
                        let _call = registry.enter(Instant::now());
                    }
                });
            }
        });
        assert_eq!(
            registry.snapshot(Instant::now()),
            InFlightSnapshot { count: 0, oldest: Duration::ZERO }
        );
    }
}
