import Foundation

/// How a session is built. Defaults suit a small CPU machine: all cores for one run,
/// every graph optimisation on.
public struct SessionOptions: Sendable, Equatable {
    public enum GraphOptimizationLevel: Sendable, Equatable {
        case disabled, basic, extended, all
    }

    /// Threads used inside one operator; 0 lets ONNX Runtime pick (one per core).
    public var intraOpThreads: Int
    /// Threads used to run independent operators in parallel; 0 lets ONNX Runtime pick.
    public var interOpThreads: Int
    public var graphOptimization: GraphOptimizationLevel
    /// ONNX Runtime's CPU memory arena. Off by default: the arena keeps the largest run's
    /// buffers for the life of the session (a server that once encoded 1000 long class names
    /// held 480 MiB more for good), while without it each run's buffers are freed when the
    /// run ends and `HeapTrim` can hand them back (docs/RELIABILITY.md, "Memory").
    public var cpuMemoryArena: Bool

    public init(intraOpThreads: Int = 0, interOpThreads: Int = 0,
                graphOptimization: GraphOptimizationLevel = .all, cpuMemoryArena: Bool = false) {
        self.intraOpThreads = intraOpThreads
        self.interOpThreads = interOpThreads
        self.graphOptimization = graphOptimization
        self.cpuMemoryArena = cpuMemoryArena
    }

    /// For `runs` model runs going on at once (images processed concurrently): each gets an
    /// equal share of the cores instead of all of them, so the runs do not fight over the
    /// same threads. One run keeps ONNX Runtime's default (every core).
    public static func sharingCores(among runs: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> SessionOptions {
        SessionOptions(intraOpThreads: runs > 1 ? max(1, cores / runs) : 0)
    }
}
