//! A parallel map over a slice with scoped threads: loading a province's
//! 136 plan and state files is independent per file, and a supervising
//! office's machine has at least two cores. No thread pool crate: a few
//! threads live for one map.

use std::num::NonZeroUsize;

/// At most this many threads, whatever the machine has.
const MAX_THREADS: usize = 4;
/// Fewer items than this per thread are not worth a thread.
const MIN_PER_THREAD: usize = 8;

/// `items.iter().map(f).collect()`, in order, on up to [`MAX_THREADS`]
/// threads.
pub fn map<I: Sync, O: Send>(items: &[I], f: impl Fn(&I) -> O + Sync) -> Vec<O> {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let threads = cores
        .min(MAX_THREADS)
        .min(items.len() / MIN_PER_THREAD)
        .max(1);
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<O>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order() {
        let items: Vec<usize> = (0..1000).collect();
        assert_eq!(
            super::map(&items, |i| i * 2),
            (0..1000).map(|i| i * 2).collect::<Vec<_>>()
        );
        assert_eq!(super::map(&items[..3], |i| *i), vec![0, 1, 2]);
        assert!(super::map(&[] as &[u8], |i| *i).is_empty());
    }
}
