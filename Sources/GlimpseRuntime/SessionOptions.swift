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
}
