import Foundation

/// Turns encoded bytes into an upright RGB `Image`.
///
/// The format is chosen by magic bytes, the pixel limit is checked against the header
/// before any pixel memory is allocated, and the EXIF orientation (JPEG APP1, WebP EXIF
/// chunk) is applied so that models see what a person sees.
public struct ImageDecoder: Sendable {
    public var limits: ImageLimits
    /// When false the stored pixels are returned as they are (for debugging or tests).
    public var appliesOrientation: Bool
    /// When set, a large JPEG or PNG is decoded reduced, each side kept at least this long: a
    /// JPEG with both sides longer at a reduced libjpeg scale, a PNG with both sides at least
    /// twice as long by whole-factor block means as its rows are read (WebP has no such
    /// decode). The caller then maps positions back with `decodeKeepingSourceSize`'s source size.
    public var reducedDecodeSide: Int?

    public init(limits: ImageLimits = .default, appliesOrientation: Bool = true, reducedDecodeSide: Int? = nil) {
        self.limits = limits
        self.appliesOrientation = appliesOrientation
        self.reducedDecodeSide = reducedDecodeSide
    }

    /// Reads and decodes a file. Throws `ImageError` naming `url.path`; a FIFO, a device or a
    /// folder is refused as "not a regular file" before anything is read.
    public func decode(contentsOf url: URL) throws -> Image {
        try decode(try ImageFile.contents(of: url), name: url.path)
    }

    /// Decodes bytes held in memory; `name` is what errors will call them.
    public func decode(_ data: Data, name: String = "<memory>") throws -> Image {
        try decodeKeepingSourceSize(data, name: name).image
    }

    /// The picture and the upright size of the picture the file holds: larger than the
    /// picture's when `reducedDecodeSide` reduced the decode.
    public func decodeKeepingSourceSize(_ data: Data, name: String = "<memory>") throws -> (image: Image, sourceSize: Size) {
        guard !data.isEmpty else { throw ImageError.empty(path: name) }
        guard let format = ImageFormat.sniff(data) else {
            throw ImageError.unsupportedFormat(path: name, detected: ImageFormat.describeUnknown(data))
        }
        return try data.withUnsafeBytes { raw in
            let image: Image
            let orientation: Orientation?
            var stored: Size?
            switch format {
            case .jpeg:
                image = try JPEGCodec.decode(raw, path: name, limits: limits, minimumSide: reducedDecodeSide)
                stored = JPEGCodec.headerSize(raw)
                orientation = appliesOrientation ? EXIFReader.jpegMetadata(raw).orientation : nil
            case .png:
                image = try PNGCodec.decode(raw, path: name, limits: limits, minimumSide: reducedDecodeSide)
                stored = PNGCodec.headerSize(raw)
                orientation = nil
            case .webp:
                image = try WebPCodec.decode(raw, path: name, limits: limits)
                orientation = appliesOrientation ? EXIFReader.webpOrientation(raw) : nil
            }
            let upright = image.applying(orientation ?? .up)
            guard var source = stored, source != image.size else { return (upright, upright.size) }
            if [.left, .right, .leftMirrored, .rightMirrored].contains(orientation ?? .up) {
                source = Size(width: source.height, height: source.width)
            }
            return (upright, source)
        }
    }
}

extension Image {
    /// Decodes a JPEG, PNG or WebP file (see `ImageDecoder`).
    public init(contentsOf url: URL, limits: ImageLimits = .default) throws {
        self = try ImageDecoder(limits: limits).decode(contentsOf: url)
    }

    /// Decodes JPEG, PNG or WebP bytes; `name` appears in errors.
    public init(data: Data, name: String = "<memory>", limits: ImageLimits = .default) throws {
        self = try ImageDecoder(limits: limits).decode(data, name: name)
    }
}
