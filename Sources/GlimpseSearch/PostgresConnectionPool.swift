import Foundation
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
    private var idle: [Pooled] = []
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
        for pooled in idle { pooled.connection.close().whenComplete { _ in _ = pooled } }
    }

    /// Runs `body` on a connection of its own; errors are mapped to `PostgresStoreError`
    /// (connection faults) or passed through (`SearchError` thrown by the body).
    nonisolated func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let pooled = try await checkout()
        let connection = pooled.connection
        do {
            let result = try await pooled.watch.untilClosed { try await body(connection) }
            await checkin(pooled, healthy: true)
            return result
        } catch {
            await checkin(pooled, healthy: false)
            throw PostgresErrors.map(error, location: location)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    nonisolated func withTransaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
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
        for pooled in connections { try? await pooled.connection.close() }
    }

    private func checkout() async throws -> Pooled {
        while true {
            if closed { throw PostgresStoreError.unreachable(index: location.name, reason: "the store was closed") }
            if let pooled = idle.popLast() {
                if !pooled.connection.isClosed { return pooled }
                opened -= 1
                continue
            }
            if opened < limit {
                opened += 1
                nextID += 1
                do {
                    return Pooled(try await Self.connect(configuration, id: nextID, logger: logger))
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
        // Not a task group: a group waits for all its children when it ends, and a login stuck
        // in PostgresNIO does not end when cancelled, so the deadline would wait for it too.
        // The first of the login and the timer answers; a login that succeeds too late is closed.
        let race = FirstResult<PostgresConnection>()
        return try await withCheckedThrowingContinuation { continuation in
            race.start(continuation)
            let timer = Task {
                try? await Task.sleep(for: deadline)
                race.finish(.failure(LoginTimeout(seconds: deadline.components.seconds)))
            }
            Task {
                do {
                    let connection = try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
                    if !race.finish(.success(connection)) { try? await connection.close() }
                } catch {
                    race.finish(.failure(error))
                }
                timer.cancel()
            }
        }
    }

    private func checkin(_ pooled: Pooled, healthy: Bool) async {
        let connection = pooled.connection
        if healthy && !closed && !connection.isClosed {
            idle.append(pooled)
        } else {
            opened -= 1
            // Not awaited: closing a connection whose server side was killed may never finish,
            // and the caller is waiting to report the error that brought it here.
            connection.close().whenComplete { _ in _ = connection }
        }
        wakeOne()
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }
}

/// A pooled connection with the one watch on its closing, registered once when it opened.
private struct Pooled: Sendable {
    let connection: PostgresConnection
    let watch: CloseWatch

    init(_ connection: PostgresConnection) {
        self.connection = connection
        watch = CloseWatch(connection)
    }
}

/// Fails the statement running on a connection as soon as the connection closes: a query
/// whose server session is killed mid-transaction (a database restart, pg_terminate_backend)
/// can wait forever inside PostgresNIO, and the caller must get an error it can report and
/// resume from.
private final class CloseWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var closed = false
    private var running: (@Sendable () -> Void)?

    init(_ connection: PostgresConnection) {
        connection.closeFuture.whenComplete { [self] _ in
            let onClose = lock.withLock { () -> (@Sendable () -> Void)? in
                closed = true
                return running
            }
            onClose?()
        }
    }

    func untilClosed<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let race = FirstResult<T>()
        return try await withCheckedThrowingContinuation { continuation in
            race.start(continuation)
            let task = Task {
                do { race.finish(.success(try await work())) } catch { race.finish(.failure(error)) }
            }
            let onClose: @Sendable () -> Void = { if race.finish(.failure(ConnectionClosed())) { task.cancel() } }
            let alreadyClosed = lock.withLock { () -> Bool in
                running = onClose
                return closed
            }
            if alreadyClosed { onClose() }
        }
    }
}

/// The connection closed while a statement was running on it.
struct ConnectionClosed: Error, CustomStringConvertible {
    var description: String { "the server closed the connection (the database restarted, or the session was terminated)" }
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
