import Foundation
import GlimpseTestSupport
import Testing
@testable import GlimpseSearch

/// What a PostgreSQL index must refuse, each time by a typed error that names the index by
/// its URL without the password: bad URLs, no server, wrong credentials or database, no
/// pgvector, tables of another shape, and the connection dying in the middle of an add.
@Suite(.enabled(if: TestPostgres.enabled, TestPostgres.skipReason))
struct PostgresFaultTests {
    static func url(_ location: PostgresLocation, password: String? = nil, database: String? = nil, port: Int? = nil) -> String {
        let secret = (password ?? location.password).map { ":\($0)" } ?? ""
        return "postgres://\(location.user)\(secret)@\(location.host):\(port ?? location.port)/\(database ?? location.database)?table=\(location.table)"
    }

    static func expectNoSecret(_ error: any Error, _ secret: String?) {
        guard let secret, !secret.isEmpty else { return }
        #expect(!"\(error)".contains(secret), "the message shows the password: \(error)")
    }

    /// Alone this takes about a second; the limit only catches a hang (a pool that retries
    /// forever), because in the full suite on 2 cores the continuation can wait minutes for a
    /// free cooperative thread (168 s measured), so no tighter bound is meaningful here.
    @Test(.timeLimit(.minutes(10))) func anUnreachableServerIsAnErrorNotAHang() async throws {
        let good = try TestPostgres.location()
        // A port nothing listens on: bound and closed just now.
        let closed = try LoopbackSocket(listening: false)
        closed.close()
        let socket = closed.port
        do {
            _ = try await VectorStoreLocation(Self.url(good, port: socket)).open(create: true)
            Issue.record("opened a store on a closed port")
        } catch let error as PostgresStoreError {
            guard case let .unreachable(index, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(index.contains(":\(socket)/"))
            Self.expectNoSecret(error, good.password)
        }
    }

    @Test func wrongCredentialsOrDatabaseAreNamed() async throws {
        let good = try TestPostgres.location()
        do {
            _ = try await VectorStoreLocation(Self.url(good, password: "not-the-password")).open(create: true)
            Issue.record("a wrong password was accepted")
        } catch let error as PostgresStoreError {
            guard case let .authenticationFailed(index, user, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(index == good.name && user == good.user)
            Self.expectNoSecret(error, "not-the-password")
        }
        do {
            _ = try await VectorStoreLocation(Self.url(good, database: "no_such_db")).open(create: true)
            Issue.record("a missing database was accepted")
        } catch let error as PostgresStoreError {
            #expect(error == .databaseMissing(index: Self.nameWith(good, database: "no_such_db"), database: "no_such_db"))
        }
    }

    static func nameWith(_ location: PostgresLocation, database: String) -> String {
        var copy = location
        copy.database = database
        return copy.name
    }

    /// A database without pgvector, owned by a user who may not create extensions (pgvector
    /// is not a trusted extension): refused at open, with what to do.
    @Test func aDatabaseWithoutPgvectorIsRefused() async throws {
        let good = try TestPostgres.location()
        let database = "noext_" + TestPostgres.uniqueTable()
        try await TestPostgres.admin("""
            DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'glimpse_plain') THEN
                CREATE ROLE glimpse_plain LOGIN PASSWORD 'plain-pw'; END IF; END $$
            """, "CREATE DATABASE \(database) OWNER glimpse_plain", database: "postgres")
        var plain = good
        plain.user = "glimpse_plain"; plain.password = "plain-pw"; plain.database = database
        do {
            _ = try await PostgresVectorStore(location: plain, create: true)
            Issue.record("created an index without pgvector")
        } catch let error as PostgresStoreError {
            guard case let .extensionMissing(index, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(index == plain.name)
            #expect("\(error)".contains("CREATE EXTENSION vector"))
        }
        // The superuser opening it without create: the extension was never created there.
        var admin = good
        admin.database = database
        await #expect(throws: PostgresStoreError.extensionMissing(index: admin.name, reason: "CREATE EXTENSION vector was never run in this database")) {
            _ = try await PostgresVectorStore(location: admin, create: false)
        }
    }

    /// Tables that are not what Glimpse wrote: another program's `meta`, or a vector column
    /// whose dimension differs from the recorded one.
    @Test func foreignOrReshapedTablesAreRefused() async throws {
        let location = try TestPostgres.location()
        try await TestPostgres.admin("CREATE TABLE \(location.table)_meta (name text)")
        await #expect(throws: PostgresStoreError.self) { _ = try await PostgresVectorStore(location: location, create: false) }

        let other = try TestPostgres.location()
        let store = try await PostgresVectorStore(location: other, create: true)
        try await store.bind(to: EmbedderSignature(id: "e", dimension: 8))
        await store.close()
        try await TestPostgres.admin("ALTER TABLE \(other.table)_vector ALTER COLUMN embedding TYPE vector(16)")
        do {
            _ = try await PostgresVectorStore(location: other, create: false)
            Issue.record("opened a table of another dimension")
        } catch let error as PostgresStoreError {
            guard case let .tableMismatch(index, reason) = error else { Issue.record("unexpected \(error)"); return }
            #expect(index == other.name && reason.contains("vector(16)") && reason.contains("vector(8)"))
        }
    }

    /// The connection is killed while a writer adds batch after batch (as when the database
    /// restarts): the writer gets a clear error naming the index, nothing half-written is
    /// visible, and a rerun completes the gallery with every file exactly once.
    /// It hung about one run in three while the login deadline was a task group (which waits
    /// for a login PostgresNIO never ends) and an unhealthy connection's close was awaited.
    @Test(.timeLimit(.minutes(5)))
    func aConnectionKilledMidAddLeavesNothingHalfDoneAndARerunFinishes() async throws {
        let location = try TestPostgres.location()
        let signature = EmbedderSignature(id: "e", dimension: 64)
        let vectors = TestVectors.unit(count: 4 * 1200, dimension: 64, seed: 3)
        let sources = (0..<1200).map { StoreTests.source("f\($0).jpg", item: "i\($0 % 9)", vectors: Array(vectors[(4 * $0)..<(4 * $0 + 4)])) }
        let writer = try await PostgresVectorStore(location: location, create: true)
        try await writer.bind(to: signature)
        // The writer adds batch after batch; the killer terminates the writer's session (the
        // store names it glimpse:TABLE; other tests share the server and must not be touched)
        // while it is inside a transaction (xact_start set), which is a database restart as a
        // writer sees it. It repeats every 10 ms until the writer fails or finishes.
        let writing = Task { () -> (any Error)? in
            do {
                for start in stride(from: 0, to: sources.count, by: 10) { try await writer.add(Array(sources[start..<start + 10])) }
                return nil
            } catch {
                return error
            }
        }
        let killer = Task {
            while (try? await writer.statistics().sources) ?? 0 < 40 { try await Task.sleep(for: .milliseconds(5)) }
            while !Task.isCancelled {
                try await TestPostgres.admin("""
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE application_name = 'glimpse:\(location.table)' AND xact_start IS NOT NULL
                    """)
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let failure = await writing.value
        killer.cancel()
        _ = try? await killer.value
        let error = try #require(failure, "the writer finished before its connection was killed")
        if case let .unreachable(index, _) = error as? PostgresStoreError {
            #expect(index == location.name)
        } else {
            Issue.record("expected unreachable, got \(error)")
        }
        await writer.close()
        // What was committed is whole; a rerun adds the rest exactly once.
        let rerun = try await PostgresVectorStore(location: location, create: true)
        let before = try await rerun.statistics()
        #expect(before.vectors == 4 * before.sources && before.sources < 1200)
        let done = try await rerun.indexedSources()
        #expect(try await rerun.add(sources.filter { !done.contains($0.path) }) == 1200 - before.sources)
        #expect(try await rerun.add(sources) == 0)
        #expect(try await rerun.statistics() == StoreStatistics(embedder: signature, sources: 1200, vectors: 4800, items: 9))
        await rerun.close()
    }
}

