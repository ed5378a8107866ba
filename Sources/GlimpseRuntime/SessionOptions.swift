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

    public init(intraOpThreads: Int = 0, interOpThreads: Int = 0,
                graphOptimization: GraphOptimizationLevel = .all) {
        self.intraOpThreads = intraOpThreads
        self.interOpThreads = interOpThreads
        self.graphOptimization = graphOptimization
    }

    /// For `runs` model runs going on at once (images processed concurrently): each gets an
    /// equal share of the cores instead of all of them, so the runs do not fight over the
    /// same threads. One run keeps ONNX Runtime's default (every core).
    public static func sharingCores(among runs: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> SessionOptions {
        SessionOptions(intraOpThreads: runs > 1 ? max(1, cores / runs) : 0)
    }
}
