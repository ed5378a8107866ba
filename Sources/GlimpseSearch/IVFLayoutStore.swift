/// A store that can keep the IVF layout of its gallery, so a search process need not run
/// k-means at every start. Optional for a `VectorStore`: one without it rebuilds every time.
///
/// Contract: a layout is returned only for the exact gallery version it was saved for (any
/// added vector makes it stale), and a stored layout that cannot be read is reported as an
/// error, never returned half-read; the caller then rebuilds and saves over it.
public protocol IVFLayoutStore: Sendable {
    /// The layout saved for `version`, or nil when none was saved or it belongs to another version.
    func ivfLayout(for version: GalleryVersion) async throws -> IVFLayout?

    /// Saves `layout` as the one for `version`, replacing any other.
    func saveIVFLayout(_ layout: IVFLayout, for version: GalleryVersion) async throws
}
