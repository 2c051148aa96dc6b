//! The wasm32 global allocator: dlmalloc (what std uses on wasm32 anyway),
//! but asking the host for memory in steps that grow with the heap.
//!
//! Why: std's dlmalloc grows the linear memory by only what each request
//! needs — 64 KiB at a time for small objects — so loading 100,000 users
//! calls `memory.grow` thousands of times. In Node (V8 11), every grow is
//! reported as external memory and starts a garbage collection of the JS
//! heap, which then holds the caller's input as well: the first large call
//! into a fresh module took 88 s for 100,000 users instead of about 1 s.
//! Growing by a 16th of the current size (1–32 MiB) makes that about sixty
//! grows (first call 6 s), and wastes at most one step of memory (the
//! browser budget is wasm memory < 200 MB for 100,000 users: 168 MB + at
//! most 10 MB). A 32nd took 10 s, an 8th 4 s.

const PAGE: usize = 64 * 1024;
const MIN_STEP: usize = 1 << 20;
const MAX_STEP: usize = 32 << 20;

/// How many bytes to ask for when dlmalloc needs `needed` more.
pub(crate) fn growth_step(current_bytes: usize, needed: usize) -> usize {
    let step = (current_bytes / 16).clamp(MIN_STEP, MAX_STEP);
    needed.max(step).div_ceil(PAGE) * PAGE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_heaps_grow_by_a_mebibyte_large_ones_by_a_16th_up_to_32_mib() {
        assert_eq!(growth_step(0, 1), MIN_STEP);
        assert_eq!(growth_step(10 * MIN_STEP, 100), MIN_STEP);
        assert_eq!(growth_step(64 * MIN_STEP, 100), 4 * MIN_STEP);
        assert_eq!(growth_step(170 * MIN_STEP, 100), 11_141_120); // 10.625 MiB, whole pages
        assert_eq!(growth_step(4096 * MIN_STEP, 100), MAX_STEP);
    }

    #[test]
    fn a_request_larger_than_the_step_gets_whole_pages_for_itself() {
        assert_eq!(growth_step(0, 3 * MAX_STEP + 1), 3 * MAX_STEP + PAGE);
        assert_eq!(growth_step(0, MIN_STEP + PAGE), MIN_STEP + PAGE);
    }
}

#[cfg(target_arch = "wasm32")]
mod heap {
    use super::{growth_step, PAGE};
    use core::alloc::{GlobalAlloc, Layout};
    use core::arch::wasm32;
    use core::cell::UnsafeCell;
    use core::ptr;

    /// dlmalloc's system layer with stepped growth; everything else as the
    /// crate's own wasm layer (memory is never returned, fresh pages are zero).
    struct SteppedMemory;

    unsafe impl dlmalloc::Allocator for SteppedMemory {
        fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
            let current = wasm32::memory_size(0) * PAGE;
            // Try the step first; if the host refuses it, try exactly what is needed.
            for bytes in [growth_step(current, size), size.div_ceil(PAGE) * PAGE] {
                let previous = wasm32::memory_grow(0, bytes / PAGE);
                if previous != usize::MAX {
                    let base = previous * PAGE;
                    // The last page of a 4 GiB memory: keep the end from wrapping to 0.
                    let usable = if base.wrapping_add(bytes) == 0 {
                        bytes - 16
                    } else {
                        bytes
                    };
                    return (base as *mut u8, usable, 0);
                }
            }
            (ptr::null_mut(), 0, 0)
        }

        fn remap(&self, _ptr: *mut u8, _old: usize, _new: usize, _can_move: bool) -> *mut u8 {
            ptr::null_mut()
        }

        fn free_part(&self, _ptr: *mut u8, _old: usize, _new: usize) -> bool {
            false
        }

        fn free(&self, _ptr: *mut u8, _size: usize) -> bool {
            false
        }

        fn can_release_part(&self, _flags: u32) -> bool {
            false
        }

        fn allocates_zeros(&self) -> bool {
            true
        }

        fn page_size(&self) -> usize {
            PAGE
        }
    }

    /// The one heap. wasm32 without the atomics feature has a single thread, so
    /// no lock is needed (a compile error below keeps it that way).
    pub struct CoreHeap(UnsafeCell<dlmalloc::Dlmalloc<SteppedMemory>>);

    #[cfg(target_feature = "atomics")]
    compile_error!("CoreHeap assumes a single-threaded wasm32 target");

    // SAFETY: single-threaded target (see the compile_error above).
    unsafe impl Sync for CoreHeap {}

    #[global_allocator]
    static HEAP: CoreHeap = CoreHeap(UnsafeCell::new(dlmalloc::Dlmalloc::new_with_allocator(
        SteppedMemory,
    )));

    // SAFETY: each method forwards to dlmalloc with the caller's contract; the
    // `UnsafeCell` is only ever borrowed for the duration of one call, and no
    // call re-enters the allocator.
    unsafe impl GlobalAlloc for CoreHeap {
        #[inline]
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            (*self.0.get()).malloc(layout.size(), layout.align())
        }

        #[inline]
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            (*self.0.get()).free(ptr, layout.size(), layout.align())
        }

        #[inline]
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            (*self.0.get()).calloc(layout.size(), layout.align())
        }

        #[inline]
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            (*self.0.get()).realloc(ptr, layout.size(), layout.align(), new_size)
        }
    }
}
