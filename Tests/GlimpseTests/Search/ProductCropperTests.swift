import Foundation
import Glimpse
import GlimpseGeometry
import GlimpseImage
import GlimpseModels
import GlimpseSearch
import Testing

/// `--detect`: crops from the installed SSD's class-agnostic proposals on a real photo.
@Suite struct ProductCropperTests {
    let photo: Image
    let detector: SSDDetector

    init() throws {
        photo = try Image(contentsOf: URL(fileURLWithPath: "/usr/share/darknet/data/dog.jpg"))
        detector = try SSDDetector(model: ModelRegistry().model(id: "ssd-mobilenet-v2-coco"))
    }

    @Test func detectedBoxesBecomeCropsOfTheirOwnSize() async throws {
        let cropper = ProductCropper(options: CropOptions(detect: true, imageScoreThreshold: 0.5), detector: detector)
        let crops = try await cropper.crops(ofImage: photo)
        #expect(crops.count >= 2)   // at least the bicycle and the dog
        for crop in crops {
            #expect(crop.score >= 0.5 && crop.frame == nil)
            let covering = PixelRect(covering: crop.box)
            #expect(crop.image.width == covering.width && crop.image.height == covering.height)
            #expect(crop.box.x1 >= 0 && crop.box.y1 >= 0 && crop.box.x2 <= 768 && crop.box.y2 <= 576)
        }
        // A threshold no box reaches leaves nothing to embed.
        let strict = ProductCropper(options: CropOptions(detect: true, imageScoreThreshold: 1), detector: detector)
        #expect(try await strict.crops(ofImage: photo).isEmpty)
    }

    @Test func videoFramesAreDetectedAtTheShortSideAndBoxesMappedBack() async throws {
        // The same photo as a frame, detected at half size: boxes come back in frame pixels.
        let atHalf = ProductCropper(options: CropOptions(detect: true, videoScoreThreshold: 0.5, videoShortSide: 288), detector: detector)
        let full = ProductCropper(options: CropOptions(detect: true, imageScoreThreshold: 0.5), detector: detector)
        let frameCrops = try await atHalf.crops(ofFrame: photo, index: 120)
        let photoCrops = try await full.crops(ofImage: photo)
        #expect(frameCrops.allSatisfy { $0.frame == 120 })
        let best = try #require(frameCrops.max { $0.score < $1.score })
        let match = try #require(photoCrops.min {
            abs($0.box.x1 - best.box.x1) + abs($0.box.y1 - best.box.y1) < abs($1.box.x1 - best.box.x1) + abs($1.box.y1 - best.box.y1)
        })
        for (a, b) in zip(best.box.corners, match.box.corners) { #expect(abs(a - b) < 20, "\(best.box) vs \(match.box)") }
        // The crop is cut from the resized frame: about half the box's size in frame pixels.
        #expect(abs(Double(best.image.width) - (best.box.x2 - best.box.x1) / 2) <= 2)
    }
}
