import Foundation

/// Encoded output formats.
public enum EncodedFormat: Sendable, Equatable {
    case png
    /// Quality 1...100 (libjpeg's scale; 90 keeps product photos crisp).
    case jpeg(quality: Int)
}

extension Image {
    /// The picture encoded as PNG or JPEG bytes.
    public func encoded(as format: EncodedFormat, name: String = "<memory>") throws -> Data {
        switch format {
        case .png: return Data(try PNGCodec.encode(self, path: name))
        case .jpeg(let quality): return Data(try JPEGCodec.encode(self, quality: quality, path: name))
        }
    }

    /// Writes the picture to `url`; the format is the caller's choice, not the extension's.
    public func write(to url: URL, as format: EncodedFormat) throws {
        let bytes = try encoded(as: format, name: url.path)
        do {
            try bytes.write(to: url, options: .atomic)
        } catch {
            throw ImageError.encodingFailed(path: url.path, reason: error.localizedDescription)
        }
    }
}
