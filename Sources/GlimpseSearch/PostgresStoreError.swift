/// What can go wrong reaching a PostgreSQL vector store: each case names the index by its
/// URL without the password (`PostgresLocation.name`), never the credentials.
public enum PostgresStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The index argument looks like a database URL but cannot be used.
    case invalidURL(index: String, reason: String)
    /// No server answered, or the connection broke (the database restarting mid-run).
    case unreachable(index: String, reason: String)
    /// The server refused the user or password.
    case authenticationFailed(index: String, user: String, reason: String)
    /// The server has no database of that name.
    case databaseMissing(index: String, database: String)
    /// pgvector is not installed in the database, and this user may not install it.
    case extensionMissing(index: String, reason: String)
    /// The tables exist but are not what Glimpse writes (another program's, or a column of
    /// another dimension than the index's meta row records).
    case tableMismatch(index: String, reason: String)
    /// Any other error the server reported, with its SQLSTATE.
    case server(index: String, sqlState: String, message: String)

    public var description: String {
        switch self {
        case let .invalidURL(index, reason):
            "\(index) is not a usable index URL: \(reason)"
        case let .unreachable(index, reason):
            "\(index) cannot be reached: \(reason); is the PostgreSQL server running and the host and port right? "
                + "(a rerun of 'glimpse index add' resumes where this one stopped)"
        case let .authenticationFailed(index, user, reason):
            "\(index): the server refused user '\(user)': \(reason); check the user and password"
        case let .databaseMissing(index, database):
            "\(index): the server has no database '\(database)'; create it first (CREATE DATABASE \(database))"
        case let .extensionMissing(index, reason):
            "\(index): the pgvector extension is not installed in this database and cannot be created by this user "
                + "(\(reason)); a superuser must run CREATE EXTENSION vector there"
        case let .tableMismatch(index, reason):
            "\(index) is not a usable Glimpse index: \(reason)"
        case let .server(index, sqlState, message):
            "\(index): the database answered \(sqlState): \(message)"
        }
    }
}
