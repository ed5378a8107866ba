import Logging

/// The IVF index of a gallery: the layout saved in the store when it was made for this very
/// gallery version and these parameters, otherwise k-means afresh, saved for the next start.
/// A stored layout that cannot be read or does not fit is rebuilt over, never trusted; a store
/// that cannot be written (a read-only file) only costs the rebuild next time.
public enum IVFIndexLoader {
    private static let logger = Logger(label: "glimpse.search.ivf")

    /// Whether the index came from the store or was built (and perhaps saved) now.
    public enum Origin: Sendable, Equatable { case loaded, built, builtAndSaved }

    public static func index(for gallery: Gallery, parameters: IVFIndex.Parameters, store: (any IVFLayoutStore)?,
                             name: String) async throws -> (index: IVFIndex, origin: Origin) {
        if let store, let version = gallery.version {
            do {
                if let layout = try await store.ivfLayout(for: version), layout.parameters == parameters {
                    let index = try IVFIndex(matrix: gallery.matrix, layout: layout)
                    logger.debug("loaded the stored IVF index", metadata: ["index": "\(name)", "lists": "\(index.lists)"])
                    return (index, .loaded)
                }
            } catch {
                logger.warning("the stored IVF index cannot be used, rebuilding it",
                               metadata: ["index": "\(name)", "reason": "\(error)"])
            }
        }
        logger.debug("building the IVF index", metadata: ["index": "\(name)", "vectors": "\(gallery.count)"])
        let index = try IVFIndex(building: gallery.matrix, parameters: parameters)
        guard let store, let version = gallery.version else { return (index, .built) }
        do {
            try await store.saveIVFLayout(index.layout, for: version)
            return (index, .builtAndSaved)
        } catch {
            logger.warning("could not save the IVF index; it will be rebuilt next time",
                           metadata: ["index": "\(name)", "reason": "\(error)"])
            return (index, .built)
        }
    }
}
