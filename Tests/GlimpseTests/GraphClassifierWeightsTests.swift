import Foundation
@testable import Glimpse
import GlimpseRuntime
import GlimpseTestSupport
import Testing

/// The graph route of naming: the weights setup trained (scripts/naming/build_graph_weights.sh)
/// read as NumPy reads them (scripts/naming/graph_weights_reference.py), and the names that take it.
@Suite struct GraphClassifierWeightsTests {
    static let file = GraphClassifierWeights.defaultFile(cacheDirectory: GlimpsePaths.cacheDirectory())
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Reference: Decodable {
        struct Synset: Decodable { var weights: [Float]; var logit: Float; var probability: Float }
        var features: [Float]
        var logsumexp: Float
        var synsets: [String: Synset?]
    }

    /// coin, pagoda, license plate, loudspeaker (an ImageNet class); 1 is no synset, absent from the graph.
    static let offsets = [13388245, 3874965, 3661180, 3691459, 1]

    /// Runs a script of scripts/naming/ in one of setup's venvs; its standard output.
    static func python(venv: String, _ script: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = GlimpsePaths.cacheDirectory().appendingPathComponent("venvs/\(venv)/bin/python")
        process.arguments = ["-W", "ignore", Self.repository.appendingPathComponent("scripts/naming/\(script)").path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(script) failed")
        return output
    }

    /// The trainer's forward pass equals a NumPy transcription of DGP's equations on a tiny
    /// seeded graph (a node with two parents, a branch), and training lowers its loss.
    @Test func trainerMatchesNumPyOnATinySeededGraph() throws {
        struct SelfTest: Decodable { var forward_max_abs_error: Double; var loss_first_step: Double; var loss_after_200: Double }
        let result = try JSONDecoder().decode(SelfTest.self, from: Self.python(venv: "convert-torch", "train_graph_weights.py", ["--self-test"]))
        #expect(result.forward_max_abs_error < 1e-5)
        #expect(result.loss_after_200 < 0.8 * result.loss_first_step, "\(result)")
    }

    @Test func weightsLogitsAndProbabilitiesMatchNumPy() throws {
        let weights = try GraphClassifierWeights(contentsOf: Self.file)
        let output = try Self.python(venv: "reference", "graph_weights_reference.py", [Self.file.path] + Self.offsets.map(String.init))
        let reference = try JSONDecoder().decode(Reference.self, from: output)
        var compared = 0
        for offset in Self.offsets {
            let expected = reference.synsets[String(offset)] ?? nil
            let got = weights.weights(for: offset)
            #expect((expected == nil) == (got == nil), "synset \(offset) in one reading only")
            guard let expected, let got else { continue }
            let worst = zip(got, expected.weights).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst < 1e-4, "synset \(offset): weights differ by \(worst)")
            let logit = GraphClassifierWeights.logit(got, features: reference.features)
            #expect(abs(logit - expected.logit) < 1e-3 * max(1, abs(expected.logit)), "synset \(offset): \(logit) vs \(expected.logit)")
            // The hidden-space shortcut scoring uses gives the same logit.
            let state = try #require(weights.state(for: offset))
            let shortcut = GraphClassifierWeights.logit(state: state, projection: weights.projection(of: reference.features))
            #expect(abs(shortcut - expected.logit) < 1e-3 * max(1, abs(expected.logit)), "synset \(offset): \(shortcut) vs \(expected.logit)")
            let probability = GraphClassifierWeights.probability(logit: logit, logSumExp: reference.logsumexp)
            #expect(abs(probability - expected.probability) < 1e-4, "synset \(offset)")
            compared += 1
        }
        #expect(compared == 4)
    }

    @Test func damagedFilesAreRefusedNamingTheFile() throws {
        let folder = try TemporaryFolder()
        let data = try Data(contentsOf: Self.file)
        for (name, bytes) in [("truncated.bin", data.prefix(data.count - 7)), ("foreign.bin", Data("PNG!".utf8) + data.dropFirst(4)),
                              ("empty.bin", Data())] {
            let url = folder.url.appendingPathComponent(name)
            try bytes.write(to: url)
            #expect {
                _ = try GraphClassifierWeights(contentsOf: url)
            } throws: { error in
                "\(error)".contains(url.path)
            }
        }
        #expect(throws: GraphClassifierWeights.LoadError.self) { _ = try GraphClassifierWeights(contentsOf: folder.url.appendingPathComponent("missing.bin")) }
    }

    @Test func namesFarFromKnownClassesUseTheirPredictedWeights() throws {
        let resolver = try NameResolver.installed()
        // No known category above or beneath: the graph alone.
        let cone = resolver.meaning(ofName: "traffic cone")
        #expect(cone.route == .graph && cone.graphState.count == 256, "traffic cone: \(cone.route)")
        #expect(resolver.explain(try Vocabulary(parsing: "traffic cone"))[0].summary.contains("predicted from WordNet"))
        // Beneath a distant category: its evidence or their own weights, whichever says more.
        for name in ["coin", "pagoda", "license plate"] {
            let meaning = resolver.meaning(ofName: name)
            #expect(meaning.route == .hyponym && meaning.graphState.count == 256, "\(name): \(meaning.route)")
        }
        // Known classes keep their routes; unknown words keep word similarity.
        #expect(resolver.meaning(ofName: "dog").route == .subtree)
        #expect(resolver.meaning(ofName: "dog").graphState.isEmpty)
        #expect(resolver.meaning(ofName: "glorptastic").route == .words)
    }

    /// A hyponym never scores less than its category's evidence did without the graph.
    @Test func aHyponymScoresAtLeastItsCategorysEvidence() throws {
        let resolver = try NameResolver.installed()
        let weights = try #require(resolver.graph?.weights)
        var meaning = resolver.meaning(ofName: "pagoda")
        let posterior = (0..<1000).map { Float($0 % 7) / Float(7 * 1000) }
        let projection = weights.projection(of: (0..<1280).map { Float(($0 * 37) % 11) / 11 })
        let evidence = WordNetNamer.Evidence(imageNet: posterior, colours: [Float](repeating: 0, count: 11),
                                             graphProjection: projection, logSumExp: 4)
        let withGraph = WordNetNamer.score(meaning, evidence: evidence, proposal: nil, wordScore: 0)
        meaning.graphState = []
        let without = WordNetNamer.score(meaning, evidence: evidence, proposal: nil, wordScore: 0)
        #expect(withGraph >= without)
        #expect(withGraph == max(without, WordNetNamer.graphProbability(resolver.meaning(ofName: "pagoda"), evidence)))
    }

    @Test func withoutTheWeightsSuchNamesKeepWordSimilarity() throws {
        let installed = try NameResolver.installed()
        let resolver = NameResolver(wordNet: installed.wordNet, imageNet: installed.imageNet, coco: installed.coco, chinese: nil,
                                    graph: LazyGraphClassifierWeights(nil))
        #expect(resolver.meaning(ofName: "traffic cone").route == .words)
        #expect(resolver.meaning(ofName: "coin").graphState.isEmpty)
    }
}
