/// Where one image's detection time went, in seconds (the benchmark's breakdown).
public struct StageTimings: Sendable, Hashable, Codable {
    public var proposals: Double = 0
    public var crops: Double = 0
    public var classification: Double = 0
    /// Score combination, selection and NMS.
    public var selection: Double = 0
    /// How many crops were named (the classification stage's batch).
    public var boxesNamed = 0

    public init() {}

    public var total: Double { proposals + crops + classification + selection }

    public static func + (a: StageTimings, b: StageTimings) -> StageTimings {
        var sum = a
        sum.proposals += b.proposals; sum.crops += b.crops
        sum.classification += b.classification; sum.selection += b.selection
        sum.boxesNamed += b.boxesNamed
        return sum
    }
}

/// Seconds taken by `body` (monotonic clock).
func measure<T>(_ seconds: inout Double, _ body: () async throws -> T) async rethrows -> T {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try await body()
    let elapsed = clock.now - start
    seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return result
}
