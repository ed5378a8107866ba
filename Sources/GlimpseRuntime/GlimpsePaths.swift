import Foundation

/// Where Glimpse keeps what it derives at setup time: the ONNX Runtime library,
/// converted models, and caches of text embeddings.
public enum GlimpsePaths {
    /// `GLIMPSE_CACHE`, else `$XDG_CACHE_HOME/glimpse`, else `~/.cache/glimpse`.
    public static func cacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let explicit = environment["GLIMPSE_CACHE"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit, isDirectory: true)
        }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("glimpse", isDirectory: true)
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".cache/glimpse", isDirectory: true)
    }

    /// The folder of installed models (each in a sub-folder with its manifest).
    public static func modelsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let explicit = environment["GLIMPSE_MODELS"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit, isDirectory: true)
        }
        return cacheDirectory(environment: environment).appendingPathComponent("models", isDirectory: true)
    }
}
