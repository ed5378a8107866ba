import ArgumentParser
import Foundation
import GlimpseModels
import GlimpseRuntime

/// `glimpse models`: what is installed, bringing a model in, checking files are intact.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List, add and verify installed models.",
        subcommands: [ModelsListCommand.self, ModelsAddCommand.self, ModelsVerifyCommand.self],
        defaultSubcommand: ModelsListCommand.self
    )
}

/// Where models live; shared by the `models` subcommands.
struct ModelsLocation: ParsableArguments {
    @Option(name: .customLong("models-dir"), help: "Folder of installed models (default: $GLIMPSE_MODELS or ~/.cache/glimpse/models).")
    var directory: String?

    var registry: ModelRegistry {
        ModelRegistry(directory: directory.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? GlimpsePaths.modelsDirectory())
    }
}

struct ModelsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List installed models.")

    @OptionGroup var location: ModelsLocation
    @Flag(help: "Print one JSON array instead of a table.") var json = false

    func run() async throws {
        let scan = try location.registry.scan()
        if json {
            try printJSON(scan.models.map(\.manifest))
        } else {
            let rows = scan.models.map { model -> [String] in
                let m = model.manifest
                return [m.id, m.family.rawValue, m.task.rawValue, m.embeddingSize.map(String.init) ?? "-",
                        m.verification.map { String(format: "%.1e", $0.maxAbsDiff) } ?? "-", m.source]
            }
            print(Table.render(header: ["ID", "FAMILY", "TASK", "DIM", "MAX DIFF", "SOURCE"], rows: rows))
            if scan.models.isEmpty { print("no models in \(location.registry.directory.path); run scripts/setup.sh") }
        }
        for problem in scan.problems { printError("warning: \(problem)") }
        if !scan.problems.isEmpty { throw ExitCode(1) }
    }
}

struct ModelsAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Install a model folder (manifest.json + files, e.g. from scripts/export_models.py).")

    @OptionGroup var location: ModelsLocation
    @Argument(help: "Folder holding manifest.json and the files it names.") var folder: String
    @Flag(help: "Replace an installed model with the same id.") var force = false

    func run() async throws {
        let source = URL(fileURLWithPath: folder, isDirectory: true)
        let model = try ModelRegistry.load(folder: source)
        try ModelRegistry.verify(model)
        let registry = location.registry
        let destination = registry.directory.appendingPathComponent(model.id, isDirectory: true)
        let files = FileManager.default
        if files.fileExists(atPath: destination.path), !force {
            throw ValidationError("a model with id '\(model.id)' is already installed at \(destination.path); use --force to replace it")
        }
        // Copy beside the destination, then swap, so an interrupted add leaves no half model.
        try files.createDirectory(at: registry.directory, withIntermediateDirectories: true)
        let staging = registry.directory.appendingPathComponent(".adding-\(model.id)-\(UUID().uuidString)", isDirectory: true)
        try files.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: staging) }
        for name in [ModelManifest.fileName] + model.manifest.requiredFiles {
            try files.copyItem(at: source.appendingPathComponent(name), to: staging.appendingPathComponent(name))
        }
        if files.fileExists(atPath: destination.path) { try files.removeItem(at: destination) }
        try files.moveItem(at: staging, to: destination)
        print("installed \(model.id) (\(model.manifest.family.rawValue), \(model.manifest.task.rawValue)) in \(destination.path)")
    }
}

struct ModelsVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every installed file's SHA-256 and compare it with its manifest.")

    @OptionGroup var location: ModelsLocation
    @Argument(help: "Model ids to verify (default: all).") var ids: [String] = []
    @Flag(help: "Print the result as JSON (what /v1/models/verify answers).") var json = false

    func run() async throws {
        // With no ids every folder counts, so a broken folder is a failure too.
        let verification = try ModelVerification.run(location.registry, ids: ids)
        if json {
            try printJSON(verification)
        } else {
            for problem in verification.problems { printError("error: \(problem)") }
            for model in verification.models {
                print(model.ok ? "ok      \(model.id)" : "FAILED  \(model.id): \(model.problem ?? "")")
            }
        }
        if !verification.passed {
            throw ExitCode(1)
        }
    }
}
