import Foundation

/// A folder under the system temporary directory for one test, removed when the value goes
/// away. Shared by the test targets that write input files for the code under test.
public final class TemporaryFolder: Sendable {
    public let url: URL

    public init(prefix: String = "glimpse-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` as UTF-8 to `name` in the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        write(name, Data(text.utf8))
    }

    /// Writes `data` to `name` in the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ data: Data) -> String {
        let p = path(name)
        try! data.write(to: URL(fileURLWithPath: p))
        return p
    }

    /// One folder for the whole test process, for static helpers that hand out paths no one
    /// test owns (a store shared by several suites' helpers); removed when the process exits.
    public static let process: TemporaryFolder = {
        let folder = try! TemporaryFolder(prefix: "glimpse-test-process")
        atexit { try? FileManager.default.removeItem(at: TemporaryFolder.process.url) }
        return folder
    }()
}
