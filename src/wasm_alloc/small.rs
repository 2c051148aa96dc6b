//! Small blocks (up to 128 bytes, alignment up to 8) from one free list per
//! size, carved out of 64 KiB slabs taken from the backing allocator.
//!
//! Why: a loaded directory and a preview are millions of small `String`s
//! and maps. dlmalloc spends tens of instructions per `malloc` and `free`
//! (bins, coalescing) and a 4–8 byte header per block; here a block is
//! popped from or pushed onto its size's list, and has no header. Freed
//! blocks stay in their size's list (never coalesced or returned), which
//! suits the core's pattern: the same record shapes, over and over.

use core::alloc::Layout;
use core::ptr;

/// Blocks of up to this many bytes come from the free lists.
const SMALL_MAX: usize = 128;
/// Sizes are rounded up to a multiple of this (also the blocks' alignment).
const GRAIN: usize = 8;
const CLASSES: usize = SMALL_MAX / GRAIN;
/// What one refill takes from the backing allocator.
const SLAB: usize = 64 * 1024;

/// The allocator underneath (dlmalloc on wasm32; the system's in tests).
pub(crate) trait Backing {
    /// # Safety
    /// `GlobalAlloc::alloc`'s contract.
    unsafe fn alloc(&mut self, layout: Layout) -> *mut u8;
    /// # Safety
    /// `GlobalAlloc::dealloc`'s contract.
    unsafe fn dealloc(&mut self, ptr: *mut u8, layout: Layout);
    /// # Safety
    /// `GlobalAlloc::realloc`'s contract.
    unsafe fn realloc(&mut self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8;
}

/// The size class of `layout`, when it is small.
fn class_of(size: usize, align: usize) -> Option<usize> {
    (size <= SMALL_MAX && align <= GRAIN).then(|| size.max(1).div_ceil(GRAIN) - 1)
}

/// Free lists plus the slab being carved; large blocks go to the backing.
pub(crate) struct SmallBlocks<B> {
    backing: B,
    /// The first free block of each class; each free block's first word
    /// points to the next (null at the end).
    free: [*mut u8; CLASSES],
    /// The unused rest of the current slab: `[next, end)`.
    next: *mut u8,
    end: *mut u8,
}

impl<B: Backing> SmallBlocks<B> {
    pub(crate) const fn new(backing: B) -> Self {
        SmallBlocks {
            backing,
            free: [ptr::null_mut(); CLASSES],
            next: ptr::null_mut(),
            end: ptr::null_mut(),
        }
    }

    /// # Safety
    /// `GlobalAlloc::alloc`'s contract.
    pub(crate) unsafe fn alloc(&mut self, layout: Layout) -> *mut u8 {
        match class_of(layout.size(), layout.align()) {
            Some(class) => self.alloc_small(class),
            None => self.backing.alloc(layout),
        }
    }

    /// # Safety
    /// `GlobalAlloc::dealloc`'s contract.
    pub(crate) unsafe fn dealloc(&mut self, ptr: *mut u8, layout: Layout) {
        match class_of(layout.size(), layout.align()) {
            Some(class) => {
                if let Some(head) = self.free.get_mut(class) {
                    ptr.cast::<*mut u8>().write(*head);
                    *head = ptr;
                }
            }
            None => self.backing.dealloc(ptr, layout),
        }
    }

    /// # Safety
    /// `GlobalAlloc::alloc_zeroed`'s contract.
    pub(crate) unsafe fn alloc_zeroed(&mut self, layout: Layout) -> *mut u8 {
        let block = self.alloc(layout);
        if !block.is_null() {
            block.write_bytes(0, layout.size());
        }
        block
    }

