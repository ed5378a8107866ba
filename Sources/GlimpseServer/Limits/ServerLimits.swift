import GlimpseImage

/// Bounds on what one request may cost, so that no client can exhaust memory or CPU.
public struct ServerLimits: Sendable, Equatable {
    /// Largest request body accepted (the encoded image plus form fields); larger ones get 413.
    public var maxUploadBytes: Int
    /// Largest decoded picture, checked against the image header before any pixel is allocated.
    public var image: ImageLimits
    /// A JPEG with both sides longer than this is decoded at a reduced libjpeg scale, a PNG
    /// with both sides at least twice as long by block means as it is read, each side kept at
    /// least this long, for detect, tag and embed (answers stay in the file's pixels); 0
    /// decodes every picture whole. The models look at 224 to 1200 pixels a side.
    public var decodeSide: Int
    /// Longest a computation may run before the client is answered 503 (the work itself
    /// finishes in the background and keeps its concurrency slot until it does).
    public var requestTimeout: Duration
    /// Computations (detect, tag, embed, search) running at once; one more gets 503.
    public var maxConcurrentComputations: Int
    /// The `Retry-After` seconds sent with 503.
    public var retryAfterSeconds: Int
    /// A connection that sends nothing for this long is closed (stalled uploads).
    public var idleTimeout: Duration
    /// Longest a compute request's body may take to arrive, however steadily it trickles in;
    /// past it the client gets 408.
    public var bodyTimeout: Duration
    /// Slowest average rate a body may arrive at once `bodyRateGrace` has passed (0: no floor);
    /// slower gets 408, so a trickling client holds its upload place for seconds only.
    public var minBodyBytesPerSecond: Int
    /// How long a body may arrive at any rate before the floor applies (slow starts, small bodies).
    public var bodyRateGrace: Duration
    /// Request bodies read at once. Bodies are read before a computation slot is taken, so
    /// slow uploads never hold a model slot; this bounds the memory they buffer. One more gets 503.
    public var maxConcurrentUploads: Int
    /// Distinct vocabularies whose prepared embeddings are kept in memory between requests.
    public var vocabularyCacheEntries: Int
    /// Longest vocabulary accepted in one request (more gets 413).
    public var maxClasses: Int
    /// Longest class name accepted, in characters (longer gets 413); with `maxClasses` it
    /// bounds what one request may add to the text-embedding caches.
    public var maxNameLength: Int
    /// Whether the text embeddings of the vocabularies requests send are written to the
    /// on-disk cache. Off by default: clients' words then live only in the bounded memory
    /// caches, and the disk holds only what the server's own operators encoded.
    public var persistsRequestVocabularies: Bool

    public init(maxUploadBytes: Int = 20 * 1024 * 1024,
                image: ImageLimits = ImageLimits(maxPixels: 40_000_000),
                decodeSide: Int = 2048,
                requestTimeout: Duration = .seconds(30),
                maxConcurrentComputations: Int = 4,
                retryAfterSeconds: Int = 1,
                idleTimeout: Duration = .seconds(30),
                bodyTimeout: Duration = .seconds(30),
                minBodyBytesPerSecond: Int = 1024,
                bodyRateGrace: Duration = .seconds(5),
                maxConcurrentUploads: Int = 16,
                vocabularyCacheEntries: Int = 64,
                maxClasses: Int = 1000,
                maxNameLength: Int = 200,
                persistsRequestVocabularies: Bool = false) {
        self.maxUploadBytes = maxUploadBytes
        self.image = image
        self.decodeSide = decodeSide
        self.requestTimeout = requestTimeout
        self.maxConcurrentComputations = maxConcurrentComputations
        self.retryAfterSeconds = retryAfterSeconds
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
        self.minBodyBytesPerSecond = minBodyBytesPerSecond
        self.bodyRateGrace = bodyRateGrace
        self.maxConcurrentUploads = maxConcurrentUploads
        self.vocabularyCacheEntries = vocabularyCacheEntries
        self.maxClasses = maxClasses
        self.maxNameLength = maxNameLength
        self.persistsRequestVocabularies = persistsRequestVocabularies
    }

    /// Nil when the limits make sense, otherwise what is wrong with which one.
    public var problem: String? {
        if maxUploadBytes < 1 { return "maximum upload size \(maxUploadBytes) must be at least 1 byte" }
        if image.maxPixels < 1 { return "maximum pixel count \(image.maxPixels) must be at least 1" }
        if decodeSide < 0 { return "decode side \(decodeSide) must not be negative" }
        if requestTimeout <= .zero { return "request timeout \(requestTimeout) must be positive" }
        if maxConcurrentComputations < 1 { return "concurrency limit \(maxConcurrentComputations) must be at least 1" }
        if retryAfterSeconds < 0 { return "Retry-After \(retryAfterSeconds) must not be negative" }
        if idleTimeout <= .zero { return "idle timeout \(idleTimeout) must be positive" }
        if bodyTimeout <= .zero { return "body timeout \(bodyTimeout) must be positive" }
        if minBodyBytesPerSecond < 0 { return "body rate floor \(minBodyBytesPerSecond) bytes/s must not be negative" }
        if bodyRateGrace < .zero { return "body rate grace period \(bodyRateGrace) must not be negative" }
        if maxConcurrentUploads < 1 { return "upload limit \(maxConcurrentUploads) must be at least 1" }
        if vocabularyCacheEntries < 0 { return "vocabulary cache size \(vocabularyCacheEntries) must not be negative" }
        if maxClasses < 1 { return "maximum class count \(maxClasses) must be at least 1" }
        if maxNameLength < 1 { return "maximum name length \(maxNameLength) must be at least 1" }
        return nil
    }
}

extension ServerLimits {
    /// How compute requests' bodies are read under these limits.
    var bodyCollector: BodyCollector {
        BodyCollector(maxBytes: maxUploadBytes, timeout: bodyTimeout, minBytesPerSecond: minBodyBytesPerSecond, grace: bodyRateGrace)
    }
}
