import COnnxRuntime
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The loaded ONNX Runtime library and its process-wide environment.
///
/// The library is opened with `dlopen` rather than linked, so that a machine without it
/// still runs `glimpse --help` and gets a clear error naming the missing file instead of
/// a loader failure before `main`.
///
/// `@unchecked Sendable`: the API table and the environment are immutable after `init`,
/// and ONNX Runtime documents both as safe to use from any thread.
public final class OnnxRuntime: @unchecked Sendable {
    /// The ONNX Runtime release the setup script installs.
    public static let pinnedVersion = "1.32.0"

    public let libraryPath: String
    /// The version string the loaded library reports, e.g. "1.32.0".
    public let version: String

    let api: UnsafePointer<OrtApi>
    let environment: OpaquePointer
    private let handle: UnsafeMutableRawPointer
    private static let logger = Logger(label: "glimpse.runtime")

    /// Opens the library at `libraryPath`, or at `defaultLibraryPath()` when nil.
    public init(libraryPath: String? = nil) throws(RuntimeError) {
        let path = libraryPath ?? Self.defaultLibraryPath()
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "dlopen failed"
            throw .libraryNotFound(path: path, reason: reason)
        }
        guard let symbol = dlsym(handle, "OrtGetApiBase") else {
            dlclose(handle)
            throw .unsupportedLibrary(path: path, reason: "no OrtGetApiBase symbol")
        }
        typealias GetApiBase = @convention(c) () -> UnsafePointer<OrtApiBase>?
        let getApiBase = unsafeBitCast(symbol, to: GetApiBase.self)
        guard let base = getApiBase(),
              let api = base.pointee.GetApi(UInt32(ORT_API_VERSION)) else {
            dlclose(handle)
            throw .unsupportedLibrary(path: path, reason: "C API version \(ORT_API_VERSION) not offered")
        }
        let version = base.pointee.GetVersionString().map { String(cString: $0) } ?? "unknown"

        var env: OpaquePointer?
        // ONNX Runtime's own log goes through swift-log: its errors reach callers as thrown
        // RuntimeErrors, so printing them again on stderr would only repeat them.
        let status = api.pointee.CreateEnvWithCustomLogger(forwardOrtLog, nil, ORT_LOGGING_LEVEL_WARNING, "glimpse", &env)
        if let error = Self.error(from: status, api: api, context: "creating the environment") {
            dlclose(handle)
            throw error
        }
        guard let env else {
            dlclose(handle)
            throw .unsupportedLibrary(path: path, reason: "CreateEnv returned no environment")
        }
        self.libraryPath = path
        self.version = version
        self.api = api
        self.environment = env
        self.handle = handle
        Self.logger.debug("loaded ONNX Runtime", metadata: ["version": "\(version)", "path": "\(path)"])
    }

    deinit {
        api.pointee.ReleaseEnv(environment)
        // The library stays mapped: sessions released later still call into it.
    }

    /// The process-wide runtime, opened on first use.
    public static func shared() throws(RuntimeError) -> OnnxRuntime {
        try sharedResult.get()
    }

    private static let sharedResult: Result<OnnxRuntime, RuntimeError> = {
        do throws(RuntimeError) { return .success(try OnnxRuntime()) } catch { return .failure(error) }
    }()

    /// `GLIMPSE_ORT_LIBRARY` if set; else the library the setup script installed under the
    /// cache folder if present; else the SONAME, left to the system's library search.
    public static func defaultLibraryPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["GLIMPSE_ORT_LIBRARY"], !explicit.isEmpty { return explicit }
        let installed = GlimpsePaths.cacheDirectory(environment: environment)
            .appendingPathComponent("onnxruntime/\(pinnedVersion)/lib/libonnxruntime.so.\(pinnedVersion)").path
        if FileManager.default.fileExists(atPath: installed) { return installed }
        return "libonnxruntime.so.1"
    }

    /// Converts an `OrtStatus` into a typed error and releases it; nil means success.
    static func error(from status: OpaquePointer?, api: UnsafePointer<OrtApi>, context: String) -> RuntimeError? {
        guard let status else { return nil }
        defer { api.pointee.ReleaseStatus(status) }
        let code = Int(api.pointee.GetErrorCode(status).rawValue)
        let message = api.pointee.GetErrorMessage(status).map { String(cString: $0) } ?? "no message"
        return .onnxRuntime(code: code, message: message, context: context)
    }

    func check(_ status: OpaquePointer?, _ context: @autoclosure () -> String) throws(RuntimeError) {
        if let error = Self.error(from: status, api: api, context: status == nil ? "" : context()) { throw error }
    }
}

/// Receives ONNX Runtime's log lines. A C function pointer cannot capture, so it uses a
/// logger of its own.
private let forwardOrtLog: OrtLoggingFunction = { _, severity, category, _, location, message in
    let logger = Logger(label: "glimpse.onnxruntime")
    let text = message.map { String(cString: $0) } ?? ""
    let metadata: Logger.Metadata = [
        "category": "\(category.map { String(cString: $0) } ?? "")",
        "location": "\(location.map { String(cString: $0) } ?? "")",
    ]
    // Failures surface as thrown errors; keep ONNX Runtime's view of them at debug level.
    let level: Logger.Level = severity == ORT_LOGGING_LEVEL_FATAL ? .critical : .debug
    logger.log(level: level, "\(text)", metadata: metadata)
}
