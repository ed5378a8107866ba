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
}
