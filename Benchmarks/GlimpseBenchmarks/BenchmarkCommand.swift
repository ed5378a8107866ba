import ArgumentParser

/// The Swift side of the side-by-side benchmarks. Each subcommand times one pipeline and
/// prints a JSON line; the Python drivers in Benchmarks/ time the reference pipeline on
/// the same inputs and report the ratio (see docs/PERFORMANCE.md).
@main
struct BenchmarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glimpse-benchmarks",
        abstract: "Times Glimpse's pipelines for the side-by-side benchmarks in Benchmarks/.",
        subcommands: BenchmarkRegistry.all
    )
}
