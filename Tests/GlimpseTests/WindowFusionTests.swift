import Foundation
import GlimpseGeometry
import Testing
@testable import Glimpse

/// Fusion of a whole-image view and two windows, each expected number computed by hand.
@Suite struct WindowFusionTests {
    // view 0 = whole image; variances over the classes: 0.09, 0.01, 0.04.
    let views = Matrix<Float>([[0.2, 0.8], [0.6, 0.4], [0.4, 0.0]], columns: 2)
    // T = 0.2 / ln 2 makes exp(s / T) = 2^(5 s): weights 2, 8, 4 (class 0) and 16, 4, 1 (class 1).
    let temperature = Float(0.2 / log(2.0))

    func expectClose(_ a: [Float], _ b: [Float]) {
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) { #expect(abs(x - y) < 1e-5, "\(a) vs \(b)") }
    }

    @Test func mean() { expectClose(WindowFusion.mean.fuse(views), [0.4, 0.4]) }
    @Test func max() { expectClose(WindowFusion.max.fuse(views), [0.6, 0.8]) }

    @Test func variance() {
        // (0.09*0.2 + 0.01*0.6 + 0.04*0.4) / 0.14 = 2/7; (0.09*0.8 + 0.01*0.4) / 0.14 = 0.076/0.14
        expectClose(WindowFusion.variance.fuse(views), [2.0 / 7, 0.076 / 0.14])
    }

    @Test func similarity() {
        // (2*0.2 + 8*0.6 + 4*0.4) / 14 = 6.8/14; (16*0.8 + 4*0.4 + 1*0) / 21 = 14.4/21
        expectClose(WindowFusion.similarity.fuse(views, temperature: temperature), [6.8 / 14, 14.4 / 21])
    }

    @Test func similarityTimesVariance() {
        // weights 0.18, 0.08, 0.16 -> 0.148/0.42; 1.44, 0.04, 0.04 -> 1.168/1.52
        expectClose(WindowFusion.similarityVariance.fuse(views, temperature: temperature), [0.148 / 0.42, 1.168 / 1.52])
    }

    @Test func flatViewsFallBackToTheMean() {
        // No view tells the classes apart (variance 0): every view counts the same.
        expectClose(WindowFusion.variance.fuse(Matrix([[0.5, 0.5], [0.3, 0.3]], columns: 2)), [0.4, 0.4])
    }

    @Test func aLoneViewIsItsOwnScore() {
        for fusion in WindowFusion.allCases { expectClose(fusion.fuse(Matrix([[0.3, 0.7]], columns: 2)), [0.3, 0.7]) }
    }
}
