import Foundation
@testable import GlimpseSearch
import GlimpseGeometry

/// Reads the golden files written by scripts/fixtures/make_search_fixtures.py (NumPy).
enum SearchFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func load<T: Decodable>(_ name: String, as type: T.Type) -> T {
        let data = try! Data(contentsOf: folder.appendingPathComponent(name))
        return try! JSONDecoder().decode(T.self, from: data)
    }

    struct ExactCase: Decodable {
        let dimension: Int
        let k: Int
        let gallery: [Float]
        let queries: [Float]
        let indices: [[Int]]
        let distances: [[Double]]
    }

    struct FusionCase: Decodable {
        let parts: [[Float]]
        let fused: [Double]
    }

    struct MatchCase: Decodable {
        struct GalleryEntry: Decodable {
            let item: String, path: String, frame: Int, box: [Double], score: Float
        }
        struct Box: Decodable {
            let group: String, image: String, box: [Double], score: Float, nearest: Int, distance: Float
        }
        struct Match: Decodable {
            let group: String, item: String, distance: Double, image: String, imageBox: [Double]
            let galleryPath: String, frame: Int, frameBox: [Double]
        }
        let closestFraction: Double, frequentFraction: Double, maxDistance: Double
        let gallery: [GalleryEntry]
        let boxes: [Box]
        let matches: [Match]
    }

    static let exactCases = load("exact_search.json", as: [ExactCase].self)
    static let fusionCases = load("fusion.json", as: [FusionCase].self)
    static let matchCases = load("match_cases.json", as: [MatchCase].self)
}

extension Box {
    init(_ values: [Double]) { self.init(x1: values[0], y1: values[1], x2: values[2], y2: values[3]) }
}
