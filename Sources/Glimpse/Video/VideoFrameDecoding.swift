import Foundation
import GlimpseImage

extension VideoFrameReader {
    /// Runs ffmpeg on the file and hands each selected frame to `onFrame` as soon as it is
    /// decoded, so only the frame in hand is in memory; `onFrame` returns false to stop (ffmpeg
    /// is killed). Frames come back as one PPM stream (`image2pipe`), selected by number with
    /// ffmpeg's `select` filter so only the wanted frames are converted and copied. Throws when
    /// ffmpeg fails on the file or none of the selected frames exists.
    func decode(_ url: URL, selection s: FrameSelection, onFrame: (Frame) -> Bool) throws(VideoError) {
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw .unreadable(path: url.path, reason: "no such readable file")
        }
        // Commas inside a filter expression are escaped for the filtergraph parser.
        let filter = "select=between(n\\,\(s.start)\\,\(s.end))*not(mod(n-\(s.start)\\,\(s.step)))"
        let arguments = ["-nostdin", "-v", "error", "-i", url.path, "-an", "-sn", "-vf", filter,
                         "-fps_mode", "passthrough", "-f", "image2pipe", "-c:v", "ppm", "-pix_fmt", "rgb24", "pipe:1"]
        let path = url.path
        let (status, count, errors) = try run(executable, arguments, path: path) { handle, stop throws(VideoError) -> Int in
            let reader = PPMReader(handle: handle, path: path)
            var count = 0
            // ffmpeg emits the selected frames in order; the k-th image is the k-th selected index.
            while let image = try reader.next(frame: s.start + count * s.step) {
                let index = s.start + count * s.step
                guard index <= s.end else { throw .malformedFrame(path: path, frame: index, reason: "more frames than were selected") }
                count += 1
                if !onFrame(Frame(index: index, image: image)) { stop(); break }
            }
            return count
        }
        guard let status else { return }   // stopped by the consumer
        guard status == 0 else {
            let message = errors.split(separator: "\n").suffix(2).joined(separator: "; ")
            throw .unreadable(path: path, reason: message.isEmpty ? "ffmpeg exited with status \(status)" : message)
        }
        guard count > 0 else { throw .noFrames(path: path, selection: s.description) }
    }
}

/// Binary PPM (P6, maxval 255) images one after another, read from a pipe as they arrive.
final class PPMReader {
    private let handle: FileHandle
    private let path: String
    private var buffer = Data()
    private var position = 0
    private var ended = false

    init(handle: FileHandle, path: String) {
        self.handle = handle
        self.path = path
    }

    /// The next image, or nil when the stream ends cleanly between images.
    func next(frame: Int) throws(VideoError) -> Image? {
        skipSpaceAndComments()
        guard available(1) else { return nil }
        guard token() == "P6", let width = token().flatMap(Int.init), let height = token().flatMap(Int.init),
              let maxValue = token().flatMap(Int.init), width > 0, height > 0, maxValue == 255 else {
            throw .malformedFrame(path: path, frame: frame, reason: "bad PPM header")
        }
        guard available(1) else { throw .malformedFrame(path: path, frame: frame, reason: "no pixel bytes") }
        position += 1  // the single whitespace byte after maxval
        let count = width * height * 3
        guard available(count) else {
            throw .malformedFrame(path: path, frame: frame, reason: "\(buffer.count - position) of \(count) pixel bytes")
        }
        let start = buffer.startIndex + position
        let pixels = [UInt8](buffer[start..<(start + count)])
        position += count
        return Image(width: width, height: height, pixels: pixels)
    }

    /// Whether `count` unread bytes are buffered, reading more from the pipe as needed.
    private func available(_ count: Int) -> Bool {
        while buffer.count - position < count && !ended {
            // Keep only the unread bytes before growing the buffer.
            if position > 0 {
                buffer.removeSubrange(buffer.startIndex..<(buffer.startIndex + position))
                position = 0
            }
            let chunk = (try? handle.read(upToCount: max(1 << 20, count - buffer.count))) ?? nil
            guard let chunk, !chunk.isEmpty else { ended = true; break }
            buffer.append(chunk)
        }
        return buffer.count - position >= count
    }

    private func byte(at offset: Int = 0) -> UInt8? {
        available(offset + 1) ? buffer[buffer.startIndex + position + offset] : nil
    }

    private func skipSpaceAndComments() {
        while let b = byte() {
            if b == 0x23 {
                while let c = byte(), c != 0x0A { position += 1; _ = c }
            } else if Self.isSpace(b) {
                position += 1
            } else {
                return
            }
        }
    }

    private func token() -> String? {
        skipSpaceAndComments()
        var bytes: [UInt8] = []
        while let b = byte(), !Self.isSpace(b), bytes.count < 32 {
            bytes.append(b)
            position += 1
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
}
