import Foundation
import GlimpseGeometry
import GlimpseSearch

/// Makes adapters from what a person has: captions (text only), or a few labelled images.
public enum AdapterTraining {
    /// A head learned on caption embeddings, applied to image embeddings (texts as images).
    /// Captions are embedded by `model` into the space its images land in.
    public static func fromCaptions(_ captions: CaptionSet, model: any TaggingModel, vocabulary: PreparedVocabulary,
                                    trainer: LinearHeadTrainer, mix: Float, notes: [String: String] = [:]) async throws -> Adapter {
        guard !captions.captions.isEmpty else { throw TagError.noTrainingData("no captions to learn from") }
        let embeddings = try await model.captionEmbeddings(captions.captions.map(\.text))
        let classes = vocabulary.vocabulary.entries.map(\.category)
        guard classes == captions.classes else { throw TagError.invalidOption("captions and vocabulary list different classes") }
        let head = trainer.train(embeddings: Matrix(embeddings, columns: model.embeddingDimension).l2NormalizedRows(),
                                 targets: captions.targets,
                                 classEmbeddings: Matrix(vocabulary.embeddings, columns: model.embeddingDimension))
        return Adapter(linear: head, embeddingModel: model.embeddingModelID, dimension: model.embeddingDimension,
                       classes: classes, mix: mix, notes: notes.merging(trainer.notes) { a, _ in a })
    }

    /// A linear probe on labelled image embeddings (rows of 0/1 labels over the vocabulary).
    public static func linearProbe(embeddings: [[Float]], labels: [[Float]], model: any TaggingModel,
                                   vocabulary: PreparedVocabulary, trainer: LinearHeadTrainer, mix: Float,
                                   notes: [String: String] = [:]) throws -> Adapter {
        guard !embeddings.isEmpty else { throw TagError.noTrainingData("no labelled images to learn from") }
        let classes = vocabulary.vocabulary.entries.map(\.category)
        let head = trainer.train(embeddings: Matrix(embeddings, columns: model.embeddingDimension).l2NormalizedRows(),
                                 targets: Matrix(labels, columns: classes.count),
                                 classEmbeddings: Matrix(vocabulary.embeddings, columns: model.embeddingDimension))
        return Adapter(linear: head, embeddingModel: model.embeddingModelID, dimension: model.embeddingDimension,
                       classes: classes, mix: mix, notes: notes.merging(trainer.notes) { a, _ in a })
    }

    /// A Tip-Adapter cache of the labelled image embeddings.
    public static func cache(embeddings: [[Float]], labels: [[Float]], model: any TaggingModel, classes: [String],
                             sharpness: Float, mix: Float, notes: [String: String] = [:]) throws -> Adapter {
        guard !embeddings.isEmpty else { throw TagError.noTrainingData("no labelled images to cache") }
        let keys = Matrix(embeddings, columns: model.embeddingDimension).l2NormalizedRows().rowArrays
        return Adapter(cache: CacheAdapter(keys: keys, values: labels, sharpness: sharpness), embeddingModel: model.embeddingModelID,
                       dimension: model.embeddingDimension, classes: classes, mix: mix,
                       notes: notes.merging(["sharpness": "\(sharpness)"]) { a, _ in a })
    }

    /// Rows to learn from when only `shots` labelled images per class are wanted: for each
    /// class in turn, up to `shots` not yet chosen images that carry it, drawn with the seed.
    /// Returned sorted.
    public static func fewShot(labels: [[Float]], shots: Int, seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed)
        var order = Array(labels.indices)
        // Fisher-Yates with the project's generator, so the pick is the same everywhere.
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, generator.index(below: i + 1)) }
        var chosen = Set<Int>()
        let classes = labels.first?.count ?? 0
        for c in 0..<classes {
            var have = chosen.filter { labels[$0][c] > 0 }.count
            for row in order where have < shots && !chosen.contains(row) && labels[row][c] > 0 {
                chosen.insert(row)
                have += 1
            }
        }
        return chosen.sorted()
    }
}

extension LinearHeadTrainer {
    var notes: [String: String] {
        ["steps": "\(steps)", "learning_rate": "\(learningRate)", "l2": "\(l2)", "initial_scale": "\(initialScale)", "ema_decay": "\(emaDecay)"]
    }
}
