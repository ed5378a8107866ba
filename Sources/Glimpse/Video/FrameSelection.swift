/// Which video frames to use, by frame number (0-based, in decoding order): the source reads
/// frames 80, 100, ..., 380 because the product is often not shown in the first seconds.
public struct FrameSelection: Sendable, Equatable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public var step: Int

    public init(start: Int, end: Int, step: Int) throws(VideoError) {
        guard start >= 0, end >= start, step > 0 else {
            throw .invalidSelection(text: "\(start):\(end):\(step)", reason: "needs 0 <= START <= END and STEP > 0")
        }
        self.start = start; self.end = end; self.step = step
    }

    /// The source's frames: 80:380:20 (16 frames).
    public static let source = try! FrameSelection(start: 80, end: 380, step: 20)

    /// What detect, tag and label read of a video unless told otherwise: every 25th frame
    /// (one a second at 25 fps), from the first.
    public static let commandDefault = try! FrameSelection(start: 0, end: 1_000_000, step: 25)

    /// "START:END:STEP" (END included), or a single frame number.
    public init(parsing text: String) throws(VideoError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        switch parts.count {
        case 1 where parts[0] != nil: try self.init(start: parts[0]!, end: parts[0]!, step: 1)
        case 3 where parts.allSatisfy({ $0 != nil }): try self.init(start: parts[0]!, end: parts[1]!, step: parts[2]!)
        default: throw .invalidSelection(text: text, reason: "expected START:END:STEP such as 80:380:20, or one frame number")
        }
    }

    public var indices: [Int] { Array(stride(from: start, through: end, by: step)) }
    public var description: String { "\(start):\(end):\(step)" }
}

import Foundation
