import Foundation

/// A PostgreSQL index named by URL: `postgres://user[:password]@host[:port]/database?table=shop`.
/// `table` (default `glimpse`) prefixes the store's three tables (`shop_meta`, `shop_source`,
/// `shop_vector`), so one database can hold several galleries. The password may also come
/// from PGPASSWORD. `name`, used in every message, is the URL without the password.
public struct PostgresLocation: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var table: String

    public static let defaultTable = "glimpse"

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
            case "sslmode" where item.value == "disable": break
            case "sslmode":
                throw .invalidURL(index: shown, reason: "sslmode=\(item.value ?? "") is not supported yet (only sslmode=disable): "
                                  + "reach the server over a trusted network or an SSH tunnel")
            default: throw .invalidURL(index: shown, reason: "unknown parameter '\(item.name)' (known: table, sslmode)")
            }
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
