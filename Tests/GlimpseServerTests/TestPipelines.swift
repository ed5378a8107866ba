import Foundation
import Glimpse
import GlimpseGeometry
import GlimpseImage
import GlimpseSearch
import Synchronization

/// A tagging model whose scores are known in advance: entry i of the vocabulary scores
/// 0.1 × (i + 1) on every view, so the last entry is the best. Records how many views
/// (whole image + windows) each call embedded.
final class RecordingTaggingModel: TaggingModel {
    private let state = Mutex<(prepared: [[String]], views: [Int])>(([], []))

    var preparedVocabularies: [[String]] { state.withLock { $0.prepared } }
    var viewCounts: [Int] { state.withLock { $0.views } }

    var embeddingModelID: String { "test-tagging" }
    var embeddingDimension: Int { 2 }

    func prepare(_ vocabulary: Vocabulary) async throws -> PreparedVocabulary {
        state.withLock { $0.prepared.append(vocabulary.phrases) }
        return PreparedVocabulary(vocabulary: vocabulary, textModelID: "test", embeddings: Self.unitRows(vocabulary.count))
    }

    func embeddings(for images: [Image]) async throws -> Matrix<Float> {
        state.withLock { $0.views.append(images.count) }
        return Self.unitRows(images.count)
    }

    func scores(fromEmbeddings embeddings: Matrix<Float>, vocabulary: PreparedVocabulary) throws -> Matrix<Float> {
        let row = vocabulary.vocabulary.entries.indices.map { min(1, 0.1 * Float($0 + 1)) }
        return Matrix(rows: embeddings.rows, columns: row.count, values: (0..<embeddings.rows).flatMap { _ in row })
    }

    func captionEmbeddings(_ captions: [String]) async throws -> Matrix<Float> { Self.unitRows(captions.count) }

    /// `count` rows of [1, 0].
    static func unitRows(_ count: Int) -> Matrix<Float> {
        Matrix(rows: count, columns: 2, values: (0..<count).flatMap { _ in [1, 0] })
    }
}

/// An embedder whose vector is the picture's shape, [width, height, 1], so a test can
/// compute the normalised answer by hand.
struct ShapeEmbedder: Glimpse.ImageEmbedder {
    var signature: EmbedderSignature { EmbedderSignature(id: "test-shape", dimension: 3) }

    func embed(_ images: [Image]) async throws -> Matrix<Float> {
        Matrix(rows: images.count, columns: 3, values: images.flatMap { [Float($0.width), Float($0.height), 1] })
    }
}

/// A three-product gallery in the `ShapeEmbedder`'s space: a wide, a square and a tall picture.
enum TestGallery {
    static let shapes: [(item: String, width: Float, height: Float)] = [("wide", 64, 16), ("square", 32, 32), ("tall", 16, 64)]
    /// Where the gallery's files lie on the (pretend) server: absolute, as the index records them.
    static let root = "/srv/glimpse/shop"

    static func search() -> ProductSearch {
        let rows = shapes.map { shape -> [Float] in
            let vector: [Float] = [shape.width, shape.height, 1]
            let norm = vector.map { $0 * $0 }.reduce(0, +).squareRoot()
            return vector.map { $0 / norm }
        }
        let origins = shapes.map {
            VectorOrigin(item: $0.item, path: "\(root)/gallery/\($0.item).png", frame: nil,
                         box: Box(x1: 0, y1: 0, x2: Double($0.width), y2: Double($0.height)), score: 1)
        }
        // Building a 3-row in-memory gallery only fails if the search library is broken.
        let gallery = Gallery(embedder: ShapeEmbedder().signature, origins: origins,
                              matrix: try! Matrix<Float>(columns: 3, rowArrays: rows))
        let session = SearchSession(searcher: try! GallerySearcher(gallery: gallery, name: "test gallery", method: .exact),
                                    embedder: ShapeEmbedder())
        return ProductSearch(session: session, cropper: ProductCropper(options: CropOptions(detect: false), detector: nil))
    }
}
