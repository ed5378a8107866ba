// swift-tools-version: 6.0
import PackageDescription

// Data flows one way: image bytes -> Image -> model inputs -> raw outputs -> typed results.
// Each module owns one step; the command and the server only wire them together.
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")

let package = Package(
    name: "Glimpse",
    products: [
        .library(name: "Glimpse", targets: ["Glimpse"]),
        .library(name: "GlimpseRuntime", targets: ["GlimpseRuntime"]),
        .library(name: "GlimpseGeometry", targets: ["GlimpseGeometry"]),
        .library(name: "GlimpseImage", targets: ["GlimpseImage"]),
        .library(name: "GlimpseEval", targets: ["GlimpseEval"]),
        .library(name: "GlimpseModels", targets: ["GlimpseModels"]),
        .executable(name: "glimpse", targets: ["glimpse"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        // Already in the graph through Hummingbird; named for the server's HTTP parse-error answer.
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.30.0"),
        // Already in the graph through Hummingbird; named for the server's HTTP field names.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        // PostgreSQL wire protocol for the pgvector store (PostgresVectorStore).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Zip archives: a YOLO dataset delivered as one download (DatasetArchive).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // ONNX Runtime's C API. The header is linked in by scripts/fetch_onnxruntime.sh;
        // the library itself is opened with dlopen at run time (see OnnxRuntime.swift).
        .target(name: "COnnxRuntime"),
        .target(name: "GlimpseRuntime", dependencies: ["COnnxRuntime", logging]),

        // The box, the l2 normalisation and the top-k every other module shares; no dependencies.
        .target(name: "GlimpseGeometry"),

        // Debian's image codecs and Cairo/Pango for drawing.
        .systemLibrary(name: "CImageCodecs", pkgConfig: "libturbojpeg libpng libwebp pangocairo"),
        .target(name: "GlimpseImage", dependencies: ["GlimpseGeometry", "CImageCodecs"]),

        // Metrics and dataset formats: no model, no image decoding; Cairo only to draw plots.
        .target(name: "GlimpseEval", dependencies: ["GlimpseGeometry", "CImageCodecs", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),

        // Debian's OpenBLAS (cblas) for exact search and k-means.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas"),

        // One file per model family, tokenizers, the model manifest and registry.
        .target(name: "GlimpseModels", dependencies: [
            "GlimpseGeometry", "GlimpseRuntime", "GlimpseImage", .product(name: "Crypto", package: "swift-crypto"),
        ]),

        // Vector storage (SQLite through GRDB), exact and approximate search, the match rule:
        // no model and no image, so it tests and benchmarks on its own.
        .target(name: "GlimpseSearch", dependencies: [
            "GlimpseGeometry", "COpenBLAS", logging, .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOCore", package: "swift-nio"),
        ]),

        // The pipelines: detect, tag, embed, index/search/match, label.
        .target(name: "Glimpse", dependencies: ["GlimpseGeometry", "GlimpseModels", "GlimpseEval", "GlimpseImage", "GlimpseRuntime", "GlimpseSearch",
                                               "COpenBLAS", logging, .product(name: "Yams", package: "Yams"),
                                               .product(name: "GRDB", package: "GRDB.swift")]),

        // HTTP routes and the web page over the pipelines; computes nothing itself.
        .target(name: "GlimpseServer", dependencies: [
            "Glimpse", "GlimpseEval", "GlimpseGeometry", "GlimpseModels", "GlimpseImage", "GlimpseSearch", logging,
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "MultipartKit", package: "multipart-kit"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),

        // The `glimpse` command. Its folder is GlimpseCLI, not `glimpse`: that would differ from
        // Sources/Glimpse only in case, and a checkout on a case-insensitive disk would break.
        .executableTarget(name: "glimpse", dependencies: [
            "Glimpse", "GlimpseEval", "GlimpseGeometry", "GlimpseImage", "GlimpseModels", "GlimpseRuntime", "GlimpseSearch", "GlimpseServer", logging,
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Sources/GlimpseCLI"),

        .executableTarget(name: "glimpse-benchmarks", dependencies: [
            "Glimpse", "GlimpseEval", "GlimpseGeometry", "GlimpseImage", "GlimpseModels", "GlimpseSearch",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Benchmarks/GlimpseBenchmarks"),

        .testTarget(name: "GlimpseGeometryTests", dependencies: ["GlimpseGeometry"]),
        .testTarget(name: "GlimpseRuntimeTests", dependencies: ["GlimpseRuntime"], exclude: ["Fixtures"]),
        .testTarget(name: "GlimpseImageTests", dependencies: ["GlimpseGeometry", "GlimpseImage", "GlimpseTestSupport"], exclude: ["Fixtures"]),
        .target(name: "GlimpseTestSupport", dependencies: ["GlimpseGeometry"], path: "Tests/GlimpseTestSupport"),
        .testTarget(name: "GlimpseEvalTests", dependencies: ["GlimpseEval", "GlimpseGeometry", "GlimpseTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "GlimpseModelsTests", dependencies: ["GlimpseGeometry", "GlimpseImage", "GlimpseModels", "GlimpseRuntime", "GlimpseTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "GlimpseSearchTests", dependencies: [
            "GlimpseGeometry", "GlimpseSearch", "GlimpseTestSupport", logging, .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "GlimpseTests", dependencies: [
            "Glimpse", "GlimpseEval", "GlimpseGeometry", "GlimpseImage", "GlimpseModels", "GlimpseRuntime", "GlimpseSearch", "GlimpseTestSupport",
        ], exclude: ["Fixtures"]),
        .testTarget(name: "GlimpseCLITests", dependencies: ["glimpse", "Glimpse", "GlimpseEval", "GlimpseImage", "GlimpseModels", "GlimpseSearch", "GlimpseTestSupport"]),
        .testTarget(name: "GlimpseServerTests", dependencies: [
            "GlimpseServer", "Glimpse", "GlimpseEval", "GlimpseGeometry", "GlimpseImage", "GlimpseModels", "GlimpseSearch", "GlimpseTestSupport",
            .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
