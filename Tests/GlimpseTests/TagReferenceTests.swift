import Foundation
import GlimpseGeometry
import Glimpse
import GlimpseEval
import GlimpseImage
import Testing

/// `Tagger` with the default models against scripts/fixtures/make_tag_fixtures.py, an
/// independent onnxruntime + Pillow + numpy implementation of the same tagging, on three
/// Fashion-MNIST mosaics: window positions, every view's scores, both fusions, co-occurrence.
@Suite struct TagReferenceTests {
    struct Reference: Decodable {
        struct ImageCase: Decodable {
            let file: String
            let windows: [[Int]]
            let view_scores: [[Float]]
            let max: [Float]
            let similarity_variance: [Float]
            let max_cooccurrence: [Float]
        }
        let classes: [String]
        let temperature: Float
        let cooccurrence_weight: Float
        let label_sets: [[Int]]
        let labels: [[Double]]
        let similarity_variance_map: Double
        let images: [ImageCase]
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let reference = try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: fixtures.appendingPathComponent("tag_reference.json")))

    func expectClose(_ a: [Float], _ b: [Float], _ what: String, tolerance: Float = 2e-3) {
        #expect(a.count == b.count, "\(what)")
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < tolerance, "\(what): max abs diff \(worst)")
    }

    @Test func tagsAgreeWithThePythonReference() async throws {
        let r = Self.reference
        let model = try await DetectorLoader.loadSemanticTransfer()
        let vocabulary = try await model.prepare(try Vocabulary(parsing: r.classes.joined(separator: ",")))
        let cooccurrence = CooccurrenceMatrix(classes: r.classes, labelSets: r.label_sets.map(Set.init))
        func tagger(_ fusion: WindowFusion, cooccur: Bool = false) throws -> Tagger {
            try Tagger(model: model, vocabulary: vocabulary,
                       options: TagOptions(windows: TagWindows(), fusion: fusion, temperature: r.temperature,
                                           cooccurrence: cooccur ? cooccurrence : nil, cooccurrenceWeight: r.cooccurrence_weight))
        }
        #expect(r.images.count == 3)
        var fusedScores: [[Double]] = []
        for case_ in r.images {
            let image = try Image(contentsOf: Self.fixtures.appendingPathComponent("mosaics/\(case_.file)"))
            let windows = TagWindows().windows(for: Size(width: image.width, height: image.height))
            #expect(windows.map { [$0.x, $0.y, $0.width, $0.height] } == case_.windows)
            let views = try [image] + windows.map { try image.cropped(to: $0) }
            let scores = try model.scores(fromEmbeddings: try await model.embeddings(for: views), vocabulary: vocabulary)
            for (v, row) in scores.rowArrays.enumerated() { expectClose(row, case_.view_scores[v], "\(case_.file) view \(v)") }

            let max = try await tagger(.max).tag(image)
            #expect(max.windowCount == 17)
            expectClose(max.scores, case_.max, "\(case_.file) max")
            let fused = try await tagger(.similarityVariance).tag(image).scores
            expectClose(fused, case_.similarity_variance, "\(case_.file) similarity-variance")
            fusedScores.append(fused.map(Double.init))
            expectClose(try await tagger(.max, cooccur: true).tag(image).scores, case_.max_cooccurrence, "\(case_.file) co-occurrence")
        }
        // The pipeline's scores through GlimpseEval give NumPy's mAP of the reference's scores.
        let metrics = MultiLabelEvaluator.evaluate(labels: r.labels, scores: fusedScores, classes: r.classes, topK: 3)
        #expect(abs(metrics.mAP - r.similarity_variance_map) < 1e-9, "\(metrics.mAP) vs \(r.similarity_variance_map)")
    }
}
