import Foundation
import Testing
@testable import GlimpseEval

/// Property test: 220 random GT/DT sets (crowds, ties, empty images and categories, tiny and huge
/// boxes, >100 detections per image) scored by pycocotools; every stat must agree to 1e-9.
@Suite struct CocoOracleTests {
    static let tolerance = 1e-9

    func summary(_ c: Fixtures.CocoCase, _ parameters: DetectionEvaluationParameters) -> DetectionSummary {
        let evaluation = DetectionEvaluator.evaluate(groundTruth: c.gt, detections: c.dt, parameters: parameters)
        return DetectionSummary(evaluation, categories: c.gt.categories)
    }

    @Test func fixturesCoverEnoughCases() {
        #expect(Fixtures.cocoCases.count >= 200)
    }

    @Test func twelveStatsMatchPycocotools() {
        for c in Fixtures.cocoCases {
            let values = summary(c, .coco()).values
            for (i, (mine, reference)) in zip(values, c.stats).enumerated() {
                #expect(abs(mine - reference) <= Self.tolerance, "case \(c.case) stat \(i): \(mine) vs \(reference)")
            }
        }
    }

    @Test func perCategoryAPMatchesPycocotools() {
        for c in Fixtures.cocoCases {
            let mine = summary(c, .coco()).perCategory.map(\.averagePrecision)
            #expect(mine.count == c.perCategoryAp.count)
            for (k, (a, b)) in zip(mine, c.perCategoryAp).enumerated() {
                #expect(abs(a - b) <= Self.tolerance, "case \(c.case) category \(k): \(a) vs \(b)")
            }
        }
    }

    @Test func classAgnosticMatchesPycocotoolsWithoutCategories() {
        for c in Fixtures.cocoCases {
            let values = summary(c, .coco(classAgnostic: true)).values
            for (i, (mine, reference)) in zip(values, c.agnosticStats).enumerated() {
                #expect(abs(mine - reference) <= Self.tolerance, "case \(c.case) stat \(i): \(mine) vs \(reference)")
            }
        }
    }

    @Test func lvisFixedMatchesReference() {
        for c in Fixtures.cocoCases {
            let values = summary(c, .lvisFixed(detectionsPerCategory: c.lvisCap)).values
            #expect(values.count == c.lvisStats.count)
            for (i, (mine, reference)) in zip(values, c.lvisStats).enumerated() {
                #expect(abs(mine - reference) <= Self.tolerance, "case \(c.case) stat \(i): \(mine) vs \(reference)")
            }
        }
    }

    /// faster-coco-eval as a second, independent oracle, on the cases where it agrees with pycocotools.
    @Test func matchesFasterCocoEvalWhereItAgrees() {
        var compared = 0
        for c in Fixtures.cocoCases {
            guard let fce = c.fceStats, zip(fce, c.stats).allSatisfy({ abs($0 - $1) <= Self.tolerance }) else { continue }
            compared += 1
            let values = summary(c, .coco()).values
            for (mine, reference) in zip(values, fce) { #expect(abs(mine - reference) <= Self.tolerance, "case \(c.case)") }
        }
        #expect(compared >= 100)
    }

    @Test func summaryLinesUsePycocotoolsLayout() {
        let c = Fixtures.cocoCases[0]
        let lines = summary(c, .coco()).formattedLines
        #expect(lines.count == 12)
        #expect(lines[0].hasPrefix(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = "))
        #expect(lines[1].hasPrefix(" Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = "))
        #expect(lines[6].hasPrefix(" Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = "))
        #expect(lines[9].hasPrefix(" Average Recall     (AR) @[ IoU=0.50:0.95 | area= small | maxDets=100 ] = "))
    }
}
