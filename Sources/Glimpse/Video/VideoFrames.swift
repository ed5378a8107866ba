import Foundation

/// A video's selected frames as an asynchronous sequence, decoded on a thread of their own
/// one at a time: the next frame is decoded only when the consumer asks for it, so memory
/// holds the frame in hand whatever the video's length. Ending the loop early (or dropping
/// the iterator) stops ffmpeg.
public struct VideoFrames: AsyncSequence, Sendable {
    public typealias Element = VideoFrameReader.Frame

    let reader: VideoFrameReader
    let url: URL
    let selection: FrameSelection

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(self) }

    public final class AsyncIterator: AsyncIteratorProtocol {
        private var frames: AsyncThrowingStream<Element, any Error>.Iterator
        /// Signalled once per frame asked for after the first: the decoding thread waits on it.
        private let requests = DispatchSemaphore(value: 0)
        private let stopped = LockedFlag()
        private var started = false

        init(_ source: VideoFrames) {
            let requests = requests, stopped = stopped
            let stream = AsyncThrowingStream<Element, any Error> { continuation in
                continuation.onTermination = { _ in
                    stopped.set()
                    requests.signal()
                }
                Thread.detachNewThread {
                    do {
                        try source.reader.decode(source.url, selection: source.selection) { frame in
                            continuation.yield(frame)
                            requests.wait()
                            return !stopped.isSet
                        }
                        continuation.finish()
                    } catch {
                        continuation.finish(throwing: error)
                    }
                }
            }
            frames = stream.makeAsyncIterator()
        }

        deinit {
            stopped.set()
            requests.signal()
        }

        public func next() async throws -> Element? {
            if started { requests.signal() } else { started = true }
            return try await frames.next()
        }
    }
}
