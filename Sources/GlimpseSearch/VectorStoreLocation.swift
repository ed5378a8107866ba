import Foundation

/// Where an index lives, from the `--index` argument (or GLIMPSE_INDEX): a postgres:// URL is
/// a `PostgresVectorStore`, anything else an SQLite file path. The one place that chooses.
public enum VectorStoreLocation: Sendable, Hashable {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// The environment variable that names the index when `--index` is not given.
    public static let environmentVariable = "GLIMPSE_INDEX"

    public init(_ argument: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresStoreError) {
        if PostgresLocation.isURL(argument) {
            self = .postgres(try PostgresLocation(url: argument, environment: environment))
        } else {
            self = .sqlite(path: argument)
        }
    }

    /// The index for messages: the path, or the URL without its password.
    public var name: String {
        switch self {
        case let .sqlite(path): path
        case let .postgres(location): location.name
        }
    }

    /// Opens the store; creates it (the file, or the tables) only when `create` is true.
    public func open(create: Bool) async throws -> any VectorStore {
        switch self {
        case let .sqlite(path): try SQLiteVectorStore(path: path, create: create)
        case let .postgres(location): try await PostgresVectorStore(location: location, create: create)
        }
    }
}
