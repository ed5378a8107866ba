import Foundation
import Logging
import Synchronization

/// CC-CEDICT read on first use: most vocabularies have no Chinese name, and parsing the
/// dictionary's 120,000 entries costs more than the rest of naming.
public final class LazyChineseDictionary: Sendable {
    private let url: URL?
    private let state: Mutex<ChineseDictionary??>
    private static let logger = Logger(label: "glimpse.naming")

    /// The dictionary at `ChineseDictionary.defaultFile(cacheDirectory:)`.
    public init(cacheDirectory: URL) {
        url = ChineseDictionary.defaultFile(cacheDirectory: cacheDirectory)
        state = Mutex(nil)
    }

    /// An already parsed dictionary (tests).
    public init(_ dictionary: ChineseDictionary) {
        url = nil
        state = Mutex(.some(dictionary))
    }

    /// The dictionary, or nil (with one warning) when it is not installed.
    public var dictionary: ChineseDictionary? {
        state.withLock { loaded in
            if let loaded { return loaded }
            var result: ChineseDictionary?
            if let url {
                do {
                    result = try ChineseDictionary(contentsOf: url)
                } catch {
                    Self.logger.warning("\(error); Chinese names are scored by word similarity only")
                }
            }
            loaded = .some(result)
            return result
        }
    }
}
