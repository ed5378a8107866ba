import Logging
import NIOCore
import PostgresNIO

/// A few PostgreSQL connections for one store, opened on demand. Chosen over `PostgresClient`
/// because a pool that keeps retrying makes an unreachable server hang instead of failing:
/// here a failed connect is an error at once, and a connection that saw any error is closed
/// rather than reused (its transaction state is unknown).
actor PostgresConnectionPool {
    private let configuration: PostgresConnection.Configuration
    private let location: PostgresLocation
    private let limit: Int
    private let logger: Logger
    private var idle: [PostgresConnection] = []
    private var opened = 0
    private var nextID = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var closed = false

    init(location: PostgresLocation, limit: Int = 8, logger: Logger) {
        var configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: location.password, database: location.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        // Names the sessions in pg_stat_activity: which gallery a connection works on.
        configuration.options.additionalStartupParameters = [("application_name", "glimpse:\(location.table)")]
        self.configuration = configuration
        self.location = location
        self.limit = limit
        self.logger = logger
    }

    deinit {
        // A PostgresConnection must be closed before it is freed: the future keeps it alive until then.
        for connection in idle { connection.close().whenComplete { _ in _ = connection } }
    }

    /// Runs `body` on a connection of its own; errors are mapped to `PostgresStoreError`
    /// (connection faults) or passed through (`SearchError` thrown by the body).
    nonisolated func withConnection<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await checkout()
        do {
            let result = try await body(connection)
            await checkin(connection, healthy: true)
            return result
        } catch {
            await checkin(connection, healthy: false)
            throw PostgresErrors.map(error, location: location)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    nonisolated func withTransaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await withConnection { connection in
            try await connection.query("BEGIN", logger: self.logger)
            let result = try await body(connection)
            try await connection.query("COMMIT", logger: self.logger)
            return result
            // On error the connection is closed by withConnection, which rolls the transaction back.
        }
    }

    func close() async {
        closed = true
        let connections = idle
        idle = []
        for connection in connections { try? await connection.close() }
    }

    private func checkout() async throws -> PostgresConnection {
        while true {
            if closed { throw PostgresStoreError.unreachable(index: location.name, reason: "the store was closed") }
            if let connection = idle.popLast() {
                if !connection.isClosed { return connection }
                opened -= 1
                continue
            }
            if opened < limit {
                opened += 1
                nextID += 1
                do {
                    return try await Self.connect(configuration, id: nextID, logger: logger)
                } catch {
                    opened -= 1
                    wakeOne()
                    throw PostgresErrors.map(error, location: location)
                }
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    /// PostgresConnection.connect with a deadline on the whole login, not only the TCP connect
    /// (its connectTimeout): a login the server never finishes answering (seen when sessions
    /// are terminated while others log in) must become an error, not a wait forever.
    static func connect(_ configuration: PostgresConnection.Configuration, id: Int, logger: Logger,
                        deadline: Duration = .seconds(20)) async throws -> PostgresConnection {
        try await withThrowingTaskGroup(of: PostgresConnection?.self) { group in
            group.addTask { try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger) }
            group.addTask { try await Task.sleep(for: deadline); return nil }
            let first = try await group.next() ?? nil
            group.cancelAll()
            if let first { return first }
            // Timed out: a login that still succeeds while being cancelled is closed, not leaked.
            while let late = try? await group.next() { if let late { try? await late.close() } }
            throw LoginTimeout(seconds: deadline.components.seconds)
        }
    }

    private func checkin(_ connection: PostgresConnection, healthy: Bool) async {
        if healthy && !closed && !connection.isClosed {
            idle.append(connection)
        } else {
            opened -= 1
            try? await connection.close()
        }
        wakeOne()
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }
}

/// The login did not finish within the deadline.
struct LoginTimeout: Error, CustomStringConvertible {
    let seconds: Int64
    var description: String { "the server did not complete the login within \(seconds) s" }
}

/// PostgresNIO's errors as `PostgresStoreError`s that name the index and say what to do.
enum PostgresErrors {
    static func map(_ error: any Error, location: PostgresLocation) -> any Error {
        if error is SearchError || error is PostgresStoreError { return error }
        let index = location.name
        guard let error = error as? PSQLError else {
            return PostgresStoreError.unreachable(index: index, reason: "\(error)")
        }
        if error.code == .server, let info = error.serverInfo {
            let state = info[.sqlState] ?? "?", message = info[.message] ?? "no message"
            switch state {
            case "28P01", "28000": return PostgresStoreError.authenticationFailed(index: index, user: location.user, reason: message)
            case "3D000": return PostgresStoreError.databaseMissing(index: index, database: location.database)
            case "57P01", "57P02", "57P03", "08000", "08003", "08006":
                return PostgresStoreError.unreachable(index: index, reason: message)
            default: return PostgresStoreError.server(index: index, sqlState: state, message: message)
            }
        }
        switch error.code {
        case .authMechanismRequiresPassword:
            return PostgresStoreError.authenticationFailed(index: index, user: location.user,
                                                           reason: "the server asks for a password and the URL has none (add it or set PGPASSWORD)")
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            let reason = error.underlying.map { "\($0)" } ?? "\(error.code)"
            return PostgresStoreError.unreachable(index: index, reason: reason)
        default:
            return PostgresStoreError.unreachable(index: index, reason: "\(error.code)")
        }
    }
}