    /// # Safety
    /// `GlobalAlloc::realloc`'s contract.
    pub(crate) unsafe fn realloc(
        &mut self,
        ptr: *mut u8,
        layout: Layout,
        new_size: usize,
    ) -> *mut u8 {
        let old = class_of(layout.size(), layout.align());
        let new = class_of(new_size, layout.align());
        match (old, new) {
            (None, None) => self.backing.realloc(ptr, layout, new_size),
            (Some(old), Some(new)) if old == new => ptr,
            _ => {
                let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                let moved = self.alloc(new_layout);
                if !moved.is_null() {
                    ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
                moved
            }
        }
    }

    unsafe fn alloc_small(&mut self, class: usize) -> *mut u8 {
        let Some(head) = self.free.get_mut(class) else {
            return ptr::null_mut();
        };
        if !head.is_null() {
            let block = *head;
            *head = block.cast::<*mut u8>().read();
            return block;
        }
        let size = (class + 1) * GRAIN;
        if (self.end as usize) - (self.next as usize) < size {
            // The old slab's tail (under 128 bytes) is left unused.
            let slab = self
                .backing
                .alloc(Layout::from_size_align_unchecked(SLAB, GRAIN));
            if slab.is_null() {
                return ptr::null_mut();
            }
            self.next = slab;
            self.end = slab.add(SLAB);
        }
        let block = self.next;
        self.next = block.add(size);
        block
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::System;
    use std::collections::HashMap;

    struct SystemBacking {
        live: usize,
    }

    impl Backing for SystemBacking {
        unsafe fn alloc(&mut self, layout: Layout) -> *mut u8 {
            self.live += 1;
            std::alloc::GlobalAlloc::alloc(&System, layout)
        }
        unsafe fn dealloc(&mut self, ptr: *mut u8, layout: Layout) {
            self.live -= 1;
            std::alloc::GlobalAlloc::dealloc(&System, ptr, layout)
        }
        unsafe fn realloc(&mut self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            std::alloc::GlobalAlloc::realloc(&System, ptr, layout, new_size)
        }
    }

    #[test]
    fn size_classes_round_up_to_eight_bytes_and_stop_at_128_or_alignment_16() {
        assert_eq!(class_of(1, 1), Some(0));
        assert_eq!(class_of(8, 8), Some(0));
        assert_eq!(class_of(9, 4), Some(1));
        assert_eq!(class_of(128, 8), Some(15));
        assert_eq!(class_of(129, 1), None);
        assert_eq!(class_of(16, 16), None);
    }

    /// Random allocations, reallocations and frees of small and large
    /// blocks: every live block keeps its own bytes (so no two overlap),
    /// blocks are aligned, and freed blocks are reused.
    #[test]
    fn blocks_never_overlap_keep_their_contents_and_are_reused() {
        let mut heap = SmallBlocks::new(SystemBacking { live: 0 });
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        // id → (pointer, layout, fill byte)
        let mut live: HashMap<usize, (*mut u8, Layout, u8)> = HashMap::new();
        let check = |ptr: *mut u8, layout: Layout, fill: u8| unsafe {
            assert_eq!(ptr as usize % layout.align(), 0);
            let bytes = std::slice::from_raw_parts(ptr, layout.size());
            assert!(
                bytes.iter().all(|&b| b == fill),
                "block {ptr:?} was overwritten"
            );
        };
        let mut reused = 0;
        let mut freed: Vec<usize> = Vec::new();
        for id in 0..60_000 {
            match next(10) {
                0..=5 => {
                    let size = if next(20) == 0 {
                        129 + next(3000)
                    } else {
                        1 + next(128)
                    };
                    let align = [1, 2, 4, 8, 16][next(5)];
                    let layout =
                        Layout::from_size_align(size, align).unwrap_or(Layout::new::<u8>());
                    let fill = (id % 251) as u8;
                    let ptr = unsafe { heap.alloc(layout) };
                    assert!(!ptr.is_null());
                    if freed.contains(&(ptr as usize)) {
                        reused += 1;
                        freed.retain(|&p| p != ptr as usize);
                    }
                    unsafe { ptr.write_bytes(fill, size) };
                    live.insert(id, (ptr, layout, fill));
                }
                6..=7 => {
                    let Some(&key) = live.keys().nth(next(live.len().max(1))) else {
                        continue;
                    };
                    let Some((ptr, layout, fill)) = live.remove(&key) else {
                        continue;
                    };
                    check(ptr, layout, fill);
                    unsafe { heap.dealloc(ptr, layout) };
                    if freed.len() < 64 {
                        freed.push(ptr as usize);
                    }
                }
                _ => {
                    let Some(&key) = live.keys().nth(next(live.len().max(1))) else {
                        continue;
                    };
                    let Some((ptr, layout, fill)) = live.remove(&key) else {
                        continue;
                    };
                    check(ptr, layout, fill);
                    let new_size = 1 + next(300);
                    let moved = unsafe { heap.realloc(ptr, layout, new_size) };
                    assert!(!moved.is_null());
                    let kept = layout.size().min(new_size);
                    let layout =
                        Layout::from_size_align(new_size, layout.align()).unwrap_or(layout);
                    let bytes = unsafe { std::slice::from_raw_parts(moved, kept) };
                    assert!(
                        bytes.iter().all(|&b| b == fill),
                        "realloc lost the contents"
                    );
                    unsafe { moved.write_bytes(fill, new_size) };
                    live.insert(key, (moved, layout, fill));
                }
            }
        }
        for (_, (ptr, layout, fill)) in live.drain() {
            check(ptr, layout, fill);
            unsafe { heap.dealloc(ptr, layout) };
        }
        assert!(reused > 0, "freed small blocks were never handed out again");
        // Only the slabs are still held by the backing allocator.
        let slabs = heap.backing.live;
        assert!(slabs > 0 && slabs < 100, "{slabs} backing blocks left");
    }

    #[test]
    fn alloc_zeroed_clears_a_reused_block() {
        let mut heap = SmallBlocks::new(SystemBacking { live: 0 });
        let layout = Layout::from_size_align(40, 8).unwrap_or(Layout::new::<u64>());
        unsafe {
            let first = heap.alloc(layout);
            first.write_bytes(0xAB, 40);
            heap.dealloc(first, layout);
            let again = heap.alloc_zeroed(layout);
            assert_eq!(again, first);
            assert!(std::slice::from_raw_parts(again, 40)
                .iter()
                .all(|&b| b == 0));
            heap.dealloc(again, layout);
        }
    }
}
