import Foundation

/// Where the server listens and what it accepts. Every limit is here so that `glimpse serve`
/// flags, tests and the load test all tune the same knobs.
public struct ServerConfiguration: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var limits: ServerLimits
    /// How `/v1/search` answers gallery paths (never the server's absolute ones).
    public var galleryPaths: GalleryPaths
    /// Where pictures added to a served index through `/v1/indexes/{index}/items` are kept
    /// (the index records their paths, as `index add` records a gallery's); nil: adding is off.
    public var uploads: URL?

    public init(host: String = "127.0.0.1", port: Int = 8080, limits: ServerLimits = ServerLimits(),
                galleryPaths: GalleryPaths = GalleryPaths(), uploads: URL? = nil) {
        self.host = host
        self.port = port
        self.limits = limits
        self.galleryPaths = galleryPaths
        self.uploads = uploads
    }
}
