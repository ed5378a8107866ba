import ArgumentParser
import Foundation
import Glimpse

/// `glimpse cooccur`: label co-occurrence statistics for `glimpse tag --cooccur`.
struct CooccurCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cooccur",
        abstract: "Count how labels occur together: M[i][j] = P(j | i) over an annotation file's images.",
        discussion: """
            ANNOTATIONS is a COCO file (an image's labels are its annotations' categories) or a \
            multi-label matrix as glimpse eval multilabel reads (JSON or CSV). With --classes or \
            --vocab the matrix is over those classes, and annotations of any other class are an error.

            Example: glimpse cooccur train.json --out cooccur.json
            """)

    @Argument(help: "COCO or multi-label annotation file.") var annotations: String
    @Option(help: "Where to write the matrix (JSON).") var out: String
    @OptionGroup var classOptions: ClassOptions
    @Flag(help: "Also print the matrix as JSON.") var json = false

    func run() async throws {
        let vocabulary = classOptions.isGiven ? try classOptions.vocabulary().entries.map(\.category) : nil
        let matrix = try CooccurrenceMatrix.build(annotationsPath: annotations, vocabulary: vocabulary)
        try matrix.write(to: out)
        if json {
            try printJSON(matrix, pretty: false)
            return
        }
        print("\(matrix.classes.count) classes over \(matrix.images) images -> \(out)")
        let header = ["P(col | row)"] + matrix.classes
        let rows = matrix.classes.indices.map { i in [matrix.classes[i]] + matrix.conditional[i].map { String(format: "%.2f", $0) } }
        print(Table.render(header: header, rows: rows))
    }
}
