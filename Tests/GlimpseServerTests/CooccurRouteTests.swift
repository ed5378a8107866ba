import Foundation
import Glimpse
import GlimpseServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `/v1/cooccur` answers the file `glimpse cooccur` writes (the command's own comparison is in
/// GlimpseCLITests' ServeCommandTests); here its numbers against counts made by hand.
@Suite("POST /v1/cooccur")
struct CooccurRouteTests {
    static func post(_ build: (inout MultipartBody) -> Void) async throws -> TestResponse {
        var body = MultipartBody()
        build(&body)
        let buffer = body.buffer
        return try await TestServer().test { client in
            try await client.execute(uri: "/v1/cooccur", method: .post, headers: MultipartBody.headers, body: buffer)
        }
    }

    @Test("a multi-label matrix and a COCO file give P(j | i) counted by hand")
    func counts() async throws {
        // Images x {bag, shoe}, y {bag}, z {hat}: P(shoe | bag) = 1/2, P(bag | shoe) = 1, hat alone.
        let matrix = try await Self.post { body in
            body.file("annotations", filename: "train.json", contentType: "application/json",
                      Data(#"{"classes": ["bag", "shoe", "hat"], "image_ids": ["x", "y", "z"], "matrix": [[1, 1, 0], [1, 0, 0], [0, 0, 1]]}"#.utf8))
        }
        #expect(matrix.status == .ok, "\(matrix.text)")
        #expect(matrix.headers[.contentDisposition]?.contains("cooccur.json") == true)
        let counted = try CooccurrenceMatrix.decode(Data(matrix.body.readableBytesView), source: "answer")
        #expect(counted.classes == ["bag", "shoe", "hat"] && counted.counts == [2, 1, 1] && counted.images == 3)
        #expect(counted.conditional == [[1, 0.5, 0], [1, 1, 0], [0, 0, 1]])

        // The same images as COCO annotations, over a vocabulary given as classes, in its order.
        let coco = #"{"images": [{"id": 1}, {"id": 2}, {"id": 3}], "categories": [{"id": 1, "name": "bag"}, {"id": 2, "name": "shoe"}, {"id": 3, "name": "hat"}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1]}, {"id": 2, "image_id": 1, "category_id": 2, "bbox": [0, 0, 1, 1]}, {"id": 3, "image_id": 2, "category_id": 1, "bbox": [0, 0, 1, 1]}, {"id": 4, "image_id": 3, "category_id": 3, "bbox": [0, 0, 1, 1]}]}"#
        let fromCOCO = try await Self.post { body in
            body.file("annotations", filename: "instances.json", contentType: "application/json", Data(coco.utf8))
            body.field("classes", "shoe, bag, hat")
        }
        #expect(fromCOCO.status == .ok, "\(fromCOCO.text)")
        let reordered = try CooccurrenceMatrix.decode(Data(fromCOCO.body.readableBytesView), source: "answer")
        #expect(reordered.classes == ["shoe", "bag", "hat"] && reordered.conditional == [[1, 1, 0], [0.5, 1, 0], [0, 0, 1]])
    }

    @Test("no file, a class outside the vocabulary, a malformed file and unknown fields are 400 naming them")
    func refusals() async throws {
        var response = try await Self.post { $0.field("classes", "bag") }
        #expect(response.status == .badRequest && response.errorMessage?.contains("no field 'annotations'") == true, "\(response.text)")
        response = try await Self.post { body in
            body.file("annotations", filename: "train.json", contentType: "application/json",
                      Data(#"{"classes": ["bag", "hat"], "image_ids": ["x"], "matrix": [[1, 1]]}"#.utf8))
            body.field("classes", "bag")
        }
        #expect(response.status == .badRequest && response.errorMessage?.contains("train.json names classes that are not in the vocabulary: hat") == true,
                "\(response.text)")
        response = try await Self.post { $0.file("annotations", filename: "bad.json", contentType: "application/json", Data("[1".utf8)) }
        #expect(response.status == .badRequest && response.errorMessage?.contains("bad.json") == true, "\(response.text)")
        response = try await Self.post { $0.field("annotations", "{}"); $0.field("vocab", "x") }
        #expect(response.status == .badRequest && response.errorMessage?.contains("unknown field 'vocab'") == true, "\(response.text)")
    }
}
