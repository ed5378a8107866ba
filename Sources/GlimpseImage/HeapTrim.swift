import CImageCodecs

/// Gives freed heap memory back to the system. glibc keeps what a large picture's buffers
/// freed in its arenas (its mmap threshold rises after the first big free, so later big
/// buffers come from the heap), and a server's RSS then stays at its largest request's peak.
public enum HeapTrim {
    /// Pictures from this many pixels on leave enough behind to be worth a trim (which walks
    /// every arena, a few milliseconds).
    public static let worthwhilePixels = 4_000_000

    public static func returnFreedMemory() {
        #if canImport(Glibc)
        _ = malloc_trim(0)
        #endif
    }

    /// Keeps every buffer of `bytes` or more in a mapping of its own, so that freeing it gives
    /// its pages straight back. glibc's threshold starts at 128 KiB but rises to the size of
    /// the largest buffer freed, and from then on tensor-sized buffers (a text model's
    /// activations, a decoded picture) come from the heap, where they fragment it and stay:
    /// encoding a vocabulary of 200 long names peaked at 740 MiB, 475 MiB with this. A fixed
    /// threshold also turns that rise off. For executables to call once at start; a library
    /// does not change its host's allocator.
    public static func mapLargeBuffers(from bytes: Int32 = 1 << 20) {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_THRESHOLD, bytes)
        #endif
    }
}
