import GlimpseGeometry
import Testing
@testable import GlimpseImage

/// Model inputs against Pillow + numpy reference tensors (scripts/fixtures).
struct TensorTests {
    static let cases = Fixtures.manifest.tensors.map(\.expected)

    @Test("tensors match the Pillow + numpy reference", arguments: cases)
    func matchesReference(expectedName: String) throws {
        let entry = try #require(Fixtures.manifest.tensors.first { $0.expected == expectedName })
        let image = try Image(contentsOf: Fixtures.url(entry.source))
        let filter: ResizeFilter = entry.filter == "bicubic" ? .bicubic : .bilinear
        let tensor = entry.kind == "clip"
            ? try image.clipTensor(side: entry.width, normalization: .clip)
            : try image.resizedTensor(to: Size(width: entry.width, height: entry.height), filter: filter,
                                      normalization: .clip)
        let expected = try Fixtures.floats(entry.expected)
        #expect(tensor.shape == entry.shape)
        #expect(tensor.data.count == expected.count)
        // Requirement: within one 8-bit level after normalisation, 1/255/std.
        let tolerance = Float(1.0 / 255.0) / Normalization.clip.std.min()! + 1e-6
        var worst: Float = 0
        for (a, b) in zip(tensor.data, expected) { worst = max(worst, abs(a - b)) }
        #expect(worst <= tolerance, "\(expectedName): max |diff| \(worst)")
    }

    @Test("the crop window equals resizing the whole picture and cropping")
    func windowEqualsResizeThenCrop() throws {
        let image = try Image(contentsOf: Fixtures.url("photo.png"))
        for (size, window) in [(Size(width: 298, height: 224), PixelRect(x: 37, y: 0, width: 224, height: 224)),
                               (Size(width: 100, height: 500), PixelRect(x: 0, y: 200, width: 100, height: 100)),
                               (Size(width: 333, height: 90), PixelRect(x: 10, y: 5, width: 50, height: 60))] {
            let full = try image.resized(to: size, filter: .bicubic).cropped(to: window)
            #expect(try image.resized(to: size, filter: .bicubic, window: window) == full)
        }
    }

    @Test("CLIP sizes follow torchvision's rounding")
    func clipShapes() throws {
        let wide = Image(width: 1024, height: 768, color: RGB(10, 20, 30))
        let tensor = try wide.clipTensor(side: 224)
        #expect(tensor.shape == [3, 224, 224])
        // A flat colour stays flat: every value is that channel's normalised level.
        let expectedRed = (Float(10) / 255 - 0.48145466) / 0.26862954
        #expect(tensor.data[0] == expectedRed && tensor.data[224 * 224 - 1] == expectedRed)
        let tall = Image(width: 3, height: 517, color: .white)
        #expect(try tall.clipTensor(side: 32).shape == [3, 32, 32])
        #expect(throws: ImageError.self) { try tall.clipTensor(side: 0) }
    }

    @Test("letterbox pads with 114 grey and maps boxes back")
    func letterbox() throws {
        let image = Image(width: 640, height: 480, color: RGB(200, 0, 0))
        let (boxed, transform) = try image.letterboxed(to: Size(width: 320, height: 320))
        #expect(boxed.size == Size(width: 320, height: 320))
        #expect(transform == LetterboxTransform(scale: 0.5, offsetX: 0, offsetY: 40, originalSize: image.size))
        #expect(boxed[0, 0] == .letterboxGrey && boxed[319, 39] == .letterboxGrey && boxed[0, 280] == .letterboxGrey)
        #expect(boxed[160, 40] == RGB(200, 0, 0) && boxed[160, 279] == RGB(200, 0, 0))
        let modelBox = Box(x1: 10, y1: 50, x2: 110, y2: 150)
        #expect(transform.toOriginal(modelBox) == Box(x1: 20, y1: 20, x2: 220, y2: 220))
        #expect(transform.toModel(transform.toOriginal(modelBox)) == modelBox)
        // Odd padding: Ultralytics puts the extra pixel on the right.
        let odd = try Image(width: 101, height: 100, color: .white).letterboxed(to: Size(width: 64, height: 64)).transform
        #expect(odd.offsetX == 0 && odd.offsetY == 0)
        let (tensor, _) = try image.letterboxTensor(to: Size(width: 320, height: 320))
        #expect(tensor.shape == [3, 320, 320])
        #expect(tensor.data[0] == Float(114) / 255)
    }

    @Test("batches stack tensors and reject mixed shapes")
    func batch() throws {
        let a = Image(width: 50, height: 40, color: .white), b = Image(width: 30, height: 90, color: .black)
        let batch = try ImageTensor.clipBatch([a, b], side: 16)
        #expect(batch.shape == [2, 3, 16, 16])
        #expect(Array(batch.data[0..<768]) == (try a.clipTensor(side: 16)).data)
        #expect(Array(batch.data[768...]) == (try b.clipTensor(side: 16)).data)
        #expect(throws: ImageError.self) { try ImageTensor.batch([a.tensor(), b.tensor()]) }
        #expect(throws: ImageError.self) { try ImageTensor.batch([]) }
    }
}
