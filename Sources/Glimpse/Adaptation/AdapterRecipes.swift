import Foundation
import GlimpseEval
import GlimpseGeometry
import GlimpseImage

/// What `glimpse adapt text` and `glimpse adapt images` compute from their inputs, shared by
/// the command (files) and the server (uploads), so both write the same adapter for the same
/// inputs. The model is the one tagging applies the adapter on (`AdapterModelChoice`).
public enum AdapterRecipes {
    /// A labelled image's adapter: a logistic head (linear probe) or a Tip-Adapter cache.
    public enum ImageKind: String, Sendable, CaseIterable { case probe, cache }

    /// `glimpse adapt text`: heads learned from captions alone, those of a captions file
    /// (`TEXT<TAB>class, class, ...` lines) and/or `compose` captions built from label
    /// combinations of up to `maxClasses` classes, drawn with `seed`.
    /// - Parameter captionsFile: the file's bytes and the name it is known by (its path, or an upload's name).
    /// - Returns: the adapter and the number of captions it learned from.
    public static func fromText(vocabulary: Vocabulary, captionsFile: (data: Data, name: String)?, compose: Int, maxClasses: Int,
                                model: any TaggingModel, trainer: LinearHeadTrainer, mix: Float,
                                seed: UInt64) async throws -> (adapter: Adapter, captions: Int) {
        let classes = vocabulary.entries.map(\.category)
        var set = CaptionSet(classes: classes)
        if let captionsFile { set.captions += try CaptionSet(data: captionsFile.data, source: captionsFile.name, classes: classes).captions }
        if compose > 0 {
            set.captions += CaptionSet.composed(classes: classes, phrases: vocabulary.phrases, count: compose,
                                                maxClasses: maxClasses, seed: seed).captions
        }
        let adapter = try await AdapterTraining.fromCaptions(
            set, model: model, vocabulary: try await model.prepare(vocabulary), trainer: trainer, mix: mix,
            notes: ["source": "text", "captions_file": captionsFile?.name ?? "", "composed": "\(compose)", "seed": "\(seed)"])
        return (adapter, set.captions.count)
    }

    /// One labelled image: its id in the label matrix (the file's name) and how to get its pixels.
    public struct LabelledImage: Sendable {
        public var id: String
        public var image: @Sendable () throws -> Image

        public init(id: String, image: @escaping @Sendable () throws -> Image) { self.id = id; self.image = image }
    }

    /// `glimpse adapt images`: the images the label matrix names (by `id`; others are left
    /// out), `shots` per class drawn with `seed` when `shots` > 0, embedded in order, then a
    /// probe or a cache. Stops between images when its task is cancelled (a server's deadline).
    /// - Parameters:
    ///   - labelsName: how the labels file is known (its path, or an upload's name), in errors and notes.
    ///   - embedded: called after each image is embedded with how many are done and of how many (a progress bar).
    public static func fromImages(_ images: [LabelledImage], labels matrix: LabelMatrix, labelsName: String, kind: ImageKind,
                                  shots: Int, sharpness: Float, model: any TaggingModel, trainer: LinearHeadTrainer, mix: Float,
                                  seed: UInt64, embedded: @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }) async throws -> Adapter {
        let rowOf = Dictionary(matrix.imageIds.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let named = images.filter { rowOf[$0.id] != nil }
        guard !named.isEmpty else {
            throw TagError.noTrainingData("none of the images is named in \(labelsName) (image ids must be file names)")
        }
        var targets = Matrix<Float>(columns: matrix.classes.count, reservingRows: named.count)
        for labelled in named { targets.append(row: matrix.values[rowOf[labelled.id]!].map(Float.init)) }
        var chosen = named
        if shots > 0 {
            let rows = AdapterTraining.fewShot(labels: targets, shots: shots, seed: seed)
            chosen = rows.map { named[$0] }
            var picked = Matrix<Float>(columns: targets.columns, reservingRows: rows.count)
            for row in rows { picked.append(row: targets[row: row]) }
            targets = picked
        }
        let vocabulary = try Vocabulary(entries: matrix.classes.map { VocabularyEntry(phrase: $0) })
        var embeddings = Matrix<Float>(columns: model.embeddingDimension, reservingRows: chosen.count)
        for labelled in chosen {
            try Task.checkCancellation()
            embeddings.append(rowsOf: try await model.embeddings(for: [try labelled.image()]))
            embedded(embeddings.rows, chosen.count)
        }
        let notes = ["source": "images", "labels": labelsName, "images": "\(chosen.count)", "shots": "\(shots)", "seed": "\(seed)"]
        switch kind {
        case .probe:
            return try AdapterTraining.linearProbe(embeddings: embeddings, labels: targets, model: model,
                                                   vocabulary: try await model.prepare(vocabulary), trainer: trainer, mix: mix, notes: notes)
        case .cache:
            return try AdapterTraining.cache(embeddings: embeddings, labels: targets, model: model, classes: matrix.classes,
                                             sharpness: sharpness, mix: mix, notes: notes)
        }
    }
}
