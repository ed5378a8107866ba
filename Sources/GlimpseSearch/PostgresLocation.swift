import Foundation

/// A PostgreSQL index named by URL: `postgres://user[:password]@host[:port]/database?table=shop`.
/// `table` (default `glimpse`) prefixes the store's three tables (`shop_meta`, `shop_source`,
/// `shop_vector`), so one database can hold several galleries. The password may also come
/// from PGPASSWORD. `name`, used in every message, is the URL without the password.
/// `m`, `ef_construction` and `build_memory` set how the HNSW index is built after a bulk
/// load (pgvector's `m`, `ef_construction` and the build's `maintenance_work_mem`): a larger
/// graph finds more of the true neighbours of clustered galleries, at a longer build.
public struct PostgresLocation: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var table: String
    public var build = HNSWBuild()

    public static let defaultTable = "glimpse"

    /// How the HNSW index is built (pgvector's defaults, and 1 GB to build in).
    public struct HNSWBuild: Sendable, Hashable {
        /// Links per node (pgvector: 2...100, default 16).
        public var m = 16
        /// Candidates kept while linking (pgvector: at least 2·m, at most 1000; default 64).
        public var efConstruction = 64
        /// PostgreSQL's maintenance_work_mem for the build: the graph builds several times
        /// faster when it fits (about dimension·4 + m·16 bytes a vector).
        public var memory = "1GB"

        public init() {}
    }

    public static func isURL(_ argument: String) -> Bool {
        argument.hasPrefix("postgres://") || argument.hasPrefix("postgresql://")
    }

    public init(url argument: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresStoreError) {
        guard let components = URLComponents(string: argument), let scheme = components.scheme,
              ["postgres", "postgresql"].contains(scheme) else {
            throw .invalidURL(index: Self.redacted(argument), reason: "expected postgres://user@host:port/database?table=name")
        }
        let shown = Self.redacted(argument)
        guard let host = components.host, !host.isEmpty else { throw .invalidURL(index: shown, reason: "no host") }
        guard let user = components.user, !user.isEmpty else { throw .invalidURL(index: shown, reason: "no user (postgres://USER@host/...)") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw .invalidURL(index: shown, reason: "no database name (postgres://user@host:port/DATABASE)")
        }
        var table = Self.defaultTable
        for item in components.queryItems ?? [] {
            switch item.name {
            case "table": table = item.value ?? ""
            case "m": build.m = try Self.integer(item, in: 2...100, shown)
            case "ef_construction": build.efConstruction = try Self.integer(item, in: 4...1000, shown)
            case "build_memory":
                // Spliced into SQL (SET takes no parameters), so checked strictly.
                guard let value = item.value, value.range(of: "^[1-9][0-9]{0,6}(kB|MB|GB)$", options: .regularExpression) != nil else {
                    throw .invalidURL(index: shown, reason: "build_memory '\(item.value ?? "")' must be a size such as 512MB or 4GB")
                }
                build.memory = value
            case "sslmode" where item.value == "disable": break
            case "sslmode":
                throw .invalidURL(index: shown, reason: "sslmode=\(item.value ?? "") is not supported yet (only sslmode=disable): "
                                  + "reach the server over a trusted network or an SSH tunnel")
            default:
                throw .invalidURL(index: shown, reason: "unknown parameter '\(item.name)' (known: table, m, ef_construction, build_memory, sslmode)")
            }
        }
        guard build.efConstruction >= 2 * build.m else {
            throw .invalidURL(index: shown, reason: "ef_construction \(build.efConstruction) must be at least twice m (\(build.m))")
        }
        // The table name is spliced into SQL (identifiers cannot be bound), so it is checked strictly.
        guard table.range(of: "^[a-z_][a-z0-9_]{0,40}$", options: .regularExpression) != nil else {
            throw .invalidURL(index: shown, reason: "table '\(table)' must be 1-41 lower-case letters, digits or _, not starting with a digit")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user
        self.password = components.password ?? environment["PGPASSWORD"]
        self.database = database
        self.table = table
    }

    private static func integer(_ item: URLQueryItem, in range: ClosedRange<Int>, _ shown: String) throws(PostgresStoreError) -> Int {
        guard let value = item.value.flatMap(Int.init), range.contains(value) else {
            throw .invalidURL(index: shown, reason: "\(item.name) '\(item.value ?? "")' must be a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// The URL without the password: safe for messages, logs and HTTP answers.
    public var name: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(hostPart):\(port)/\(database)?table=\(table)"
    }

    /// Any postgres URL with its password removed, for messages about URLs that do not parse.
    static func redacted(_ argument: String) -> String {
        argument.replacingOccurrences(of: "://([^:/@]*):[^@]*@", with: "://$1@", options: .regularExpression)
    }
}
